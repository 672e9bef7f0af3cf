"""Every change to plans and subscriptions, except the Stripe events (billing/stripe_events.py).

One rule decides what an account has (`_settle`): the plan of the price it pays for while the
subscription is active, or in its grace period after a failed payment, and until the end of a
period it cancelled; otherwise the default plan. Each change of plan tells the domains with
counted things (billing.entitlements.limits_changed): nothing is ever deleted.
"""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from careerboard.billing import data
from careerboard.billing.entitlements import (
    catalog,
    catalog_changed,
    limits_changed,
    subscription_locked,
)
from careerboard.billing.models import Invoice, Price, Subscription
from careerboard.billing.providers import ProviderError, checkout_provider, provider_named
from careerboard.billing.selectors import (
    cancelled_period_over,
    checkout_allowed,
    effective_plan_id,
    price_for_sale,
)

# How long a paid plan lasts after a failed payment, while the provider retries.
GRACE_PERIOD = timedelta(days=7)


def plans_sync(*, apps=None) -> None:  # type: ignore[no-untyped-def]
    """Create or update the plans, prices, features and entitlements of billing/data.py;
    idempotent. `apps` is the migration state registry when called from a migration."""
    from django.apps import apps as current_apps

    registry = apps or current_apps
    feature_model = registry.get_model("billing", "Feature")
    plan_model = registry.get_model("billing", "Plan")
    price_model = registry.get_model("billing", "Price")
    entitlement_model = registry.get_model("billing", "Entitlement")

    for position, (key, name, kind) in enumerate(data.FEATURES):
        feature_model.objects.update_or_create(
            key=key, defaults={"name": name, "kind": kind, "position": position}
        )
    # One default plan at a time: clear the flag before setting it.
    default_slug = next(slug for slug, _, _, is_default in data.PLANS if is_default)
    plan_model.objects.exclude(slug=default_slug).update(is_default=False)
    for position, (slug, name, tagline, is_default) in enumerate(data.PLANS):
        plan_model.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "tagline": tagline,
                "position": position,
                "is_default": is_default,
            },
        )
    plans = {plan.slug: plan for plan in plan_model.objects.all()}
    for key, plan_slug, amount_cents, currency, interval in data.PRICES:
        price_model.objects.update_or_create(
            key=key,
            defaults={
                "plan": plans[plan_slug],
                "amount_cents": amount_cents,
                "currency": currency,
                "interval": interval,
            },
        )
    features = {feature.key: feature for feature in feature_model.objects.all()}
    for plan_slug, limits in data.ENTITLEMENTS.items():
        plan = plans[plan_slug]
        for key, limit in limits.items():
            entitlement_model.objects.update_or_create(
                plan=plan, feature=features[key], defaults={"limit": limit}
            )
        entitlement_model.objects.filter(plan=plan).exclude(feature__key__in=limits).delete()
    if apps is None:
        catalog_changed()


def add_interval(moment: datetime, interval: str) -> datetime:
    """One billing interval later: the same day of the next month (or year), or that month's
    last day when it is shorter (31 January → 28 February)."""
    month_index = moment.month - 1 + (12 if interval == Price.Interval.YEAR else 1)
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    return moment.replace(
        year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1])
    )


def settle(subscription: Subscription, *, now: datetime) -> None:
    """Save the (locked) subscription with the plan it now gives, and tell the domains with
    counted things when the plan changed."""
    old_plan_id = subscription.plan_id
    subscription.plan_id = effective_plan_id(subscription, now=now)
    subscription.save()
    if subscription.plan_id != old_plan_id:
        limits_changed(
            user=subscription.user, old_plan_id=old_plan_id, new_plan_id=subscription.plan_id
        )


def _price_to_buy(price_key: str) -> Price:
    price = price_for_sale(price_key=price_key)
    if price is None:
        raise ValidationError("This price cannot be bought.")
    return price


