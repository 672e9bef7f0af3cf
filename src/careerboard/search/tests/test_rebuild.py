"""Rebuilding the whole search index on PostgreSQL, where the entries' indexes are dropped
while the jobs are written and built again after."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from careerboard.core.tests.factories import JobFactory
from careerboard.jobs import indexing
from careerboard.jobs.indexing import job_search_rebuild
from careerboard.jobs.selectors import job_search
from careerboard.search.query import JobQuery
from careerboard.search.services import search_tag_hours

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


def test_entries_written_without_the_hour_tag_get_it_once():
    """Entries of the release before the hour tags (or written by one of its servers during
    the deploy) are tagged afterwards, those published since the given time only."""
    now = timezone.now()
    for hours in (1, 5, 50):
        JobFactory(title=f"Python developer {hours}", published_at=now - timedelta(hours=hours))
    job_search_rebuild()
    hour = "ARRAY['~h' || ((doc_id >> 24) / 3600)]"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE search_searchentry SET document = ts_delete(document, {hour}), "
            f"title_document = ts_delete(title_document, {hour})"
        )
    assert search_tag_hours(since=now - timedelta(hours=10), batch=1) == 2
    assert search_tag_hours(since=now - timedelta(days=10)) == 1
    assert search_tag_hours(since=now - timedelta(days=10)) == 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM search_searchentry WHERE document @@ CAST(({hour})[1] AS tsquery)"
        )
        assert cursor.fetchone()[0] == 3
