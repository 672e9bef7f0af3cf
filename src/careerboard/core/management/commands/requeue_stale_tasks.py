"""Put back in the queue the tasks whose worker died while running them.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again: a
worker killed mid-task (SIGKILL, out of memory, a lost machine) leaves it RUNNING for ever, and
its effect never happens. Our tasks take seconds and are safe to run again (docs/operations.md,
"When a service fails"), so a task RUNNING for longer than --older-than is taken to be
abandoned and made READY again for the next worker.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

# Far above what any of our tasks takes (mail batches and market figures: seconds to a minute),
# so a task still running is not started a second time beside itself.
STALE_AFTER = timedelta(minutes=30)


class Command(BaseCommand):
    help = (
        "Make READY again the database-queue tasks RUNNING for longer than --older-than "
        "seconds (their worker died). Idempotent; run every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than", type=float, default=STALE_AFTER.total_seconds(), help="seconds"
        )

    def handle(self, *args, older_than: float, **options):
        if settings.TASKS_BACKEND != "database":
            self.stdout.write(f"TASKS_BACKEND={settings.TASKS_BACKEND}: nothing to do")
            return
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        cutoff = timezone.now() - timedelta(seconds=older_than)
        requeued = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lt=cutoff
        ).update(status=TaskResultStatus.READY, started_at=None)
        self.stdout.write(f"{requeued} stale task(s) queued again")
