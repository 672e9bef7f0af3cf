"""Job alerts in a real browser: a seeker filters a search, makes it an alert in one click,
finds it in the list and pauses it."""

import re

import pytest
from playwright.sync_api import expect

from careerboard.alerts.models import Alert
from careerboard.core.tests.factories import JobFactory, UserFactory
from careerboard.jobs.indexing import job_search_rebuild
from tests.test_browser_employers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_create_an_alert_from_a_search_then_pause_it(page, live_server):
    JobFactory(title="Senior Python Developer", regions=["europe"])
    JobFactory(title="Python Data Engineer", regions=["usa"])
    job_search_rebuild()
    UserFactory(email="ada@example.com")
    base = live_server.url

    sign_in(page, base, "ada@example.com")
    page.goto(base + "/jobs?q=python")
    # The filter changes the results in place; the button saves the search now on screen.
    page.locator("summary", has_text="Region").click()
    page.get_by_label("Germany").check()
    page.wait_for_url("**region=germany**")
    expect(page.locator("#results .result-count")).to_contain_text("1 job")
    page.get_by_role("button", name="Create alert").click()

    page.wait_for_url(re.compile(r"/alerts/$"))
    expect(page.get_by_role("status")).to_contain_text("Alert “python · Germany” created")
    row = page.get_by_test_id("alert-row")
    expect(row).to_have_count(1)
    expect(row.get_by_role("link", name="python · Germany", exact=True)).to_have_attribute(
        "href", "/jobs?q=python&region=germany"
    )
    expect(row.get_by_test_id("alert-status")).to_have_text("Active")

    row.get_by_role("button", name="Pause python · Germany").click()
    expect(page.get_by_test_id("alert-status")).to_have_text("Paused")
    expect(page.get_by_role("button", name="Resume python · Germany")).to_be_visible()
    assert Alert.objects.get().paused
    assert page.js_errors == []
