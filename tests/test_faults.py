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
    # The database task backend keeps its queue in that database, so the queue is down too.
    assert ready.status_code == 503 and ready.json()["failing"] == ["database", "task_queue"]

    cluster.start()
    # No restart of the app: each request after the database is back is served.
    for _ in range(8):
        assert requests.get(server.url("/jobs"), timeout=10).status_code == 200
        assert requests.get(server.url("/api/v1/jobs"), timeout=10).status_code == 200
    assert requests.get(server.url("/readyz"), timeout=10).status_code == 200


@pytest.fixture
def cache_on_private_redis(settings, private_redis, monkeypatch):
    settings.CACHES = {
        "default": {
            "BACKEND": "careerboard.core.cache.FallbackRedisCache",
            "LOCATION": private_redis.url,
            "KEY_PREFIX": "careerboard",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    # Try Redis again soon after a failure, so the test sees the return within a second.
    monkeypatch.setattr("careerboard.core.cache.RETRY_SECONDS", 0.2)
    return private_redis


def redis_keys(server) -> list[bytes]:
    import redis

    return redis.Redis.from_url(server.url).keys("careerboard:*")


@pytest.mark.redis
@pytest.mark.django_db
def test_the_site_keeps_serving_while_redis_is_down(cache_on_private_redis, client):
    import time

    from careerboard.accounts.tests.helpers import PASSWORD
    from careerboard.core.tests.factories import JobFactory, UserFactory
    from careerboard.jobs.indexing import job_search_sync

    server = cache_on_private_redis
    UserFactory(email="ada@example.com")
    job_search_sync(job_ids=[JobFactory(title="Zebra Keeper").id])
    pages = ["/", "/jobs?q=zebra", "/api/v1/jobs?q=zebra", "/pricing", "/account/"]

    def serves_every_page() -> None:
        for path in pages:
            response = client.get(path)
            assert response.status_code == 200, path
        assert "Zebra Keeper" in client.get("/jobs?q=zebra").content.decode()

    assert (
        client.post("/account/login/", {"email": "ada@example.com", "password": PASSWORD})[
            "Location"
        ]
        == "/applications/"
    )
    serves_every_page()
    assert redis_keys(server)  # the pages and the log-in's limits used Redis

    server.stop()
    serves_every_page()  # still signed in: sessions are in the database
    # Rate limits still hold, counted in this process: the lockout after 5 failures.
    for _ in range(4):
        response = client.post("/account/login/", {"email": "x@example.com", "password": "no"})
        assert response.status_code == 400
    response = client.post("/account/login/", {"email": "x@example.com", "password": "no"})
    assert response.status_code == 429

    server.start()
    time.sleep(0.3)
    serves_every_page()
    assert redis_keys(server)  # the fresh Redis is used again


@pytest.mark.smtp
# The worker closes its connections between tasks: on PostgreSQL that would end a test's
# enclosing transaction, so this test commits.
@pytest.mark.django_db(transaction=True)
def test_mails_wait_while_smtp_is_down_and_go_once_when_it_is_back(smtp_server, run_tasks):
    """Account and job mails (alert mails have their own outbox, alerts/tests/test_delivery)."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from careerboard.accounts.tasks import mail_email_verification, mail_password_reset
    from careerboard.core.tests.factories import JobFactory, UserFactory
    from careerboard.jobs.tasks import job_mail_poster

    person = UserFactory(email="ada@example.com")
    employer = UserFactory(email="boss@example.com")
    job = JobFactory(title="Zebra Keeper", posted_by=employer)
    smtp_server.stop()
    mail_email_verification.enqueue(person.id)
    mail_password_reset.enqueue(person.id)
    job_mail_poster.enqueue(job.id, "approved")

    assert run_tasks() == 3
    assert smtp_server.messages == []
    # Each task ended well and queued itself again for later, in a minute.
    retries = DBTaskResult.objects.filter(status="READY")
    assert retries.count() == 3
    assert all(retry.run_after > timezone.now() for retry in retries)
    assert run_tasks() == 0  # not before their time

    smtp_server.restart()
    retries.update(run_after=timezone.now())  # the minute has passed
    assert run_tasks() == 3
    assert run_tasks() == 0
    subjects = sorted((m["To"], m["Subject"]) for m in smtp_server.messages)
    assert subjects == [
        ("ada@example.com", "Confirm your email address for careerboard"),
        ("ada@example.com", "Reset your careerboard password"),
        ("boss@example.com", "Your job “Zebra Keeper” is live"),
    ]
    assert not DBTaskResult.objects.filter(status="FAILED").exists()


class HoldingSmtpSink:
    """An SMTP server that holds each client at RCPT while `holding`: the mail task is then
    mid-send, with nothing delivered, for as long as the test likes."""

    def __init__(self) -> None:
        import threading

        from aiosmtpd.controller import Controller

        from tests.helpers import free_port

        self.messages: list[bytes] = []
        self.holding = True
        self.reached = threading.Event()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        import asyncio

        self.reached.set()
        while self.holding:
            await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.original_content)
        return "250 OK"


ENQUEUE_RESET_MAIL = """
from careerboard.accounts.tasks import mail_password_reset
from careerboard.core.tests.factories import UserFactory
print(mail_password_reset.enqueue(UserFactory(email="ada@example.com").id).id)
"""

RECOVER = """
from io import StringIO
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

def work():
    call_command("db_worker", "--batch", "--interval", "0", verbosity=0)
    print(DBTaskResult.objects.get().status)

def recover():
    out = StringIO()
    call_command("requeue_stale_tasks", "--older-than", "0", stdout=out)
    print(out.getvalue().split()[0])

work(); recover(); work(); recover()
"""


@pytest.mark.smtp
def test_a_task_whose_worker_is_killed_runs_again_and_its_mail_goes_once(
    postgres_cluster, tmp_path
):
    import signal
    import subprocess
    import sys

    from tests.helpers import ROOT
    from tests.servers import app_shell

    sink = HoldingSmtpSink()
    sink.controller.start()
    env = app_env(
        postgres_cluster.url(),
        EMAIL_URL=f"smtp://127.0.0.1:{sink.port}",
        VAR_DIR=str(tmp_path),
    )
    task_id = app_shell(env, ENQUEUE_RESET_MAIL).strip()

    def status() -> str:
        rows = postgres_cluster.sql(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = %s", (task_id,)
        )
        return rows[0][0]

    try:
        worker = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "db_worker", "--interval", "0.1"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert sink.reached.wait(30), "the worker never reached the SMTP server"
        assert status() == "RUNNING"
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        sink.holding = False
        assert status() == "RUNNING"
        # A worker does not take it again; the periodic recovery (every 5 minutes, for tasks
        # running over 30) puts it back in the queue, once.
        assert app_shell(env, RECOVER).split() == ["RUNNING", "1", "SUCCESSFUL", "0"]
        assert len(sink.messages) == 1
        assert b"Reset your careerboard password" in sink.messages[0]
    finally:
        sink.holding = False
        sink.controller.stop()
