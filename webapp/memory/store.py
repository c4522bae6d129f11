"""The storage interface every conversation backend implements, and the key layout they share.

A session owns up to three keys: its record `session:<id>` (the Flask-Session blob, which also marks that the
session exists), its history `{session:<id>}:history` and its preferences `{session:<id>}:prefs` (a JSON object,
absent when there are none). The braces are a Redis Cluster hash tag that puts them in the same slot as the
record, so one script can touch all three.
"""
import hashlib
import logging
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from .ids import new_session_id
from .messages import decode_history

SESSION_KEY_PREFIX = "session:"
log = logging.getLogger("webapp.memory")


def session_key(session_id):
    """Key of the session record (the Flask-Session blob)."""
    return SESSION_KEY_PREFIX + session_id


def history_key(session_id):
    """Key of the message list, hash-tagged into the session record's cluster slot."""
    return "{" + session_key(session_id) + "}:history"


def preferences_key(session_id):
    """Key of the session's preferences (a JSON object), in the session record's cluster slot."""
    return "{" + session_key(session_id) + "}:prefs"


def aside_preferences_key(session_id):
    """Where a restorable clear keeps the preferences, beside aside_keys."""
    return "{" + session_key(session_id) + "}:cleared-prefs"


def aside_keys(session_id):
    """Where a restorable clear keeps the record and the history: hash-tagged into the session's slot."""
    tag = "{" + session_key(session_id) + "}"
    return tag + ":cleared", tag + ":cleared-history"


def cleared_key(session_id):
    """Key marking that a session was cleared: a digest, not the id, as it outlives the session it names."""
    return "cleared:" + hashlib.sha256(session_id.encode("utf-8", "replace")).hexdigest()[:32]


@dataclass(frozen=True)
class Snapshot:
    """What a store holds for one session: its record (the Flask-Session data), messages and preferences."""

    record: dict
    items: list = field(default_factory=list)  # message strings as stored (Message.to_json), oldest first
    preferences: dict = field(default_factory=dict)  # what the shopper stated that outlives the window


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
    def exists(self, session_id):
        """True when the session is stored and not expired."""

    @abstractmethod
    def read(self, session_id):
        """The session's Snapshot, renewing its TTL; None when unknown.

        A session past its absolute lifetime is deleted and counts as unknown."""

    @abstractmethod
    def read_session(self, session_id):
        """The Snapshot a request opens its session with, in one read renewing its TTL; None when unknown.

        The record is as stored (past the absolute lifetime too: load decides); ValueError when it is not
        a JSON object this app wrote."""

    def load(self, session_id, snapshot=None):
        """The session's history as complete pairs, oldest first, renewing its TTL; None when unknown.

        `snapshot`: what read_session returned for this request, so the history costs no second read."""
        conversation = self.load_conversation(session_id, snapshot)
        return None if conversation is None else conversation[0]

    def load_conversation(self, session_id, snapshot=None):
        """(history as complete pairs, preferences dict) renewing the TTL, in one read; None when unknown.

        `snapshot` as for load."""
        if snapshot is None:
            snapshot = self.read(session_id)
        elif self.outlived(snapshot.record):
            self.clear(session_id)
            snapshot = None
        if snapshot is None:
            return None
        return decode_history(snapshot.items, log, session_id[:6]), snapshot.preferences

    @abstractmethod
    def write_record(self, session_id, record):
        """Store the session record with a full TTL (the history keeps its own)."""

    @abstractmethod
    def append_turn(self, session_id, user_message, assistant_message, preferences=None):
        """Atomically append one pair, trim to the window, renew TTLs; False when the session is gone.

        `preferences` (a dict, {} for none) replaces the stored ones in the same atomic step; None leaves them."""

    @abstractmethod
    def write_preferences(self, session_id, preferences):
        """Replace the session's preferences (a dict, {} for none); False when the session is gone."""

    def create(self, session_id=None):
        """Store a new empty session and return its id (fresh and random unless the server passes one)."""
        session_id = session_id or new_session_id()
        self.write_record(session_id, {"created_at": time.time()})
        return session_id

    @abstractmethod
    def clear(self, session_id):
        """Delete the session, its history and its preferences; True when anything existed."""

    @abstractmethod
    def set_aside(self, session_id, seconds):
        """Clear the session restorably: it is gone, but restore() brings it back within `seconds`; True when it existed."""

    @abstractmethod
    def restore(self, session_id):
        """Put back a session set aside (with full TTLs); True when it was still kept."""

    @abstractmethod
    def ttl_seconds_left(self, session_id):
        """Seconds until the session expires, or None when unknown."""

    @abstractmethod
    def ping(self):
        """True when the backend answers."""

    def history(self, session_id):
        """The history of a session, or an empty list when it is unknown."""
        return self.load(session_id) or []
