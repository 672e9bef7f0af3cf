"""The worker of TASKS_BACKEND, so deployments and `serve` start workers one way."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from rq import SimpleWorker


class TaskWorker(SimpleWorker):
    """Runs each task in this process rather than in a fork per task: no fork's cost per task,
    and prometheus-client's multiprocess files stay one set per worker instead of one per task.
    Stale database connections are dropped around each task, as Django does around a request."""

    def execute_job(self, job, queue):  # type: ignore[no-untyped-def]
        close_old_connections()
        try:
            return super().execute_job(job, queue)
        finally:
            close_old_connections()


class Command(BaseCommand):
    help = (
        "Run background tasks until stopped: from Redis with TASKS_BACKEND=rq, from the task "
        "table with TASKS_BACKEND=database. Start as many as the load needs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="Run what is queued, then exit.")

    def handle(self, *args, burst: bool, **options):
        if settings.TASKS_BACKEND == "rq":
            import django_rq
            from django_tasks import default_task_backend

            worker = django_rq.get_worker(
                *sorted(default_task_backend.queues),
                job_class="django_tasks_rq.backend.Job",
                # django-rq's annotation says rq.Worker, but takes any RQ worker class.
                worker_class=TaskWorker,  # type: ignore[arg-type]
            )
            # The scheduler moves deferred tasks (alert mail retries) to the queue when due;
            # RQ lets one worker at a time do it.
            worker.work(burst=burst, with_scheduler=True, logging_level="INFO")
        elif settings.TASKS_BACKEND == "database":
            call_command("db_worker", "--interval", "1", *(["--batch"] if burst else []))
        else:
            raise CommandError(f"TASKS_BACKEND={settings.TASKS_BACKEND} has no queue to work on")
