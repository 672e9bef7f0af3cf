"""`make run`'s server as a person gets it: gunicorn, worker and scheduler over an SQLite file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.helpers import ROOT, embedded_env, free_port, manage


def fetch(url: str) -> tuple[int, bytes, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("var")
    env = embedded_env(var_dir)
    for args in (
        ("migrate", "--no-input", "-v", "0"),
        ("collectstatic", "--no-input", "-v", "0"),
        ("seed_demo", "--companies", "20", "--jobs", "200"),
    ):
        result = manage(*args, env=env)
        assert result.returncode == 0, result.stderr
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "serve", "--port", str(port), "--workers", "1"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if fetch(base + "/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("the server did not come up:\n" + process.communicate()[0])
    yield base, process, var_dir
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_children_stop_when_serve_is_killed_outright(tmp_path):
    """Even a SIGKILL of the supervisor (no chance to clean up) leaves no process behind."""
    env = embedded_env(tmp_path)
    assert manage("migrate", "--no-input", "-v", "0", env=env).returncode == 0
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            "serve",
            "--port",
            str(free_port()),
            "--workers",
            "1",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(3)
    process.kill()
    process.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        alive = subprocess.run(["pgrep", "-s", str(process.pid)], capture_output=True, text=True)
        if not alive.stdout.strip():
            return
        time.sleep(0.3)
    pytest.fail(f"processes outlived serve: {alive.stdout}")


def test_serves_home_page_static_files_and_is_ready(served):
    base, _, _ = served
    status, body, headers = fetch(base + "/")
    assert status == 200
    assert b"Latest remote jobs" in body
    assert headers["X-Request-ID"]
    status, body, _ = fetch(base + "/readyz")
    assert status == 200, body
    assert json.loads(body)["status"] == "ok"
    # whitenoise serves hashed static files with DEBUG off
    home = fetch(base + "/")[1].decode()
    css_path = home.split('rel="stylesheet" href="')[1].split('"')[0]
    assert css_path.startswith("/static/core/site.") and css_path.endswith(".css")
    assert fetch(base + css_path)[0] == 200


def test_debug_is_off_so_errors_show_our_404(served):
    base, _, _ = served
    status, body, _ = fetch(base + "/nothing-here")
    assert status == 404
    assert b"Page not found" in body
    assert b"Traceback" not in body


def test_worker_runs_what_the_scheduler_enqueues(served):
    _, _, var_dir = served
    code = (
        "from django_tasks_db.models import DBTaskResult;"
        "print(DBTaskResult.objects.filter(status='SUCCESSFUL').count())"
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        result = manage("shell", "-c", code, env=embedded_env(var_dir))
        if result.stdout.strip().splitlines()[-1] != "0":
            break
        time.sleep(0.5)
    else:
        pytest.fail("no periodic task ran on the worker within 30 s")


def test_ctrl_c_stops_every_process(served):
    _, process, _ = served
    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=30)
    # Nothing of the session (gunicorn master and workers, worker, scheduler) is left running.
    time.sleep(0.5)
    alive = subprocess.run(["pgrep", "-s", str(process.pid)], capture_output=True, text=True)
    assert alive.stdout.strip() == ""


def test_the_start_says_where_mail_goes(served):
    """A newcomer is told that mail is written to var/mail/ and where staff read it."""
    _, process, var_dir = served
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=30)
    said = process.stdout.read()
    assert f"each message is written to {var_dir}/mail/" in said
    assert "/staff/outbox" in said


def _children(pid: int, pattern: str = "") -> list[int]:
    args = ["pgrep", "-P", str(pid), *(["-f", pattern] if pattern else [])]
    found = subprocess.run(args, capture_output=True, text=True).stdout.split()
    return [int(child) for child in found]


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for whoever adopted it)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _wait_for(condition, seconds: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"{what} within {seconds} s")


@pytest.mark.redis
def test_a_killed_worker_is_restarted_its_scheduler_does_not_linger_and_the_site_stays_up(
    tmp_path, private_redis
):
    """On RQ the worker forks a scheduler that holds a Redis lock; kill -9 of the worker must
    neither take the web server down nor leave that scheduler running without it."""
    import redis

    env = embedded_env(tmp_path, TASKS_BACKEND="rq", REDIS_URL=private_redis.url)
    assert manage("migrate", "--no-input", "-v", "0", env=env).returncode == 0
    port = free_port()
    serve = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "serve", "--port", str(port), "--workers", "1"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    lock_key = "rq:scheduler-lock:default"
    queue = redis.Redis.from_url(private_redis.url)
    try:
        _wait_for(lambda: _up(base), 60, "the site came up")
        [worker] = _wait_for(lambda: _children(serve.pid, "task_worker"), 30, "a worker ran")
        [scheduler] = _wait_for(lambda: _children(worker), 30, "the worker forked its scheduler")
        holder = _wait_for(lambda: queue.get(lock_key), 30, "the scheduler took its lock")

        os.kill(worker, signal.SIGKILL)
        for _ in range(15):  # the site stays up all along
            assert _up(base) and serve.poll() is None
            time.sleep(0.2)
        _wait_for(lambda: not _running(scheduler), 15, "the dead worker's scheduler ended")
        [new_worker] = _wait_for(
            lambda: [pid for pid in _children(serve.pid, "task_worker") if pid != worker],
            30,
            "a new worker started",
        )
        _wait_for(lambda: _children(new_worker), 30, "the new worker forked its scheduler")
        new_holder = _wait_for(
            lambda: (queue.get(lock_key) or holder) != holder and queue.get(lock_key),
            30,
            "the new worker's scheduler took the lock",
        )
        assert new_holder != holder
        assert _up(base)
    finally:
        os.kill(serve.pid, signal.SIGTERM)
        assert serve.wait(timeout=40) == 0
    # Nothing of the session is left: not the web server, the worker or its scheduler.
    time.sleep(0.5)
    alive = subprocess.run(["pgrep", "-s", str(serve.pid)], capture_output=True, text=True)
    assert alive.stdout.strip() == ""


def _up(base: str) -> bool:
    try:
        return fetch(base + "/healthz")[0] == 200
    except OSError:
        return False
