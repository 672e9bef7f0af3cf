from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django_tasks import task

from careerboard.core.mail import smtp_retry
from careerboard.core.text import clean_line
from careerboard.jobs.models import Job

SUBJECTS = {
    "approved": "Your job “{title}” is live",
    "rejected": "Your job “{title}” was not approved",
    "expiring": "Your job “{title}” expires in 5 days",
}


@task()
def job_mail_poster(job_id: int, kind: str, attempt: int = 0) -> None:
    """Tell the person who posted a job what happened to it (approved, rejected, expiring)."""
    job = Job.objects.select_related("company", "posted_by").filter(pk=job_id).first()
    if job is None or job.posted_by is None:
        return
    context = {"job": job, "site_url": settings.SITE_URL}
    message = EmailMultiAlternatives(
        # A title stored before titles were single-line (core/text.py) must not break the header.
        subject=SUBJECTS[kind].format(title=clean_line(job.title)),
        body=render_to_string(f"jobs/email/{kind}.txt", context),
        to=[job.posted_by.email],
    )
    message.attach_alternative(render_to_string(f"jobs/email/{kind}.html", context), "text/html")
    with smtp_retry(job_mail_poster, job_id, kind, attempt=attempt):
        message.send()
