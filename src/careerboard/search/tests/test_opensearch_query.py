"""The OpenSearch backend's request, built without a server: the same reading of keywords and
filters as the SQL backends (the behaviour itself is tested in test_search.py, against a
server when one is reachable)."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from careerboard.search.backends.opensearch import search_body
from careerboard.search.filters import build_filters
from careerboard.search.query import JobQuery, parse_text

pytestmark = pytest.mark.django_db


def test_keywords_and_every_filter_become_one_request():
    query = JobQuery(
        text='java developer OR designer -"graphic design"',
        industries=("engineering",),
        regions=("germany",),
        salary_min=100_000,
        posted_within_days=7,
        featured_only=True,
        timezone_min=-60,
        timezone_max=120,
    )
    filters = build_filters(query, now=timezone.now())
    body = search_body(
        parse_text(query.text), filters, sort="relevance", offset=20, limit=10, cap=10_001
    )
    clauses = body["query"]["bool"]["filter"]
    text_groups = [c for c in clauses if "bool" in c and "multi_match" in json.dumps(c)]
    # a b OR c is a AND (b OR c).
    assert [len(group["bool"]["should"]) for group in text_groups] == [1, 2]
    assert body["query"]["bool"]["must_not"][0]["multi_match"]["type"] == "phrase"
    # Germany, the regions containing it, and Anywhere.
    region_tags = next(
        c["terms"]["tags"] for c in clauses if "terms" in c and "r" in c["terms"]["tags"][0]
    )
    assert len(region_tags) >= 3
    assert {"term": {"featured": True}} in clauses
    assert (body["from"], body["size"], body["track_total_hits"]) == (20, 10, 10_001)
    # Title matches first: one constant-score clause over the title only.
    title_clause = json.dumps(body["query"]["bool"]["should"])
    assert '"fields": ["title"]' in title_clause and '"body"' not in title_clause


def test_newest_sort_has_no_title_clause():
    filters = build_filters(JobQuery(text="python"), now=timezone.now())
    body = search_body(parse_text("python"), filters, sort="newest", offset=0, limit=20, cap=11)
    assert "should" not in body["query"]["bool"]
    assert body["sort"] == [{"doc_id": "desc"}]
