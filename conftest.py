"""Fixtures shared by every test: real services or a clear skip (a failure under CI=true)."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path
from urllib.parse import urlparse

import pytest
from hypothesis import HealthCheck, settings

IN_CI = os.environ.get("CI", "").lower() == "true"

# Hypothesis's timing checks (a 200 ms deadline per example, "data generation too slow") measure
# the machine, not our code: CI shares two cores with other work, and those checks failed tests
# whose behaviour was right. What a property test asserts is unchanged.
settings.register_profile(
    "shared-machine", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("shared-machine")
ARTIFACTS = Path(__file__).parent / "var" / "test-artifacts"


def need(condition: bool, reason: str) -> None:
    """Skip a test whose service is missing, but fail it in CI, where every service must be up."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


def port_open(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), 1
        ):
            return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests flush every table afterwards, data migrations' rows included; put
    the reference data (vocabularies, exchange rates, plans) back before each such test."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        from careerboard.billing.services import plans_sync
        from careerboard.jobs.salary import exchange_rates_load
        from careerboard.taxonomy.services import taxonomy_sync

        taxonomy_sync()
        exchange_rates_load()
        plans_sync()


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    need(port_open(url, 6379), f"Redis is not reachable at {url}")
    return url


@pytest.fixture
def on_postgres(db) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("runs on PostgreSQL only (set DATABASE_URL=postgres://...)")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    need(path is not None, "Debian's chromium is not installed (make test installs it as root)")
    return path  # type: ignore[return-value]


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser page; `@pytest.mark.browser_context(**options)` passes options to
    Playwright's new_context (bypass_csp=True, java_script_enabled=False, ...)."""
    marker = request.node.get_closest_marker("browser_context")
    options = marker.kwargs if marker else {}
    context = browser.new_context(**({"viewport": {"width": 1280, "height": 900}} | options))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    page.js_errors = errors
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


class SmtpSink:
    """A real SMTP server (aiosmtpd) on a free loopback port that keeps what it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller
        from tests.helpers import free_port

        self.messages: list = []
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 OK"

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def restart(self) -> None:
        """Serve again on the same port after stop(), as a server back from an outage (a
        stopped controller cannot start again: its event loop is closed)."""
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()


@pytest.fixture
def smtp_server(settings):
    """Mail goes out through real SMTP to this server for the length of the test."""
    sink = SmtpSink()
    sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    sink.stop()


@pytest.fixture
def run_tasks():
    """Run every queued background task now, as the worker would; returns how many ran."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    def run() -> int:
        before = DBTaskResult.objects.exclude(status="READY").count()
        call_command("db_worker", "--batch", "--interval", "0", verbosity=0)
        return DBTaskResult.objects.exclude(status="READY").count() - before

    return run


@pytest.fixture(scope="session")
def postgres_template():
    """A migrated PostgreSQL cluster of our own, made once per session (tests/servers.py)."""
    from tests.servers import migrated_template, pg_available

    need(
        pg_available(),
        "PostgreSQL 15's binaries are not in /usr/lib/postgresql/15/bin (as root: or there is "
        "no `postgres` account to run them as)",
    )
    cluster = migrated_template()
    yield cluster
    cluster.destroy()


@pytest.fixture
def postgres_cluster(postgres_template):
    """A private, running PostgreSQL (never the shared one) with the migrated `careerboard`
    database, that the test may stop, restart or give a standby."""
    cluster = postgres_template.copy()
    cluster.start()
    yield cluster
    cluster.destroy()


@pytest.fixture
def private_redis():
    """A private redis-server on a port of its own, which the test may stop and start."""
    from tests.servers import RedisServer

    need(shutil.which("redis-server") is not None, "redis-server is not installed")
    server = RedisServer()
    server.start()
    yield server
    server.stop()
