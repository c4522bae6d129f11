"""Rate-limit counters for Flask-Limiter (`limits` storages): Redis through the store's breaker, else the host's.

Flask-Limiter's own in-memory fallback counts per worker, so with N workers a client could get N times its
limit while Redis is down; the host storage's counters are shared by every worker instead.

A limit can stand for two counters, a *pair* (a chat turn's: per client address and per conversation): Flask-Limiter
hits one limit and the storage counts both in one round trip, where a limit each would cost a round trip each.
"""
import math
import sys
import time
from abc import abstractmethod

from limits.storage import RedisClusterStorage, RedisStorage, Storage

from .redis_client import is_cluster

PAIR = "&"
REFUSED = sys.maxsize  # what a pair counts as when its second counter is past its own ceiling: past any limit's


def pair(first, second):
    """The identity (key_func value) of a pair limit: `first` counted against the limit, `second` against its pair's.

    `second` must hold no `/` or `&` (a digest); `first` may hold anything (a client address)."""
    return f"{second}{PAIR}{first}"


def split_pair(key, pairs):
    """(first counter's key, second counter's key, second's limit) when `key` is a pair's, else None.

    limits' keys read `<namespace>/<prefix>/<identity>/<scope>/<amount>/<multiples>/<granularity>`; a pair's scope is
    one of `pairs` (scope: the second counter's RateLimitItem). The scope and the second identity are ours, so they are
    found from the right and from the left, whatever `/` or `&` a client address in the first identity holds."""
    rest, scope, amount, multiples, granularity = key.rsplit("/", 4)
    limit = pairs.get(scope)
    if limit is None:
        return None
    head, _, first = rest.partition(PAIR)
    prefix, _, second = head.rpartition("/")
    return (f"{prefix}/{first}/{scope}/{amount}/{multiples}/{granularity}",
            f"{prefix}/{second}/{scope}/{limit.amount}/{limit.multiples}/{limit.GRANULARITY.name}", limit)


class Counters(Storage):
    """Fixed-window counters, a pair's two counted and read together; subclasses count, read and delete several keys."""

    def __init__(self, uri=None, pairs=None, wrap_exceptions=False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        self.pairs = pairs or {}

    @property
    def base_exceptions(self):
        return OSError

    def incr(self, key, expiry, amount=1):
        found = split_pair(key, self.pairs)
        if found is None:
            return self.count([(key, expiry)], amount)[0]
        first, second, limit = found
        counted, counted_second = self.count([(first, expiry), (second, limit.get_expiry())], amount)
        return counted if counted_second <= limit.amount else REFUSED

    def get(self, key):
        return self._state(key)[0]

    def get_expiry(self, key):
        return self._state(key)[1]

    def check(self):
        return True  # failures are the breaker's business; Flask-Limiter never needs to switch storage

    def clear(self, key):
        found = split_pair(key, self.pairs)
        self.delete([key] if found is None else list(found[:2]))

    @abstractmethod
    def count(self, keys, amount):
        """Increment each (key, expiry) counter by `amount`, a new one expiring `expiry` seconds on; the new counts."""

    @abstractmethod
    def read(self, keys):
        """(count, expires_at) of each key's counter; (0, now) for an absent one."""

    @abstractmethod
    def delete(self, keys):
        """Remove each key's counter."""

    def _state(self, key):
        """(count, expires_at) of a key; a pair's is its second counter's while that one refuses, else its first's."""
        found = split_pair(key, self.pairs)
        if found is None:
            return self.read([key])[0]
        first, second, limit = found
        state, second_state = self.read([first, second])
        return (REFUSED, second_state[1]) if second_state[0] > limit.amount else state


class HostStorage(Counters):
    """Fixed-window counters in a HostCache, each increment atomic across the host's workers."""

    STORAGE_SCHEME = ["host"]

    def __init__(self, uri=None, cache=None, pairs=None, wrap_exceptions=False, **options):
        super().__init__(uri, pairs, wrap_exceptions)
        self.cache = cache

    def count(self, keys, amount):
        return [self._incr(key, expiry, amount) for key, expiry in keys]

    def read(self, keys):
        return [(count, expires_at or time.time()) for count, expires_at in map(self._counter, keys)]

    def delete(self, keys):
        for key in keys:
            self.cache.delete(key)

    def reset(self):
        self.cache.clear()

    def _incr(self, key, expiry, amount):
        with self.cache.locked(key):
            count, expires_at = self._counter(key)
            now = time.time()
            if count == 0:
                expires_at = now + expiry
            count += amount
            self.cache.set(key, {"count": count, "expires_at": expires_at}, timeout=max(1, math.ceil(expires_at - now)))
        return count

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

    def count(self, keys, amount):
        """Increment each (key, expiry) counter by limits' own script, all in one pipeline; the new counts.

        EVAL, not EVALSHA: a pipeline would first ask whether the script is loaded (one more round trip), and a
        cluster pipeline takes no EVALSHA (nor its eval() method: hence execute_command). Each script touches
        one key, so on a cluster each goes to its own key's slot."""
        pipe = self.storage.pipeline(transaction=False)
        for key, expiry in keys:
            pipe.execute_command("EVAL", self.SCRIPT_INCR_EXPIRE, 1, self.prefixed_key(key), expiry, amount)
        return [int(count) for count in pipe.execute()]

    def read(self, keys):
        """(count, expires_at) of each key's counter, in one pipeline; (0, now) for an absent one."""
        pipe = self.storage.pipeline(transaction=False)
        for key in keys:
            pipe.get(self.prefixed_key(key)).ttl(self.prefixed_key(key))
        replies, now = pipe.execute(), time.time()
        return [(int(count or 0), max(ttl, 0) + now) for count, ttl in zip(replies[::2], replies[1::2])]

    def delete(self, keys):
        """Remove each key's counter, in one pipeline."""
        pipe = self.storage.pipeline(transaction=False)
        for key in keys:  # one key per DEL: a cluster pipeline takes no multi-key DEL
            pipe.delete(self.prefixed_key(key))
        pipe.execute()


class SharedClusterStorage(SharedClientStorage, RedisClusterStorage):
    """The same over a Redis Cluster client: limits' cluster reset, which visits every master."""


def shared_storage(client):
    """The limits storage over the app's own Redis client, whichever kind it is."""
    return SharedClusterStorage(client) if is_cluster(client) else SharedClientStorage(client)


class FailoverStorage(Counters):
    """Counters in Redis (the app's client, so its short timeouts) while the breaker allows, else on the host."""

    STORAGE_SCHEME = ["failover"]

    def __init__(self, uri=None, store=None, cache=None, pairs=None, wrap_exceptions=False, **options):
        super().__init__(uri, pairs, wrap_exceptions)
        self.store = store
        self.redis = shared_storage(store.client)
        self.host = HostStorage(cache=cache)

    def count(self, keys, amount):
        return self.store.attempt(lambda: self.redis.count(keys, amount), lambda: self.host.count(keys, amount))

    def read(self, keys):
        return self.store.attempt(lambda: self.redis.read(keys), lambda: self.host.read(keys))

    def delete(self, keys):
        self.host.delete(keys)
        self.store.attempt(lambda: self.redis.delete(keys), lambda: None)

    def reset(self):
        self.host.reset()
        return self.store.attempt(self.redis.reset, lambda: None)
