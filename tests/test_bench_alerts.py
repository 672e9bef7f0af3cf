"""The alerts benchmark's cross-check (benchmarks/bench_alerts.py): the naive side, each alert as
the search's own database statement, reads the jobs live at the moment the engine's jobs were
read, so a job expiring between the two readings is no disagreement."""

from __future__ import annotations

from datetime import timedelta

import pytest
from benchmarks.bench_alerts import naive_disagreements, naive_seconds
from django.http import QueryDict
from django.utils import timezone

from careerboard.alerts.matching import match
from careerboard.alerts.models import Alert
from careerboard.alerts.searches import saved_search
from careerboard.alerts.selectors import job_facts
from careerboard.core.tests.factories import JobFactory, UserFactory
from careerboard.jobs.indexing import job_search_sync
from careerboard.jobs.models import Job
from careerboard.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def test_the_naive_side_reads_the_jobs_live_when_the_engine_read_them():
    read_at = timezone.now() - timedelta(hours=1)
    lasting = JobFactory(title="Python Developer", published_at=read_at - timedelta(days=2))
    ending = JobFactory(title="Senior Python Engineer", published_at=read_at - timedelta(days=29))
    job_search_sync(job_ids=[lasting.pk, ending.pk])
    # Live when the engine read the jobs, expired by the time the database is asked (its entry
    # stays until the next expire_jobs run).
    expiry = read_at + timedelta(minutes=30)
    Job.objects.filter(pk=ending.pk).update(expires_at=expiry)
    SearchEntry.objects.filter(job_id=ending.pk).update(expires_at=expiry)
    search = saved_search(QueryDict("q=python+developer"))
    alert = Alert.objects.create(
        user=UserFactory(),
        name="python",
        params=search.params,
        criteria=search.criteria.to_json(),
        digest_through=read_at,
    )
    facts = job_facts(job_ids=[lasting.pk, ending.pk], now=read_at)
    matches = match([(alert.pk, search.criteria)], facts)

    _, naive = naive_seconds([alert.pk], now=read_at)

    assert naive[alert.pk] == {lasting.pk, ending.pk}
    assert naive_disagreements([alert.pk], naive, matches) == []
