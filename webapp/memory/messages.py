"""The message model stored in a conversation window."""
import json
import time
from dataclasses import dataclass, field

ROLES = ("user", "assistant")


@dataclass(frozen=True)
class Message:
    """One chat message; `metadata` carries structured facts later turns use (e.g. product ids shown)."""

    role: str
    content: str
    timestamp: float = field(default_factory=time.time)
    metadata: dict = field(default_factory=dict)

    def to_json(self):
        """Encode as a compact JSON string (the stored form)."""
        return json.dumps(
            {"role": self.role, "content": self.content, "ts": self.timestamp, "meta": self.metadata},
            separators=(",", ":"),
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, raw):
        """Decode the stored form; raise ValueError when it is not a message this app wrote."""
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("stored message is not an object")
        role, content, ts, meta = data.get("role"), data.get("content"), data.get("ts"), data.get("meta", {})
        if role not in ROLES or not isinstance(content, str):
            raise ValueError("stored message has no valid role or content")
        if not isinstance(ts, (int, float)) or isinstance(ts, bool) or not isinstance(meta, dict):
            raise ValueError("stored message has no valid timestamp or metadata")
        return cls(role, content, float(ts), meta)


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
