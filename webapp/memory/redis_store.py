"""Conversation store on Redis: one round trip per history read and one per appended turn."""
import json

import redis

from .store import (ConversationStore, Snapshot, aside_keys, aside_preferences_key, cleared_key, history_key, log,
                    preferences_key, session_key)

# Setting the preferences key (KEYS[3]) from ARGV[n]: "" leaves it, "{}" (none) deletes it, else the JSON is set.
_SET_PREFERENCES = """
local function set_preferences(value, ttl)
  if value == '{}' then redis.call('DEL', KEYS[3])
  elseif value ~= '' then redis.call('SET', KEYS[3], value, 'EX', ttl) end
end
"""

# Append a pair, trim to the window, set the preferences the turn stated and renew the TTLs in one atomic
# step; returns the window, so the caller can mirror it without a second round trip. Refuses (0) when the
# session record is gone, so a turn racing a clear cannot bring the cleared history or preferences back.
# History of the wrong type (planted or corrupt) is replaced instead of failing every later turn.
APPEND_TURN_LUA = _SET_PREFERENCES + """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local kind = redis.call('TYPE', KEYS[2])['ok']
if kind ~= 'list' and kind ~= 'none' then redis.call('DEL', KEYS[2]) end
redis.call('RPUSH', KEYS[2], ARGV[1], ARGV[2])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
set_preferences(ARGV[5], ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
redis.call('EXPIRE', KEYS[3], ARGV[4])
return redis.call('LRANGE', KEYS[2], 0, -1)
"""

# Replace the preferences of a session that exists (a preference removed on the page); 0 when it is gone.
WRITE_PREFERENCES_LUA = _SET_PREFERENCES + """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
set_preferences(ARGV[1], ARGV[2])
return 1
"""

# Put a whole session back (reconciliation after an outage): record, preferences, then the window, in one step.
REPLACE_LUA = _SET_PREFERENCES + """
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
set_preferences(ARGV[3], ARGV[2])
redis.call('DEL', KEYS[2])
if #ARGV > 3 then
  redis.call('RPUSH', KEYS[2], unpack(ARGV, 4))
  redis.call('EXPIRE', KEYS[2], ARGV[2])
end
return 1
"""

# Move a session's keys KEYS[1..3] (record, history, preferences) onto KEYS[4..6], each with a TTL of ARGV[1]
# seconds; 0 when there is no record to move. A restorable clear moves them aside, its undo moves them back
# (both sets share one slot).
MOVE_SESSION_LUA = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('DEL', KEYS[5], KEYS[6])
for i = 1, 3 do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    redis.call('RENAME', KEYS[i], KEYS[i + 3])
    redis.call('EXPIRE', KEYS[i + 3], ARGV[1])
  end
end
return 1
"""

PROBE_KEY = "breaker:probe"


def _record(raw):
    """The decoded session record, or {} when it is not a JSON object."""
    try:
        record = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return {}
    return record if isinstance(record, dict) else {}


def _preferences(raw):
    """The decoded preferences, or {} when there are none or they are not a JSON object."""
    if isinstance(raw, Exception) or raw is None:
        return {}
    return _record(raw)


def _encoded(preferences):
    """The script argument for preferences: "" to leave them, else compact JSON ("{}" deletes them)."""
    return "" if preferences is None else json.dumps(preferences, separators=(",", ":"), ensure_ascii=False)


def _keys(session_id):
    """The session's three keys, in the order the scripts take them."""
    return [session_key(session_id), history_key(session_id), preferences_key(session_id)]


def _kept_keys(session_id):
    """Where a restorable clear keeps the session's three keys, in the order of _keys."""
    return [*aside_keys(session_id), aside_preferences_key(session_id)]


def _wrong_type(result):
    """True for a pipeline result that is Redis refusing a key of the wrong type (a planted or corrupt key)."""
    return isinstance(result, redis.ResponseError) and str(result).startswith("WRONGTYPE")


def _strict_record(raw):
    """The session record; ValueError for anything this app did not write, pickles included."""
    record = json.loads(raw)
    if not isinstance(record, dict):
        raise ValueError("session record is not a JSON object")
    return record


def _text(items):
    """Stored items as str (they are UTF-8 JSON written by this app)."""
    return [item.decode("utf-8", "replace") if isinstance(item, bytes) else item for item in items]


