"""Django settings. What a deployment changes comes from the environment (docs/configuration.md)."""

from __future__ import annotations

import os

from careerboard.config import env

BASE_DIR = env.PROJECT_DIR
VAR_DIR = env.var_dir()

SECRET_KEY = env.secret_key()
DEBUG = env.flag("DEBUG")
SITE_URL = env.site_url()
HTTPS = env.is_https()
ALLOWED_HOSTS = env.csv("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = [SITE_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "careerboard.core",
    "careerboard.taxonomy",
    "careerboard.accounts",
    "careerboard.companies",
    "careerboard.jobs",
    "careerboard.search",
    "careerboard.guides",
    "careerboard.billing",
    "careerboard.alerts",
    "careerboard.applications",
    "careerboard.consultant",
    "careerboard.employers",
    "careerboard.staff",
    "careerboard.site",
]

MIDDLEWARE = [
    # Pages go out gzipped (a job list is ~5x smaller). BREACH: Django masks the CSRF token
    # anew in every response and this middleware adds Heal-The-Breach random padding, so a
    # token cannot be read back from compressed sizes (docs/security.md).
    "django.middleware.gzip.GZipMiddleware",
    "careerboard.core.middleware.RequestIdLogMiddleware",
    "careerboard.core.replicas.ReplicaRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "careerboard.core.middleware.SecurityHeadersMiddleware",
    "careerboard.core.middleware.RefuseControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "careerboard.config.urls"
WSGI_APPLICATION = "careerboard.config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "/account/login/"
LOGIN_REDIRECT_URL = "/account/"
LOGOUT_REDIRECT_URL = "/"
# A password-reset link works once and for this long (seconds).
PASSWORD_RESET_TIMEOUT = 60 * 60

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "careerboard.core.context_processors.site",
            ],
        },
    },
]

DATABASES = env.databases()
DATABASE_ROUTERS = ["careerboard.core.replicas.ReplicaRouter"]
# After a write, the client's reads stay on the primary this long: replicas lag behind it.
DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "5"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Serves from process memory while Redis cannot be reached (core/cache.py).
            "BACKEND": "careerboard.core.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "careerboard",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in the database, never in the cache: a Redis outage, flush or eviction signs
# nobody out, and a session ended while Redis is down stays ended.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# The database worker is the embedded default; RQ needs Redis and is asked for by name.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise RuntimeError("TASKS_BACKEND=rq needs REDIS_URL")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    INSTALLED_APPS.append("django_rq")
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
elif TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
else:
    raise RuntimeError(f"TASKS_BACKEND must be database, rq or immediate, not {TASKS_BACKEND!r}")

# /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, it is a 404 for everyone.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = env.media_url()
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Files only their owners may read (résumés): outside MEDIA_ROOT, never served by URL; the
    # applications views stream them after checking who asks.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": VAR_DIR / "private",
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
}
# Uploads larger than this are refused before they reach a form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

vars().update(env.email())
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "careerboard <noreply@careerboard.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "hello@careerboard.local")

# Security: cookies and HSTS follow the scheme of SITE_URL, so the embedded http default works
# and an https deployment is strict without another switch.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS and env.flag("SECURE_SSL_REDIRECT", True)
# Health checks and the metrics scraper ask each app server directly over the private network,
# in plain http; a redirect to the public https address would not reach that server.
SECURE_REDIRECT_EXEMPT = [r"^(healthz|readyz|metrics)$"]
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
BEHIND_PROXY = env.flag("BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Search: the database's own text index (PostgreSQL tsvector or SQLite FTS5), or OpenSearch
# for a board that outgrows one database (docs/operations.md).
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database")
if SEARCH_BACKEND not in ("database", "opensearch"):
    raise RuntimeError(f"SEARCH_BACKEND must be database or opensearch, not {SEARCH_BACKEND!r}")
# How long a search's total, facets and page of job ids are kept in the shared cache (0: never).
SEARCH_CACHE_SECONDS = int(os.environ.get("SEARCH_CACHE_SECONDS", "30"))
OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL", "http://127.0.0.1:9200")
OPENSEARCH_INDEX = os.environ.get("OPENSEARCH_INDEX", "careerboard-jobs")
# "false": a new job is searchable within the index's refresh interval (1 s); "wait_for" makes
# each write wait for it.
OPENSEARCH_REFRESH = os.environ.get("OPENSEARCH_REFRESH", "false")

# Billing (docs/configuration.md): the local provider completes checkout on our own page and
# charges nothing; Stripe needs its secret key, the webhook's signing secret and price ids.
BILLING_PROVIDER = os.environ.get("BILLING_PROVIDER", "local")
# With DEBUG off, `check --deploy` fails on the local provider unless this says it is meant.
BILLING_LOCAL_ALLOWED = env.flag("BILLING_LOCAL_ALLOWED")
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
# Another API address, such as a local stripe-mock server.
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "https://api.stripe.com")
# The keys of billing/data.py's paid prices -> the Stripe prices that charge them.
STRIPE_PRICE_IDS = {
    "plus-month": os.environ.get("STRIPE_PRICE_PLUS_MONTHLY", ""),
    "plus-year": os.environ.get("STRIPE_PRICE_PLUS_YEARLY", ""),
}
if BILLING_PROVIDER not in ("local", "stripe"):
    raise RuntimeError(f"BILLING_PROVIDER must be local or stripe, not {BILLING_PROVIDER!r}")
if BILLING_PROVIDER == "stripe" and not (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET):
    raise RuntimeError("BILLING_PROVIDER=stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "careerboard.core.logging.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # The request middleware writes one line per request; Django's own would repeat it.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
    },
}
