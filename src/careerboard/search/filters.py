"""Turning a JobQuery's filters into SQL over search_searchentry, the same on every database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from careerboard.search.query import JobQuery
from careerboard.taxonomy.models import Industry, JobType, Level, Region, Term
from careerboard.taxonomy.selectors import TermInfo, region_with_ancestor_ids, terms_by_slug

# Every search's first condition: the job is still live (the expiry date is on the entry).
LIVE_SQL = "e.expires_at > %s"


class UnknownFilterValue(ValueError):
    def __init__(self, field: str, value: str) -> None:
        super().__init__(f"Unknown {field}: {value!r}")
        self.field = field
        self.value = value


@dataclass(frozen=True)
class Filters:
    """A query's filters as SQL: a WHERE fragment over the alias `e`, with its parameters."""

    where: str
    params: list
    # Taxonomy filters as bit masks by search-entry column (industry_bits: mask, ...), for a
    # backend that can also apply them inside its text index.
    term_masks: dict[str, int]
    # The other filters as values, for a backend that does not speak SQL (OpenSearch).
    live_at: datetime
    company_ids: tuple[int, ...] = ()
    salary_min: int | None = None
    salary_max: int | None = None
    published_since: datetime | None = None
    featured_only: bool = False
    timezone_range: tuple[int, int] | None = None  # a job's overlap must cover (low, high)

    @property
    def has_entry_filters(self) -> bool:
        """Whether a filter other than the taxonomies' and the expiry date is set: one that
        only the entry row can check, not a text index's taxonomy tags."""
        return bool(
            self.company_ids
            or self.salary_min is not None
            or self.salary_max is not None
            or self.published_since
            or self.featured_only
            or self.timezone_range
        )


def _terms(model: type[Term], field: str, slugs: tuple[str, ...]) -> list[TermInfo]:
    terms = terms_by_slug(model)
    for slug in slugs:
        if slug not in terms:
            raise UnknownFilterValue(field, slug)
    return [terms[slug] for slug in slugs]


def _mask(model: type[Term], field: str, slugs: tuple[str, ...]) -> int:
    return sum(1 << term.bit for term in _terms(model, field, slugs))


def _region_mask(slugs: tuple[str, ...]) -> int:
    # A job open to Europe is open to Germany: asking for Germany matches the region itself,
    # every region containing it, and Anywhere.
    ids = {
        a
        for term in _terms(Region, "region", slugs)
        for a in region_with_ancestor_ids(region_id=term.id)
    }
    bits = {term.id: term.bit for term in terms_by_slug(Region).values()}
    return sum(1 << bits[region_id] for region_id in ids)


def term_masks_sql(term_masks: dict[str, int]) -> tuple[list[str], list[int]]:
    """Taxonomy filters as tests of the entry's bit sets (alias e): conditions, parameters."""
    return [f"(e.{column} & %s) <> 0" for column in term_masks], list(term_masks.values())


def build_filters(
    query: JobQuery, *, now: datetime, company_ids_by_slug: Mapping[str, int] | None = None
) -> Filters:
    """Several values of one filter combine with OR (a bit-set intersection); filters with AND.
    company_ids_by_slug: the query's company slugs resolved by the caller (search reads no
    company); a slug it lacks is an unknown company."""
    clauses = [LIVE_SQL]
    params: list = [now]
    term_masks = {}
    company_ids: tuple[int, ...] = ()
    published_since = None
    timezone_range = None
    for column, model, field, slugs in (
        ("industry_bits", Industry, "industry", query.industries),
        ("type_bits", JobType, "type", query.job_types),
        ("level_bits", Level, "level", query.levels),
    ):
        if slugs:
            term_masks[column] = _mask(model, field, slugs)
    if query.regions:
        term_masks["region_bits"] = _region_mask(query.regions)
    bit_clauses, bit_params = term_masks_sql(term_masks)
    clauses += bit_clauses
    params += bit_params
    if query.companies:
        known = company_ids_by_slug or {}
        for slug in query.companies:
            if slug not in known:
                raise UnknownFilterValue("company", slug)
        company_ids = tuple(dict.fromkeys(known[slug] for slug in query.companies))
        clauses.append(f"e.company_id IN ({', '.join(['%s'] * len(company_ids))})")
        params.extend(company_ids)
    # Salary ranges overlap when each starts before the other ends; a job without a salary
    # cannot be said to fit a salary filter.
    if query.salary_min is not None:
        clauses.append("COALESCE(e.salary_max_usd, e.salary_min_usd) >= %s")
        params.append(query.salary_min)
    if query.salary_max is not None:
        clauses.append("COALESCE(e.salary_min_usd, e.salary_max_usd) <= %s")
        params.append(query.salary_max)
    if query.posted_within_days is not None:
        published_since = now - timedelta(days=query.posted_within_days)
        clauses.append("e.published_at >= %s")
        params.append(published_since)
    if query.featured_only:
        clauses.append("e.featured = %s")
        params.append(True)
    # A job that asks for no working-hours overlap suits every time zone.
    # One bound alone stands for both.
    bounds = [b for b in (query.timezone_min, query.timezone_max) if b is not None]
    if bounds:
        low, high = bounds[0], bounds[-1]
        clauses.append(
            "(e.timezone_min IS NULL OR (e.timezone_min <= %s AND e.timezone_max >= %s))"
        )
        params.extend([high, low])
        timezone_range = (low, high)
    return Filters(
        " AND ".join(clauses),
        params,
        term_masks,
        live_at=now,
        company_ids=company_ids,
        salary_min=query.salary_min,
        salary_max=query.salary_max,
        published_since=published_since,
        featured_only=query.featured_only,
        timezone_range=timezone_range,
    )
