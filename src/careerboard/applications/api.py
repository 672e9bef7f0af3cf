"""/api/v1/bookmarks and /api/v1/applications: a person's saved jobs and applications, by token
or session (accounts.auth); the pipeline of a company's job is in pipeline_api. Reads need the
read scope, changes the write scope. Another person's bookmark or application is a 404; a state
that does not allow the change (a second application, withdrawing after a decision) is a 409;
the spam limits answer 429 with Retry-After."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import field_validator

from careerboard.accounts.auth import api_auth, require_scope
from careerboard.accounts.models import User
from careerboard.applications import selectors
from careerboard.applications.downloads import resume_response
from careerboard.applications.models import Application, Bookmark
from careerboard.applications.services import applying, bookmarks, rules, tracking
from careerboard.core.api_errors import service_errors
from careerboard.core.api_types import RowId, not_null
from careerboard.jobs.models import Job

bookmarks_router = Router(tags=["bookmarks"], auth=api_auth)
router = Router(tags=["applications"], auth=api_auth)

# The values of Application.Status (a test holds them equal).
StatusName = Literal[
    "saved", "applied", "screening", "interview", "offer", "hired", "rejected", "withdrawn"
]


def caller(request: HttpRequest) -> User:
    """The account the token or session belongs to (api_auth let the request in)."""
    return request.auth  # type: ignore[attr-defined, no-any-return]


def _job(job_id: int) -> Job:
    job = selectors.job_for_seeker(job_id=job_id)
    if job is None:
        raise Http404("No such job.")
    return job


class Paging(Schema):
    limit: int = Field(100, ge=1, le=selectors.LIST_LIMIT)
    offset: int = Field(0, ge=0, le=100_000)


class JobRefOut(Schema):
    id: int
    title: str
    url: str
    company: str
    is_open: bool = Field(description="Still taking applications.")

    @staticmethod
    def resolve_url(job: Job) -> str:
        return settings.SITE_URL + job.get_absolute_url()

    @staticmethod
    def resolve_company(job: Job) -> str:
        return job.company.name


# --- Bookmarks -----------------------------------------------------------------------------


class BookmarkOut(Schema):
    id: int
    job: JobRefOut
    note: str
    created_at: datetime
    updated_at: datetime


class BookmarkIn(Schema):
    job_id: RowId
    note: str = Field("", max_length=rules.MAX_NOTE_LENGTH)


class BookmarkNoteIn(Schema):
    note: str = Field(max_length=rules.MAX_NOTE_LENGTH)


def _bookmark(request: HttpRequest, bookmark_id: int) -> Bookmark:
    bookmark = selectors.bookmark_get(user=caller(request), bookmark_id=bookmark_id)
    if bookmark is None:
        raise Http404("No such bookmark.")
    return bookmark


@bookmarks_router.get("", response=list[BookmarkOut], summary="Your saved jobs, newest first")
def bookmarks_list(request: HttpRequest, paging: Query[Paging]) -> list[Bookmark]:
    return selectors.bookmark_list(user=caller(request), limit=paging.limit, offset=paging.offset)


@bookmarks_router.post(
    "", response={200: BookmarkOut, 201: BookmarkOut}, summary="Save a job (write scope)"
)
def bookmarks_create(request: HttpRequest, payload: BookmarkIn) -> Status:
    """201 when saved now, 200 when it was already saved (a note sent replaces the old one)."""
    require_scope(request, "write")
    job = _job(payload.job_id)
    try:
        bookmark, created = bookmarks.bookmark_save(
            user=caller(request), job=job, note=payload.note
        )
        saved = _bookmark(request, bookmark.pk)
    except (Bookmark.DoesNotExist, Http404):  # unsaved by another request at this very moment
        raise HttpError(409, "The job was unsaved meanwhile; save it again.") from None
    return Status(201 if created else 200, saved)


def _note_update(request: HttpRequest, bookmark: Bookmark, note: str) -> Bookmark:
    try:
        return bookmarks.bookmark_note_update(user=caller(request), bookmark=bookmark, note=note)
    except Bookmark.DoesNotExist:
        raise Http404("No such bookmark.") from None


@bookmarks_router.patch("/{int:bookmark_id}", response=BookmarkOut, summary="Change the note")
def bookmarks_update(request: HttpRequest, bookmark_id: int, payload: BookmarkNoteIn) -> Bookmark:
    require_scope(request, "write")
    return _note_update(request, _bookmark(request, bookmark_id), payload.note)


@bookmarks_router.delete("/{int:bookmark_id}", response={204: None}, summary="Unsave a job")
def bookmarks_delete(request: HttpRequest, bookmark_id: int) -> Status:
    require_scope(request, "write")
    bookmark = _bookmark(request, bookmark_id)
    bookmarks.bookmark_remove(user=caller(request), job=bookmark.job)
    return Status(204, None)


# --- The applicant's applications ----------------------------------------------------------


class EventOut(Schema):
    status: str
    from_status: str
    actor: Literal["applicant", "employer"]
    message: str = Field(description="The company's message with this change.")
    created_at: datetime


class SharedOut(Schema):
    """What the applicant sent the company with an on-site application."""

    name: str
    email: str
    phone: str
    location: str
    links: list[str]
    cover_letter: str
    resume_filename: str
    resume_type: Literal["pdf", "docx"]
    resume_size: int
    resume_url: str = Field(description="Download; for the applicant and the company only.")

    @staticmethod
    def resolve_resume_url(application: Application) -> str:
        return settings.SITE_URL + reverse(
            "api-v1:applications_resume", kwargs={"application_id": application.pk}
        )


class ApplicationSummaryOut(Schema):
    id: int
    job: JobRefOut | None = Field(description="Empty for a job tracked from elsewhere.")
    title: str
    company_name: str
    url: str
    channel: Literal["onsite", "elsewhere", "manual"]
    status: StatusName
    next_step: str
    next_step_on: date | None
    created_at: datetime
    updated_at: datetime


class ApplicationOut(ApplicationSummaryOut):
    notes: str = Field(description="Private to the applicant.")
    shared: SharedOut | None = Field(description="On-site applications only.")
    events: list[EventOut]

    @staticmethod
    def resolve_shared(application: Application) -> Application | None:
        return application if application.channel == Application.Channel.ONSITE else None

    @staticmethod
    def resolve_events(application: Application) -> list:
        return list(application.events.all())


class ElsewhereOut(ApplicationOut):
    apply_to: str = Field(description="The job's application page, or a mailto: link.")


class ListFilter(Paging):
    status: StatusName | None = None


def _application(request: HttpRequest, application_id: int) -> Application:
    application = selectors.application_get(user=caller(request), application_id=application_id)
    if application is None:
        raise Http404("No such application.")
    return application


@router.get("", response=list[ApplicationSummaryOut], summary="Your applications")
def applications_list(request: HttpRequest, params: Query[ListFilter]) -> list[Application]:
    """Most recently changed first; `status` filters."""
    return selectors.application_list(
        user=caller(request),
        status=params.status,
        limit=params.limit,
        offset=params.offset,
    )


@router.get("/{int:application_id}", response=ApplicationOut, summary="One of your applications")
def applications_detail(request: HttpRequest, application_id: int) -> Application:
    return _application(request, application_id)


class ApplyIn(Schema):
    job_id: RowId
    name: str = Field(min_length=1, max_length=150)
    email: str = Field(min_length=3, max_length=254)
    location: str = Field(min_length=1, max_length=150)
    phone: str = Field("", max_length=40)
    links: list[str] = Field([], max_length=applying.MAX_LINKS)
    cover_letter: str = Field("", max_length=applying.MAX_COVER_LETTER_LENGTH)


@router.post(
    "",
    response={201: ApplicationOut},
    summary="Apply on careerboard (multipart/form-data with a résumé; write scope)",
)
def applications_apply(
    request: HttpRequest, payload: Form[ApplyIn], resume: File[UploadedFile]
) -> Status:
    """For a job whose `apply_method` is "onsite". The résumé is a PDF or a DOCX of at most
    5 MB, recognised by its content. One application per person and job (409 for a second)."""
    require_scope(request, "write")
    user = caller(request)
    applying.application_apply_attempt(user=user)
    job = _job(payload.job_id)
    with service_errors():
        application = applying.application_apply(
            user=user,
            job=job,
            profile=applying.ApplicantProfile(
                name=payload.name,
                email=payload.email,
                phone=payload.phone,
                location=payload.location,
                links=payload.links,
            ),
            resume=resume,
            cover_letter=payload.cover_letter,
        )
    return Status(201, _application(request, application.pk))


class ElsewhereIn(Schema):
    job_id: RowId


@router.post(
    "/elsewhere",
    response={200: ElsewhereOut, 201: ElsewhereOut},
    summary="Record applying on the job's own site or by email (write scope)",
)
def applications_elsewhere(request: HttpRequest, payload: ElsewhereIn) -> Status:
    """For a job whose `apply_method` is "url" or "email": tracks it as applied elsewhere and
    answers where to apply. 200 when it was already recorded."""
    require_scope(request, "write")
    user = caller(request)
    job = _job(payload.job_id)
    existed = selectors.application_for_job(user=user, job_id=job.pk) is not None
    with service_errors():
        application = applying.application_record_elsewhere(user=user, job=job)
        target = applying.apply_target(job)
    out = _application(request, application.pk)
    out.apply_to = target  # type: ignore[attr-defined]
    return Status(200 if existed else 201, out)


class TrackIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    company_name: str = Field(min_length=1, max_length=200)
    url: str = Field("", max_length=500)
    status: StatusName = "saved"


@router.post(
    "/manual", response={201: ApplicationOut}, summary="Track a job from elsewhere (write scope)"
)
def applications_track(request: HttpRequest, payload: TrackIn) -> Status:
    require_scope(request, "write")
    application = applying.application_track(
        user=caller(request),
        data=applying.TrackedJob(**payload.dict()),
    )
    return Status(201, _application(request, application.pk))


class TrackingIn(Schema):
    """Only the fields sent are changed. `status` only for entries you track yourself. Null
    clears the date; texts are cleared with "", and null is refused there."""

    notes: str | None = Field(None, max_length=rules.MAX_NOTE_LENGTH)
    next_step: str | None = Field(None, max_length=200)
    next_step_on: date | None = None
    status: StatusName | None = None

    refuse_null = field_validator("notes", "next_step")(not_null)


@router.patch(
    "/{int:application_id}", response=ApplicationOut, summary="Your notes, next step, status"
)
def applications_update(
    request: HttpRequest, application_id: int, payload: TrackingIn
) -> Application:
    require_scope(request, "write")
    application = _application(request, application_id)
    current = {
        "notes": application.notes,
        "next_step": application.next_step,
        "next_step_on": application.next_step_on,
        "status": None,
    }
    tracking.application_tracking_update(
        user=caller(request),
        application=application,
        tracking=tracking.Tracking(**{**current, **payload.dict(exclude_unset=True)}),
    )
    return _application(request, application_id)


@router.post(
    "/{int:application_id}/withdraw", response=ApplicationOut, summary="Withdraw (write scope)"
)
def applications_withdraw(request: HttpRequest, application_id: int) -> Application:
    """Until the company hires or rejects; 409 after."""
    require_scope(request, "write")
    application = _application(request, application_id)
    with service_errors():
        tracking.application_withdraw(user=caller(request), application=application)
    return _application(request, application_id)


@router.delete(
    "/{int:application_id}", response={204: None}, summary="Stop tracking (not on-site ones)"
)
def applications_delete(request: HttpRequest, application_id: int) -> Status:
    require_scope(request, "write")
    application = _application(request, application_id)
    with service_errors():
        tracking.application_delete(user=caller(request), application=application)
    return Status(204, None)


@router.get(
    "/{int:application_id}/resume",
    url_name="applications_resume",
    summary="The résumé (the applicant and the hiring company)",
)
def applications_resume(request: HttpRequest, application_id: int) -> FileResponse:
    application = selectors.resume_readable(user=caller(request), application_id=application_id)
    if application is None:
        raise Http404("No such résumé.")
    return resume_response(application)
