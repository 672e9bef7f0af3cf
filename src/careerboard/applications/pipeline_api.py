"""/api/v1/applications/jobs/{job_id}/applicants: the pipeline of a company's job, for the members
of its company (anybody else gets a 404), by token or session (accounts.auth). Reads need the read
scope, changes the write scope; a move the application's state does not allow is a 409."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from careerboard.accounts.auth import api_auth, require_scope
from careerboard.applications import selectors
from careerboard.applications.api import EventOut, SharedOut, StatusName, caller
from careerboard.applications.models import Application
from careerboard.applications.services import hiring
from careerboard.applications.services.rules import MAX_NOTE_LENGTH
from careerboard.core.api_errors import service_errors
from careerboard.core.api_types import RowId
from careerboard.jobs.models import Job

# Added to the v1 API under /applications/jobs (config/api.py), beside the applicant's router.
router = Router(tags=["applications"], auth=api_auth)

# The values of services.hiring.EMPLOYER_STAGES (a test holds them equal).
StageName = Literal["screening", "interview", "offer", "hired", "rejected"]


class ApplicantOut(Schema):
    """An on-site applicant as the company sees them; `shared` is empty once they withdrew."""

    id: int
    status: StatusName
    created_at: datetime
    shared: SharedOut | None
    employer_notes: str = Field(description="Private to the company.")
    events: list[EventOut]

    @staticmethod
    def resolve_shared(application: Application) -> Application | None:
        return application if selectors.shares_with_company(application) else None

    @staticmethod
    def resolve_events(application: Application) -> list:
        return list(application.events.all())


class MoveIn(Schema):
    status: StageName
    message: str = Field("", max_length=hiring.MAX_MESSAGE_LENGTH)


class NotesIn(Schema):
    employer_notes: str = Field(max_length=MAX_NOTE_LENGTH)


class RejectIn(Schema):
    application_ids: list[RowId] = Field(min_length=1, max_length=500)
    message: str = Field("", max_length=hiring.MAX_MESSAGE_LENGTH)


class RejectOut(Schema):
    rejected: int


def _pipeline_job(request: HttpRequest, job_id: int) -> Job:
    job = selectors.pipeline_job_get(user=caller(request), job_id=job_id)
    if job is None:
        raise Http404("No such job among your companies.")
    return job


def _applicant(request: HttpRequest, job_id: int, application_id: int) -> Application:
    job = _pipeline_job(request, job_id)
    application = selectors.pipeline_application_get(job=job, application_id=application_id)
    if application is None:
        raise Http404("No such applicant for this job.")
    return application


@router.get(
    "/{int:job_id}/applicants",
    response=list[ApplicantOut],
    summary="A job's applicants (its company's members)",
)
def pipeline_list(request: HttpRequest, job_id: int) -> list[Application]:
    return selectors.pipeline_list(job=_pipeline_job(request, job_id))


@router.post(
    "/{int:job_id}/applicants/{int:application_id}/move",
    response=ApplicantOut,
    summary="Move an applicant to another stage; mails them (write scope)",
)
def pipeline_move(
    request: HttpRequest, job_id: int, application_id: int, payload: MoveIn
) -> Application:
    require_scope(request, "write")
    application = _applicant(request, job_id, application_id)
    with service_errors():
        hiring.application_move(
            application=application,
            by=caller(request),
            status=payload.status,
            message=payload.message,
        )
    return _applicant(request, job_id, application_id)


@router.patch(
    "/{int:job_id}/applicants/{int:application_id}",
    response=ApplicantOut,
    summary="The company's private notes (write scope)",
)
def pipeline_notes(
    request: HttpRequest, job_id: int, application_id: int, payload: NotesIn
) -> Application:
    require_scope(request, "write")
    application = _applicant(request, job_id, application_id)
    hiring.application_employer_notes_update(
        application=application,
        by=caller(request),
        notes=payload.employer_notes,
    )
    return _applicant(request, job_id, application_id)


@router.post(
    "/{int:job_id}/applicants/reject",
    response=RejectOut,
    summary="Reject several applicants with one message (write scope)",
)
def pipeline_reject(request: HttpRequest, job_id: int, payload: RejectIn) -> dict:
    require_scope(request, "write")
    job = _pipeline_job(request, job_id)
    count = hiring.applications_reject(
        job=job,
        by=caller(request),
        application_ids=payload.application_ids,
        message=payload.message,
    )
    return {"rejected": count}
