"""The employer pipeline under /employer/jobs/<id>/applicants: a job's on-site applicants as a
list and a board, each applicant's shared profile, moves between stages, private notes and bulk
rejection. Only members of the job's company (employer accounts) get these pages; everybody else
gets a 404, so the pages do not show what exists (the services check the same again)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from careerboard.applications import selectors
from careerboard.applications.forms import BulkRejectForm, EmployerNotesForm, MoveForm
from careerboard.applications.models import Application
from careerboard.applications.services import hiring, rules
from careerboard.jobs.models import Job


def _job(request: HttpRequest, job_id: int) -> Job:
    job = selectors.pipeline_job_get(user=request.user, job_id=job_id)  # type: ignore[arg-type]
    if job is None:
        raise Http404("No such job among your companies")
    return job


def _applicant(job: Job, application_id: int) -> Application:
    application = selectors.pipeline_application_get(job=job, application_id=application_id)
    if application is None:
        raise Http404("No such applicant for this job")
    return application


@require_GET
@login_required
def pipeline(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    applications = selectors.pipeline_list(job=job)
    return render(
        request,
        "applications/pipeline.html",
        {
            "job": job,
            "applications": applications,
            "reject_form": BulkRejectForm(applications=applications),
            "decided": rules.DECIDED,
        },
    )


@require_GET
@login_required
def pipeline_board(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    return render(
        request,
        "applications/pipeline_board.html",
        {"job": job, "columns": selectors.pipeline_board(job=job), "move_form": MoveForm()},
    )


def _detail(
    request: HttpRequest,
    job: Job,
    application: Application,
    *,
    move_form: MoveForm | None = None,
    notes_form: EmployerNotesForm | None = None,
) -> HttpResponse:
    posted = move_form or notes_form
    return render(
        request,
        "applications/pipeline_detail.html",
        {
            "job": job,
            "application": application,
            "shared": selectors.shares_with_company(application),
            "move_form": move_form or MoveForm(),
            "notes_form": notes_form
            or EmployerNotesForm(initial={"employer_notes": application.employer_notes}),
        },
        status=400 if posted is not None and posted.errors else 200,
    )


@require_GET
@login_required
def pipeline_detail(request: HttpRequest, job_id: int, application_id: int) -> HttpResponse:
    job = _job(request, job_id)
    return _detail(request, job, _applicant(job, application_id))


@require_POST
@login_required
def pipeline_move(request: HttpRequest, job_id: int, application_id: int) -> HttpResponse:
    job = _job(request, job_id)
    application = _applicant(job, application_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            hiring.application_move(
                application=application,
                by=request.user,  # type: ignore[arg-type]
                status=form.cleaned_data["status"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"{application.name} is now at {application.get_status_display()}."
            )
            # From the board, back to the board; otherwise to the applicant.
            if request.POST.get("from") == "board":
                return redirect("applications:pipeline_board", job_id=job.pk)
            return redirect(
                "applications:pipeline_detail", job_id=job.pk, application_id=application.pk
            )
    return _detail(request, job, application, move_form=form)


@require_POST
@login_required
def pipeline_notes(request: HttpRequest, job_id: int, application_id: int) -> HttpResponse:
    job = _job(request, job_id)
    application = _applicant(job, application_id)
    form = EmployerNotesForm(request.POST)
    if form.is_valid():
        try:
            hiring.application_employer_notes_update(
                application=application,
                by=request.user,  # type: ignore[arg-type]
                notes=form.cleaned_data["employer_notes"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your notes are saved.")
            return redirect(
                "applications:pipeline_detail", job_id=job.pk, application_id=application.pk
            )
    return _detail(request, job, application, notes_form=form)


@require_POST
@login_required
def pipeline_reject(request: HttpRequest, job_id: int) -> HttpResponse:
    """Reject the ticked applicants at once, each mailed the same message."""
    job = _job(request, job_id)
    applications = selectors.pipeline_list(job=job)
    form = BulkRejectForm(request.POST, applications=applications)
    if form.is_valid():
        try:
            count = hiring.applications_reject(
                job=job,
                by=request.user,  # type: ignore[arg-type]
                application_ids=form.cleaned_data["applications"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{count} applicant{'s' if count != 1 else ''} rejected.")
            return redirect("applications:pipeline", job_id=job.pk)
    return render(
        request,
        "applications/pipeline.html",
        {
            "job": job,
            "applications": applications,
            "reject_form": form,
            "decided": rules.DECIDED,
        },
        status=400,
    )
