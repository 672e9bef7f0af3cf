"""/pricing, the upgrade through the local provider's pages, the billing page, house ads,
the export section and account deletion."""

from __future__ import annotations

import json
import socket
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client, RequestFactory

from careerboard.accounts.services.profile import account_delete
from careerboard.billing.models import Invoice, Subscription
from careerboard.billing.services import local_checkout_complete, subscription_cancel_at_period_end
from careerboard.core.tests.factories import JobFactory, UserFactory
from careerboard.guides.models import Guide
from careerboard.guides.services import guides_sync

pytestmark = pytest.mark.django_db


def _plan_card(html: str, slug: str) -> str:
    start = html.index(f'data-plan="{slug}"')
    return html[start : html.index("</section>", start)]


def test_pricing_compares_the_plans_feature_by_feature(client):
    html = client.get("/pricing").content.decode()
    for fact in (
        "Job applications",
        "Job searches",
        "Unlimited",
        "Web and mobile access",
        "Active job alerts",
        "Up to 10",
        "Bookmarks and application tracking",
        "Ad-free",
        "Personal career consultant",
        "USD 0",
        "USD 8",
        "USD 80",
    ):
        assert fact in html, fact
    assert "Your plan" not in html
    assert "Sign up" in _plan_card(html, "plus")


def test_pricing_marks_the_current_plan_and_counts_plus_members(signed_in, seeker):
    for _ in range(2):
        local_checkout_complete(user=UserFactory(), price_key="plus-month")
    html = signed_in.get("/pricing").content.decode()
    assert "Your plan" in _plan_card(html, "free")
    assert "Your plan" not in _plan_card(html, "plus")
    assert "2 members on Plus now" in html
    assert "Get Plus for USD 8/month" in html

    local_checkout_complete(user=seeker, price_key="plus-year")
    html = signed_in.get("/pricing").content.decode()
    assert "Your plan" in _plan_card(html, "plus")
    assert "Get Plus" not in html


def test_upgrade_through_the_local_provider_pages(signed_in, seeker):
    response = signed_in.post("/billing/checkout/", {"price": "plus-month"})
    assert response.status_code == 302
    assert response["Location"] == "/billing/checkout/local/plus-month/"
    page = signed_in.get(response["Location"]).content.decode()
    assert "Pay USD 8" in page
    response = signed_in.post("/billing/checkout/local/plus-month/")
    assert response["Location"] == "/billing/"
    html = signed_in.get("/billing/").content.decode()
    assert 'data-testid="plan-name">Plus<' in html
    assert "Renews on" in html
    invoice = Invoice.objects.get(user=seeker)
    assert invoice.number in html and "USD 8" in html


def test_bad_checkout_input_is_a_message_not_an_error(signed_in):
    response = signed_in.post("/billing/checkout/", {"price": "nonsense"}, follow=True)
    assert response.status_code == 200
    assert "This price cannot be bought." in response.content.decode()
    assert signed_in.get("/billing/checkout/local/free-month/").status_code == 404
    assert signed_in.get("/billing/checkout/local/nonsense/").status_code == 404


def test_the_local_checkout_page_is_gone_with_stripe(signed_in, settings):
    settings.BILLING_PROVIDER = "stripe"
    assert signed_in.get("/billing/checkout/local/plus-month/").status_code == 404
    assert signed_in.post("/billing/checkout/local/plus-month/").status_code == 404
    assert not Subscription.objects.filter(plan__slug="plus").exists()


def test_billing_pages_need_a_signed_in_person(client):
    for path in ("/billing/", "/billing/checkout/local/plus-month/"):
        assert client.get(path)["Location"].startswith("/account/login/?next=")
    assert client.post("/billing/cancel/")["Location"].startswith("/account/login/")


def test_cancel_and_resume_on_the_billing_page(signed_in, seeker):
    local_checkout_complete(user=seeker, price_key="plus-month")
    html = signed_in.post("/billing/cancel/", follow=True).content.decode()
    assert "Your subscription ends at the end of this period." in html
    assert "Ends on" in html and "Resume my subscription" in html
    html = signed_in.post("/billing/resume/", follow=True).content.decode()
    assert "Renews on" in html
    assert Subscription.objects.get(user=seeker).cancel_at_period_end is False


