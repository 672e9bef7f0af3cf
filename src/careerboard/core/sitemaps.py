"""/sitemap.xml: a sitemap index whose sections are split into pages of at most 10,000 URLs.

A section page is a range of primary keys (page 3 of jobs holds the live jobs with ids
30,000-39,999), so serving any page is one index range scan however large the board grows,
where OFFSET paging would get slower page by page. The index lists the ranges that hold at
least one URL, with their last change; it is one GROUP BY, cached for an hour, so a new range
shows up in the index within the hour.

A domain adds its pages with an `IdRangeSection` in SECTIONS (name -> section).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_GET

from careerboard.companies.models import Company
from careerboard.jobs.models import Job

PAGE_SIZE = 10_000
INDEX_CACHE_SECONDS = 3600
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True)
class IdRangeSection:
    """The rows of `queryset`, PAGE_SIZE ids to a page; `location` gives a row's path."""

    queryset: Callable[[], QuerySet]
    location: Callable[[dict], str]
    fields: tuple[str, ...]
    lastmod_field: str = "updated_at"
    changefreq: str = "daily"

    def pages(self) -> dict[int, datetime | None]:
        """Page number -> the latest change on it, for every page with at least one row."""
        rows = (
            self.queryset()
            .annotate(page=F("id") / PAGE_SIZE)
            .values("page")
            .annotate(lastmod=Max(self.lastmod_field))
            .order_by("page")
        )
        return {row["page"]: row["lastmod"] for row in rows}

    def urls(self, page: int) -> Iterable[tuple[str, datetime | None]]:
        rows = (
            self.queryset()
            .filter(id__gte=page * PAGE_SIZE, id__lt=(page + 1) * PAGE_SIZE)
            .order_by("id")
            .values(*self.fields, self.lastmod_field)
        )
        for row in rows:
            yield self.location(row), row[self.lastmod_field]


SECTIONS: dict[str, IdRangeSection] = {
    "jobs": IdRangeSection(
        queryset=lambda: Job.objects.filter(status=Job.Status.PUBLISHED),
        location=lambda row: reverse(
            "jobs:detail", kwargs={"job_id": row["id"], "slug": row["slug"]}
        ),
        fields=("id", "slug"),
    ),
    "companies": IdRangeSection(
        queryset=lambda: Company.objects.all(),
        location=lambda row: reverse("companies:detail", kwargs={"slug": row["slug"]}),
        fields=("id", "slug"),
        changefreq="weekly",
    ),
}


def _lastmod(moment: datetime | None) -> str:
    return f"<lastmod>{moment.strftime('%Y-%m-%dT%H:%M:%SZ')}</lastmod>" if moment else ""


def _xml(body: Iterable[str]) -> HttpResponse:
    content = '<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(body)
    return HttpResponse(content, content_type="application/xml; charset=utf-8")


def section_pages(name: str) -> dict[int, datetime | None]:
    key = f"sitemap:pages:{name}"
    pages = cache.get(key)
    if pages is None:
        pages = SECTIONS[name].pages()
        cache.set(key, pages, INDEX_CACHE_SECONDS)
    return pages


@require_GET
def sitemap_index(request: HttpRequest) -> HttpResponse:
    def entries() -> Iterable[str]:
        yield f'<sitemapindex xmlns="{XMLNS}">\n'
        for name in SECTIONS:
            location = settings.SITE_URL + reverse("sitemap-section", kwargs={"section": name})
            for page, lastmod in section_pages(name).items():
                yield f"<sitemap><loc>{escape(f'{location}?p={page}')}</loc>{_lastmod(lastmod)}</sitemap>\n"
        yield "</sitemapindex>\n"

    return _xml(entries())


@require_GET
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    if section not in SECTIONS:
        raise Http404("No such sitemap section")
    raw_page = request.GET.get("p", "0")
    if not raw_page.isdigit() or len(raw_page) > 9:
        raise Http404("No such sitemap page")
    page = int(raw_page)
    entries = list(SECTIONS[section].urls(page))
    if not entries:
        raise Http404("No such sitemap page")
    changefreq = SECTIONS[section].changefreq

    def body() -> Iterable[str]:
        yield f'<urlset xmlns="{XMLNS}">\n'
        for path, lastmod in entries:
            loc = escape(settings.SITE_URL + path)
            yield f"<url><loc>{loc}</loc>{_lastmod(lastmod)}<changefreq>{changefreq}</changefreq></url>\n"
        yield "</urlset>\n"

    return _xml(body())
