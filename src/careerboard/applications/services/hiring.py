"""The employer pipeline: the members of the hiring company move an on-site application between
stages (each move mailed to the applicant), keep private notes, and reject several at once."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from careerboard.accounts.models import User
from careerboard.applications.models import Application, ApplicationEvent
from careerboard.applications.services.rules import DECIDED, MAX_NOTE_LENGTH, status_change
from careerboard.companies.selectors import company_is_member
from careerboard.core.outbox import outbox_enqueue
from careerboard.jobs.models import Job

Status = Application.Status
Channel = Application.Channel

# Where the company moves an on-site application; each move is mailed to the applicant.
EMPLOYER_STAGES = (Status.SCREENING, Status.INTERVIEW, Status.OFFER, Status.HIRED, Status.REJECTED)
MAX_MESSAGE_LENGTH = 2_000


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
        event = status_change(
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


def _is_hiring_member(user: User, job: Job) -> bool:
    return user.role == User.Role.EMPLOYER and company_is_member(company=job.company, user=user)


def _hiring_member(user: User, application: Application) -> None:
    job = application.job
    if application.channel != Channel.ONSITE or job is None or not _is_hiring_member(user, job):
        raise PermissionDenied("Only the hiring company's members manage its applicants.")


def _mail_applicant(event: ApplicationEvent) -> None:
    from careerboard.applications.tasks import application_mail_status_change

    outbox_enqueue(task=application_mail_status_change, args=(event.pk,))
