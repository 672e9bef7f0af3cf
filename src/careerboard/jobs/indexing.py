"""What search indexes of the jobs: the live ones, handed over as search's IndexedJob values.

Search is an engine the jobs package feeds (docs/architecture.md): it never reads the jobs'
tables. Every job service that changes what search shows calls `job_search_sync`, and
`manage.py rebuild_search_index` calls `job_search_rebuild`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from careerboard.core.batches import batched
from careerboard.core.html import html_to_text
from careerboard.jobs.models import Job
from careerboard.jobs.salary import exchange_rates, yearly_usd
from careerboard.search.entries import IndexedJob
from careerboard.search.services import search_index_jobs, search_index_settle, search_rebuilding

CHUNK = 2000


def _term_bits(relation: str, job_ids: list[int]) -> dict[int, int]:
    """job id -> the set of Term.bit of its terms in one taxonomy (one query)."""
    through = getattr(Job, relation).through
    target = getattr(Job, relation).field.m2m_reverse_field_name()
    bits: dict[int, int] = {}
    rows = through.objects.filter(job_id__in=job_ids, **{f"{target}__bit__isnull": False})
    for job_id, bit in rows.values_list("job_id", f"{target}__bit"):
        bits[job_id] = bits.get(job_id, 0) | 1 << bit
    return bits


def job_index_entries(*, job_ids: list[int], now: datetime) -> list[IndexedJob]:
    """The live jobs among these (published, not expired at `now`) as search indexes them."""
    rows = list(
        Job.objects.filter(
            id__in=job_ids,
            status=Job.Status.PUBLISHED,
            published_at__isnull=False,
            expires_at__gt=now,
        )
        .order_by()
        .values_list(
            "id",
            "company_id",
            "published_at",
            "expires_at",
            "featured",
            "salary_min",
            "salary_max",
            "salary_currency",
            "salary_period",
            "timezone_min",
            "timezone_max",
            "title",
            "company__name",
            "description",
        )
    )
    if not rows:
        return []
    live = [row[0] for row in rows]
    industries, job_types, levels, regions = (
        _term_bits(relation, live) for relation in ("industries", "job_types", "levels", "regions")
    )
    rates = exchange_rates()
    entries = []
    for (
        job_id,
        company_id,
        published_at,
        expires_at,
        featured,
        salary_min,
        salary_max,
        currency,
        period,
        timezone_min,
        timezone_max,
        title,
        company_name,
        description,
    ) in rows:
        assert published_at is not None and expires_at is not None  # (filtered above)
        entries.append(
            IndexedJob(
                job_id=job_id,
                company_id=company_id,
                published_at=published_at,
                expires_at=expires_at,
                featured=featured,
                industry_bits=industries.get(job_id, 0),
                type_bits=job_types.get(job_id, 0),
                level_bits=levels.get(job_id, 0),
                region_bits=regions.get(job_id, 0),
                salary_min_usd=yearly_usd(salary_min, currency, period, rates),
                salary_max_usd=yearly_usd(salary_max, currency, period, rates),
                timezone_min=timezone_min,
                timezone_max=timezone_max,
                title=title,
                company_name=company_name,
                description=html_to_text(description),
            )
        )
    return entries


def job_search_sync(*, job_ids: Iterable[int]) -> int:
    """Bring search in step with these jobs: the live ones are (re)indexed, the others leave.
    Returns how many are searchable."""
    searchable = 0
    for chunk in batched(job_ids, CHUNK):
        entries = job_index_entries(job_ids=chunk, now=timezone.now())
        live = {entry.job_id for entry in entries}
        search_index_jobs(entries=entries, drop_ids=[i for i in chunk if i not in live])
        searchable += len(entries)
    return searchable


def job_search_rebuild() -> int:
    """Index every live job from scratch, in order of publication (as jobs are indexed when
    they are published, so the newest jobs' entries stay together: search.backends.postgres);
    returns how many are searchable."""
    with search_rebuilding():
        ids = Job.objects.filter(status=Job.Status.PUBLISHED).order_by("published_at", "id")
        searchable = job_search_sync(
            job_ids=ids.values_list("id", flat=True).iterator(chunk_size=CHUNK)
        )
    search_index_settle()
    return searchable
