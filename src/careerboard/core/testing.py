"""Test-only infrastructure that settings name by dotted path."""

from __future__ import annotations

from careerboard.core.cache import FallbackRedisCache


class PrefixClearingRedisCache(FallbackRedisCache):
    """A Redis cache whose clear() removes only the keys under its own KEY_PREFIX.

    pytest-xdist workers share one Redis database; Django's RedisCache.clear() is FLUSHDB, so
    one worker clearing the cache before a test would wipe the sessions and rate-limit counters
    of a test running in another worker at that moment.
    """

    def clear(self) -> None:
        client = self._cache.get_client(write=True)
        keys = list(client.scan_iter(match=self.make_key("*"), count=1000))
        if keys:
            client.delete(*keys)
