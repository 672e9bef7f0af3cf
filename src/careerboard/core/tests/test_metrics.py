"""/metrics in one process: who may read it, and that its figures move with what happens.

The same figures across gunicorn's processes and a separate worker (multiprocess mode) are
tested in tests/test_operations.py."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from careerboard.alerts.tests.helpers import live_job, make_alert
from careerboard.core.tasks import run_periodic_command
from careerboard.core.tests.factories import UserFactory
from careerboard.core.tests.prometheus import sample

pytestmark = pytest.mark.django_db
TOKEN = "scrape-me-0123456789"
RUN_PERIODIC = "careerboard.core.tasks.run_periodic_command"


@pytest.fixture
def scrape(client, settings):
    settings.METRICS_TOKEN = TOKEN

    def read() -> str:
        response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain; version=")
        return response.content.decode()

    return read


def test_metrics_are_a_404_without_the_token(client, settings):
    settings.METRICS_TOKEN = TOKEN
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    assert client.get("/metrics", headers={"Authorization": TOKEN}).status_code == 200
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_a_request_raises_its_route_histogram_by_one(client, scrape):
    count = "careerboard_http_request_duration_seconds_count"
    before = sample(scrape(), count, route="healthz", method="GET", status="200")
    client.get("/healthz")
    after = scrape()
    assert sample(after, count, route="healthz", method="GET", status="200") == before + 1
    # Paths that match no route share one series instead of one per path.
    unmatched = sample(after, count, route="unmatched", method="GET", status="404")
    client.get("/no-such-page-123")
    assert sample(scrape(), count, route="unmatched", method="GET", status="404") == unmatched + 1


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when done
def test_queue_depth_and_failures_follow_the_queue(scrape, run_tasks):
    depth = "careerboard_task_queue_depth"
    assert sample(scrape(), depth, queue="default") == 0
    run_periodic_command.enqueue("expire_jobs")
    run_periodic_command.enqueue("no_such_command")
    assert sample(scrape(), depth, queue="default") == 2
    failed_before = sample(
        scrape(), "careerboard_tasks_finished_total", task=RUN_PERIODIC, status="FAILED"
    )

    run_tasks()
    text = scrape()
    assert sample(text, depth, queue="default") == 0
    assert sample(text, "careerboard_task_queue_failed", queue="default") == 1
    finished = "careerboard_tasks_finished_total"
    assert sample(text, finished, task=RUN_PERIODIC, status="FAILED") == failed_before + 1


@pytest.mark.django_db(transaction=True)
def test_alert_matches_mails_sent_and_searches_are_counted(scrape, smtp_server, run_tasks):
    make_alert(UserFactory(email="ada@example.com"), "q=python", frequency="instant")
    make_alert(UserFactory(email="bob@example.com"), "q=python", frequency="instant")
    live_job(title="Python Developer")
    before = scrape()

    call_command("send_instant_alerts", verbosity=0)
    run_tasks()
    assert Client().get("/jobs?q=python").status_code == 200
    after = scrape()
    assert len(smtp_server.messages) == 2
    matches, sent = "careerboard_alert_matches_total", "careerboard_alert_mails_sent_total"
    assert sample(after, matches, frequency="instant") == (
        sample(before, matches, frequency="instant") + 2
    )
    assert sample(after, sent) == sample(before, sent) + 2
    assert _search_count(after) == _search_count(before) + 1


def _search_count(text: str) -> float:
    """Searches timed, whichever backend ran them."""
    return sum(
        found.value
        for family in text_string_to_metric_families(text)
        for found in family.samples
        if found.name == "careerboard_search_duration_seconds_count"
    )
