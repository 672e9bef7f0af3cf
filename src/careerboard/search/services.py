"""Keeping the search index in step with the jobs: the one place that writes it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db import connection, transaction
from django.utils import timezone

from careerboard.jobs.models import Job
from careerboard.jobs.salary import PERIODS_PER_YEAR
from careerboard.search.backends import IndexedJob, search_backend

CHUNK = 2000

# Yearly US dollars from a job's salary, through the exchange-rates table: one SQL expression
# for both ends of the range, built from the same periods table as jobs.salary.yearly_usd.
_PER_YEAR = (
    "CASE j.salary_period "
    + " ".join(f"WHEN '{period}' THEN {factor}" for period, factor in PERIODS_PER_YEAR.items())
    + " END"
)


def _bits(through: str, column: str, taxonomy_table: str) -> str:
    return (
        f"(SELECT COALESCE(SUM(CAST(1 AS BIGINT) << t.bit), 0) FROM {through} x "
        f"JOIN {taxonomy_table} t ON t.id = x.{column} WHERE x.job_id = j.id)"
    )


_ANYWHERE_BIT = "(SELECT CAST(1 AS BIGINT) << bit FROM taxonomy_region WHERE kind = 'anywhere')"
ENTRY_SQL = f"""
INSERT INTO search_searchentry (
    job_id, doc_id, company_id, published_at, expires_at, featured,
    industry_bits, type_bits, level_bits, region_bits,
    salary_min_usd, salary_max_usd, timezone_min, timezone_max
)
SELECT j.id, ({{epoch}} * 16777216) + (j.id %% 16777216), j.company_id, j.published_at, j.expires_at, j.featured,
    {_bits("jobs_job_industries", "industry_id", "taxonomy_industry")},
    {_bits("jobs_job_job_types", "jobtype_id", "taxonomy_jobtype")},
    {_bits("jobs_job_levels", "level_id", "taxonomy_level")},
    COALESCE(NULLIF({_bits("jobs_job_regions", "region_id", "taxonomy_region")}, 0), {_ANYWHERE_BIT}),
    CAST(j.salary_min * r.usd_per_unit * {_PER_YEAR} AS INTEGER),
    CAST(j.salary_max * r.usd_per_unit * {_PER_YEAR} AS INTEGER),
    j.timezone_min, j.timezone_max
FROM jobs_job j
LEFT JOIN jobs_exchangerate r ON r.currency = j.salary_currency
WHERE j.id IN ({{ids}}) AND j.status = 'published' AND j.expires_at > %s
"""


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    chunk: list[int] = []
    for job_id in ids:
        chunk.append(job_id)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def search_index_jobs(*, job_ids: Iterable[int]) -> None:
    """Bring these jobs' index entries up to date: live jobs are (re)indexed, others leave."""
    backend = search_backend()
    for chunk in _chunks(job_ids):
        placeholders = ", ".join(["%s"] * len(chunk))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT doc_id FROM search_searchentry WHERE job_id IN ({placeholders})", chunk
            )
            gone = [row[0] for row in cursor.fetchall()]
            if gone:
                backend.remove_text(gone)
                cursor.execute(
                    f"DELETE FROM search_searchentry WHERE job_id IN ({placeholders})", chunk
                )
            cursor.execute(
                ENTRY_SQL.format(ids=placeholders, epoch=backend.EPOCH_SQL),
                [*chunk, timezone.now()],
            )
            cursor.execute(
                f"SELECT job_id, doc_id, industry_bits, type_bits, level_bits, region_bits "
                f"FROM search_searchentry WHERE job_id IN ({placeholders})",
                chunk,
            )
            live = [IndexedJob(*row) for row in cursor.fetchall()]
            if live:
                backend.index_text(live)


def search_rebuild() -> int:
    """Index every live job from scratch; returns how many are searchable."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_searchentry")
        search_backend().clear()
    ids = (
        Job.objects.filter(status=Job.Status.PUBLISHED).order_by("id").values_list("id", flat=True)
    )
    search_index_jobs(job_ids=ids.iterator(chunk_size=CHUNK))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM search_searchentry")
        return cursor.fetchone()[0]
