import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_services(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_every_part_ready(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "cache": "ok", "task_queue": "ok"}


def test_readyz_names_the_failing_cache_with_503_and_its_error_only_to_the_operator(
    client, settings
):
    settings.METRICS_TOKEN = "scrape-me"
    dead_redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    with override_settings(CACHES=dead_redis, SESSION_ENGINE="django.contrib.sessions.backends.db"):
        public = client.get("/readyz")
        operator = client.get("/readyz", HTTP_AUTHORIZATION="Bearer scrape-me")
    assert public.status_code == operator.status_code == 503
    body = public.json()
    assert body["failing"] == ["cache"]
    assert body["checks"] == {"database": "ok", "cache": "unavailable", "task_queue": "ok"}
    # Where the cache lives is for the operator (and the log), not for everyone.
    assert "127.0.0.1" not in public.content.decode()
    assert "ConnectionError" in operator.json()["checks"]["cache"]
    assert "127.0.0.1:1" in operator.json()["checks"]["cache"]
