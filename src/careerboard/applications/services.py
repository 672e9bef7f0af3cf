"""Every change to bookmarks, applications and the employer pipeline.

Who may do what is checked here, whatever the caller: a person changes only their own bookmarks
and applications; only the members of the hiring company move an on-site application between
stages, and never one the applicant withdrew. Spam limits (core.ratelimit) hold per account and
per job; applying is unlimited on every plan (billing's "applies" feature, through its quota guard,
so a plan that ever gets a limit has it enforced here).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.http import Http404

from careerboard.accounts.models import User
from careerboard.applications.models import Application, ApplicationEvent, Bookmark
from careerboard.applications.resumes import resume_check, resume_delete, resume_store
from careerboard.billing.entitlements import quota_reserve
from careerboard.companies.selectors import company_is_member
from careerboard.core.outbox import outbox_enqueue
from careerboard.core.ratelimit import ratelimit_enforce
from careerboard.jobs.models import Job

Status = Application.Status
Channel = Application.Channel

HOUR = 3600
# On-site applications reach a company's inbox: at most this many per account and per job an hour.
APPLY_LIMIT_PER_ACCOUNT = 30
APPLY_LIMIT_PER_JOB = 200
# Submissions of the apply form, valid or not (each may carry a 5 MB upload), per account an hour.
APPLY_FORM_LIMIT_PER_ACCOUNT = 60
# New bookmarks, "applied elsewhere" records and hand-tracked entries per account an hour.
TRACK_LIMIT_PER_ACCOUNT = 200

# Where the company moves an on-site application; each move is mailed to the applicant.
EMPLOYER_STAGES = (Status.SCREENING, Status.INTERVIEW, Status.OFFER, Status.HIRED, Status.REJECTED)
# After these the applicant can no longer withdraw (the outcome is decided, or already withdrawn).
DECIDED = (Status.HIRED, Status.REJECTED, Status.WITHDRAWN)

MAX_NOTE_LENGTH = 5_000
MAX_COVER_LETTER_LENGTH = 10_000
MAX_MESSAGE_LENGTH = 2_000
MAX_LINKS = 5

_url = URLValidator(schemes=["http", "https"])
_email = EmailValidator()


# --- Bookmarks ---------------------------------------------------------------------------


def bookmark_add(*, user: User, job: Job) -> Bookmark:
    """Save a job (one that has been public: see selectors.job_for_seeker); saving it again
    changes nothing."""
    existing = Bookmark.objects.filter(user=user, job=job).first()
    if existing is not None:
        return existing
    _track_limit(user)
    try:
        with transaction.atomic():
            return Bookmark.objects.create(user=user, job=job)
    except IntegrityError:  # the same save from another tab, a moment earlier
        return Bookmark.objects.get(user=user, job=job)


def bookmark_remove(*, user: User, job: Job) -> None:
    Bookmark.objects.filter(user=user, job=job).delete()


@transaction.atomic
def bookmark_note_update(*, user: User, bookmark: Bookmark, note: str) -> Bookmark:
    """Raises Bookmark.DoesNotExist when the bookmark was removed meanwhile (another tab or
    API client unsaving the job at the same moment)."""
    _own(user, bookmark.user_id)
    note = note.strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError(
            {"note": f"Keep the note under {MAX_NOTE_LENGTH:,} characters."}, code="max_length"
        )
    # The row stays locked until this commits, so a removal waits instead of leaving the
    # update nothing to change.
    if not Bookmark.objects.select_for_update().filter(pk=bookmark.pk).exists():
        raise Bookmark.DoesNotExist("The job is no longer saved.")
    bookmark.note = note
    bookmark.save(update_fields=["note", "updated_at"])
    return bookmark


# --- Applying ------------------------------------------------------------------------------


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
    _seeker_only(user)
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
            application = _create(
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
    _seeker_only(user)
    existing = Application.objects.filter(user=user, job=job).first()
    if existing is not None:
        return existing
    _open_for(job, Job.ApplyMethod.URL, Job.ApplyMethod.EMAIL)
    apply_target(job)
    _track_limit(user)
    try:
        with transaction.atomic():
            return _create(
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
    _seeker_only(user)
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
    _track_limit(user)
    with transaction.atomic():
        return _create(
            user=user,
            status=data.status,
            channel=Channel.MANUAL,
            title=data.title.strip(),
            company_name=data.company_name.strip(),
            url=data.url.strip(),
        )


# --- The applicant's tracker -----------------------------------------------------------------


@dataclass(frozen=True)
class Tracking:
    """The applicant's own notes on an application; status only for one they track themselves
    (the company moves on-site applications)."""

    notes: str = ""
    next_step: str = ""
    next_step_on: date | None = None
    status: str | None = None


def application_tracking_update(
    *, user: User, application: Application, tracking: Tracking
) -> Application:
    _own(user, application.user_id)
    errors = {}
    notes, next_step = tracking.notes.strip(), tracking.next_step.strip()
    if len(notes) > MAX_NOTE_LENGTH:
        errors["notes"] = f"Keep the notes under {MAX_NOTE_LENGTH:,} characters."
    if len(next_step) > 200:
        errors["next_step"] = "Keep the next step under 200 characters."
    new_status = tracking.status or application.status
    if new_status != application.status:
        if application.channel == Channel.ONSITE:
            errors["status"] = (
                "The company moves an application sent on careerboard; you can withdraw it."
            )
        elif new_status not in Status.values:
            errors["status"] = "Choose one of the statuses."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        application.notes, application.next_step = notes, next_step
        application.next_step_on = tracking.next_step_on
        if new_status != application.status:
            _change_status(application, new_status, actor=ApplicationEvent.Actor.APPLICANT)
        application.save()
    return application


def application_withdraw(*, user: User, application: Application) -> Application:
    """Withdraw, until the company has hired or rejected. The company then sees only that the
    application was withdrawn."""
    _own(user, application.user_id)
    if application.status in DECIDED:
        raise ValidationError(
            f"An application that is {application.get_status_display().lower()} "
            "cannot be withdrawn.",
            code="decided",
        )
    with transaction.atomic():
        _change_status(application, Status.WITHDRAWN, actor=ApplicationEvent.Actor.APPLICANT)
        application.save()
    return application


def application_delete(*, user: User, application: Application) -> None:
    """Remove an entry the person tracks themselves; one sent to a company is withdrawn instead,
    so the company's record stays whole."""
    _own(user, application.user_id)
    if application.channel == Channel.ONSITE:
        raise ValidationError(
            "An application sent on careerboard cannot be removed; withdraw it instead.",
            code="onsite",
        )
    application.delete()


