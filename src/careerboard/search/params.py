"""Reading a search from request parameters, the same way for the web page, the API and feeds."""

from __future__ import annotations

from collections.abc import Mapping

from django.http import QueryDict

from careerboard.core.text import ascii_int
from careerboard.search.query import MAX_TEXT_LENGTH, SORTS, JobQuery

MULTI = {
    "industry": "industries",
    "type": "job_types",
    "level": "levels",
    "region": "regions",
    "company": "companies",
}
SEARCH_PARAMS = {
    "q",
    *MULTI,
    "salary_min",
    "salary_max",
    "posted_within",
    "featured",
    "tz_min",
    "tz_max",
    "sort",
}


class InvalidSearchParam(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _values(params: QueryDict | Mapping, name: str) -> tuple[str, ...]:
    raw = params.getlist(name) if isinstance(params, QueryDict) else [params.get(name) or ""]
    values: list[str] = []
    for item in raw:
        for value in str(item).split(","):
            value = value.strip().lower()
            if value and value not in values:
                values.append(value)
    if len(values) > 50:
        raise InvalidSearchParam(name, f"At most 50 values of {name}.")
    return tuple(values)


def _integer(params, name: str, low: int, high: int) -> int | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    number = ascii_int(value)
    if number is None:
        raise InvalidSearchParam(name, f"{name} must be a whole number.")
    if not low <= number <= high:
        raise InvalidSearchParam(name, f"{name} must be between {low} and {high}.")
    return number


def _hours_to_minutes(params, name: str) -> int | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    try:
        hours = float(value)
    except ValueError:
        raise InvalidSearchParam(
            name, f"{name} must be a UTC offset in hours, such as -5 or 5.5."
        ) from None
    if not -12 <= hours <= 14:
        raise InvalidSearchParam(name, f"{name} must be between -12 and 14.")
    return round(hours * 60)


def query_from_params(params: QueryDict | Mapping, *, default_sort: str = "relevance") -> JobQuery:
    """A JobQuery from request parameters; InvalidSearchParam names the first bad one."""
    text = (params.get("q") or "").strip()
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidSearchParam("q", f"Keywords are limited to {MAX_TEXT_LENGTH} characters.")
    sort = (params.get("sort") or default_sort).strip().lower()
    if sort not in SORTS:
        raise InvalidSearchParam("sort", f"sort must be one of {', '.join(SORTS)}.")
    featured = (params.get("featured") or "").strip().lower()
    if featured not in ("", "0", "1", "true", "false", "on"):
        raise InvalidSearchParam("featured", "featured must be true or false.")
    salary_min = _integer(params, "salary_min", 0, 10_000_000)
    salary_max = _integer(params, "salary_max", 0, 10_000_000)
    if salary_min is not None and salary_max is not None and salary_min > salary_max:
        raise InvalidSearchParam("salary_max", "salary_max must not be below salary_min.")
    return JobQuery(
        text=text,
        **{field: _values(params, name) for name, field in MULTI.items()},
        salary_min=salary_min,
        salary_max=salary_max,
        posted_within_days=_integer(params, "posted_within", 1, 365),
        featured_only=featured in ("1", "true", "on"),
        timezone_min=_hours_to_minutes(params, "tz_min"),
        timezone_max=_hours_to_minutes(params, "tz_max"),
        sort=sort,
    )
