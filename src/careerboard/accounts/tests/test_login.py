"""Log-in and log-out, the per-network limit and the per-account lockout, and the header."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from django.test import Client

from careerboard.accounts.services.limits import LOGIN_FAILURES_PER_EMAIL, LOGIN_PER_IP
from careerboard.accounts.tests.helpers import PASSWORD, sign_in
from careerboard.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_log_in_lands_a_seeker_on_their_applications_and_the_header_follows(client, person):
    html = client.get("/").content.decode()
    assert 'href="/account/login/"' in html and 'href="/account/signup/"' in html
    assert "/admin/login/" not in html

    response = client.post("/account/login/", {"email": "ADA@example.com ", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/applications/"
    html = client.get("/").content.decode()
    assert 'href="/account/"' in html
    assert 'action="/account/logout/"' in html and 'method="post"' in html

    assert client.get("/account/logout/").status_code == 405  # log-out is a POST, not a link
    assert client.post("/account/logout/").status_code == 302
    assert client.get("/account/")["Location"] == "/account/login/?next=/account/"


def test_log_in_returns_to_a_local_next_page_only(client, person):
    response = client.post(
        "/account/login/?next=/jobs/", {"email": person.email, "password": PASSWORD}
    )
    assert response["Location"] == "/jobs/"
    client.post("/account/logout/")
    response = client.post(
        "/account/login/",
        {"email": person.email, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/applications/"


@pytest.mark.parametrize(
    ("role", "staff", "landing"),
    [
        ("seeker", False, "/applications/"),
        ("employer", False, "/employer/"),
        ("staff", True, "/staff/moderation/"),
    ],
)
def test_each_role_lands_where_its_work_is(client, role, staff, landing):
    user = UserFactory(role=role, is_staff=staff)
    response = client.post("/account/login/", {"email": user.email, "password": PASSWORD})
    assert response["Location"] == landing


@pytest.mark.parametrize(
    "data",
    [
        {"email": "ada@example.com", "password": "wrong"},
        {"email": "nobody@example.com", "password": PASSWORD},
        {"email": "not-an-email", "password": "x"},
        {},
    ],
)
def test_bad_log_in_is_a_form_error(client, person, data):
    response = client.post("/account/login/", data)
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_a_deactivated_account_cannot_log_in(client):
    UserFactory(email="gone@example.com", is_active=False)
    response = client.post("/account/login/", {"email": "gone@example.com", "password": PASSWORD})
    assert response.status_code == 400


def test_repeated_failures_lock_the_account_even_against_the_right_password(client, person):
    for _ in range(LOGIN_FAILURES_PER_EMAIL.limit - 1):
        response = client.post("/account/login/", {"email": person.email, "password": "nope"})
        assert response.status_code == 400
    response = client.post("/account/login/", {"email": person.email, "password": "nope"})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts for this account" in response.content.decode()
    assert int(response["Retry-After"]) <= LOGIN_FAILURES_PER_EMAIL.window_seconds

    right = client.post("/account/login/", {"email": person.email, "password": PASSWORD})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    # Other accounts are not affected.
    UserFactory(email="grace@example.com")
    sign_in(Client(), "grace@example.com")


def test_the_lockout_ends_with_its_window(client, person, monkeypatch):
    for _ in range(LOGIN_FAILURES_PER_EMAIL.limit):
        client.post("/account/login/", {"email": person.email, "password": "nope"})
    later = __import__("time").time() + LOGIN_FAILURES_PER_EMAIL.window_seconds + 1
    monkeypatch.setattr("careerboard.core.ratelimit.time.time", lambda: later)
    sign_in(client, person.email)


def test_a_success_clears_earlier_failures(client, person):
    for _ in range(LOGIN_FAILURES_PER_EMAIL.limit - 1):
        client.post("/account/login/", {"email": person.email, "password": "nope"})
    sign_in(client, person.email)
    client.post("/account/logout/")
    for _ in range(LOGIN_FAILURES_PER_EMAIL.limit - 1):
        assert (
            client.post("/account/login/", {"email": person.email, "password": "nope"}).status_code
            == 400
        )


def test_one_network_trying_many_accounts_is_limited(client, person, monkeypatch):
    # The limit counts in fixed 5-minute windows: a run crossing a window's edge (under load it
    # takes seconds) started counting again and signed in. The rate limiter's clock stays put.
    start = time.time() // LOGIN_PER_IP.window_seconds * LOGIN_PER_IP.window_seconds
    monkeypatch.setattr("careerboard.core.ratelimit.time", SimpleNamespace(time=lambda: start))
    for n in range(LOGIN_PER_IP.limit):
        client.post("/account/login/", {"email": f"guess{n}@example.com", "password": "x"})
    response = client.post("/account/login/", {"email": person.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "from your network" in response.content.decode()
    # Another address is another network.
    other = Client(REMOTE_ADDR="203.0.113.9")
    sign_in(other, person.email)


def test_the_admin_login_is_the_account_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/admin/"
    staff = UserFactory(email="staff@example.com", role="staff", is_staff=True)
    response = client.post(
        "/account/login/?next=/admin/", {"email": staff.email, "password": PASSWORD}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
