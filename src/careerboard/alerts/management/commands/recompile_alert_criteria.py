from django.core.management.base import BaseCommand

from careerboard.alerts.services import alerts_recompile_criteria


class Command(BaseCommand):
    help = (
        "Compile again the saved searches of alerts compiled by an older search analyzer or "
        "vocabulary (idempotent; run after each deploy, and hourly by the scheduler)."
    )

    def handle(self, *args, **options):
        compiled = alerts_recompile_criteria()
        self.stdout.write(f"Compiled {compiled} alerts again.")
