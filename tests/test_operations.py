"""Production's shape on one machine: two app servers (gunicorn, two processes each) behind
nginx with deploy/nginx.conf.template, sharing sessions through PostgreSQL and the cache and
rate limits through Redis; task workers on RQ; /metrics added up over processes.

The servers and workers use the test run's PostgreSQL database (SQLite across processes is not
how production runs), so these tests run in the PostgreSQL pass (DATABASE_URL=postgres://…);
Redis is one of the databases 8-11, one per pytest-xdist worker, emptied before and after.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
import redis
import requests
import urllib3
from conftest import need, port_open
from django.utils import timezone
from rq import Worker

from careerboard.alerts.tests.helpers import live_job, make_alert
from careerboard.core.schedule import PERIODIC_COMMANDS
from careerboard.core.tests.factories import JobFactory, MembershipFactory, UserFactory
from careerboard.core.tests.prometheus import sample
from careerboard.jobs.models import Job
from tests.helpers import ROOT, embedded_env, free_port, manage
from tests.servers import Processes, start_nginx

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.redis,
]

PASSWORD = "correct horse battery"
METRICS_TOKEN = "ops-test-metrics-token"
# Production's hasher: the servers run the production settings, which do not read the tests' MD5.
ARGON2 = ["django.contrib.auth.hashers.Argon2PasswordHasher"]

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


# --- The machine ---------------------------------------------------------------------------


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2, verify=False).status_code == 200  # noqa: S501
    except requests.RequestException:
        return False


@dataclass
class Cluster:
    app_env: dict[str, str]  # the environment of every app process, as a deployment sets it
    servers: list[str]  # the two gunicorns, directly
    proxy: str  # nginx, https
    metrics_dirs: list[Path]  # PROMETHEUS_MULTIPROC_DIR of each server's "machine"
    redis_url: str
    logs: Path


@pytest.fixture(scope="module")
def ops_redis_url() -> Iterator[str]:
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    need(port_open(url, 6379), f"Redis is not reachable at {url}")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else 0
    own = urlparse(url)._replace(path=f"/{8 + number % 4}").geturl()
    client = redis.Redis.from_url(own)
    client.flushdb()
    yield own
    client.flushdb()


@pytest.fixture(scope="module")
def test_database_url(django_db_setup, django_db_blocker) -> str:
    """The test run's own PostgreSQL database, for the app processes to share with the test."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass (set DATABASE_URL=postgres://...)")
    db = connection.settings_dict
    credentials = quote(db["USER"] or "postgres") + (
        ":" + quote(db["PASSWORD"]) if db["PASSWORD"] else ""
    )
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def gunicorn(port: int) -> list[str]:
    """The web process as docs/operations.md runs it."""
    return [
        sys.executable, "-m", "gunicorn", "--config", "python:careerboard.config.gunicorn",
        "careerboard.config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2",
        "--forwarded-allow-ips", "127.0.0.1",
    ]  # fmt: skip


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, test_database_url, ops_redis_url) -> Iterator[Cluster]:
    tmp = tmp_path_factory.mktemp("ops")
    processes = Processes()
    ports = [free_port(), free_port()]
    try:
        proxy = start_nginx(processes, tmp, [f"127.0.0.1:{port}" for port in ports])
        app_env = embedded_env(
            tmp / "var",
            DATABASE_URL=test_database_url,
            REDIS_URL=ops_redis_url,
            TASKS_BACKEND="rq",
            SECRET_KEY="ops-test-secret-key-the-same-on-every-server-0123456789",
            SITE_URL=proxy,
            ALLOWED_HOSTS="localhost,127.0.0.1",
            BEHIND_PROXY="true",
            METRICS_TOKEN=METRICS_TOKEN,
            LOG_LEVEL="WARNING",
        )
        collected = manage("collectstatic", "--no-input", "-v", "0", env=app_env)
        assert collected.returncode == 0, collected.stderr
        metrics_dirs = []
        for number, port in enumerate(ports):
            metrics_dir = tmp / f"metrics-{number}"
            metrics_dir.mkdir()
            metrics_dirs.append(metrics_dir)
            processes.start(
                gunicorn(port),
                env={**app_env, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)},
                log=tmp / f"server-{number}.log",
            )
        servers = [f"http://127.0.0.1:{port}" for port in ports]
        for url in [*servers, proxy]:
            wait_for(lambda url=url: answers(url + "/healthz"), f"{url} to answer")
        yield Cluster(app_env, servers, proxy, metrics_dirs, ops_redis_url, tmp)
    finally:
        processes.stop()


@pytest.fixture
def processes() -> Iterator[Processes]:
    started = Processes()
    yield started
    started.stop()


# --- A browser of our own -----------------------------------------------------------------