def checkout_start(*, user, price_key: str) -> str:  # type: ignore[no-untyped-def]
    """Where to send the person to pay for `price_key` (ProviderError when the provider fails)."""
    price = _price_to_buy(price_key)
    with transaction.atomic():
        subscription = subscription_locked(user=user)
        if not checkout_allowed(subscription, now=timezone.now()):
            raise ValidationError("You already have a subscription: manage it on the billing page.")
    # The provider is called outside the transaction: no lock is held over the network.
    return checkout_provider().checkout_url(subscription=subscription, price=price)


def invoice_record(
    *,
    subscription: Subscription,
    provider: str,
    provider_invoice_id: str = "",
    number: str = "",
    amount_cents: int,
    currency: str,
    period_start: datetime | None,
    period_end: datetime | None,
    paid_at: datetime,
    billed_to: str = "",
    hosted_url: str = "",
) -> Invoice:
    """Record a paid invoice of the subscription's account; once per provider invoice id."""
    price = subscription.price
    fields = {
        "user": subscription.user,
        "number": number,
        "billed_to": billed_to or subscription.user.email,
        "description": f"careerboard {price.plan.name}, {price.display}"
        if price
        else "careerboard",
        "amount_cents": amount_cents,
        "currency": currency.upper(),
        "period_start": period_start,
        "period_end": period_end,
        "paid_at": paid_at,
        "hosted_url": hosted_url,
    }
    if provider_invoice_id:
        invoice, _ = Invoice.objects.update_or_create(
            provider=provider, provider_invoice_id=provider_invoice_id, defaults=fields
        )
        return invoice
    invoice = Invoice.objects.create(provider=provider, **fields)
    # Our own invoices are numbered in sequence, per year.
    invoice.number = f"CB-{paid_at:%Y}-{invoice.pk:06d}"
    invoice.save(update_fields=["number"])
    return invoice


def _local_period_charge(subscription: Subscription, *, start: datetime) -> None:
    """The local provider "charges" one period from `start`: a new period and its invoice."""
    price = subscription.price
    assert price is not None
    subscription.current_period_start = start
    subscription.current_period_end = add_interval(start, price.interval)
    invoice_record(
        subscription=subscription,
        provider=Subscription.Provider.LOCAL,
        amount_cents=price.amount_cents,
        currency=price.currency,
        period_start=subscription.current_period_start,
        period_end=subscription.current_period_end,
        paid_at=start,
    )


@transaction.atomic
def local_checkout_complete(*, user, price_key: str, now: datetime | None = None) -> Subscription:  # type: ignore[no-untyped-def]
    """The person "paid" on our own checkout page: the subscription is active at once."""
    if settings.BILLING_PROVIDER != Subscription.Provider.LOCAL:
        raise PermissionDenied("The local checkout is off: BILLING_PROVIDER is not local.")
    now = now or timezone.now()
    price = _price_to_buy(price_key)
    subscription = subscription_locked(user=user)
    if not checkout_allowed(subscription, now=now):
        raise ValidationError("You already have a subscription: manage it on the billing page.")
    subscription.price = price
    subscription.provider = Subscription.Provider.LOCAL
    subscription.provider_subscription_id = ""
    subscription.status = Subscription.Status.ACTIVE
    subscription.cancel_at_period_end = False
    subscription.grace_until = None
    _local_period_charge(subscription, start=now)
    settle(subscription, now=now)
    return subscription


def _paid_subscription(*, user, now: datetime) -> Subscription:  # type: ignore[no-untyped-def]
    subscription = Subscription.objects.select_related("price", "user").filter(user=user).first()
    if (
        subscription is None
        or subscription.price is None
        or subscription.status == Subscription.Status.CANCELED
        or effective_plan_id(subscription, now=now) == catalog().default_plan_id
    ):
        raise ValidationError("You have no paid subscription.")
    return subscription


