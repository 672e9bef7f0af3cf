from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from careerboard.core.supervisor import Supervisor


def metrics_dir() -> Path:
    """The files in which every process started here keeps its /metrics figures
    (core/metrics.py), emptied at start: they count from this start on."""
    path = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or settings.VAR_DIR / "metrics")
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink()
    return path


def mail_destination() -> str:
    """Where this site's mail goes, said at start so a newcomer can find the links in it."""
    backend = settings.EMAIL_BACKEND
    if backend == "django.core.mail.backends.filebased.EmailBackend":
        return (
            f"Mail is not sent: each message is written to {getattr(settings, 'EMAIL_FILE_PATH', '')}/ "
            f"(staff read it at {settings.SITE_URL}/staff/outbox); set EMAIL_URL to send it."
        )
    if backend == "django.core.mail.backends.console.EmailBackend":
        return "Mail is printed on this console (EMAIL_URL=console://)."
    return f"Mail is sent through {getattr(settings, 'EMAIL_HOST', '?')} (EMAIL_URL)."


class Command(BaseCommand):
    help = (
        "Serve the site with gunicorn, with its task worker and scheduler, restarting any that "
        "dies; Ctrl-C stops all three."
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
        supervisor = Supervisor(commands, env=env, log=self.stderr.write)
        supervisor.start()
        self.stdout.write(f"careerboard is serving at http://{host}:{port}/ (Ctrl-C stops it)")
        self.stdout.write(mail_destination())

        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        # A child that dies is restarted and the others keep serving (core/supervisor.py).
        while not stopping and not supervisor.gave_up:
            supervisor.check()
            time.sleep(0.2)
        supervisor.stop()
        sys.exit(1 if supervisor.gave_up else 0)
