from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from careerboard.jobs.selectors import job_get_for_page


@require_GET
def job_detail(request: HttpRequest, job_id: int, slug: str) -> HttpResponse:
    job = job_get_for_page(job_id=job_id)
    if job is None:
        raise Http404("No such job")
    if slug != job.slug:
        return redirect(job, permanent=True)
    return render(request, "jobs/job_detail.html", {"job": job})
