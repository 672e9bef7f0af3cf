from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


def metrics_dir() -> Path:
    """The files in which every process started here keeps its /metrics figures
    (core/metrics.py), emptied at start: they count from this start on."""
    path = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or settings.VAR_DIR / "metrics")
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink()
    return path


def _stop_with_parent() -> None:
    """In the child: ask Linux to send SIGTERM when `serve` dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


class Command(BaseCommand):
    help = (
        "Serve the site with gunicorn, with its task worker and scheduler; Ctrl-C stops all three."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))

    def handle(self, *args, host: str, port: int, workers: int, **options):
        python = sys.executable
        manage = [python, "-m", "django"]
        commands = {
            "web": [
                python,
                "-m",
                "gunicorn",
                "--config",
                "python:careerboard.config.gunicorn",
                "careerboard.config.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers),
                "--forwarded-allow-ips",
                os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            ],
            "worker": [*manage, "task_worker"],
            "scheduler": [*manage, "scheduler"],
        }
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "careerboard.config.settings",
            "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir()),
        }
        # Our own fixed command lines: nothing from a user reaches them.
        children = {
            name: subprocess.Popen(command, env=env, preexec_fn=_stop_with_parent)  # noqa: S603
            for name, command in commands.items()
        }
        self.stdout.write(f"careerboard is serving at http://{host}:{port}/ (Ctrl-C stops it)")

        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        exit_code = 0
        # If any one process dies the product is incomplete, so everything stops with it.
        while not stopping:
            for name, child in children.items():
                if child.poll() is not None:
                    self.stderr.write(f"{name} exited with {child.returncode}; stopping the rest")
                    exit_code = child.returncode or 1
                    stopping = True
            time.sleep(0.2)
        for child in children.values():
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + 15
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
        sys.exit(exit_code)
