"""Keeping the search index in step with the jobs: the one place that writes it.

The jobs package decides what is live and hands each live job over as an IndexedJob
(jobs.indexing); search writes the entry rows and the backend's text index from those values
alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime

from django.db import connection, transaction

from careerboard.search.backends import search_backend
from careerboard.search.backends.sqlite import merge_text_index
from careerboard.search.entries import IndexedJob
from careerboard.taxonomy.models import Region
from careerboard.taxonomy.selectors import terms_by_bit


def _anywhere_bit() -> int:
    regions = terms_by_bit(Region).items()
    return next(
        (1 << bit for bit, term in regions if isinstance(term, Region) and term.is_anywhere), 0
    )


_ENTRY_COLUMNS = (
    "job_id, doc_id, company_id, published_at, expires_at, featured, industry_bits, type_bits, "
    "level_bits, region_bits, salary_min_usd, salary_max_usd, timezone_min, timezone_max"
)
# Written with one executemany: model instances and bulk_create cost a quarter of the indexing
# CPU our process spends outside the analyzer.
ENTRY_SQL = f"INSERT INTO search_searchentry ({_ENTRY_COLUMNS}) VALUES ({', '.join(['%s'] * 14)})"


def _entry_row(job: IndexedJob) -> tuple:
    adapt = connection.ops.adapt_datetimefield_value
    return (
        job.job_id,
        job.doc_id,
        job.company_id,
        adapt(job.published_at),
        adapt(job.expires_at),
        job.featured,
        job.industry_bits,
        job.type_bits,
        job.level_bits,
        job.region_bits,
        job.salary_min_usd,
        job.salary_max_usd,
        job.timezone_min,
        job.timezone_max,
    )


def search_index_jobs(*, entries: list[IndexedJob], drop_ids: list[int]) -> None:
    """Replace these jobs' index entries: each of `entries` (a live job) is (re)indexed, and
    the jobs of `drop_ids` (no longer live) leave the index."""
    ids = [job.job_id for job in entries] + list(drop_ids)
    if not ids:
        return
    backend = search_backend()
    # A job that names no region is open to Anywhere: a region filter's terms include it.
    anywhere = _anywhere_bit()
    entries = [job if job.region_bits else replace(job, region_bits=anywhere) for job in entries]
    placeholders = ", ".join(["%s"] * len(ids))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT doc_id FROM search_searchentry WHERE job_id IN ({placeholders})", ids
        )
        gone = [row[0] for row in cursor.fetchall()]
        if gone:
            backend.remove_text(gone)
            cursor.execute(f"DELETE FROM search_searchentry WHERE job_id IN ({placeholders})", ids)
        if entries:
            cursor.executemany(ENTRY_SQL, [_entry_row(job) for job in entries])
            backend.index_text(entries)


def search_index_settle() -> None:
    """After the whole index was written at once (a rebuild, a bulk load). On SQLite: the
    text index's segments merged into one, and the planner's statistics gathered (ANALYZE)
    for every table. Measured at 100,000 jobs: a fresh FTS5 index had 10 segments, each looked
    up for every word (`react developer` 17 -> 10 ms); without statistics SQLite read a page's
    20 jobs by walking the status index of every published job to spare a sort (20-35 ms; 0.5
    ms with them). PostgreSQL's autovacuum gathers its statistics, and GIN has no segments."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        merge_text_index(cursor)
        cursor.execute("ANALYZE")


def search_clear() -> None:
    """Empty the index, entries and text (before the jobs package indexes every live job)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_searchentry")
        search_backend().clear()


# Memory for building an index of the entries in one pass after a rebuild (PostgreSQL's
# maintenance_work_mem; its default, 64MB, spills a GIN index of many jobs to disk in runs).
REBUILD_INDEX_MEMORY = "1GB"


@contextmanager
def search_rebuilding() -> Iterator[None]:
    """Empty the index for the jobs package to index every live job inside this block.

    On PostgreSQL the entries' secondary indexes (the text's GIN indexes, the page orders) are
    dropped first and built again in one pass at the end, even when the block fails: keeping a
    GIN index current row by row costs far more than building it once (docs/benchmarks.md:
    the rebuild of the 1,000,000-job board). Searches during a rebuild see only the jobs
    indexed so far, as before, now without those indexes.

    Inside a caller's transaction (a migration, a test) the indexes stay: PostgreSQL refuses to
    build one while the transaction has deferred constraint checks pending, the entries'
    foreign keys."""
    search_clear()
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        # Not the indexes behind constraints (the primary key, doc_id's uniqueness).
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(c.oid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = 'search_searchentry'::regclass "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('maintenance_work_mem', %s, true)", [REBUILD_INDEX_MEMORY]
            )
            for _, definition in indexes:
                cursor.execute(definition)


def search_tag_hours(*, since: datetime, batch: int = 5000) -> int:
    """PostgreSQL: give the hour of publication tag (search.backends.postgres_text) to the
    entries published since `since` that were written without it: indexed before migration
    search.0006, or by a server of the previous release during the deploy. In batches of job
    ids, each its own transaction, so no lock is held long. Returns how many were tagged."""
    if connection.vendor != "postgresql":
        return 0
    from careerboard.search.backends.postgres_text import ADD_HOUR_TAGS_SQL

    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(job_id), MAX(job_id) FROM search_searchentry")
        first, last = cursor.fetchone()
    tagged = 0
    for start in range(first or 0, (last or -1) + 1, batch):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(ADD_HOUR_TAGS_SQL, [start, start + batch, since])
            tagged += cursor.rowcount
    return tagged
