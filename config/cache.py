"""The Redis cache in degraded mode: when Redis is down, the cache fails open instead of failing requests.

Everything this project keeps in the cache can be lost: API throttle counters (requests are then allowed),
session copies (sessions are `cached_db`: the database holds every session, the cache only spares a
query) and login-failure counters. So an unreachable Redis makes each call behave like a cache miss, and
a warning is logged (at most every LOG_EVERY_SECONDS per process, so an outage does not flood the logs).
`/healthz` and `/api/health/` ping Redis directly and report it down (503).

This is django-redis' IGNORE_EXCEPTIONS for Django's built-in RedisCache.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("config.cache")
LOG_EVERY_SECONDS = 10.0
_last_logged = 0.0


def _degraded(operation: str) -> None:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= LOG_EVERY_SECONDS:
        _last_logged = now
        logger.warning("Redis cache unavailable (%s); carrying on without it", operation, exc_info=True)


class FailOpenRedisCache(RedisCache):
    """RedisCache whose every call answers like a miss (and logs) when Redis cannot be reached."""

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except RedisError:
            _degraded("add")
            return False

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except RedisError:
            _degraded("get")
            return default

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        try:
            super().set(key, value, timeout, version)
        except RedisError:
            _degraded("set")

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        try:
            return super().touch(key, timeout, version)
        except RedisError:
            _degraded("touch")
            return False

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except RedisError:
            _degraded("delete")
            return False

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except RedisError:
            _degraded("get_many")
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except RedisError:
            _degraded("has_key")
            return False

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except RedisError:
            _degraded("incr")
            return delta  # as if the count started now: limits built on it let the request through

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        try:
            return super().set_many(data, timeout, version)
        except RedisError:
            _degraded("set_many")
            return list(data)  # the keys that were not set

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except RedisError:
            _degraded("delete_many")

    def clear(self) -> None:
        try:
            super().clear()
        except RedisError:
            _degraded("clear")

    def ping(self) -> None:
        """Raise unless Redis answers: the health check's probe (it must not fail open)."""
        self._cache.get_client(write=True).ping()
