"""The home page in a real browser: it loads with no script errors and works from the keyboard."""

import pytest

from careerboard.core.tests.factories import JobFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_in_chromium(page, live_server):
    job = JobFactory(title="Senior Django Developer", regions=["europe"])
    page.goto(live_server.url + "/")
    assert page.title().startswith("careerboard")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    page.get_by_role("link", name="Senior Django Developer", exact=True).click()
    page.wait_for_url(f"**{job.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == "Senior Django Developer"
    assert page.js_errors == []
