"""The shared rate limiter: counts, windows, atomic increments, and the client address."""

from __future__ import annotations

import time
import uuid
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from careerboard.core import ratelimit
from careerboard.core.ratelimit import (
    RateLimited,
    client_ip,
    ratelimit_clear,
    ratelimit_enforce,
    ratelimit_hit,
    ratelimit_peek,
)
from careerboard.core.tests.concurrency import run_at_once


@pytest.fixture(autouse=True)
def limiter_clock_holds_still(monkeypatch):
    """The limiter counts in fixed windows: a test whose hits straddle a window's edge (under
    load, 20 threads can take seconds) starts counting again and sees more hits allowed. Its
    clock stays at the start of a window of every length used here; a test moves it itself."""
    start = time.time() // 60 * 60
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: start))


def test_a_limit_allows_that_many_hits_per_window_then_refuses():
    results = [ratelimit_hit(key="k", limit=3, window_seconds=60) for _ in range(4)]
    assert [r.allowed for r in results] == [True, True, True, False]
    assert [r.remaining for r in results] == [2, 1, 0, 0]
    assert 1 <= results[-1].retry_after <= 60
    assert ratelimit_hit(key="other", limit=3, window_seconds=60).allowed


def test_the_next_window_starts_from_zero(monkeypatch):
    now = 1_000_000_000.0
    monkeypatch.setattr(ratelimit.time, "time", lambda: now)
    for _ in range(3):
        ratelimit_hit(key="k", limit=2, window_seconds=60)
    assert not ratelimit_peek(key="k", limit=2, window_seconds=60).allowed
    now += 60
    assert ratelimit_peek(key="k", limit=2, window_seconds=60).count == 0
    assert ratelimit_hit(key="k", limit=2, window_seconds=60).allowed


def test_peek_does_not_count_and_clear_forgets():
    assert ratelimit_peek(key="k", limit=1, window_seconds=60).allowed
    ratelimit_hit(key="k", limit=1, window_seconds=60)
    peeked = ratelimit_peek(key="k", limit=1, window_seconds=60)
    assert (peeked.allowed, peeked.count) == (False, 1)
    ratelimit_clear(key="k", window_seconds=60)
    assert ratelimit_peek(key="k", limit=1, window_seconds=60).count == 0


def test_enforce_raises_with_a_retry_time():
    ratelimit_enforce(key="k", limit=1, window_seconds=30, message="slow down")
    with pytest.raises(RateLimited) as raised:
        ratelimit_enforce(key="k", limit=1, window_seconds=30, message="slow down")
    assert raised.value.message == "slow down"
    assert 1 <= raised.value.retry_after <= 30


def hammer(threads: int, limit: int) -> int:
    outcomes = run_at_once(
        lambda _: ratelimit_enforce(key="race", limit=limit, window_seconds=60, message="slow"),
        times=threads,
        refused=(RateLimited,),
    )
    return outcomes.count("done")


def test_parallel_hits_never_lose_a_count():
    assert hammer(threads=20, limit=5) == 5


def test_parallel_hits_on_redis_never_lose_a_count(redis_url, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "careerboard.core.testing.PrefixClearingRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"test-ratelimit-{uuid.uuid4().hex}",
        }
    }
    assert hammer(threads=20, limit=5) == 5
    assert ratelimit_peek(key="race", limit=5, window_seconds=60).count == 20
    cache.clear()


def test_client_ip_trusts_forwarded_for_only_behind_the_proxy(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5"
    )
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "10.0.0.1"
    settings.BEHIND_PROXY = True
    # The proxy appends the address it saw; what comes before was written by the client.
    assert client_ip(request) == "203.0.113.5"
