"""Searching jobs in a real browser: results update in place, the URL keeps the search."""

import pytest

from careerboard.core.tests.factories import JobFactory
from careerboard.search.services import search_rebuild

pytestmark = pytest.mark.django_db(transaction=True)


def test_search_from_home_then_filter_in_place_and_share_the_url(page, live_server):
    JobFactory(
        title="Senior Python Developer",
        industries=["engineering"],
        regions=["europe"],
        job_types=["full-time"],
    )
    JobFactory(
        title="Python Data Engineer",
        industries=["data-science"],
        regions=["usa"],
        job_types=["contract"],
    )
    JobFactory(title="Product Designer", industries=["design-multimedia"])
    search_rebuild()

    page.goto(live_server.url + "/")
    page.get_by_label("Keywords").fill("python")
    page.get_by_role("button", name="Search jobs").click()
    page.wait_for_url("**/jobs?q=python")
    results = page.locator("#results")
    assert "2 jobs" in results.locator(".result-count").inner_text()

    # Ticking a filter updates the results without a page load and records it in the URL.
    page.evaluate("window.fullLoads = (window.fullLoads || 0) + 1")
    page.locator("summary", has_text="Region").click()
    page.get_by_label("Germany").check()
    page.wait_for_url("**region=germany**")
    results.get_by_role("link", name="Senior Python Developer", exact=True).wait_for()
    assert results.get_by_role("link", name="Python Data Engineer", exact=True).count() == 0
    assert page.evaluate("window.fullLoads") == 1  # still the same document

    # The URL alone reproduces the search.
    shared = page.url
    fresh = page.context.new_page()
    fresh.goto(shared)
    assert "1 job" in fresh.locator(".result-count").inner_text()
    assert fresh.get_by_label("Germany").is_checked()
    assert page.js_errors == []


def test_search_page_works_without_javascript(browser, live_server):
    JobFactory(title="Rust Engineer", job_types=["full-time"])
    JobFactory(title="Rust Intern", job_types=["internship"])
    search_rebuild()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/jobs")
    page.get_by_label("Keywords").fill("rust")
    page.get_by_text("Job type").click()
    page.get_by_label("Internship").check()
    page.get_by_role("button", name="Search", exact=True).click()
    assert "type=internship" in page.url
    assert page.locator(".result-count").inner_text().startswith("1 job")
    assert page.get_by_role("link", name="Rust Intern", exact=True).count() == 1
    context.close()
