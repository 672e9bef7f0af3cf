"""Settings for the test run: the production settings with test-only conveniences."""

import os

from careerboard.config.settings import *  # noqa: F403
from careerboard.config.settings import CACHES, REDIS_URL, STORAGES

# Playwright's sync API keeps an event loop on the test thread; Django's guard against ORM
# calls from async code would otherwise refuse the test's own database setup.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Tests do not run collectstatic: serve static files from the apps, unhashed.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Argon2 is deliberately slow; tests create many users. Production keeps argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# pytest-xdist workers share the Redis database: each keeps its cache (and so its cache-backed
# sessions and rate-limit counters) under its own prefix and clears only that.
if REDIS_URL:
    CACHES = {
        "default": {
            **CACHES["default"],
            "BACKEND": "careerboard.core.testing.PrefixClearingRedisCache",
            "KEY_PREFIX": f"careerboard-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}",
        }
    }

# Tests search right after changing jobs; the search cache has its own test.
SEARCH_CACHE_SECONDS = 0
