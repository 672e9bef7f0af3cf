"""Stripe's webhook events: verified, processed once per event id, in any order.

Order: Stripe does not promise to deliver events in the order they happened. Each subscription
keeps `state_at`, the `created` time of the newest event whose state it applied; an event
created before that time only links ids, records its invoice and moves the period forward, and
never puts back an older status. Events of the same second apply in the order they arrive.

Stripe changed where some fields live (API version 2025-03-31): the period moved from the
subscription to its items, and an invoice's subscription and price moved under `parent` and
`pricing`. Both places are read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from careerboard.billing.entitlements import subscription_locked
from careerboard.billing.models import Price, Subscription, WebhookEvent
from careerboard.billing.providers import StripeProvider
from careerboard.billing.selectors import user_get
from careerboard.billing.services import GRACE_PERIOD, invoice_record, settle

logger = logging.getLogger(__name__)

Obj = dict[str, Any]

_STATUS = {
    "active": Subscription.Status.ACTIVE,
    "trialing": Subscription.Status.ACTIVE,
    "past_due": Subscription.Status.PAST_DUE,
    "unpaid": Subscription.Status.PAST_DUE,
    "incomplete": Subscription.Status.INCOMPLETE,
    "incomplete_expired": Subscription.Status.CANCELED,
    "canceled": Subscription.Status.CANCELED,
    "paused": Subscription.Status.CANCELED,
}


def stripe_webhook_receive(*, payload: bytes, signature: str, now: datetime | None = None) -> bool:
    """Verify and process one delivery. ValueError for a bad or stale signature (nothing
    changes); False for an event already processed."""
    event = StripeProvider().event_from_webhook(payload=payload, signature=signature)
    return stripe_event_process(event=event, now=now or timezone.now())


def _moment(timestamp: int | None) -> datetime | None:
    return datetime.fromtimestamp(timestamp, tz=UTC) if timestamp else None


@transaction.atomic
def stripe_event_process(*, event: Obj, now: datetime) -> bool:
    """Apply a verified event once: its id is stored in the same transaction as its effect, so
    a replay, even a concurrent one, changes nothing. False when it was already processed."""
    at = _moment(event["created"]) or now
    try:
        with transaction.atomic():
            WebhookEvent.objects.create(
                provider=Subscription.Provider.STRIPE,
                event_id=event["id"],
                type=event["type"],
                created=at,
            )
    except IntegrityError:
        return False
    handler = _HANDLERS.get(event["type"])
    if handler is not None:
        handler(event["data"]["object"], at=at, now=now)
    return True


# --- Reading Stripe objects ---------------------------------------------------------------


def _price_by_stripe_id(stripe_price_id: str | None) -> Price | None:
    keys = {stripe_id: key for key, stripe_id in settings.STRIPE_PRICE_IDS.items() if stripe_id}
    key = keys.get(stripe_price_id or "")
    return Price.objects.select_related("plan").filter(key=key).first() if key else None


def _first_item(obj: Obj) -> Obj:
    items = (obj.get("items") or obj.get("lines") or {}).get("data") or [{}]
    return items[0]


def _subscription_price_id(obj: Obj) -> str | None:
    return (_first_item(obj).get("price") or {}).get("id")


def _invoice_line_price_id(line: Obj) -> str | None:
    price = line.get("price")
    if price:  # before 2025-03-31
        return price.get("id") if isinstance(price, dict) else price
    return ((line.get("pricing") or {}).get("price_details") or {}).get("price")


def _invoice_subscription(invoice: Obj) -> tuple[str | None, Obj]:
    """The invoice's subscription id and that subscription's metadata."""
    details = (
        ((invoice.get("parent") or {}).get("subscription_details"))
        or invoice.get("subscription_details")
        or {}
    )
    subscription_id = details.get("subscription") or invoice.get("subscription")
    if isinstance(subscription_id, dict):
        subscription_id = subscription_id.get("id")
    return subscription_id, details.get("metadata") or {}


def _period_forward(subscription: Subscription, start: int | None, end: int | None) -> None:
    """Periods only move forward, whatever the order of the events that carry them."""
    start_at, end_at = _moment(start), _moment(end)
    if end_at and (
        subscription.current_period_end is None or end_at > subscription.current_period_end
    ):
        subscription.current_period_start, subscription.current_period_end = start_at, end_at


def _locked_for(
    *, subscription_id: str | None, user_id: Any, customer_id: str | None
) -> Subscription | None:
    """The subscription row an event is about, locked: by Stripe subscription id, by the user
    id we put in the metadata at checkout, or by the Stripe customer."""
    linked = (
        Subscription.objects.filter(provider_subscription_id=subscription_id).first()
        if subscription_id
        else None
    )
    user = linked.user if linked else user_get(user_id=user_id)
    if user is None and customer_id:
        by_customer = Subscription.objects.filter(provider_customer_id=customer_id).first()
        user = by_customer.user if by_customer else None
    if user is None:
        logger.warning("stripe event for no known account: subscription %s", subscription_id)
        return None
    return subscription_locked(user=user)


def _is_newer(subscription: Subscription, at: datetime) -> bool:
    return subscription.state_at is None or at >= subscription.state_at


def _about_other_subscription(subscription: Subscription, subscription_id: str | None) -> bool:
    """An event of an older subscription of the account, after it has a newer live one."""
    return bool(
        subscription_id
        and subscription.provider_subscription_id
        and subscription.provider_subscription_id != subscription_id
        and subscription.status != Subscription.Status.CANCELED
    )


def _link(
    subscription: Subscription, *, customer_id: str | None, subscription_id: str | None
) -> None:
    subscription.provider = Subscription.Provider.STRIPE
    if customer_id:
        subscription.provider_customer_id = customer_id
    if subscription_id:
        subscription.provider_subscription_id = subscription_id


def _status_set(subscription: Subscription, status: str, *, at: datetime) -> None:
    """The new state, as of the event's time; a failed payment starts the grace period once."""
    subscription.status = status
    subscription.state_at = at
    if status == Subscription.Status.PAST_DUE:
        subscription.grace_until = subscription.grace_until or at + GRACE_PERIOD
    elif status == Subscription.Status.ACTIVE:
        subscription.grace_until = None


