"""The index of live jobs in each process: reused while fresh, rebuilt in a thread when jobs
change, while reports keep being served from the one there is."""

from __future__ import annotations

import time

import pytest

from careerboard.consultant import index
from careerboard.consultant.tests.conftest import post_job

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_change_is_picked_up_by_a_rebuild_in_the_background(monkeypatch):
    monkeypatch.setattr(index, "REBUILD_IN_BACKGROUND", True)
    first = post_job("Backend Engineer", "Python and SQL")
    built = index.job_index()
    assert list(built.job_ids) == [first.pk]

    second = post_job("Data Engineer", "Python and Airflow")
    assert index.job_index() is built  # served at once, from the index there is
    deadline = time.monotonic() + 20
    while index._rebuilding and time.monotonic() < deadline:
        time.sleep(0.05)

    assert sorted(index.job_index().job_ids) == [first.pk, second.pk]


def test_fresh_enough_is_not_asked_again(monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(index, "STALE_SECONDS", 60)
    post_job("Backend Engineer", "Python and SQL")
    built = index.job_index()
    post_job("Data Engineer", "Python and Airflow")

    with django_assert_num_queries(0):
        assert index.job_index() is built
