"""Staff pages under /staff/: the moderation queue. Anybody but staff gets a 404 (or, signed
out, the login page)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from careerboard.employers.access import staff_page
from careerboard.employers.forms import add_service_errors
from careerboard.jobs import services as job_services
from careerboard.jobs.models import Job
from careerboard.staff.forms import RejectForm
from careerboard.staff.selectors import moderation_job_get, moderation_queue

QUEUE_PAGE_SIZE = 20


def _job(request: HttpRequest, job_id: int) -> Job:
    job = moderation_job_get(user=request.user, job_id=job_id)  # type: ignore[arg-type]
    if job is None:
        raise Http404("No such job")
    return job


@require_GET
@staff_page
def queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(moderation_queue(user=request.user), QUEUE_PAGE_SIZE).get_page(  # type: ignore[arg-type]
        request.GET.get("page")
    )
    return render(request, "staff/queue.html", {"page": page})


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
