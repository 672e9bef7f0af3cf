"""Forget finished tasks older than a few days, in the queue of TASKS_BACKEND."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Prune finished task results older than --min-age-days: the task table's rows "
        "(TASKS_BACKEND=database), or RQ's failed-job registry (TASKS_BACKEND=rq; RQ drops "
        "successful results by itself after minutes). Idempotent; run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--min-age-days", type=int, default=7)

    def handle(self, *args, min_age_days: int, **options):
        if settings.TASKS_BACKEND == "database":
            call_command(
                "prune_db_task_results",
                "--queue-name",
                "*",
                "--min-age-days",
                str(min_age_days),
                stdout=self.stdout,
            )
        elif settings.TASKS_BACKEND == "rq":
            pruned = self.prune_rq_failures(before=datetime.now(UTC) - timedelta(days=min_age_days))
            self.stdout.write(f"Pruned {pruned} failed task(s) from RQ.")

    def prune_rq_failures(self, *, before: datetime) -> int:
        # RQ would keep a failed job for a year; /metrics counts those on record.
        import django_rq
        from django_tasks import default_task_backend
        from rq.job import Job

        pruned = 0
        for name in default_task_backend.queues:
            queue = django_rq.get_queue(name)
            registry = queue.failed_job_registry
            job_ids = registry.get_job_ids()
            for job_id, job in zip(
                job_ids, Job.fetch_many(job_ids, connection=queue.connection), strict=True
            ):
                if job is None or (job.ended_at is not None and job.ended_at < before):
                    registry.remove(job_id, delete_job=job is not None)
                    pruned += 1
        return pruned
