from __future__ import annotations

import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from careerboard.core.outbox import RELAY_EVERY, outbox_relay
from careerboard.core.schedule import PERIODIC_COMMANDS

logger = logging.getLogger(__name__)

# A command the queue did not take is offered again this soon, not a whole interval later.
ENQUEUE_RETRY_SECONDS = 5.0


class Command(BaseCommand):
    help = (
        "Enqueue the periodic commands for the worker at their intervals (see core/schedule.py) "
        "and relay the task outbox to the queue (core/outbox.py)."
    )

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
        relay_due_at = 0.0
        while not stopping:
            now = time.monotonic()
            # The queue or the database may be down for a while: the scheduler outlives that,
            # and what it could not do now it does once they are back.
            for name, job in PERIODIC_COMMANDS.items():
                if due_at[name] <= now:
                    try:
                        run_periodic_command.enqueue(name)
                    except Exception as error:
                        logger.warning(
                            "scheduler: the queue did not take a periodic command",
                            extra={"command": name, "error": repr(error)},
                        )
                        due_at[name] = now + ENQUEUE_RETRY_SECONDS
                        continue
                    self.stdout.write(f"scheduler: enqueued {name}")
                    due_at[name] = now + job.every.total_seconds()
            if relay_due_at <= now:
                relay_due_at = now + RELAY_EVERY.total_seconds()
                try:
                    relayed = outbox_relay()
                except Exception as error:
                    logger.warning("scheduler: outbox relay failed", extra={"error": repr(error)})
                else:
                    if relayed:
                        self.stdout.write(f"scheduler: relayed {relayed} task(s) from the outbox")
            close_old_connections()
            if once:
                return
            time.sleep(1)
