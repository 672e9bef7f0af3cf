from django.core.management.base import BaseCommand

from careerboard.consultant.services import job_skills_refresh


class Command(BaseCommand):
    help = (
        "Find the skills of published jobs that have none yet, changed since, or were read with "
        "an older skill catalog (idempotent; the scheduler runs it every 5 minutes)."
    )

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        count = job_skills_refresh()
        self.stdout.write(f"{count} jobs indexed")
