"""Every change to a job: posting, editing, moderation, and the end of its life.

The rules: employers act only for their own companies (staff for any); new and edited jobs wait
for review; only published, unexpired jobs are in search (the search index is updated here).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from careerboard.accounts.models import User
from careerboard.companies.models import Company
from careerboard.companies.selectors import company_is_member
from careerboard.core.html import html_to_text
from careerboard.core.outbox import outbox_enqueue
from careerboard.jobs.indexing import job_search_sync
from careerboard.jobs.models import MAX_SKILL_TAGS, ExchangeRate, Job
from careerboard.jobs.spam import spam_flags
from careerboard.taxonomy.models import Industry, JobType, Level, Region

JOB_LIFETIME = timedelta(days=30)
EXPIRY_REMINDER_BEFORE = timedelta(days=5)
TIMEZONE_RANGE = (-12 * 60, 14 * 60)


@dataclass(frozen=True)
class JobInput:
    """What an employer fills in; taxonomy values are slugs."""

    title: str
    description: str
    industries: list[str] = field(default_factory=list)
    job_types: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    timezone_min: int | None = None
    timezone_max: int | None = None
    salary_min: int | None = None
    salary_max: int | None = None
    salary_currency: str = ""
    salary_period: str = ""
    apply_method: str = Job.ApplyMethod.ON_SITE
    apply_url: str = ""
    apply_email: str = ""


def job_input_of(*, job: Job) -> JobInput:
    """A job's current values as a JobInput: what an edit starts from."""
    return JobInput(
        title=job.title,
        description=job.description,
        industries=[term.slug for term in job.industries.all()],
        job_types=[term.slug for term in job.job_types.all()],
        levels=[term.slug for term in job.levels.all()],
        regions=[term.slug for term in job.regions.all()],
        timezone_min=job.timezone_min,
        timezone_max=job.timezone_max,
        salary_min=job.salary_min,
        salary_max=job.salary_max,
        salary_currency=job.salary_currency,
        salary_period=job.salary_period,
        apply_method=job.apply_method,
        apply_url=job.apply_url,
        apply_email=job.apply_email,
    )


def _require_poster(*, company: Company, user: User) -> None:
    if not (user.is_staff or company_is_member(company=company, user=user)):
        raise PermissionDenied("You do not post jobs for this company.")


def _validated_terms(data: JobInput) -> dict[str, list]:
    errors: dict[str, list[str]] = {}
    terms = {}
    for name, model in (
        ("industries", Industry),
        ("job_types", JobType),
        ("levels", Level),
        ("regions", Region),
    ):
        slugs = list(dict.fromkeys(getattr(data, name)))
        rows = list(model.objects.filter(slug__in=slugs))
        unknown = sorted(set(slugs) - {row.slug for row in rows})
        if unknown:
            errors[name] = [f"Unknown value: {', '.join(unknown)}."]
        terms[name] = rows
    if not data.title.strip() or len(data.title.strip()) < 3:
        errors["title"] = ["Give the job a title of at least 3 characters."]
    elif len(data.title) > 200:
        errors["title"] = ["The title must be at most 200 characters."]
    if len(html_to_text(data.description)) < 30:
        errors["description"] = ["Describe the job in at least 30 characters."]
    if data.salary_min is not None or data.salary_max is not None:
        if (
            data.salary_min is not None
            and data.salary_max is not None
            and data.salary_min > data.salary_max
        ):
            errors["salary_max"] = ["The maximum salary must not be below the minimum."]
        if not ExchangeRate.objects.filter(currency=data.salary_currency.upper()).exists():
            errors["salary_currency"] = [
                "Choose a currency we know (ISO 4217, such as USD or EUR)."
            ]
        if data.salary_period not in Job.SalaryPeriod.values:
            errors["salary_period"] = ["Say whether the salary is per hour, month or year."]
    for name in ("timezone_min", "timezone_max"):
        value = getattr(data, name)
        if value is not None and not TIMEZONE_RANGE[0] <= value <= TIMEZONE_RANGE[1]:
            errors[name] = ["A UTC offset lies between -12 and +14 hours."]
    if (data.timezone_min is None) != (data.timezone_max is None):
        errors["timezone_max"] = ["Give both ends of the working-hours window, or neither."]
    elif (
        data.timezone_min is not None
        and data.timezone_max is not None
        and data.timezone_min > data.timezone_max
    ):
        errors["timezone_max"] = ["The window must end after it starts."]
    if data.apply_method not in Job.ApplyMethod.values:
        errors["apply_method"] = ["Choose how people apply."]
    elif data.apply_method == Job.ApplyMethod.URL and not data.apply_url:
        errors["apply_url"] = ["Give the address where people apply."]
    elif data.apply_method == Job.ApplyMethod.EMAIL and not data.apply_email:
        errors["apply_email"] = ["Give the email address that receives applications."]
    if errors:
        raise ValidationError(errors)
    return terms