def test_cancelling_without_a_subscription_says_so(signed_in):
    html = signed_in.post("/billing/cancel/", follow=True).content.decode()
    assert "You have no paid subscription." in html
    assert "See the plans and upgrade" in html


def test_the_account_page_links_to_billing(signed_in):
    assert 'href="/billing/"' in signed_in.get("/account/").content.decode()


def _render_slot(user, slot: str = "search") -> str:  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/")
    request.user = user
    return Template('{% load ads %}{% ad_slot "' + slot + '" %}').render(
        Context({"request": request})
    )


def test_the_ad_slot_shows_sponsored_jobs_and_the_upgrade_banner(seeker):
    JobFactory(title="Featured Rust Engineer", featured=True)
    JobFactory(title="Plain Engineer")
    html = _render_slot(seeker)
    assert 'data-ad-slot="search"' in html
    assert "Featured Rust Engineer" in html and "Plain Engineer" not in html
    assert "Plus, from USD 8/month" in html


def test_the_ad_slot_is_absent_for_ad_free_plans(seeker):
    JobFactory(title="Featured Rust Engineer", featured=True)
    local_checkout_complete(user=seeker, price_key="plus-month")
    assert _render_slot(seeker).strip() == ""


def test_an_unknown_ad_slot_is_a_template_error(seeker):
    with pytest.raises(TemplateSyntaxError):
        _render_slot(seeker, slot="sidebar")


def test_every_ad_slot_leaves_the_pages_once_plus(signed_in, seeker):
    JobFactory(title="Featured Rust Engineer", featured=True)
    job = JobFactory(title="Go Engineer")
    guides_sync(root=Path(settings.BASE_DIR) / "content")
    guide_url = "/careers/" + Guide.objects.values_list("slug", flat=True).first()
    pages = {"search": "/jobs", "job": job.get_absolute_url(), "guide": guide_url}
    for slot, path in pages.items():
        html = signed_in.get(path).content.decode()
        assert f'data-ad-slot="{slot}"' in html, path
        assert "Featured Rust Engineer" in html, path
    local_checkout_complete(user=seeker, price_key="plus-month")
    for path in pages.values():
        assert "data-ad-slot" not in signed_in.get(path).content.decode(), path
        # The guide's cached parts hold no ads: a visitor still sees them.
        assert "data-ad-slot" in Client().get(path).content.decode(), path


def test_the_export_holds_the_subscription_and_invoices(signed_in, seeker):
    local_checkout_complete(user=seeker, price_key="plus-month")
    subscription_cancel_at_period_end(user=seeker, cancel=True)
    billing = json.loads(signed_in.get("/account/export.json").content)["sections"]["billing"]
    assert billing["subscription"]["plan"] == "Plus"
    assert billing["subscription"]["cancel_at_period_end"] is True
    [invoice] = billing["invoices"]
    assert invoice["amount"] == "USD 8" and invoice["billed_to"] == "ada@example.com"


def test_deleting_the_account_keeps_the_invoices_without_the_account(seeker):
    subscription = local_checkout_complete(user=seeker, price_key="plus-month")
    account_delete(user=seeker)
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    invoice = Invoice.objects.get()
    assert invoice.user is None and invoice.billed_to == "ada@example.com"
    assert invoice.period_end - invoice.period_start >= timedelta(days=28)


def test_deleting_the_account_while_stripe_is_unreachable_keeps_it_and_says_why(
    seeker, signed_in, settings
):
    settings.STRIPE_SECRET_KEY = "sk_test_unreachable"
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        settings.STRIPE_API_BASE = f"http://127.0.0.1:{closed.getsockname()[1]}"
    subscription = local_checkout_complete(user=seeker, price_key="plus-month")
    Subscription.objects.filter(pk=subscription.pk).update(
        provider=Subscription.Provider.STRIPE, provider_subscription_id="sub_123"
    )
    response = signed_in.post("/account/delete/", {"password": "correct horse battery"})
    assert response.status_code == 400
    assert "could not be ended, so the account is kept" in response.content.decode()
    assert type(seeker).objects.filter(pk=seeker.pk).exists()
    assert Subscription.objects.filter(pk=subscription.pk).exists()
    assert signed_in.get("/account/").status_code == 200  # still signed in


def test_pricing_says_nothing_about_members_on_a_new_site(client):
    assert "members on" not in client.get("/pricing").content.decode()
    assert "0 member" not in client.get("/pricing").content.decode()
