from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from careerboard.companies.models import Company, Membership
from careerboard.companies.selectors import company_ids_by_slug, company_is_member
from careerboard.jobs.models import Job
from careerboard.search.query import JobQuery
from careerboard.search.selectors import SearchResult, entry_terms, search_job_ids
from careerboard.taxonomy.models import Industry, JobType, Level, Region, Term


def job_public_queryset() -> QuerySet[Job]:
    """Jobs anyone may see listed: published and not yet expired."""
    return Job.objects.filter(status=Job.Status.PUBLISHED).select_related("company")


def job_list_latest(*, limit: int = 20) -> list[Job]:
    """The newest jobs (featured ones have their own places: search and the house ads)."""
    return list(
        job_public_queryset()
        .prefetch_related("job_types", "regions", "levels")
        .order_by("-published_at", "-id")[:limit]
    )


def job_list_for_company(*, company_id: int, limit: int = 100) -> list[Job]:
    return list(
        job_public_queryset()
        .filter(company_id=company_id)
        .prefetch_related("job_types", "regions", "levels")
        .order_by("-published_at", "-id")[:limit]
    )


def job_list_similar(*, job: Job, limit: int = 4) -> list[Job]:
    """Open jobs like `job` for its page: the newest that share one of its industries, at
    another company when there are enough of those."""
    industry_ids = [industry.pk for industry in job.industries.all()]
    if not industry_ids:
        return []
    candidates = list(
        job_public_queryset()
        .filter(industries__in=industry_ids)
        .exclude(pk=job.pk)
        .prefetch_related("job_types", "regions", "levels")
        .order_by("-published_at", "-id")
        .distinct()[: limit * 3]
    )
    others = [candidate for candidate in candidates if candidate.company_id != job.company_id]
    return (others + [c for c in candidates if c.company_id == job.company_id])[:limit]


def job_published_count() -> int:
    return Job.objects.filter(status=Job.Status.PUBLISHED).count()


def job_get_for_page(*, job_id: int) -> Job | None:
    """A job whose page may be shown: anything once published (a closed job's page stays up)."""
    return (
        Job.objects.select_related("company")
        .prefetch_related("industries", "job_types", "levels", "regions")
        .exclude(status__in=[Job.Status.DRAFT, Job.Status.PENDING, Job.Status.REJECTED])
        .filter(pk=job_id)
        .first()
    )


# A job's page and API detail exist once it has been published; before that, only its company
# (and staff) may see it.
_UNPUBLISHED = (Job.Status.DRAFT, Job.Status.PENDING, Job.Status.REJECTED)


def job_can_manage(*, job: Job, user) -> bool:
    """Whether `user` may edit, extend or end `job`: staff, or a member of its company."""
    if not user.is_authenticated:
        return False
    return user.is_staff or company_is_member(company=job.company, user=user)


def job_get_visible(*, job_id: int, user) -> Job | None:
    """The job as `user` may see it: published at some point, or their own company's."""
    job = (
        Job.objects.select_related("company")
        .prefetch_related("industries", "job_types", "levels", "regions")
        .filter(pk=job_id)
        .first()
    )
    if job is None or (job.status in _UNPUBLISHED and not job_can_manage(job=job, user=user)):
        return None
    return job


def job_open_count_for_company(*, company_id: int) -> int:
    return job_public_queryset().filter(company_id=company_id).count()


def job_statuses(*, job_ids: list[int]) -> dict[int, str]:
    """ "active" or "closed" for each of these jobs that has been public; the others are left
    out, so a draft cannot be told apart from a job that does not exist."""
    now = timezone.now()
    rows = (
        Job.objects.filter(pk__in=job_ids)
        .exclude(status__in=_UNPUBLISHED)
        .values_list("id", "status", "expires_at")
    )
    return {
        job_id: "active"
        # The same rule as Job.is_open.
        if status == Job.Status.PUBLISHED and (expires_at is None or expires_at > now)
        else "closed"
        for job_id, status, expires_at in rows
    }


