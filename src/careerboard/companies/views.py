from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from careerboard.companies.selectors import company_get_by_slug
from careerboard.jobs.selectors import job_list_for_company


@require_GET
def company_detail(request: HttpRequest, slug: str) -> HttpResponse:
    company = company_get_by_slug(slug=slug)
    if company is None:
        raise Http404("No such company")
    jobs = job_list_for_company(company_id=company.pk)
    return render(request, "companies/company_detail.html", {"company": company, "jobs": jobs})
