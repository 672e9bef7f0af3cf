"""One odd query finds the same jobs through every way in: the web search, the v1 API's `q`, the
Jobicy API's `tag`, the RSS feeds' `tag` and an alert saved from it. Each reads the keywords with
the search's analyzer (search.analysis): a spelling variant, a symbol, an alias and an
exclusion, in mixed case."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from django.http import QueryDict
from django.utils import timezone

from careerboard.alerts.criteria import Criteria
from careerboard.alerts.matching import match
from careerboard.alerts.selectors import job_facts
from careerboard.alerts.services import alert_create
from careerboard.core.tests.factories import JobFactory, UserFactory
from careerboard.jobs.indexing import job_search_sync

pytestmark = pytest.mark.django_db

ODD_QUERY = "Back-End C# K8S -java"
JOB_LINK = re.compile(r"/jobs/(\d+)-")


@pytest.fixture
def board() -> dict[str, int]:
    jobs = {
        # Found: back end (any spelling), C# (not C), k8s (= Kubernetes), no Java.
        "wanted": JobFactory(title="Back-End Developer", description="<p>C# and Kubernetes.</p>"),
        "variant": JobFactory(title="Senior Backend Engineer", description="<p>C# on k8s.</p>"),
        # Not found: C is not C#; no back end; Java excluded.
        "c": JobFactory(title="Backend Developer", description="<p>C and Kubernetes.</p>"),
        "front": JobFactory(title="Frontend Developer", description="<p>C# and k8s.</p>"),
        "java": JobFactory(title="Back End Engineer", description="<p>C#, Java, k8s.</p>"),
    }
    job_search_sync(job_ids=[job.pk for job in jobs.values()])
    return {name: job.pk for name, job in jobs.items()}


def feed_ids(body: bytes) -> set[int]:
    items = ElementTree.fromstring(body).iter("item")  # noqa: S314 (our own feed)
    links = [item.findtext("link") or "" for item in items]
    return {int(JOB_LINK.search(link).group(1)) for link in links}  # type: ignore[union-attr]


def test_an_odd_query_finds_the_same_jobs_through_every_way_in(board, client):
    wanted = {board["wanted"], board["variant"]}
    page = client.get("/jobs", {"q": ODD_QUERY}).content.decode()
    results = page[page.index('id="results"') :]
    assert {int(found) for found in JOB_LINK.findall(results)} == wanted

    v1 = client.get("/api/v1/jobs", {"q": ODD_QUERY}).json()
    assert {job["id"] for job in v1["jobs"]} == wanted

    jobicy = client.get("/api/v2/remote-jobs", {"tag": ODD_QUERY}).json()
    assert {job["id"] for job in jobicy["jobs"]} == wanted

    assert feed_ids(client.get("/jobs/feed", {"tag": ODD_QUERY}).content) == wanted
    assert feed_ids(client.get("/feed/job_feed", {"tag": ODD_QUERY}).content) == wanted

    params = QueryDict(mutable=True)
    params["q"] = ODD_QUERY
    alert = alert_create(user=UserFactory(), params=params)
    facts = job_facts(job_ids=board.values(), now=timezone.now())
    matched = match([(alert.pk, Criteria.from_json(alert.criteria))], facts).as_dict()
    assert set(matched[alert.pk]) == wanted
