"""/api/v2/remote-jobs: the Jobicy feed format that remote job boards share, so existing clients
work unchanged. Plain JSON views, not part of the typed v1 API; docs/api.md describes them.

Every answer carries `success` and `statusCode`; an error is `{"success": false, "error": ...}`
with the matching HTTP status. An unknown parameter is an error rather than ignored, so a client
with a typo learns it at once instead of reading unfiltered jobs.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, JsonResponse, QueryDict

from careerboard.jobs.models import Job
from careerboard.jobs.selectors import job_last_published_at, job_statuses
from careerboard.search.filters import UnknownFilterValue
from careerboard.search.query import MAX_TEXT_LENGTH, JobQuery
from careerboard.search.selectors import InvalidCursor, job_search
from careerboard.taxonomy.models import Industry, Region
from careerboard.taxonomy.selectors import terms_by_slug

API_VERSION = "2"
DEFAULT_COUNT, MAX_COUNT = 50, 100
MAX_STATUS_IDS = 100
JOBS_PARAMS = ("count", "geo", "industry", "tag", "cursor", "get")
LISTS = ("locations", "industries")


class BadRequest(Exception):
    pass


def _error(message: str, status: int) -> JsonResponse:
    return _json({"success": False, "statusCode": status, "error": message}, status=status)


def _json(body: dict, *, status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    # A public, read-only feed: any site may read it from the browser.
    response["Access-Control-Allow-Origin"] = "*"
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
    raw = _single(params, "count")
    if not raw:
        return DEFAULT_COUNT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_COUNT:
        raise BadRequest(f"count must be a whole number from 1 to {MAX_COUNT}.")
    return int(raw)


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
        "companyLogo": _absolute(job.company.logo.url) if job.company.logo else False,
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
    """A Jobicy job's salary fields; none when the salary is unknown."""
    if low is None and high is None:
        return {}
    return {"salaryMin": low, "salaryMax": high, "salaryCurrency": currency, "salaryPeriod": period}


def _utc(moment) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _lists(kind: str) -> JsonResponse:
    if kind == "locations":
        values = [
            {"geoID": t.id, "geoName": t.name, "geoSlug": t.slug}
            for t in terms_by_slug(Region).values()
        ]
    else:
        values = [
            {"industryID": t.id, "industryName": t.name, "industrySlug": t.slug}
            for t in terms_by_slug(Industry).values()
        ]
    return _json({"apiVersion": API_VERSION, "success": True, "statusCode": 200, kind: values})


def remote_jobs(request: HttpRequest) -> JsonResponse:
    """GET /api/v2/remote-jobs: newest live jobs, filtered by geo, industry and tag."""
    if request.method not in ("GET", "HEAD"):
        return _error("Only GET is allowed.", 405)
    try:
        _check_params(request.GET, JOBS_PARAMS)
        kind = _single(request.GET, "get")
        if kind:
            if kind not in LISTS:
                raise BadRequest(f"get must be one of: {', '.join(LISTS)}.")
            return _lists(kind)
        count = _count(request.GET)
        geo, industry, tag = (
            _single(request.GET, name).lower() for name in ("geo", "industry", "tag")
        )
        if len(tag) > MAX_TEXT_LENGTH:
            raise BadRequest(f"tag is limited to {MAX_TEXT_LENGTH} characters.")
        query = JobQuery(
            text=tag,
            industries=(industry,) if industry else (),
            regions=(geo,) if geo else (),
            sort="newest",
        )
        result = job_search(
            query=query,
            limit=count,
            cursor=_single(request.GET, "cursor") or None,
            with_facets=False,
        )
    except BadRequest as problem:
        return _error(str(problem), 400)
    except UnknownFilterValue as problem:
        name = {"region": "geo"}.get(problem.field, problem.field)
        return _error(
            f"Unknown {name}: {problem.value!r}. See ?get=locations and ?get=industries.", 400
        )
    except InvalidCursor as problem:
        return _error(f"{problem} Start again without a cursor.", 400)
    applied = {"count": count, "geo": geo, "industry": industry, "tag": tag}
    return _json(
        {
            "apiVersion": API_VERSION,
            "documentationUrl": _documentation_url(),
            "friendlyNotice": (
                "Please link back to the job's url when you show it, and fetch at most once an hour."
            ),
            "jobCount": len(result.jobs),
            "lastUpdate": _utc(job_last_published_at()),
            "nextCursor": result.next_cursor,
            "hasMore": result.next_cursor is not None,
            "appliedFilters": {name: value for name, value in applied.items() if value},
            "jobs": [job_as_jobicy(job) for job in result.jobs],
            "statusCode": 200,
            "success": True,
        }
    )


def remote_jobs_status(request: HttpRequest) -> JsonResponse:
    """GET /api/v2/remote-jobs/status?ids=1,2,3: active, closed or unknown for each id."""
    if request.method not in ("GET", "HEAD"):
        return _error("Only GET is allowed.", 405)
    try:
        _check_params(request.GET, ("ids",))
        raw = [part.strip() for part in _single(request.GET, "ids").split(",") if part.strip()]
        if not raw:
            raise BadRequest("Give ids, such as ids=1,2,3.")
        if len(raw) > MAX_STATUS_IDS:
            raise BadRequest(f"At most {MAX_STATUS_IDS} ids at a time.")
        if not all(part.isdigit() and len(part) <= 18 for part in raw):
            raise BadRequest("ids must be whole numbers separated by commas.")
    except BadRequest as problem:
        return _error(str(problem), 400)
    ids = list(dict.fromkeys(int(part) for part in raw))
    statuses = job_statuses(job_ids=ids)
    return _json(
        {
            "apiVersion": API_VERSION,
            "jobs": [{"id": job_id, "status": statuses.get(job_id, "unknown")} for job_id in ids],
            "statusCode": 200,
            "success": True,
        }
    )
