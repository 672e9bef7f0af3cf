from __future__ import annotations

from django.core.management.base import BaseCommand

from careerboard.core.outbox import outbox_relay


class Command(BaseCommand):
    help = (
        "Hand the tasks waiting in the task outbox (the queue was down when they were made) to "
        "the queue. The scheduler does this every few seconds; run it from cron without it."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{outbox_relay()} task(s) relayed")
