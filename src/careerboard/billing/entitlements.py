"""The one place that answers "may this account do X, and how many are left".

Features are named by their key in billing/data.py ("active_alerts", "ad_free", ...); feature
code never names a plan.

    if entitlement_allows(user=request.user, feature="ad_free"): ...
    left = entitlement_remaining(user=user, feature="active_alerts", used=active_count)

Creating a counted thing goes through the quota guard, which holds the account's subscription
row locked while it counts and creates, so parallel requests cannot overshoot the limit:

    with quota_reserve(user=user, feature="active_alerts",
                       count_used=lambda: Alert.objects.filter(user=user, paused=False).count()):
        Alert.objects.create(user=user, ...)

A plan change never deletes anything. A domain whose things are counted registers what to do
when an account's limit falls (pause what is over it) and rises (resume what fits again):

    register_limit_handlers(feature="active_alerts", over_limit=alerts_pause_over_limit,
                            within_limit=alerts_resume_within_limit)  # each (*, user, limit)

Both run inside the transaction that changes the plan, with the subscription row locked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction

from careerboard.billing.models import Entitlement, Feature, Plan, Subscription

# A limit: None is unlimited, 0 is not included.
Limit = int | None

_CATALOG_KEY = "billing:catalog"
_CATALOG_SECONDS = 3600


@dataclass(frozen=True)
class Catalog:
    """Every plan's limits, small enough to keep whole in the cache."""

    default_plan_id: int
    feature_names: dict[str, str]
    limits: dict[int, dict[str, Limit]]  # plan id -> feature key -> limit


class UnknownFeature(LookupError):
    """A feature key that billing/data.py does not define: a typo in feature code."""


class QuotaExceeded(ValidationError):
    """The account's plan allows no more of this thing."""

    def __init__(self, *, feature_name: str, limit: int) -> None:
        super().__init__(
            f"{feature_name}: your plan includes {limit}, and you have used them all. "
            "Upgrade for more, or make room first.",
            code="quota_exceeded",
        )
        self.limit = limit


def catalog() -> Catalog:
    cached = cache.get(_CATALOG_KEY)
    if cached is None:
        plans = dict(Plan.objects.values_list("pk", "is_default"))
        cached = Catalog(
            default_plan_id=next(pk for pk, is_default in plans.items() if is_default),
            feature_names=dict(Feature.objects.values_list("key", "name")),
            limits={plan_id: {} for plan_id in plans},
        )
        for plan_id, key, limit in Entitlement.objects.values_list(
            "plan_id", "feature__key", "limit"
        ):
            cached.limits[plan_id][key] = limit
        cache.set(_CATALOG_KEY, cached, _CATALOG_SECONDS)
    return cached


def catalog_changed() -> None:
    """Forget the cached catalog after plans, features or entitlements change."""
    cache.delete(_CATALOG_KEY)


def plan_limit(*, plan_id: int, feature: str) -> Limit:
    known = catalog()
    if feature not in known.feature_names:
        raise UnknownFeature(feature)
    limits = known.limits.get(plan_id, {})
    return limits.get(feature, 0)


def plan_id_of(user) -> int:  # type: ignore[no-untyped-def]
    """The plan an account (or a visitor: the default plan) has now."""
    if user is None or not user.is_authenticated:
        return catalog().default_plan_id
    plan_id = Subscription.objects.filter(user=user).values_list("plan_id", flat=True).first()
    return plan_id if plan_id is not None else catalog().default_plan_id


def entitlement_limit(*, user, feature: str) -> Limit:  # type: ignore[no-untyped-def]
    """How many the account may have (None: unlimited, 0: not in its plan)."""
    return plan_limit(plan_id=plan_id_of(user), feature=feature)


def entitlement_allows(*, user, feature: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether the account's plan includes the feature at all."""
    return entitlement_limit(user=user, feature=feature) != 0


def entitlement_remaining(*, user, feature: str, used: int) -> Limit:  # type: ignore[no-untyped-def]
    """How many more the account may have when it has `used` (None: unlimited)."""
    limit = entitlement_limit(user=user, feature=feature)
    return None if limit is None else max(limit - used, 0)


def subscription_locked(*, user) -> Subscription:  # type: ignore[no-untyped-def]
    """The account's subscription row (made on the first need), locked until the transaction
    ends. PostgreSQL locks the row; SQLite runs every write transaction alone (IMMEDIATE)."""
    Subscription.objects.get_or_create(user=user, defaults={"plan_id": catalog().default_plan_id})
    return (
        Subscription.objects.select_for_update(of=("self",))
        .select_related("plan", "price", "user")
        .get(user=user)
    )


@contextmanager
def quota_reserve(*, user, feature: str, count_used: Callable[[], int]) -> Iterator[Limit]:  # type: ignore[no-untyped-def]
    """Run the block only while the account has room for one more; raise QuotaExceeded
    otherwise. Yields how many remain after the one the block creates (None: unlimited).

    The block runs in a transaction with the subscription row locked, so `count_used` and the
    creation cannot interleave with another request of the same account or a plan change."""
    with transaction.atomic():
        subscription = subscription_locked(user=user)
        limit = plan_limit(plan_id=subscription.plan_id, feature=feature)
        if limit is None:
            yield None
            return
        used = count_used()
        if used >= limit:
            raise QuotaExceeded(feature_name=catalog().feature_names[feature], limit=limit)
        yield limit - used - 1


# --- What happens to counted things when a limit changes ---------------------------------

LimitHandler = Callable[..., None]  # (*, user, limit: Limit) -> None


@dataclass(frozen=True)
class LimitHandlers:
    over_limit: LimitHandler  # the limit fell: pause what is beyond it (keep the newest)
    within_limit: LimitHandler  # the limit rose: resume what fits again


_limit_handlers: dict[str, list[LimitHandlers]] = {}


def register_limit_handlers(
    *, feature: str, over_limit: LimitHandler, within_limit: LimitHandler
) -> None:
    """Call these (from the domain's AppConfig.ready) when an account's limit of `feature`
    changes with its plan."""
    handlers = LimitHandlers(over_limit=over_limit, within_limit=within_limit)
    registered = _limit_handlers.setdefault(feature, [])
    if handlers not in registered:
        registered.append(handlers)


def _below(a: Limit, b: Limit) -> bool:
    """a < b, with None as unlimited."""
    return a is not None and (b is None or a < b)


def limits_changed(*, user, old_plan_id: int, new_plan_id: int) -> None:  # type: ignore[no-untyped-def]
    """Tell each registered domain that the account moved from one plan to another."""
    for feature, handlers in _limit_handlers.items():
        old = plan_limit(plan_id=old_plan_id, feature=feature)
        new = plan_limit(plan_id=new_plan_id, feature=feature)
        for handler in handlers:
            if _below(new, old):
                handler.over_limit(user=user, limit=new)
            elif _below(old, new):
                handler.within_limit(user=user, limit=new)
