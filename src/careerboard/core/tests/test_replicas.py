"""Which database each read goes to, as the replica router decides it (a real standby:
tests/test_replicas.py)."""

from __future__ import annotations

import time

import pytest
from django.db import router, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from careerboard.accounts.models import User
from careerboard.core.replicas import PIN_COOKIE, ReplicaRoutingMiddleware
from careerboard.jobs.models import Job
from careerboard.search.models import SearchEntry


@pytest.fixture
def one_replica(monkeypatch):
    monkeypatch.setattr("careerboard.core.replicas.replica_aliases", lambda: ["replica_0"])
    monkeypatch.setattr("careerboard.core.replicas._reachable", lambda alias: True)


def serve(request, view):
    """Run `view` behind the middleware; returns what it returned and the response."""
    seen = {}

    def respond(request):
        seen.update(view())
        return HttpResponse()

    response = ReplicaRoutingMiddleware(respond)(request)
    return seen, response


def reads() -> dict[str, str]:
    return {
        "job": router.db_for_read(Job),
        "entry": router.db_for_read(SearchEntry),
        "user": router.db_for_read(User),
    }


def test_a_get_reads_the_job_board_from_the_replica_and_the_rest_from_the_primary(one_replica):
    seen, response = serve(RequestFactory().get("/jobs"), reads)
    assert seen == {"job": "replica_0", "entry": "replica_0", "user": "default"}
    assert PIN_COOKIE not in response.cookies


def test_posts_and_reads_outside_requests_use_the_primary(one_replica):
    seen, _ = serve(RequestFactory().post("/jobs"), reads)
    assert set(seen.values()) == {"default"}
    assert set(reads().values()) == {"default"}  # the worker, commands


@pytest.mark.django_db
def test_reads_in_a_transaction_use_the_primary(one_replica):
    def in_transaction():
        with transaction.atomic():
            return reads()

    seen, _ = serve(RequestFactory().get("/jobs"), in_transaction)
    assert set(seen.values()) == {"default"}


def test_a_write_moves_the_rest_of_the_request_and_the_next_seconds_to_the_primary(
    one_replica, settings
):
    def write_then_read():
        assert router.db_for_write(Job) == "default"
        return reads()

    seen, response = serve(RequestFactory().get("/jobs"), write_then_read)
    assert set(seen.values()) == {"default"}
    pin = response.cookies[PIN_COOKIE]
    assert pin["max-age"] == settings.DATABASE_REPLICA_PIN_SECONDS and pin["httponly"]

    pinned = RequestFactory().get("/jobs")
    pinned.COOKIES[PIN_COOKIE] = pin.value
    assert set(serve(pinned, reads)[0].values()) == {"default"}
    expired = RequestFactory().get("/jobs")
    expired.COOKIES[PIN_COOKIE] = str(int(time.time()) - 1)
    assert serve(expired, reads)[0]["job"] == "replica_0"
    forged = RequestFactory().get("/jobs")
    forged.COOKIES[PIN_COOKIE] = "soon"
    assert serve(forged, reads)[0]["job"] == "replica_0"


def test_only_the_primary_is_migrated():
    assert router.allow_migrate("default", "jobs")
    assert not router.allow_migrate("replica_0", "jobs")


def test_an_unreachable_replica_sends_its_reads_to_the_primary(one_replica, monkeypatch):
    monkeypatch.setattr("careerboard.core.replicas._reachable", lambda alias: False)
    seen, _ = serve(RequestFactory().get("/jobs"), reads)
    assert set(seen.values()) == {"default"}
