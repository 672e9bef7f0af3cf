"""What /readyz checks: each part the site needs to serve, by name."""

from __future__ import annotations

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django_tasks import task_backends

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", 5)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return what was written")
    cache.delete(key)


def check_task_queue() -> None:
    # The backend itself: `default_task_backend` is a proxy, whose type names nothing.
    backend = task_backends["default"]
    name = type(backend).__name__
    if name == "RQBackend":
        from django_rq import get_connection

        for queue in backend.queues:
            get_connection(queue).ping()
    elif name == "DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()


CHECKS = {"database": check_database, "cache": check_cache, "task_queue": check_task_queue}


def readiness() -> dict[str, str]:
    """Each part's state: "ok", or the error that part raised (which may name hosts and ports:
    it is logged, and shown only to the holder of METRICS_TOKEN)."""
    states = {}
    for name, check in CHECKS.items():
        try:
            check()
            states[name] = "ok"
        except Exception as error:  # any failure means "not ready", named in the answer
            states[name] = f"{type(error).__name__}: {error}"[:300]
            logger.warning("not ready", extra={"part": name, "error": states[name]})
    return states
