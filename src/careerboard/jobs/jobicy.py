"""/api/v2/remote-jobs: Jobicy's Jobs API (version 2.2.18, its published OpenAPI document), so
existing Jobicy clients work with only their base URL changed. Plain JSON views, not part of the
typed v1 API; docs/api.md says what is compatible and what is not.

An error is `{"success": false, "statusCode": ..., "error": ...}` with the matching HTTP status.
An unknown parameter is an error rather than ignored (as Jobicy's contract says), so a client
with a typo learns it at once instead of reading unfiltered jobs. Filters speak Jobicy's
vocabulary (jobicy_vocabulary); our richer data stays in v1.
"""

from __future__ import annotations

import re
from datetime import UTC

from django.conf import settings
from django.http import HttpRequest, JsonResponse, QueryDict
from django.utils import timezone
from django.utils.html import strip_tags

from careerboard.jobs.jobicy_vocabulary import (
    INDUSTRIES,
    REGIONS,
    SALARY_PERIODS,
    UnknownJobicyValue,
    resolve_industry,
    resolve_region,
)
from careerboard.jobs.models import Job
from careerboard.jobs.selectors import job_search, job_statuses
from careerboard.search.query import JobQuery
from careerboard.search.selectors import InvalidCursor

API_VERSION = "2.2.18"
DEFAULT_COUNT = MAX_COUNT = 200
TAG_BYTES = (3, 50)
MAX_STATUS_IDS = 100
MAX_STATUS_ID = 2**53 - 1  # JavaScript's largest safe integer, as Jobicy's contract says
JOBS_PARAMS = ("count", "cursor", "geo", "industry", "tag", "get")
LISTS = ("locations", "industries")
EMPTY_MESSAGE = "No jobs found for the applied filters."
# Jobicy's contract: the feed may be cached an hour, a status check a minute.
FEED_CACHE = "public, max-age=3600"
STATUS_CACHE = "public, max-age=60"
# Only ASCII digits: str.isdigit() also takes "²" and other digits int() cannot read.
_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)
_STATUS_ID = re.compile(r"[1-9][0-9]{0,15}", re.ASCII)


class BadRequest(Exception):
    pass


def _json(body: dict, *, status: int = 200, cache: str = "no-store") -> JsonResponse:
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    # A public, read-only feed: any site may read it from the browser.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = cache
    return response


def _error(message: str, status: int) -> JsonResponse:
    response = _json({"success": False, "statusCode": status, "error": message}, status=status)
    if status == 405:
        response["Allow"] = "GET"
    return response


def _documentation_url() -> str:
    return f"{settings.SITE_URL}/api/v1/docs"


def _single(params: QueryDict, name: str) -> str:
    values = params.getlist(name)
    if len(values) > 1:
        raise BadRequest(f"Give {name} once.")
    return values[0].strip() if values else ""


