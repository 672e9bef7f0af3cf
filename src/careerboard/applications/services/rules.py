"""What every change to applications shares: who may make it, the spam limit on saving and
tracking jobs, and the timeline of events each application keeps."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from careerboard.accounts.models import User
from careerboard.applications.models import Application, ApplicationEvent
from careerboard.core.ratelimit import ratelimit_enforce

Status = Application.Status

HOUR = 3600
# New bookmarks, "applied elsewhere" records and hand-tracked entries per account an hour.
TRACK_LIMIT_PER_ACCOUNT = 200
# After these the applicant can no longer withdraw (the outcome is decided, or already withdrawn).
DECIDED = (Status.HIRED, Status.REJECTED, Status.WITHDRAWN)
MAX_NOTE_LENGTH = 5_000


def own(user: User, owner_id: int) -> None:
    """Refuse unless `user` is the owner; not found rather than forbidden, so nobody learns
    what exists."""
    if not user.is_authenticated or user.pk != owner_id:
        raise Http404("No such item among yours.")


def seeker_only(user: User) -> None:
    if user.role != User.Role.SEEKER:
        raise PermissionDenied("Applications are made and tracked with a job seeker account.")


def track_limit(user: User) -> None:
    """Count one new bookmark or tracked entry; RateLimited over the hourly limit."""
    ratelimit_enforce(
        key=f"track:user:{user.pk}",
        limit=TRACK_LIMIT_PER_ACCOUNT,
        window_seconds=HOUR,
        message=f"You can save or track at most {TRACK_LIMIT_PER_ACCOUNT} jobs an hour. "
        "Wait a while and try again.",
    )


def application_create(*, user: User, status: str, **fields: Any) -> Application:
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


def status_change(
    application: Application, status: str, *, actor: str, message: str = ""
) -> ApplicationEvent:
    """Move `application` to `status` (the caller saves it) and add the move to its timeline."""
    event = _event(
        application, status, actor=actor, from_status=application.status, message=message
    )
    application.status = status
    return event
