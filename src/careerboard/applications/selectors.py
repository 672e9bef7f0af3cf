"""Every read of bookmarks, applications and the pipeline, each limited to what the reader may
see: a person their own; a company's members the on-site applications to its jobs, and of those
only what the applicant shared (never the applicant's notes or their other applications)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.files import File
from django.db.models import QuerySet
from django.http import HttpRequest

from careerboard.accounts.models import User
from careerboard.applications.models import Application, Bookmark
from careerboard.applications.resumes import CONTENT_TYPES, private_storage
from careerboard.companies.selectors import company_is_member
from careerboard.jobs.models import Job
from careerboard.jobs.selectors import job_get_for_page

Status = Application.Status
Channel = Application.Channel

# The columns of the boards, in order.
TRACKER_COLUMNS = tuple(Status)
PIPELINE_COLUMNS = (
    Status.APPLIED,
    Status.SCREENING,
    Status.INTERVIEW,
    Status.OFFER,
    Status.HIRED,
    Status.REJECTED,
    Status.WITHDRAWN,
)
# The newest entries a list page shows; the rest are counted.
LIST_LIMIT = 500


def job_for_seeker(*, job_id: int) -> Job | None:
    """A job a person may save or apply to: one whose page is public (also once it closed)."""
    return job_get_for_page(job_id=job_id)


# --- Bookmarks -----------------------------------------------------------------------------


def bookmark_list(*, user: User, limit: int = LIST_LIMIT, offset: int = 0) -> list[Bookmark]:
    """The person's saved jobs, newest first, each with its job and company (job.is_open tells
    whether it still takes applications)."""
    return list(
        Bookmark.objects.filter(user=user)
        .select_related("job__company")
        .order_by("-created_at", "-id")[offset : offset + limit]
    )


def bookmark_get(*, user: User, bookmark_id: int) -> Bookmark | None:
    return Bookmark.objects.select_related("job__company").filter(user=user, pk=bookmark_id).first()


def bookmark_for_job(*, user: User, job_id: int) -> Bookmark | None:
    return Bookmark.objects.select_related("job__company").filter(user=user, job_id=job_id).first()


_BOOKMARKED_ATTRIBUTE = "_applications_bookmarked_job_ids"


def bookmarked_job_ids(request: HttpRequest) -> frozenset[int]:
    """The ids of the jobs the signed-in person saved, read once per request however many job
    cards the page shows."""
    cached = getattr(request, _BOOKMARKED_ATTRIBUTE, None)
    if cached is None:
        user = request.user
        cached = frozenset(
            Bookmark.objects.filter(user=user).values_list("job_id", flat=True)
            if user.is_authenticated
            else ()
        )
        setattr(request, _BOOKMARKED_ATTRIBUTE, cached)
    return cached


def bookmarked_forget(request: HttpRequest) -> None:
    """After a save or unsave in this request, read the set afresh."""
    if hasattr(request, _BOOKMARKED_ATTRIBUTE):
        delattr(request, _BOOKMARKED_ATTRIBUTE)


# --- The applicant's applications ----------------------------------------------------------


def _own_applications(user: User) -> QuerySet[Application]:
    return Application.objects.filter(user=user).select_related("job__company")


def application_list(
    *, user: User, status: str | None = None, limit: int = LIST_LIMIT, offset: int = 0
) -> list[Application]:
    applications = _own_applications(user)
    if status:
        applications = applications.filter(status=status)
    return list(applications.order_by("-updated_at", "-id")[offset : offset + limit])


def application_get(*, user: User, application_id: int) -> Application | None:
    """One of the person's applications with its timeline; None for anybody else's."""
    return _own_applications(user).prefetch_related("events").filter(pk=application_id).first()


def application_for_job(*, user: User, job_id: int) -> Application | None:
    if not user.is_authenticated:
        return None
    return Application.objects.filter(user=user, job_id=job_id).first()


def apply_initial(*, user: User) -> dict[str, Any]:
    """The apply form filled in from the account and the person's last on-site application."""
    last = (
        Application.objects.filter(user=user, channel=Channel.ONSITE)
        .order_by("-created_at", "-id")
        .first()
    )
    initial: dict[str, Any] = {"name": user.name, "email": user.email}
    if last is not None:
        initial.update(
            name=last.name,
            email=last.email,
            phone=last.phone,
            location=last.location,
            links="\n".join(last.links),
        )
    return initial


@dataclass(frozen=True)
class Column:
    status: str
    title: str
    applications: list[Application]


def _columns(applications: list[Application], statuses: tuple[str, ...]) -> list[Column]:
    by_status: dict[str, list[Application]] = {status: [] for status in statuses}
    for application in applications:
        by_status.setdefault(application.status, []).append(application)
    return [Column(status, Status(status).label, by_status[status]) for status in statuses]


