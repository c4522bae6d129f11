"""Conversation store on the host-shared cache: the fallback, and the near copy of what Redis holds.

One entry per session: {"record", "messages", "preferences", "pending", "cleared", "expires_at"}. `pending` marks an
entry that holds something Redis lacks (turns, a new session or a clear written while Redis failed);
a cleared entry is a tombstone kept until Redis has forgotten the session too.
"""
import time

from .messages import merged
from .store import ConversationStore, Snapshot, aside_keys, session_key

TOMBSTONE_SECONDS = 60  # longer than any turn in flight when the clear happened


def preferences_of(entry):
    """The preferences an entry holds ({} when none, or not a dict)."""
    preferences = entry.get("preferences") if isinstance(entry, dict) else None
    return preferences if isinstance(preferences, dict) else {}


class CachelibConversationStore(ConversationStore):
    """ConversationStore over a HostCache; every write is atomic across the host's workers."""

    name = "cachelib"

    def __init__(self, cache, ttl_seconds, max_pairs, max_age_seconds=None):
        super().__init__(ttl_seconds, max_pairs, max_age_seconds)
        self.cache = cache

    def locked(self, session_id):
        """The host-wide lock of one session (not re-entrant: call only unlocked helpers inside)."""
        return self.cache.locked(session_key(session_id))

    def peek(self, session_id):
        """The raw entry, tombstones included, without renewing it; None when absent or unreadable."""
        entry = self.cache.get(session_key(session_id))
        if not (isinstance(entry, dict) and isinstance(entry.get("record"), dict)
                and isinstance(entry.get("messages"), list)):
            return None
        return {"pending": False, "cleared": False, **entry}

    def exists(self, session_id):
        entry = self.peek(session_id)
        return entry is not None and not entry.get("cleared")

    def read(self, session_id):
        snapshot = self.read_session(session_id)
        if snapshot is not None and self.outlived(snapshot.record):
            self.cache.delete(session_key(session_id))
            return None
        return snapshot

    def read_session(self, session_id):
        with self.locked(session_id):
            entry = self.peek(session_id)
            if entry is None or entry.get("cleared"):
                return None
            self.put(session_id, entry)
        return Snapshot(entry["record"], [m for m in entry["messages"] if isinstance(m, str)], preferences_of(entry))

    def write_record(self, session_id, record, pending=True):
        with self.locked(session_id):
            entry = self.peek(session_id)
            live = entry and not entry.get("cleared")
            self.put(session_id, {"record": record, "messages": entry["messages"] if live else [],
                                  "preferences": preferences_of(entry) if live else {},
                                  "pending": pending or bool(entry and entry.get("pending"))})

    def append_turn(self, session_id, user_message, assistant_message, preferences=None):
        with self.locked(session_id):
            entry = self.peek(session_id)
            if entry is None or entry.get("cleared"):
                return False
            entry["messages"] = self.window(entry["messages"] + [user_message.to_json(), assistant_message.to_json()])
            if preferences is not None:
                entry["preferences"] = preferences
            entry["pending"] = True
            self.put(session_id, entry)
        return True

    def write_preferences(self, session_id, preferences):
        with self.locked(session_id):
            entry = self.peek(session_id)
            if entry is None or entry.get("cleared"):
                return False
            self.put(session_id, {**entry, "preferences": preferences, "pending": True})
        return True

    def clear(self, session_id, pending=None):
        """Delete the session; pending=True/False leaves a tombstone, so a racing write cannot bring it back.

        pending=True: Redis has not seen the clear yet (kept for the TTL); False: a short-lived marker."""
        with self.locked(session_id):
            entry = self.peek(session_id)
            if pending is None:
                self.cache.delete(session_key(session_id))
            else:
                self.put(session_id, {"record": {}, "messages": [], "preferences": {}, "pending": pending, "cleared": True},
                         None if pending else TOMBSTONE_SECONDS)
        return entry is not None and not entry.get("cleared")

    def set_aside(self, session_id, seconds, pending=None):
        """clear(session_id, pending) that keeps the entry aside for `seconds`, for restore()."""
        entry = self.peek(session_id)
        if entry is None or entry.get("cleared"):
            return False
        self.cache.set(aside_keys(session_id)[0], entry, timeout=seconds)
        return self.clear(session_id, pending)

    def restore(self, session_id, pending=True):
        """Put back an entry set_aside kept; pending unless Redis has restored its own copy."""
        with self.locked(session_id):
            kept = self.cache.get(aside_keys(session_id)[0])
            if not (isinstance(kept, dict) and isinstance(kept.get("record"), dict)):
                return False
            self.cache.delete(aside_keys(session_id)[0])
            self.put(session_id, {**kept, "pending": pending, "cleared": False})
        return True

    def mirror(self, session_id, record=None, windows=(), preferences=None):
        """Merge in what Redis held (its record, windows and preferences; None or empty: unchanged); a clear wins.

        Turns are merged by the time they were said, so the entry never loses one: not those it holds that
        Redis lacks (pending), nor those of a newer window another worker wrote first."""
        with self.locked(session_id):
            entry = self.peek(session_id)
            if entry and entry["cleared"]:
                return  # a clear wins over a racing or late write
            entry = entry or {"record": {}, "messages": [], "preferences": {}, "pending": False}
            items = [m for m in entry["messages"] if isinstance(m, str)]
            if windows:
                newest = windows[0]
                for window in windows[1:]:
                    newest = self.combined(newest, window)
                items = self.combined(items, newest, pending=entry["pending"])
            self.put(session_id, {**entry, "record": record or entry["record"], "messages": items,
                                  "preferences": preferences_of(entry) if preferences is None else preferences})

    def combined(self, held, window, pending=False):
        """Two windows as one: the one that continues the other, else both merged by time (always, when `held`
        is pending: its turns Redis lacks may sit anywhere in it)."""
        if not pending:
            if not held or held[-1] in window:
                return window
            if not window or window[-1] in held:
                return held
        return self.window(merged(held, window))

    def ttl_seconds_left(self, session_id):
        entry = self.peek(session_id)
        if entry is None or entry.get("cleared"):
            return None
        expires_at = entry.get("expires_at")
        if not isinstance(expires_at, (int, float)):
            return self.ttl_seconds
        return max(0, min(self.ttl_seconds, round(expires_at - time.time())))

    def ping(self):
        return True

    def window(self, items):
        """The newest max_pairs pairs of stored message strings."""
        return items[-2 * self.max_pairs :]

    def put(self, session_id, entry, ttl_seconds=None):
        """Write an entry with a full TTL (cachelib's get does not renew expiry). Call under the lock."""
        ttl_seconds = ttl_seconds or self.ttl_seconds
        entry = {"cleared": False, **entry, "expires_at": time.time() + ttl_seconds}
        self.cache.set(session_key(session_id), entry, timeout=ttl_seconds)
