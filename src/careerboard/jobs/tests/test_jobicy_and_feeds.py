"""The Jobicy-compatible API (/api/v2/remote-jobs) and the RSS/Atom feeds."""

from __future__ import annotations

import re
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from careerboard.core.tests.factories import JobFactory
from careerboard.jobs.models import Job
from careerboard.search.services import search_rebuild

pytestmark = pytest.mark.django_db

LONG_DESCRIPTION = (
    "<p>" + " ".join(f"word{n}" for n in range(120)) + "</p><script>alert(1)</script>"
)


@pytest.fixture
def board():
    now = timezone.now()
    python = JobFactory(
        title="Python Developer",
        company__name="Snake & Co",
        description=LONG_DESCRIPTION,
        industries=["engineering"],
        job_types=["full-time", "contract"],
        levels=["senior"],
        regions=["germany", "uk"],
        salary_min=70_000,
        salary_max=90_000,
        salary_currency="EUR",
        salary_period="year",
        published_at=now - timedelta(hours=1),
    )
    JobFactory(title="Sales Lead", industries=["sales"], published_at=now - timedelta(hours=2))
    JobFactory(
        title="Python Teacher",
        industries=["education"],
        regions=["usa"],
        published_at=now - timedelta(hours=3),
    )
    JobFactory(title="Hidden Python", status=Job.Status.PENDING, published_at=None)
    search_rebuild()
    return python


def error(response) -> str:
    body = response.json()
    assert body["success"] is False
    assert body["statusCode"] == response.status_code
    return body["error"]


def test_remote_jobs_has_the_jobicy_shape(client, board):
    response = client.get("/api/v2/remote-jobs")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert set(body) == {
        "apiVersion", "documentationUrl", "friendlyNotice", "jobCount", "lastUpdate", "nextCursor",
        "hasMore", "appliedFilters", "jobs", "statusCode", "success",
    }  # fmt: skip
    assert body["success"] is True and body["statusCode"] == 200
    assert body["jobCount"] == 3 and body["hasMore"] is False and body["nextCursor"] is None
    assert body["appliedFilters"] == {"count": 50}
    assert [job["jobTitle"] for job in body["jobs"]] == [
        "Python Developer",
        "Sales Lead",
        "Python Teacher",
    ]
    job = body["jobs"][0]
    assert job["id"] == board.pk and isinstance(job["id"], int)
    assert job["url"].endswith(board.get_absolute_url()) and job["url"].startswith("http")
    assert job["jobSlug"] == board.slug
    assert job["companyName"] == "Snake & Co"
    assert job["companyLogo"] is False
    assert job["jobIndustry"] == ["Software Engineering"]
    assert job["jobType"] == ["Full-Time", "Contract"]
    assert job["jobGeo"] == "United Kingdom, Germany"  # in the vocabulary's order
    assert job["jobLevel"] == "Senior"
    assert len(job["jobExcerpt"].split()) <= 55
    assert "<script" not in job["jobDescription"] and job["jobDescription"].startswith("<p>")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", job["pubDate"])
    assert (job["salaryMin"], job["salaryMax"], job["salaryCurrency"], job["salaryPeriod"]) == (
        70_000,
        90_000,
        "EUR",
        "year",
    )
    plain = body["jobs"][1]
    assert plain["jobGeo"] == "Anywhere" and plain["jobLevel"] == "Any"
    assert "salaryMin" not in plain
    assert body["lastUpdate"] == job["pubDate"]


def test_filters_by_geo_industry_and_tag(client, board):
    def titles(**params):
        return [job["jobTitle"] for job in client.get("/api/v2/remote-jobs", params).json()["jobs"]]

    assert titles(tag="python") == ["Python Developer", "Python Teacher"]
    assert titles(tag="python", industry="education") == ["Python Teacher"]
    # Germany matches jobs open to Germany and to Anywhere, not to the USA only.
    assert titles(geo="germany") == ["Python Developer", "Sales Lead"]
    body = client.get("/api/v2/remote-jobs", {"geo": "usa", "count": 5}).json()
    assert body["appliedFilters"] == {"count": 5, "geo": "usa"}


