"""Every change to alerts: saving searches within the plan's limit, pausing and resuming them
(also when the plan changes), compiling them again and unsubscribing. Delivering new jobs by
mail is alerts.delivery.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.utils import timezone

from careerboard.accounts.models import User
from careerboard.alerts import selectors
from careerboard.alerts.models import Alert
from careerboard.alerts.searches import SavedSearch, describe, saved_search
from careerboard.alerts.tokens import unsubscribe_target
from careerboard.billing.entitlements import quota_reserve
from careerboard.core.batches import batched
from careerboard.search.analysis import analyzer_fingerprint
from careerboard.search.filters import UnknownFilterValue
from careerboard.search.params import InvalidSearchParam

logger = logging.getLogger(__name__)


# --- Alerts -----------------------------------------------------------------------------------


def _search(params: QueryDict | Mapping) -> SavedSearch:
    try:
        return saved_search(params)
    except (InvalidSearchParam, UnknownFilterValue) as error:
        raise ValidationError({error.field: [str(error)]}) from error


def _frequency(value: str) -> str:
    if value not in Alert.Frequency.values:
        raise ValidationError({"frequency": ["Choose instantly, daily or weekly."]})
    return value


def _name(value: str, search: SavedSearch) -> str:
    name = value.strip() or describe(search.query)
    if len(name) > 200:
        raise ValidationError({"name": ["A name has at most 200 characters."]})
    return name


def _require_owner(alert: Alert, user: User) -> None:
    if alert.user_id != user.pk:
        raise PermissionDenied("This alert is not yours.")


def _quota(user: User):  # type: ignore[no-untyped-def]
    """The plan's limit on active alerts, held while one more becomes active."""
    return quota_reserve(
        user=user,
        feature=selectors.FEATURE,
        count_used=lambda: selectors.alert_active_count(user=user),
    )


def alert_create(
    *,
    user: User,
    params: QueryDict | Mapping,
    frequency: str = Alert.Frequency.DAILY,
    name: str = "",
) -> Alert:
    """Save a search as an active alert. Raises ValidationError for a search that search itself
    would refuse, and QuotaExceeded (a ValidationError) when the plan has no room."""
    search = _search(params)
    fields = {
        "name": _name(name, search),
        "params": search.params,
        "criteria": search.criteria.to_json(),
        "criteria_compiled_with": analyzer_fingerprint(),
        "frequency": _frequency(frequency),
    }
    with _quota(user):
        return Alert.objects.create(user=user, digest_through=timezone.now(), **fields)


def alert_update(
    *,
    user: User,
    alert: Alert,
    params: QueryDict | Mapping | None = None,
    frequency: str | None = None,
    name: str | None = None,
) -> Alert:
    """Change an alert's search, frequency or name (only what is given)."""
    _require_owner(alert, user)
    search = _search(params if params is not None else QueryDict(alert.params))
    alert.params, alert.criteria = search.params, search.criteria.to_json()
    alert.criteria_compiled_with = analyzer_fingerprint()
    if frequency is not None and _frequency(frequency) != alert.frequency:
        alert.frequency = frequency
        # A new rhythm starts now: the first digest covers what arrives from here on.
        alert.digest_through = timezone.now()
    if name is not None:
        alert.name = _name(name, search)
    alert.save()
    return alert


def alert_pause(*, user: User, alert: Alert) -> Alert:
    _require_owner(alert, user)
    alert.paused, alert.paused_by_plan = True, False
    alert.save(update_fields=["paused", "paused_by_plan", "updated_at"])
    return alert


def alert_resume(*, user: User, alert: Alert) -> Alert:
    """Make a paused alert active again, within the plan's limit (QuotaExceeded otherwise). It
    mails what arrives from now on, not what arrived while it was paused."""
    _require_owner(alert, user)
    if not alert.paused:
        return alert
    with _quota(user):
        alert.paused, alert.paused_by_plan = False, False
        alert.digest_through = timezone.now()
        alert.save(update_fields=["paused", "paused_by_plan", "digest_through", "updated_at"])
    return alert


def alert_delete(*, user: User, alert: Alert) -> None:
    _require_owner(alert, user)
    alert.delete()


def alerts_recompile_criteria() -> int:
    """Compile again, from its `params`, every alert compiled by another reading of text than
    today's (search.analysis changed: a vocabulary or rules of a later release), so an alert
    finds what its search finds. Returns how many alerts were compiled again; idempotent. An
    alert edited meanwhile keeps its edit: only rows whose params are unchanged are written."""
    current = analyzer_fingerprint()
    by_params: dict[str, list[int]] = defaultdict(list)
    stale = Alert.objects.exclude(criteria_compiled_with=current)
    for alert_id, params in stale.values_list("id", "params"):
        by_params[params].append(alert_id)
    compiled = 0
    for params, alert_ids in by_params.items():
        fields: dict[str, object] = {"criteria_compiled_with": current}
        try:
            fields["criteria"] = saved_search(QueryDict(params)).criteria.to_json()
        except (InvalidSearchParam, UnknownFilterValue) as error:
            # A filter value removed since: the alert keeps the criteria it had.
            logger.warning("alert search %r no longer compiles: %s", params, error)
        for chunk in batched(alert_ids, 500):
            compiled += Alert.objects.filter(pk__in=chunk, params=params).update(**fields)
    return compiled


def alerts_unsubscribe(*, token: str) -> int:
    """One-click unsubscribe from a mail: pause the alerts the signed link names. Pausing, not
    deleting: the saved search stays on the person's alerts page, one click from coming back,
    and a mail client that follows the link by itself destroys nothing. Returns how many
    alerts it paused; raises PermissionDenied for a forged link."""
    target = unsubscribe_target(token)
    if target is None:
        raise PermissionDenied("This unsubscribe link is not valid.")
    user_id, alert_ids = target
    return Alert.objects.filter(user_id=user_id, pk__in=alert_ids, paused=False).update(
        paused=True, paused_by_plan=False, updated_at=timezone.now()
    )


# --- Plan changes (registered with billing in AlertsConfig.ready) ---------------------------


def alerts_pause_over_limit(*, user: User, limit: int | None) -> None:
    """The plan's limit fell: pause the active alerts beyond it, keeping the most recently
    created ones active. These resume by themselves when the limit rises again."""
    if limit is None:
        return
    active = Alert.objects.filter(user=user, paused=False)
    keep = list(active.order_by("-created_at", "-id").values_list("pk", flat=True)[:limit])
    active.exclude(pk__in=keep).update(paused=True, paused_by_plan=True, updated_at=timezone.now())


def alerts_resume_within_limit(*, user: User, limit: int | None) -> None:
    """The plan's limit rose: resume alerts paused by an earlier plan change, newest first, as
    many as now fit. Alerts the person paused stay paused."""
    paused = Alert.objects.filter(user=user, paused=True, paused_by_plan=True).order_by(
        "-created_at", "-id"
    )
    ids = list(paused.values_list("pk", flat=True))
    if limit is not None:
        ids = ids[: max(limit - selectors.alert_active_count(user=user), 0)]
    now = timezone.now()
    Alert.objects.filter(pk__in=ids).update(
        paused=False, paused_by_plan=False, digest_through=now, updated_at=now
    )
