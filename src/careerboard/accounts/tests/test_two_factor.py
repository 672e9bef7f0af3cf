"""Optional TOTP two-factor authentication with one-time recovery codes."""

from __future__ import annotations

import re

import pyotp
import pytest
from django.test import Client

from careerboard.accounts.models import RecoveryCode, User, UserSession
from careerboard.accounts.services.limits import TWO_FACTOR_FAILURES_PER_USER
from careerboard.accounts.services.two_factor import RECOVERY_CODE_COUNT
from careerboard.accounts.tests.helpers import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


def turn_on(client: Client) -> tuple[str, list[str]]:
    """Set up two-factor authentication as a person would: read the key, type a code."""
    html = client.get("/account/two-factor/").content.decode()
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7]+)<', html).group(1)
    response = client.post("/account/two-factor/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([0-9a-f-]+)</code></li>", response.content.decode())
    return secret, codes


def password_step(client: Client, email: str = "ada@example.com"):
    return client.post("/account/login/", {"email": email, "password": PASSWORD})


def test_turning_on_gives_recovery_codes_stored_only_as_hashes(signed_in, person):
    secret, codes = turn_on(signed_in)
    person.refresh_from_db()
    assert person.two_factor_enabled and person.totp_secret == secret
    assert len(codes) == len(set(codes)) == RECOVERY_CODE_COUNT
    stored = set(RecoveryCode.objects.filter(user=person).values_list("code_hash", flat=True))
    assert len(stored) == RECOVERY_CODE_COUNT
    assert not stored & set(codes)
    page = signed_in.get("/account/two-factor/").content.decode()
    assert f"{RECOVERY_CODE_COUNT} unused recovery codes" in page
    assert codes[0] not in page  # shown once only


def test_turning_on_signs_out_every_other_session(signed_in, person):
    elsewhere = [sign_in(Client(), person.email) for _ in range(2)]
    assert all(other.get("/account/").status_code == 200 for other in elsewhere)
    turn_on(signed_in)
    assert all(other.get("/account/").status_code == 302 for other in elsewhere)
    assert signed_in.get("/account/").status_code == 200  # the browser that turned it on stays
    assert UserSession.objects.filter(user=person).count() == 1


def test_a_wrong_setup_code_is_a_form_error(signed_in, person):
    signed_in.get("/account/two-factor/")
    for bad in ("000000", "abc", ""):
        response = signed_in.post("/account/two-factor/", {"code": bad})
        assert response.status_code == 400
        assert 'id="id_code_error"' in response.content.decode()
    person.refresh_from_db()
    assert not person.two_factor_enabled


def test_log_in_asks_for_the_code_and_a_code_works_once(signed_in, person):
    secret, _ = turn_on(signed_in)
    browser = Client()
    response = password_step(browser)
    assert response["Location"] == "/account/login/two-factor/"
    assert "_auth_user_id" not in browser.session  # not signed in yet
    assert browser.get("/account/").status_code == 302

    wrong = browser.post("/account/login/two-factor/", {"code": "123456"})
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.content.decode()

    code = pyotp.TOTP(secret).now()
    assert (
        browser.post("/account/login/two-factor/", {"code": code})["Location"] == "/applications/"
    )
    assert browser.get("/account/").status_code == 200

    # The same code cannot sign in a second browser (a code seen over a shoulder is spent).
    other = Client()
    password_step(other)
    assert other.post("/account/login/two-factor/", {"code": code}).status_code == 400


def test_a_recovery_code_works_once(signed_in, person):
    _, codes = turn_on(signed_in)
    browser = Client()
    password_step(browser)
    response = browser.post("/account/login/two-factor/", {"code": codes[3].upper()})
    assert response.status_code == 302
    assert browser.get("/account/").status_code == 200
    assert "9 unused recovery codes" in browser.get("/account/two-factor/").content.decode()

    again = Client()
    password_step(again)
    assert again.post("/account/login/two-factor/", {"code": codes[3]}).status_code == 400


def test_repeated_wrong_codes_send_the_person_back_to_the_password(signed_in, person):
    turn_on(signed_in)
    browser = Client()
    password_step(browser)
    for _ in range(TWO_FACTOR_FAILURES_PER_USER.limit - 1):
        assert browser.post("/account/login/two-factor/", {"code": "000000"}).status_code == 400
    response = browser.post("/account/login/two-factor/", {"code": "000000"})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert browser.get("/account/login/two-factor/")["Location"] == "/account/login/"


def test_the_lockout_holds_across_fresh_password_steps_until_its_window_ends(
    signed_in, person, monkeypatch
):
    secret, codes = turn_on(signed_in)
    attacker = Client()
    password_step(attacker)
    for _ in range(TWO_FACTOR_FAILURES_PER_USER.limit):
        attacker.post("/account/login/two-factor/", {"code": "000000"})
    # Each new password step would have given one more guess: none is even tried now.
    for _ in range(3):
        assert password_step(attacker)["Location"] == "/account/login/two-factor/"
        response = attacker.post("/account/login/two-factor/", {"code": "000000"})
        assert response.status_code == 429
        assert "Too many failed sign-in attempts" in response.content.decode()
    # Nor the right code, nor a recovery code, from any browser, while the window lasts.
    owner = Client()
    password_step(owner)
    right = owner.post("/account/login/two-factor/", {"code": pyotp.TOTP(secret).now()})
    assert right.status_code == 429
    assert "_auth_user_id" not in owner.session
    password_step(owner)
    assert owner.post("/account/login/two-factor/", {"code": codes[0]}).status_code == 429
    assert RecoveryCode.objects.filter(user=person, used_at__isnull=True).count() == len(codes)

    later = __import__("time").time() + TWO_FACTOR_FAILURES_PER_USER.window_seconds + 1
    monkeypatch.setattr("careerboard.core.ratelimit.time.time", lambda: later)
    password_step(owner)
    assert (
        owner.post("/account/login/two-factor/", {"code": codes[0]})["Location"] == "/applications/"
    )


def test_the_second_step_without_the_first_goes_to_log_in(client):
    assert client.get("/account/login/two-factor/")["Location"] == "/account/login/"
    assert client.post("/account/login/two-factor/", {"code": "1"}).status_code == 302


def test_turning_off_and_new_codes_need_the_password(signed_in, person):
    _, old_codes = turn_on(signed_in)
    bad = signed_in.post("/account/two-factor/recovery-codes/", {"password": "wrong"})
    assert bad.status_code == 400
    assert "not your current password" in bad.content.decode()

    response = signed_in.post("/account/two-factor/recovery-codes/", {"password": PASSWORD})
    new_codes = re.findall(r"<li><code>([0-9a-f-]+)</code></li>", response.content.decode())
    assert len(new_codes) == RECOVERY_CODE_COUNT and not set(new_codes) & set(old_codes)
    browser = Client()
    password_step(browser)
    assert browser.post("/account/login/two-factor/", {"code": old_codes[0]}).status_code == 400

    assert signed_in.post("/account/two-factor/disable/", {"password": "wrong"}).status_code == 400
    assert User.objects.get(pk=person.pk).two_factor_enabled
    assert signed_in.post("/account/two-factor/disable/", {"password": PASSWORD}).status_code == 302
    person.refresh_from_db()
    assert not person.two_factor_enabled
    assert not RecoveryCode.objects.filter(user=person).exists()
    assert password_step(Client())["Location"] == "/applications/"
