"""Staff pages under /staff/: the moderation queue. Anybody but staff gets a 404 (or, signed
out, the login page)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from careerboard.core.mailbox import local_mails
from careerboard.employers.access import staff_page
from careerboard.employers.forms import add_service_errors
from careerboard.jobs import services as job_services
from careerboard.jobs.models import Job
from careerboard.staff.forms import RejectForm
from careerboard.staff.selectors import FLAG_FILTERS, moderation_job_get, moderation_queue

QUEUE_PAGE_SIZE = 20


def _job(request: HttpRequest, job_id: int) -> Job:
    job = moderation_job_get(user=request.user, job_id=job_id)  # type: ignore[arg-type]
    if job is None:
        raise Http404("No such job")
    return job


@require_GET
@staff_page
def queue(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:200]
    flag = request.GET.get("flag", "")
    flag = flag if flag in FLAG_FILTERS else ""
    jobs = moderation_queue(user=request.user, text=text, flag=flag)  # type: ignore[arg-type]
    page = Paginator(jobs, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "text": text,
        "flag": flag,
        "flag_filters": FLAG_FILTERS,
        "filtered": bool(text or flag),
        "page_query": params.urlencode(),
    }
    return render(request, "staff/queue.html", context)


@require_GET
@staff_page
def job_review(request: HttpRequest, job_id: int) -> HttpResponse:
    return render(
        request, "staff/job_review.html", {"job": _job(request, job_id), "form": RejectForm()}
    )


@require_POST
@staff_page
def approve(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    try:
        job_services.job_approve(job=job, by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{job.title}” is approved and live; the poster is mailed.")
    return redirect("staff:queue")


@require_POST
@staff_page
def reject(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            job_services.job_reject(job=job, by=request.user, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{job.title}” is rejected; the poster is mailed why.")
            return redirect("staff:queue")
    return render(request, "staff/job_review.html", {"job": job, "form": form}, status=400)


@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    """The mail the embedded default wrote to EMAIL_FILE_PATH instead of sending it, with
    clickable links: for staff (others as on every staff page), or anyone while DEBUG is on.
    A 404 when mail is really sent."""
    if not settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
        raise Http404("No outbox")
    return _outbox_page(request) if settings.DEBUG else _staff_outbox_page(request)


def _outbox_page(request: HttpRequest) -> HttpResponse:
    mails = local_mails(getattr(settings, "EMAIL_FILE_PATH", ""))
    return render(
        request,
        "staff/outbox.html",
        {"mails": mails, "folder": getattr(settings, "EMAIL_FILE_PATH", "")},
    )


_staff_outbox_page = staff_page(_outbox_page)
