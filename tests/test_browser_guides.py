"""Career guides in a real browser: the index and its live search, a guide page, sharing it, and
following its open-jobs link to the job search; and the same pages with JavaScript off."""

import re

import pytest
from playwright.sync_api import expect

from careerboard.core.tests.factories import JobFactory
from careerboard.guides.services import guide_market_refresh, guides_sync
from careerboard.guides.tests.conftest import CONTENT
from careerboard.jobs.indexing import job_search_sync

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def guides_with_a_job():
    guides_sync(root=CONTENT)
    job = JobFactory(
        title="Senior Backend Engineer",
        slug="senior-backend-engineer",
        description="<p>Build our payment APIs as a backend developer, in Python and Postgres.</p>",
        industries=["engineering"],
    )
    job_search_sync(job_ids=[job.pk])
    guide_market_refresh()
    return job


def test_find_read_share_a_guide_and_follow_its_jobs(page, live_server, guides_with_a_job):
    base = live_server.url
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page.goto(base + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Career guides").click()
    page.wait_for_url(base + "/careers/")
    expect(page.locator(".guide-card")).to_have_count(16)

    # Typing searches as you go, and the URL keeps the state.
    page.get_by_label("Search guides").fill("kubernetes")
    page.wait_for_url(re.compile(r"/careers/\?q=kubernetes"))
    expect(page.locator(".result-count")).to_contain_text("found")
    page.get_by_label("Category").select_option("devops-sysadmin")
    page.wait_for_url(re.compile(r"category=devops-sysadmin"))
    titles = page.locator(".guide-card h2").all_inner_texts()
    assert titles and "Back-End Developer" not in titles
    assert "Site Reliability Engineer" in titles

    page.get_by_label("Search guides").fill("backend")
    page.get_by_label("Category").select_option("")
    page.get_by_role("link", name="Back-End Developer").click()
    page.wait_for_url(base + "/careers/backend-developer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Back-End Developer")
    expect(page.get_by_role("img", name="Back-End Developer career path")).to_be_visible()

    # Sharing: the link copies to the clipboard; the other services are plain links.
    copy = page.get_by_role("button", name="Copy link")
    expect(copy).to_be_visible()
    copy.click()
    expect(page.locator(".copy-status")).to_have_text("Link copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.get_by_label("Link to this guide").input_value()
    assert copied.endswith("/careers/backend-developer")
    linkedin = page.get_by_role("link", name="Share on LinkedIn").get_attribute("href")
    assert linkedin.startswith("https://www.linkedin.com/sharing/share-offsite/?url=")
    assert (
        page.get_by_role("link", name="Share by email").get_attribute("href").startswith("mailto:")
    )

    # The open jobs, and the job search pre-filtered for the role.
    expect(page.locator("#open-jobs")).to_contain_text("Senior Backend Engineer")
    page.get_by_role("link", name="Search all Back-End Developer jobs").click()
    page.wait_for_url(re.compile(r"/jobs\?q=role%3Abackend-developer$"))
    expect(page.get_by_role("link", name="Senior Backend Engineer", exact=True)).to_be_visible()
    assert page.js_errors == []


def test_guides_work_without_javascript(browser, live_server, guides_with_a_job):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    base = live_server.url
    page.goto(base + "/careers/")
    page.get_by_label("Search guides").fill("writer")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/careers/\?q=writer"))
    expect(page.locator(".guide-card")).to_have_count(1)
    page.get_by_role("link", name="Technical Writer").click()
    page.wait_for_url(base + "/careers/technical-writer")
    # The copy button needs JavaScript and stays hidden; the link itself is there to select.
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
    expect(page.get_by_label("Link to this guide")).to_have_value(
        re.compile(r"/careers/technical-writer$")
    )
    expect(page.get_by_role("heading", name="Frequently asked questions")).to_be_visible()
    context.close()
