"""One store over Redis and the host store: per call, Redis while the breaker allows, else the host store.

Every write that reaches Redis is written behind to the host store too (a near copy of each recent window,
near_copy.NearCopy), so a conversation keeps its context when Redis fails: a worker writes a session's copy
before it serves that session from the host store, and at its first failure gives the other workers' copies
the time they take to arrive. Whatever the host store holds that Redis lacks (turns, sessions and clears
written during an outage, or turns Redis lost) goes to Redis on the session's next call that reaches Redis:
the whole window is put back in one round trip, merged with what Redis holds (with several hosts, others
may have written the same conversation meanwhile). A read looks for it only when something may have
changed (near_copy.Checked): a worker serving from the host store renews the host marker that says so. A
session cleared by another host is not "lost": a clear leaves a marker in Redis for a TTL.
"""
import time

from .breaker import REDIS_ERRORS, fault_cause
from .cachelib_store import TOMBSTONE_SECONDS, preferences_of
from .messages import merged
from .near_copy import FLUSH_SECONDS, Checked, NearCopy
from .store import ConversationStore, Snapshot, session_key

# How long the first failed call waits for the other workers' near copies: two flushes and their writes.
SETTLE_SECONDS = 2 * FLUSH_SECONDS


def continues(near_items, stored_items):
    """True when the near copy holds turns after the newest one Redis has: Redis lost acknowledged writes."""
    if not stored_items:
        return bool(near_items)
    try:
        return near_items.index(stored_items[-1]) < len(near_items) - 1
    except ValueError:  # Redis has a newer turn than the copy (a concurrent writer): Redis is right
        return False


