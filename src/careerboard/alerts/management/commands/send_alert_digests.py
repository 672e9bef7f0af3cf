from django.core.management.base import BaseCommand

from careerboard.alerts.delivery import alert_records_prune, alerts_send_digests
from careerboard.alerts.models import Alert


class Command(BaseCommand):
    help = (
        "Mail this period's digest to every daily or weekly alert that has not had it, one mail "
        "per person (idempotent; run hourly: a second run in the same day or week sends nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency", required=True, choices=[Alert.Frequency.DAILY, Alert.Frequency.WEEKLY]
        )

    def handle(self, *args, frequency: str, **options):
        queued = alerts_send_digests(frequency=frequency)
        alert_records_prune()
        self.stdout.write(f"Queued {queued} {frequency} digest mails.")
