"""The RSS/Atom feeds: ours at /jobs/feed, and Jobicy's legacy /feed/job_feed."""

from __future__ import annotations

import feedparser
import pytest

from careerboard.jobs.models import Job

pytestmark = pytest.mark.django_db


def test_rss_feed_parses_and_filters(client, board):
    response = client.get("/jobs/feed")
    assert response.status_code == 200 and response["Content-Type"].startswith(
        "application/rss+xml"
    )
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.version == "rss20"
    assert [entry.title.split(" at ")[0] for entry in feed.entries] == [
        "Python Developer",
        "Sales Lead",
        "Python Teacher",
    ]
    entry = feed.entries[0]
    assert entry.title == "Python Developer at Snake & Co"
    assert entry.link.endswith(board.get_absolute_url())
    assert "word5" in entry.summary and "<script" not in entry.summary
    assert {tag.term for tag in entry.tags} == {"Software Engineering", "Full-Time", "Contract"}
    assert "media_thumbnail" not in entry  # no logo, no empty image
    filtered = feedparser.parse(client.get("/jobs/feed?tag=python&geo=usa").content)
    assert [entry.title.split(" at ")[0] for entry in filtered.entries] == ["Python Teacher"]
    assert "tag=python" in filtered.feed.link
    by_type = feedparser.parse(client.get("/jobs/feed?industry=engineering&type=contract").content)
    assert [entry.title.split(" at ")[0] for entry in by_type.entries] == ["Python Developer"]


def test_atom_feed_parses(client, board):
    response = client.get("/jobs/feed/atom?industry=sales")
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.version == "atom10"
    assert [entry.title for entry in feed.entries] == [
        f"Sales Lead at {Job.objects.get(title='Sales Lead').company.name}"
    ]
    assert feed.entries[0].author


def test_feed_takes_the_search_pages_parameters_and_refuses_bad_ones(client, board):
    feed = feedparser.parse(client.get("/jobs/feed?q=python&region=germany&page=2").content)
    assert [entry.title.split(" at ")[0] for entry in feed.entries] == ["Python Developer"]
    for query in ("geo=atlantis", "type=forever", "salary_min=lots"):
        assert client.get(f"/jobs/feed?{query}").status_code == 400


def _titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.version == "rss20"
    return [entry.title.split(" at ")[0] for entry in feed.entries]


def test_jobicys_legacy_feed_takes_its_legacy_parameters(client, board):
    assert _titles(client.get("/feed/job_feed")) == [
        "Python Developer",
        "Sales Lead",
        "Python Teacher",
    ]
    legacy = client.get(
        "/feed/job_feed?job_categories=dev,education&job_types=full-time,contract"
        "&search_keywords=python&search_region=germany"
    )
    assert _titles(legacy) == ["Python Developer"]
    assert _titles(client.get("/feed/job_feed?job_categories=seller")) == ["Sales Lead"]
    assert _titles(client.get("/feed/job_feed?search_region=usa&search_keywords=teacher")) == [
        "Python Teacher"
    ]
    # Jobicy's preferred names work on the legacy URL too.
    assert _titles(client.get("/feed/job_feed?industry=education&geo=usa")) == ["Python Teacher"]
    feed = feedparser.parse(client.get("/feed/job_feed?job_categories=seller").content)
    assert feed.feed.link.endswith("/jobs?industry=sales")
    assert "/feed/job_feed?job_categories=seller" in response_self_link(feed)


def response_self_link(feed) -> str:
    return next(link.href for link in feed.feed.links if link.rel == "self")


@pytest.mark.parametrize(
    "query", ["job_categories=astrology", "search_region=atlantis", "job_types=forever"]
)
def test_jobicys_legacy_feed_refuses_unknown_values(client, query):
    response = client.get(f"/feed/job_feed?{query}")
    assert response.status_code == 400 and response["Content-Type"].startswith("text/plain")


def test_our_feed_also_reads_jobicys_slugs(client, board):
    # Jobicy's canonical feed is /jobs/feed too: its slugs work where they are not ours.
    assert _titles(client.get("/jobs/feed?industry=seller&geo=hong-kong")) == ["Sales Lead"]
    assert _titles(client.get("/jobs/feed?industry=education,seller&type=full-time")) == []
    assert _titles(client.get("/jobs/feed?industry=dev&tag=python")) == ["Python Developer"]
    assert _titles(client.get("/jobs/feed?industry=engineering,seller")) == [
        "Python Developer",
        "Sales Lead",
    ]
    assert client.get("/jobs/feed?industry=astrology").status_code == 400
