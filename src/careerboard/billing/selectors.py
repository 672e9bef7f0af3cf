"""Reads of plans, subscriptions, invoices and house ads."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count
from django.urls import reverse

from careerboard.billing.entitlements import catalog, plan_id_of, plan_limit
from careerboard.billing.models import Feature, Invoice, Plan, Price, Subscription
from careerboard.jobs.selectors import job_public_queryset

# The members count on /pricing and the house ads may be this many seconds old.
PUBLIC_CACHE_SECONDS = 300


def price_for_sale(*, price_key: str) -> Price | None:
    """A price one can pay for (not the free one), or None."""
    return Price.objects.select_related("plan").filter(key=price_key, amount_cents__gt=0).first()


def cancelled_period_over(subscription: Subscription, now: datetime) -> bool:
    """Cancelled at the end of its period, and that end has passed."""
    end = subscription.current_period_end
    return subscription.cancel_at_period_end and end is not None and end <= now


def effective_plan_id(subscription: Subscription, *, now: datetime) -> int:
    """The plan the account has now, from what it pays for and the state of its payments."""
    price = subscription.price
    if price is None or cancelled_period_over(subscription, now):
        return catalog().default_plan_id
    if subscription.status == Subscription.Status.ACTIVE:
        return price.plan_id
    grace_until = subscription.grace_until
    if subscription.status == Subscription.Status.PAST_DUE and grace_until and grace_until > now:
        return price.plan_id
    return catalog().default_plan_id


def checkout_allowed(subscription: Subscription, *, now: datetime) -> bool:
    """A new checkout is for an account without a live paid subscription (a second one would
    charge twice); a past-due one is fixed on the provider's page instead."""
    return (
        subscription.price is None
        or subscription.status == Subscription.Status.CANCELED
        or cancelled_period_over(subscription, now)
    )


def user_get(*, user_id: Any):  # type: ignore[no-untyped-def]
    """The account with this id, or None (ids from a provider's metadata are text)."""
    try:
        return get_user_model().objects.filter(pk=int(user_id)).first()
    except (TypeError, ValueError):
        return None


def subscription_of(*, user) -> Subscription | None:  # type: ignore[no-untyped-def]
    return Subscription.objects.select_related("plan", "price__plan").filter(user=user).first()


# --- /pricing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    included: bool
    text: str


@dataclass(frozen=True)
class PlanOffer:
    plan: Plan
    prices: list[Price]
    members: int
    is_current: bool


@dataclass(frozen=True)
class FeatureRow:
    name: str
    cells: list[Cell]  # one per plan, in the order of the offers


def _cell(feature: Feature, limit: int | None) -> Cell:
    if limit == 0:
        return Cell(included=False, text="Not included")
    if feature.kind == Feature.Kind.FLAG:
        return Cell(included=True, text="Included")
    if limit is None:
        return Cell(included=True, text="Unlimited")
    return Cell(included=True, text=str(limit) if limit == 1 else f"Up to {limit}")


def plan_member_counts() -> dict[int, int]:
    """How many accounts are on each plan now (the default plan not counted); cached."""
    counts = cache.get("billing:plan_members")
    if counts is None:
        counts = dict(
            Subscription.objects.exclude(plan_id=catalog().default_plan_id)
            .values("plan_id")
            .annotate(n=Count("id"))
            .values_list("plan_id", "n")
        )
        cache.set("billing:plan_members", counts, PUBLIC_CACHE_SECONDS)
    return counts


def pricing_table(*, user) -> tuple[list[PlanOffer], list[FeatureRow]]:  # type: ignore[no-untyped-def]
    """The plans side by side, feature by feature, with the person's current plan marked."""
    current_plan_id = plan_id_of(user) if user.is_authenticated else None
    members = plan_member_counts()
    plans = list(Plan.objects.prefetch_related("prices"))
    offers = [
        PlanOffer(
            plan=plan,
            prices=list(plan.prices.all()),
            members=members.get(plan.pk, 0),
            is_current=plan.pk == current_plan_id,
        )
        for plan in plans
    ]
    rows = [
        FeatureRow(
            name=feature.name,
            cells=[
                _cell(feature, plan_limit(plan_id=plan.pk, feature=feature.key)) for plan in plans
            ],
        )
        for feature in Feature.objects.all()
    ]
    return offers, rows


