"""Delivering new jobs by mail: every write of the alerts' mails (the alerts themselves change
in alerts.services).

In three steps that each commit on their own:

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

import uuid
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from itertools import groupby

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from careerboard.alerts import selectors
from careerboard.alerts.criteria import JobFacts
from careerboard.alerts.matching import bit_indices, bitmap_of, match
from careerboard.alerts.models import Alert, AlertMail, JobArrival, SentJob
from careerboard.core.batches import batched
from careerboard.core.mail import MAX_ATTEMPTS, retry_delay
from careerboard.core.metrics import ALERT_MAILS_SENT, ALERT_MATCHES
from careerboard.core.outbox import outbox_claim, outbox_enqueue, outbox_lease_renew

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