def test_cursor_pages_and_refuses_other_filters(client, board):
    first = client.get("/api/v2/remote-jobs?count=2").json()
    assert first["hasMore"] is True and first["jobCount"] == 2
    second = client.get(f"/api/v2/remote-jobs?count=2&cursor={first['nextCursor']}").json()
    assert [job["jobTitle"] for job in second["jobs"]] == ["Python Teacher"]
    assert second["hasMore"] is False
    reused = client.get(f"/api/v2/remote-jobs?count=2&tag=python&cursor={first['nextCursor']}")
    assert reused.status_code == 400 and "cursor" in error(reused)
    assert client.get("/api/v2/remote-jobs?cursor=nonsense").status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "count=0",
        "count=101",
        "count=99999999999999999999",
        "count=ten",
        "count=-5",
        "geo=atlantis",
        "industry=astrology",
        "tag=" + "x" * 201,
        "colour=blue",
        "get=planets",
        "geo=usa&geo=uk",
    ],
)
def test_bad_parameters_are_a_json_400(client, board, query):
    response = client.get(f"/api/v2/remote-jobs?{query}")
    assert response.status_code == 400
    assert error(response)


def test_unknown_parameter_is_named(client):
    assert "colour" in error(client.get("/api/v2/remote-jobs?colour=blue"))


def test_other_methods_are_a_json_405(client):
    response = client.post("/api/v2/remote-jobs", {"count": 1})
    assert response.status_code == 405 and error(response)


def test_get_lists_locations_and_industries(client):
    locations = client.get("/api/v2/remote-jobs?get=locations").json()["locations"]
    germany = next(item for item in locations if item["geoSlug"] == "germany")
    assert germany["geoName"] == "Germany" and isinstance(germany["geoID"], int)
    industries = client.get("/api/v2/remote-jobs?get=industries").json()["industries"]
    assert {
        "industryName": "Software Engineering",
        "industrySlug": "engineering",
    }.items() <= industries[0].items()


def test_status_answers_active_closed_or_unknown(client, board):
    closed = JobFactory(status=Job.Status.FILLED)
    lapsed = JobFactory(expires_at=timezone.now() - timedelta(minutes=1))
    pending = Job.objects.get(title="Hidden Python")
    response = client.get(
        f"/api/v2/remote-jobs/status?ids={board.pk},{closed.pk},{lapsed.pk},{pending.pk},999999"
    )
    assert response.status_code == 200
    assert response.json()["jobs"] == [
        {"id": board.pk, "status": "active"},
        {"id": closed.pk, "status": "closed"},
        {"id": lapsed.pk, "status": "closed"},
        {"id": pending.pk, "status": "unknown"},
        {"id": 999999, "status": "unknown"},
    ]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "ids=",
        "ids=1,two",
        "ids=" + ",".join(map(str, range(101))),
        "ids=1&other=2",
        "ids=1" + "0" * 30,
    ],
)
def test_status_refuses_bad_ids(client, query):
    response = client.get(f"/api/v2/remote-jobs/status?{query}")
    assert response.status_code == 400 and error(response)


def test_rss_feed_parses_and_filters(client, board):
    response = client.get("/jobs/feed")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/rss+xml"
    )
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.version == "rss20"
    assert [entry.title.split(" at ")[0] for entry in feed.entries] == [
        "Python Developer",
        "Sales Lead",
        "Python Teacher",
    ]
    entry = feed.entries[0]
    assert entry.title == "Python Developer at Snake & Co"
    assert entry.link.endswith(board.get_absolute_url())
    assert "word5" in entry.summary and "<script" not in entry.summary
    assert {tag.term for tag in entry.tags} == {"Software Engineering", "Full-Time", "Contract"}
    filtered = feedparser.parse(client.get("/jobs/feed?tag=python&geo=usa").content)
    assert [entry.title.split(" at ")[0] for entry in filtered.entries] == ["Python Teacher"]
    assert "tag=python" in filtered.feed.link
    by_type = feedparser.parse(client.get("/jobs/feed?industry=engineering&type=contract").content)
    assert [entry.title.split(" at ")[0] for entry in by_type.entries] == ["Python Developer"]


def test_atom_feed_parses(client, board):
    response = client.get("/jobs/feed/atom?industry=sales")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.version == "atom10"
    assert [entry.title for entry in feed.entries] == [
        f"Sales Lead at {Job.objects.get(title='Sales Lead').company.name}"
    ]
    assert feed.entries[0].author


def test_feed_takes_the_search_pages_parameters_and_refuses_bad_ones(client, board):
    feed = feedparser.parse(client.get("/jobs/feed?q=python&region=germany&page=2").content)
    assert [entry.title.split(" at ")[0] for entry in feed.entries] == ["Python Developer"]
    for query in ("geo=atlantis", "type=forever", "salary_min=lots"):
        assert client.get(f"/jobs/feed?{query}").status_code == 400
