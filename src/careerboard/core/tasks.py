from __future__ import annotations

from django.core.management import call_command
from django_tasks import task

from careerboard.core.schedule import PERIODIC_COMMANDS


@task()
def run_periodic_command(name: str) -> None:
    """Run one of the scheduled management commands on the worker (each is idempotent)."""
    job = PERIODIC_COMMANDS[name]
    call_command(job.command, *job.args)
