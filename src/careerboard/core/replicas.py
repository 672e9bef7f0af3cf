"""Read replicas: which database a query goes to (docs/operations.md, "Read replicas").

With DATABASE_REPLICA_URLS set, the databases are `default` (the primary) and `replica_0`,
`replica_1`, ... A read goes to a replica only when all of these hold:

- it is made while serving a GET or HEAD request (the worker, the scheduler, commands and every
  POST read the primary: a service reads what it is about to change, and must not read it stale);
- it reads a model of the public job board (jobs, search, companies, taxonomy, guides): what
  search, listings and guides show, where a second of lag is harmless; accounts, sessions,
  billing, alerts and applications always read the primary;
- no write happened earlier in this request, and the client has not written within the last
  DATABASE_REPLICA_PIN_SECONDS (a cookie the response to a write sets), since the replica may
  not have replayed the write yet: a person who just changed something sees the change;
- no transaction is open on the primary (its reads belong with its writes).

Each request reads one replica, picked at random, so its reads are one consistent view. A
replica that cannot be reached is left alone for REPLICA_RETRY_SECONDS and its reads go to the
primary meanwhile: a replica's outage costs nothing but the primary's load.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

REPLICA_APPS = frozenset({"jobs", "search", "companies", "taxonomy", "guides"})
PIN_COOKIE = "cb_primary"
REPLICA_RETRY_SECONDS = 10
# alias -> time.monotonic() until which that replica is not tried (per process).
_replica_down_until: dict[str, float] = {}


@dataclass
class _Routing:
    replica: str | None  # the alias this request may read from; None: the primary only
    wrote: bool = False
    replica_checked: bool = False


# Per request (each gunicorn thread has its own context); unset outside requests.
_routing: ContextVar[_Routing | None] = ContextVar("careerboard_db_routing", default=None)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


def _reachable(alias: str) -> bool:
    """Connects to the replica (or checks its kept connection) once per request."""
    if _replica_down_until.get(alias, 0.0) > time.monotonic():
        return False
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as error:
        _replica_down_until[alias] = time.monotonic() + REPLICA_RETRY_SECONDS
        logger.warning(
            "read replica unreachable; reading the primary",
            extra={"alias": alias, "error": repr(error)},
        )
        return False
    return True


class ReplicaRouter:
    """Writes, migrations and most reads go to the primary; see the module docstring."""

    def db_for_read(self, model, **hints) -> str:  # type: ignore[no-untyped-def]
        routing = _routing.get()
        if (
            routing is None
            or routing.replica is None
            or routing.wrote
            or model._meta.app_label not in REPLICA_APPS
            or connections["default"].in_atomic_block
        ):
            return "default"
        if not routing.replica_checked:
            routing.replica_checked = True
            if not _reachable(routing.replica):
                routing.replica = None
                return "default"
        return routing.replica

    def db_for_write(self, model, **hints) -> str:  # type: ignore[no-untyped-def]
        routing = _routing.get()
        if routing is not None:
            routing.wrote = True
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:  # type: ignore[no-untyped-def]
        # Every alias holds the same data: a job read from a replica may be saved with a
        # company read from the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:  # type: ignore[no-untyped-def]
        return db == "default"


def _pinned(request: HttpRequest) -> bool:
    try:
        return float(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False


class ReplicaRoutingMiddleware:
    """Lets the reads of a GET or HEAD request use a replica, unless this client wrote within
    the pin window; after a write, sets the cookie that keeps its next reads on the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        replicas = replica_aliases()
        if not replicas:
            return self.get_response(request)
        may_use_replica = request.method in ("GET", "HEAD") and not _pinned(request)
        routing = _Routing(replica=random.choice(replicas) if may_use_replica else None)
        token = _routing.set(routing)
        try:
            response = self.get_response(request)
        finally:
            _routing.reset(token)
        if routing.wrote:
            seconds = settings.DATABASE_REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                f"{time.time() + seconds:.0f}",
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
