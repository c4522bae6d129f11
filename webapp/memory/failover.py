"""One store over Redis and the host store: per call, Redis while the breaker allows, else the host store.

Every write that reaches Redis is written through to the host store too (a near copy of each recent
window), so a conversation keeps its context when Redis fails. Whatever the host store holds that Redis
lacks (turns, sessions and clears written during an outage, or turns Redis lost) goes to Redis on the
session's next call that reaches Redis: the whole window is put back in one round trip, merged with what
Redis holds (with several hosts, others may have written the same conversation meanwhile). A session
cleared by another host is not "lost": a clear leaves a marker in Redis for a TTL.
"""
import json

from .breaker import REDIS_ERRORS, fault_cause
from .cachelib_store import TOMBSTONE_SECONDS, preferences_of
from .store import ConversationStore, Snapshot, session_key


def continues(near_items, stored_items):
    """True when the near copy holds turns after the newest one Redis has: Redis lost acknowledged writes."""
    if not stored_items:
        return bool(near_items)
    try:
        return near_items.index(stored_items[-1]) < len(near_items) - 1
    except ValueError:  # Redis has a newer turn than the copy (a concurrent writer): Redis is right
        return False


def merged(stored_items, near_items):
    """Both windows' user/assistant pairs, each once, in the order they were said (by the user message's time)."""
    said_at = {}
    for items in (stored_items, near_items):
        for question, answer in zip(items[::2], items[1::2]):
            said_at.setdefault((question, answer), _timestamp(question))
    return [item for pair in sorted(said_at, key=said_at.get) for item in pair]


def _timestamp(item):
    """The time a stored message was said, 0 when unreadable."""
    try:
        return float(json.loads(item).get("ts", 0))
    except (ValueError, TypeError, AttributeError):
        return 0.0


class FailoverStore(ConversationStore):
    """ConversationStore over a RedisConversationStore, a CachelibConversationStore and a CircuitBreaker."""

    def __init__(self, primary, fallback, breaker):
        super().__init__(primary.ttl_seconds, primary.max_pairs, primary.max_age_seconds)
        self.primary, self.fallback, self.breaker = primary, fallback, breaker

    @property
    def name(self):
        """Where calls go now: "redis", or "cachelib" while the breaker is open."""
        return "redis" if self.breaker.is_closed else "cachelib"

    @property
    def client(self):
        """The redis-py client (shared with the rate limiter)."""
        return self.primary.client

    def attempt(self, on_redis, on_fallback):
        """on_redis() when the breaker allows it and Redis answers, else on_fallback(): the one failover rule.

        on_redis must make at most one Redis write, so a failure never leaves half a change to redo."""
        if not self.breaker.allow():
            return on_fallback()
        try:
            if not self.breaker.is_closed:  # this call is the probe: a write, so a Redis still refusing writes stays out
                self.primary.probe()
            result = on_redis()
        except REDIS_ERRORS as error:
            cause = fault_cause(error)
            if cause is None:  # a data error (e.g. a planted key of the wrong type): Redis is fine
                self.breaker.succeeded()
                raise
            self.breaker.failed(cause)
            return on_fallback()
        self.breaker.succeeded()
        return result

    def exists(self, session_id):
        return self.attempt(lambda: self.primary.exists(session_id), lambda: self.fallback.exists(session_id))

    def read(self, session_id):
        return self.attempt(lambda: self._read_redis(session_id, self.primary.read), lambda: self.fallback.read(session_id))

    def read_session(self, session_id):
        return self.attempt(lambda: self._read_redis(session_id, self.primary.read_session),
                            lambda: self.fallback.read_session(session_id))

    def write_record(self, session_id, record):
        def on_redis():
            self.primary.write_record(session_id, record)
            self.fallback.mirror(session_id, record=record)

        self.attempt(on_redis, lambda: self.fallback.write_record(session_id, record))

    def append_turn(self, session_id, user_message, assistant_message, preferences=None):
        pair = (user_message, assistant_message, preferences)

        def on_redis():
            window = self.primary.append_returning_window(session_id, *pair)
            if window is None and self._move(session_id, lost=True):  # it lived on the host store only
                window = self.primary.append_returning_window(session_id, *pair)
            if window is None:
                return False
            self.fallback.mirror(session_id, window=window, pair=(user_message.to_json(), assistant_message.to_json()),
                                 preferences=preferences)
            return True

        return self.attempt(on_redis, lambda: self.fallback.append_turn(session_id, *pair))

    def write_preferences(self, session_id, preferences):
        def on_redis():
            written = self.primary.write_preferences(session_id, preferences)
            if not written and self._move(session_id, lost=True):  # it lived on the host store only
                written = self.primary.write_preferences(session_id, preferences)
            if written:
                self.fallback.mirror(session_id, preferences=preferences)
            return written

        return self.attempt(on_redis, lambda: self.fallback.write_preferences(session_id, preferences))

    def clear(self, session_id):
        def on_redis():
            # The tombstone first: a racing read that finds Redis empty must not put the session back.
            existed = self.fallback.clear(session_id, pending=True)
            existed = self.primary.clear(session_id) or existed
            self.fallback.clear(session_id, pending=False)
            return existed

        return self.attempt(on_redis, lambda: self.fallback.clear(session_id, pending=True))

    def set_aside(self, session_id, seconds):
        # The host store's copy goes aside first: its tombstone stops a racing read that finds Redis empty
        # from putting the session back, and an undo then works from either store.
        kept_here = self.fallback.set_aside(session_id, seconds, pending=True)

        def on_redis():
            existed = self.primary.set_aside(session_id, seconds) or kept_here
            self.fallback.clear(session_id, pending=False)
            return existed

        return self.attempt(on_redis, lambda: kept_here)

    def restore(self, session_id):
        def on_redis():
            if not self.primary.restore(session_id):
                # Set aside while Redis failed: the host store puts it back, Redis gets it on the next read.
                return self.fallback.restore(session_id)
            if not self.fallback.restore(session_id, pending=False):  # the near copy back too, else no tombstone
                self.fallback.clear(session_id)
            return True

        return self.attempt(on_redis, lambda: self.fallback.restore(session_id))

    def ttl_seconds_left(self, session_id):
        return self.attempt(lambda: self.primary.ttl_seconds_left(session_id),
                            lambda: self.fallback.ttl_seconds_left(session_id))

    def ping(self):
        return self.attempt(self.primary.ping, lambda: False)

    def _read_redis(self, session_id, read):
        """read(session_id) from Redis, first moving there whatever the host store holds that Redis lacks."""
        near = self.fallback.peek(session_id)
        if near and near["pending"]:
            return self._move(session_id)
        snapshot = read(session_id)
        if near and not near["cleared"] and (snapshot is None or continues(near["messages"], snapshot.items)):
            return self._move(session_id, lost=True)
        if snapshot is not None and near is None:  # only fill a gap: a read racing a turn must not undo its copy
            self.fallback.mirror(session_id, record=snapshot.record, window=snapshot.items,
                                 preferences=snapshot.preferences)
        return snapshot

    def _move(self, session_id, lost=False):
        """Put the host store's entry into Redis (pending, or `lost` by Redis); the Snapshot moved, else None."""
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
            self.primary.replace(session_id, snapshot)
            self.fallback.put(session_id, {**near, "pending": False})
        return snapshot

