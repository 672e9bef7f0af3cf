"""What the site does when a service it needs fails, and after it comes back
(docs/operations.md, "When a service fails").

Each fault is made on a private server of the test's own (tests/servers.py), never on the
shared PostgreSQL or Redis of the machine.
"""

from __future__ import annotations

import pytest
import requests

from tests.servers import AppServer, app_env


@pytest.fixture
def app_on_private_postgres(postgres_cluster, tmp_path):
    server = AppServer(app_env(postgres_cluster.url(), VAR_DIR=str(tmp_path)))
    server.start()
    yield postgres_cluster, server
    server.stop()


@pytest.mark.postgres
def test_a_postgres_restart_answers_503_and_the_app_reconnects_by_itself(
    app_on_private_postgres,
):
    cluster, server = app_on_private_postgres
    # Every thread of the server holds a connection from before the restart.
    for _ in range(8):
        assert requests.get(server.url("/jobs"), timeout=10).status_code == 200
        assert requests.get(server.url("/api/v1/jobs"), timeout=10).status_code == 200

    cluster.stop()
    page = requests.get(server.url("/jobs"), timeout=10)
    assert page.status_code == 503
    assert page.headers["Retry-After"] == "10"
    assert "Back in a moment" in page.text and "Traceback" not in page.text
    api = requests.get(server.url("/api/v1/jobs"), timeout=10)
    assert api.status_code == 503
    assert api.json()["error"]["code"] == "unavailable"
    assert api.headers["Retry-After"] == "10"
    ready = requests.get(server.url("/readyz"), timeout=10)
    assert ready.status_code == 503 and ready.json()["failing"] == ["database"]

    cluster.start()
    # No restart of the app: each request after the database is back is served.
    for _ in range(8):
        assert requests.get(server.url("/jobs"), timeout=10).status_code == 200
        assert requests.get(server.url("/api/v1/jobs"), timeout=10).status_code == 200
    assert requests.get(server.url("/readyz"), timeout=10).status_code == 200
