"""Running careerboard as a separate process, the way `make run` does, in a throwaway var/ dir."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def embedded_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh `make run`: SQLite under var_dir, nothing else configured."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "EMAIL_URL",
            "SECRET_KEY",
            "TASKS_BACKEND",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="careerboard.config.settings", **extra)
    return env


def manage(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
