"""Rate-limit counters for Flask-Limiter (`limits` storages): Redis through the store's breaker, else the host's.

Flask-Limiter's own in-memory fallback counts per worker, so with N workers a client could get N times its
limit while Redis is down; the host storage's counters are shared by every worker instead.
"""
import math
import time

from limits.storage import RedisClusterStorage, RedisStorage, Storage

from .redis_client import is_cluster


class HostStorage(Storage):
    """Fixed-window counters in a HostCache, each increment atomic across the host's workers."""

    STORAGE_SCHEME = ["host"]

    def __init__(self, uri=None, cache=None, wrap_exceptions=False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        self.cache = cache

    @property
    def base_exceptions(self):
        return OSError

    def incr(self, key, expiry, amount=1):
        with self.cache.locked(key):
            count, expires_at = self._counter(key)
            now = time.time()
            if count == 0:
                expires_at = now + expiry
            count += amount
            self.cache.set(key, {"count": count, "expires_at": expires_at}, timeout=max(1, math.ceil(expires_at - now)))
        return count

    def get(self, key):
        return self._counter(key)[0]

    def get_expiry(self, key):
        return self._counter(key)[1] or time.time()

    def check(self):
        return True

    def reset(self):
        self.cache.clear()

    def clear(self, key):
        self.cache.delete(key)

    def _counter(self, key):
        """(count, expires_at) of a live counter, (0, 0.0) when absent, expired or unreadable."""
        entry = self.cache.get(key)
        if not isinstance(entry, dict) or entry.get("expires_at", 0) <= time.time():
            return 0, 0.0
        return int(entry.get("count", 0)), float(entry["expires_at"])


class SharedClientStorage(RedisStorage):
    """limits' Redis storage over a client the app already has (one server or a Sentinel master)."""

    def __init__(self, client):
        Storage.__init__(self, "redis://")
        self.key_prefix, self.target_server = RedisStorage.PREFIX, "redis"
        self.dependency = self.dependencies["redis"].module
        self.storage = client
        self.initialize_storage("redis://")


class SharedClusterStorage(SharedClientStorage, RedisClusterStorage):
    """The same over a Redis Cluster client: limits' cluster reset, which visits every master."""


def shared_storage(client):
    """The limits storage over the app's own Redis client, whichever kind it is."""
    return SharedClusterStorage(client) if is_cluster(client) else SharedClientStorage(client)


class FailoverStorage(Storage):
    """Counters in Redis (the app's client, so its short timeouts) while the breaker allows, else on the host."""

    STORAGE_SCHEME = ["failover"]

    def __init__(self, uri=None, store=None, cache=None, wrap_exceptions=False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        self.store = store
        self.redis = shared_storage(store.client)
        self.host = HostStorage(cache=cache)

    @property
    def base_exceptions(self):
        return OSError

    def incr(self, key, expiry, amount=1):
        return self.store.attempt(lambda: self.redis.incr(key, expiry, amount), lambda: self.host.incr(key, expiry, amount))

    def get(self, key):
        return self.store.attempt(lambda: self.redis.get(key), lambda: self.host.get(key))

    def get_expiry(self, key):
        return self.store.attempt(lambda: self.redis.get_expiry(key), lambda: self.host.get_expiry(key))

    def check(self):
        return True  # failures are the breaker's business; Flask-Limiter never needs to switch storage

    def reset(self):
        self.host.reset()
        return self.store.attempt(self.redis.reset, lambda: None)

    def clear(self, key):
        self.host.clear(key)
        self.store.attempt(lambda: self.redis.clear(key), lambda: None)
