"""Rebuilding the whole search index on PostgreSQL, where the entries' indexes are dropped
while the jobs are written and built again after."""

from __future__ import annotations

import pytest
from django.db import connection

from careerboard.core.tests.factories import JobFactory
from careerboard.jobs import indexing
from careerboard.jobs.indexing import job_search_rebuild
from careerboard.jobs.selectors import job_search
from careerboard.search.query import JobQuery

pytestmark = [
    # Not in a test's transaction: the rebuild that drops the indexes commits as it goes.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the index drop is PostgreSQL's rebuild path"
    ),
]


def entry_indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'search_searchentry'"
        )
        return dict(cursor.fetchall())


def test_a_rebuild_leaves_every_index_of_the_entries_as_it_was():
    before = entry_indexes()
    assert "search_entry_document" in before
    JobFactory(title="Python developer")
    JobFactory(title="Accountant")
    assert job_search_rebuild() == 2
    assert entry_indexes() == before
    found = job_search(query=JobQuery(text="python"), limit=10).jobs
    assert [job.title for job in found] == ["Python developer"]


def test_a_rebuild_that_fails_still_builds_the_indexes_again(monkeypatch):
    before = entry_indexes()
    JobFactory(title="Python developer")

    def fail(**kwargs):
        raise RuntimeError("indexing failed")

    monkeypatch.setattr(indexing, "search_index_jobs", fail)
    with pytest.raises(RuntimeError):
        job_search_rebuild()
    assert entry_indexes() == before
