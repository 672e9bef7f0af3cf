"""The consultant's in-memory index of the live jobs, and the fit score computed over all of them.

A report ranks every live job (100,000 on a large board) for one person. Reading and scoring
that many rows per request is too slow in SQL on SQLite and in Python loops; so each process
keeps the live jobs as numpy arrays: the search index's taxonomy bit sets, yearly US-dollar
salaries and publication times (search_searchentry, one row per live job), and each job's skill
ids and role ids (consultant_jobskillset) as sparse (row, id) pairs. Scoring is then a handful
of vector operations over all jobs.

Whether the live jobs changed (their count, newest publication, or skill rows) is asked at most
once per STALE_SECONDS, so a report costs no query for it in between; when they did, a thread
rebuilds the index (a second or two at 100,000 jobs) while reports keep using the one there is.
The jobs a report shows are checked to be still open when it is assembled. What a role's jobs ask for (skill demand, each job's
asked weight) is worked out once per index and role.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from django.db import connection
from django.utils import timezone

from careerboard.consultant.models import JobSkillSet

logger = logging.getLogger(__name__)

STALE_SECONDS = 60
# Tests turn this off, to see a change at once.
REBUILD_IN_BACKGROUND = True
# A job that names only a skill or two says little about fit: its skill coverage is damped as
# if it also asked for skills of this much weight that nobody is known to have.
COVERAGE_SMOOTHING = 0.3
# A skill weighs this much plus its share of the target role's postings asking for it, so
# skills the role rarely asks for still count (a posting asking for them is asking).
BASE_SKILL_WEIGHT = 0.5
RECENCY_HALF_LIFE_DAYS = 14
# Salaries paying at least this share of the expectation earn partial credit.
SALARY_TOLERANCE = 0.8
WEIGHTS = {"skills": 0.55, "level": 0.15, "salary": 0.15, "recency": 0.10, "job_type": 0.05}
NEUTRAL = 0.5  # the score of a factor the job (or the person) says nothing about


@dataclass(frozen=True)
class RoleFigures:
    """What the jobs of one role ask for: how many name each skill (by skill id), out of how
    many jobs, each skill's weight in the fit score, and each job's total asked weight."""

    counts: np.ndarray
    postings: int
    weights: np.ndarray
    asked: np.ndarray


@dataclass
class JobIndex:
    key: tuple
    checked_at: float
    job_ids: np.ndarray
    level_bits: np.ndarray
    region_bits: np.ndarray
    type_bits: np.ndarray
    salary_min: np.ndarray  # NaN when the job gives none
    salary_max: np.ndarray
    pays: np.ndarray  # the maximum, else the minimum; NaN when none
    published: np.ndarray  # Unix seconds
    # The (job, skill) pairs twice: by job (row_starts[r]:row_starts[r + 1] slices skill_ids)
    # and by skill (skill_starts[s]:skill_starts[s + 1] slices rows_by_skill).
    skill_rows: np.ndarray
    skill_ids: np.ndarray
    row_starts: np.ndarray
    rows_by_skill: np.ndarray
    skill_starts: np.ndarray
    guide_rows: np.ndarray
    guide_ids: np.ndarray
    roles: dict[int | None, RoleFigures] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.job_ids)

    @property
    def width(self) -> int:
        return len(self.skill_starts) - 1

    def skills_of(self, row: int) -> list[int]:
        return [int(i) for i in self.skill_ids[self.row_starts[row] : self.row_starts[row + 1]]]

    def role(self, guide_id: int | None) -> RoleFigures:
        """The figures of a role's jobs (all jobs when it has none), worked out once per index
        and role."""
        figures = self.roles.get(guide_id)
        if figures is None:
            mask = np.zeros(self.size, dtype=bool)
            mask[self.guide_rows[self.guide_ids == guide_id]] = True
            if not mask.any():
                mask[:] = True
            counts = np.bincount(self.skill_ids[mask[self.skill_rows]], minlength=self.width)
            postings = int(mask.sum())
            weights = BASE_SKILL_WEIGHT + (1 - BASE_SKILL_WEIGHT) * counts / max(postings, 1)
            asked = np.bincount(
                self.skill_rows, weights=weights[self.skill_ids], minlength=self.size
            )
            figures = RoleFigures(counts=counts, postings=postings, weights=weights, asked=asked)
            self.roles[guide_id] = figures
        return figures


@dataclass(frozen=True)
class Seeker:
    """What the fit score needs of a person, as the index's own terms."""

    guide_id: int  # the target role: its jobs' demand weighs the skills
    skill_ids: frozenset[int]
    level_bits: int  # the levels of the stage the person fits: a full match
    stretch_level_bits: int  # the levels one step away: half
    any_level_bits: int  # "any level" postings suit everyone
    region_bits: int  # the person's regions and every region containing them; 0 is no limit
    salary_usd: int | None
    job_type_bits: int  # 0 is no preference


@dataclass(frozen=True)
class Ranked:
    row: int
    job_id: int
    score: float
    factors: dict[str, float]


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


