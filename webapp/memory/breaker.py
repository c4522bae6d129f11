"""A circuit breaker around Redis, one per worker: which Redis errors are faults, and when to try again."""
import logging
import threading
import time

import redis

log = logging.getLogger("webapp.breaker")

FAILURES_TO_OPEN = 3
FIRST_PROBE_SECONDS = 10.0
MAX_PROBE_SECONDS = 60.0
# Causes that will not go away by themselves in the next request: the breaker opens at the first one.
# A timeout also opens at once, because waiting for the next one is what makes every request slow.
OPEN_AT_ONCE = {"timeout", "auth", "OOM", "read-only", "TLS"}
# Causes an operator has to act on (memory, credentials, certificates): logged at ERROR, the rest at WARNING.
NEEDS_OPERATOR = {"auth", "OOM", "read-only", "TLS"}
# Redis replies that mean "alive but refusing this work", by redis-py's class (it strips the reply's first
# word) or, for replies it has no class for, by that word.
REFUSING_CLASSES = ((redis.exceptions.OutOfMemoryError, "OOM"), (redis.exceptions.ReadOnlyError, "read-only"),
                    (redis.exceptions.NoPermissionError, "auth"), (redis.AuthenticationError, "auth"),
                    (redis.exceptions.AuthorizationError, "auth"), (redis.exceptions.BusyLoadingError, "loading"),
                    (redis.exceptions.MasterDownError, "read-only"),
                    # A cluster without a master for some slots (failing over, or no node reachable).
                    (redis.exceptions.ClusterDownError, "cluster down"), (redis.exceptions.TryAgainError, "cluster down"),
                    (redis.exceptions.ClusterError, "cluster down"), (redis.exceptions.SlotNotCoveredError, "cluster down"))
# redis-py's cluster client raises its own RedisClusterException for a cluster it cannot reach, as for a
# command it cannot route (a bug here, not a fault): only these messages are faults.
UNREACHABLE_CLUSTER = ("cannot be connected", "not covered")
# What a Redis call can raise: redis-py's errors, and its cluster client's own (not RedisError subclasses).
REDIS_ERRORS = (redis.RedisError, redis.exceptions.RedisClusterException)
REFUSING_WORDS = {"OOM": "OOM", "READONLY": "read-only", "NOAUTH": "auth", "WRONGPASS": "auth", "NOPERM": "auth",
                  "MISCONF": "read-only", "LOADING": "loading", "MASTERDOWN": "read-only",
                  "CLUSTERDOWN": "cluster down", "TRYAGAIN": "cluster down"}


def fault_cause(error):
    """The short cause of a Redis error that counts as a fault, or None for a data error (e.g. WRONGTYPE)."""
    for kind, cause in REFUSING_CLASSES:
        if isinstance(error, kind):
            return cause
    text = str(error)
    if isinstance(error, redis.exceptions.RedisClusterException):
        return "cluster down" if any(words in text for words in UNREACHABLE_CLUSTER) else None
    first_word = text.split(" ", 1)[0].upper()
    if first_word in REFUSING_WORDS:
        return REFUSING_WORDS[first_word]
    if isinstance(error, redis.TimeoutError):
        return "timeout"
    if isinstance(error, redis.ConnectionError):
        lowered = text.lower()
        if "ssl" in lowered or "tls" in lowered or "certificate" in lowered:
            return "TLS"
        if "refused" in lowered:
            return "refused"
        if "timed out" in lowered or "timeout" in lowered:
            return "timeout"
        return "connection lost"
    return None


class CircuitBreaker:
    """Closed: use Redis. Open: use the fallback until the next probe. One probe at a time, backing off."""

    def __init__(self, clock=time.monotonic, open_at_start=False, cause="no answer at start-up"):
        self._clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._probing = False
        self._delay = FIRST_PROBE_SECONDS
        self._opened = open_at_start
        self._probe_at = clock() + self._delay if open_at_start else 0.0
        self.cause = cause if open_at_start else None

    @property
    def is_closed(self):
        """True while requests go to Redis."""
        return not self._opened

    def allow(self):
        """True when this call may use Redis: always while closed, once per probe time while open."""
        with self._lock:
            if not self._opened:
                return True
            if self._probing or self._clock() < self._probe_at:
                return False
            self._probing = True
            return True

    def succeeded(self):
        """Redis answered; True when that closed the breaker (the caller may then reconcile)."""
        with self._lock:
            if self._opened and not self._probing:
                return False  # a call let through before the breaker opened proves nothing about Redis now
            self._failures = 0
            self._probing = False
            if not self._opened:
                return False
            self._opened, self._delay = False, FIRST_PROBE_SECONDS
            cause, self.cause = self.cause, None
        log.warning("Redis answers again (it was failing: %s): using Redis", cause)
        return True

    def failed(self, cause):
        """Redis failed with `cause`; opens after FAILURES_TO_OPEN in a row, or at once for OPEN_AT_ONCE."""
        with self._lock:
            if self._opened:
                if self._probing:  # the probe failed: wait twice as long, up to the cap
                    self._probing = False
                    self._delay = min(self._delay * 2, MAX_PROBE_SECONDS)
                    self._probe_at = self._clock() + self._delay
                    log.info("Redis still failing (%s): next try in %.0f s", cause, self._delay)
                return
            self._failures += 1
            if self._failures < FAILURES_TO_OPEN and cause not in OPEN_AT_ONCE:
                return
            self._opened, self.cause = True, cause
            self._probe_at = self._clock() + self._delay
        level = logging.ERROR if cause in NEEDS_OPERATOR else logging.WARNING
        log.log(level, "Redis failing (%s): serving from the host fallback store, next try in %.0f s",
                cause, self._delay)
