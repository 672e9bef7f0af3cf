"""/jobs/feed (RSS 2.0) and /jobs/feed/atom: the newest live jobs, filtered.

Filters: `industry`, `type`, `tag` (keywords) and `geo` (region), as Jobicy's feed has them,
with our slugs or Jobicy's. The /jobs page's own parameters (q, region, level, company, salary,
...) work too, so the page's "alternate" link gives a feed of exactly the search on screen. A
bad value is a 400.

/feed/job_feed is Jobicy's legacy feed URL: Jobicy's slugs (jobicy_vocabulary), under its
preferred names or the legacy ones (`job_categories`, `job_types`, `search_keywords`,
`search_region`), several values of one filter separated by commas.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.xmlutils import SimplerXMLGenerator

from careerboard.core.text import xml_text
from careerboard.jobs.jobicy_vocabulary import UnknownJobicyValue, resolve_industry, resolve_region
from careerboard.jobs.models import Job
from careerboard.jobs.selectors import job_search
from careerboard.search.filters import UnknownFilterValue
from careerboard.search.params import SEARCH_PARAMS, InvalidSearchParam, query_from_params
from careerboard.search.query import JobQuery
from careerboard.taxonomy.models import Industry, Region
from careerboard.taxonomy.selectors import terms_by_slug

FEED_SIZE = 50
# Jobicy's feed names for two of the search parameters.
ALIASES = {"tag": "q", "geo": "region"}
MEDIA_RSS = "http://search.yahoo.com/mrss/"


def feed_query(params: QueryDict) -> JobQuery:
    """The search a feed URL asks for, newest first; InvalidSearchParam names a bad value.
    An industry or region slug that is not ours but Jobicy's (`supporting`, `hong-kong`) is
    read as Jobicy's: Jobicy's own canonical feed is /jobs/feed too."""
    merged = params.copy()
    for alias, name in ALIASES.items():
        if alias in merged:
            merged.setlist(name, merged.getlist(name) + merged.getlist(alias))
            del merged[alias]
    for name, model, resolve in (
        ("industry", Industry, lambda slug: resolve_industry(slug).ours),
        ("region", Region, resolve_region),
    ):
        ours = terms_by_slug(model)
        slugs = [part.strip().lower() for raw in merged.getlist(name) for part in raw.split(",")]
        if any(slug and slug not in ours for slug in slugs):
            merged.setlist(
                name, [s for slug in slugs if slug for s in _ours_or_jobicys(slug, ours, resolve)]
            )
    return replace(query_from_params(merged), sort="newest")


def _ours_or_jobicys(
    slug: str, ours: Mapping, resolve: Callable[[str], tuple[str, ...]]
) -> tuple[str, ...]:
    return (slug,) if slug in ours else resolve(slug)


def _xml_safe(value: object) -> object:
    """value, its text without the characters XML 1.0 cannot carry (core.text.xml_text)."""
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, dict):
        return {key: _xml_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(item) for item in value)
    return value


class _ItemLogos:
    """Each item's company logo as Media RSS, the picture feed readers show beside an item (in
    RSS and Atom alike). Not an RSS enclosure: an item has only one, readers offer it as a
    download, and podcast clients take it for an episode. Logos are PNGs we encoded
    (companies.services.company_logo_set)."""

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict) -> None:
        super().add_item_elements(handler, item)  # type: ignore[misc]
        if item.get("logo"):
            handler.addQuickElement(
                "media:content", "", {"url": item["logo"], "medium": "image", "type": "image/png"}
            )
            handler.addQuickElement("media:thumbnail", "", {"url": item["logo"]})


class RssWithLogos(_ItemLogos, Rss201rev2Feed):
    def rss_attributes(self) -> dict[str, str]:
        return {**super().rss_attributes(), "xmlns:media": MEDIA_RSS}


class AtomWithLogos(_ItemLogos, Atom1Feed):
    def root_attributes(self) -> dict[str, str]:
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS}


class JobRssFeed(Feed):
    feed_type: type[SyndicationFeed] = RssWithLogos
    description = "The newest remote jobs on careerboard."
    url_name = "jobs:feed"

    def get_feed(self, obj, request: HttpRequest) -> SyndicationFeed:  # type: ignore[no-untyped-def]
        """Rows stored before every write was cleaned (core/text.py) may hold a control
        character, which Django's XML writer refuses: it is left out, not the whole feed."""
        feed = super().get_feed(obj, request)
        feed.feed = _xml_safe(feed.feed)  # type: ignore[assignment]
        feed.items = [_xml_safe(item) for item in feed.items]  # type: ignore[misc]
        return feed

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            response = super().__call__(request, *args, **kwargs)
        except (InvalidSearchParam, UnknownFilterValue, UnknownJobicyValue) as problem:
            return HttpResponseBadRequest(f"{problem}\n", content_type="text/plain; charset=utf-8")
        response["Cache-Control"] = "public, max-age=300"
        return response

    def get_object(self, request: HttpRequest, *args, **kwargs) -> tuple[JobQuery, str]:
        kept = {
            name: request.GET.getlist(name)
            for name in request.GET
            if name in SEARCH_PARAMS | set(ALIASES)
        }
        return feed_query(request.GET), urlencode(kept, doseq=True)

    def title(self, obj: tuple[JobQuery, str]) -> str:
        query, _ = obj
        return (
            f"careerboard: remote jobs matching {query.text!r}"
            if query.text
            else "careerboard: remote jobs"
        )

    def link(self, obj: tuple[JobQuery, str]) -> str:
        _, params = obj
        return settings.SITE_URL + reverse("jobs:search") + (f"?{params}" if params else "")

    def feed_url(self, obj: tuple[JobQuery, str]) -> str:
        _, params = obj
        return settings.SITE_URL + reverse(self.url_name) + (f"?{params}" if params else "")

    def items(self, obj: tuple[JobQuery, str]) -> list[Job]:
        query, _ = obj
        return job_search(query=query, limit=FEED_SIZE, with_facets=False).jobs

    def item_title(self, job: Job) -> str:
        return f"{job.title} at {job.company.name}"

    def item_description(self, job: Job) -> str:
        return job.description

    def item_link(self, job: Job) -> str:
        return settings.SITE_URL + job.get_absolute_url()

    def item_pubdate(self, job: Job):
        return job.published_at

    def item_updateddate(self, job: Job):
        return job.updated_at

    def item_author_name(self, job: Job) -> str:
        return job.company.name

    def item_categories(self, job: Job) -> list[str]:
        return [term.name for terms in (job.industries, job.job_types) for term in terms.all()]

    def item_extra_kwargs(self, job: Job) -> dict[str, str]:
        return {"logo": job.company.logo_absolute_url}