def _ids(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Space-separated id lists, one per row, as (row, id) pairs."""
    counts = np.fromiter((text.count(" ") + 1 if text else 0 for text in texts), dtype=np.int64)
    joined = " ".join(text for text in texts if text)
    ids = np.fromstring(joined, dtype=np.int32, sep=" ") if joined else np.zeros(0, np.int32)
    return np.repeat(np.arange(len(texts), dtype=np.int32), counts), ids


def _starts(sorted_values: np.ndarray, width: int) -> np.ndarray:
    """Where each value from 0 to width - 1 starts in a sorted array (and the end)."""
    return np.searchsorted(sorted_values, np.arange(width + 1, dtype=sorted_values.dtype))


def _build(key: tuple, now: datetime) -> JobIndex:
    epoch = (
        "CAST(EXTRACT(EPOCH FROM e.published_at) AS BIGINT)"
        if connection.vendor == "postgresql"
        else "CAST(strftime('%%s', e.published_at) AS INTEGER)"
    )
    sql = f"""
        SELECT e.job_id, e.level_bits, e.region_bits, e.type_bits,
            COALESCE(e.salary_min_usd, -1), COALESCE(e.salary_max_usd, -1), {epoch},
            COALESCE(s.skill_ids, ''), COALESCE(s.guide_ids, '')
        FROM search_searchentry e
        LEFT JOIN {JobSkillSet._meta.db_table} s ON s.job_id = e.job_id
        WHERE e.expires_at > %s
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [now])
        rows = cursor.fetchall()
    columns = list(zip(*rows, strict=True)) if rows else [()] * 9

    def salary(values: tuple) -> np.ndarray:
        array = np.array(values, dtype=np.float64)
        array[array < 0] = np.nan
        return array

    salary_min, salary_max = salary(columns[4]), salary(columns[5])
    skill_rows, skill_ids = _ids(list(columns[7]))
    guide_rows, guide_ids = _ids(list(columns[8]))
    width = int(skill_ids.max()) + 1 if len(skill_ids) else 1
    by_skill = np.argsort(skill_ids, kind="stable")
    return JobIndex(
        key=key,
        checked_at=time.monotonic(),
        job_ids=np.array(columns[0], dtype=np.int64),
        level_bits=np.array(columns[1], dtype=np.int64),
        region_bits=np.array(columns[2], dtype=np.int64),
        type_bits=np.array(columns[3], dtype=np.int64),
        salary_min=salary_min,
        salary_max=salary_max,
        pays=np.where(np.isnan(salary_max), salary_min, salary_max),
        published=np.array(columns[6], dtype=np.float64),
        skill_rows=skill_rows,
        skill_ids=skill_ids,
        row_starts=_starts(skill_rows, len(rows)),
        rows_by_skill=skill_rows[by_skill],
        skill_starts=_starts(skill_ids[by_skill], width),
        guide_rows=guide_rows,
        guide_ids=guide_ids,
    )


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


def _has_bits(values: np.ndarray, bits: int) -> np.ndarray:
    return (values & np.int64(bits)) != 0


def rank(index: JobIndex, seeker: Seeker, *, now: float, limit: int) -> list[Ranked]:
    """The `limit` best-fitting jobs the person may take, best first, with each factor's score
    (0 to 1) and the weighted total."""
    if index.size == 0:
        return []
    role = index.role(seeker.guide_id)
    shared = np.zeros(index.size)
    for skill_id in seeker.skill_ids:
        if skill_id < index.width:
            rows = index.rows_by_skill[
                index.skill_starts[skill_id] : index.skill_starts[skill_id + 1]
            ]
            shared[rows] += role.weights[skill_id]  # a job names a skill once: rows are unique
    skills = shared / (role.asked + COVERAGE_SMOOTHING)

    full = _has_bits(index.level_bits, seeker.level_bits | seeker.any_level_bits)
    stretch = _has_bits(index.level_bits, seeker.stretch_level_bits)
    level = np.where(
        index.level_bits == 0, NEUTRAL, np.where(full, 1.0, np.where(stretch, NEUTRAL, 0.0))
    )

    if seeker.salary_usd:
        ratio = index.pays / seeker.salary_usd
        partial = np.clip((ratio - SALARY_TOLERANCE) / (1 - SALARY_TOLERANCE), 0.0, 1.0)
        salary = np.where(np.isnan(index.pays), NEUTRAL, partial)
    else:
        salary = np.full(index.size, NEUTRAL)

    age_days = np.maximum(now - index.published, 0) / 86400
    recency = 0.5 ** (age_days / RECENCY_HALF_LIFE_DAYS)

    if seeker.job_type_bits:
        job_type = np.where(
            index.type_bits == 0,
            NEUTRAL,
            _has_bits(index.type_bits, seeker.job_type_bits).astype(np.float64),
        )
    else:
        job_type = np.full(index.size, NEUTRAL)

    factors = {"skills": skills, "level": level, "salary": salary, "recency": recency}
    factors["job_type"] = job_type
    total = sum(WEIGHTS[name] * values for name, values in factors.items())
    # A job the person may not take from where they live is no recommendation at all; nor is a
    # job that shares no skill with them.
    eligible = shared > 0
    if seeker.region_bits:
        eligible &= _has_bits(index.region_bits, seeker.region_bits)
    total = np.where(eligible, total, -1.0)
    count = min(limit, int(eligible.sum()))
    if count == 0:
        return []
    top = np.argpartition(-total, count - 1)[:count]
    # Best first; equal scores newest first, then by job id, so the order is stable.
    top = top[np.lexsort((-index.job_ids[top], -index.published[top], -total[top]))]
    return [
        Ranked(
            row=int(row),
            job_id=int(index.job_ids[row]),
            score=float(total[row]),
            factors={name: float(values[row]) for name, values in factors.items()},
        )
        for row in top
    ]
