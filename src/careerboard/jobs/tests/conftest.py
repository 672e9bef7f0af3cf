"""A small board of live jobs the Jobicy API and feed tests read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from careerboard.core.tests.factories import JobFactory
from careerboard.jobs.indexing import job_search_rebuild
from careerboard.jobs.models import Job

LONG_DESCRIPTION = (
    "<p>" + " ".join(f"word{n}" for n in range(120)) + "</p><script>alert(1)</script>"
)


@pytest.fixture
def board():
    now = timezone.now()
    python = JobFactory(
        title="Python Developer",
        company__name="Snake & Co",
        description=LONG_DESCRIPTION,
        industries=["engineering"],
        job_types=["full-time", "contract"],
        levels=["senior"],
        regions=["germany", "uk"],
        salary_min=70_000,
        salary_max=90_000,
        salary_currency="EUR",
        salary_period="year",
        published_at=now - timedelta(hours=1),
    )
    JobFactory(title="Sales Lead", industries=["sales"], published_at=now - timedelta(hours=2))
    JobFactory(
        title="Python Teacher",
        industries=["education"],
        regions=["usa"],
        published_at=now - timedelta(hours=3),
    )
    JobFactory(title="Hidden Python", status=Job.Status.PENDING, published_at=None)
    job_search_rebuild()
    return python
