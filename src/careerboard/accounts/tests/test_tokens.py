"""Personal access tokens: made and revoked on the account page, used as bearer tokens."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from careerboard.accounts.models import AccessToken
from careerboard.accounts.services.access_tokens import access_token_create
from careerboard.accounts.tests.helpers import sign_in
from careerboard.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def create_token(client: Client, *, name: str = "phone", scope: str = "read", expires: str = "90"):
    response = client.post(
        "/account/tokens/", {"name": name, "scope": scope, "expires_in_days": expires}
    )
    assert response.status_code == 200
    return re.search(r'data-testid="new-token">([^<]+)<', response.content.decode()).group(1)


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_token_is_shown_once_and_stored_as_a_hash(signed_in, person):
    token = create_token(signed_in)
    assert token.startswith("cb_pat_") and len(token) > 40
    stored = AccessToken.objects.get()
    assert stored.user == person and stored.scope == "read"
    assert token not in {stored.token_hash, stored.hint}
    page = signed_in.get("/account/tokens/").content.decode()
    assert token not in page
    assert stored.hint in page and "phone" in page


def test_a_token_reads_the_profile_and_its_use_is_recorded(signed_in, person):
    token = create_token(signed_in)
    response = Client().get("/api/v1/me", **bearer(token))
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "ada@example.com" and body["role"] == "seeker"
    assert body["two_factor_enabled"] is False
    assert AccessToken.objects.get().last_used_at is not None


def test_a_read_token_cannot_write_and_a_write_token_can(signed_in, person):
    read = create_token(signed_in, name="reader")
    write = create_token(signed_in, name="writer", scope="write")
    response = Client().patch(
        "/api/v1/me", {"name": "Countess"}, content_type="application/json", **bearer(read)
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert "write scope" in response.json()["error"]["message"]

    response = Client().patch(
        "/api/v1/me", {"name": "Countess"}, content_type="application/json", **bearer(write)
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Countess"

    too_long = Client().patch(
        "/api/v1/me", {"name": "x" * 151}, content_type="application/json", **bearer(write)
    )
    assert too_long.status_code == 422
    assert too_long.json()["error"]["fields"][0]["field"] == "name"


def test_revoked_expired_and_made_up_tokens_get_401_json(signed_in, person):
    token = create_token(signed_in)
    stored = AccessToken.objects.get()
    assert signed_in.post(f"/account/tokens/{stored.pk}/revoke/").status_code == 302
    expiring = create_token(signed_in, name="short")
    AccessToken.objects.filter(name="short").update(expires_at=timezone.now() - timedelta(1))
    for bad in (token, expiring, "cb_pat_madeup", "", "not-even-our-prefix"):
        response = Client().get("/api/v1/me", **bearer(bad))
        assert response.status_code == 401, bad
        assert response.json() == {
            "error": {
                "status": 401,
                "code": "not_authenticated",
                "message": "Authentication is required.",
                "fields": [],
            }
        }
    assert Client().get("/api/v1/me").status_code == 401


def test_a_deactivated_persons_token_stops_working(signed_in, person):
    token = create_token(signed_in)
    person.is_active = False
    person.save()
    assert Client().get("/api/v1/me", **bearer(token)).status_code == 401


def test_nobody_revokes_someone_elses_token(signed_in, person):
    create_token(signed_in)
    UserFactory(email="mallory@example.com")
    mallory = sign_in(Client(), "mallory@example.com")
    assert (
        mallory.post(f"/account/tokens/{AccessToken.objects.get().pk}/revoke/").status_code == 404
    )
    assert AccessToken.objects.exists()


def test_bad_token_form_input_is_a_form_error(signed_in):
    for data in ({"name": "", "scope": "read"}, {"name": "x", "scope": "admin"}, {}):
        response = signed_in.post("/account/tokens/", data)
        assert response.status_code == 400
    assert not AccessToken.objects.exists()


def test_the_browser_session_uses_the_api_with_csrf(person):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(person)
    assert browser.get("/api/v1/me").json()["email"] == person.email
    no_csrf = browser.patch("/api/v1/me", {"name": "X"}, content_type="application/json")
    assert no_csrf.status_code == 403
    browser.get("/account/")  # sets the CSRF cookie, as any page does
    csrf = browser.cookies["csrftoken"].value
    response = browser.patch(
        "/api/v1/me", {"name": "Ada"}, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert response.status_code == 200


def test_pages_that_show_a_secret_are_never_cached(signed_in):
    response = signed_in.post("/account/tokens/", {"name": "ci", "scope": "read"})
    assert "no-store" in response["Cache-Control"]
    assert "no-store" in signed_in.get("/account/two-factor/")["Cache-Control"]


def test_staff_see_tokens_in_the_admin_without_their_hash(person):
    token, _ = access_token_create(user=person, name="phone", scope="read", expires_in_days=None)
    staff = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    page = client.get(f"/admin/accounts/accesstoken/{token.pk}/change/").content.decode()
    assert "phone" in page and token.hint in page
    assert token.token_hash not in page
    for model in ("user", "usersession", "accesstoken"):
        assert client.get(f"/admin/accounts/{model}/").status_code == 200
