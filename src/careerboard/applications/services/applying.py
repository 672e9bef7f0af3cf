"""Applying: on careerboard with a résumé, on the job's own site or by mail (recorded as
"applied elsewhere"), or tracking by hand a job found somewhere else."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction

from careerboard.accounts.models import User
from careerboard.applications.models import Application
from careerboard.applications.resumes import resume_check, resume_delete, resume_store
from careerboard.applications.services.rules import (
    HOUR,
    application_create,
    seeker_only,
    track_limit,
)
from careerboard.billing.entitlements import quota_reserve
from careerboard.core.outbox import outbox_enqueue
from careerboard.core.ratelimit import ratelimit_enforce
from careerboard.jobs.models import Job

Status = Application.Status
Channel = Application.Channel

# On-site applications reach a company's inbox: at most this many per account and per job an hour.
APPLY_LIMIT_PER_ACCOUNT = 30
APPLY_LIMIT_PER_JOB = 200
# Submissions of the apply form, valid or not (each may carry a 5 MB upload), per account an hour.
APPLY_FORM_LIMIT_PER_ACCOUNT = 60

MAX_COVER_LETTER_LENGTH = 10_000
MAX_LINKS = 5

_url = URLValidator(schemes=["http", "https"])
_email = EmailValidator()


@dataclass(frozen=True)
class ApplicantProfile:
    """What the applicant shares with the company."""

    name: str
    email: str
    location: str
    phone: str = ""
    links: list[str] = field(default_factory=list)


def application_can_apply(*, user: User, job: Job) -> None:
    """Refuse (PermissionDenied, ValidationError) when this person cannot apply to this job on
    careerboard: the account is not a job seeker's, or the job is closed or applied to elsewhere."""
    seeker_only(user)
    _open_for(job, Job.ApplyMethod.ON_SITE)


def application_apply_attempt(*, user: User) -> None:
    """Count one submission of the apply form (before its upload is read); RateLimited over
    the limit."""
    ratelimit_enforce(
        key=f"apply-form:user:{user.pk}",
        limit=APPLY_FORM_LIMIT_PER_ACCOUNT,
        window_seconds=HOUR,
        message="You have sent the application form many times in the last hour. "
        "Wait a while and try again.",
    )


def application_apply(
    *, user: User, job: Job, profile: ApplicantProfile, resume: File, cover_letter: str = ""
) -> Application:
    """Apply on careerboard with a résumé. Nothing is stored when anything is refused."""
    application_can_apply(user=user, job=job)
    _refuse_second(user, job)
    cover_letter = cover_letter.strip()
    errors = _profile_errors(profile)
    if len(cover_letter) > MAX_COVER_LETTER_LENGTH:
        errors["cover_letter"] = (
            f"Keep the cover letter under {MAX_COVER_LETTER_LENGTH:,} characters."
        )
    try:
        checked = resume_check(resume)
    except ValidationError as error:
        errors["resume"] = " ".join(error.messages)
    if errors:
        raise ValidationError(errors)
    ratelimit_enforce(
        key=f"apply:user:{user.pk}",
        limit=APPLY_LIMIT_PER_ACCOUNT,
        window_seconds=HOUR,
        message=f"You can send at most {APPLY_LIMIT_PER_ACCOUNT} applications an hour. "
        "Wait a while and try again.",
    )
    ratelimit_enforce(
        key=f"apply:job:{job.pk}",
        limit=APPLY_LIMIT_PER_JOB,
        window_seconds=HOUR,
        message="This job has received very many applications in the last hour. Try again later.",
    )
    path = resume_store(checked)
    try:
        with quota_reserve(
            user=user,
            feature="applies",
            count_used=lambda: Application.objects.filter(
                user=user, channel=Channel.ONSITE
            ).count(),
        ):
            _refuse_second(user, job)  # again, now that the account's row is locked
            application = application_create(
                user=user,
                status=Status.APPLIED,
                channel=Channel.ONSITE,
                **_job_fields(job),
                name=profile.name.strip(),
                email=profile.email.strip(),
                phone=profile.phone.strip(),
                location=profile.location.strip(),
                links=[link.strip() for link in profile.links],
                cover_letter=cover_letter,
                resume_path=path,
                resume_type=checked.type,
                resume_filename=checked.filename,
                resume_size=checked.size,
            )
        _mail_received(application)
    except IntegrityError as error:
        resume_delete(path)
        raise _already_applied() from error
    except BaseException:
        resume_delete(path)
        raise
    return application


