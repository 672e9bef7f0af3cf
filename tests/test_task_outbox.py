"""Writes that enqueue mail keep working while the task queue is down (core/outbox.py): on RQ
with its private Redis stopped, sign-up, a password reset and the applicant-move API answer as
usual, their mails wait in the outbox, and go (once) when Redis is back. /readyz names the
stopped queue."""

from __future__ import annotations

import contextlib
import socket
import time

import pytest
from django.test import Client

from careerboard.accounts.tests.helpers import PASSWORD
from careerboard.applications.tests.conftest import applied, bearer, private_dir
from careerboard.core.models import TaskOutbox
from careerboard.core.outbox import outbox_relay
from careerboard.core.tests.factories import JobFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.redis, pytest.mark.smtp, pytest.mark.django_db(transaction=True)]

__all__ = ["private_dir"]  # the applications' résumé storage, for the application made here


@pytest.fixture
def rq_on_private_redis(settings, private_redis):
    """TASKS_BACKEND=rq, as in production, on a Redis of the test's own."""
    settings.RQ_QUEUES = {"default": {"URL": private_redis.url}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    return private_redis


def work_the_queue() -> None:
    """One RQ worker, as `manage.py task_worker --burst` runs it."""
    import django_rq

    from careerboard.core.management.commands.task_worker import TaskWorker

    worker = django_rq.get_worker(
        "default", job_class="django_tasks_rq.backend.Job", worker_class=TaskWorker
    )
    worker.work(burst=True)


def test_writes_succeed_while_redis_is_down_and_their_mails_go_when_it_is_back(
    rq_on_private_redis, smtp_server
):
    redis_server = rq_on_private_redis
    employer = MembershipFactory(user__email="hiring@acme.example", company__name="Acme").user
    job = JobFactory(company=employer.memberships.get().company, title="Payments Engineer")
    seeker = UserFactory(email="ada@example.com", name="Ada Lovelace")
    application = applied(seeker, job)
    auth = bearer(employer)
    redis_server.stop()

    signup = Client().post(
        "/account/signup/",
        {"email": "new@example.com", "password": PASSWORD, "role": "seeker", "name": "New"},
    )
    assert signup.status_code == 302
    reset = Client().post("/account/password-reset/", {"email": "ada@example.com"})
    assert reset.status_code == 200
    moved = Client().post(
        f"/api/v1/applications/jobs/{job.pk}/applicants/{application.pk}/move",
        {"status": "interview", "message": "Pick a slot"},
        "application/json",
        **auth,
    )
    assert moved.status_code == 200 and moved.json()["status"] == "interview"

    waiting = sorted(entry.task.rsplit(".", 1)[1] for entry in TaskOutbox.objects.all())
    assert waiting == [
        "application_mail_status_change",
        "mail_email_verification",
        "mail_password_reset",
    ]
    assert all("ConnectionError" in entry.last_error for entry in TaskOutbox.objects.all())
    assert smtp_server.messages == []

    redis_server.start()
    # The scheduler's relay, once each entry's backoff has passed.
    TaskOutbox.objects.update(next_attempt_at=TaskOutbox.objects.earliest("pk").created_at)
    assert outbox_relay() == 3
    assert not TaskOutbox.objects.exists()
    work_the_queue()
    assert sorted((m["To"], m["Subject"]) for m in smtp_server.messages) == [
        ("ada@example.com", "Reset your careerboard password"),
        ("ada@example.com", "Your application for Payments Engineer at Acme: Interview"),
        ("new@example.com", "Confirm your email address for careerboard"),
    ]
    assert outbox_relay() == 0
    work_the_queue()
    assert len(smtp_server.messages) == 3


@pytest.fixture
def black_holed_redis_url():
    """A Redis address whose host drops connection attempts instead of refusing them: a listener
    with a full accept queue, so the kernel drops every further SYN and a connect only ends by
    timing out (about two minutes of retries without a connect timeout)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(2):
        filler = socket.socket()
        filler.settimeout(0.2)
        with contextlib.suppress(TimeoutError):  # the second filler already waits
            filler.connect(("127.0.0.1", port))
        fillers.append(filler)
    yield f"redis://127.0.0.1:{port}/0"
    for each in [*fillers, listener]:
        each.close()


def test_a_write_answers_promptly_when_the_redis_host_drops_packets(
    black_holed_redis_url, settings
):
    settings.RQ_QUEUES = {"default": {"URL": black_holed_redis_url}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    started = time.monotonic()
    signup = Client().post(
        "/account/signup/",
        {"email": "new@example.com", "password": PASSWORD, "role": "seeker", "name": "New"},
    )
    elapsed = time.monotonic() - started
    assert signup.status_code == 302
    # redis-py's connect timeout (5 s by default in the pinned redis-py 8) ended the attempt, not the
    # kernel's SYN retries (about 130 s); the confirmation mail waits in the outbox.
    assert elapsed < 60
    (waiting,) = TaskOutbox.objects.all()
    assert waiting.task.endswith("mail_email_verification")
    assert "Timeout" in waiting.last_error


def test_readyz_answers_503_when_the_rq_queue_is_down(rq_on_private_redis, client):
    assert client.get("/readyz").status_code == 200
    rq_on_private_redis.stop()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["task_queue"]


def test_the_scheduler_and_metrics_outlive_a_stopped_queue_and_the_outbox_drains_after(
    rq_on_private_redis, client, settings
):
    from io import StringIO

    from django.core.management import call_command

    from careerboard.core.tests.prometheus import sample

    settings.METRICS_TOKEN = "scrape-me"
    rq_on_private_redis.stop()
    Client().post("/account/password-reset/", {"email": "nobody@example.com"})
    UserFactory(email="ada@example.com")
    Client().post("/account/password-reset/", {"email": "ada@example.com"})
    # The scheduler offers its periodic commands again later instead of dying.
    out = StringIO()
    call_command("scheduler", "--once", stdout=out)
    assert "enqueued" not in out.getvalue()
    metrics = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-me")
    assert metrics.status_code == 200
    text = metrics.content.decode()
    assert sample(text, "careerboard_task_outbox_waiting") == 1
    assert "careerboard_task_queue_depth{" not in text

    rq_on_private_redis.start()
    TaskOutbox.objects.update(next_attempt_at=TaskOutbox.objects.get().created_at)
    call_command("scheduler", "--once", stdout=out)
    assert "relayed 1 task(s) from the outbox" in out.getvalue()
    text = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-me").content.decode()
    assert sample(text, "careerboard_task_outbox_waiting") == 0
    # The periodic commands and the reset mail, waiting for a worker.
    assert sample(text, "careerboard_task_queue_depth", queue="default") >= 2
