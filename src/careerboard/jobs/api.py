"""/api/v1/jobs: search, read, post, edit and close jobs.

Search takes the parameters of the /jobs page and reads them the same way (search.params), so a
URL of the page and a call of the API find the same jobs. Writes go through jobs.services, which
decide who may do what; a draft or pending job of another company is not found (404).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from dataclasses import fields as dataclass_fields
from datetime import datetime
from typing import Literal

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer
from pydantic import field_validator

from careerboard.accounts.auth import api_auth, optional_api_auth, require_scope
from careerboard.companies.selectors import company_get_by_slug
from careerboard.core.api_errors import service_errors
from careerboard.core.api_types import WholeNumber, not_null
from careerboard.jobs import services
from careerboard.jobs.models import MAX_DESCRIPTION_LENGTH, Job
from careerboard.jobs.selectors import JobSearchResult, job_can_manage, job_get_visible, job_search
from careerboard.search.filters import UnknownFilterValue
from careerboard.search.params import InvalidSearchParam, query_from_params
from careerboard.search.query import MAX_TEXT_LENGTH, SORTS
from careerboard.search.selectors import InvalidCursor
from careerboard.taxonomy.api import TermOut
from careerboard.taxonomy.models import Industry, JobType, Level, Region, Term

router = Router(tags=["jobs"])


Sort = Literal[SORTS]  # type: ignore[valid-type]


class CompanyRefOut(Schema):
    slug: str
    name: str
    url: str

    @staticmethod
    def resolve_url(company) -> str:
        return settings.SITE_URL + company.get_absolute_url()


class SalaryOut(Schema):
    min: int | None
    max: int | None
    currency: str
    period: str


class JobSummaryOut(Schema):
    id: int
    url: str
    title: str
    slug: str
    company: CompanyRefOut
    excerpt: str
    industries: list[TermOut]
    job_types: list[TermOut]
    levels: list[TermOut]
    regions: list[TermOut] = Field(description="Empty means Anywhere.")
    salary: SalaryOut | None
    timezone_min: int | None = Field(description="UTC offset in minutes.")
    timezone_max: int | None
    featured: bool
    published_at: datetime | None
    expires_at: datetime | None
    skills: list[str] = Field(
        description="The catalog skills the job asks for (at most 8), required ones first; "
        "empty until a live job has been read."
    )

    @staticmethod
    def resolve_skills(job: Job) -> list[str]:
        return job.skill_tags

    @staticmethod
    def resolve_url(job: Job) -> str:
        return settings.SITE_URL + job.get_absolute_url()

    @staticmethod
    def resolve_salary(job: Job) -> dict | None:
        if job.salary_min is None and job.salary_max is None:
            return None
        return {
            "min": job.salary_min,
            "max": job.salary_max,
            "currency": job.salary_currency,
            "period": job.salary_period,
        }

    @staticmethod
    def resolve_industries(job: Job) -> list:
        return list(job.industries.all())

    @staticmethod
    def resolve_job_types(job: Job) -> list:
        return list(job.job_types.all())

    @staticmethod
    def resolve_levels(job: Job) -> list:
        return list(job.levels.all())

    @staticmethod
    def resolve_regions(job: Job) -> list:
        return list(job.regions.all())


class JobOut(JobSummaryOut):
    description: str = Field(description="Sanitized HTML.")
    status: str
    apply_method: str
    apply_url: str
    apply_email: str
    rejection_reason: str = Field(description="Shown to the company's members only.")

    @staticmethod
    def resolve_rejection_reason(job: Job, context) -> str:
        # The reason is the moderators' note to the employer, not public text.
        return job.rejection_reason if context["request"].can_manage_job else ""


class FacetValueOut(Schema):
    slug: str
    name: str
    count: int = Field(description="Exact, or an estimate when `estimated` (above 1,000 matches).")
    estimated: bool = Field(description="The count is estimated from a sample of the matches.")
    count_display: str = Field(description='"340", "about 3,400", or "about 3,400+" above the cap.')


class SearchOut(Schema):
    jobs: list[JobSummaryOut]
    total: int = Field(description="Exact up to 10,000; larger totals are reported as 10,001.")
    total_display: str = Field(description='"1,234", or "10,000+" above the cap.')
    suggestion: str | None = Field(
        None,
        description="With no results: the keywords with unknown words replaced by the closest "
        'known terms ("golnag" -> "golang"), to offer as "Did you mean"; else null.',
    )
    facets: dict[str, list[FacetValueOut]]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


def _terms_body(terms: Iterable) -> list[dict]:
    return [{"slug": term.slug, "name": term.name} for term in terms]


def _job_summary_body(job: Job, terms: dict[type[Term], list[Term]]) -> dict:
    company = job.company
    return {
        "id": job.id,
        "url": JobSummaryOut.resolve_url(job),
        "title": job.title,
        "slug": job.slug,
        "company": {
            "slug": company.slug,
            "name": company.name,
            "url": CompanyRefOut.resolve_url(company),
        },
        "excerpt": job.excerpt,
        "industries": _terms_body(terms[Industry]),
        "job_types": _terms_body(terms[JobType]),
        "levels": _terms_body(terms[Level]),
        "regions": _terms_body(terms[Region]),
        "salary": JobSummaryOut.resolve_salary(job),
        "timezone_min": job.timezone_min,
        "timezone_max": job.timezone_max,
        "featured": job.featured,
        "published_at": job.published_at,
        "expires_at": job.expires_at,
        "skills": JobSummaryOut.resolve_skills(job),
    }


def search_body(result: JobSearchResult) -> dict:
    """The search response (SearchOut) as plain data, read from the result as the schemas'
    resolvers read it: ninja validated each of a page's ~190 nested objects (6.7 ms of CPU a
    search), and constructing them unvalidated still took ~2 ms. The test of the v1 API checks
    it equals the validated response."""
    return {
        "jobs": [_job_summary_body(job, result.terms[job.id]) for job in result.jobs],
        "total": result.total,
        "total_display": result.total_display,
        "suggestion": result.suggestion,
        "facets": {
            name: [
                {
                    "slug": value.slug,
                    "name": value.name,
                    "count": value.count,
                    "estimated": value.estimated,
                    "count_display": value.count_display,
                }
                for value in values
            ]
            for name, values in result.facets.items()
        },
        "next_cursor": result.next_cursor,
    }


class SearchParams(Schema):
    """The filters of the /jobs page. Several values of one filter: repeat it or separate
    values by commas (OR); different filters combine with AND."""

    q: str = Field("", max_length=MAX_TEXT_LENGTH, description='Keywords, "phrases", -exclusions.')
    industry: list[str] = Field([], description="Industry slugs (see /taxonomies).")
    type: list[str] = Field([], description="Job type slugs.")
    level: list[str] = Field([], description="Level slugs.")
    region: list[str] = Field(
        [],
        description="Region slugs: matches jobs open to it, to regions containing it, and Anywhere.",
    )
    company: list[str] = Field([], description="Company slugs.")
    salary_min: int | None = Field(None, ge=0, le=10_000_000, description="US dollars per year.")
    salary_max: int | None = Field(None, ge=0, le=10_000_000, description="US dollars per year.")
    posted_within: int | None = Field(None, ge=1, le=365, description="Days.")
    featured: bool = False
    tz_min: float | None = Field(None, ge=-12, le=14, description="UTC offset in hours.")
    tz_max: float | None = Field(None, ge=-12, le=14, description="UTC offset in hours.")
    sort: Sort = "relevance"
    limit: int = Field(20, ge=1, le=100)
    cursor: str | None = Field(None, max_length=1000)


def _invalid(field: str, message: str, *, source: str) -> NinjaValidationError:
    return NinjaValidationError([{"loc": (source, field), "msg": message}])


@router.get("", response=SearchOut, summary="Search live jobs")
def jobs_search(request: HttpRequest, params: Query[SearchParams]) -> HttpResponse:
    # The schema documents and type-checks the parameters; search.params reads them exactly as
    # the web page does (comma-separated values, hours to minutes, salary order).
    try:
        query = query_from_params(request.GET)
        result = job_search(query=query, limit=params.limit, cursor=params.cursor)
    except (InvalidSearchParam, UnknownFilterValue) as problem:
        raise _invalid(problem.field, str(problem), source="query") from problem
    except InvalidCursor as problem:
        raise HttpError(400, str(problem)) from problem
    # Rendered as ninja renders the API's responses; SearchOut documents it (search_body).
    renderer = JSONRenderer()
    return HttpResponse(
        renderer.render(request, search_body(result), response_status=200),
        content_type=f"{renderer.media_type}; charset={renderer.charset}",
    )


def _job_for(request: HttpRequest, job_id: int) -> Job:
    job = job_get_visible(job_id=job_id, user=request.auth)  # type: ignore[attr-defined]
    if job is None:
        raise Http404("No such job.")
    request.can_manage_job = job_can_manage(job=job, user=request.auth)  # type: ignore[attr-defined]
    return job


@router.get("/{int:job_id}", response=JobOut, auth=optional_api_auth, summary="One job")
def job_get(request: HttpRequest, job_id: int) -> Job:
    """Anyone may read a job that has been published (also once it has ended); its company's
    members and staff also read its drafts and jobs waiting for review."""
    return _job_for(request, job_id)


class JobIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=MAX_DESCRIPTION_LENGTH, description="HTML.")
    industries: list[str] = Field([], max_length=20, description="Slugs.")
    job_types: list[str] = Field([], max_length=20, description="Slugs.")
    levels: list[str] = Field([], max_length=20, description="Slugs.")
    regions: list[str] = Field([], max_length=50, description="Slugs; none means Anywhere.")
    timezone_min: WholeNumber | None = Field(None, description="UTC offset in minutes.")
    timezone_max: WholeNumber | None = None
    salary_min: WholeNumber | None = Field(None, ge=0, le=100_000_000)
    salary_max: WholeNumber | None = Field(None, ge=0, le=100_000_000)
    salary_currency: str = Field("", max_length=3, description="ISO 4217.")
    salary_period: Literal["", "hour", "month", "year"] = ""
    apply_method: Literal["onsite", "url", "email"] = "onsite"
    apply_url: str = Field("", max_length=200)
    apply_email: str = Field("", max_length=254)


class JobCreateIn(JobIn):
    company: str = Field(max_length=200, description="Slug of a company the caller acts for.")


class JobPatchIn(Schema):
    """Only the fields sent are changed. Null clears the salary and working hours; the other
    fields have no empty value, so null is refused there."""

    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, min_length=1, max_length=MAX_DESCRIPTION_LENGTH)
    industries: list[str] | None = Field(None, max_length=20)
    job_types: list[str] | None = Field(None, max_length=20)
    levels: list[str] | None = Field(None, max_length=20)
    regions: list[str] | None = Field(None, max_length=50)
    timezone_min: WholeNumber | None = None
    timezone_max: WholeNumber | None = None
    salary_min: WholeNumber | None = Field(None, ge=0, le=100_000_000)
    salary_max: WholeNumber | None = Field(None, ge=0, le=100_000_000)
    salary_currency: str | None = Field(None, max_length=3)
    salary_period: Literal["", "hour", "month", "year"] | None = None
    apply_method: Literal["onsite", "url", "email"] | None = None
    apply_url: str | None = Field(None, max_length=200)
    apply_email: str | None = Field(None, max_length=254)

    refuse_null = field_validator(
        "title", "description", "industries", "job_types", "levels", "regions",
        "salary_currency", "salary_period", "apply_method", "apply_url", "apply_email",
    )(not_null)  # fmt: skip


class JobCloseIn(Schema):
    status: Literal["filled", "closed"]


def _job_input(data: dict) -> services.JobInput:
    return services.JobInput(
        **{f.name: data[f.name] for f in dataclass_fields(services.JobInput) if f.name in data}
    )


@router.post("", response={201: JobOut}, auth=api_auth, summary="Post a job (goes to review)")
def job_create(request: HttpRequest, payload: JobCreateIn) -> Status:
    """Creates the job and sends it to the moderation queue; it is live once staff approve it.
    Needs the write scope and membership of the company."""
    require_scope(request, "write")
    company = company_get_by_slug(slug=payload.company)
    if company is None:
        raise _invalid("company", f"Unknown company: {payload.company!r}.", source="body")
    with service_errors(), transaction.atomic():
        job = services.job_create(company=company, by=request.auth, data=_job_input(payload.dict()))  # type: ignore[attr-defined]
        services.job_submit(job=job, by=request.auth)  # type: ignore[attr-defined]
    return Status(201, _job_for(request, job.pk))


@router.patch("/{int:job_id}", response=JobOut, auth=api_auth, summary="Change a job")
def job_update(request: HttpRequest, job_id: int, payload: JobPatchIn) -> Job:
    """A published job goes back to review after a change."""
    require_scope(request, "write")
    job = _job_for(request, job_id)
    data = {**asdict(services.job_input_of(job=job)), **payload.dict(exclude_unset=True)}
    with service_errors():
        services.job_update(job=job, by=request.auth, data=_job_input(data))  # type: ignore[attr-defined]
    return _job_for(request, job_id)


@router.post(
    "/{int:job_id}/close", response=JobOut, auth=api_auth, summary="Mark a job filled or closed"
)
def job_close(request: HttpRequest, job_id: int, payload: JobCloseIn) -> Job:
    require_scope(request, "write")
    job = _job_for(request, job_id)
    with service_errors():
        services.job_end(job=job, by=request.auth, status=payload.status)  # type: ignore[attr-defined]
    return _job_for(request, job_id)
