from django.core.management.base import BaseCommand

from careerboard.jobs.services import jobs_expire


class Command(BaseCommand):
    help = "Expire jobs past their date and remind posters 5 days ahead (idempotent; run hourly)."

    def handle(self, *args, **options):
        expired, reminded = jobs_expire()
        self.stdout.write(f"Expired {expired} jobs; sent {reminded} expiry reminders.")
