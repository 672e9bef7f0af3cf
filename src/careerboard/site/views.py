"""The site's own pages. They read the domains through their selectors; no domain imports this."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from careerboard.companies.jsonld import organization_page
from careerboard.companies.selectors import company_count, company_get_by_slug
from careerboard.jobs.jsonld import ld_json
from careerboard.jobs.selectors import (
    company_directory,
    job_list_for_company,
    job_list_latest,
    job_open_count_for_company,
    job_published_count,
)
from careerboard.taxonomy.selectors import industry_list

HOME_LATEST = 10


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "site/home.html",
        {
            "latest_jobs": job_list_latest(limit=HOME_LATEST),
            "job_count": job_published_count(),
            "company_count": company_count(),
            "industries": industry_list(),
        },
    )


def _page(template: str, title: str):
    @require_GET
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, template, {"page_title": title})

    return view


about = _page("site/about.html", "About careerboard")
terms = _page("site/terms.html", "Terms of use")
privacy = _page("site/privacy.html", "Privacy")
contact = _page("site/contact.html", "Contact")


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /account/",
        "Disallow: /api/",
        "Disallow: /staff/",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


DIRECTORY_PAGE = 48


@require_GET
def companies(request: HttpRequest) -> HttpResponse:
    """/companies: every company, the most hiring first, searchable by name."""
    text = request.GET.get("q", "").strip()[:100]
    try:
        page = max(1, min(int(request.GET.get("page") or 1), 1000))
    except ValueError:
        page = 1
    found = company_directory(
        text=text, limit=DIRECTORY_PAGE + 1, offset=(page - 1) * DIRECTORY_PAGE
    )
    params = request.GET.copy()

    def link(number: int) -> str:
        params["page"] = str(number)
        return "?" + params.urlencode()

    return render(
        request,
        "site/companies.html",
        {
            "companies": found[:DIRECTORY_PAGE],
            "text": text,
            "page": page,
            "previous": link(page - 1) if page > 1 else None,
            "next": link(page + 1) if len(found) > DIRECTORY_PAGE else None,
        },
    )


@require_GET
def company_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A company's page: what it says of itself and its open jobs. Here, above both domains,
    because it reads companies and jobs alike."""
    company = company_get_by_slug(slug=slug)
    if company is None:
        raise Http404("No such company")
    return render(
        request,
        "site/company.html",
        {
            "company": company,
            "jobs": job_list_for_company(company_id=company.pk),
            "open_jobs": job_open_count_for_company(company_id=company.pk),
            "organization": ld_json(organization_page(company)),
            "canonical_url": settings.SITE_URL + company.get_absolute_url(),
        },
    )
