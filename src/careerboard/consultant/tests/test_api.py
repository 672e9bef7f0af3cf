"""/api/v1/consultant: Plus reads its typed report; Free gets 403 in the one error shape; bad
input is a 422 naming the field; nobody reads another person's profile or reports."""

from __future__ import annotations

import json

from django.test import Client

from careerboard.accounts.tests.helpers import sign_in
from careerboard.billing.services import local_checkout_complete
from careerboard.consultant.models import Profile, Report
from careerboard.core.tests.factories import UserFactory

PROFILE = {
    "target_role": "backend-developer",
    "years_experience": 3,
    "skills": [
        "Python",
        "SQL",
        "git",
        "unit testing",
        "debugging",
        "REST API",
        "postgres",
        "Docker",
        "CI/CD",
    ],
    "responsibilities": ["Build features end to end"],
    "regions": ["germany"],
    "salary_expectation_usd": 105_000,
    "job_type": "full-time",
}


def _put(client: Client, body: dict):  # type: ignore[no-untyped-def]
    return client.put(
        "/api/v1/consultant/profile", json.dumps(body), content_type="application/json"
    )


def test_plus_puts_a_profile_and_reads_the_report(plus_client, board):
    saved = _put(plus_client, PROFILE)
    assert saved.status_code == 200, saved.content
    assert {skill["slug"] for skill in saved.json()["skills"]} >= {"postgresql", "version-control"}

    report = plus_client.get("/api/v1/consultant/report").json()

    assert report["level"]["stage"]["title"] == "Backend Developer"
    assert report["level"]["stage"]["percent"] == 71
    assert report["current"]["skills_missing"][0]["slug"] == "database-management"
    assert report["next"]["title"] == "Senior Backend Developer"
    top = report["recommendations"][0]
    assert top["job_id"] == board["fit"].pk
    assert top["url"] == board["fit"].get_absolute_url()
    assert [reason["factor"] for reason in top["reasons"]] == [
        "role",
        "skills",
        "level",
        "region",
        "salary",
        "recency",
        "job_type",
    ]
    assert board["us_only"].pk not in [job["job_id"] for job in report["recommendations"]]
    history = plus_client.get("/api/v1/consultant/reports").json()
    assert [(r["stage_title"], r["stage_coverage_percent"]) for r in history] == [
        ("Backend Developer", 71)
    ]


def test_free_gets_403_with_the_reason(free_client, guides):
    for response in (
        free_client.get("/api/v1/consultant/report"),
        free_client.get("/api/v1/consultant/profile"),
        free_client.get("/api/v1/consultant/reports"),
        _put(free_client, PROFILE),
    ):
        assert response.status_code == 403
        error = response.json()["error"]
        assert error["code"] == "forbidden"
        assert "part of the Plus plan" in error["message"]
    assert not Profile.objects.exists()


def test_bad_input_is_422_naming_the_field(plus_client, guides):
    cases = {
        "skills": {**PROFILE, "skills": ["Python", "Klingon"]},
        "years_experience": {**PROFILE, "years_experience": -1},
        "salary_expectation_usd": {**PROFILE, "salary_expectation_usd": 10**9},
        "target_role": {**PROFILE, "target_role": "astronaut"},
        "regions": {**PROFILE, "regions": ["atlantis"]},
    }
    for field, body in cases.items():
        response = _put(plus_client, body)
        assert response.status_code == 422, field
        assert field in [f["field"] for f in response.json()["error"]["fields"]], field
    assert not Profile.objects.exists()


def test_no_report_before_a_profile(plus_client, guides):
    response = plus_client.get("/api/v1/consultant/report")
    assert response.status_code == 404
    assert "PUT /consultant/profile" in response.json()["error"]["message"]


def test_nobody_reads_another_persons_profile_or_reports(plus_client, plus_seeker, board):
    _put(plus_client, PROFILE)
    record = Report.objects.get(user=plus_seeker)
    other = UserFactory(email="eve@example.com")
    local_checkout_complete(user=other, price_key="plus-month")
    eve = sign_in(Client(), other.email)

    assert plus_client.get(f"/api/v1/consultant/reports/{record.pk}").status_code == 200
    assert eve.get(f"/api/v1/consultant/reports/{record.pk}").status_code == 404
    assert eve.get("/api/v1/consultant/profile").status_code == 404
    assert eve.get("/api/v1/consultant/report").status_code == 404
    assert eve.get("/api/v1/consultant/reports").json() == []


def test_skill_suggestions_resolve_aliases(plus_client, guides):
    found = plus_client.get("/api/v1/consultant/skills", {"q": "k8"}).json()
    assert found[0]["slug"] == "kubernetes"  # through its alias "k8s"
    assert plus_client.get("/api/v1/consultant/skills", {"q": "postg"}).json()[0] == {
        "slug": "postgresql",
        "name": "PostgreSQL",
    }
