"""The applicant's pages: saving jobs, applying, and the tracker. Thin: parse, call a service or
selector, render. Another person's bookmark or application is a 404, never a 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from careerboard.applications import selectors
from careerboard.applications.downloads import resume_response
from careerboard.applications.forms import ApplyForm, BookmarkNoteForm, TrackForm, TrackingForm
from careerboard.applications.models import Application, Bookmark
from careerboard.applications.services import applying, bookmarks, rules, tracking
from careerboard.core.form_pages import GET_POST, form_page, posted, safe_next
from careerboard.core.ratelimit import RateLimited
from careerboard.jobs.models import Job

View = Callable[..., HttpResponse]


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def signed_in(view: View) -> View:
    """login_required, but an htmx request is sent to the login page as a whole page (a plain
    redirect would put the login form inside the button it replaces)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:  # type: ignore[no-untyped-def]
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if _htmx(request):
            back = request.headers.get("HX-Current-URL") or request.get_full_path()
            response = HttpResponse(status=204)
            response["HX-Redirect"] = redirect_to_login(back).url
            return response
        return redirect_to_login(request.get_full_path())

    return wrapper


def _job(job_id: int) -> Job:
    job = selectors.job_for_seeker(job_id=job_id)
    if job is None:
        raise Http404("No such job")
    return job


def _application(request: HttpRequest, application_id: int) -> Application:
    application = selectors.application_get(user=request.user, application_id=application_id)  # type: ignore[arg-type]
    if application is None:
        raise Http404("No such application among yours")
    return application


def _too_many(request: HttpRequest, error: RateLimited) -> HttpResponse:
    response = render(request, "applications/too_many.html", {"message": error.message}, status=429)
    response["Retry-After"] = str(error.retry_after)
    return response


def _refused(form: Form, error: ValidationError | PermissionDenied | RateLimited) -> int:
    """Show a service's refusal on the form; the status the page answers with."""
    if isinstance(error, RateLimited):
        form.add_error(None, error.message)
        return 429
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error))
        return 403
    form.add_error(None, error)  # a field dict lands next to each field
    return 400


# --- Bookmarks ---------------------------------------------------------------------------


@require_POST
@signed_in
def bookmark_toggle(request: HttpRequest, job_id: int, action: str) -> HttpResponse:
    """Save (action "add") or unsave ("remove") a job. htmx gets the new button; without
    JavaScript the browser goes back to the page it came from."""
    job = _job(job_id)
    error = None
    try:
        if action == "add":
            bookmarks.bookmark_add(user=request.user, job=job)  # type: ignore[arg-type]
        else:
            bookmarks.bookmark_remove(user=request.user, job=job)  # type: ignore[arg-type]
    except RateLimited as refusal:
        error = refusal
    selectors.bookmarked_forget(request)
    if _htmx(request):
        # Always 200: htmx swaps only successful answers, and a refusal shows in the button.
        return render(
            request,
            "applications/_bookmark_button.html",
            {"job": job, "bookmark_error": error.message if error else ""},
        )
    if error:
        return _too_many(request, error)
    if action == "add":
        messages.success(request, f"“{job.title}” is in your saved jobs.")
    else:
        messages.success(request, f"“{job.title}” is no longer saved.")
    return redirect(safe_next(request, request.POST.get("next")) or reverse("applications:saved"))


@require_GET
@login_required
def saved(request: HttpRequest) -> HttpResponse:
    bookmarks = selectors.bookmark_list(user=request.user)  # type: ignore[arg-type]
    return render(
        request,
        "applications/saved.html",
        {"bookmarks": bookmarks, "note_form": BookmarkNoteForm()},
    )


@require_POST
@signed_in
def bookmark_note(request: HttpRequest, job_id: int) -> HttpResponse:
    bookmark = selectors.bookmark_for_job(user=request.user, job_id=job_id)  # type: ignore[arg-type]
    if bookmark is None:
        raise Http404("This job is not among your saved jobs")
    form = BookmarkNoteForm(request.POST)
    saved_now = False
    if form.is_valid():
        try:
            bookmarks.bookmark_note_update(
                user=request.user,  # type: ignore[arg-type]
                bookmark=bookmark,
                note=form.cleaned_data["note"],
            )
            saved_now = True
        except ValidationError as error:
            form.add_error(None, error)
        except Bookmark.DoesNotExist:
            raise Http404("This job is not among your saved jobs") from None
    if _htmx(request):
        # Always 200, so htmx swaps in the form with its errors as well as with "Saved".
        return render(
            request,
            "applications/_bookmark_note.html",
            {"bookmark": bookmark, "note_form": form, "note_saved": saved_now},
        )
    if saved_now:
        messages.success(request, "Your note is saved.")
    else:
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
    return redirect("applications:saved")


# --- Applying ------------------------------------------------------------------------------


