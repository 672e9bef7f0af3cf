"""/sitemap.xml: a sitemap index whose sections are split into pages of at most 10,000 URLs.

A section page is a range of primary keys (page 3 of jobs holds the live jobs with ids
30,000-39,999), so serving any page is one index range scan however large the board grows,
where OFFSET paging would get slower page by page. The index lists the ranges that hold at
least one URL (one indexed EXISTS each), cached for an hour, so a new range shows up in the
index within the hour. Each URL carries its lastmod; the index entries carry none, as the
latest change of a range would mean reading all its rows.

A domain adds its pages with an `IdRangeSection` in SECTIONS (name -> section).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from html import escape

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from careerboard.companies.models import Company
from careerboard.core.text import ascii_int
from careerboard.guides.models import Guide
from careerboard.jobs.models import Job

PAGE_SIZE = 10_000
INDEX_CACHE_SECONDS = 3600
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True)
class IdRangeSection:
    """The rows of `queryset`, PAGE_SIZE ids to a page. A row's page is the URL named
    `url_name` with `url_kwargs` (URL argument -> the row's field)."""

    queryset: Callable[[], QuerySet]
    url_name: str
    url_kwargs: dict[str, str]
    lastmod_field: str = "updated_at"
    changefreq: str = "daily"

    def path_format(self) -> str:
        """The URL as a str.format pattern over the row's fields. Reversed once per page with
        digit stand-ins (valid for int and slug converters alike): reversing every row took
        most of a page's time."""
        stand_ins = {argument: f"9{n}7531{n}9" for n, argument in enumerate(self.url_kwargs)}
        path = reverse(self.url_name, kwargs=stand_ins).replace("{", "{{").replace("}", "}}")
        for argument, stand_in in stand_ins.items():
            path = path.replace(stand_in, "{" + self.url_kwargs[argument] + "}")
        return path

    def pages(self) -> list[int]:
        """The numbers of the pages with at least one row: one indexed EXISTS per id range
        (a GROUP BY over every row took over a second at a million jobs)."""
        last_id = self.queryset().aggregate(last=Max("id"))["last"] or 0
        return [page for page in range(last_id // PAGE_SIZE + 1) if self._rows(page).exists()]

    def _rows(self, page: int) -> QuerySet:
        return self.queryset().filter(id__gte=page * PAGE_SIZE, id__lt=(page + 1) * PAGE_SIZE)

    def urls(self, page: int) -> Iterable[tuple[str, datetime | None]]:
        path = self.path_format()
        rows = self._rows(page).order_by("id").values(*self.url_kwargs.values(), self.lastmod_field)
        for row in rows:
            yield path.format(**row), row[self.lastmod_field]


SECTIONS: dict[str, IdRangeSection] = {
    "jobs": IdRangeSection(
        queryset=lambda: Job.objects.filter(status=Job.Status.PUBLISHED),
        url_name="jobs:detail",
        url_kwargs={"job_id": "id", "slug": "slug"},
    ),
    "companies": IdRangeSection(
        queryset=lambda: Company.objects.all(),
        url_name="companies:detail",
        url_kwargs={"slug": "slug"},
        changefreq="weekly",
    ),
    "guides": IdRangeSection(
        queryset=lambda: Guide.objects.all(),
        url_name="guides:detail",
        url_kwargs={"slug": "slug"},
        changefreq="weekly",
    ),
}


def _lastmod(moment: datetime | None) -> str:
    return f"<lastmod>{moment.strftime('%Y-%m-%dT%H:%M:%SZ')}</lastmod>" if moment else ""


def _xml(body: Iterable[str]) -> HttpResponse:
    content = '<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(body)
    return HttpResponse(content, content_type="application/xml; charset=utf-8")


def section_pages(name: str) -> list[int]:
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
            for page in section_pages(name):
                yield f"<sitemap><loc>{escape(f'{location}?p={page}')}</loc></sitemap>\n"
        yield "</sitemapindex>\n"

    return _xml(entries())


@require_GET
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    if section not in SECTIONS:
        raise Http404("No such sitemap section")
    page = ascii_int(request.GET.get("p", "0"), max_digits=9)
    if page is None:
        raise Http404("No such sitemap page")
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