# --- The billing page -----------------------------------------------------------------------


@dataclass(frozen=True)
class BillingOverview:
    plan: Plan
    subscription: Subscription | None
    invoices: list[Invoice]
    paid: bool  # the plan comes from a payment (not the default plan)
    in_grace: bool  # a payment failed and the plan lasts until subscription.grace_until
    grace_over: bool  # a payment failed, the grace period ended, the provider still retries
    ended: bool  # a paid subscription that has ended
    can_upgrade: bool
    has_portal: bool


def billing_overview(*, user, now: datetime) -> BillingOverview:  # type: ignore[no-untyped-def]
    subscription = subscription_of(user=user)
    default_plan_id = catalog().default_plan_id
    plan = subscription.plan if subscription else Plan.objects.get(pk=default_plan_id)
    paid = plan.pk != default_plan_id
    past_due = subscription is not None and subscription.status == Subscription.Status.PAST_DUE
    return BillingOverview(
        plan=plan,
        subscription=subscription,
        invoices=list(Invoice.objects.filter(user=user)[:100]),
        paid=paid,
        in_grace=past_due and paid,
        grace_over=past_due and not paid,
        ended=subscription is not None
        and subscription.price is not None
        and not paid
        and not past_due,
        can_upgrade=subscription is None or checkout_allowed(subscription, now=now),
        has_portal=subscription is not None
        and subscription.provider == Subscription.Provider.STRIPE
        and bool(subscription.provider_customer_id),
    )


def billing_for_export(user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The "billing" section of the personal-data export: subscription and invoices."""
    subscription = subscription_of(user=user)

    def when(moment: datetime | None) -> str | None:
        return moment.isoformat() if moment else None

    return {
        "subscription": None
        if subscription is None
        else {
            "plan": subscription.plan.name,
            "price": subscription.price.display if subscription.price else None,
            "status": subscription.status,
            "provider": subscription.provider,
            "current_period_start": when(subscription.current_period_start),
            "current_period_end": when(subscription.current_period_end),
            "cancel_at_period_end": subscription.cancel_at_period_end,
            "grace_until": when(subscription.grace_until),
            "created_at": when(subscription.created_at),
        },
        "invoices": [
            {
                "number": invoice.number,
                "description": invoice.description,
                "amount": invoice.amount,
                "billed_to": invoice.billed_to,
                "period_start": when(invoice.period_start),
                "period_end": when(invoice.period_end),
                "paid_at": when(invoice.paid_at),
            }
            for invoice in Invoice.objects.filter(user=user)
        ],
    }


# --- House ads ----------------------------------------------------------------------------

SPONSORED_POOL = 12


@dataclass(frozen=True)
class HouseAds:
    jobs: list[dict[str, str]]  # featured jobs: title, company, url
    upgrade_plan: str | None  # the first plan without ads, and its cheapest price
    upgrade_price: str | None


def _house_ads() -> HouseAds:
    cached = cache.get("billing:house_ads")
    if cached is None:
        jobs = [
            {"title": job.title, "company": job.company.name, "url": job.get_absolute_url()}
            for job in job_public_queryset()
            .filter(featured=True)
            .order_by("-published_at", "-id")[:SPONSORED_POOL]
        ]
        # The banner offers the cheapest price of the first plan without ads.
        ad_free_plan_ids = [
            plan_id for plan_id, limits in catalog().limits.items() if limits.get("ad_free", 0) != 0
        ]
        offer = (
            Price.objects.select_related("plan")
            .filter(plan_id__in=ad_free_plan_ids, amount_cents__gt=0)
            .order_by("plan__position", "amount_cents")
            .first()
        )
        cached = HouseAds(
            jobs=jobs,
            upgrade_plan=offer.plan.name if offer else None,
            upgrade_price=offer.display if offer else None,
        )
        cache.set("billing:house_ads", cached, PUBLIC_CACHE_SECONDS)
    return cached


def house_ads(*, jobs: int) -> dict[str, Any]:
    """What one ad slot shows: up to `jobs` sponsored jobs (a different few each time) and the
    upgrade banner."""
    ads = _house_ads()
    return {
        "jobs": random.sample(ads.jobs, min(jobs, len(ads.jobs))),
        "upgrade_plan": ads.upgrade_plan,
        "upgrade_price": ads.upgrade_price,
        "pricing_url": reverse("billing:pricing"),
    }
