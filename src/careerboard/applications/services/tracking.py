"""The applicant's tracker: their own notes, next step and (for what they track themselves)
status; withdrawing an application; removing an entry they track."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from careerboard.accounts.models import User
from careerboard.applications.models import Application, ApplicationEvent
from careerboard.applications.services.rules import DECIDED, MAX_NOTE_LENGTH, own, status_change

Status = Application.Status
Channel = Application.Channel


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
    own(user, application.user_id)
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
            status_change(application, new_status, actor=ApplicationEvent.Actor.APPLICANT)
        application.save()
    return application


def application_withdraw(*, user: User, application: Application) -> Application:
    """Withdraw, until the company has hired or rejected. The company then sees only that the
    application was withdrawn."""
    own(user, application.user_id)
    if application.status in DECIDED:
        raise ValidationError(
            f"An application that is {application.get_status_display().lower()} "
            "cannot be withdrawn.",
            code="decided",
        )
    with transaction.atomic():
        status_change(application, Status.WITHDRAWN, actor=ApplicationEvent.Actor.APPLICANT)
        application.save()
    return application


def application_delete(*, user: User, application: Application) -> None:
    """Remove an entry the person tracks themselves; one sent to a company is withdrawn instead,
    so the company's record stays whole."""
    own(user, application.user_id)
    if application.channel == Channel.ONSITE:
        raise ValidationError(
            "An application sent on careerboard cannot be removed; withdraw it instead.",
            code="onsite",
        )
    application.delete()
