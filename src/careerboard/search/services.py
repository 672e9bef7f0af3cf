"""Keeping the search index in step with the jobs: the one place that writes it.

The jobs package decides what is live and hands each live job over as an IndexedJob
(jobs.indexing); search writes the entry rows and the backend's text index from those values
alone.
"""

from __future__ import annotations

from dataclasses import replace

from django.db import connection, transaction

from careerboard.search.backends import search_backend
from careerboard.search.entries import IndexedJob
from careerboard.search.models import SearchEntry
from careerboard.taxonomy.models import Region
from careerboard.taxonomy.selectors import terms_by_bit


def _anywhere_bit() -> int:
    regions = terms_by_bit(Region).items()
    return next(
        (1 << bit for bit, term in regions if isinstance(term, Region) and term.is_anywhere), 0
    )


def _entry(job: IndexedJob) -> SearchEntry:
    return SearchEntry(
        job_id=job.job_id,
        doc_id=job.doc_id,
        company_id=job.company_id,
        published_at=job.published_at,
        expires_at=job.expires_at,
        featured=job.featured,
        industry_bits=job.industry_bits,
        type_bits=job.type_bits,
        level_bits=job.level_bits,
        region_bits=job.region_bits,
        salary_min_usd=job.salary_min_usd,
        salary_max_usd=job.salary_max_usd,
        timezone_min=job.timezone_min,
        timezone_max=job.timezone_max,
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
            SearchEntry.objects.bulk_create([_entry(job) for job in entries])
            backend.index_text(entries)


def search_clear() -> None:
    """Empty the index, entries and text (before the jobs package indexes every live job)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_searchentry")
        search_backend().clear()
