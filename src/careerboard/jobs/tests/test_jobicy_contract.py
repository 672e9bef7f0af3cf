"""Jobicy's published contract (API 2.2.18, its OpenAPI document and README) point by point:
page size, applied filters, its industry and region slugs, empty answers, the legacy path."""

from __future__ import annotations

import pytest

from careerboard.core.tests.factories import JobFactory
from careerboard.jobs.indexing import job_search_rebuild
from careerboard.jobs.jobicy_vocabulary import DEPRECATED_INDUSTRIES, INDUSTRIES, REGIONS
from careerboard.taxonomy.models import Industry, Region

pytestmark = pytest.mark.django_db

# The slugs Jobicy's README lists for its feed (search_region, job_categories).
README_REGIONS = [
    "apac",
    "emea",
    "latam",
    "argentina",
    "australia",
    "austria",
    "belgium",
    "brazil",
    "bulgaria",
    "canada",
    "china",
    "hong-kong",
    "costa-rica",
    "croatia",
    "cyprus",
    "czechia",
    "denmark",
    "estonia",
    "europe",
    "finland",
    "france",
    "germany",
    "greece",
    "hungary",
    "ireland",
    "israel",
    "italy",
    "japan",
    "latvia",
    "lithuania",
    "mexico",
    "netherlands",
    "new-zealand",
    "norway",
    "philippines",
    "poland",
    "portugal",
    "romania",
    "serbia",
    "singapore",
    "slovakia",
    "slovenia",
    "south-korea",
    "spain",
    "sweden",
    "switzerland",
    "thailand",
    "turkiye",
    "united-arab-emirates",
    "uk",
    "ukraine",
    "usa",
    "vietnam",
    "anywhere",
]
README_INDUSTRIES = [
    "admin-support",
    "copywriting",
    "translation-localization",
    "supporting",
    "technical-support",
    "cybersecurity",
    "data-science",
    "design-multimedia",
    "video-audio-production",
    "web-app-design",
    "admin",
    "e-commerce",
    "education",
    "accounting-finance",
    "healthcare",
    "hr",
    "legal",
    "marketing",
    "business",
    "seller",
    "seo",
    "smm",
    "management",
    "project-management",
    "engineering",
    "dev",
    "qa-testing",
]


def jobs(client, **params):
    response = client.get("/api/v2/remote-jobs", params)
    assert response.status_code == 200, response.content
    return response


def titles(client, **params) -> list[str]:
    return [job["jobTitle"] for job in jobs(client, **params).json()["jobs"]]


@pytest.mark.parametrize(
    ("raw", "applied"),
    [("", 200), ("0", 1), ("-5", 1), ("2", 2), ("+2", 2), ("002", 2), ("201", 200),
     ("99999999999999999999", 200), ("9" * 5000, 200)],
)  # fmt: skip
def test_count_defaults_to_200_and_clamps_integers(client, board, raw, applied):
    body = jobs(client, count=raw).json()
    assert body["appliedFilters"] == {"count": applied}
    assert body["jobCount"] == min(applied, 3)


def test_count_may_change_between_pages_and_the_cursor_is_reported(client, board):
    first = jobs(client, count=1).json()
    second = jobs(client, count=2, cursor=first["nextCursor"]).json()
    assert [job["jobTitle"] for job in second["jobs"]] == ["Sales Lead", "Python Teacher"]
    assert second["appliedFilters"] == {"count": 2, "cursor": first["nextCursor"]}
    assert second["nextCursor"] is None and second["hasMore"] is False


def test_jobicy_industry_slugs_filter_our_categories(client, board):
    assert titles(client, industry="seller") == ["Sales Lead"]
    assert titles(client, industry="engineering", tag="python") == ["Python Developer"]
    response = jobs(client, industry="engineering")
    assert "X-Jobicy-Deprecated-Industry" not in response


@pytest.mark.parametrize(("alias", "current"), sorted(DEPRECATED_INDUSTRIES.items()))
def test_deprecated_industries_answer_with_their_replacement(client, board, alias, current):
    response = jobs(client, industry=alias)
    assert response["X-Jobicy-Deprecated-Industry"] == alias
    assert response["X-Jobicy-Replacement-Industry"] == current
    assert response.json()["appliedFilters"]["industry"] == current
    same = jobs(client, industry=current).json()["jobs"]
    assert response.json()["jobs"] == same


