"""Searching jobs in a real browser: results update in place, the URL keeps the search."""

import pytest

from careerboard.core.tests.factories import JobFactory
from careerboard.jobs.indexing import job_search_rebuild

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
    job_search_rebuild()

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
    job_search_rebuild()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/jobs")
    page.get_by_label("Keywords").fill("rust")
    page.locator("#filters").get_by_text("Job type").click()
    page.get_by_label("Internship").check()
    page.get_by_role("button", name="Search", exact=True).click()
    assert "type=internship" in page.url
    assert page.locator(".result-count").inner_text().startswith("1 job")
    assert page.get_by_role("link", name="Rust Intern", exact=True).count() == 1
    context.close()


def test_a_facet_adds_its_filter_keeping_the_search_and_its_chip_removes_it(page, live_server):
    JobFactory(title="Go Platform Engineer", regions=["europe"], job_types=["full-time"])
    JobFactory(title="Go Contractor", regions=["usa"], job_types=["contract"])
    JobFactory(title="Kotlin Engineer", job_types=["contract"])
    job_search_rebuild()
    page.goto(live_server.url + "/jobs?q=go&sort=newest")
    results = page.locator("#results")
    assert "2 jobs" in results.locator(".result-count").inner_text()
    results.locator("summary", has_text="Refine").click()
    results.get_by_role("link", name="Contract 1").click()
    page.wait_for_url("**type=contract**")
    assert "q=go" in page.url and "sort=newest" in page.url  # the rest of the search stays
    assert "1 job" in page.locator(".result-count").inner_text()
    assert page.locator("#results").get_by_role("link", name="Go Contractor", exact=True).count()
    # The active filter is a chip; following it drops that filter and nothing else.
    page.get_by_role("link", name="Remove filter: Contract").click()
    page.wait_for_url(lambda url: "type=contract" not in url)
    assert "q=go" in page.url
    assert "2 jobs" in page.locator(".result-count").inner_text()
    assert page.js_errors == []


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_results_come_first_and_filters_open_in_a_sheet(
    browser, live_server, javascript
):
    for number in range(3):
        JobFactory(title=f"Support Specialist {number}", job_types=["full-time"])
    job_search_rebuild()
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(live_server.url + "/jobs")
    first_card = page.locator(".job-card").first.bounding_box()
    assert first_card["y"] + 40 < 844  # a job is on the first screen
    assert not page.locator("#filters").is_visible()
    page.get_by_role("link", name="Filters").click()
    sheet = page.locator("#filters")
    sheet.wait_for(state="visible")
    sheet.locator("summary", has_text="Job type").click()
    sheet.get_by_label("Full-Time").check()
    sheet.get_by_role("button", name="Show jobs").click()
    page.wait_for_url("**type=full-time**")
    page.locator(".active-filters").wait_for()
    assert not page.locator("#filters").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
