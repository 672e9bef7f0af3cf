"""Every change to alerts: saving searches within the plan's limit, pausing and resuming them
(also when the plan changes), and delivering new jobs by mail.

Delivery, in three steps that each commit on their own:

1. Arrival: `alerts_send_instant` (every 30 seconds) records each live job the alerts have not
   seen (`JobArrival`), matches the batch against every active instant alert with the engine
   (alerts.matching) and, in the same transaction, queues one mail per person.
2. Digests: `alerts_send_digests` (hourly; idempotent) takes each alert of the frequency whose
   last digest is from before today (daily) or this week (weekly), matches the arrivals since
   that digest, and queues one mail per person, moving the alerts' `digest_through` in the same
   transaction, so a second run finds nothing to do.
3. Sending: the `send_alert_mails` task claims queued mails, hands them to SMTP and marks each
   sent as soon as the server has accepted it; a refused or failed hand-off is retried with
   exponential backoff (the task enqueues itself with `run_after`).

A mail holds at most 10 jobs and 2 per company; the jobs it carries are recorded as `SentJob`
rows, unique per (alert, job), in the transaction that queues it: a job never goes twice to an
alert, and a queued mail is never lost while the SMTP server is away.
"""

from __future__ import annotations

import logging
import uuid
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from itertools import groupby

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import QueryDict
from django.utils import timezone

from careerboard.accounts.models import User
from careerboard.alerts import selectors
from careerboard.alerts.matching import JobFacts, bit_indices, bitmap_of, match
from careerboard.alerts.models import Alert, AlertMail, JobArrival, SentJob
from careerboard.alerts.searches import SavedSearch, describe, saved_search
from careerboard.alerts.tokens import unsubscribe_target
from careerboard.billing.entitlements import quota_reserve
from careerboard.core.batches import batched
from careerboard.core.mail import MAX_ATTEMPTS, retry_delay
from careerboard.core.metrics import ALERT_MAILS_SENT, ALERT_MATCHES
from careerboard.core.outbox import outbox_claim, outbox_enqueue, outbox_lease_renew
from careerboard.search.analysis import analyzer_fingerprint
from careerboard.search.filters import UnknownFilterValue
from careerboard.search.params import InvalidSearchParam

logger = logging.getLogger(__name__)

MAX_JOBS_PER_MAIL = 10
MAX_JOBS_PER_COMPANY = 2
# A worker holds the mails it sends for this long, renewed before each mail (well above
# EMAIL_TIMEOUT, so a slow but live send is not taken over); a killed worker's mails are due
# again after it, and the next send_instant_alerts (every 30 s) queues them.
SEND_LEASE = timedelta(minutes=2)
# A queued mail whose task has not run this long after its time is queued again.
STALLED_AFTER = timedelta(minutes=15)
MAILS_PER_TASK = 50
USERS_PER_TRANSACTION = 500
ARRIVALS_KEPT = timedelta(days=14)
MAILS_KEPT = timedelta(days=30)


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


# --- Queuing mails ----------------------------------------------------------------------------


def _pick(bitmaps: dict[int, int], jobs: Sequence[JobFacts]) -> tuple[list[int], int]:
    """Choose a mail's jobs among one person's matches (alert id -> bitmap of batch positions,
    newest first): the alerts take turns, newest alert first, each its newest job not chosen
    yet, skipping a company that already has 2, until 10. Returns the chosen positions, newest
    first, and how many matching jobs are left out."""
    pending = {alert_id: bit_indices(matching) for alert_id, matching in bitmaps.items()}
    chosen: set[int] = set()
    per_company: Counter[str] = Counter()
    while pending and len(chosen) < MAX_JOBS_PER_MAIL:
        for alert_id in list(pending):
            for position in pending[alert_id]:
                company = jobs[position].company
                if position not in chosen and per_company[company] < MAX_JOBS_PER_COMPANY:
                    chosen.add(position)
                    per_company[company] += 1
                    break
            else:
                del pending[alert_id]
            if len(chosen) == MAX_JOBS_PER_MAIL:
                break
    union = 0
    for matching in bitmaps.values():
        union |= matching
    return sorted(chosen), union.bit_count() - len(chosen)


def _queue(
    by_user: dict[int, dict[int, int]], jobs: Sequence[JobFacts], *, frequency: str, now: datetime
) -> list[int]:
    """Queue one mail per person (user id -> alert id -> bitmap of matching batch positions)
    with its SentJob rows; call inside a transaction. Returns the new mails' ids."""
    picks = {user_id: _pick(bitmaps, jobs) for user_id, bitmaps in by_user.items() if bitmaps}
    picks = {user_id: pick for user_id, pick in picks.items() if pick[0]}
    mails = AlertMail.objects.bulk_create(
        AlertMail(
            user_id=user_id,
            frequency=frequency,
            more_count=more,
            next_attempt_at=now,
        )
        for user_id, (_, more) in picks.items()
    )
    matched = SentJob.objects.bulk_create(
        SentJob(alert_id=alert_id, job_id=jobs[position].job_id, mail=mail)
        for mail, (user_id, (positions, _)) in zip(mails, picks.items(), strict=True)
        for position in positions
        for alert_id, matching in by_user[user_id].items()
        if matching >> position & 1
    )
    transaction.on_commit(partial(ALERT_MATCHES.labels(frequency=frequency).inc, len(matched)))
    return [mail.pk for mail in mails]


