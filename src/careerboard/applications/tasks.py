"""Mail to applicants, sent by the task worker after the change is committed."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from careerboard.applications.models import Application, ApplicationEvent
from careerboard.core.mail import smtp_retry
from careerboard.core.text import clean_line
from careerboard.jobs.selectors import job_new_applicant_emails


@task()
def application_mail_status_change(event_id: int, attempt: int = 0) -> None:
    """Tell the applicant that the company moved their application (and what it wrote)."""
    event = ApplicationEvent.objects.select_related("application__user").filter(pk=event_id).first()
    if event is None:  # the application was deleted with its account meanwhile
        return
    if not event.application.user.notify_application_status:  # as set when the mail is due
        return
    application = event.application
    context = {
        "event": event,
        "application": application,
        "url": settings.SITE_URL + application.get_absolute_url(),
    }
    message = EmailMultiAlternatives(
        subject=f"Your application for {clean_line(application.title)} at "
        f"{clean_line(application.company_name)}: "
        f"{event.get_status_display()}",
        body=render_to_string("applications/email/status_changed.txt", context),
        to=[application.user.email],
    )
    message.attach_alternative(
        render_to_string("applications/email/status_changed.html", context), "text/html"
    )
    with smtp_retry(application_mail_status_change, event_id, attempt=attempt):
        message.send()


@task()
def application_mail_received(application_id: int, attempt: int = 0) -> None:
    """A receipt for the applicant and a new-applicant mail for the people hiring."""
    application = Application.objects.select_related("user").filter(pk=application_id).first()
    if application is None or application.job_id is None:
        return
    context = {
        "application": application,
        "url": settings.SITE_URL + application.get_absolute_url(),
        "pipeline_url": settings.SITE_URL
        + reverse("applications:pipeline_detail", args=(application.job_id, application.pk)),
    }
    # Each mail only to those who want it (account notification settings), as set when it goes.
    messages = []
    if application.user.notify_application_receipt:
        messages.append(
            EmailMultiAlternatives(
                subject=f"We sent your application for {clean_line(application.title)} "
                f"to {clean_line(application.company_name)}",
                body=render_to_string("applications/email/received.txt", context),
                to=[application.user.email],
            )
        )
    hiring = job_new_applicant_emails(job_id=application.job_id)
    if hiring:
        messages.append(
            EmailMultiAlternatives(
                subject=f"New applicant for {clean_line(application.title)}: "
                f"{clean_line(application.name)}",
                body=render_to_string("applications/email/new_applicant.txt", context),
                to=hiring,
            )
        )
    if not messages:
        return
    with smtp_retry(application_mail_received, application_id, attempt=attempt):
        # One connection for both; a retry sends both again, which a receipt survives.
        get_connection().send_messages(messages)
