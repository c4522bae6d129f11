"""One chat turn: load the window, ask the assistant, store the pair. Shared by the page and the API."""
import logging
import unicodedata
from dataclasses import dataclass

from .assistant import Reply
from .assistant.metadata import stored_form
from .assistant.preferences import Preferences
from .memory import Message, is_well_formed, within_budget

log = logging.getLogger("webapp.chat")


class InvalidMessage(ValueError):
    """A message that cannot be sent; `code` is the API error code, str() the human reason."""

    def __init__(self, code, reason):
        super().__init__(reason)
        self.code = code


def clean_message(value, max_chars):
    """The message stripped of outer white space; InvalidMessage when empty, too long or not plain text."""
    if not isinstance(value, str):
        raise InvalidMessage("invalid_message", "The message must be text.")
    text = value.strip()
    if not text:
        raise InvalidMessage("empty_message", "The message is empty.")
    if len(value) > max_chars:
        raise InvalidMessage("message_too_long", f"The message is longer than {max_chars:,} characters.")
    for char in text:
        category = unicodedata.category(char)
        if category == "Cs" or (category == "Cc" and char not in "\t\n\r"):
            raise InvalidMessage("invalid_message", "The message contains control characters or invalid text.")
    return text


class SessionLimitReached(Exception):
    """Too many new sessions from one client in a short time."""


@dataclass(frozen=True)
class Turn:
    """The outcome of one message: the session it went to, and the stored pair."""

    session_id: str
    session_created: bool
    reply: Reply
    user_message: Message
    assistant_message: Message
    preferences: Preferences = Preferences()  # the shopper's preferences after this turn


class ChatService:
    """Runs turns over a conversation store and an assistant; knows nothing about HTTP."""

    def __init__(self, store, assistant, max_tokens, admit_new_session=lambda: True):
        self.store = store
        self.assistant = assistant
        self.max_tokens = max_tokens
        self.admit_new_session = admit_new_session

    def start(self, session_id=None, counted=False):
        """Create a session (under a server-generated id) and return its id.

        `counted`: a shopper's new conversation, refused with SessionLimitReached past the admission limit."""
        if counted and not self.admit_new_session():
            raise SessionLimitReached()
        return self.store.create(session_id)

    def history(self, session_id, snapshot=None):
        """The stored window (renewing its TTL), or None when the id is unknown or malformed.

        `snapshot`: the session as this request already read it (the page's), so no second read."""
        found = self.conversation(session_id, snapshot)
        return None if found is None else found[0]

    def conversation(self, session_id, snapshot=None):
        """(stored window, Preferences) in one read renewing the TTL, or None when the id is unknown or malformed.

        `snapshot` as for history."""
        found = self.store.load_conversation(session_id, snapshot) if is_well_formed(session_id) else None
        return None if found is None else (found[0], Preferences.from_dict(found[1]))

    def forget_preference(self, session_id, name):
        """Remove one preference (a name of Preferences.chips, or "all"); the Preferences left, None when unknown."""
        found = self.conversation(session_id)
        if found is None:
            return None
        kept = found[1].without(name)
        if kept != found[1] and not self.store.write_preferences(session_id, kept.to_dict()):
            return None
        return kept

    def turn(self, session_id, text, max_results=5, snapshot=None):
        """Answer `text` in the session; an unknown or missing id gets a new session (`snapshot` as for history)."""
        session_id, created, window, preferences = self._open(session_id, snapshot)
        reply = self.assistant.reply(text, window, max_results, preferences)
        return self._store(session_id, created, text, reply, preferences)

    def stream_turn(self, session_id, text, max_results=5):
        """(session id, created, events): the session is opened now; events yields text, then the stored Turn.

        The pair is stored once, complete, when the answer is; a failed answer (the assistant raises) or a reader
        that stops early stores nothing of the turn."""
        session_id, created, window, preferences = self._open(session_id)
        return session_id, created, self._streamed(session_id, created, text, window, preferences, max_results)

    def _streamed(self, session_id, created, text, window, preferences, max_results):
        reply = yield from self.assistant.stream(text, window, max_results, preferences)
        yield self._store(session_id, created, text, reply, preferences)

    def _open(self, session_id, snapshot=None):
        """(session id, whether it was created now, the window within the token budget, the Preferences)."""
        found = self.conversation(session_id, snapshot) if session_id else None
        created = found is None
        if created:
            session_id, found = self.start(counted=True), ([], Preferences())
        history, preferences = found
        return session_id, created, within_budget(history, self.max_tokens), preferences

    def _store(self, session_id, created, text, reply, preferences):
        """Append the finished pair, and the preferences it changed, in one atomic step and return the Turn."""
        user = Message("user", text)
        metadata = {**reply.metadata, "suggestions": reply.suggestions} if reply.suggestions else reply.metadata
        answer = Message("assistant", reply.answer, metadata=stored_form(metadata, reply.answer))
        changed = reply.preferences.to_dict() if reply.preferences is not None else None
        if not self.store.append_turn(session_id, user, answer, changed):
            # The session was cleared while this turn ran: the clear wins, the turn is not stored.
            log.info("session cleared during a turn; the turn was not stored")
        return Turn(session_id, created, reply, user, answer,
                    preferences if reply.preferences is None else reply.preferences)

    def clear(self, session_id, keep_seconds=0):
        """Delete the session, its history and its preferences; True when it existed. With keep_seconds, restore() can undo it that long."""
        if not is_well_formed(session_id):
            return False
        return self.store.set_aside(session_id, keep_seconds) if keep_seconds else self.store.clear(session_id)

    def restore(self, session_id):
        """Undo a clear made with keep_seconds: the restored session's record, or None when it is no longer kept."""
        snapshot = self.store.read_session(session_id) if is_well_formed(session_id) and self.store.restore(session_id) else None
        return None if snapshot is None else snapshot.record

    @property
    def idle_ttl_seconds(self):
        """Seconds a session lives after its latest read or write (each one renews it to this)."""
        return self.store.ttl_seconds
