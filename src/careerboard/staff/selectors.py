"""What the staff pages read: the moderation queue."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, QuerySet, Value, When

from careerboard.accounts.models import User
from careerboard.jobs.models import Job


def _require_staff(user: User) -> None:
    if not (user.is_authenticated and user.is_staff):
        raise PermissionDenied("Only staff moderate jobs.")


def moderation_queue(*, user: User) -> QuerySet[Job]:
    """Jobs waiting for review: flagged ones first, then the longest waiting."""
    _require_staff(user)
    return (
        Job.objects.filter(status=Job.Status.PENDING)
        .select_related("company", "posted_by")
        .prefetch_related("industries", "job_types", "levels", "regions")
        .annotate(
            unflagged=Case(
                When(spam_flags=[], then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("unflagged", "updated_at", "id")
    )


def moderation_job_get(*, user: User, job_id: int) -> Job | None:
    _require_staff(user)
    return (
        Job.objects.select_related("company", "posted_by", "reviewed_by")
        .prefetch_related("industries", "job_types", "levels", "regions")
        .filter(pk=job_id)
        .first()
    )
