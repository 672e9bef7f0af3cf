"""The alert mail: text and HTML parts, one-click unsubscribe headers (RFC 8058), a link to edit
each alert and to see all its matches.

A digest run renders thousands of these, so what repeats is worked out once: each job's lines
once per batch of mails, and each route's URL once per process (`_route`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import format_html

from careerboard.alerts.selectors import MailContent, MailJob
from careerboard.alerts.tokens import unsubscribe_token
from careerboard.core.text import clean_line
from careerboard.jobs.models import Job

SUBJECT_WHEN = {"instant": "", "daily": " today", "weekly": " this week"}
# Stands for a route's arguments in `_route`; no real id or slug looks like it.
_PLACEHOLDER = "8642097531"


@cache
def _route(name: str, arguments: int) -> str:
    """The path of a URL pattern as a format string ("/alerts/{0}/edit"): reversing once per
    process instead of once per link (reverse() costs more than the rest of a link)."""
    placeholders = [f"{_PLACEHOLDER}{n}" for n in range(arguments)]
    path = reverse(name, args=placeholders)
    for index, placeholder in enumerate(placeholders):
        path = path.replace(placeholder, f"{{{index}}}")
    return path


def site_url(name: str, *arguments: object) -> str:
    return settings.SITE_URL + _route(name, len(arguments)).format(*arguments)


@dataclass(frozen=True)
class JobLines:
    """A job as every mail shows it, in text and in HTML, made once per batch of mails: the
    mails of a batch share many jobs, and a template loop per job would cost more than the
    rest of the mail."""

    text: str
    html: str


def job_lines(job: MailJob) -> JobLines:
    details = ", ".join(job.regions) or "Anywhere"
    if job.salary_min is not None or job.salary_max is not None:
        amounts = "-".join(f"{amount:,}" for amount in (job.salary_min, job.salary_max) if amount)
        period = Job.SalaryPeriod(job.salary_period).label if job.salary_period else ""
        details += f" · {job.salary_currency} {amounts} {period}".rstrip()
    url = site_url("jobs:detail", job.id, job.slug)
    return JobLines(
        text=f"{job.title} at {job.company}\n{details}\n{url}",
        html=format_html(
            '<a href="{}"><strong>{}</strong></a> at {}<br>{}', url, job.title, job.company, details
        ),
    )


def unsubscribe_url(*, user_id: int, alert_ids: list[int]) -> str:
    return site_url("alerts:unsubscribe", unsubscribe_token(user_id=user_id, alert_ids=alert_ids))


def alert_message(
    content: MailContent, *, lines: dict[int, JobLines]
) -> EmailMultiAlternatives | None:
    """The mail for a queued AlertMail; None when none of its jobs is live any more. `lines`
    caches each job's display across the mails of a batch."""
    if not content.jobs or not content.alerts:
        return None
    mail, user = content.mail, content.mail.user
    names = {alert.id: alert.name for alert in content.alerts}
    jobs = []
    for job, alert_ids in content.jobs:
        if job.id not in lines:
            lines[job.id] = job_lines(job)
        jobs.append({"lines": lines[job.id], "alerts": ", ".join(names[a] for a in alert_ids)})
    # One link stops every alert of this mail: it is also the List-Unsubscribe header's.
    unsubscribe = unsubscribe_url(user_id=user.pk, alert_ids=list(names))
    context = {
        "jobs": jobs,
        "alerts": [
            {
                "name": alert.name,
                "edit_url": site_url("alerts:edit", alert.id),
                "search_url": settings.SITE_URL
                + "/jobs"
                + (f"?{alert.params}" if alert.params else ""),
            }
            for alert in content.alerts
        ],
        "single_alert": len(content.alerts) == 1,
        "more_count": mail.more_count,
        "frequency": mail.get_frequency_display().lower(),
        "unsubscribe_url": unsubscribe,
        "manage_url": settings.SITE_URL + _route("alerts:list", 0),
    }
    count = len(jobs)
    target = (
        f"“{clean_line(content.alerts[0].name)}”" if len(content.alerts) == 1 else "your alerts"
    )
    message = EmailMultiAlternatives(
        subject=f"{count} new {'job' if count == 1 else 'jobs'}{SUBJECT_WHEN[mail.frequency]} "
        f"for {target}",
        body=get_template("alerts/email/alert_mail.txt").render(context),
        to=[user.email],
        headers={
            # RFC 8058: a mail client may offer "unsubscribe" and POST to the link itself.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        get_template("alerts/email/alert_mail.html").render(context), "text/html"
    )
    return message
