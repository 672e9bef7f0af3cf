"""Upgrades through the local provider, cancel at period end, resume, the downgrade at the
period's end, renewals; and what a plan change tells the domains with counted things."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from careerboard.billing import entitlements
from careerboard.billing.entitlements import entitlement_allows, entitlement_limit
from careerboard.billing.models import Invoice, Subscription
from careerboard.billing.services import (
    add_interval,
    local_checkout_complete,
    local_subscriptions_renew,
    subscription_cancel_at_period_end,
    subscriptions_expire_due,
)

pytestmark = pytest.mark.django_db

JAN_31 = datetime(2027, 1, 31, 12, tzinfo=UTC)


def test_intervals_keep_the_day_or_take_the_last_of_a_shorter_month():
    assert add_interval(JAN_31, "month") == datetime(2027, 2, 28, 12, tzinfo=UTC)
    assert add_interval(datetime(2027, 3, 15, tzinfo=UTC), "month") == datetime(
        2027, 4, 15, tzinfo=UTC
    )
    assert add_interval(datetime(2027, 12, 31, tzinfo=UTC), "month") == datetime(
        2028, 1, 31, tzinfo=UTC
    )
    assert add_interval(datetime(2028, 2, 29, tzinfo=UTC), "year") == datetime(
        2029, 2, 28, tzinfo=UTC
    )


@given(
    moment=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    interval=st.sampled_from(["month", "year"]),
)
def test_an_interval_is_exactly_one_month_or_year_later(moment, interval):
    later = add_interval(moment, interval)
    months = (later.year - moment.year) * 12 + later.month - moment.month
    assert months == (12 if interval == "year" else 1)
    assert later.day <= moment.day and later.time() == moment.time()


def test_the_local_checkout_activates_plus_and_issues_an_invoice(seeker):
    subscription = local_checkout_complete(user=seeker, price_key="plus-month", now=JAN_31)
    assert subscription.plan.slug == "plus"
    assert subscription.status == Subscription.Status.ACTIVE
    assert subscription.current_period_end == datetime(2027, 2, 28, 12, tzinfo=UTC)
    [invoice] = Invoice.objects.filter(user=seeker)
    assert invoice.amount == "USD 8"
    assert invoice.number == f"CB-2027-{invoice.pk:06d}"
    assert invoice.billed_to == "ada@example.com"
    assert invoice.description == "careerboard Plus, USD 8/month"


def test_a_yearly_price_lasts_a_year(seeker):
    subscription = local_checkout_complete(user=seeker, price_key="plus-year", now=JAN_31)
    assert subscription.current_period_end == datetime(2028, 1, 31, 12, tzinfo=UTC)
    assert Invoice.objects.get(user=seeker).amount == "USD 80"


def test_one_cannot_buy_twice_nor_buy_the_free_plan(seeker):
    with pytest.raises(ValidationError, match="cannot be bought"):
        local_checkout_complete(user=seeker, price_key="free-month")
    local_checkout_complete(user=seeker, price_key="plus-month")
    with pytest.raises(ValidationError, match="already have a subscription"):
        local_checkout_complete(user=seeker, price_key="plus-year")
    assert Invoice.objects.filter(user=seeker).count() == 1


def test_the_local_checkout_is_off_unless_it_is_the_provider(seeker, settings):
    settings.BILLING_PROVIDER = "stripe"
    with pytest.raises(PermissionDenied):
        local_checkout_complete(user=seeker, price_key="plus-month")


def test_cancel_keeps_plus_to_the_period_end_then_the_downgrade_pauses_the_extra(
    seeker, counted_things
):
    local_checkout_complete(user=seeker, price_key="plus-month", now=JAN_31)
    assert counted_things.calls == [("within_limit", 10)]
    counted_things.add(seeker, 5)

    subscription_cancel_at_period_end(user=seeker, cancel=True)
    period_end = Subscription.objects.get(user=seeker).current_period_end
    assert subscriptions_expire_due(now=period_end - timedelta(seconds=1)) == 0
    assert entitlement_allows(user=seeker, feature="ad_free")

    assert subscriptions_expire_due(now=period_end) == 1
    subscription = Subscription.objects.get(user=seeker)
    assert subscription.status == Subscription.Status.CANCELED
    assert subscription.plan.is_default
    assert entitlement_limit(user=seeker, feature="active_alerts") == 1
    assert counted_things.calls[-1] == ("over_limit", 1)
    # Nothing is deleted; the newest stays active, the four older ones are paused.
    assert len(counted_things.things[seeker.pk]) == 5
    assert [thing["active"] for thing in counted_things.things[seeker.pk]] == [False] * 4 + [True]
    # Idempotent: a second run changes nothing and calls nobody.
    assert subscriptions_expire_due(now=period_end + timedelta(days=1)) == 0
    assert len(counted_things.calls) == 2

    # Upgrading again resumes what the new limit allows.
    local_checkout_complete(user=seeker, price_key="plus-month", now=period_end + timedelta(days=2))
    assert counted_things.calls[-1] == ("within_limit", 10)
    assert counted_things.active(seeker) == 5


def test_resume_undoes_the_cancellation(seeker):
    local_checkout_complete(user=seeker, price_key="plus-month", now=JAN_31)
    subscription_cancel_at_period_end(user=seeker, cancel=True)
    subscription_cancel_at_period_end(user=seeker, cancel=False)
    period_end = Subscription.objects.get(user=seeker).current_period_end
    assert subscriptions_expire_due(now=period_end + timedelta(days=1)) == 0
    assert Subscription.objects.get(user=seeker).plan.slug == "plus"


def test_nothing_to_cancel_on_the_free_plan(seeker):
    with pytest.raises(ValidationError, match="no paid subscription"):
        subscription_cancel_at_period_end(user=seeker, cancel=True)


def test_a_failing_limit_handler_undoes_the_plan_change(seeker, monkeypatch):
    def broken(*, user, limit):  # type: ignore[no-untyped-def]
        raise RuntimeError("the paused things could not be resumed")

    monkeypatch.setattr(entitlements, "_limit_handlers", {})
    entitlements.register_limit_handlers(
        feature="active_alerts", over_limit=broken, within_limit=broken
    )
    with pytest.raises(RuntimeError):
        local_checkout_complete(user=seeker, price_key="plus-month")
    assert not Invoice.objects.exists()
    assert not entitlements.entitlement_allows(user=seeker, feature="ad_free")


def test_local_subscriptions_renew_each_period_with_an_invoice(seeker):
    local_checkout_complete(user=seeker, price_key="plus-month", now=JAN_31)
    # Two periods have begun since: 28 February and 28 March.
    assert local_subscriptions_renew(now=datetime(2027, 4, 1, tzinfo=UTC)) == 1
    subscription = Subscription.objects.get(user=seeker)
    assert subscription.current_period_start == datetime(2027, 3, 28, 12, tzinfo=UTC)
    assert subscription.current_period_end == datetime(2027, 4, 28, 12, tzinfo=UTC)
    assert Invoice.objects.filter(user=seeker).count() == 3
    assert local_subscriptions_renew(now=datetime(2027, 4, 1, tzinfo=UTC)) == 0


def test_the_periodic_commands_run(seeker):
    local_checkout_complete(
        user=seeker, price_key="plus-month", now=datetime(2020, 1, 1, tzinfo=UTC)
    )
    subscription_cancel_at_period_end(user=seeker, cancel=True)
    call_command("billing_renew_local", verbosity=0)
    call_command("billing_expire_grace", verbosity=0)
    assert Subscription.objects.get(user=seeker).plan.is_default
    assert Invoice.objects.filter(user=seeker).count() == 1
