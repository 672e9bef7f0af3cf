"""/api/v1/jobs, /companies and /taxonomies: search, read, post, edit, close; errors and who may."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from ninja.renderers import JSONRenderer

from careerboard.accounts.models import User
from careerboard.accounts.services.access_tokens import access_token_create
from careerboard.core.tests.factories import (
    CompanyFactory,
    JobFactory,
    MembershipFactory,
    UserFactory,
)
from careerboard.jobs.api import SearchOut, search_body
from careerboard.jobs.indexing import job_search_rebuild
from careerboard.jobs.models import Job
from careerboard.jobs.selectors import job_search
from careerboard.search.params import query_from_params

pytestmark = pytest.mark.django_db

DESCRIPTION = "<p>Build and run the payment APIs that thousands of shops rely on every day.</p>"


def bearer(user: User, scope: str = "write") -> dict:
    _, raw = access_token_create(user=user, name="test", scope=scope, expires_in_days=None)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post_json(client: Client, path: str, body, **headers):
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


def patch_json(client: Client, path: str, body, **headers):
    return client.patch(path, json.dumps(body), content_type="application/json", **headers)


def error_fields(response) -> list[str]:
    return [item["field"] for item in response.json()["error"]["fields"]]


@pytest.fixture
def member():
    return MembershipFactory(company__slug="acme", company__name="Acme").user


@pytest.fixture
def board():
    rust = JobFactory(
        title="Rust Engineer",
        industries=["engineering"],
        regions=["europe"],
        job_types=["full-time"],
    )
    JobFactory(
        title="Rust Designer",
        industries=["design-multimedia"],
        regions=["usa"],
        job_types=["contract"],
    )
    JobFactory(
        title="Account Manager",
        industries=["sales"],
        salary_min=100_000,
        salary_max=120_000,
        salary_currency="USD",
        salary_period="year",
    )
    JobFactory(title="Rust Draft", status=Job.Status.DRAFT, published_at=None)
    job_search_rebuild()
    return rust


def test_search_uses_the_web_page_parameters(client, board):
    response = client.get(
        "/api/v1/jobs", {"q": "rust", "industry": "engineering,sales", "region": "germany"}
    )
    assert response.status_code == 200
    body = response.json()
    assert [job["title"] for job in body["jobs"]] == ["Rust Engineer"]
    assert body["total"] == 1 and body["total_display"] == "1"
    assert body["next_cursor"] is None
    job = body["jobs"][0]
    assert job["url"].endswith(board.get_absolute_url())
    assert job["industries"] == [{"slug": "engineering", "name": "Software Engineering"}]
    assert job["company"]["slug"] == board.company.slug
    assert {
        "slug": "engineering",
        "name": "Software Engineering",
        "count": 1,
        "estimated": False,
        "count_display": "1",
    } in body["facets"]["industry"]


def test_the_search_response_is_what_validating_the_schema_gives(board, client, rf):
    """The response is built without ninja's validation of each nested object; it says the
    same as that validation of the search result would, rendered as ninja renders it."""
    for params in ({}, {"q": "rust", "sort": "newest"}):
        result = job_search(query=query_from_params(params), limit=1)
        assert result.jobs and result.facets and result.next_cursor
        validated = SearchOut.model_validate(result, context={"request": rf.get("/api/v1/jobs")})
        assert search_body(result) == validated.model_dump()
        response = client.get("/api/v1/jobs", {**params, "limit": 1})
        assert response["Content-Type"] == "application/json; charset=utf-8"
        # A cursor is signed with the time: made in another second, it differs.
        expected = {**validated.model_dump(), "next_cursor": response.json()["next_cursor"]}
        assert (
            response.content == JSONRenderer().render(None, expected, response_status=200).encode()
        )


def test_search_filters_by_salary_and_pages_with_a_cursor(client, board):
    assert [j["title"] for j in client.get("/api/v1/jobs?salary_min=110000").json()["jobs"]] == [
        "Account Manager"
    ]
    first = client.get("/api/v1/jobs", {"q": "rust", "limit": 1, "sort": "newest"}).json()
    assert first["total"] == 2 and len(first["jobs"]) == 1
    second = client.get(
        "/api/v1/jobs", {"q": "rust", "limit": 1, "sort": "newest", "cursor": first["next_cursor"]}
    ).json()
    assert len(second["jobs"]) == 1 and second["jobs"][0]["id"] != first["jobs"][0]["id"]
    assert second["next_cursor"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"industry": "astrology"}, "industry"),
        ({"region": "atlantis"}, "region"),
        ({"company": "nobody"}, "company"),
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"salary_min": "lots"}, "salary_min"),
        ({"salary_min": "5", "salary_max": "1"}, "salary_max"),
        ({"tz_min": "99"}, "tz_min"),
        ({"sort": "random"}, "sort"),
        ({"posted_within": "-3"}, "posted_within"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_search_parameters_are_a_422_naming_the_field(client, board, params, field):
    response = client.get("/api/v1/jobs", params)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    assert error_fields(response) == [field]


def test_a_forged_or_reused_cursor_is_a_400(client, board):
    assert client.get("/api/v1/jobs?cursor=garbage").status_code == 400
    cursor = client.get("/api/v1/jobs", {"q": "rust", "limit": 1}).json()["next_cursor"]
    response = client.get("/api/v1/jobs", {"q": "engineer", "limit": 1, "cursor": cursor})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


def test_detail_shows_published_and_ended_jobs_but_not_others_drafts(client, board, member):
    assert client.get(f"/api/v1/jobs/{board.pk}").json()["description"] == board.description
    closed = JobFactory(title="Closed", status=Job.Status.CLOSED)
    assert client.get(f"/api/v1/jobs/{closed.pk}").json()["status"] == "closed"
    draft = Job.objects.get(title="Rust Draft")
    assert client.get(f"/api/v1/jobs/{draft.pk}").status_code == 404
    assert client.get(f"/api/v1/jobs/{draft.pk}", **bearer(member)).status_code == 404
    own = JobFactory(
        company=member.memberships.get().company, status=Job.Status.DRAFT, published_at=None
    )
    assert (
        client.get(f"/api/v1/jobs/{own.pk}", **bearer(member, "read")).json()["status"] == "draft"
    )
    assert client.get("/api/v1/jobs/999999").status_code == 404


def test_post_creates_a_job_waiting_for_review(client, member):
    body = {
        "company": "acme",
        "title": "Payments Engineer",
        "description": DESCRIPTION,
        "industries": ["engineering"],
        "regions": ["europe"],
        "salary_min": 90_000,
        "salary_max": 120_000,
        "salary_currency": "EUR",
        "salary_period": "year",
    }
    response = post_json(client, "/api/v1/jobs", body, **bearer(member))
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "pending"
    assert created["salary"] == {"min": 90_000, "max": 120_000, "currency": "EUR", "period": "year"}
    job = Job.objects.get(pk=created["id"])
    assert job.posted_by == member and job.company.slug == "acme"


def test_post_needs_credentials_the_write_scope_and_membership(client, member):
    body = {"company": "acme", "title": "Payments Engineer", "description": DESCRIPTION}
    anonymous = post_json(client, "/api/v1/jobs", body)
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "not_authenticated"
    assert post_json(client, "/api/v1/jobs", body, **bearer(member, "read")).status_code == 403
    CompanyFactory(slug="other")
    assert (
        post_json(
            client, "/api/v1/jobs", {**body, "company": "other"}, **bearer(member)
        ).status_code
        == 403
    )
    unknown = post_json(client, "/api/v1/jobs", {**body, "company": "nowhere"}, **bearer(member))
    assert unknown.status_code == 422 and error_fields(unknown) == ["company"]
    assert not Job.objects.exists()


def test_invalid_bodies_are_4xx_naming_the_fields(client, member):
    auth = bearer(member)
    service = post_json(
        client,
        "/api/v1/jobs",
        {"company": "acme", "title": "x", "description": "short", "regions": ["atlantis"]},
        **auth,
    )
    assert service.status_code == 422
    assert set(error_fields(service)) == {"title", "description", "regions"}
    typed = post_json(
        client,
        "/api/v1/jobs",
        {"company": "acme", "title": 5, "description": DESCRIPTION, "salary_min": "lots"},
        **auth,
    )
    assert typed.status_code == 422 and set(error_fields(typed)) == {"title", "salary_min"}
    missing = post_json(client, "/api/v1/jobs", {"company": "acme"}, **auth)
    assert missing.status_code == 422 and set(error_fields(missing)) == {"title", "description"}
    malformed = client.post("/api/v1/jobs", "{not json", content_type="application/json", **auth)
    assert malformed.status_code == 400
    assert post_json(client, "/api/v1/jobs", ["a", "list"], **auth).status_code == 422
    huge = post_json(
        client,
        "/api/v1/jobs",
        {"company": "acme", "title": "Big", "description": "x" * 60_000},
        **auth,
    )
    assert huge.status_code == 422 and error_fields(huge) == ["description"]
    oversized = post_json(
        client,
        "/api/v1/jobs",
        {"company": "acme", "title": "Big", "description": "x" * 7_000_000},
        **auth,
    )
    assert oversized.status_code == 413
    assert not Job.objects.exists()


def test_patch_changes_only_what_is_sent_and_sends_a_live_job_back_to_review(client, member):
    job = JobFactory(
        company=member.memberships.get().company,
        description=DESCRIPTION,
        industries=["engineering"],
    )
    response = patch_json(
        client, f"/api/v1/jobs/{job.pk}", {"title": "Senior Payments Engineer"}, **bearer(member)
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Senior Payments Engineer" and body["status"] == "pending"
    assert body["industries"] == [{"slug": "engineering", "name": "Software Engineering"}]
    bad = patch_json(
        client,
        f"/api/v1/jobs/{job.pk}",
        {"salary_min": 10, "salary_max": 5, "salary_currency": "USD", "salary_period": "year"},
        **bearer(member),
    )
    assert bad.status_code == 422 and error_fields(bad) == ["salary_max"]


def test_only_members_and_staff_change_a_job(client, member):
    job = JobFactory(description=DESCRIPTION)
    stranger = MembershipFactory().user
    assert patch_json(client, f"/api/v1/jobs/{job.pk}", {"title": "Mine now"}).status_code == 401
    assert (
        patch_json(
            client, f"/api/v1/jobs/{job.pk}", {"title": "Mine now"}, **bearer(stranger)
        ).status_code
        == 403
    )
    assert (
        post_json(
            client, f"/api/v1/jobs/{job.pk}/close", {"status": "closed"}, **bearer(stranger)
        ).status_code
        == 403
    )
    pending = JobFactory(status=Job.Status.PENDING, published_at=None)
    assert (
        patch_json(
            client, f"/api/v1/jobs/{pending.pk}", {"title": "Mine now"}, **bearer(stranger)
        ).status_code
        == 404
    )
    staff = UserFactory(role=User.Role.STAFF, is_staff=True)
    assert (
        post_json(
            client, f"/api/v1/jobs/{job.pk}/close", {"status": "filled"}, **bearer(staff)
        ).json()["status"]
        == "filled"
    )
    job.refresh_from_db()
    assert job.title == "Backend Engineer"


def test_close_ends_a_job_once(client, member):
    job = JobFactory(company=member.memberships.get().company)
    job_search_rebuild()
    assert client.get("/api/v1/jobs?q=backend").json()["total"] == 1
    response = post_json(
        client, f"/api/v1/jobs/{job.pk}/close", {"status": "filled"}, **bearer(member)
    )
    assert response.status_code == 200 and response.json()["status"] == "filled"
    assert client.get("/api/v1/jobs?q=backend").json()["total"] == 0
    again = post_json(
        client, f"/api/v1/jobs/{job.pk}/close", {"status": "closed"}, **bearer(member)
    )
    assert again.status_code == 409
    wrong = post_json(
        client, f"/api/v1/jobs/{job.pk}/close", {"status": "deleted"}, **bearer(member)
    )
    assert wrong.status_code == 422 and error_fields(wrong) == ["status"]
    edit = patch_json(client, f"/api/v1/jobs/{job.pk}", {"title": "Again"}, **bearer(member))
    assert edit.status_code == 409


def test_companies_list_pages_and_detail_counts_open_jobs(client):
    for slug in ("alpha", "beta", "gamma"):
        CompanyFactory(slug=slug, name=slug.title())
    JobFactory(company__slug="delta")
    first = client.get("/api/v1/companies?limit=2").json()
    assert [c["slug"] for c in first["companies"]] == ["alpha", "beta"]
    second = client.get(f"/api/v1/companies?limit=2&cursor={first['next_cursor']}").json()
    assert [c["slug"] for c in second["companies"]] == ["delta", "gamma"]
    assert second["next_cursor"] is None
    detail = client.get("/api/v1/companies/delta").json()
    assert detail["open_jobs"] == 1 and detail["logo"] is None
    assert detail["url"].endswith("/companies/delta")
    assert client.get("/api/v1/companies/nobody").status_code == 404
    assert client.get("/api/v1/companies?cursor=forged").status_code == 400
    assert client.get("/api/v1/companies?limit=1000").status_code == 422


def test_taxonomies_list_every_vocabulary_with_region_parents(client):
    body = client.get("/api/v1/taxonomies").json()
    assert {"slug": "full-time", "name": "Full-Time"} in body["job_types"]
    assert {"slug": "engineering", "name": "Software Engineering"} in body["industries"]
    germany = next(r for r in body["regions"] if r["slug"] == "germany")
    assert germany == {
        "slug": "germany",
        "name": "Germany",
        "kind": "country",
        "parent": "europe",
        "country_code": "DE",
    }
    assert next(r for r in body["regions"] if r["slug"] == "anywhere")["parent"] is None
    assert len(body["levels"]) == 7


def test_the_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/jobs",
        "/api/v1/jobs/{job_id}",
        "/api/v1/jobs/{job_id}/close",
        "/api/v1/companies",
        "/api/v1/companies/{slug}",
        "/api/v1/taxonomies",
    ):
        assert path in paths
    assert {"get", "post"} <= set(paths["/api/v1/jobs"])
