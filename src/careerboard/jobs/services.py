from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from careerboard.accounts.models import User
from careerboard.jobs.models import Job
from careerboard.search.services import search_index_jobs

JOB_LIFETIME = timedelta(days=30)


def job_publish(*, job: Job, by: User | None) -> Job:
    """Put a job live for 30 days from now."""
    now = timezone.now()
    job.status = Job.Status.PUBLISHED
    job.published_at = now
    job.expires_at = now + JOB_LIFETIME
    job.save(update_fields=["status", "published_at", "expires_at", "updated_at"])
    search_index_jobs(job_ids=[job.pk])
    return job
