"""/api/v1/companies/{slug}: one company with its open jobs counted. It joins the companies
router from here, above companies and jobs, for the same reason as the company page: it reads
both."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from careerboard.companies.api import CompanyDetailOut, router
from careerboard.companies.models import Company
from careerboard.companies.selectors import company_get_by_slug
from careerboard.jobs.selectors import job_open_count_for_company


@router.get("/{slug}", response=CompanyDetailOut, summary="One company")
def companies_detail(request: HttpRequest, slug: str) -> Company:
    company = company_get_by_slug(slug=slug)
    if company is None:
        raise Http404("No such company.")
    company.open_jobs = job_open_count_for_company(company_id=company.pk)  # type: ignore[attr-defined]
    return company
