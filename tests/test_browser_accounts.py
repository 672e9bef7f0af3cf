"""Accounts in a real browser: sign-up with the mailed confirmation link, log-in with
two-factor authentication, and a new seeker tracking a job found elsewhere."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import expect

from careerboard.accounts.models import User
from careerboard.accounts.services.two_factor import totp_new_secret, two_factor_enable
from careerboard.accounts.tests.helpers import PASSWORD, link_in
from careerboard.applications.models import Application
from careerboard.core.tests.factories import UserFactory
from tests.helpers import account_menu
from tests.layout_checks import MEASURE

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_and_confirm_the_email_address(page, live_server, smtp_server, run_tasks):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Sign up").click()
    assert page.get_by_label("Company name").count() == 0  # a job seeker is not asked
    page.get_by_role("link", name="Hiring for a company").click()
    page.get_by_label("Your name").fill("Grace Hopper")
    page.get_by_label("Email address").fill("grace@example.com")
    page.get_by_label("Password").fill("a long and unusual passphrase")
    page.get_by_label("Company name").fill("Compilers Inc")
    page.get_by_role("button", name="Sign up and post jobs").click()
    page.wait_for_url("**/account/")
    assert "not confirmed yet" in page.content()

    assert run_tasks() == 1
    [mail] = smtp_server.messages
    assert mail["To"] == "grace@example.com"
    page.goto(live_server.url + link_in(mail, "/account/verify-email/"))
    page.get_by_role("button", name="Confirm my email address").click()
    page.wait_for_url("**/account/")
    assert "your email address is confirmed" in page.locator(".messages").inner_text()
    assert User.objects.get(email="grace@example.com").email_verified

    account_menu(page, "Log out", role="button")
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("link", name="Sign in").is_visible()
    assert page.js_errors == []


def test_log_in_with_two_factor_authentication(page, live_server):
    person = UserFactory(email="ada@example.com")
    secret = totp_new_secret()
    totp = pyotp.TOTP(secret)
    two_factor_enable(user=person, secret=secret, code=totp.now(), current_session_key=None)

    page.goto(live_server.url + "/account/")  # a private page sends to the log-in first
    page.get_by_label("Email address").fill("ada@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/account/login/two-factor/")

    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Verify").click()
    assert "That code is not right" in page.content()

    page.get_by_label("Code").fill(totp.now())
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/account/")
    assert page.get_by_role("heading", name="Your account").is_visible()
    assert "Two-factor authentication</a>: on" in page.content()
    # The wrong code's page answered 400, which chromium logs; nothing else may be logged.
    assert [e for e in page.js_errors if "status of 400" not in e] == []


def test_a_seeker_signs_up_and_tracks_a_job_found_elsewhere(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("link", name="Looking for a job")).to_have_attribute(
        "aria-current", "page"
    )
    assert page.get_by_label("Company name").count() == 0
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email address").fill("ada@example.com")
    page.get_by_label("Password").fill("a long and unusual passphrase")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/account/")

    account_menu(page, "My applications")
    page.get_by_role("link", name="Track a job from elsewhere").click()
    page.get_by_label("Job title").fill("Analytical Engine Programmer")
    page.get_by_label("Company:", exact=True).fill("Babbage & Co")
    page.get_by_label("Link to the posting (optional)").fill("babbage.example/jobs/1")
    page.get_by_label("Status").select_option("applied")
    page.get_by_role("button", name="Track it").click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    expect(page.locator("#application-status")).to_have_text("Applied")

    page.get_by_label("Status").select_option("interview")
    page.get_by_label("Next step:", exact=True).fill("Call with the CTO")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Saved.")
    expect(page.locator("#application-status")).to_have_text("Interview")

    account_menu(page, "My applications")
    page.get_by_role("link", name="Board", exact=True).click()
    expect(page.locator("section", has=page.locator("#column-interview"))).to_contain_text(
        "Analytical Engine Programmer"
    )
    tracked = Application.objects.get(user__email="ada@example.com")
    assert (tracked.channel, tracked.status) == ("manual", "interview")
    assert page.js_errors == []


def test_a_seeker_turns_off_application_receipts_from_the_keyboard(page, live_server):
    seeker = UserFactory(email="ada@example.com")
    page.goto(live_server.url + "/account/login/")
    page.get_by_label("Email address").fill(seeker.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/account/login" not in url)
    page.goto(live_server.url + "/account/")
    page.get_by_role("link", name="Mails about applications").click()
    receipts = page.get_by_label("A receipt each time I apply on careerboard")
    expect(receipts).to_be_checked()
    expect(page.get_by_label("When a company moves my application")).to_be_checked()
    for width, height in [(390, 844), (1280, 800)]:
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate(MEASURE) == [], width
    receipts.focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Your notification settings are saved.")
    expect(page.get_by_label("A receipt each time I apply on careerboard")).not_to_be_checked()
    seeker.refresh_from_db()
    assert (seeker.notify_application_receipt, seeker.notify_application_status) == (False, True)
    assert page.js_errors == []