# --- The events ---------------------------------------------------------------------------


def _on_checkout_completed(session: Obj, *, at: datetime, now: datetime) -> None:
    metadata = session.get("metadata") or {}
    subscription = _locked_for(
        subscription_id=None,
        user_id=session.get("client_reference_id") or metadata.get("user_id"),
        customer_id=session.get("customer"),
    )
    if subscription is None:
        return
    _link(
        subscription,
        customer_id=session.get("customer"),
        subscription_id=session.get("subscription"),
    )
    price = Price.objects.filter(key=metadata.get("price_key")).first()
    paid = session.get("payment_status") in ("paid", "no_payment_required")
    if paid and price is not None and _is_newer(subscription, at):
        subscription.price = price
        subscription.cancel_at_period_end = False
        _status_set(subscription, Subscription.Status.ACTIVE, at=at)
    settle(subscription, now=now)


def _on_subscription(obj: Obj, *, at: datetime, now: datetime, deleted: bool = False) -> None:
    subscription = _locked_for(
        subscription_id=obj.get("id"),
        user_id=(obj.get("metadata") or {}).get("user_id"),
        customer_id=obj.get("customer"),
    )
    if subscription is None or _about_other_subscription(subscription, obj.get("id")):
        return
    _link(subscription, customer_id=obj.get("customer"), subscription_id=obj.get("id"))
    item = _first_item(obj)
    _period_forward(
        subscription,
        item.get("current_period_start") or obj.get("current_period_start"),
        item.get("current_period_end") or obj.get("current_period_end"),
    )
    if _is_newer(subscription, at):
        subscription.price = _price_by_stripe_id(_subscription_price_id(obj)) or subscription.price
        subscription.cancel_at_period_end = bool(obj.get("cancel_at_period_end"))
        status = Subscription.Status.CANCELED if deleted else _STATUS.get(obj.get("status", ""))
        _status_set(subscription, status or subscription.status, at=at)
    settle(subscription, now=now)


def _on_subscription_deleted(obj: Obj, *, at: datetime, now: datetime) -> None:
    _on_subscription(obj, at=at, now=now, deleted=True)


def _invoice_subscription_locked(invoice: Obj) -> tuple[Subscription | None, str | None]:
    subscription_id, metadata = _invoice_subscription(invoice)
    subscription = _locked_for(
        subscription_id=subscription_id,
        user_id=metadata.get("user_id"),
        customer_id=invoice.get("customer"),
    )
    if subscription is None or _about_other_subscription(subscription, subscription_id):
        return None, subscription_id
    return subscription, subscription_id


def _on_invoice_paid(invoice: Obj, *, at: datetime, now: datetime) -> None:
    subscription, subscription_id = _invoice_subscription_locked(invoice)
    if subscription is None:
        return
    _link(subscription, customer_id=invoice.get("customer"), subscription_id=subscription_id)
    line = _first_item(invoice)
    period = line.get("period") or {}
    _period_forward(subscription, period.get("start"), period.get("end"))
    if subscription.price is None:
        subscription.price = _price_by_stripe_id(_invoice_line_price_id(line))
    paid_at = _moment((invoice.get("status_transitions") or {}).get("paid_at")) or at
    invoice_record(
        subscription=subscription,
        provider=Subscription.Provider.STRIPE,
        provider_invoice_id=invoice["id"],
        number=invoice.get("number") or "",
        amount_cents=invoice.get("amount_paid") or 0,
        currency=invoice.get("currency") or "usd",
        period_start=_moment(period.get("start")),
        period_end=_moment(period.get("end")),
        paid_at=paid_at,
        billed_to=invoice.get("customer_email") or "",
        hosted_url=invoice.get("hosted_invoice_url") or "",
    )
    # A payment never brings back a subscription that has ended.
    if _is_newer(subscription, at) and subscription.status != Subscription.Status.CANCELED:
        _status_set(subscription, Subscription.Status.ACTIVE, at=at)
    settle(subscription, now=now)


def _on_invoice_payment_failed(invoice: Obj, *, at: datetime, now: datetime) -> None:
    subscription, _ = _invoice_subscription_locked(invoice)
    if subscription is None:
        return
    if _is_newer(subscription, at) and subscription.status != Subscription.Status.CANCELED:
        _status_set(subscription, Subscription.Status.PAST_DUE, at=at)
    settle(subscription, now=now)


_HANDLERS: dict[str, Callable[..., None]] = {
    "checkout.session.completed": _on_checkout_completed,
    "customer.subscription.created": _on_subscription,
    "customer.subscription.updated": _on_subscription,
    "customer.subscription.deleted": _on_subscription_deleted,
    "invoice.paid": _on_invoice_paid,
    "invoice.payment_failed": _on_invoice_payment_failed,
}
