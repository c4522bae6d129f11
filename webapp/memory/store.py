"""The storage interface every conversation backend implements, and the key layout they share.

A session owns two keys: its record `session:<id>` (the Flask-Session blob, which also marks that the
session exists) and its history `{session:<id>}:history`. The braces are a Redis Cluster hash tag that
puts the history in the same slot as the record, so one script can touch both.
"""
import logging
import time
from abc import ABC, abstractmethod

SESSION_KEY_PREFIX = "session:"
log = logging.getLogger("webapp.memory")


def session_key(session_id):
    """Key of the session record (the Flask-Session blob)."""
    return SESSION_KEY_PREFIX + session_id


def history_key(session_id):
    """Key of the message list, hash-tagged into the session record's cluster slot."""
    return "{" + session_key(session_id) + "}:history"


class ConversationStore(ABC):
    """A windowed conversation per session id; every read or write renews the TTL of all its keys."""

    name = "abstract"

    def __init__(self, ttl_seconds, max_pairs, max_age_seconds=None):
        self.ttl_seconds = ttl_seconds
        self.max_pairs = max_pairs
        self.max_age_seconds = max_age_seconds

    def outlived(self, record):
        """True when a session record is older than the absolute lifetime (or unreadable)."""
        if self.max_age_seconds is None:
            return False
        created_at = record.get("created_at") if isinstance(record, dict) else None
        if not isinstance(created_at, (int, float)) or isinstance(created_at, bool):
            return False  # a record without a birth date (older format) ages from now on
        return time.time() - created_at > self.max_age_seconds

    @abstractmethod
    def create(self, session_id=None):
        """Store a new empty session and return its id (fresh and random unless the server passes one)."""

    @abstractmethod
    def exists(self, session_id):
        """True when the session is stored and not expired."""

    @abstractmethod
    def load(self, session_id):
        """The session's history as complete pairs, oldest first, renewing its TTL; None when unknown.

        A session past its absolute lifetime is deleted and counts as unknown."""

    @abstractmethod
    def append_turn(self, session_id, user_message, assistant_message):
        """Atomically append one pair, trim to the window, renew TTLs; False when the session is gone."""

    @abstractmethod
    def clear(self, session_id):
        """Delete the session and its history; True when anything existed."""

    @abstractmethod
    def ttl_seconds_left(self, session_id):
        """Seconds until the session expires, or None when unknown."""

    @abstractmethod
    def ping(self):
        """True when the backend answers."""

    def history(self, session_id):
        """The history of a session, or an empty list when it is unknown."""
        return self.load(session_id) or []
