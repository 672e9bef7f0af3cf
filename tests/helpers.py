"""Running careerboard as a separate process, the way `make run` does, in a throwaway var/ dir."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# What configures an app process; a test's own settings must not leak into one it starts.
APP_VARIABLES = frozenset(
    {
        "DATABASE_URL",
        "DATABASE_TEST_NAME",
        "DATABASE_REPLICA_URLS",
        "REDIS_URL",
        "EMAIL_URL",
        "SECRET_KEY",
        "TASKS_BACKEND",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
)


def app_process_env(**settings: str) -> dict[str, str]:
    """This environment without the app's own variables, with production settings and these."""
    env = {k: v for k, v in os.environ.items() if k not in APP_VARIABLES}
    # This checkout's code, not whichever one the virtualenv's editable install points at.
    paths = [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    env.update(
        DJANGO_SETTINGS_MODULE="careerboard.config.settings",
        PYTHONPATH=os.pathsep.join(paths),
        **settings,
    )
    return env


def embedded_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh `make run`: SQLite under var_dir, nothing else configured."""
    return app_process_env(VAR_DIR=str(var_dir), **extra)


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


def account_menu(page, name: str, role: str = "link") -> None:
    """Choose `name` in the header's Account menu (a disclosure on every width), opening it."""
    menu = page.locator(".account-menu")
    if not menu.evaluate("element => element.open"):
        menu.locator("summary").click()
    menu.get_by_role(role, name=name, exact=True).click()
