"""Redis as the cache, with this process's memory standing in while Redis cannot be reached.

Django's RedisCache raises on every call while Redis is down, so each page that caches, and
each rate limit, would answer 500. Here a call that cannot reach Redis (refused, timed out) is
served by a local-memory cache of this process instead, and Redis is left alone for
RETRY_SECONDS before the next try, so an outage costs at most one connect timeout per process
every few seconds rather than one per call. While it lasts the site behaves as the embedded
default without REDIS_URL: cached pages are computed again and cached per process, and rate
limits count per process (docs/security.md, "Rate limits"). Sessions live in the database, so
nobody is signed out.

What was written to Redis before the outage is still there after it: entries that are keyed by
what they show (guides, by their edit time) are never stale, and the others expire within their
few minutes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class FallbackRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._fallback = LocMemCache(
            f"redis-fallback-{id(self)}",
            {"TIMEOUT": params.get("TIMEOUT", 300), "OPTIONS": {"MAX_ENTRIES": 10_000}},
        )
        self._retry_at = 0.0  # while in the future, Redis is not tried
        self._down = False

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() >= self._retry_at:
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except _UNREACHABLE as error:
                self._retry_at = time.monotonic() + RETRY_SECONDS
                if not self._down:
                    self._down = True
                    logger.warning(
                        "Redis is unreachable; caching and rate limits use this process's "
                        "memory until it is back",
                        extra={"error": repr(error)},
                    )
            else:
                if self._down:
                    self._down = False
                    logger.warning("Redis is reachable again")
                return result
        return getattr(self._fallback, name)(*args, **kwargs)


def _through_fallback(name: str) -> Callable[..., Any]:
    def method(self: FallbackRedisCache, *args: Any, **kwargs: Any) -> Any:
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    return method


# Every operation RedisCache implements itself; the others (get_or_set, decr, the async ones)
# are built on these by Django's BaseCache.
for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(FallbackRedisCache, _name, _through_fallback(_name))