class FailoverStore(ConversationStore):
    """ConversationStore over a RedisConversationStore, a CachelibConversationStore and a CircuitBreaker."""

    def __init__(self, primary, fallback, breaker, flush_seconds=FLUSH_SECONDS):
        super().__init__(primary.ttl_seconds, primary.max_pairs, primary.max_age_seconds)
        self.primary, self.fallback, self.breaker = primary, fallback, breaker
        self.near_copy = NearCopy(fallback, flush_seconds)
        self.checked = Checked()
        self.outages = fallback.cache.marker("outage")  # renewed whenever the host store may hold what Redis lacks

    @property
    def name(self):
        """Where calls go now: "redis", or "cachelib" while the breaker is open."""
        return "redis" if self.breaker.is_closed else "cachelib"

    @property
    def client(self):
        """The redis-py client (shared with the rate limiter)."""
        return self.primary.client

    def attempt(self, on_redis, on_fallback, session_id=None):
        """on_redis() when the breaker allows it and Redis answers, else on_fallback(): the one failover rule.

        on_redis must make at most one Redis write, so a failure never leaves half a change to redo.
        `session_id`: the session on_fallback serves, whose near copy must be in the host store first."""
        if not self.breaker.allow():
            return self._from_host(on_fallback, session_id)
        try:
            if not self.breaker.is_closed:  # this call is the probe: a write, so a Redis still refusing writes stays out
                self.primary.probe()
            result = on_redis()
        except REDIS_ERRORS as error:
            cause = fault_cause(error)
            if cause is None:  # a data error (e.g. a planted key of the wrong type): Redis is fine
                self.breaker.succeeded()
                raise
            first = not self.breaker.last_use_failed
            self.breaker.failed(cause)
            return self._from_host(on_fallback, session_id, first)
        self.breaker.succeeded()
        return result

    def _from_host(self, on_fallback, session_id, first_failure=False):
        """on_fallback() once the host store has the session's near copy: this worker's (and at a first failure,
        the other workers')."""
        if session_id is not None:
            self.near_copy.flush(session_id)
        if first_failure:  # the other workers' copies of turns Redis took just before failing are on their way
            time.sleep(SETTLE_SECONDS)
        try:
            return on_fallback()
        finally:
            self.outages.renew()  # every worker looks at its sessions' near copies again

    def exists(self, session_id):
        return self.attempt(lambda: self.primary.exists(session_id), lambda: self.fallback.exists(session_id),
                            session_id)

    def read(self, session_id):
        return self.attempt(lambda: self._read_redis(session_id, self.primary.read),
                            lambda: self.fallback.read(session_id), session_id)

    def read_session(self, session_id):
        return self.attempt(lambda: self._read_redis(session_id, self.primary.read_session),
                            lambda: self.fallback.read_session(session_id), session_id)

    def write_record(self, session_id, record):
        def on_redis():
            self.primary.write_record(session_id, record)
            self.near_copy.mirror(session_id, record=record)

        self.attempt(on_redis, lambda: self.fallback.write_record(session_id, record), session_id)

    def append_turn(self, session_id, user_message, assistant_message, preferences=None):
        pair = (user_message, assistant_message, preferences)

        def on_redis():
            window = self.primary.append_returning_window(session_id, *pair)
            if window is None and self._move(session_id, lost=True):  # it lived on the host store only
                window = self.primary.append_returning_window(session_id, *pair)
            if window is None:
                return False
            self.near_copy.mirror(session_id, window=window, preferences=preferences)
            self.checked.saw(session_id, window)
            return True

        return self.attempt(on_redis, lambda: self.fallback.append_turn(session_id, *pair), session_id)

    def write_preferences(self, session_id, preferences):
        def on_redis():
            written = self.primary.write_preferences(session_id, preferences)
            if not written and self._move(session_id, lost=True):  # it lived on the host store only
                written = self.primary.write_preferences(session_id, preferences)
            if written:
                self.near_copy.mirror(session_id, preferences=preferences)
            return written

        return self.attempt(on_redis, lambda: self.fallback.write_preferences(session_id, preferences), session_id)

    def clear(self, session_id):
        self.near_copy.forget(session_id)
        self.checked.forget(session_id)

        def on_redis():
            # The tombstone first: a racing read that finds Redis empty must not put the session back.
            existed = self.fallback.clear(session_id, pending=True)
            existed = self.primary.clear(session_id) or existed
            self.fallback.clear(session_id, pending=False)
            return existed

        return self.attempt(on_redis, lambda: self.fallback.clear(session_id, pending=True), session_id)

    def set_aside(self, session_id, seconds):
        # The host store's copy goes aside first, whole: its tombstone stops a racing read that finds Redis
        # empty from putting the session back, and an undo then works from either store.
        self.near_copy.flush(session_id)
        self.checked.forget(session_id)
        kept_here = self.fallback.set_aside(session_id, seconds, pending=True)

        def on_redis():
            existed = self.primary.set_aside(session_id, seconds) or kept_here
            self.fallback.clear(session_id, pending=False)
            return existed

        return self.attempt(on_redis, lambda: kept_here, session_id)

    def restore(self, session_id):
        def on_redis():
            if not self.primary.restore(session_id):
                # Set aside while Redis failed: the host store puts it back, Redis gets it on the next read.
                restored = self.fallback.restore(session_id)
                self.outages.renew()
                return restored
            if not self.fallback.restore(session_id, pending=False):  # the near copy back too, else no tombstone
                self.fallback.clear(session_id)
            return True

        return self.attempt(on_redis, lambda: self.fallback.restore(session_id), session_id)

    def ttl_seconds_left(self, session_id):
        return self.attempt(lambda: self.primary.ttl_seconds_left(session_id),
                            lambda: self.fallback.ttl_seconds_left(session_id), session_id)

    def ping(self):
        return self.attempt(self.primary.ping, lambda: False)

    def _read_redis(self, session_id, read):
        """read(session_id) from Redis, or what the host store holds that Redis lacks, moved there first.

        The near copy is looked at only when Checked cannot tell that it holds nothing Redis lacks."""
        token = self.outages.token()  # before the read: a change after it is seen by the next read
        snapshot = read(session_id)
        if snapshot is not None and self.checked.agrees(session_id, token, snapshot.items):
            return snapshot
        self.near_copy.flush(session_id)  # the near copy as this worker last gave it
        near = self.fallback.peek(session_id)
        if near and near["pending"]:
            return self._move(session_id)
        if near and not near["cleared"] and (snapshot is None or continues(near["messages"], snapshot.items)):
            return self._move(session_id, lost=True)
        if snapshot is not None:
            expires_at = near.get("expires_at") if near else None
            if near is None:  # only fill a gap: what a read saw can be older than a racing turn's window
                self.near_copy.mirror(session_id, record=snapshot.record, window=snapshot.items,
                                      preferences=snapshot.preferences)
            if not isinstance(expires_at, (int, float)):
                expires_at = time.time() + self.ttl_seconds
            self.checked.note(session_id, token, snapshot.items, expires_at)
        return snapshot

    def _move(self, session_id, lost=False):
        """Put the host store's entry into Redis (pending, or `lost` by Redis); the Snapshot moved, else None."""
        self.near_copy.flush(session_id)
        self.checked.forget(session_id)
        with self.fallback.locked(session_id):
            near = self.fallback.peek(session_id)
            if near is None:
                return None
            if not (near["pending"] or lost):
                return self.primary.read(session_id)  # another worker moved it meanwhile
            if not near["pending"] and self.primary.was_cleared(session_id):
                # Another host cleared it (its near copy here is stale): Redis lost nothing.
                self.fallback.put(session_id, {**near, "cleared": True}, TOMBSTONE_SECONDS)
                return None
            if near["cleared"]:
                self.primary.clear(session_id)
                self.fallback.put(session_id, {**near, "pending": False}, TOMBSTONE_SECONDS)
                return None
            if self.outlived(near["record"]):
                self.primary.clear(session_id)
                self.fallback.cache.delete(session_key(session_id))
                return None
            items = [m for m in near["messages"] if isinstance(m, str)]
            stored = self.primary.read(session_id)
            if stored is not None:  # other hosts may have written turns meanwhile: keep theirs too
                items = merged(stored.items, items)
            snapshot = Snapshot(near["record"], self.fallback.window(items), preferences_of(near))
            if not near["pending"] and stored is not None and snapshot.items == stored.items:
                return stored  # Redis lacked nothing: the copy had a turn newer than the read (a racing writer)
            self.primary.replace(session_id, snapshot)
            self.fallback.put(session_id, {**near, "messages": snapshot.items, "pending": False})
        if lost:  # what made Redis lose this session's turns (a restart, a failover) may have taken others'
            self.outages.renew()
        return snapshot
