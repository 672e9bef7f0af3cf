"""The consultant's in-memory index of the live jobs, kept fresh in each process.

A report ranks every live job (100,000 on a large board) for one person. Reading and scoring
that many rows per request is too slow in SQL on SQLite and in Python loops; so each process
keeps the live jobs as numpy arrays (consultant.scoring.JobIndex, scored there): the search
index's taxonomy bit sets, yearly US-dollar salaries and publication times (search_searchentry,
one row per live job), and each job's skill ids and role ids (consultant_jobskillset).

Whether the live jobs changed (their count, newest publication, or skill rows) is asked at most
once per STALE_SECONDS, so a report costs no query for it in between; when they did, a thread
rebuilds the index (a second or two at 100,000 jobs) while reports keep using the one there is.
The jobs a report shows are checked to be still open when it is assembled. What a role's jobs
ask for (skill demand, each job's asked weight) is worked out once per index and role.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime

from django.db import connection
from django.utils import timezone

from careerboard.consultant.models import JobSkillSet
from careerboard.consultant.scoring import JobIndex, index_from_rows

logger = logging.getLogger(__name__)

STALE_SECONDS = 60
# Tests turn this off, to see a change at once.
REBUILD_IN_BACKGROUND = True

_lock = threading.Lock()
_index: JobIndex | None = None
_rebuilding = False


def _freshness_key() -> tuple:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*), MAX(published_at) FROM search_searchentry")
        entries = tuple(cursor.fetchone())
        cursor.execute(
            f"SELECT COUNT(*), MAX(indexed_at) FROM {JobSkillSet._meta.db_table}"  # noqa: S608
        )
        skill_sets = tuple(cursor.fetchone())
    return entries + skill_sets


def _build(key: tuple, now: datetime) -> JobIndex:
    epoch = (
        "CAST(EXTRACT(EPOCH FROM e.published_at) AS BIGINT)"
        if connection.vendor == "postgresql"
        else "CAST(strftime('%%s', e.published_at) AS INTEGER)"
    )
    # The columns of scoring.ROW_COLUMNS.
    sql = f"""
        SELECT e.job_id, e.level_bits, e.region_bits, e.type_bits,
            COALESCE(e.salary_min_usd, -1), COALESCE(e.salary_max_usd, -1), {epoch},
            COALESCE(s.skill_ids, ''), COALESCE(s.guide_ids, ''), COALESCE(s.nice_ids, '')
        FROM search_searchentry e
        LEFT JOIN {JobSkillSet._meta.db_table} s ON s.job_id = e.job_id
        WHERE e.expires_at > %s
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [now])
        rows = cursor.fetchall()
    return index_from_rows(rows, key=key, checked_at=time.monotonic())


def job_index() -> JobIndex:
    """This process's index of the live jobs. Whether they changed is asked at most once per
    STALE_SECONDS (two aggregate queries); when they did, a thread rebuilds the index while
    reports go on using the one there is. Only the first report of a process waits for it."""
    global _index, _rebuilding
    with _lock:
        current = _index
        if current is not None and time.monotonic() - current.checked_at < STALE_SECONDS:
            return current
        key = _freshness_key()
        if current is not None and current.key == key:
            current.checked_at = time.monotonic()
            return current
        if current is None or not REBUILD_IN_BACKGROUND:
            _index = _build(key, timezone.now())
            return _index
        current.checked_at = time.monotonic()
        if not _rebuilding:
            _rebuilding = True
            threading.Thread(target=_rebuild, args=(key,), daemon=True).start()
        return current


def _rebuild(key: tuple) -> None:
    global _index, _rebuilding
    try:
        index = _build(key, timezone.now())
        with _lock:
            _index = index
    except Exception:
        logger.exception("consultant job index rebuild failed")
    finally:
        connection.close()  # the thread's own connection
        with _lock:
            _rebuilding = False


def job_index_forget() -> None:
    """Drop this process's index (tests, and after a catalog change in a shell)."""
    global _index
    with _lock:
        _index = None