def company_directory(*, text: str = "", limit: int = 48, offset: int = 0) -> list[Company]:
    """Companies with their open jobs counted (`open_jobs`), the most hiring first; `text`
    narrows to names that contain it. One query: the count is an annotation."""
    companies = Company.objects.select_related("headquarters").annotate(
        open_jobs=Count("jobs", filter=Q(jobs__status=Job.Status.PUBLISHED))
    )
    if text:
        companies = companies.filter(name__icontains=text)
    return list(companies.order_by("-open_jobs", "name")[offset : offset + limit])


def job_new_applicant_emails(*, job_id: int) -> list[str]:
    """The addresses of the people who hire for the job's company (its employer accounts) and
    want to hear of its new applicants (their notification settings)."""
    return list(
        Membership.objects.filter(
            company__jobs__pk=job_id, user__is_active=True, user__notify_new_applicant=True
        )
        .order_by("user__email")
        .values_list("user__email", flat=True)
        .distinct()
    )


@dataclass
class JobSearchResult(SearchResult):
    jobs: list[Job] = field(default_factory=list)  # the page's jobs, read fresh
    # Each job's taxonomy terms by vocabulary, in display order (also its relations' contents).
    terms: dict[int, dict[type[Term], list[Term]]] = field(default_factory=dict)


def job_search(
    *,
    query: JobQuery,
    limit: int = 20,
    cursor: str | None = None,
    offset: int = 0,
    with_facets: bool = True,
) -> JobSearchResult:
    """Search live jobs and read the page's jobs in the search's order. Raises search's
    UnknownFilterValue for a filter value that does not exist (a company slug too) and
    InvalidCursor for a cursor that is forged or belongs to another query."""
    found = search_job_ids(
        query=query,
        company_ids_by_slug=company_ids_by_slug(slugs=query.companies),
        limit=limit,
        cursor=cursor,
        offset=offset,
        with_facets=with_facets,
    )
    terms = entry_terms(job_ids=found.job_ids)
    return JobSearchResult(**vars(found), jobs=_jobs_in_order(found.job_ids, terms), terms=terms)


# Each taxonomy's Job relation, filled from the search index's entries as a prefetch would.
_TERM_RELATIONS: dict[type[Term], str] = {
    Industry: "industries",
    JobType: "job_types",
    Level: "levels",
    Region: "regions",
}


def _jobs_in_order(job_ids: list[int], terms: dict[int, dict[type[Term], list[Term]]]) -> list[Job]:
    """The published ones of these jobs that are in the search index, in this order, their
    taxonomy relations filled with `terms` (search.selectors.entry_terms) as a prefetch would:
    four prefetch queries over the join tables cost about 7 of the 30 ms of CPU a search took."""
    # No ORDER BY: the order is the search's. Sorting the rows (with their descriptions) took
    # half of this statement's time on SQLite.
    jobs = (
        Job.objects.filter(id__in=job_ids, status=Job.Status.PUBLISHED)
        .select_related("company")
        .order_by()
    )
    by_id = {job.id: job for job in jobs if job.id in terms}
    # The filled querysets share one unfiltered query per vocabulary (one filtered further
    # copies it first): building a query for each of a page's 80 took longer than the rest.
    queries = {model: model._default_manager.all().query for model in _TERM_RELATIONS}
    for job_id, job in by_id.items():
        prefetched = {}
        for model, relation in _TERM_RELATIONS.items():
            filled: QuerySet[Term] = QuerySet(model=model, query=queries[model])
            filled._result_cache = terms[job_id][model]
            filled._prefetch_done = True  # type: ignore[attr-defined]
            prefetched[relation] = filled
        job._prefetched_objects_cache = prefetched  # type: ignore[attr-defined]
    return [by_id[i] for i in job_ids if i in by_id]
