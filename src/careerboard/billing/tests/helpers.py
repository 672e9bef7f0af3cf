"""Helpers of the billing tests: a stand-in domain with counted things, and Stripe events
built and signed the way Stripe does."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from datetime import datetime
from typing import Any

from django.test import Client

WEBHOOK_SECRET = "whsec_test_secret"
STRIPE_PRICE_PLUS_MONTHLY = "price_plus_monthly"
STRIPE_PRICE_PLUS_YEARLY = "price_plus_yearly"
_event_ids = itertools.count(1)


class CountedThings:
    """A stand-in for the alerts domain: per account, things in creation order, each active or
    paused, and the limit handlers alerts will register (keep the newest `limit` active)."""

    def __init__(self) -> None:
        self.things: dict[int, list[dict[str, Any]]] = {}
        self.calls: list[tuple[str, int | None]] = []

    def add(self, user, count: int) -> None:  # type: ignore[no-untyped-def]
        for _ in range(count):
            self.things.setdefault(user.pk, []).append({"active": True})

    def active(self, user) -> int:  # type: ignore[no-untyped-def]
        return sum(thing["active"] for thing in self.things.get(user.pk, []))

    def over_limit(self, *, user, limit: int | None) -> None:  # type: ignore[no-untyped-def]
        self.calls.append(("over_limit", limit))
        newest_first = list(reversed(self.things.get(user.pk, [])))
        for position, thing in enumerate(newest_first):
            if limit is not None and position >= limit:
                thing["active"] = False

    def within_limit(self, *, user, limit: int | None) -> None:  # type: ignore[no-untyped-def]
        self.calls.append(("within_limit", limit))
        newest_first = list(reversed(self.things.get(user.pk, [])))
        for position, thing in enumerate(newest_first):
            if limit is None or position < limit:
                thing["active"] = True


def stripe_signature(payload: str, *, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    """Stripe's scheme: t=<unix time>,v1=HMAC-SHA256(secret, "<t>.<raw body>")."""
    timestamp = int(time.time()) if at is None else at
    digest = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def stripe_event(
    event_type: str, obj: dict[str, Any], *, created: datetime, event_id: str = ""
) -> dict[str, Any]:
    return {
        "id": event_id or f"evt_test_{next(_event_ids)}",
        "object": "event",
        "api_version": "2026-10-28.endive",
        "type": event_type,
        "created": int(created.timestamp()),
        "livemode": False,
        "data": {"object": obj},
    }


def stripe_subscription(
    *,
    user,  # type: ignore[no-untyped-def]
    status: str = "active",
    period_start: datetime,
    period_end: datetime,
    cancel_at_period_end: bool = False,
    subscription_id: str = "sub_test_1",
    price_id: str = STRIPE_PRICE_PLUS_MONTHLY,
) -> dict[str, Any]:
    """A Subscription object of the current API: the period is on its item."""
    return {
        "id": subscription_id,
        "object": "subscription",
        "customer": "cus_test_1",
        "status": status,
        "cancel_at_period_end": cancel_at_period_end,
        "metadata": {"user_id": str(user.pk), "price_key": "plus-month"},
        "items": {
            "object": "list",
            "data": [
                {
                    "id": "si_test_1",
                    "object": "subscription_item",
                    "price": {"id": price_id, "object": "price"},
                    "current_period_start": int(period_start.timestamp()),
                    "current_period_end": int(period_end.timestamp()),
                }
            ],
        },
    }


def stripe_invoice(
    *,
    invoice_id: str = "in_test_1",
    period_start: datetime,
    period_end: datetime,
    subscription_id: str = "sub_test_1",
    user=None,  # type: ignore[no-untyped-def]
) -> dict[str, Any]:
    """An Invoice object of the current API: subscription and price under parent and pricing."""
    return {
        "id": invoice_id,
        "object": "invoice",
        "customer": "cus_test_1",
        "customer_email": "ada@example.com",
        "number": "ABCD-0001",
        "amount_paid": 800,
        "currency": "usd",
        "hosted_invoice_url": "https://invoice.stripe.com/i/test",
        "status_transitions": {"paid_at": int(period_start.timestamp())},
        "parent": {
            "type": "subscription_details",
            "subscription_details": {
                "subscription": subscription_id,
                "metadata": {"user_id": str(user.pk)} if user else {},
            },
        },
        "lines": {
            "object": "list",
            "data": [
                {
                    "id": "il_test_1",
                    "period": {
                        "start": int(period_start.timestamp()),
                        "end": int(period_end.timestamp()),
                    },
                    "pricing": {
                        "type": "price_details",
                        "price_details": {"price": STRIPE_PRICE_PLUS_MONTHLY, "product": "prod_1"},
                    },
                }
            ],
        },
    }


def deliver(client: Client, event: dict[str, Any], *, expect: int = 200, **signature_options: Any):  # type: ignore[no-untyped-def]
    """POST an event to the webhook as Stripe does, the raw JSON body signed, and check the
    status of the answer."""
    payload = json.dumps(event)
    response = client.post(
        "/billing/stripe/webhook",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=stripe_signature(payload, **signature_options),
    )
    assert response.status_code == expect, response.content
    return response
