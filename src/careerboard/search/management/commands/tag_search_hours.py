from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from careerboard.search.services import search_tag_hours


class Command(BaseCommand):
    help = (
        "PostgreSQL: give the hour tag to search entries written without it (by the release "
        "before search migration 0006). Run once every server runs the new release."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=24,
            help="Only entries published in the last HOURS hours (default 24; 0: all).",
        )

    def handle(self, *args, **options):
        hours = options["hours"]
        since = (
            timezone.now() - timedelta(hours=hours)
            if hours
            else timezone.now() - timedelta(days=36500)
        )
        self.stdout.write(f"Tagged {search_tag_hours(since=since)} search entries.")