def tracker_board(*, user: User) -> list[Column]:
    """The person's applications grouped by status, in the order of the tracker's columns."""
    return _columns(application_list(user=user), TRACKER_COLUMNS)


def saved_not_applied(*, user: User) -> list[Bookmark]:
    """Saved jobs the person has not applied to yet: the "Saved" column of the tracker."""
    # job_id IS NOT NULL: one NULL would make the NOT IN exclude every row.
    applied = Application.objects.filter(user=user, job__isnull=False).values("job_id")
    return list(
        Bookmark.objects.filter(user=user)
        .exclude(job_id__in=applied)
        .select_related("job__company")
        .order_by("-created_at", "-id")[:LIST_LIMIT]
    )


# --- The employer pipeline -----------------------------------------------------------------


def pipeline_job_get(*, user: User, job_id: int) -> Job | None:
    """A job of one of the employer's companies; None for anybody else (and for non-employers)."""
    if not user.is_authenticated or user.role != User.Role.EMPLOYER:
        return None
    job = Job.objects.select_related("company").filter(pk=job_id).first()
    if job is None or not company_is_member(company=job.company, user=user):
        return None
    return job


def _pipeline(job: Job) -> QuerySet[Application]:
    # Only applications sent on careerboard: "applied elsewhere" clicks and hand-tracked entries
    # are the applicant's private records.
    return (
        Application.objects.filter(job=job, channel=Channel.ONSITE)
        .select_related("job__company")
        .prefetch_related("events")
    )


def pipeline_list(*, job: Job) -> list[Application]:
    """The job's applicants with their timelines, first applied first. `job` comes from
    pipeline_job_get."""
    return list(_pipeline(job).order_by("created_at", "id"))


def pipeline_board(*, job: Job) -> list[Column]:
    return _columns(pipeline_list(job=job), PIPELINE_COLUMNS)


def pipeline_application_get(*, job: Job, application_id: int) -> Application | None:
    return _pipeline(job).filter(pk=application_id).first()


def shares_with_company(application: Application) -> bool:
    """Whether the company sees what the applicant shared: not once they withdrew."""
    return application.status != Status.WITHDRAWN


# --- Résumés -------------------------------------------------------------------------------


def resume_readable(*, user: User, application_id: int) -> Application | None:
    """The application whose résumé `user` may read: their own, or one sent to a job of a
    company they are a member of (while the applicant has not withdrawn). None otherwise."""
    if not user.is_authenticated:
        return None
    application = (
        Application.objects.select_related("job__company")
        .filter(pk=application_id)
        .exclude(resume_path="")
        .first()
    )
    if application is None:
        return None
    if application.user_id == user.pk:
        return application
    job = application.job
    if (
        application.channel == Channel.ONSITE
        and job is not None
        and shares_with_company(application)
        and user.role == User.Role.EMPLOYER
        and company_is_member(company=job.company, user=user)
    ):
        return application
    return None


def resume_open(application: Application) -> tuple[File, str, str]:
    """The stored file, its download name and content type."""
    return (
        private_storage().open(application.resume_path, "rb"),
        application.resume_filename,
        CONTENT_TYPES[application.resume_type],
    )


# --- Export --------------------------------------------------------------------------------


def bookmarks_for_export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "job_id": b.job_id,
            "job_title": b.job.title,
            "company": b.job.company.name,
            "note": b.note,
            "saved_at": b.created_at.isoformat(),
        }
        for b in Bookmark.objects.filter(user=user).select_related("job__company").order_by("id")
    ]


def applications_for_export(user: User) -> list[dict[str, Any]]:
    """Everything the person entered or shared, and their timeline; the company's private
    notes are the company's."""
    return [
        {
            "id": a.pk,
            "job_id": a.job_id,
            "title": a.title,
            "company": a.company_name,
            "url": a.url,
            "channel": a.channel,
            "status": a.status,
            "created_at": a.created_at.isoformat(),
            "shared_with_company": {
                "name": a.name,
                "email": a.email,
                "phone": a.phone,
                "location": a.location,
                "links": a.links,
                "cover_letter": a.cover_letter,
                "resume_filename": a.resume_filename,
            }
            if a.channel == Channel.ONSITE
            else None,
            "notes": a.notes,
            "next_step": a.next_step,
            "next_step_on": a.next_step_on.isoformat() if a.next_step_on else None,
            "timeline": [
                {"status": e.status, "at": e.created_at.isoformat(), "message": e.message}
                for e in a.events.all()
            ],
        }
        for a in Application.objects.filter(user=user).prefetch_related("events").order_by("id")
    ]
