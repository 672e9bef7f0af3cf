"""Posting, approving and finding a job in a real browser: an employer signs in and posts with a
preview, staff approve it from the moderation page, and the job is found on /jobs."""

import re

import pytest
from playwright.sync_api import expect

from careerboard.accounts.models import User
from careerboard.core.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery"  # the factories' password


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/account/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/account/$"))


def test_post_approve_and_find_a_job(page, live_server):
    MembershipFactory(
        user__email="hiring@acme.example",
        company__name="Acme Payments",
        company__website="https://acme.example",
    )
    UserFactory(email="moderator@example.com", role=User.Role.STAFF, is_staff=True)
    base = live_server.url

    sign_in(page, base, "hiring@acme.example")
    page.get_by_role("link", name="Post a job").click()
    page.get_by_label("Job title").fill("Ledger Reconciliation Engineer")
    page.get_by_label("Description").fill(
        "<p>Keep the double-entry ledger of a payments company balanced, in Go and Postgres.</p>"
    )
    page.get_by_label("Software Engineering").check()
    page.get_by_label("Full-Time").check()
    page.get_by_label("Europe", exact=True).check()
    page.get_by_label("Salary from").fill("80000")
    page.get_by_label("Salary to").fill("110000")
    page.get_by_label("Currency").select_option("EUR")
    page.get_by_label("Paid per").select_option("year")
    page.get_by_role("button", name="Preview").click()

    page.wait_for_url(re.compile(r"/employer/jobs/\d+/preview$"))
    preview = page.locator(".preview")
    expect(preview.get_by_role("heading", name="Ledger Reconciliation Engineer")).to_be_visible()
    expect(preview).to_contain_text("EUR 80000\u2013110000 per year")
    expect(preview).to_contain_text("double-entry ledger")
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url(re.compile(r"/employer/$"))
    expect(page.locator(".messages")).to_contain_text("is waiting for review")
    expect(page.locator("#group-pending")).to_contain_text("In review")

    page.get_by_role("button", name="Log out").click()
    sign_in(page, base, "moderator@example.com")
    page.get_by_role("link", name="Moderation").click()
    expect(page.get_by_role("heading", name="Ledger Reconciliation Engineer")).to_be_visible()
    page.get_by_role("button", name="Approve: Ledger Reconciliation Engineer").click()
    expect(page.locator(".messages")).to_contain_text("is approved and live")
    expect(page.get_by_text("Nothing to review.")).to_be_visible()

    page.goto(base + "/jobs")
    page.get_by_label("Keywords").fill("ledger reconciliation")
    page.locator("#search-form summary", has_text="Industry").click()
    page.get_by_label("Software Engineering").check()
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q=ledger.*industry=engineering"))
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Ledger Reconciliation Engineer")).to_be_visible()
    expect(results).to_contain_text("Acme Payments")
    assert page.js_errors == []