class JobAtomFeed(JobRssFeed):
    feed_type = AtomWithLogos
    subtitle = JobRssFeed.description
    url_name = "jobs:feed-atom"


# Jobicy's feed parameters: the preferred name and the legacy one.
JOBICY_FEED_PARAMS = {
    "industry": "job_categories",
    "type": "job_types",
    "tag": "search_keywords",
    "geo": "search_region",
}


def jobicy_feed_query(params: QueryDict) -> JobQuery:
    """The search a Jobicy feed URL asks for; UnknownJobicyValue names a bad slug."""

    def given(name: str) -> list[str]:
        return params.getlist(name) + params.getlist(JOBICY_FEED_PARAMS[name])

    def slugs(name: str) -> list[str]:
        return [
            part.strip().lower() for raw in given(name) for part in raw.split(",") if part.strip()
        ]

    industries = [ours for slug in slugs("industry") for ours in resolve_industry(slug).ours]
    regions = [ours for slug in slugs("geo") for ours in resolve_region(slug)]
    return JobQuery(
        text=" ".join(given("tag")).strip(),
        industries=tuple(dict.fromkeys(industries)),
        job_types=tuple(dict.fromkeys(slugs("type"))),
        regions=tuple(dict.fromkeys(regions)),
        sort="newest",
    )


class JobicyRssFeed(JobRssFeed):
    """/feed/job_feed: Jobicy's legacy feed URL and parameters, over our jobs."""

    url_name = "jobs:jobicy-feed"

    def get_object(self, request: HttpRequest, *args, **kwargs) -> tuple[JobQuery, str]:
        names = set(JOBICY_FEED_PARAMS) | set(JOBICY_FEED_PARAMS.values())
        kept = {name: request.GET.getlist(name) for name in request.GET if name in names}
        return jobicy_feed_query(request.GET), urlencode(kept, doseq=True)

    def link(self, obj: tuple[JobQuery, str]) -> str:
        # The same search on our /jobs page, in our parameters.
        query, _ = obj
        params = {
            "q": query.text,
            "industry": ",".join(query.industries),
            "type": ",".join(query.job_types),
            "region": ",".join(query.regions),
        }
        shown = urlencode({name: value for name, value in params.items() if value})
        return settings.SITE_URL + reverse("jobs:search") + (f"?{shown}" if shown else "")
