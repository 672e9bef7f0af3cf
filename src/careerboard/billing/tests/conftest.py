"""Fixtures for the billing tests: a Free seeker, a browser signed in as them, a domain with
counted things, and the Stripe settings of the webhook tests."""

from __future__ import annotations

import pytest
from django.test import Client

from careerboard.accounts.tests.helpers import sign_in
from careerboard.billing import entitlements
from careerboard.billing.tests.helpers import (
    STRIPE_PRICE_PLUS_MONTHLY,
    STRIPE_PRICE_PLUS_YEARLY,
    WEBHOOK_SECRET,
    CountedThings,
)
from careerboard.core.tests.factories import UserFactory


@pytest.fixture
def seeker(db):
    return UserFactory(email="ada@example.com", name="Ada Lovelace")


@pytest.fixture
def signed_in(seeker) -> Client:
    return sign_in(Client(), seeker.email)


@pytest.fixture
def counted_things(monkeypatch) -> CountedThings:
    """A domain registered for "active_alerts" with billing's limit handlers."""
    things = CountedThings()
    monkeypatch.setattr(entitlements, "_limit_handlers", {})
    entitlements.register_limit_handlers(
        feature="active_alerts", over_limit=things.over_limit, within_limit=things.within_limit
    )
    return things


@pytest.fixture
def stripe_settings(settings):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_PRICE_IDS = {
        "plus-month": STRIPE_PRICE_PLUS_MONTHLY,
        "plus-year": STRIPE_PRICE_PLUS_YEARLY,
    }
    return settings
