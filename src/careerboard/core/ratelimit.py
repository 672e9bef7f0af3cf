"""Fixed-window rate limits kept in Django's cache, for any domain to use.

With REDIS_URL set the cache is Redis, so every web process and server shares one count. Without
it the cache is local memory, so each process counts on its own: a client spread over N gunicorn
workers gets up to N times the limit (docs/security.md, "Rate limits").

    result = ratelimit_hit(key=f"apply:user:{user.pk}", limit=30, window_seconds=3600)
    if not result.allowed:
        ...  # refuse: 429, and Retry-After: result.retry_after

or, in a service, `ratelimit_enforce(...)`, which raises RateLimited for the view to turn into a
429 page or API error.

A window is a fixed stretch of time (say 10:00 to 10:15); its counter is one cache entry, created
with cache.add (atomic) and raised with cache.incr (atomic: Redis INCR, a lock in local memory), so
parallel requests never lose a count. At a window's edge a client may get up to twice the limit
in a short burst; that is the price of one counter per window and fine for abuse limits.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

# A window's entry outlives the window by this much, so it never expires between the cache.add
# and the cache.incr of a hit near the window's end (an incr on a missing Redis key would create
# it without an expiry).
_EXPIRY_MARGIN_SECONDS = 60


@dataclass(frozen=True)
class RateLimitResult:
    allowed: bool
    count: int
    limit: int
    retry_after: int  # seconds until the current window ends and the count starts again

    @property
    def remaining(self) -> int:
        return max(self.limit - self.count, 0)


class RateLimited(Exception):
    """Too many attempts: `message` is for the person, `retry_after` in seconds."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def _window(key: str, window_seconds: int) -> tuple[str, int]:
    now = int(time.time())
    start = now - now % window_seconds
    return f"ratelimit:{key}:{window_seconds}:{start}", start + window_seconds - now


def ratelimit_hit(*, key: str, limit: int, window_seconds: int) -> RateLimitResult:
    """Count one attempt under `key`; allowed while the window's count is at most `limit`."""
    cache_key, retry_after = _window(key, window_seconds)
    timeout = window_seconds + _EXPIRY_MARGIN_SECONDS
    cache.add(cache_key, 0, timeout=timeout)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # The entry went away between add and incr (a cache clear or eviction): start again.
        cache.add(cache_key, 1, timeout=timeout)
        count = 1
    return RateLimitResult(
        allowed=count <= limit, count=count, limit=limit, retry_after=max(retry_after, 1)
    )


def ratelimit_enforce(*, key: str, limit: int, window_seconds: int, message: str) -> None:
    """Count one attempt and raise RateLimited when it is over the limit."""
    result = ratelimit_hit(key=key, limit=limit, window_seconds=window_seconds)
    if not result.allowed:
        raise RateLimited(message, retry_after=result.retry_after)


def ratelimit_peek(*, key: str, limit: int, window_seconds: int) -> RateLimitResult:
    """The state of `key` without counting an attempt: `allowed` is false once the limit is
    reached, so a caller that counts only failures (a lockout) can refuse before trying."""
    cache_key, retry_after = _window(key, window_seconds)
    count = cache.get(cache_key, 0)
    return RateLimitResult(
        allowed=count < limit, count=count, limit=limit, retry_after=max(retry_after, 1)
    )


def ratelimit_clear(*, key: str, window_seconds: int) -> None:
    """Forget the current window's count (after a successful log-in, say)."""
    cache.delete(_window(key, window_seconds)[0])


def hashed_key_part(value: str) -> str:
    """A fixed-length stand-in for a value (an email address) that should not sit in the cache."""
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


def client_ip(request: HttpRequest) -> str:
    """The address to rate-limit by. Behind the reverse proxy (BEHIND_PROXY=true) every request
    comes from the proxy, so the client is the last address the proxy added to X-Forwarded-For;
    addresses before it were sent by the client and cannot be trusted."""
    if settings.BEHIND_PROXY:
        forwarded = request.headers.get("X-Forwarded-For", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "") or "unknown"