def _check_params(params: QueryDict, allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise BadRequest(f"Unknown parameter: {', '.join(unknown)}. Allowed: {', '.join(allowed)}.")


def _count(params: QueryDict) -> int:
    """Jobicy's page size: any integer, clamped to 1-200; anything else is a 400."""
    raw = _single(params, "count")
    if not raw:
        return DEFAULT_COUNT
    if not _INTEGER.fullmatch(raw):
        raise BadRequest("The 'count' parameter must be a number.")
    digits = raw.lstrip("+-").lstrip("0") or "0"
    if raw.startswith("-") or digits == "0":
        return 1
    # Past a few digits it is over the maximum (and int() of thousands of digits would raise).
    return MAX_COUNT if len(digits) > 6 else min(int(digits), MAX_COUNT)


def _tag(params: QueryDict) -> str:
    tag = strip_tags(_single(params, "tag")).strip()
    low, high = TAG_BYTES
    if tag and not low <= len(tag.encode()) <= high:
        raise BadRequest(f"The 'tag' parameter must be {low} to {high} characters.")
    return tag


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _names(terms) -> list[str]:
    return [term.name for term in terms.all()]


def job_as_jobicy(job: Job) -> dict:
    """One job in the Jobicy shape (the job's taxonomies are expected prefetched)."""
    regions = _names(job.regions)
    levels = _names(job.levels)
    item: dict = {
        "id": job.pk,
        "url": _absolute(job.get_absolute_url()),
        "jobSlug": job.slug,
        "jobTitle": job.title,
        "companyName": job.company.name,
        "companyLogo": job.company.logo_absolute_url or False,
        "jobIndustry": _names(job.industries),
        "jobType": _names(job.job_types),
        "jobGeo": ", ".join(regions) if regions else "Anywhere",
        "jobLevel": ", ".join(levels) if levels else "Any",
        "jobExcerpt": job.excerpt,
        "jobDescription": job.description,
        "pubDate": _utc(job.published_at),
        **salary_fields(job.salary_min, job.salary_max, job.salary_currency, job.salary_period),
    }
    return item


def salary_fields(low: int | None, high: int | None, currency: str, period: str) -> dict:
    """A Jobicy job's salary fields, the period in Jobicy's words; none when unknown."""
    if low is None and high is None:
        return {}
    return {
        "salaryMin": low,
        "salaryMax": high,
        "salaryCurrency": currency,
        "salaryPeriod": SALARY_PERIODS.get(period, period),
    }


def _utc(moment) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else ""


def _lists(kind: str) -> JsonResponse:
    if kind == "locations":
        values = [{"geoID": t.id, "geoName": t.name, "geoSlug": t.slug} for t in REGIONS.values()]
    else:
        values = [
            {"industryID": t.id, "industryName": t.name, "industrySlug": t.slug}
            for t in INDUSTRIES.values()
        ]
    return _json({kind: values, "appliedFilters": {"get": kind}}, cache=FEED_CACHE)


def remote_jobs(request: HttpRequest) -> JsonResponse:
    """GET /api/v2/remote-jobs: newest live jobs, filtered by geo, industry and tag."""
    if request.method not in ("GET", "HEAD"):
        return _error("Only GET is allowed.", 405)
    try:
        _check_params(request.GET, JOBS_PARAMS)
        kind = _single(request.GET, "get")
        if kind:
            if kind not in LISTS:
                raise BadRequest("The 'get' parameter must be either 'locations' or 'industries'.")
            if "cursor" in request.GET:
                raise BadRequest("The cursor is not accepted with get=locations or get=industries.")
            return _lists(kind)
        return _jobs_page(request.GET)
    except BadRequest as problem:
        return _error(str(problem), 400)
    except UnknownJobicyValue as problem:
        return _error(f"{problem} See ?get=locations and ?get=industries.", 400)
    except InvalidCursor as problem:
        return _error(f"{problem} Start a new request without cursor.", 400)


def _jobs_page(params: QueryDict) -> JsonResponse:
    count, tag = _count(params), _tag(params)
    geo, industry_slug = (_single(params, name).lower() for name in ("geo", "industry"))
    cursor = _single(params, "cursor")
    industry = resolve_industry(industry_slug) if industry_slug else None
    query = JobQuery(
        text=tag,
        industries=industry.ours if industry else (),
        regions=resolve_region(geo) if geo else (),
        sort="newest",
    )
    result = job_search(query=query, limit=count, cursor=cursor or None, with_facets=False)
    applied = {
        "count": count,
        "geo": geo,
        "industry": industry.slug if industry else "",
        "tag": tag,
        "cursor": cursor,
    }
    body = {
        "apiVersion": API_VERSION,
        "documentationUrl": _documentation_url(),
        "friendlyNotice": (
            "Please link back to the job's url when you show it, and fetch at most once an hour."
        ),
        "jobCount": len(result.jobs),
        "lastUpdate": _utc(result.jobs[0].published_at) if result.jobs else "",
        "nextCursor": result.next_cursor,
        "hasMore": result.next_cursor is not None,
        "appliedFilters": {name: value for name, value in applied.items() if value},
        "jobs": [job_as_jobicy(job) for job in result.jobs],
        "statusCode": 200,
        "success": True,
    }
    if not result.jobs:
        body["message"] = EMPTY_MESSAGE
    response = _json(body, cache=FEED_CACHE)
    if industry and industry.deprecated:
        response["X-Jobicy-Deprecated-Industry"] = industry.deprecated
        response["X-Jobicy-Replacement-Industry"] = industry.slug
    return response


def _status_ids(params: QueryDict) -> list[int]:
    """Jobicy's rules: 1-100 positive integers (counted before duplicates are folded), no
    signs, leading zeros, decimals or empty values; whitespace around each is ignored."""
    _check_params(params, ("ids",))
    if "ids" not in params:
        raise BadRequest("Give ids, such as ids=1,2,3.")
    values = [part.strip() for part in _single(params, "ids").split(",")]
    if len(values) > MAX_STATUS_IDS:
        raise BadRequest(f"At most {MAX_STATUS_IDS} ids at a time.")
    if not all(_STATUS_ID.fullmatch(value) for value in values):
        raise BadRequest("ids must be positive whole numbers separated by commas.")
    ids = [int(value) for value in values]
    if max(ids) > MAX_STATUS_ID:
        raise BadRequest(f"ids must be at most {MAX_STATUS_ID}.")
    return list(dict.fromkeys(ids))


def remote_jobs_status(request: HttpRequest) -> JsonResponse:
    """GET /api/v2/remote-jobs/status?ids=1,2,3: active, closed or unknown for each id."""
    if request.method not in ("GET", "HEAD"):
        return _error("Only GET is allowed.", 405)
    try:
        ids = _status_ids(request.GET)
    except BadRequest as problem:
        return _error(str(problem), 400)
    statuses = job_statuses(job_ids=ids)
    return _json(
        {
            "apiVersion": API_VERSION,
            "checkedAt": _utc(timezone.now()),
            "count": len(ids),
            "jobs": [{"id": job_id, "status": statuses.get(job_id, "unknown")} for job_id in ids],
            "statusCode": 200,
            "success": True,
        },
        cache=STATUS_CACHE,
    )