def _apply(job: Job, data: JobInput) -> dict[str, list]:
    terms = _validated_terms(data)
    job.title = data.title.strip()
    job.slug = slugify(job.title)[:200] or "job"
    job.description = data.description
    for name in (
        "timezone_min",
        "timezone_max",
        "salary_min",
        "salary_max",
        "salary_period",
        "apply_method",
    ):
        setattr(job, name, getattr(data, name))
    job.salary_currency = data.salary_currency.upper()
    job.apply_url = data.apply_url if data.apply_method == Job.ApplyMethod.URL else ""
    job.apply_email = data.apply_email if data.apply_method == Job.ApplyMethod.EMAIL else ""
    job.full_clean(exclude=["company", "posted_by", "slug"], validate_unique=False)
    return terms


def _set_terms(job: Job, terms: dict[str, list]) -> None:
    for name, rows in terms.items():
        getattr(job, name).set(rows)


@transaction.atomic
def job_create(*, company: Company, by: User, data: JobInput) -> Job:
    """A new draft; job_submit sends it to review."""
    _require_poster(company=company, user=by)
    job = Job(company=company, posted_by=by, status=Job.Status.DRAFT)
    terms = _apply(job, data)
    job.save()
    _set_terms(job, terms)
    return job


@transaction.atomic
def job_update(*, job: Job, by: User, data: JobInput) -> Job:
    """Change a job. A job that was live, expired, rejected or waiting goes (back) to review and
    leaves search, and the spam checks run again on what it now says."""
    _require_poster(company=job.company, user=by)
    if job.status in (Job.Status.FILLED, Job.Status.CLOSED):
        raise ValidationError("A filled or closed job cannot be edited.")
    terms = _apply(job, data)
    if job.status != Job.Status.DRAFT:
        job.status = Job.Status.PENDING
        job.spam_flags = spam_flags(job)
    job.save()
    _set_terms(job, terms)
    job_search_sync(job_ids=[job.pk])
    return job


COMPANY_CHANGED_FLAG = (
    "Back in review because the company changed its name, website, description or logo: "
    "check the company page too."
)


@transaction.atomic
def company_jobs_to_review(*, company: Company) -> int:
    """The company's name, website, description or logo changed, and every live job of it shows
    them: those jobs go back to review and leave search, as after an edit of the job itself,
    until staff approve them with the company's new text. Returns how many went."""
    jobs = list(
        Job.objects.select_for_update().filter(company=company, status=Job.Status.PUBLISHED)
    )
    for job in jobs:
        job.company = company
        job.status = Job.Status.PENDING
        job.spam_flags = [*spam_flags(job), COMPANY_CHANGED_FLAG]
        job.save(update_fields=["status", "spam_flags", "updated_at"])
    job_search_sync(job_ids=[job.pk for job in jobs])
    return len(jobs)


@transaction.atomic
def job_submit(*, job: Job, by: User) -> Job:
    """Send a draft (or a rejected job after edits) to the moderation queue."""
    _require_poster(company=job.company, user=by)
    if job.status not in (Job.Status.DRAFT, Job.Status.REJECTED):
        raise ValidationError("Only a draft or a rejected job can be submitted for review.")
    job.status = Job.Status.PENDING
    job.spam_flags = spam_flags(job)
    job.save(update_fields=["status", "spam_flags", "updated_at"])
    return job


def _require_staff(user: User) -> None:
    if not user.is_staff:
        raise PermissionDenied("Only staff moderate jobs.")


@transaction.atomic
def job_approve(*, job: Job, by: User) -> Job:
    _require_staff(by)
    if job.status != Job.Status.PENDING:
        raise ValidationError("Only a job waiting for review can be approved.")
    job.reviewed_by, job.reviewed_at, job.rejection_reason = by, timezone.now(), ""
    job.save(update_fields=["reviewed_by", "reviewed_at", "rejection_reason", "updated_at"])
    job_publish(job=job, by=by)
    _notify(job, "approved")
    return job


