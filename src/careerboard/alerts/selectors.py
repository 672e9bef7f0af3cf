"""Reads of alerts: a person's own alerts, and what delivery matches and mails.

New jobs are read from the search index (search_searchentry): it holds exactly the live jobs,
with the very columns search filters on (taxonomy bit sets, salary per year in US dollars,
working hours), so an alert and the search it was saved from agree.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, TextField
from django.db.models.functions import Cast

from careerboard.accounts.models import User
from careerboard.alerts.criteria import Criteria, JobFacts
from careerboard.alerts.models import Alert, AlertMail, JobArrival, SentJob
from careerboard.alerts.tokens import feed_alert_id, unsubscribe_target
from careerboard.billing.entitlements import entitlement_limit
from careerboard.core.batches import batched
from careerboard.core.html import html_to_text
from careerboard.jobs.models import Job
from careerboard.search.models import SearchEntry

FEATURE = "active_alerts"
# A job published longer ago than this is not news when the alerts first see it (an import of
# old postings, a worker that was down for weeks): it never reaches instant alerts or digests.
ARRIVAL_LOOKBACK = timedelta(days=7)
CHUNK = 2000


def alert_list(*, user: User) -> list[Alert]:
    return list(Alert.objects.filter(user=user))


def alert_get(*, user: User, alert_id: int) -> Alert | None:
    """One of the person's own alerts; None for anybody else's."""
    return Alert.objects.filter(user=user, pk=alert_id).first()


def alert_active_count(*, user: User) -> int:
    return Alert.objects.filter(user=user, paused=False).count()


@dataclass(frozen=True)
class PlanUsage:
    active: int
    limit: int | None  # None: unlimited

    @property
    def at_limit(self) -> bool:
        return self.limit is not None and self.active >= self.limit


def alert_plan_usage(*, user: User) -> PlanUsage:
    return PlanUsage(
        active=alert_active_count(user=user), limit=entitlement_limit(user=user, feature=FEATURE)
    )


# --- Delivery ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlertSpec:
    """An active alert as delivery needs it."""

    id: int
    user_id: int
    criteria: Criteria
    digest_through: datetime


def alert_specs(*, frequency: str, due_before: datetime | None = None) -> list[AlertSpec]:
    """Active alerts of one frequency, by person, newest first; with `due_before`, only those
    whose last digest covered jobs up to before that moment."""
    alerts = Alert.objects.filter(frequency=frequency, paused=False)
    if due_before is not None:
        alerts = alerts.filter(digest_through__lt=due_before)
    # The criteria come as JSON text, decoded once per distinct search: many people save the
    # same one, and decoding every row would cost more than reading it.
    decoded: dict[str, Criteria] = {}
    specs = []
    for alert_id, user_id, criteria, digest_through in (
        alerts.order_by("user_id", "-created_at", "-id")
        .annotate(criteria_text=Cast("criteria", TextField()))
        .values_list("id", "user_id", "criteria_text", "digest_through")
    ):
        if criteria not in decoded:
            decoded[criteria] = Criteria.from_json(json.loads(criteria))
        specs.append(AlertSpec(alert_id, user_id, decoded[criteria], digest_through))
    return specs


def job_ids_not_arrived(*, now: datetime) -> list[int]:
    """Live jobs published recently that the alerts have not seen yet."""
    return list(
        SearchEntry.objects.filter(expires_at__gt=now, published_at__gte=now - ARRIVAL_LOOKBACK)
        .exclude(Exists(JobArrival.objects.filter(job_id=OuterRef("job_id"))))
        .values_list("job_id", flat=True)
    )


def arrivals_of_run(*, run: str, job_ids: list[int]) -> set[int]:
    """Which of these jobs a matching run recorded as arrived itself."""
    ours: set[int] = set()
    for chunk in batched(job_ids, CHUNK):
        ours.update(
            JobArrival.objects.filter(job_id__in=chunk, run=run).values_list("job_id", flat=True)
        )
    return ours


def arrivals_between(*, after: datetime, until: datetime) -> dict[int, datetime]:
    """job id -> arrival time, of the jobs that arrived in (after, until]."""
    return dict(
        JobArrival.objects.filter(arrived_at__gt=after, arrived_at__lte=until).values_list(
            "job_id", "arrived_at"
        )
    )


def job_facts(*, job_ids: Iterable[int], now: datetime) -> list[JobFacts]:
    """The jobs among these that are still live, newest first, as the matching engine sees them."""
    rows: list[tuple] = []
    for chunk in batched(job_ids, CHUNK):
        rows.extend(
            SearchEntry.objects.filter(job_id__in=chunk, expires_at__gt=now).values_list(
                "published_at",
                "job_id",
                "job__title",
                "job__description",
                "company__name",
                "company__slug",
                "featured",
                "industry_bits",
                "type_bits",
                "level_bits",
                "region_bits",
                "salary_min_usd",
                "salary_max_usd",
                "timezone_min",
                "timezone_max",
            )
        )
    rows.sort(key=lambda row: (row[0], row[1]), reverse=True)
    return [
        JobFacts(
            job_id,
            title,
            company_name,
            html_to_text(description),
            *rest,
        )
        for _, job_id, title, description, company_name, *rest in rows
    ]


def sent_pairs(*, alert_ids: list[int], since: datetime) -> set[tuple[int, int]]:
    """(alert id, job id) of the jobs promised to these alerts since a moment."""
    pairs: set[tuple[int, int]] = set()
    for chunk in batched(alert_ids, CHUNK):
        pairs.update(
            SentJob.objects.filter(alert_id__in=chunk, created_at__gt=since).values_list(
                "alert_id", "job_id"
            )
        )
    return pairs


@dataclass(frozen=True)
class MailAlert:
    id: int
    name: str
    params: str
    frequency: str


@dataclass(frozen=True)
class MailJob:
    """What a mail shows of a job, read as plain values (a batch of mails holds hundreds)."""

    id: int
    title: str
    slug: str
    company: str
    salary_min: int | None
    salary_max: int | None
    salary_currency: str
    salary_period: str
    regions: tuple[str, ...]  # names; none is Anywhere


@dataclass(frozen=True)
class MailContent:
    mail: AlertMail
    alerts: list[MailAlert]  # every alert the mail speaks for, newest first
    jobs: list[tuple[MailJob, tuple[int, ...]]]  # newest first, each with the alerts it matched


def _mail_jobs(job_ids: set[int]) -> dict[int, MailJob]:
    """The jobs among these still live, newest first."""
    regions: dict[int, list[str]] = {}
    for job_id, name in (
        Job.regions.through.objects.filter(job_id__in=job_ids)
        .order_by("region__position", "region__name")
        .values_list("job_id", "region__name")
    ):
        regions.setdefault(job_id, []).append(name)
    return {
        row[0]: MailJob(*row, regions=tuple(regions.get(row[0], ())))
        for row in Job.objects.filter(pk__in=job_ids, status=Job.Status.PUBLISHED)
        .order_by("-published_at", "-id")
        .values_list(
            "id",
            "title",
            "slug",
            "company__name",
            "salary_min",
            "salary_max",
            "salary_currency",
            "salary_period",
        )
    }


def mail_contents(*, mail_ids: list[int]) -> dict[int, MailContent]:
    """What each mail carries, read in a few queries for a whole batch of mails."""
    items: dict[int, dict[int, list[int]]] = {}  # mail -> job -> alerts
    for mail_id, job_id, alert_id in SentJob.objects.filter(mail_id__in=mail_ids).values_list(
        "mail_id", "job_id", "alert_id"
    ):
        items.setdefault(mail_id, {}).setdefault(job_id, []).append(alert_id)
    alert_ids = {a for jobs in items.values() for alerts in jobs.values() for a in alerts}
    alerts = {
        alert_id: MailAlert(alert_id, name, params, frequency)
        for alert_id, name, params, frequency in Alert.objects.filter(pk__in=alert_ids)
        .order_by("-created_at", "-id")
        .values_list("id", "name", "params", "frequency")
    }
    jobs = _mail_jobs({job_id for by_job in items.values() for job_id in by_job})
    order = {job_id: position for position, job_id in enumerate(jobs)}
    contents = {}
    for mail in AlertMail.objects.filter(pk__in=mail_ids).select_related("user"):
        by_job = items.get(mail.pk, {})
        live = sorted((job_id for job_id in by_job if job_id in jobs), key=order.__getitem__)
        mail_alerts = {a for job_id in live for a in by_job[job_id]}
        contents[mail.pk] = MailContent(
            mail=mail,
            alerts=[alert for alert_id, alert in alerts.items() if alert_id in mail_alerts],
            jobs=[(jobs[job_id], tuple(sorted(by_job[job_id], reverse=True))) for job_id in live],
        )
    return contents


def mail_ids_due(*, now: datetime, stalled_for: timedelta) -> list[int]:
    """Queued mails whose sending should have happened a while ago (their task was lost)."""
    return list(
        AlertMail.objects.filter(
            status=AlertMail.Status.PENDING, next_attempt_at__lte=now - stalled_for
        ).values_list("pk", flat=True)
    )


# --- Pages and feeds --------------------------------------------------------------------------


def unsubscribe_alerts(*, token: str) -> list[Alert] | None:
    """The alerts an unsubscribe link names; None when the link is forged."""
    target = unsubscribe_target(token)
    if target is None:
        return None
    user_id, alert_ids = target
    return list(Alert.objects.filter(user_id=user_id, pk__in=alert_ids))


def alert_for_feed(*, token: str) -> Alert | None:
    alert_id = feed_alert_id(token)
    return None if alert_id is None else Alert.objects.filter(pk=alert_id).first()


def alerts_for_export(user: User) -> list[dict]:
    return [
        {
            "name": alert.name,
            "search": alert.params,
            "frequency": alert.frequency,
            "paused": alert.paused,
            "paused_by_plan": alert.paused_by_plan,
            "created_at": alert.created_at.isoformat(),
            "last_sent_at": alert.last_sent_at.isoformat() if alert.last_sent_at else None,
            "jobs_sent": SentJob.objects.filter(alert=alert).count(),
        }
        for alert in alert_list(user=user)
    ]
