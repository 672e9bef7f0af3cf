"""Helpers of the alert tests: live jobs in the search index, alerts saved from URL parameters."""

from __future__ import annotations

from django.http import QueryDict

from careerboard.alerts.models import Alert
from careerboard.alerts.services import alert_create
from careerboard.core.tests.factories import JobFactory
from careerboard.jobs.indexing import job_search_sync
from careerboard.jobs.models import Job


def live_job(**fields) -> Job:
    """A published job, in the search index as job_publish leaves it."""
    job = JobFactory(**fields)
    job_search_sync(job_ids=[job.pk])
    return job


def make_alert(user, params: str = "q=python", frequency: str = "daily") -> Alert:  # type: ignore[no-untyped-def]
    return alert_create(user=user, params=QueryDict(params), frequency=frequency)
