"""The message model stored in a conversation window, and its stored form (compact JSON, decoded by msgspec)."""
import time
from typing import Literal

import msgspec

ROLES = ("user", "assistant")


class Message(msgspec.Struct, frozen=True, omit_defaults=True, rename={"timestamp": "ts", "metadata": "meta"}):
    """One chat message; `metadata` carries structured facts later turns use (e.g. product ids shown)."""

    role: Literal["user", "assistant"]
    content: str
    timestamp: float = msgspec.field(default_factory=time.time)
    metadata: dict = msgspec.field(default_factory=dict)

    def to_json(self):
        """Encode as a compact JSON string (the stored form: role, content, ts, and meta unless empty)."""
        return _ENCODER.encode(self).decode()

    @classmethod
    def from_json(cls, raw):
        """Decode the stored form; raise ValueError when it is not a message this app wrote."""
        try:
            return _DECODER.decode(raw)
        except msgspec.DecodeError as error:  # ValidationError too: a wrong role, type or missing field
            raise ValueError(f"stored message is not readable: {error}") from None


# Built once: msgspec compiles the type's decoder and encoder when they are made.
_ENCODER = msgspec.json.Encoder()
_DECODER = msgspec.json.Decoder(Message)


def complete_pairs(messages):
    """Keep only adjacent (user, assistant) pairs, in order: a window never holds half a pair."""
    kept = []
    i = 0
    while i + 1 < len(messages):
        if messages[i].role == "user" and messages[i + 1].role == "assistant":
            kept += messages[i : i + 2]
            i += 2
        else:
            i += 1
    return kept


def decode_history(raw_items, logger, session_hint):
    """Decode stored items into complete pairs; anything unreadable is dropped with one warning."""
    messages, bad = [], 0
    for raw in raw_items:
        try:
            messages.append(Message.from_json(raw))
        except (ValueError, TypeError, UnicodeDecodeError):
            bad += 1
    paired = complete_pairs(messages)
    if bad or len(paired) != len(messages):
        logger.warning("ignored %d unreadable stored message(s) in session %s", bad + len(messages) - len(paired), session_hint)
    return paired


class _Said(msgspec.Struct):
    """The one field of a stored message that orders it."""

    ts: float = 0.0


_SAID = msgspec.json.Decoder(_Said)


def said_at(item):
    """The time a stored message was said, 0 when unreadable."""
    try:
        return _SAID.decode(item).ts
    except (msgspec.DecodeError, TypeError):
        return 0.0


def merged(*windows):
    """The user/assistant pairs of all windows of stored messages, each once, in the order they were said."""
    said = {}
    for items in windows:
        for question, answer in zip(items[::2], items[1::2]):
            if (question, answer) not in said:
                said[question, answer] = said_at(question)
    return [item for pair in sorted(said, key=said.get) for item in pair]