# --- The employer pipeline -------------------------------------------------------------------


def application_move(
    *, application: Application, by: User, status: str, message: str = ""
) -> Application:
    """Move an on-site application to another stage and tell the applicant by mail."""
    _hiring_member(by, application)
    if status not in EMPLOYER_STAGES:
        raise ValidationError({"status": "Choose screening, interview, offer, hired or rejected."})
    message = message.strip()
    if len(message) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            {"message": f"Keep the message under {MAX_MESSAGE_LENGTH:,} characters."}
        )
    if application.status == Status.WITHDRAWN:
        raise ValidationError("The applicant has withdrawn this application.", code="withdrawn")
    if application.status == status:
        return application
    with transaction.atomic():
        event = _change_status(
            application, status, actor=ApplicationEvent.Actor.EMPLOYER, message=message
        )
        application.save()
        _mail_applicant(event)
    return application


def applications_reject(*, job: Job, by: User, application_ids: list[int], message: str) -> int:
    """Reject several applicants of one job at once, each mailed the same message; those
    already rejected, hired or withdrawn are left alone. Returns how many were rejected."""
    if not _is_hiring_member(by, job):
        raise PermissionDenied("Only the hiring company's members manage its applicants.")
    rejected = 0
    with transaction.atomic():
        chosen = Application.objects.select_for_update().filter(
            job=job, channel=Channel.ONSITE, pk__in=application_ids
        )
        for application in chosen.exclude(status__in=DECIDED).select_related("job__company"):
            application_move(
                application=application, by=by, status=Status.REJECTED, message=message
            )
            rejected += 1
    return rejected


def application_employer_notes_update(
    *, application: Application, by: User, notes: str
) -> Application:
    _hiring_member(by, application)
    notes = notes.strip()
    if len(notes) > MAX_NOTE_LENGTH:
        raise ValidationError(
            {"employer_notes": f"Keep the notes under {MAX_NOTE_LENGTH:,} characters."}
        )
    application.employer_notes = notes
    application.save(update_fields=["employer_notes", "updated_at"])
    return application


# --- Rules -----------------------------------------------------------------------------------


def _own(user: User, owner_id: int) -> None:
    # Not found rather than forbidden, so nobody learns what exists.
    if not user.is_authenticated or user.pk != owner_id:
        raise Http404("No such item among yours.")


def _seeker_only(user: User) -> None:
    if user.role != User.Role.SEEKER:
        raise PermissionDenied("Applications are made and tracked with a job seeker account.")


def _is_hiring_member(user: User, job: Job) -> bool:
    return user.role == User.Role.EMPLOYER and company_is_member(company=job.company, user=user)


def _hiring_member(user: User, application: Application) -> None:
    job = application.job
    if application.channel != Channel.ONSITE or job is None or not _is_hiring_member(user, job):
        raise PermissionDenied("Only the hiring company's members manage its applicants.")


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


def _track_limit(user: User) -> None:
    ratelimit_enforce(
        key=f"track:user:{user.pk}",
        limit=TRACK_LIMIT_PER_ACCOUNT,
        window_seconds=HOUR,
        message=f"You can save or track at most {TRACK_LIMIT_PER_ACCOUNT} jobs an hour. "
        "Wait a while and try again.",
    )


def _job_fields(job: Job) -> dict[str, Any]:
    """An application's copy of its job: title and company stay if the posting is deleted."""
    return {
        "job": job,
        "title": job.title,
        "company_name": job.company.name,
        "url": job.get_absolute_url(),
    }


def _create(*, user: User, status: str, **fields: Any) -> Application:
    """A new application and the first entry of its timeline."""
    application = Application.objects.create(user=user, status=status, **fields)
    _event(application, status, actor=ApplicationEvent.Actor.APPLICANT)
    return application


def _event(
    application: Application, status: str, *, actor: str, from_status: str = "", message: str = ""
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application,
        from_status=from_status,
        status=status,
        actor=actor,
        message=message,
    )


def _change_status(
    application: Application, status: str, *, actor: str, message: str = ""
) -> ApplicationEvent:
    event = _event(
        application, status, actor=actor, from_status=application.status, message=message
    )
    application.status = status
    return event


def _mail_received(application: Application) -> None:
    from careerboard.applications.tasks import application_mail_received

    outbox_enqueue(task=application_mail_received, args=(application.pk,))


def _mail_applicant(event: ApplicationEvent) -> None:
    from careerboard.applications.tasks import application_mail_status_change

    outbox_enqueue(task=application_mail_status_change, args=(event.pk,))
