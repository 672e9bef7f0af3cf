"""An alert's saved search: the /jobs page's URL parameters, read and checked exactly as search
reads them, and compiled once into the matching engine's criteria."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from django.http import QueryDict
from django.utils import timezone

from careerboard.alerts.criteria import Criteria
from careerboard.companies.selectors import company_ids_by_slug
from careerboard.search.filters import build_filters
from careerboard.search.params import MULTI, query_from_params
from careerboard.search.query import JobQuery, parse_text
from careerboard.taxonomy.models import Industry, JobType, Level, Region
from careerboard.taxonomy.selectors import terms_by_slug

# What an alert keeps of a search: posted-within and the sort mean nothing for new jobs.
DROPPED = ("posted_within", "sort", "page", "cursor")


@dataclass(frozen=True)
class SavedSearch:
    query: JobQuery
    params: str  # canonical URL parameters of the /jobs page
    criteria: Criteria

    @property
    def search_url(self) -> str:
        return "/jobs" + (f"?{self.params}" if self.params else "")


def _hours(minutes: int | None) -> str:
    if minutes is None:
        return ""
    hours = minutes / 60
    return str(int(hours)) if hours.is_integer() else str(hours)


def params_of(query: JobQuery) -> str:
    """The URL parameters of a query, in the /jobs page's order, without empty ones."""
    params = QueryDict(mutable=True)
    if query.text:
        params["q"] = query.text
    for name, field in MULTI.items():
        params.setlist(name, list(getattr(query, field)))
    for name, value in (
        ("salary_min", query.salary_min),
        ("salary_max", query.salary_max),
        ("tz_min", _hours(query.timezone_min)),
        ("tz_max", _hours(query.timezone_max)),
    ):
        if value not in (None, ""):
            params[name] = str(value)
    if query.featured_only:
        params["featured"] = "1"
    return params.urlencode()


def saved_search(params: QueryDict | Mapping) -> SavedSearch:
    """Read a search from /jobs parameters. Raises search's InvalidSearchParam or
    UnknownFilterValue (both ValueErrors naming the field) for what search would refuse."""
    query = replace(query_from_params(params), posted_within_days=None, sort="relevance")
    masks = build_filters(
        query, now=timezone.now(), company_ids_by_slug=company_ids_by_slug(slugs=query.companies)
    ).term_masks
    text = parse_text(query.text)
    criteria = Criteria(
        groups=tuple(tuple(term.words for term in group) for group in text.groups),
        excluded=tuple(term.words for term in text.excluded),
        industry_mask=masks.get("industry_bits", 0),
        type_mask=masks.get("type_bits", 0),
        level_mask=masks.get("level_bits", 0),
        region_mask=masks.get("region_bits", 0),
        companies=frozenset(query.companies),
        salary_min=query.salary_min,
        salary_max=query.salary_max,
        timezone_min=query.timezone_min,
        timezone_max=query.timezone_max,
        featured_only=query.featured_only,
    )
    return SavedSearch(query=query, params=params_of(query), criteria=criteria)


def saved_search_of(params: str) -> SavedSearch:
    return saved_search(QueryDict(params))


def describe(query: JobQuery) -> str:
    """A short name for a search: "python · Europe · Senior · from $100,000"."""
    parts = [query.text] if query.text else []
    for model, slugs in (
        (Industry, query.industries),
        (JobType, query.job_types),
        (Level, query.levels),
        (Region, query.regions),
    ):
        terms = terms_by_slug(model)
        parts.extend(terms[slug].name for slug in slugs if slug in terms)
    parts.extend(query.companies)
    if query.salary_min is not None:
        parts.append(f"from ${query.salary_min:,}")
    if query.salary_max is not None:
        parts.append(f"up to ${query.salary_max:,}")
    offsets = [_hours(end) for end in (query.timezone_min, query.timezone_max) if end is not None]
    if offsets:
        parts.append("UTC " + " to ".join(dict.fromkeys(offsets)))
    if query.featured_only:
        parts.append("featured")
    return " · ".join(parts)[:200] or "All remote jobs"
