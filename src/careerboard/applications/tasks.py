"""Mail to applicants, sent by the task worker after the change is committed."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django_tasks import task

from careerboard.applications.models import ApplicationEvent
from careerboard.core.mail import smtp_retry


@task()
def application_mail_status_change(event_id: int, attempt: int = 0) -> None:
    """Tell the applicant that the company moved their application (and what it wrote)."""
    event = ApplicationEvent.objects.select_related("application__user").filter(pk=event_id).first()
    if event is None:  # the application was deleted with its account meanwhile
        return
    application = event.application
    context = {
        "event": event,
        "application": application,
        "url": settings.SITE_URL + application.get_absolute_url(),
    }
    message = EmailMultiAlternatives(
        subject=f"Your application for {application.title} at {application.company_name}: "
        f"{event.get_status_display()}",
        body=render_to_string("applications/email/status_changed.txt", context),
        to=[application.user.email],
    )
    message.attach_alternative(
        render_to_string("applications/email/status_changed.html", context), "text/html"
    )
    with smtp_retry(application_mail_status_change, event_id, attempt=attempt):
        message.send()
