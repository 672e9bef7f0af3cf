from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from careerboard.core.schedule import PERIODIC_COMMANDS


class Command(BaseCommand):
    help = "Enqueue the periodic commands for the worker at their intervals (see core/schedule.py)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Enqueue every command once and exit."
        )

    def handle(self, *args, once: bool, **options):
        from careerboard.core.tasks import run_periodic_command

        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        # Everything is due at start: the commands are idempotent, and a restart should not
        # postpone a daily job by another day.
        due_at = dict.fromkeys(PERIODIC_COMMANDS, 0.0)
        while not stopping:
            now = time.monotonic()
            for name, job in PERIODIC_COMMANDS.items():
                if due_at[name] <= now:
                    run_periodic_command.enqueue(name)
                    self.stdout.write(f"scheduler: enqueued {name}")
                    due_at[name] = now + job.every.total_seconds()
            close_old_connections()
            if once:
                return
            time.sleep(1)