class RedisConversationStore(ConversationStore):
    """ConversationStore over a shared redis-py client."""

    name = "redis"

    def __init__(self, client, ttl_seconds, max_pairs, max_age_seconds=None):
        super().__init__(ttl_seconds, max_pairs, max_age_seconds)
        self.client = client
        self._append_turn = client.register_script(APPEND_TURN_LUA)
        self._replace = client.register_script(REPLACE_LUA)
        self._write_preferences = client.register_script(WRITE_PREFERENCES_LUA)
        self._move_session = client.register_script(MOVE_SESSION_LUA)

    def exists(self, session_id):
        return bool(self.client.exists(session_key(session_id)))

    def read(self, session_id):
        found, items, stated = self._fetch(session_id)
        if _wrong_type(found):
            found = b"{}"  # a record of the wrong type still marks a session Flask-Session cannot read
        if found is None:
            return None
        if self.outlived(_record(found)):
            self.clear(session_id)
            return None
        return Snapshot(_record(found), items, _preferences(stated))

    def read_session(self, session_id):
        found, items, stated = self._fetch(session_id)
        if _wrong_type(found):
            raise found
        return None if found is None else Snapshot(_strict_record(found), items, _preferences(stated))

    def _fetch(self, session_id):
        """(raw record or its error, stored items, raw preferences) in one pipeline that also renews the TTLs."""
        record, history, prefs = _keys(session_id)
        pipe = self.client.pipeline(transaction=False)
        pipe.get(record)
        pipe.lrange(history, 0, -1)
        pipe.get(prefs)
        pipe.expire(record, self.ttl_seconds)
        pipe.expire(history, self.ttl_seconds)
        pipe.expire(prefs, self.ttl_seconds)
        found, items, stated, *_ = pipe.execute(raise_on_error=False)
        if isinstance(found, Exception) and not _wrong_type(found):
            raise found
        if _wrong_type(items):
            if found is not None:
                log.warning("ignored history of the wrong type in session %s", session_id[:6])
            items = []
        elif isinstance(items, Exception):
            raise items
        return found, _text(items), stated

    def write_record(self, session_id, record):
        self.client.set(session_key(session_id), json.dumps(record, separators=(",", ":")), ex=self.ttl_seconds)

    def append_turn(self, session_id, user_message, assistant_message, preferences=None):
        return self.append_returning_window(session_id, user_message, assistant_message, preferences) is not None

    def append_returning_window(self, session_id, user_message, assistant_message, preferences=None):
        """append_turn that returns the stored window after the append (None when the session is gone)."""
        args = [user_message.to_json(), assistant_message.to_json(), 2 * self.max_pairs, self.ttl_seconds,
                _encoded(preferences)]
        window = self._append_turn(keys=_keys(session_id), args=args)
        return _text(window) if isinstance(window, list) else None

    def write_preferences(self, session_id, preferences):
        return bool(self._write_preferences(keys=_keys(session_id), args=[_encoded(preferences), self.ttl_seconds]))

    def replace(self, session_id, snapshot):
        """Store `snapshot` as the whole session (record, preferences, window), with full TTLs, in one round trip."""
        record = json.dumps(snapshot.record, separators=(",", ":"))
        self._replace(keys=_keys(session_id),
                      args=[record, self.ttl_seconds, _encoded(snapshot.preferences), *snapshot.items])

    def clear(self, session_id):
        # The marker first: another host's near copy of this session must not look like turns Redis lost.
        pipe = self.client.pipeline(transaction=False)
        pipe.set(cleared_key(session_id), b"1", ex=self.ttl_seconds)
        pipe.delete(session_key(session_id))  # one key per DEL: a cluster pipeline takes no multi-key DEL
        pipe.delete(history_key(session_id))
        pipe.delete(preferences_key(session_id))
        return sum(pipe.execute()[1:]) > 0

    def was_cleared(self, session_id):
        """True when a host cleared the session within the last TTL (so Redis did not lose it)."""
        return bool(self.client.exists(cleared_key(session_id)))

    def set_aside(self, session_id, seconds):
        # The marker first, as in clear (it lives in another slot, so the script cannot set it).
        self.client.set(cleared_key(session_id), b"1", ex=self.ttl_seconds)
        return self._move_session(keys=_keys(session_id) + _kept_keys(session_id), args=[seconds]) == 1

    def restore(self, session_id):
        restored = self._move_session(keys=_kept_keys(session_id) + _keys(session_id), args=[self.ttl_seconds]) == 1
        if restored:  # not cleared after all: a near copy may again stand for turns Redis lost
            self.client.delete(cleared_key(session_id))
        return restored

    def ttl_seconds_left(self, session_id):
        ttl = self.client.ttl(session_key(session_id))
        return ttl if ttl >= 0 else None

    def ping(self):
        return bool(self.client.ping())

    def probe(self):
        """One small write with a TTL: raises unless Redis answers and accepts writes (not OOM, not read-only)."""
        self.client.set(PROBE_KEY, b"1", ex=60)
