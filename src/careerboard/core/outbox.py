"""Enqueue background tasks without ever losing one: the task outbox.

A service that wants a task run after its change (a mail, a recount) calls

    outbox_enqueue(task=mail_password_reset, args=(user.pk,))

inside the change's transaction (or outside any, where it commits at once). That writes a
`TaskOutbox` row in the same transaction, so the task exists exactly when the change does;
once the transaction commits the row is relayed to the queue (django-tasks' `enqueue`) and
deleted. When the queue cannot take it (Redis unreachable under RQ), the request still
succeeds: the row stays and is relayed again, with a backoff of at most RELAY_BACKOFF_MAX, by
the `scheduler` process (every RELAY_EVERY) or `manage.py relay_task_outbox` from cron, as soon
as the queue is back. A task is enqueued at least once: only a relayer that dies between the
queue's acceptance and the row's deletion makes it go twice, which is why tasks are safe to
run again (docs/operations.md).

Never call `some_task.enqueue(...)` from a service: use this.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from careerboard.core.models import TaskOutbox

logger = logging.getLogger(__name__)

# A relayer that took rows and died leaves them for this long.
RELAY_LEASE = timedelta(seconds=30)
RELAY_BACKOFF_FIRST = timedelta(seconds=2)
RELAY_BACKOFF_MAX = timedelta(minutes=1)
# How often the scheduler looks for rows left behind.
RELAY_EVERY = timedelta(seconds=5)
RELAY_BATCH = 500


def outbox_claim(
    entries: QuerySet[Any], *, now: datetime, lease: timedelta, limit: int, **changes: Any
) -> list[int]:
    """Take the due rows among `entries` (an OutboxEntry queryset) for one worker: their
    `next_attempt_at` moves to the end of the lease (with `changes` written too), so no other
    worker takes them meanwhile, and a worker that dies leaves them due again after the lease.
    Returns the taken rows' ids, oldest due first."""
    # Row locks on PostgreSQL; on SQLite the transaction itself is exclusive (IMMEDIATE).
    with transaction.atomic():
        taken = list(
            entries.select_for_update(skip_locked=True)
            .filter(next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        entries.model.objects.filter(pk__in=taken).update(next_attempt_at=now + lease, **changes)
    return taken


def outbox_lease_renew(
    entries: QuerySet[Any], *, ids: Sequence[int], now: datetime, lease: timedelta
) -> None:
    """The worker holding these rows (among `entries`) is alive and still at work on them."""
    entries.filter(pk__in=ids).update(next_attempt_at=now + lease)


def relay_backoff(attempts: int) -> timedelta:
    return min(RELAY_BACKOFF_FIRST * 2 ** (attempts - 1), RELAY_BACKOFF_MAX)


def outbox_enqueue(
    *,
    task: Any,
    args: Sequence[Any] = (),
    kwargs: dict[str, Any] | None = None,
    run_after: datetime | None = None,
) -> None:
    """Run `task(*args, **kwargs)` on a worker (not before `run_after`) once the current
    transaction commits; never lost, even when the queue is down (see the module's text)."""
    entry = TaskOutbox.objects.create(
        task=task.module_path,
        args=list(args),
        kwargs=kwargs or {},
        run_after=run_after,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: _relay_quietly(ids=[entry.pk]))


def _relay_quietly(*, ids: Sequence[int]) -> None:
    # After the commit the change stands: a relay that fails must not turn it into an error.
    try:
        outbox_relay(ids=ids)
    except Exception:
        logger.exception("task outbox: relay failed; the scheduler tries again")


def outbox_relay(*, ids: Sequence[int] | None = None, now: datetime | None = None) -> int:
    """Hand the due outbox rows (or the due ones among `ids`) to the queue, deleting each the
    queue took. Stops at the first the queue refuses, which is tried again after a backoff;
    the others it took wait for the end of their lease. Returns how many were enqueued."""
    now = now or timezone.now()
    entries = TaskOutbox.objects.all() if ids is None else TaskOutbox.objects.filter(pk__in=ids)
    taken = outbox_claim(entries, now=now, lease=RELAY_LEASE, limit=RELAY_BATCH)
    relayed = 0
    for entry in TaskOutbox.objects.filter(pk__in=taken).order_by("pk"):
        try:
            task = import_string(entry.task)
            if entry.run_after is not None:
                task = task.using(run_after=entry.run_after)
            task.enqueue(*entry.args, **entry.kwargs)
        except Exception as error:  # whatever the queue raised: it has not taken the task
            TaskOutbox.objects.filter(pk=entry.pk).update(
                attempts=F("attempts") + 1,
                last_error=repr(error)[:1000],
                next_attempt_at=timezone.now() + relay_backoff(entry.attempts + 1),
            )
            logger.warning(
                "task outbox: the queue did not take a task; it stays in the outbox",
                extra={"task": entry.task, "attempt": entry.attempts + 1, "error": repr(error)},
            )
            break
        entry.delete()
        relayed += 1
    return relayed
