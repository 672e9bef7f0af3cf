"""What the job pages and cards of other domains show of a person's bookmarks and applications:
`{% load applications %}`, then `{% bookmarked job as saved %}`,
`{% application_for job as application %}` or `{% apply_link job as link %}`."""

from __future__ import annotations

from django import template
from django.core.exceptions import ValidationError

from careerboard.applications.models import Application
from careerboard.applications.selectors import application_for_job, bookmarked_job_ids
from careerboard.applications.services.applying import apply_target

register = template.Library()


@register.simple_tag(takes_context=True)
def bookmarked(context: template.Context, job) -> bool:  # type: ignore[no-untyped-def]
    """Whether the signed-in person saved `job` (one query per request for every card)."""
    request = context.get("request")
    return request is not None and job.pk in bookmarked_job_ids(request)


@register.simple_tag(takes_context=True)
def application_for(context: template.Context, job) -> Application | None:  # type: ignore[no-untyped-def]
    request = context.get("request")
    if request is None:
        return None
    return application_for_job(user=request.user, job_id=job.pk)


@register.simple_tag
def apply_link(job) -> str:  # type: ignore[no-untyped-def]
    """Where a visitor who is not signed in applies to a job taken elsewhere ("" when nowhere)."""
    try:
        return apply_target(job)
    except ValidationError:
        return ""