def apply_target(job: Job) -> str:
    """Where the job's own application happens: its URL, or a mail to its address."""
    # Only web addresses: a stored value from an import is never followed as another scheme.
    if job.apply_method == Job.ApplyMethod.URL and job.apply_url.startswith(
        ("https://", "http://")
    ):
        return job.apply_url
    if job.apply_method == Job.ApplyMethod.EMAIL and job.apply_email:
        return f"mailto:{job.apply_email}?subject={quote('Application: ' + job.title)}"
    raise ValidationError("This job takes applications on careerboard.", code="onsite")


def application_record_elsewhere(*, user: User, job: Job) -> Application:
    """The person went to the job's own site or address: track it as "applied elsewhere".
    A second click keeps the first record."""
    seeker_only(user)
    existing = Application.objects.filter(user=user, job=job).first()
    if existing is not None:
        return existing
    _open_for(job, Job.ApplyMethod.URL, Job.ApplyMethod.EMAIL)
    apply_target(job)
    track_limit(user)
    try:
        with transaction.atomic():
            return application_create(
                user=user, status=Status.APPLIED, channel=Channel.ELSEWHERE, **_job_fields(job)
            )
    except IntegrityError:  # the same click from another tab, a moment earlier
        return Application.objects.get(user=user, job=job)


@dataclass(frozen=True)
class TrackedJob:
    """A job found somewhere else that the person tracks by hand."""

    title: str
    company_name: str
    url: str = ""
    status: str = Status.SAVED


def application_track(*, user: User, data: TrackedJob) -> Application:
    seeker_only(user)
    errors = {}
    for name in ("title", "company_name"):
        value = getattr(data, name).strip()
        if not value:
            errors[name] = "This field is required."
        elif len(value) > 200:
            errors[name] = "Keep it under 200 characters."
    if data.url.strip():
        try:
            _url(data.url.strip())
        except ValidationError:
            errors["url"] = "Enter a web address starting with http:// or https://."
    if data.status not in Status.values:
        errors["status"] = "Choose one of the statuses."
    if errors:
        raise ValidationError(errors)
    track_limit(user)
    with transaction.atomic():
        return application_create(
            user=user,
            status=data.status,
            channel=Channel.MANUAL,
            title=data.title.strip(),
            company_name=data.company_name.strip(),
            url=data.url.strip(),
        )


def _open_for(job: Job, *methods: str) -> None:
    if not job.is_open:
        raise ValidationError("This job is no longer accepting applications.", code="closed")
    if job.apply_method not in methods:
        raise ValidationError(
            f"This job takes applications {job.get_apply_method_display().lower()}.",
            code="apply_method",
        )


def _already_applied() -> ValidationError:
    return ValidationError(
        "You have already applied to this job; see it in your applications.", code="duplicate"
    )


def _refuse_second(user: User, job: Job) -> None:
    if Application.objects.filter(user=user, job=job).exists():
        raise _already_applied()


def _profile_errors(profile: ApplicantProfile) -> dict[str, str]:
    errors = {}
    for name, limit in (("name", 150), ("location", 150)):
        value = getattr(profile, name).strip()
        if not value:
            errors[name] = "This field is required."
        elif len(value) > limit:
            errors[name] = f"Keep it under {limit} characters."
    try:
        _email(profile.email.strip())
    except ValidationError:
        errors["email"] = "Enter a valid email address."
    if len(profile.phone.strip()) > 40:
        errors["phone"] = "Keep the phone number under 40 characters."
    if problem := links_problem(profile.links):
        errors["links"] = problem
    return errors


def links_problem(links: list[str]) -> str:
    """What is wrong with an applicant's links ("" when nothing): at most 5 web addresses."""
    if len(links) > MAX_LINKS:
        return f"Add at most {MAX_LINKS} links."
    for link in links:
        try:
            _url(link.strip())
        except ValidationError:
            return f"“{link[:80]}” is not a web address starting with https://."
    return ""


def _job_fields(job: Job) -> dict[str, Any]:
    """An application's copy of its job: title and company stay if the posting is deleted."""
    return {
        "job": job,
        "title": job.title,
        "company_name": job.company.name,
        "url": job.get_absolute_url(),
    }


def _mail_received(application: Application) -> None:
    from careerboard.applications.tasks import application_mail_received

    outbox_enqueue(task=application_mail_received, args=(application.pk,))
