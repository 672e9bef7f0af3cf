"""Mail that a task sends, tried again while the SMTP server does not take it.

django-tasks runs a task once: a mail task that met a refused connection or an SMTP error
would end FAILED and its mail would be lost. A task sends inside `smtp_retry(...)`, which on
such a failure enqueues the same task again to run later (1, 2, 4 ... minutes, at most 2
hours apart) and lets this run end quietly; after MAX_ATTEMPTS the failure is raised and the
task ends FAILED. The mail goes out once: a run either hands it to the server or leaves it to
the next run. (Alert mails have their own outbox with the same timing, alerts.delivery.)
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.utils import timezone

from careerboard.core.outbox import outbox_enqueue

logger = logging.getLogger(__name__)

RETRY_FIRST = timedelta(minutes=1)
RETRY_LONGEST = timedelta(hours=2)
MAX_ATTEMPTS = 12  # about 10 hours of trying
SMTP_FAILURES = (smtplib.SMTPException, OSError)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt."""
    return min(RETRY_FIRST * 2 ** (attempts - 1), RETRY_LONGEST)


@contextmanager
def smtp_retry(task: Any, *args: Any, attempt: int) -> Iterator[None]:
    """Send mail inside this; `task(*args, attempt=attempt + 1)` runs later if SMTP fails.
    `attempt` counts the runs before this one (0 for the first)."""
    try:
        yield
    except SMTP_FAILURES as error:
        failures = attempt + 1
        if failures >= MAX_ATTEMPTS or not task.get_backend().supports_defer:
            raise
        run_after = timezone.now() + retry_delay(failures)
        outbox_enqueue(task=task, args=args, kwargs={"attempt": failures}, run_after=run_after)
        logger.warning(
            "mail not sent, tried again later",
            extra={"task": task.name, "attempt": failures, "error": repr(error)},
        )