@GET_POST
@login_required
def apply(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(job_id)
    existing = selectors.application_for_job(user=request.user, job_id=job.pk)  # type: ignore[arg-type]
    if existing is not None:
        messages.info(request, "You have already applied to this job.")
        return redirect(existing)
    if request.method == "POST":
        form = ApplyForm(request.POST, request.FILES)
        try:
            applying.application_apply_attempt(user=request.user)  # type: ignore[arg-type]
            if form.is_valid():
                application = applying.application_apply(
                    user=request.user,  # type: ignore[arg-type]
                    job=job,
                    profile=form.profile(),
                    resume=form.cleaned_data["resume"],
                    cover_letter=form.cleaned_data["cover_letter"],
                )
                messages.success(request, f"Your application to {job.company.name} is sent.")
                return redirect(application)
        except (ValidationError, PermissionDenied, RateLimited) as error:
            response = form_page(
                request, "applications/apply.html", form, job=job, status=_refused(form, error)
            )
            if isinstance(error, RateLimited):
                response["Retry-After"] = str(error.retry_after)
            return response
    else:
        form = ApplyForm(initial=selectors.apply_initial(user=request.user))  # type: ignore[arg-type]
    return form_page(
        request, "applications/apply.html", form, job=job, refusal=_apply_refusal(request, job)
    )


def _apply_refusal(request: HttpRequest, job: Job) -> str:
    """Why this person cannot apply to this job here, or "" when they can."""
    try:
        applying.application_can_apply(user=request.user, job=job)  # type: ignore[arg-type]
    except (ValidationError, PermissionDenied) as error:
        return _text(error)
    return ""


class _ApplyRedirect(HttpResponseRedirect):
    # A job may take applications by email: its address is a mailto: link.
    allowed_schemes = ["http", "https", "mailto"]


@require_POST
@login_required
def apply_elsewhere(request: HttpRequest, job_id: int) -> HttpResponse:
    """Record that the person went to apply on the company's site or by mail, then send them
    there."""
    job = _job(job_id)
    try:
        applying.application_record_elsewhere(user=request.user, job=job)  # type: ignore[arg-type]
        return _ApplyRedirect(applying.apply_target(job))
    except RateLimited as error:
        return _too_many(request, error)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _text(error))
        return redirect(job)


def _text(error: ValidationError | PermissionDenied) -> str:
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


# --- The tracker ---------------------------------------------------------------------------


@require_GET
@login_required
def tracker(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Application.Status.values:
        status = ""
    return render(
        request,
        "applications/tracker.html",
        {
            "applications": selectors.application_list(user=request.user, status=status or None),  # type: ignore[arg-type]
            "status": status,
            "statuses": Application.Status.choices,
        },
    )


@require_GET
@login_required
def tracker_board(request: HttpRequest) -> HttpResponse:
    saved_jobs = selectors.saved_not_applied(user=request.user)  # type: ignore[arg-type]
    return render(
        request,
        "applications/tracker_board.html",
        {
            "columns": selectors.tracker_board(user=request.user),  # type: ignore[arg-type]
            "saved_jobs": saved_jobs,
            "saved_count": len(saved_jobs),
        },
    )


@GET_POST
@login_required
def track(request: HttpRequest) -> HttpResponse:
    """Track by hand a job found somewhere else."""
    form = TrackForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            application = applying.application_track(
                user=request.user,  # type: ignore[arg-type]
                data=form.tracked_job(),
            )
        except (ValidationError, PermissionDenied, RateLimited) as error:
            return form_page(request, "applications/track.html", form, status=_refused(form, error))
        messages.success(request, f"“{application.title}” is in your tracker.")
        return redirect(application)
    return form_page(request, "applications/track.html", form)


@GET_POST
@login_required
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)
    form = TrackingForm(
        posted(request),
        application=application,
        initial={
            "status": application.status,
            "notes": application.notes,
            "next_step": application.next_step,
            "next_step_on": application.next_step_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            tracking.application_tracking_update(
                user=request.user,  # type: ignore[arg-type]
                application=application,
                tracking=form.tracking(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Saved.")
            return redirect(application)
    return form_page(
        request,
        "applications/application_detail.html",
        form,
        application=application,
        can_withdraw=application.status not in rules.DECIDED,
    )


@require_POST
@login_required
def application_withdraw(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)
    try:
        tracking.application_withdraw(user=request.user, application=application)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, _text(error))
    else:
        messages.success(request, "Your application is withdrawn.")
    return redirect(application)


@require_POST
@login_required
def application_delete(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)
    try:
        tracking.application_delete(user=request.user, application=application)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, _text(error))
        return redirect(application)
    messages.success(request, f"“{application.title}” is no longer tracked.")
    return redirect("applications:tracker")


@require_GET
@login_required
def resume_download(request: HttpRequest, application_id: int) -> FileResponse:
    application = selectors.resume_readable(user=request.user, application_id=application_id)  # type: ignore[arg-type]
    if application is None:
        raise Http404("No such résumé")
    return resume_response(application)
