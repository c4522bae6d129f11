"""Conversation store on Redis: one round trip per history read and one per appended turn."""
import json
import time

import redis

from .ids import new_session_id
from .messages import decode_history
from .store import ConversationStore, history_key, log, session_key

# Append a pair, trim to the window and renew both TTLs in one atomic step. Refuses when the session
# record is gone, so a turn racing a clear cannot bring the cleared history back. History of the wrong
# type (planted or corrupt) is replaced instead of failing every later turn.
APPEND_TURN_LUA = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local kind = redis.call('TYPE', KEYS[2])['ok']
if kind ~= 'list' and kind ~= 'none' then redis.call('DEL', KEYS[2]) end
redis.call('RPUSH', KEYS[2], ARGV[1], ARGV[2])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[3]), -1)
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
return 1
"""


def new_record():
    """The stored form of a fresh session record, as the JSON session serializer writes it."""
    return json.dumps({"created_at": time.time()}).encode()


def _record(raw):
    """The decoded session record, or {} when it is not JSON."""
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return {}


class RedisConversationStore(ConversationStore):
    """ConversationStore over a shared redis-py client."""

    name = "redis"

    def __init__(self, client, ttl_seconds, max_pairs, max_age_seconds=None):
        super().__init__(ttl_seconds, max_pairs, max_age_seconds)
        self.client = client
        self._append_turn = client.register_script(APPEND_TURN_LUA)

    def create(self, session_id=None):
        session_id = session_id or new_session_id()
        self.client.set(session_key(session_id), new_record(), ex=self.ttl_seconds)
        return session_id

    def exists(self, session_id):
        return bool(self.client.exists(session_key(session_id)))

    def load(self, session_id):
        record, history = session_key(session_id), history_key(session_id)
        pipe = self.client.pipeline(transaction=False)
        pipe.get(record)
        pipe.lrange(history, 0, -1)
        pipe.expire(record, self.ttl_seconds)
        pipe.expire(history, self.ttl_seconds)
        found, items, *_ = pipe.execute(raise_on_error=False)
        if isinstance(found, redis.ResponseError):
            found = b"{}"  # a record of the wrong type still marks a session Flask-Session cannot read
        elif isinstance(found, Exception):
            raise found
        if found is None:
            return None
        if self.outlived(_record(found)):
            self.clear(session_id)
            return None
        if isinstance(items, redis.ResponseError):
            log.warning("ignored history of the wrong type in session %s", session_id[:6])
            return []
        if isinstance(items, Exception):
            raise items
        return decode_history(items, log, session_id[:6])

    def append_turn(self, session_id, user_message, assistant_message):
        keys = [session_key(session_id), history_key(session_id)]
        args = [user_message.to_json(), assistant_message.to_json(), 2 * self.max_pairs, self.ttl_seconds]
        return bool(self._append_turn(keys=keys, args=args))

    def clear(self, session_id):
        return self.client.delete(session_key(session_id), history_key(session_id)) > 0

    def ttl_seconds_left(self, session_id):
        ttl = self.client.ttl(session_key(session_id))
        return ttl if ttl >= 0 else None

    def ping(self):
        try:
            return bool(self.client.ping())
        except redis.RedisError:
            return False