class Visitor:
    """One person's cookies, sent to whichever server they reach. Direct to a server it says
    what nginx would (X-Forwarded-Proto: https), since the site is https."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, **kwargs) -> requests.Response:  # type: ignore[no-untyped-def]
        headers = {"X-Forwarded-Proto": "https", "Referer": self.cluster.proxy + "/"}
        response = requests.request(
            method,
            url,
            headers=headers,
            cookies=self.cookies,
            allow_redirects=False,
            timeout=10,
            verify=False,  # noqa: S501 - the test's own certificate
            **kwargs,
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def log_in(self, base: str, email: str, password: str) -> requests.Response:
        page = self.request("GET", base + "/account/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, page.text[:2000]
        return self.request(
            "POST",
            base + "/account/login/",
            data={"csrfmiddlewaretoken": token.group(1), "email": email, "password": password},
        )

    def signed_in_as(self, base: str) -> str | None:
        response = self.request("GET", base + "/account/")
        if response.status_code != 200:
            return None
        found = re.search(r"[\w.+-]+@example\.com", response.text)
        return found.group(0) if found else None


# --- Several app servers ------------------------------------------------------------------


def test_a_login_on_one_server_holds_on_the_other_and_through_nginx(cluster, settings):
    settings.PASSWORD_HASHERS = ARGON2
    UserFactory(email="ada@example.com", password=PASSWORD)
    first, second = cluster.servers
    ada = Visitor(cluster)

    response = ada.log_in(first, "ada@example.com", PASSWORD)
    assert response.status_code == 302, response.text[:2000]
    assert ada.signed_in_as(second) == "ada@example.com"
    assert ada.signed_in_as(cluster.proxy) == "ada@example.com"
    # Somebody else's cookies (none) are not signed in anywhere.
    assert Visitor(cluster).signed_in_as(second) is None


def test_the_login_lockout_counts_failures_on_every_server(cluster, settings):
    """Five wrong passwords lock the account for 15 minutes (accounts.services.limits), wherever they
    were typed: here on two servers of two processes each, and through nginx."""
    settings.PASSWORD_HASHERS = ARGON2
    UserFactory(email="bob@example.com", password=PASSWORD)
    first, second = cluster.servers
    attacker = Visitor(cluster)
    for base in (first, second, first, second):
        assert attacker.log_in(base, "bob@example.com", "wrong guess").status_code == 400
    # The fifth, through nginx to either server, locks the account.
    assert attacker.log_in(cluster.proxy, "bob@example.com", "wrong guess").status_code == 429

    refused = Visitor(cluster).log_in(first, "bob@example.com", PASSWORD)
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers
    assert Visitor(cluster).log_in(second, "bob@example.com", PASSWORD).status_code == 429


# --- Metrics ------------------------------------------------------------------------------


def scrape(base: str) -> str:
    response = requests.get(
        base + "/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=10
    )
    assert response.status_code == 200, response.text[:500]
    return response.text


def healthz_count(text: str) -> float:
    return sample(
        text,
        "careerboard_http_request_duration_seconds_count",
        route="healthz",
        method="GET",
        status="200",
    )


def test_metrics_add_up_every_process_of_a_server_and_stay_private(cluster):
    first = cluster.servers[0]
    before = healthz_count(scrape(first))
    # At once, so that both of the server's gunicorn processes answer some.
    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(lambda _: requests.get(first + "/healthz", timeout=5), range(40)))
    assert {response.status_code for response in statuses} == {200}
    assert len(list(cluster.metrics_dirs[0].glob("histogram_*.db"))) == 2
    assert healthz_count(scrape(first)) == before + 40

    assert requests.get(first + "/metrics", timeout=5).status_code == 404
    token = {"Authorization": f"Bearer {METRICS_TOKEN}"}
    proxied = requests.get(cluster.proxy + "/metrics", headers=token, timeout=5, verify=False)  # noqa: S501
    assert proxied.status_code == 404


# --- Task workers on Redis ----------------------------------------------------------------


def start_worker(processes: Processes, cluster: Cluster, smtp_port: int) -> None:
    """A worker on the first server's machine: its figures join that server's /metrics."""
    processes.start(
        [sys.executable, str(ROOT / "manage.py"), "task_worker"],
        env={
            **cluster.app_env,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "PROMETHEUS_MULTIPROC_DIR": str(cluster.metrics_dirs[0]),
        },
        log=cluster.logs / "worker.log",
    )


def run_scheduler_once(cluster: Cluster) -> None:
    result = manage("scheduler", "--once", env=cluster.app_env)
    assert result.returncode == 0, result.stderr


def queue_depth(cluster: Cluster) -> float:
    return sample(scrape(cluster.servers[0]), "careerboard_task_queue_depth", queue="default")


def test_rq_workers_run_the_periodic_commands_and_their_tasks_once_and_show_failures(
    cluster, processes, smtp_server
):
    make_alert(UserFactory(email="ada@example.com"), "q=python", frequency="instant")
    live_job(title="Python Developer")
    overdue = JobFactory(title="Old Listing", expires_at=timezone.now() - timedelta(hours=1))
    poster = MembershipFactory(user__email="poster@example.com").user
    expiring = JobFactory(
        title="Ending Soon",
        company=poster.memberships.get().company,
        posted_by=poster,
        expires_at=timezone.now() + timedelta(days=2),
    )

    before = scrape(cluster.servers[0])
    run_scheduler_once(cluster)
    assert queue_depth(cluster) == len(PERIODIC_COMMANDS)
    start_worker(processes, cluster, smtp_server.port)
    wait_for(lambda: len(smtp_server.messages) >= 2 and queue_depth(cluster) == 0, "the mails")
    overdue.refresh_from_db()
    assert overdue.status == Job.Status.EXPIRED

    # Every command again (as the scheduler does at its intervals): nothing goes twice.
    run_scheduler_once(cluster)
    wait_for(lambda: queue_depth(cluster) == 0, "the second round")
    time.sleep(1)  # mails would be sent by tasks the second round enqueued
    recipients = sorted(message["To"] for message in smtp_server.messages)
    assert recipients == ["ada@example.com", "poster@example.com"]
    alert_mail = next(m for m in smtp_server.messages if m["To"] == "ada@example.com")
    assert "Python Developer" in alert_mail.get_body(("plain",)).get_content()
    expiring.refresh_from_db()
    assert expiring.expiry_reminder_sent_at is not None

    after = scrape(cluster.servers[0])

    def rise(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    periodic = "careerboard.core.tasks.run_periodic_command"
    finished = "careerboard_tasks_finished_total"
    assert rise(finished, task=periodic, status="SUCCESSFUL") == 2 * len(PERIODIC_COMMANDS)
    assert rise(finished, task=periodic, status="FAILED") == 0
    assert rise("careerboard_alert_mails_sent_total") == 1
    assert rise("careerboard_alert_matches_total", frequency="instant") == 1

    # A task that fails shows at once, and stays on record until the daily prune.
    enqueued = manage(
        "shell",
        "-c",
        "from careerboard.core.tasks import run_periodic_command as t; t.enqueue('no_such')",
        env=cluster.app_env,
    )
    assert enqueued.returncode == 0, enqueued.stderr

    def failed() -> float:
        return sample(scrape(cluster.servers[0]), "careerboard_task_queue_failed", queue="default")

    wait_for(lambda: failed() == 1, "the failure to show")
    after = scrape(cluster.servers[0])
    assert rise(finished, task=periodic, status="FAILED") == 1
    pruned = manage("prune_task_results", "--min-age-days", "0", env=cluster.app_env)
    assert pruned.returncode == 0, pruned.stderr
    assert failed() == 0


def test_serve_runs_an_rq_worker_with_tasks_backend_rq(cluster, processes, tmp_path):
    overdue = JobFactory(title="Old Listing", expires_at=timezone.now() - timedelta(hours=1))
    port = free_port()
    (tmp_path / "metrics").mkdir()
    processes.start(
        [sys.executable, str(ROOT / "manage.py"), "serve", "--port", str(port), "--workers", "1"],
        env={**cluster.app_env, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics")},
        log=tmp_path / "serve.log",
    )

    # serve's scheduler enqueues every periodic command at start; its RQ worker expires the job.
    def expired() -> bool:
        overdue.refresh_from_db()
        return overdue.status == Job.Status.EXPIRED

    wait_for(expired, "serve's worker to expire the job")
    # An RQ worker registers itself in Redis (the database worker would not).
    assert len(Worker.all(connection=redis.Redis.from_url(cluster.redis_url))) == 1


def test_too_long_a_url_or_too_large_a_body_is_the_json_error_through_nginx(cluster):
    """gunicorn refuses a URL over 8 KB, nginx one over 16 KB and a body over 7 MB: each
    answer is the API's error shape, not an HTML page."""
    api = f"{cluster.proxy}/api/v1/jobs"
    for status, code, method, url, body in [
        (414, "uri_too_long", "GET", f"{api}?q={'x' * 12_000}", None),
        (414, "uri_too_long", "GET", f"{api}?q={'x' * 20_000}", None),
        (413, "too_large", "POST", api, b"x" * 8_000_000),
    ]:
        answer = requests.request(method, url, data=body, timeout=30, verify=False)  # noqa: S501
        assert answer.status_code == status, (url[:60], answer.text[:200])
        assert answer.headers["Content-Type"].startswith("application/json")
        assert answer.json()["error"]["code"] == code
        assert answer.json()["error"]["status"] == status
