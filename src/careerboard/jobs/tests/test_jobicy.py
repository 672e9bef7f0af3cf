"""Jobicy's Jobs API at /api/v2/remote-jobs: its shape, filters, cursor, errors and status."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from careerboard.core.tests.factories import JobFactory
from careerboard.jobs.models import Job

pytestmark = pytest.mark.django_db


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
    assert body["apiVersion"] == "2.2.18"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert body["success"] is True and body["statusCode"] == 200
    assert body["jobCount"] == 3 and body["hasMore"] is False and body["nextCursor"] is None
    assert body["appliedFilters"] == {"count": 200}
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
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", job["pubDate"])
    assert (job["salaryMin"], job["salaryMax"], job["salaryCurrency"], job["salaryPeriod"]) == (
        70_000,
        90_000,
        "EUR",
        "yearly",
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
        "count=ten",
        "count=%C2%B2",  # a superscript two: a digit to str.isdigit(), not to int()
        "count=%D9%A3",  # an Arabic-Indic three
        "count=1.5",
        "count=1e3",
        "count[]=5",
        "geo=atlantis",
        "industry=astrology",
        "tag=" + "x" * 51,
        "tag=ab",
        "get=locations&cursor=abc",
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


@pytest.mark.parametrize("path", ["/api/v2/remote-jobs", "/api/v2/remote-jobs/status"])
def test_other_methods_are_a_json_405_with_allow(client, path):
    response = client.post(path, {"count": 1})
    assert response.status_code == 405 and error(response)
    assert response["Allow"] == "GET"


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
    assert response["Cache-Control"] == "public, max-age=60"
    body = response.json()
    assert body["count"] == 5 and body["apiVersion"] == "2.2.18"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", body["checkedAt"])
    assert body["jobs"] == [
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
        "ids=" + ",".join(map(str, range(1, 102))),
        "ids=" + ",".join(["7"] * 101),  # counted before duplicates are folded
        "ids=1&other=2",
        "ids=1" + "0" * 30,
        "ids=1,,2",
        "ids=0",
        "ids=01",
        "ids=%2B1",
        "ids=-1",
        "ids=1.5",
        "ids=1e3",
        "ids=9007199254740992",
        "ids=%C2%B2",
        "ids[]=1",
        "ids=1&ids=2",
    ],
)
def test_status_refuses_bad_ids(client, query):
    response = client.get(f"/api/v2/remote-jobs/status?{query}")
    assert response.status_code == 400 and error(response)
