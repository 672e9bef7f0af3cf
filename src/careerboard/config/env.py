"""Reading settings from the environment, with the embedded defaults in one place."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
import dj_email_url

PROJECT_DIR = Path(__file__).resolve().parents[3]


def var_dir() -> Path:
    """Where the embedded default keeps its state (SQLite file, mail, uploads, secret key)."""
    path = Path(os.environ.get("VAR_DIR", PROJECT_DIR / "var"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def csv(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once into var/ and kept."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = var_dir() / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def databases() -> dict:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{var_dir() / 'careerboard.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # The server and the worker write to one file: WAL lets readers run beside a writer,
        # IMMEDIATE takes the write lock at BEGIN (no deadlock on lock upgrade), and the
        # timeout makes a second writer wait instead of failing with "database is locked".
        config["CONN_MAX_AGE"] = 0
        config["CONN_HEALTH_CHECKS"] = False
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
                "PRAGMA cache_size=-64000;"
                "PRAGMA mmap_size=268435456;"
            ),
        }
    else:
        config.setdefault("OPTIONS", {})
    if os.environ.get("DATABASE_TEST_NAME"):
        # Lets two test runs share one PostgreSQL server without dropping each other's database.
        config.setdefault("TEST", {})["NAME"] = os.environ["DATABASE_TEST_NAME"]
    return {"default": config, **replica_databases(primary_engine=config["ENGINE"])}


def replica_databases(*, primary_engine: str) -> dict:
    """DATABASE_REPLICA_URLS as `replica_0`, `replica_1`, ... (core/replicas.py routes to them).
    Tests mirror the primary: a test database is never made on a replica."""
    urls = csv("DATABASE_REPLICA_URLS")
    if urls and primary_engine != "django.db.backends.postgresql":
        raise RuntimeError("DATABASE_REPLICA_URLS needs a PostgreSQL DATABASE_URL")
    replicas = {}
    for number, url in enumerate(urls):
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        # A replica that does not answer is skipped for a while (core/replicas.py) after
        # costing one request at most this long.
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
        config["TEST"] = {"MIRROR": "default"}
        replicas[f"replica_{number}"] = config
    return replicas


def email() -> dict:
    """EMAIL_URL as Django settings; unset means each mail is written to var/mail/."""
    url = os.environ.get("EMAIL_URL")
    if not url:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(var_dir() / "mail"),
        }
    config = dj_email_url.parse(url)
    return {
        "EMAIL_BACKEND": config["EMAIL_BACKEND"],
        "EMAIL_HOST": config["EMAIL_HOST"],
        "EMAIL_PORT": config["EMAIL_PORT"],
        "EMAIL_HOST_USER": config["EMAIL_HOST_USER"],
        "EMAIL_HOST_PASSWORD": config["EMAIL_HOST_PASSWORD"],
        "EMAIL_USE_TLS": config["EMAIL_USE_TLS"],
        "EMAIL_USE_SSL": config["EMAIL_USE_SSL"],
        "EMAIL_TIMEOUT": config.get("EMAIL_TIMEOUT") or 10,
        "EMAIL_FILE_PATH": config.get("EMAIL_FILE_PATH") or str(var_dir() / "mail"),
    }


def site_url() -> str:
    """SITE_URL, else the address `manage.py serve` listens on (PORT), so links in mails and
    feeds of a `PORT=8201 make run` point where the site really is."""
    default = f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"
    return (os.environ.get("SITE_URL") or default).rstrip("/")


def media_url() -> str:
    """Where public uploads are served: a path on this site (the embedded default) or, better
    in production, an origin of its own that never sees the site's cookies
    (docs/operations.md, "A separate origin for uploads")."""
    url = os.environ.get("MEDIA_URL", "/media/").strip()
    parsed = urlparse(url)
    if not (url.startswith("/") and not url.startswith("//")) and not (
        parsed.scheme in ("http", "https") and parsed.netloc
    ):
        raise RuntimeError(f"MEDIA_URL must be a path or an http(s) URL, not {url!r}")
    return url.rstrip("/") + "/"


def is_https() -> bool:
    return urlparse(site_url()).scheme == "https"
