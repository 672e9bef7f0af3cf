"""Read replicas against a real PostgreSQL streaming standby (docs/operations.md, "Read replicas").

The app runs as its own process on a private primary with DATABASE_REPLICA_URLS naming a hot
standby of it. Replay on the standby is paused, so a change made on the primary afterwards is
visible on the primary only: what a page shows then tells which database it read.
"""

from __future__ import annotations

import json
import time

import pytest
import requests

from tests.servers import AppServer, app_env, app_shell

pytestmark = pytest.mark.postgres

SETUP = """
import json
from django.test import Client
from careerboard.core.tests.factories import JobFactory, MembershipFactory
from careerboard.jobs.indexing import job_search_sync
membership = MembershipFactory()
job = JobFactory(company=membership.company, title="Quokka Wrangler", posted_by=membership.user)
job_search_sync(job_ids=[job.id])
client = Client()
client.force_login(membership.user)
print(json.dumps({"job_id": job.id, "session": client.cookies["sessionid"].value}))
"""

PIN_SECONDS = 3


def wait_until(condition, *, timeout: float = 20, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting until {what}")
        time.sleep(0.1)


@pytest.fixture
def replicated(postgres_cluster, tmp_path):
    standby = postgres_cluster.standby()
    env = app_env(
        postgres_cluster.url(),
        DATABASE_REPLICA_URLS=standby.url(),
        DATABASE_REPLICA_PIN_SECONDS=str(PIN_SECONDS),
        VAR_DIR=str(tmp_path),
    )
    server = AppServer(env)
    try:
        server.start()
        yield postgres_cluster, standby, server, env
    finally:
        server.stop()
        standby.destroy()


def shows_quokka(session: requests.Session, server: AppServer) -> bool:
    response = session.get(server.url("/jobs?q=quokka"), timeout=10)
    assert response.status_code == 200
    return "Quokka Wrangler" in response.text


def test_searches_read_the_replica_and_a_writer_reads_its_own_writes(replicated):
    primary, standby, server, env = replicated
    assert standby.sql("SELECT pg_is_in_recovery()") == [(True,)]
    made = json.loads(app_shell(env, SETUP))
    job_id = made["job_id"]
    wait_until(
        lambda: standby.sql("SELECT 1 FROM search_searchentry WHERE job_id = %s", (job_id,)),
        what="the standby replayed the new job",
    )
    standby.sql("SELECT pg_wal_replay_pause()")

    employer = requests.Session()
    employer.cookies.set("sessionid", made["session"])
    dashboard = employer.get(server.url("/employer/"), timeout=10)
    assert dashboard.status_code == 200 and "Quokka Wrangler" in dashboard.text
    closed = employer.post(
        server.url(f"/employer/jobs/{job_id}/close"),
        headers={"X-CSRFToken": employer.cookies["csrftoken"]},
        timeout=10,
    )
    assert closed.status_code == 200 and "is closed" in closed.text
    assert primary.sql("SELECT 1 FROM search_searchentry WHERE job_id = %s", (job_id,)) == []

    # The standby has not replayed the close: a visitor's search, read there, still finds the
    # job, in the page and the API alike.
    visitor = requests.Session()
    assert shows_quokka(visitor, server)
    api = visitor.get(server.url("/api/v1/jobs?q=quokka"), timeout=10).json()
    assert [job["id"] for job in api["jobs"]] == [job_id]
    # The employer wrote a moment ago: their reads go to the primary and see the job closed.
    assert not shows_quokka(employer, server)
    # Once the window is over the employer reads the replica again (stale, as replay is paused).
    time.sleep(PIN_SECONDS + 1)
    assert shows_quokka(employer, server)

    standby.sql("SELECT pg_wal_replay_resume()")
    wait_until(lambda: not shows_quokka(visitor, server), what="the replica caught up")

    # A replica that goes away: its reads go to the primary, no request fails.
    standby.stop()
    for _ in range(6):  # every thread of the server, each with its kept replica connection
        assert not shows_quokka(requests.Session(), server)