def test_jobicy_regions_map_onto_our_region_tree(client, board):
    JobFactory(title="Europe Analyst", regions=["europe"])
    job_search_rebuild()
    # A country we do not list: the jobs open to the region holding it, EMEA or Anywhere.
    assert titles(client, geo="austria") == ["Europe Analyst", "Sales Lead"]
    assert titles(client, geo="germany") == ["Europe Analyst", "Python Developer", "Sales Lead"]
    assert titles(client, geo="emea") == ["Sales Lead"]
    assert titles(client, geo="anywhere") == ["Sales Lead"]
    assert titles(client, geo="hong-kong") == ["Sales Lead"]
    assert titles(client, geo="usa", industry="education") == ["Python Teacher"]
    # Our own slug for a place Jobicy names otherwise is not v2's vocabulary.
    assert client.get("/api/v2/remote-jobs?geo=uae").status_code == 400


def test_every_slug_in_jobicys_readme_is_accepted(client, board):
    for slug in README_REGIONS:
        assert client.get("/api/v2/remote-jobs", {"geo": slug}).status_code == 200, slug
    for slug in README_INDUSTRIES:
        assert client.get("/api/v2/remote-jobs", {"industry": slug}).status_code == 200, slug
    response = client.get("/feed/job_feed", {"search_region": ",".join(README_REGIONS)})
    assert response.status_code == 200


def test_the_vocabulary_maps_onto_existing_terms_and_reaches_all_of_ours():
    industries = set(Industry.objects.values_list("slug", flat=True))
    regions = set(Region.objects.values_list("slug", flat=True))
    mapped_industries = {slug for term in INDUSTRIES.values() for slug in term.ours}
    mapped_regions = {slug for term in REGIONS.values() for slug in term.ours}
    assert mapped_industries == industries
    assert mapped_regions == regions
    assert set(DEPRECATED_INDUSTRIES.values()) <= set(INDUSTRIES)
    assert len({t.id for t in REGIONS.values()}) == len(REGIONS)
    assert len({t.id for t in INDUSTRIES.values()}) == len(INDUSTRIES)


def test_an_empty_answer_says_so(client, board):
    body = jobs(client, tag="astronomy").json()
    assert body["jobs"] == [] and body["jobCount"] == 0
    assert body["message"] == "No jobs found for the applied filters."
    assert body["lastUpdate"] == "" and body["nextCursor"] is None and body["hasMore"] is False
    assert "message" not in jobs(client).json()


def test_last_update_is_the_newest_job_on_the_page(client, board):
    body = jobs(client, industry="education").json()
    assert body["lastUpdate"] == body["jobs"][0]["pubDate"]


def test_tag_is_read_without_html(client, board):
    body = jobs(client, tag="<b>python</b>").json()
    assert body["appliedFilters"]["tag"] == "python" and body["jobCount"] == 2


def test_taxonomies_have_jobicys_shape_and_ignore_feed_filters(client):
    response = jobs(client, get="locations", geo="atlantis", count="ten")
    body = response.json()
    assert set(body) == {"locations", "appliedFilters"}
    assert body["appliedFilters"] == {"get": "locations"}
    assert response["Cache-Control"] == "public, max-age=3600"
    slugs = [item["geoSlug"] for item in body["locations"]]
    assert set(README_REGIONS) <= set(slugs) and "india" in slugs
    industries = jobs(client, get="industries").json()
    assert industries["appliedFilters"] == {"get": "industries"}
    listed = {item["industrySlug"] for item in industries["industries"]}
    assert listed == set(README_INDUSTRIES) - set(DEPRECATED_INDUSTRIES)


def test_the_legacy_php_path_answers_the_same(client, board):
    legacy = client.get("/api/v2/remote-jobs.php?count=2&industry=dev").json()
    current = client.get("/api/v2/remote-jobs?count=2&industry=dev").json()
    assert legacy == current
    assert client.get("/api/v2/remote-jobs.php?get=industries").json()["industries"]


def test_status_folds_duplicates_in_first_order(client, board):
    response = client.get(f"/api/v2/remote-jobs/status?ids= 999999 ,{board.pk},999999")
    body = response.json()
    assert body["count"] == 2
    assert body["jobs"] == [
        {"id": 999999, "status": "unknown"},
        {"id": board.pk, "status": "active"},
    ]
    hundred = ",".join([str(board.pk)] * 100)
    assert client.get(f"/api/v2/remote-jobs/status?ids={hundred}").json()["count"] == 1
