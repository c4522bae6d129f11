"""Conversation store on a cachelib cache in this process: the zero set-up fallback.

SimpleCache lives inside one process, so the app runs one worker (with threads) while on this store;
a lock makes each operation atomic across those threads.
"""
import threading
import time

from .ids import new_session_id
from .messages import decode_history
from .store import ConversationStore, history_key, log, session_key


class CachelibConversationStore(ConversationStore):
    """ConversationStore over a cachelib cache shared with Flask-Session's cachelib interface."""

    name = "cachelib"

    def __init__(self, cache, ttl_seconds, max_pairs, max_age_seconds=None):
        super().__init__(ttl_seconds, max_pairs, max_age_seconds)
        self.cache = cache
        self._lock = threading.Lock()

    def create(self, session_id=None):
        session_id = session_id or new_session_id()
        with self._lock:
            self._renew(session_id, {"created_at": time.time()}, [])
        return session_id

    def exists(self, session_id):
        return self.cache.get(session_key(session_id)) is not None

    def load(self, session_id):
        with self._lock:
            record = self.cache.get(session_key(session_id))
            if record is None:
                return None
            if self.outlived(record):
                self.cache.delete_many(session_key(session_id), history_key(session_id))
                return None
            items = self._items(session_id)
            self._renew(session_id, record, items)
        return decode_history(items, log, session_id[:6])

    def append_turn(self, session_id, user_message, assistant_message):
        with self._lock:
            record = self.cache.get(session_key(session_id))
            if record is None:
                return False
            items = self._items(session_id) + [user_message.to_json(), assistant_message.to_json()]
            self._renew(session_id, record, items[-2 * self.max_pairs :])
        return True

    def clear(self, session_id):
        with self._lock:
            existed = self.cache.get(session_key(session_id)) is not None
            self.cache.delete_many(session_key(session_id), history_key(session_id))
        return existed

    def ttl_seconds_left(self, session_id):
        with self._lock:
            if self.cache.get(session_key(session_id)) is None:
                return None
            stored = self.cache.get(history_key(session_id))
        expires_at = stored.get("expires_at") if isinstance(stored, dict) else None
        if not isinstance(expires_at, (int, float)):
            return self.ttl_seconds
        return max(0, min(self.ttl_seconds, round(expires_at - time.time())))

    def ping(self):
        return True

    def _items(self, session_id):
        """Stored message strings; anything else under the key counts as an empty history."""
        stored = self.cache.get(history_key(session_id))
        if stored is None:
            return []
        items = stored.get("messages") if isinstance(stored, dict) else None
        if not isinstance(items, list):
            log.warning("ignored history of the wrong type in session %s", session_id[:6])
            return []
        return items

    def _renew(self, session_id, record, items):
        """Write record and history back with a full TTL (cachelib's get does not renew expiry)."""
        self.cache.set(session_key(session_id), record, timeout=self.ttl_seconds)
        expires_at = time.time() + self.ttl_seconds
        self.cache.set(history_key(session_id), {"messages": items, "expires_at": expires_at}, timeout=self.ttl_seconds)
