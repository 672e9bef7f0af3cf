"""Bookmarking, applying and a pipeline move in a real browser: a seeker saves a job from the
search results without a reload, applies with a résumé and finds it in the tracker; the employer
moves them to interview, and the seeker sees the change in their tracker."""

import re

import pytest
from playwright.sync_api import expect

from careerboard.applications.models import Application, Bookmark
from careerboard.applications.tests.conftest import PDF, private_dir, stored_files  # noqa: F401
from careerboard.core.tests.factories import JobFactory, MembershipFactory, UserFactory
from careerboard.jobs.indexing import job_search_sync
from tests.helpers import account_menu
from tests.test_browser_employers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def log_out(page) -> None:
    account_menu(page, "Log out", role="button")
    page.wait_for_url(re.compile(r"/$"))


def test_bookmark_apply_and_follow_a_pipeline_move(page, live_server, private_dir):  # noqa: F811
    employer = MembershipFactory(user__email="hiring@acme.example", company__name="Acme").user
    job = JobFactory(company=employer.memberships.get().company, title="Ledger Engineer")
    job_search_sync(job_ids=[job.pk])
    UserFactory(email="ada@example.com", name="Ada Lovelace")
    base = live_server.url

    sign_in(page, base, "ada@example.com")
    page.goto(base + "/jobs?q=ledger")
    results = page.locator("#results")
    # A mark on the window survives only if the page is not reloaded.
    page.evaluate("window.stillTheSamePage = true")
    results.get_by_role("button", name="Save Ledger Engineer").click()
    saved = results.get_by_role("button", name="Saved Ledger Engineer")
    expect(saved).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("window.stillTheSamePage") is True
    assert Bookmark.objects.filter(job=job).exists()

    results.get_by_role("link", name="Ledger Engineer").click()
    page.get_by_role("link", name="Apply now").click()
    expect(page.get_by_label("Full name")).to_have_value("Ada Lovelace")
    page.get_by_label("Location").fill("London, UK")
    page.get_by_label("Résumé").set_input_files(
        files=[{"name": "ada-cv.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label("Cover letter (optional)").fill("I balance ledgers for fun.")
    page.get_by_role("button", name="Send application").click()
    page.wait_for_url(re.compile(r"/applications/\d+/$"))
    expect(page.locator(".messages")).to_contain_text("Your application to Acme is sent.")
    expect(page.locator("#application-status")).to_have_text("Applied")
    assert len(stored_files(private_dir)) == 1

    account_menu(page, "My applications")
    row = page.get_by_role("row", name=re.compile("Ledger Engineer"))
    expect(row).to_contain_text("Applied")
    log_out(page)

    sign_in(page, base, "hiring@acme.example")
    account_menu(page, "Dashboard")
    page.get_by_role("link", name="Applicants: Ledger Engineer").click()
    page.get_by_role("link", name="Ada Lovelace").click()
    expect(page.get_by_text("I balance ledgers for fun.")).to_be_visible()
    page.get_by_label("Move to").select_option("interview")
    page.get_by_label("Message to the applicant (optional)").fill("Are you free on Tuesday?")
    page.get_by_role("button", name="Move and tell the applicant").click()
    expect(page.locator("#application-status")).to_have_text("Interview")
    log_out(page)

    sign_in(page, base, "ada@example.com")
    page.goto(base + "/applications/board")
    expect(page.locator("section", has=page.locator("#column-interview"))).to_contain_text(
        "Ledger Engineer"
    )
    page.get_by_role("link", name="Ledger Engineer").click()
    expect(page.locator("#application-status")).to_have_text("Interview")
    expect(page.locator(".timeline")).to_contain_text("Are you free on Tuesday?")
    assert Application.objects.get().status == "interview"
    assert page.js_errors == []
