from django.core.management.base import BaseCommand

from careerboard.alerts.delivery import alert_mails_requeue_stalled, alerts_send_instant


class Command(BaseCommand):
    help = (
        "Mail the jobs that went live since the last run to instant alerts, one mail per person, "
        "and requeue mails whose sending stalled (idempotent; run every 30 seconds)."
    )

    def handle(self, *args, **options):
        queued = alerts_send_instant()
        requeued = alert_mails_requeue_stalled()
        self.stdout.write(f"Queued {queued} instant alert mails; requeued {requeued} stalled.")
