"""POST /billing/stripe/webhook with events signed as Stripe signs them: verification, replays,
events out of order, failed payments and their grace period, the end of a subscription."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from careerboard.billing.entitlements import entitlement_allows, entitlement_limit
from careerboard.billing.models import Invoice, Subscription, WebhookEvent
from careerboard.billing.services import subscriptions_expire_due
from careerboard.billing.tests.helpers import (
    deliver,
    stripe_event,
    stripe_invoice,
    stripe_signature,
    stripe_subscription,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("stripe_settings")]


@pytest.fixture
def now():
    return timezone.now().replace(microsecond=0)


def _subscribed(client: Client, seeker, now, **options) -> dict:  # type: ignore[no-untyped-def]
    """Stripe's events of a completed checkout; returns the subscription event's object."""
    checkout = {
        "id": "cs_test_1",
        "object": "checkout.session",
        "client_reference_id": str(seeker.pk),
        "customer": "cus_test_1",
        "subscription": "sub_test_1",
        "payment_status": "paid",
        "metadata": {"user_id": str(seeker.pk), "price_key": "plus-month"},
    }
    subscription = stripe_subscription(
        user=seeker, period_start=now, period_end=now + timedelta(days=30), **options
    )
    deliver(client, stripe_event("checkout.session.completed", checkout, created=now))
    deliver(client, stripe_event("customer.subscription.created", subscription, created=now))
    return subscription


def test_a_completed_checkout_makes_the_account_plus(client, seeker, now, counted_things):
    _subscribed(client, seeker, now)
    subscription = Subscription.objects.get(user=seeker)
    assert subscription.plan.slug == "plus"
    assert subscription.provider == Subscription.Provider.STRIPE
    assert subscription.provider_customer_id == "cus_test_1"
    assert subscription.provider_subscription_id == "sub_test_1"
    assert subscription.current_period_end == now + timedelta(days=30)
    assert entitlement_limit(user=seeker, feature="active_alerts") == 10
    assert counted_things.calls == [("within_limit", 10)]


def test_a_bad_signature_gets_400_and_changes_nothing(client, seeker, now):
    event = stripe_event(
        "customer.subscription.created",
        stripe_subscription(user=seeker, period_start=now, period_end=now + timedelta(days=30)),
        created=now,
    )
    deliver(client, event, expect=400, secret="whsec_someone_else")
    # A body changed after signing fails too.
    payload = json.dumps(event)
    response = client.post(
        "/billing/stripe/webhook",
        data=payload.replace('"active"', '"trialing"'),
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=stripe_signature(payload),
    )
    assert response.status_code == 400
    response = client.post("/billing/stripe/webhook", data=payload, content_type="application/json")
    assert response.status_code == 400
    assert not Subscription.objects.exists()
    assert not WebhookEvent.objects.exists()


def test_a_stale_signature_gets_400(client, seeker, now):
    event = stripe_event(
        "customer.subscription.created",
        stripe_subscription(user=seeker, period_start=now, period_end=now + timedelta(days=30)),
        created=now,
    )
    # Stripe's tolerance is five minutes; this was signed ten minutes ago (a replayed capture).
    deliver(client, event, expect=400, at=int(time.time()) - 600)
    assert not Subscription.objects.exists()


def test_the_webhook_needs_no_csrf_token_and_only_takes_post(seeker, now):
    browser = Client(enforce_csrf_checks=True)
    event = stripe_event(
        "customer.subscription.created",
        stripe_subscription(user=seeker, period_start=now, period_end=now + timedelta(days=30)),
        created=now,
    )
    deliver(browser, event)
    assert browser.get("/billing/stripe/webhook").status_code == 405


def test_a_replay_changes_nothing(client, seeker, now, counted_things):
    paid = stripe_event(
        "invoice.paid",
        stripe_invoice(user=seeker, period_start=now, period_end=now + timedelta(days=30)),
        created=now,
    )
    first = deliver(client, paid)
    assert first.json() == {"received": True, "duplicate": False}
    invoice = Invoice.objects.get(user=seeker)
    # The account cancels; then Stripe delivers the invoice event again.
    deliver(
        client,
        stripe_event(
            "customer.subscription.deleted",
            stripe_subscription(
                user=seeker,
                status="canceled",
                period_start=now,
                period_end=now + timedelta(days=30),
            ),
            created=now + timedelta(minutes=1),
        ),
    )
    again = deliver(client, paid)
    assert again.json()["duplicate"] is True
    assert list(Invoice.objects.filter(user=seeker)) == [invoice]
    assert Subscription.objects.get(user=seeker).status == Subscription.Status.CANCELED
    assert WebhookEvent.objects.filter(event_id=paid["id"]).count() == 1


def test_an_older_state_never_overrides_a_newer_one(client, seeker, now):
    subscription = _subscribed(client, seeker, now)
    cancelled = {**subscription, "cancel_at_period_end": True}
    deliver(
        client,
        stripe_event(
            "customer.subscription.updated", cancelled, created=now + timedelta(minutes=5)
        ),
    )
    # An update from before the cancellation arrives late.
    late = {**subscription, "cancel_at_period_end": False}
    deliver(
        client,
        stripe_event("customer.subscription.updated", late, created=now + timedelta(minutes=2)),
    )
    assert Subscription.objects.get(user=seeker).cancel_at_period_end is True

    # The end of the subscription, then a late "active" update: the account stays on Free.
    deliver(
        client,
        stripe_event(
            "customer.subscription.deleted",
            {**subscription, "status": "canceled"},
            created=now + timedelta(days=30),
        ),
    )
    deliver(
        client, stripe_event("customer.subscription.updated", late, created=now + timedelta(days=1))
    )
    assert Subscription.objects.get(user=seeker).plan.is_default
    assert not entitlement_allows(user=seeker, feature="ad_free")


def test_events_before_the_checkout_find_the_account_through_metadata(client, seeker, now):
    """Stripe may send the invoice and the subscription before the checkout session."""
    deliver(
        client,
        stripe_event(
            "invoice.paid",
            stripe_invoice(user=seeker, period_start=now, period_end=now + timedelta(days=30)),
            created=now,
        ),
    )
    subscription = Subscription.objects.get(user=seeker)
    assert subscription.plan.slug == "plus"
    assert subscription.current_period_end == now + timedelta(days=30)
    invoice = Invoice.objects.get(user=seeker)
    assert (invoice.number, invoice.amount, invoice.hosted_url) == (
        "ABCD-0001",
        "USD 8",
        "https://invoice.stripe.com/i/test",
    )
    # The subscription's creation, older than the invoice, keeps the status and the period.
    deliver(
        client,
        stripe_event(
            "customer.subscription.created",
            stripe_subscription(
                user=seeker,
                status="incomplete",
                period_start=now,
                period_end=now + timedelta(days=30),
            ),
            created=now - timedelta(seconds=1),
        ),
    )
    assert Subscription.objects.get(user=seeker).status == Subscription.Status.ACTIVE


def test_a_failed_payment_keeps_plus_for_seven_days_then_free(client, seeker, now, counted_things):
    _subscribed(client, seeker, now)
    counted_things.add(seeker, 3)
    failed_at = now + timedelta(days=30)
    invoice = stripe_invoice(
        invoice_id="in_test_2", period_start=failed_at, period_end=failed_at + timedelta(days=30)
    )
    deliver(client, stripe_event("invoice.payment_failed", invoice, created=failed_at))
    subscription = Subscription.objects.get(user=seeker)
    assert subscription.status == Subscription.Status.PAST_DUE
    assert subscription.grace_until == failed_at + timedelta(days=7)
    assert subscription.plan.slug == "plus"

    # Stripe retries and fails again two days later: the grace period does not start over.
    deliver(
        client,
        stripe_event("invoice.payment_failed", invoice, created=failed_at + timedelta(days=2)),
    )
    assert Subscription.objects.get(user=seeker).grace_until == failed_at + timedelta(days=7)

    assert subscriptions_expire_due(now=failed_at + timedelta(days=6)) == 0
    assert entitlement_allows(user=seeker, feature="ad_free")
    assert subscriptions_expire_due(now=failed_at + timedelta(days=7)) == 1
    assert Subscription.objects.get(user=seeker).plan.is_default
    assert counted_things.active(seeker) == 1
    assert subscriptions_expire_due(now=failed_at + timedelta(days=8)) == 0

    # The payment finally goes through: Plus again, and the paused things resume.
    paid = stripe_invoice(
        invoice_id="in_test_2", period_start=failed_at, period_end=failed_at + timedelta(days=30)
    )
    deliver(client, stripe_event("invoice.paid", paid, created=failed_at + timedelta(days=9)))
    subscription = Subscription.objects.get(user=seeker)
    assert subscription.plan.slug == "plus"
    assert subscription.grace_until is None
    assert counted_things.active(seeker) == 3


def test_the_end_of_the_subscription_moves_the_account_to_free(client, seeker, now):
    subscription = _subscribed(client, seeker, now)
    deliver(
        client,
        stripe_event(
            "customer.subscription.deleted",
            {**subscription, "status": "canceled"},
            created=now + timedelta(days=30),
        ),
    )
    row = Subscription.objects.get(user=seeker)
    assert row.status == Subscription.Status.CANCELED
    assert row.plan.is_default
    # A payment after the end does not bring it back.
    deliver(
        client,
        stripe_event(
            "invoice.paid",
            stripe_invoice(
                invoice_id="in_late",
                period_start=now,
                period_end=now + timedelta(days=30),
            ),
            created=now + timedelta(days=31),
        ),
    )
    assert Subscription.objects.get(user=seeker).plan.is_default


def test_events_of_unknown_accounts_and_types_are_acknowledged(client, now):
    unknown_customer = {
        "id": "sub_other",
        "object": "subscription",
        "customer": "cus_other",
        "status": "active",
        "metadata": {},
        "items": {"data": []},
    }
    deliver(client, stripe_event("customer.subscription.updated", unknown_customer, created=now))
    deliver(client, stripe_event("charge.refunded", {"id": "ch_1"}, created=now))
    assert not Subscription.objects.exists()