def _enqueue_sending(mail_ids: list[int]) -> None:
    from careerboard.alerts.tasks import send_alert_mails

    for chunk in batched(mail_ids, MAILS_PER_TASK):
        outbox_enqueue(task=send_alert_mails, args=(chunk,))


def alerts_send_instant(*, now: datetime | None = None) -> int:
    """Match the jobs that went live since the last run against every active instant alert and
    queue one mail per person. Idempotent: each job arrives once. Returns the mails queued."""
    now = now or timezone.now()
    new_ids = selectors.job_ids_not_arrived(now=now)
    if not new_ids:
        return 0
    specs = selectors.alert_specs(frequency=Alert.Frequency.INSTANT)
    # Without instant alerts the jobs are only recorded, for the digests.
    jobs = selectors.job_facts(job_ids=new_ids, now=now) if specs else []
    # Matched before the transaction, which then stays short.
    matches = match(((spec.id, spec.criteria) for spec in specs), jobs)
    run = uuid.uuid4().hex
    with transaction.atomic():
        JobArrival.objects.bulk_create(
            (JobArrival(job_id=job_id, arrived_at=now, run=run) for job_id in new_ids),
            ignore_conflicts=True,
            batch_size=1000,
        )
        # A concurrent run may have recorded some of them first; those are its to mail.
        ours = selectors.arrivals_of_run(run=run, job_ids=new_ids)
        mask = bitmap_of(
            (position for position, job in enumerate(jobs) if job.job_id in ours), len(jobs)
        )
        by_user: dict[int, dict[int, int]] = {}
        for spec in specs:
            wanted = matches.bitmaps.get(spec.id, 0) & mask
            if wanted:
                by_user.setdefault(spec.user_id, {})[spec.id] = wanted
        mail_ids = _queue(by_user, jobs, frequency=Alert.Frequency.INSTANT, now=now)
        _enqueue_sending(mail_ids)
    return len(mail_ids)


def digest_period_start(frequency: str, now: datetime) -> datetime:
    """Digests go once per UTC day (daily) or per week from Monday (weekly)."""
    day = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    if frequency == Alert.Frequency.WEEKLY:
        return day - timedelta(days=day.weekday())
    if frequency == Alert.Frequency.DAILY:
        return day
    raise ValueError(f"no digests for {frequency!r} alerts")


def alerts_send_digests(*, frequency: str, now: datetime | None = None) -> int:
    """Queue this period's digest for every alert of the frequency that has not had it: the jobs
    that arrived since its previous digest, one mail per person. Idempotent: each alert's
    `digest_through` moves to now with its mail, so a second run in the period finds nothing.
    Returns how many mails it queued (nothing is sent when nothing matches)."""
    now = now or timezone.now()
    # Every job that is live now should be an arrival before this digest's cutoff.
    alerts_send_instant(now=now)
    period_start = digest_period_start(frequency, now)
    specs = selectors.alert_specs(frequency=frequency, due_before=period_start)
    if not specs:
        return 0
    since = min(spec.digest_through for spec in specs)
    arrivals = selectors.arrivals_between(after=since, until=now)
    # Newest arrivals first, so "arrived after t" is a prefix of the batch.
    jobs = sorted(
        selectors.job_facts(job_ids=arrivals, now=now),
        key=lambda job: arrivals[job.job_id],
        reverse=True,
    )
    arrived_oldest_first = [arrivals[job.job_id] for job in reversed(jobs)]
    matches = match(((spec.id, spec.criteria) for spec in specs), jobs)
    position = {job.job_id: index for index, job in enumerate(jobs)}
    already_sent: defaultdict[int, int] = defaultdict(int)  # alert id -> bitmap of jobs sent
    for alert_id, job_id in selectors.sent_pairs(alert_ids=list(matches.bitmaps), since=since):
        if job_id in position:
            already_sent[alert_id] |= 1 << position[job_id]
    mail_ids: list[int] = []
    users = [list(user_specs) for _, user_specs in groupby(specs, key=lambda s: s.user_id)]
    for users_batch in batched(users, USERS_PER_TRANSACTION):
        batch = [spec for user_specs in users_batch for spec in user_specs]
        with transaction.atomic():
            # Claim the alerts still due; a concurrent run has taken the others.
            claimed = set(
                Alert.objects.select_for_update()
                .filter(
                    pk__in=[spec.id for spec in batch],
                    paused=False,
                    frequency=frequency,
                    digest_through__lt=period_start,
                )
                .values_list("pk", flat=True)
            )
            Alert.objects.filter(pk__in=claimed).update(digest_through=now)
            by_user: dict[int, dict[int, int]] = {}
            for spec in batch:
                matching = matches.bitmaps.get(spec.id, 0)
                if spec.id not in claimed or not matching:
                    continue
                newer = len(jobs) - bisect_right(arrived_oldest_first, spec.digest_through)
                wanted = matching & ((1 << newer) - 1) & ~already_sent[spec.id]
                if wanted:
                    by_user.setdefault(spec.user_id, {})[spec.id] = wanted
            batch_mail_ids = _queue(by_user, jobs, frequency=frequency, now=now)
            _enqueue_sending(batch_mail_ids)
        mail_ids.extend(batch_mail_ids)
    return len(mail_ids)