def subscription_cancel_at_period_end(*, user, cancel: bool) -> Subscription:  # type: ignore[no-untyped-def]
    """Cancel at the end of the period (`cancel`), or resume a cancelled renewal. The plan
    stays until the period ends; then `subscriptions_expire_due` (or the provider's event)
    moves the account to the default plan."""
    subscription = _paid_subscription(user=user, now=timezone.now())
    if subscription.cancel_at_period_end == cancel:
        return subscription
    provider_named(subscription.provider).cancel_at_period_end_set(
        subscription=subscription, cancel=cancel
    )
    with transaction.atomic():
        subscription = subscription_locked(user=user)
        subscription.cancel_at_period_end = cancel
        subscription.save(update_fields=["cancel_at_period_end", "updated_at"])
    return subscription


def billing_portal_url(*, user) -> str:  # type: ignore[no-untyped-def]
    """The provider's page for payment methods and invoices (Stripe's customer portal)."""
    subscription = Subscription.objects.select_related("user").filter(user=user).first()
    url = None
    if subscription is not None and subscription.provider:
        url = provider_named(subscription.provider).portal_url(subscription=subscription)
    if url is None:
        raise ValidationError("Your subscription has no payment provider page.")
    return url


def _settle_each(subscriptions, *, now: datetime, change) -> int:  # type: ignore[no-untyped-def]
    """Lock each subscription in its own transaction, `change(subscription)` it, settle it."""
    done = 0
    for pk in list(subscriptions.values_list("pk", flat=True)):
        with transaction.atomic():
            subscription = (
                Subscription.objects.select_for_update(of=("self",))
                .select_related("price", "user")
                .get(pk=pk)
            )
            change(subscription)
            settle(subscription, now=now)
            done += 1
    return done


def subscriptions_expire_due(*, now: datetime | None = None) -> int:
    """Move to the default plan every account whose grace period after a failed payment is
    over, and end every subscription cancelled at the end of a period that has passed.
    Idempotent: a second run finds nothing. Returns how many it changed."""
    now = now or timezone.now()
    default_plan_id = catalog().default_plan_id
    grace_over = Q(status=Subscription.Status.PAST_DUE, grace_until__lte=now) & ~Q(
        plan_id=default_plan_id
    )
    cancelled_and_over = Q(cancel_at_period_end=True, current_period_end__lte=now) & ~Q(
        status=Subscription.Status.CANCELED
    )

    def end_cancelled(subscription: Subscription) -> None:
        if cancelled_period_over(subscription, now):
            subscription.status = Subscription.Status.CANCELED

    return _settle_each(
        Subscription.objects.filter(grace_over | cancelled_and_over), now=now, change=end_cancelled
    )


def local_subscriptions_renew(*, now: datetime | None = None) -> int:
    """Renew local-provider subscriptions whose period has passed (Stripe renews its own and
    tells us by events): a new period and invoice for each period that began. Idempotent."""
    now = now or timezone.now()

    def renew(subscription: Subscription) -> None:
        while subscription.current_period_end and subscription.current_period_end <= now:
            _local_period_charge(subscription, start=subscription.current_period_end)

    due = Subscription.objects.filter(
        provider=Subscription.Provider.LOCAL,
        status=Subscription.Status.ACTIVE,
        cancel_at_period_end=False,
        price__isnull=False,
        current_period_end__lte=now,
    )
    return _settle_each(due, now=now, change=renew)


def subscription_end_for_deleted_account(*, user) -> None:  # type: ignore[no-untyped-def]
    """Before an account is deleted: end its subscription with the provider, so nobody is
    charged for an account that is gone. When the provider cannot be reached the deletion stops
    with a ValidationError the person can read, and nothing is deleted."""
    subscription = Subscription.objects.select_related("user").filter(user=user).first()
    if (
        subscription is not None
        and subscription.provider_subscription_id
        and subscription.status != Subscription.Status.CANCELED
    ):
        try:
            provider_named(subscription.provider).cancel_now(subscription=subscription)
        except ProviderError as error:
            raise ValidationError(
                f"Your subscription could not be ended, so the account is kept: {error}"
            ) from error
