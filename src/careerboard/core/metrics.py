"""Prometheus metrics, served at /metrics (docs/operations.md, "Metrics").

Where the figures live. gunicorn runs several worker processes and the task worker is another
process, so a counter kept in one process's memory would show whichever process answered the
scrape. In production every process of a machine is started with the same
PROMETHEUS_MULTIPROC_DIR: prometheus-client's multiprocess mode keeps each process's counters and
histograms in small files there, and /metrics adds up the files of every process of that machine
(those of processes that have exited included, so counters never go back). Without that
variable (tests, a single process) the figures are the answering process's own.

The task queue's depth and failed tasks are read from the queue itself (Redis or the task table)
at scrape time, so they are live and the same whichever process answers; so is the task
outbox's backlog (tasks the queue has not taken yet, core/outbox.py). While the queue cannot be
reached its two series are absent, and the outbox's grows.
"""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django_tasks import task_backends
from django_tasks.base import TaskResult
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from careerboard.core.models import TaskOutbox

logger = logging.getLogger(__name__)

REQUEST_DURATION = Histogram(
    "careerboard_http_request_duration_seconds",
    "Time to answer a request, by route name, method and status code.",
    ["route", "method", "status"],
)
TASKS_FINISHED = Counter(
    "careerboard_tasks_finished_total",
    "Background tasks run to the end, by task and outcome (SUCCESSFUL or FAILED).",
    ["task", "status"],
)
ALERT_MATCHES = Counter(
    "careerboard_alert_matches_total",
    "New jobs matched to alerts and queued for mailing (one per alert and job).",
    ["frequency"],
)
ALERT_MAILS_SENT = Counter(
    "careerboard_alert_mails_sent_total",
    "Alert mails the SMTP server accepted.",
)
SEARCH_DURATION = Histogram(
    "careerboard_search_duration_seconds",
    "Time of one job search in the search backend (total, facets and page).",
    ["backend"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0),
)
OWN_METRICS = (REQUEST_DURATION, TASKS_FINISHED, ALERT_MATCHES, ALERT_MAILS_SENT, SEARCH_DURATION)


def observe_request(request: HttpRequest, status: int, seconds: float) -> None:
    match = getattr(request, "resolver_match", None)
    # Route names, never paths: a path holds ids and slugs, and each would be a new series.
    route = (match.view_name or match.route) if match is not None else "unmatched"
    REQUEST_DURATION.labels(route=route, method=request.method, status=str(status)).observe(seconds)


def task_finished(sender: object, task_result: TaskResult, **kwargs: object) -> None:
    """django-tasks' `task_finished` signal, sent in the worker by both backends."""
    TASKS_FINISHED.labels(task=task_result.task.module_path, status=task_result.status.value).inc()


class TaskQueueCollector(Collector):
    """The queue's state, read when scraped."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        yield GaugeMetricFamily(
            "careerboard_task_outbox_waiting",
            "Tasks written by a change but not yet taken by the queue (it was unreachable).",
            value=TaskOutbox.objects.count(),
        )
        try:
            states = _queue_states()
        except Exception as error:  # an unreachable queue must not take /metrics down with it
            logger.warning("metrics: the task queue cannot be read", extra={"error": repr(error)})
            return
        depth = GaugeMetricFamily(
            "careerboard_task_queue_depth",
            "Tasks waiting for a worker, due now (deferred retries not counted).",
            labels=["queue"],
        )
        failed = GaugeMetricFamily(
            "careerboard_task_queue_failed",
            "Failed tasks on record (RQ's failed-job registry, or the task table's failed rows "
            "until prune_task_results removes them, 7 days on).",
            labels=["queue"],
        )
        for queue, (ready, failures) in states.items():
            depth.add_metric([queue], ready)
            failed.add_metric([queue], failures)
        yield depth
        yield failed


def _queue_states() -> dict[str, tuple[int, int]]:
    """Queue name -> (tasks ready to run, failed tasks on record)."""
    backend = task_backends["default"]  # the backend itself, not django-tasks' proxy
    queues = sorted(backend.queues)
    if type(backend).__name__ == "RQBackend":
        import django_rq

        states = {}
        for name in queues:
            queue = django_rq.get_queue(name)
            states[name] = (queue.count, queue.failed_job_registry.count)
        return states
    if type(backend).__name__ == "DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        return {
            name: (
                DBTaskResult.objects.ready().filter(queue_name=name).count(),
                DBTaskResult.objects.failed().filter(queue_name=name).count(),
            )
            for name in queues
        }
    return {}  # the immediate backend queues nothing


def metrics_text() -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        for metric in OWN_METRICS:
            registry.register(metric)
    registry.register(TaskQueueCollector())
    return generate_latest(registry)


def metrics_allowed(request: HttpRequest) -> bool:
    """Only a scraper holding METRICS_TOKEN as a bearer token; with no token set, nobody."""
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(token) and hmac.compare_digest(given.encode(), token.encode())


def metrics_response() -> HttpResponse:
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_LATEST)
