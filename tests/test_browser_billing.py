"""Billing in a real browser: a Free seeker upgrades to Plus through the local provider, sees
the plan on the billing page, and the ads leave the job search."""

from __future__ import annotations

import pytest

from careerboard.accounts.tests.helpers import PASSWORD
from careerboard.core.tests.factories import JobFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_free_seeker_upgrades_through_the_local_provider(page, live_server):
    UserFactory(email="ada@example.com")
    JobFactory(title="Sponsored Rust Engineer", featured=True)

    page.goto(live_server.url + "/account/login/?next=/pricing")
    page.get_by_label("Email address").fill("ada@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/pricing")
    free = page.locator('[data-plan="free"]')
    assert "Your plan" in free.inner_text()

    page.goto(live_server.url + "/jobs")
    assert page.locator("[data-ad-slot]").count() == 1
    assert "Sponsored Rust Engineer" in page.locator("[data-ad-slot]").inner_text()

    page.get_by_role("link", name="Pricing").click()
    page.get_by_role("button", name="Get Plus for USD 8/month").click()
    page.wait_for_url("**/billing/checkout/local/plus-month/")
    page.get_by_role("button", name="Pay USD 8").click()
    page.wait_for_url("**/billing/")
    assert page.get_by_test_id("plan-name").inner_text() == "Plus"
    assert "you are on Plus now" in page.locator(".messages").inner_text()
    assert page.get_by_role("button", name="Cancel at the end of this period").is_visible()
    assert "USD 8" in page.get_by_role("table").inner_text()

    page.goto(live_server.url + "/jobs")
    assert page.locator("[data-ad-slot]").count() == 0
    assert "data-ad-slot" not in page.content()
    assert page.js_errors == []