def alert_records_prune(*, now: datetime | None = None) -> None:
    """Forget arrivals too old to be news again and mails long done. SentJob rows stay (a job
    is never sent twice); they go with their job or alert."""
    now = now or timezone.now()
    JobArrival.objects.filter(arrived_at__lt=now - ARRIVALS_KEPT).delete()
    AlertMail.objects.filter(
        status__in=(AlertMail.Status.SENT, AlertMail.Status.FAILED, AlertMail.Status.CANCELLED),
        created_at__lt=now - MAILS_KEPT,
    ).delete()


# --- Sending (the send_alert_mails task) --------------------------------------------------------


def alert_mails_claim(*, mail_ids: list[int], now: datetime) -> list[int]:
    """Take the due, queued mails among these for sending, for SEND_LEASE; a mail is taken by
    one worker only."""
    return outbox_claim(
        AlertMail.objects.filter(pk__in=mail_ids, status=AlertMail.Status.PENDING),
        now=now,
        lease=SEND_LEASE,
        limit=len(mail_ids),
        status=AlertMail.Status.SENDING,
    )


def alert_mails_still_sending(*, mail_ids: list[int], now: datetime) -> None:
    """The worker sending these mails is alive: it holds them for another SEND_LEASE."""
    outbox_lease_renew(
        AlertMail.objects.filter(status=AlertMail.Status.SENDING),
        ids=mail_ids,
        now=now,
        lease=SEND_LEASE,
    )


def alert_mail_sent(*, mail_id: int, now: datetime) -> None:
    """The SMTP server accepted the mail: recorded at once, so a crash later in the batch
    cannot make it go again."""
    AlertMail.objects.filter(pk=mail_id).update(
        status=AlertMail.Status.SENT, sent_at=now, attempts=F("attempts") + 1, last_error=""
    )
    ALERT_MAILS_SENT.inc()


def alerts_mailed(*, mail_ids: list[int], now: datetime) -> None:
    """Note on the alerts of these sent mails when they last mailed (for their list page)."""
    Alert.objects.filter(
        pk__in=SentJob.objects.filter(mail_id__in=mail_ids).values("alert_id")
    ).update(last_sent_at=now)


def alert_mail_cancelled(*, mail_id: int) -> None:
    """Nothing is left to send: every job ended, or the alerts were deleted, before sending."""
    AlertMail.objects.filter(pk=mail_id).update(status=AlertMail.Status.CANCELLED)


def alert_mails_failed(*, failures: dict[int, str], now: datetime) -> dict[datetime, list[int]]:
    """The SMTP server did not take these mails (id -> error): schedule each again after its
    backoff, or give it up after MAX_ATTEMPTS. Returns the retries by when they are due."""
    retries: dict[datetime, list[int]] = {}
    with transaction.atomic():
        mails = AlertMail.objects.select_for_update().filter(pk__in=failures)
        for mail in mails:
            mail.attempts += 1
            mail.last_error = failures[mail.pk][:1000]
            if mail.attempts >= MAX_ATTEMPTS:
                mail.status = AlertMail.Status.FAILED
            else:
                mail.status = AlertMail.Status.PENDING
                mail.next_attempt_at = now + retry_delay(mail.attempts)
                retries.setdefault(mail.next_attempt_at, []).append(mail.pk)
            mail.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    return retries


def alert_mails_requeue_stalled(*, now: datetime | None = None) -> int:
    """Queue again the mails whose task never ran or whose worker died while sending (that one
    mail may then arrive twice: SMTP cannot tell us whether it got it). Returns how many."""
    now = now or timezone.now()
    AlertMail.objects.filter(status=AlertMail.Status.SENDING, next_attempt_at__lte=now).update(
        status=AlertMail.Status.PENDING, next_attempt_at=now - STALLED_AFTER
    )
    mail_ids = selectors.mail_ids_due(now=now, stalled_for=STALLED_AFTER)
    _enqueue_sending(mail_ids)
    return len(mail_ids)
