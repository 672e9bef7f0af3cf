from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from careerboard.core.text import ascii_int
from careerboard.jobs.jsonld import job_posting, ld_json
from careerboard.jobs.search_links import active_filters, facet_links
from careerboard.jobs.selectors import (
    job_get_for_page,
    job_list_similar,
    job_open_count_for_company,
    job_search,
)
from careerboard.search.filters import UnknownFilterValue
from careerboard.search.params import MULTI, InvalidSearchParam, query_from_params
from careerboard.search.query import MAX_COUNTED, SORTS, JobQuery
from careerboard.taxonomy.selectors import search_vocabularies


@require_GET
def job_detail(request: HttpRequest, job_id: int, slug: str) -> HttpResponse:
    job = job_get_for_page(job_id=job_id)
    if job is None:
        raise Http404("No such job")
    if slug != job.slug:
        return redirect(job, permanent=True)
    # Only a job that takes applications is offered to search engines as a JobPosting.
    posting = ld_json(job_posting(job, site_url=settings.SITE_URL)) if job.is_open else None
    context = {
        "job": job,
        "canonical_url": settings.SITE_URL + job.get_absolute_url(),
        "job_posting": posting,
        "similar_jobs": job_list_similar(job=job),
        "company_open_jobs": job_open_count_for_company(company_id=job.company_id),
    }
    return render(request, "jobs/job_detail.html", context)


PAGE_SIZE = 20
MAX_PAGE = MAX_COUNTED // PAGE_SIZE


@require_GET
def job_search_page(request: HttpRequest) -> HttpResponse:
    """/jobs: the search page. htmx requests get the results part only; the URL holds the state."""
    error = None
    result = None
    try:
        query = query_from_params(request.GET)
        page = ascii_int(request.GET.get("page") or "1") or 0
        if not 1 <= page <= MAX_PAGE:
            raise InvalidSearchParam("page", f"page must be between 1 and {MAX_PAGE}.")
        result = job_search(query=query, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    except ValueError as problem:  # InvalidSearchParam, UnknownFilterValue, a non-numeric page
        error = (
            str(problem)
            if isinstance(problem, InvalidSearchParam | UnknownFilterValue)
            else "page must be a whole number."
        )
        query, page = JobQuery(), 1
    vocabularies = search_vocabularies()
    context = {
        "query": query,
        "result": result,
        "error": error,
        "page": page,
        "page_links": _page_links(request, page, result),
        "vocabularies": vocabularies,
        "active_filters": active_filters(request.GET, vocabularies),
        "facet_links": facet_links(request.GET, result.facets) if result else [],
        "selected": {name: set(getattr(query, field)) for name, field in MULTI.items()},
        "sorts": SORTS,
        "tz_min": query.timezone_min / 60 if query.timezone_min is not None else None,
        "tz_max": query.timezone_max / 60 if query.timezone_max is not None else None,
    }
    template = (
        "jobs/_search_results.html" if request.headers.get("HX-Request") else "jobs/search.html"
    )
    return render(request, template, context, status=400 if error else 200)


def _page_links(request: HttpRequest, page: int, result) -> dict[str, str | None]:
    if result is None:
        return {"previous": None, "next": None}
    params = request.GET.copy()

    def link(number: int) -> str:
        params["page"] = str(number)
        return "?" + params.urlencode()

    return {
        "previous": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if result.next_cursor else None,
    }
