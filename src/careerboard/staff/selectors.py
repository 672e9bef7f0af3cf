"""What the staff pages read: the moderation queue."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Cast

from careerboard.accounts.models import User
from careerboard.jobs.models import Job


def _require_staff(user: User) -> None:
    if not (user.is_authenticated and user.is_staff):
        raise PermissionDenied("Only staff moderate jobs.")


# The kinds of spam flag (jobs/spam.py) by the words each reason starts with, for the filter.
FLAG_KINDS = {
    "free-mail": ("Free-mail address", "Applications go to a free-mail address"),
    "links": ("Many links", "The description has"),
    "phrases": ("Banned phrases", "Banned phrases"),
    "duplicate": ("Near duplicate", "Nearly the same as job"),
}
FLAG_FILTERS = {"flagged": "Flagged", "clean": "Not flagged"} | {
    kind: label for kind, (label, _) in FLAG_KINDS.items()
}


def flag_kinds(flags: list[str]) -> list[str]:
    """The filter labels of a job's flags, for its row in the queue."""
    return [
        label for label, start in FLAG_KINDS.values() if any(f.startswith(start) for f in flags)
    ]


def moderation_queue(*, user: User, text: str = "", flag: str = "") -> QuerySet[Job]:
    """Jobs waiting for review: flagged ones first, then the longest waiting. `text` narrows
    to titles or company names holding it; `flag` to "flagged", "clean" or a FLAG_KINDS kind."""
    _require_staff(user)
    jobs = Job.objects.filter(status=Job.Status.PENDING)
    if text:
        jobs = jobs.filter(Q(title__icontains=text) | Q(company__name__icontains=text))
    if flag == "flagged":
        jobs = jobs.exclude(spam_flags=[])
    elif flag == "clean":
        jobs = jobs.filter(spam_flags=[])
    elif flag in FLAG_KINDS:
        # The reasons are stored as a JSON list of sentences; the kind is how one starts.
        start = FLAG_KINDS[flag][1]
        jobs = jobs.annotate(flags_text=Cast("spam_flags", TextField())).filter(
            flags_text__contains=f'"{start}'
        )
    return (
        jobs.select_related("company", "posted_by")
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
