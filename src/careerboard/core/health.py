"""What /readyz checks: each part the site needs to serve, by name."""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import connection
from django_tasks import default_task_backend


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
    backend = default_task_backend
    name = type(backend).__name__
    if name == "RQBackend":
        from django_rq import get_connection

        get_connection("default").ping()
    elif name == "DatabaseBackend":
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()


CHECKS = {"database": check_database, "cache": check_cache, "task_queue": check_task_queue}


def readiness() -> dict[str, str]:
    """Each part's state: "ok", or the error that part raised."""
    states = {}
    for name, check in CHECKS.items():
        try:
            check()
            states[name] = "ok"
        except Exception as error:  # any failure means "not ready", named in the answer
            states[name] = f"{type(error).__name__}: {error}"[:300]
    return states
