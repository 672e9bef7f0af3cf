"""What a guide page shows besides the guide itself: charts, JSON-LD, links out."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.cache import cache

from careerboard.guides import charts, jsonld
from careerboard.guides.selectors import DETAIL_CACHE_SECONDS
from careerboard.jobs.jsonld import ld_json
from careerboard.search.query import role_query

# The job board's search page; it takes q and industry (and more) as query parameters.
JOB_SEARCH_PATH = "/jobs"


def jobs_search_url(guide: dict) -> str:
    """The search of the jobs whose title names the role: the jobs the guide counts."""
    return f"{JOB_SEARCH_PATH}?{urlencode({'q': role_query(guide['slug'])})}"


def guide_page_extras(guide: dict, *, base_url: str, index_url: str) -> dict:
    """Cached like the guide itself: under its edit time and its market refresh time."""
    market_version = guide["market"]["computed_at"] if guide["market"] else ""
    key = f"guides:page:v1:{guide['slug']}:{guide['updated_at']}:{market_version}:{base_url}"
    extras = cache.get(key)
    if extras is None:
        extras = _extras(guide, base_url=base_url, index_url=index_url)
        cache.set(key, extras, DETAIL_CACHE_SECONDS)
    return extras


def _extras(guide: dict, *, base_url: str, index_url: str) -> dict:
    market = guide["market"]
    salary_ranges = (
        [r for r in [market["salary"], *market["salary_by_level"]] if r["median"] is not None]
        if market
        else []
    )
    hidden_salary_levels = (
        [r for r in market["salary_by_level"] if r["median"] is None] if market else []
    )
    title = guide["title"]
    return {
        "page_url": base_url + guide["url"],
        "jobs_search_url": jobs_search_url(guide),
        "salary_ranges": salary_ranges,
        "hidden_salary_levels": hidden_salary_levels,
        "salary_chart": charts.salary_chart(
            salary_ranges, chart_id="salary-chart", title=f"{title} salaries, USD per year"
        )
        if salary_ranges
        else "",
        "trend_chart": charts.trend_chart(
            market["trend"], chart_id="trend-chart", title=f"{title} postings per week"
        )
        if market
        else "",
        "timeline_chart": charts.timeline_chart(
            guide["progression"], chart_id="timeline-chart", title=f"{title} career path"
        ),
        "jsonld": [
            ld_json(jsonld.occupation(guide, base_url=base_url)),
            ld_json(jsonld.faq_page(guide)),
            ld_json(jsonld.breadcrumbs(guide, base_url=base_url, index_url=index_url)),
        ],
    }
