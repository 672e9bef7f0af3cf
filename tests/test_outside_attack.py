"""The server errors an outside attack found (issue 13), each now a clear 4xx: digits that are
digits only to str.isdigit(), unreadable multipart bodies, JSON bodies that are not objects,
booleans for numbers, a 20000x20000 PNG, and a bookmark changed and removed at the same moment."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from careerboard.accounts.services.access_tokens import access_token_create
from careerboard.alerts.tests.helpers import make_alert
from careerboard.applications import selectors
from careerboard.applications.models import Bookmark
from careerboard.applications.services import bookmarks
from careerboard.companies.tests.test_logo import huge_png
from careerboard.core.tests.concurrency import run_at_once
from careerboard.core.tests.factories import JobFactory, MembershipFactory, UserFactory
from careerboard.employers.tests.conftest import client_for

pytestmark = pytest.mark.django_db


def api_client(user) -> Client:  # type: ignore[no-untyped-def]
    _, raw = access_token_create(user=user, name="t", scope="write", expires_in_days=None)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", raise_request_exception=False)


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap-jobs.xml?p=%C2%B2",
        "/jobs?page=%C2%B2",
        "/jobs?salary_min=%C2%B2",
        "/api/v1/jobs?salary_min=%C2%B2",
        "/api/v2/remote-jobs?count=%C2%B2",
        "/api/v2/remote-jobs/status?ids=%C2%B2",
        "/jobs?company=%00",
        "/jobs/feed?company=%00",
        "/jobs/feed/atom?company=%00",
        "/consultant/skills?skills=%00",
    ],
)
def test_superscript_digits_and_nul_in_a_url_are_not_server_errors(url):
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code < 500, (url, response.status_code)


def test_a_second_factor_of_superscript_digits_is_a_wrong_code(db):
    from careerboard.accounts.services.two_factor import totp_accept

    user = UserFactory()
    assert totp_accept(user=user, code="¹²³⁴⁵⁶") is False


def multipart(parts: list[tuple[str, str, bytes]], boundary: str = "B") -> bytes:
    body = b""
    for name, filename, content in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + content
        body += b"\r\n"
    return body + f"--{boundary}--\r\n".encode()


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", b"--x\r\nabc"),
        ("multipart/form-data; boundary=", b"--x\r\nabc"),
        (
            "multipart/form-data; boundary=B",
            multipart([("job_id", "", b"1"), ("resume", "a" * 5000 + ".pdf", b"%PDF-1.4")]),
        ),
    ],
    ids=["no boundary", "empty boundary", "5000-character file name"],
)
def test_an_unreadable_multipart_body_is_a_400_in_the_apis_shape(content_type, body):
    api = api_client(UserFactory())
    response = api.post("/api/v1/applications", body, content_type=content_type)
    assert response.status_code == 400, response.content[:300]
    assert response.json()["error"]["code"] == "bad_request"


@pytest.mark.parametrize("body", ["[null,null]", "[]", "null", "7", '"x"'])
def test_a_patch_body_that_is_not_an_object_is_a_422(body):
    member = MembershipFactory().user
    job = JobFactory(company=member.memberships.get().company, title="Backend Engineer")
    alert = make_alert(member)
    api = api_client(member)
    for url in (f"/api/v1/jobs/{job.pk}", f"/api/v1/alerts/{alert.pk}"):
        response = api.patch(url, body, content_type="application/json")
        assert response.status_code == 422, (url, body, response.content[:300])


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/alerts", {"search": {"tz_min": False}}, "search.tz_min"),
        ("/api/v1/alerts", {"search": {"salary_min": True}}, "search.salary_min"),
        ("/api/v1/bookmarks", {"job_id": True}, "job_id"),
    ],
)
def test_true_or_false_for_a_number_is_a_422(url, body, field):
    api = api_client(UserFactory())
    response = api.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 422, response.content[:300]
    assert field in [item["field"] for item in response.json()["error"]["fields"]]


def test_a_20000_pixel_square_logo_is_a_form_error(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    owner = MembershipFactory(company__slug="acme", company__name="Acme").user
    upload = SimpleUploadedFile("big.png", huge_png(20000, 20000))
    response = client_for(owner).post(
        "/employer/companies/acme/edit", {"name": "Acme", "logo": upload}
    )
    assert response.status_code == 400
    assert 'id="id_logo_error"' in response.content.decode()


def test_a_note_for_a_bookmark_removed_meanwhile_is_a_404(db):
    seeker = UserFactory()
    bookmark = bookmarks.bookmark_add(user=seeker, job=JobFactory())
    stale = selectors.bookmark_get(user=seeker, bookmark_id=bookmark.pk)
    bookmarks.bookmark_remove(user=seeker, job=bookmark.job)
    with pytest.raises(Bookmark.DoesNotExist):
        bookmarks.bookmark_note_update(user=seeker, bookmark=stale, note="too late")


@pytest.mark.django_db(transaction=True)
def test_changing_and_removing_one_bookmark_at_once_never_fails(on_postgres):
    """The attack's 40 concurrent PATCH and DELETE of one bookmark: each a 200, 204 or 404."""
    seeker = UserFactory()
    _, raw = access_token_create(user=seeker, name="t", scope="write", expires_in_days=None)
    statuses: list[int] = []
    for _ in range(4):
        bookmark = bookmarks.bookmark_add(user=seeker, job=JobFactory())

        def request(number: int, url: str = f"/api/v1/bookmarks/{bookmark.pk}") -> None:
            client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}", raise_request_exception=False)
            if number % 2:
                response = client.delete(url)
            else:
                response = client.patch(
                    url, json.dumps({"note": f"note {number}"}), content_type="application/json"
                )
            statuses.append(response.status_code)

        assert run_at_once(request, times=10) == ["done"] * 10
    assert set(statuses) <= {200, 204, 404}, statuses


def test_superscript_years_on_the_consultant_form_are_not_a_server_error(db):
    page = Client(raise_request_exception=False)
    page.force_login(UserFactory())
    response = page.post(
        "/consultant/profile", {"target_role": "backend-developer", "years_experience": "²"}
    )
    assert response.status_code < 500


def test_an_infinite_utc_offset_is_a_form_error(db):
    owner = MembershipFactory(company__slug="acme").user
    response = client_for(owner).post(
        "/employer/jobs/new", {"company": "acme", "title": "Engineer", "timezone_min": "-1e309"}
    )
    assert response.status_code == 400
    assert 'id="id_timezone_min_error"' in response.content.decode()


def test_a_two_factor_setup_code_of_odd_digits_is_a_wrong_code(db):
    page = Client(raise_request_exception=False)
    page.force_login(UserFactory())
    page.get("/account/two-factor/")
    response = page.post("/account/two-factor/", {"code": "١٢٣٤٥٦"})
    assert response.status_code < 500
