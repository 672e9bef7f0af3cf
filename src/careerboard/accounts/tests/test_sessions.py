"""The list of signed-in sessions, with either session engine, and ending them."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from careerboard.accounts.models import UserSession
from careerboard.accounts.tests.helpers import PASSWORD, sign_in
from careerboard.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENGINES = {
    "database": "django.contrib.sessions.backends.db",
    "cache": "django.contrib.sessions.backends.cache",
}


@pytest.fixture(params=sorted(ENGINES))
def session_engine(request, settings):
    """Each test runs with sessions in the database and in the cache (Redis when REDIS_URL is
    set, as in production; local memory otherwise)."""
    settings.SESSION_ENGINE = ENGINES[request.param]
    return request.param


def test_each_log_in_is_listed_and_can_be_signed_out_from_another(session_engine, person):
    laptop = sign_in(Client(HTTP_USER_AGENT="Laptop Firefox"), person.email)
    phone = sign_in(
        Client(HTTP_USER_AGENT="Phone Safari", REMOTE_ADDR="198.51.100.7"), person.email
    )
    page = laptop.get("/account/sessions/").content.decode()
    assert "Laptop Firefox" in page and "Phone Safari" in page and "198.51.100.7" in page
    assert "This browser" in page

    phone_session = UserSession.objects.get(user_agent="Phone Safari")
    response = laptop.post(f"/account/sessions/{phone_session.pk}/revoke/")
    assert response.status_code == 302
    assert phone.get("/account/").status_code == 302  # the phone is signed out
    assert laptop.get("/account/").status_code == 200
    assert "Phone Safari" not in laptop.get("/account/sessions/").content.decode()


def test_sign_out_all_others_keeps_this_one(session_engine, person):
    browsers = [sign_in(Client(), person.email) for _ in range(3)]
    browsers[0].post("/account/sessions/revoke-others/")
    assert browsers[0].get("/account/").status_code == 200
    assert [b.get("/account/").status_code for b in browsers[1:]] == [302, 302]
    assert UserSession.objects.filter(user=person).count() == 1


def test_nobody_signs_out_someone_else(session_engine, person):
    mine = sign_in(Client(), person.email)
    UserFactory(email="mallory@example.com")
    mallory = sign_in(Client(), "mallory@example.com")
    session = UserSession.objects.get(user=person)
    assert mallory.post(f"/account/sessions/{session.pk}/revoke/").status_code == 404
    assert mine.get("/account/").status_code == 200


def test_log_out_and_expiry_leave_no_record_listed(session_engine, person, settings):
    browser = sign_in(Client(), person.email)
    browser.post("/account/logout/")
    assert not UserSession.objects.exists()

    sign_in(Client(), person.email)
    sign_in(Client(), person.email)
    settings.SESSION_ENGINE = ENGINES["cache" if session_engine == "database" else "database"]
    # Under the other engine neither session exists: both records are dead and are pruned.
    out = io.StringIO()
    call_command("prune_user_sessions", stdout=out)
    assert out.getvalue().strip() == "pruned 2 session records"
    assert not UserSession.objects.exists()


def test_a_password_change_signs_out_every_other_session(session_engine, person):
    here = sign_in(Client(), person.email)
    there = sign_in(Client(), person.email)
    response = here.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a brand new passphrase",
            "new_password2": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert here.get("/account/").status_code == 200
    assert there.get("/account/").status_code == 302
    [record] = UserSession.objects.filter(user=person)
    assert record.session_key == here.session.session_key