@transaction.atomic
def job_reject(*, job: Job, by: User, reason: str) -> Job:
    _require_staff(by)
    if job.status != Job.Status.PENDING:
        raise ValidationError("Only a job waiting for review can be rejected.")
    if not reason.strip():
        raise ValidationError({"reason": ["Tell the employer why the job was rejected."]})
    job.status = Job.Status.REJECTED
    job.rejection_reason = reason.strip()
    job.reviewed_by, job.reviewed_at = by, timezone.now()
    job.save(
        update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at", "updated_at"]
    )
    _notify(job, "rejected")
    return job


def job_publish(*, job: Job, by: User | None) -> Job:
    """Put a job live for 30 days from now."""
    now = timezone.now()
    job.status = Job.Status.PUBLISHED
    job.published_at = now
    job.expires_at = now + JOB_LIFETIME
    job.expiry_reminder_sent_at = None
    job.save(
        update_fields=[
            "status",
            "published_at",
            "expires_at",
            "expiry_reminder_sent_at",
            "updated_at",
        ]
    )
    job_search_sync(job_ids=[job.pk])
    return job


@transaction.atomic
def job_extend(*, job: Job, by: User) -> Job:
    """Another 30 days for a live job."""
    _require_poster(company=job.company, user=by)
    if job.status != Job.Status.PUBLISHED:
        raise ValidationError("Only a live job can be extended.")
    job.expires_at = max(job.expires_at or timezone.now(), timezone.now()) + JOB_LIFETIME
    job.expiry_reminder_sent_at = None
    job.save(update_fields=["expires_at", "expiry_reminder_sent_at", "updated_at"])
    job_search_sync(job_ids=[job.pk])
    return job


@transaction.atomic
def job_relist(*, job: Job, by: User) -> Job:
    """An expired job, unchanged since it was approved, goes live again for 30 days."""
    _require_poster(company=job.company, user=by)
    if job.status != Job.Status.EXPIRED:
        raise ValidationError("Only an expired job can be relisted.")
    return job_publish(job=job, by=by)


@transaction.atomic
def job_end(*, job: Job, by: User, status: str) -> Job:
    """Mark a job filled or closed: it leaves search; its page stays and says so."""
    _require_poster(company=job.company, user=by)
    if status not in (Job.Status.FILLED, Job.Status.CLOSED):
        raise ValidationError("A job ends as filled or closed.")
    if job.status not in (Job.Status.PUBLISHED, Job.Status.EXPIRED):
        # A job that never went live has no public page to say it ended.
        raise ValidationError("Only a live or expired job can be marked filled or closed.")
    job.status = status
    job.save(update_fields=["status", "updated_at"])
    job_search_sync(job_ids=[job.pk])
    return job


def job_skill_tags_set(*, tags: dict[int, list[str]]) -> None:
    """Store what each job (by id) asks for, as the skill names its card shows (the first
    MAX_SKILL_TAGS). Not a change of the job: its updated_at stays."""
    # One prepared UPDATE run for every job: bulk_update builds a CASE over every row, which
    # cost as much CPU as reading the jobs' skills.
    field = Job._meta.get_field("skill_tags")
    rows = [
        (field.get_db_prep_save(names[:MAX_SKILL_TAGS], connection), job_id)
        for job_id, names in tags.items()
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {Job._meta.db_table} SET {field.column} = %s WHERE id = %s",  # noqa: S608
            rows,
        )


def jobs_expire(*, now: datetime | None = None) -> tuple[int, int]:
    """Expire live jobs past their date and remind posters 5 days before. Idempotent.

    Returns (expired, reminded)."""
    now = now or timezone.now()
    with transaction.atomic():
        expiring = list(
            Job.objects.select_for_update()
            .filter(status=Job.Status.PUBLISHED, expires_at__lte=now)
            .values_list("id", flat=True)
        )
        Job.objects.filter(id__in=expiring).update(status=Job.Status.EXPIRED, updated_at=now)
        job_search_sync(job_ids=expiring)
    reminded = 0
    due = Job.objects.filter(
        status=Job.Status.PUBLISHED,
        expires_at__gt=now,
        expires_at__lte=now + EXPIRY_REMINDER_BEFORE,
        expiry_reminder_sent_at__isnull=True,
    )
    for job in due.select_related("company", "posted_by"):
        # Claim the reminder first, so two overlapping runs never send it twice.
        if Job.objects.filter(pk=job.pk, expiry_reminder_sent_at__isnull=True).update(
            expiry_reminder_sent_at=now
        ):
            _notify(job, "expiring")
            reminded += 1
    return len(expiring), reminded


def _notify(job: Job, kind: str) -> None:
    from careerboard.jobs.tasks import job_mail_poster

    if job.posted_by_id:
        outbox_enqueue(task=job_mail_poster, args=(job.pk, kind))
