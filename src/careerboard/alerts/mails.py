"""The alert mail: text and HTML parts, one-click unsubscribe headers (RFC 8058), links to edit
each alert and to see every match."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import get_template
from django.urls import reverse

from careerboard.alerts.selectors import MailAlert, MailContent
from careerboard.alerts.tokens import unsubscribe_token
from careerboard.jobs.models import Job

SUBJECT_WHEN = {"instant": "", "daily": " today", "weekly": " this week"}


@dataclass(frozen=True)
class JobLine:
    """A job as every mail shows it, worked out once per batch of mails."""

    title: str
    company: str
    where: str
    salary: str
    url: str


def job_line(job: Job) -> JobLine:
    salary = ""
    if job.salary_min is not None or job.salary_max is not None:
        amounts = "-".join(f"{amount:,}" for amount in (job.salary_min, job.salary_max) if amount)
        salary = f"{job.salary_currency} {amounts} {job.get_salary_period_display()}"
    return JobLine(
        title=job.title,
        company=job.company.name,
        where=", ".join(region.name for region in job.regions.all()) or "Anywhere",
        salary=salary,
        url=settings.SITE_URL + job.get_absolute_url(),
    )


def unsubscribe_url(*, user_id: int, alert_ids: list[int]) -> str:
    token = unsubscribe_token(user_id=user_id, alert_ids=alert_ids)
    return settings.SITE_URL + reverse("alerts:unsubscribe", kwargs={"token": token})


def _alert_links(alert: MailAlert, user_id: int) -> dict[str, str]:
    return {
        "name": alert.name,
        "edit_url": settings.SITE_URL + reverse("alerts:edit", kwargs={"alert_id": alert.id}),
        "search_url": settings.SITE_URL + "/jobs" + (f"?{alert.params}" if alert.params else ""),
        "unsubscribe_url": unsubscribe_url(user_id=user_id, alert_ids=[alert.id]),
    }


def alert_message(
    content: MailContent, *, lines: dict[int, JobLine]
) -> EmailMultiAlternatives | None:
    """The mail for a queued AlertMail; None when none of its jobs is live any more. `lines`
    caches each job's display across the mails of a batch."""
    if not content.jobs or not content.alerts:
        return None
    mail, user = content.mail, content.mail.user
    names = {alert.id: alert.name for alert in content.alerts}
    jobs = []
    for item in content.jobs:
        if item.job.pk not in lines:
            lines[item.job.pk] = job_line(item.job)
        jobs.append({"line": lines[item.job.pk], "alerts": [names[a] for a in item.alert_ids]})
    everything = unsubscribe_url(user_id=user.pk, alert_ids=list(names))
    context = {
        "jobs": jobs,
        "alerts": [_alert_links(alert, user.pk) for alert in content.alerts],
        "single_alert": len(content.alerts) == 1,
        "more_count": mail.more_count,
        "frequency": mail.get_frequency_display().lower(),
        "unsubscribe_url": everything,
        "manage_url": settings.SITE_URL + reverse("alerts:list"),
    }
    count = len(jobs)
    target = f"“{content.alerts[0].name}”" if len(content.alerts) == 1 else "your alerts"
    message = EmailMultiAlternatives(
        subject=f"{count} new {'job' if count == 1 else 'jobs'}{SUBJECT_WHEN[mail.frequency]} "
        f"for {target}",
        body=get_template("alerts/email/alert_mail.txt").render(context),
        to=[user.email],
        headers={
            # RFC 8058: a mail client may offer "unsubscribe" and POST to the link itself.
            "List-Unsubscribe": f"<{everything}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        get_template("alerts/email/alert_mail.html").render(context), "text/html"
    )
    return message
