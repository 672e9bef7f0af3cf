"""What each plan allows, how many are left, and the quota guard, also under concurrency."""

from __future__ import annotations

import secrets

import pytest
from django.contrib.auth.models import AnonymousUser

from careerboard.accounts.models import AccessToken
from careerboard.billing.entitlements import (
    QuotaExceeded,
    UnknownFeature,
    entitlement_allows,
    entitlement_limit,
    entitlement_remaining,
    quota_reserve,
)
from careerboard.billing.models import Plan, Subscription
from careerboard.billing.services import local_checkout_complete
from careerboard.core.tests.concurrency import run_at_once
from careerboard.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_free_account_has_one_alert_unlimited_applies_and_searches_and_ads(seeker):
    assert entitlement_limit(user=seeker, feature="active_alerts") == 1
    assert entitlement_remaining(user=seeker, feature="active_alerts", used=0) == 1
    assert entitlement_remaining(user=seeker, feature="active_alerts", used=1) == 0
    assert entitlement_remaining(user=seeker, feature="active_alerts", used=3) == 0
    for unlimited in ("applies", "searches"):
        assert entitlement_allows(user=seeker, feature=unlimited)
        assert entitlement_remaining(user=seeker, feature=unlimited, used=10_000) is None
    assert not entitlement_allows(user=seeker, feature="ad_free")
    assert not entitlement_allows(user=seeker, feature="career_consultant")
    assert entitlement_remaining(user=seeker, feature="career_consultant", used=0) == 0


def test_a_visitor_has_what_the_default_plan_has():
    visitor = AnonymousUser()
    assert entitlement_limit(user=visitor, feature="active_alerts") == 1
    assert not entitlement_allows(user=visitor, feature="ad_free")


def test_plus_changes_the_answers_at_once(seeker):
    local_checkout_complete(user=seeker, price_key="plus-month")
    assert entitlement_limit(user=seeker, feature="active_alerts") == 10
    assert entitlement_remaining(user=seeker, feature="active_alerts", used=4) == 6
    assert entitlement_allows(user=seeker, feature="ad_free")
    assert entitlement_allows(user=seeker, feature="career_consultant")
    assert entitlement_remaining(user=seeker, feature="applies", used=500) is None


def test_an_unknown_feature_is_a_programming_error(seeker):
    with pytest.raises(UnknownFeature):
        entitlement_allows(user=seeker, feature="active_alert")


def _tokens_of(user) -> int:  # type: ignore[no-untyped-def]
    return AccessToken.objects.filter(user=user).count()


def _make_token(user) -> None:  # type: ignore[no-untyped-def]
    """The counted thing of these tests: alerts do not exist yet, access tokens are rows that
    belong to one account and are cheap to make."""
    AccessToken.objects.create(user=user, name="thing", token_hash=secrets.token_hex(32), hint="x")


def _reserve_and_make(user) -> int | None:  # type: ignore[no-untyped-def]
    """What alerts will do to create one: count and create under the guard."""
    with quota_reserve(
        user=user, feature="active_alerts", count_used=lambda: _tokens_of(user)
    ) as remaining:
        _make_token(user)
    return remaining


def test_the_guard_lets_one_in_on_free_and_says_how_many_remain(seeker):
    assert _reserve_and_make(seeker) == 0
    with pytest.raises(QuotaExceeded, match="Active job alerts: your plan includes 1"):
        _reserve_and_make(seeker)
    assert _tokens_of(seeker) == 1
    # The guard made the account's subscription row, on the default plan.
    assert Subscription.objects.get(user=seeker).plan.is_default


def test_the_guard_does_not_count_what_is_unlimited(seeker):
    def never_counted() -> int:
        raise AssertionError("an unlimited feature needs no count")

    with quota_reserve(user=seeker, feature="applies", count_used=never_counted) as remaining:
        pass
    assert remaining is None


def test_a_failed_creation_inside_the_guard_is_rolled_back(seeker):
    with (
        pytest.raises(RuntimeError),
        quota_reserve(user=seeker, feature="active_alerts", count_used=lambda: _tokens_of(seeker)),
    ):
        _make_token(seeker)
        raise RuntimeError("the creation failed half-way")
    assert _tokens_of(seeker) == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("has_subscription_row", [True, False], ids=["row", "no-row-yet"])
def test_twenty_parallel_creations_for_a_free_account_make_exactly_one(
    on_postgres, has_subscription_row
):
    """Each thread is a request with its own database connection; they start together. Without
    a subscription row yet, they also race to make it."""
    user = UserFactory()
    if has_subscription_row:
        Subscription.objects.create(user=user, plan=Plan.objects.get(is_default=True))
    outcomes = run_at_once(lambda _: _reserve_and_make(user), refused=(QuotaExceeded,))
    assert outcomes == ["done"] + ["refused"] * 19
    assert _tokens_of(user) == 1
    assert Subscription.objects.filter(user=user).count() == 1
