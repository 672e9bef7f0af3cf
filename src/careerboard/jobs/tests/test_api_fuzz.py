"""A schemathesis smoke run over the public read endpoints: generated input never gets a 500."""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from careerboard.core.tests.factories import JobFactory
from careerboard.search.services import search_rebuild

pytestmark = pytest.mark.django_db
PUBLIC = re.compile(r"^/api/v1/(jobs|companies|taxonomies)")


@pytest.fixture
def keep_connection():
    """The WSGI app closes the database connection after each request, which would end the
    test's transaction; Django's own test client unhooks the same signals."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_generated_queries_get_an_answer_not_a_server_error(keep_connection):
    JobFactory(industries=["engineering"], regions=["europe"])
    search_rebuild()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [
        result.ok()
        for result in schema.get_all_operations()
        if result.ok().method.upper() == "GET" and PUBLIC.match(result.ok().path)
    ]
    assert len(operations) == 5

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
        def answers(case):
            response = case.call()
            assert response.status_code < 500, (case.path, case.query, response.text[:300])

        answers()
