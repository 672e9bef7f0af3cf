"""Private PostgreSQL clusters and Redis servers that a test may stop, restart or replicate;
nginx with the committed site configuration; the processes a test starts.

The shared services on 5432 and 6379 are used by every test run on the machine; a fault test
must never stop them. These run on their own ports, from their own directories under /tmp, and
go away with the test. PostgreSQL refuses to run as root, so as root its commands run as the
`postgres` account.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from conftest import need

from tests.helpers import ROOT, app_process_env, free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")
# Durability is not what these clusters test; without fsync, initdb and migrations are fast.
PG_OPTIONS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


def pg_available() -> bool:
    """The binaries, and as root a `postgres` account to run them as."""
    if not (PG_BIN / "pg_ctl").exists():
        return False
    if os.geteuid() != 0:
        return True
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return False
    return shutil.which("runuser") is not None


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _private_dir(prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")
    return path


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


class PostgresCluster:
    """One PostgreSQL server: a data directory and a port on 127.0.0.1 (TCP only)."""

    def __init__(self, data_dir: Path, port: int) -> None:
        self.data_dir = data_dir
        self.port = port

    def url(self, database: str = "careerboard") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _pg_ctl(self, *args: str) -> None:
        _run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data_dir), *args]))

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' {PG_OPTIONS}"
        self._pg_ctl("-o", options, "-l", str(self.data_dir / "server.log"), "-w", "start")

    def stop(self) -> None:
        """A fast shutdown: open connections are cut, as in a restart by an operator."""
        self._pg_ctl("-m", "fast", "-w", "stop")

    def sql(self, statement: str, params: tuple = (), database: str = "careerboard") -> list:
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True, connect_timeout=5) as conn:
            cursor = conn.execute(statement, params)
            return cursor.fetchall() if cursor.description else []

    def standby(self) -> PostgresCluster:
        """A hot standby streaming from this (running) cluster, started on a port of its own."""
        standby = PostgresCluster(_private_dir("careerboard-pg-standby-") / "data", free_port())
        _run(
            _as_postgres(
                [
                    str(PG_BIN / "pg_basebackup"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(self.port),
                    "-U",
                    "postgres",
                    "-D",
                    str(standby.data_dir),
                    "-R",  # standby.signal and primary_conninfo: start as a streaming replica
                    "-X",
                    "stream",
                    "-c",
                    "fast",
                ]
            )
        )
        standby.start()
        return standby

    def copy(self) -> PostgresCluster:
        """A new cluster with this (stopped) one's data, on a new port."""
        target = _private_dir("careerboard-pg-") / "data"
        _run(_as_postgres(["cp", "-a", str(self.data_dir), str(target)]))
        return PostgresCluster(target, free_port())

    def destroy(self) -> None:
        if (self.data_dir / "postmaster.pid").exists():
            subprocess.run(
                _as_postgres(
                    [str(PG_BIN / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "stop"]
                ),
                capture_output=True,
                check=False,
            )
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)


def migrated_template() -> PostgresCluster:
    """A stopped cluster holding the `careerboard` database with every migration applied:
    made once per test session, then copied for each test that needs a cluster."""
    cluster = PostgresCluster(_private_dir("careerboard-pg-template-") / "data", free_port())
    _run(
        _as_postgres(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(cluster.data_dir),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
            ]
        )
    )
    cluster.start()
    try:
        cluster.sql("CREATE DATABASE careerboard", database="postgres")
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--no-input", "-v", "0"],
            env=app_env(cluster.url()),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"migrate failed:\n{result.stderr}")
    finally:
        cluster.stop()
    return cluster


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of an app process (server, worker, manage.py) on a private database."""
    return app_process_env(
        DATABASE_URL=database_url, SECRET_KEY="private-server-tests-" + "x" * 40, **extra
    )


class RedisServer:
    """A redis-server of our own, without persistence, that can be stopped and started again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        import redis

        while time.monotonic() < deadline:
            try:
                redis.Redis.from_url(self.url).ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def app_shell(env: dict[str, str], code: str) -> str:
    """Run Python in `manage.py shell` with this environment; returns what it printed."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "--no-imports", "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py shell failed:\n{result.stderr}")
    return result.stdout


class AppServer:
    """The web app under gunicorn (one process, four threads, the production settings of
    config/gunicorn.py), as a separate process."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = {**env, "DJANGO_SETTINGS_MODULE": "careerboard.config.test_settings"}
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log = Path(tempfile.mkstemp(prefix="careerboard-app-", suffix=".log")[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> None:
        import requests

        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--config",
                    "python:careerboard.config.gunicorn",
                    "careerboard.config.wsgi",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    "1",
                    "--graceful-timeout",
                    "2",
                ],
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if requests.get(self.url("/healthz"), timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        output = self.log.read_text()[-5000:]
        self.stop()
        raise RuntimeError("the app did not come up:\n" + output)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.unlink(missing_ok=True)


NGINX_TEMPLATE = ROOT / "deploy" / "nginx.conf.template"


@dataclass
class Processes:
    """Processes started by a test, stopped (with their children) when it ends."""

    started: list[subprocess.Popen] = field(default_factory=list)

    def start(self, args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
        process = subprocess.Popen(
            args,
            env=env,
            cwd=ROOT,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.started.append(process)
        return process

    def stop(self) -> None:
        for process in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def nginx_binary() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def start_nginx(processes: Processes, tmp: Path, upstreams: list[str]) -> str:
    """nginx with the committed template, rendered as docs/operations.md says, on loopback
    ports with a throwaway certificate."""
    binary = nginx_binary()
    need(binary is not None, "Debian's nginx is not installed (make test installs it as root)")
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=localhost", "-keyout", str(tmp / "tls.key"), "-out", str(tmp / "tls.crt"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    https_port = free_port()
    values = {
        "SERVER_NAME": "localhost",
        "HTTP_LISTEN": f"127.0.0.1:{free_port()}",
        "HTTPS_LISTEN": f"127.0.0.1:{https_port}",
        "TLS_CERT": str(tmp / "tls.crt"),
        "TLS_KEY": str(tmp / "tls.key"),
        "APP_SERVERS": " ".join(f"server {upstream};" for upstream in upstreams),
        "VAR_DIR": str(tmp / "var"),
    }
    names = " ".join(f"${{{name}}}" for name in values)
    site = subprocess.run(
        ["envsubst", names],
        input=NGINX_TEMPLATE.read_text(),
        env={**os.environ, **values},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (tmp / "careerboard.conf").write_text(site)
    (tmp / "nginx.conf").write_text(
        # As root, nginx's workers would run as nobody, who cannot enter the test's private
        # directory for the proxy's buffers.
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"""daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 128; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/careerboard.conf;
}}
"""
    )
    processes.start(
        [binary, "-p", str(tmp), "-e", str(tmp / "nginx-error.log"), "-c", str(tmp / "nginx.conf")],
        env=dict(os.environ),
        log=tmp / "nginx.log",
    )
    return f"https://localhost:{https_port}"
