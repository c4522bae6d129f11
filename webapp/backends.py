"""The storage backend of this process: a Flask-Session interface and a conversation store over one store.

Redis is primary; cachelib's SimpleCache is the fallback. Both the session blob and the history live in
the same backend, so one place holds everything about a session.
"""
import json
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

import redis
from cachelib import SimpleCache
from flask_session.cachelib import CacheLibSessionInterface
from flask_session.redis import RedisSessionInterface
from redis.backoff import NoBackoff
from redis.retry import Retry

from .memory import ConversationStore, is_well_formed
from .memory.cachelib_store import CachelibConversationStore
from .memory.redis_store import RedisConversationStore
from .memory.store import SESSION_KEY_PREFIX

log = logging.getLogger("webapp.backends")

# redis-py's defaults let a hung Redis hold a request for about a minute; these bound a failed
# command to about half a second (one retry), well inside gunicorn's worker timeout.
REDIS_TIMEOUT_SECONDS = 0.25
STARTUP_PING_TIMEOUT_SECONDS = 0.5


class RedisUnavailable(RuntimeError):
    """SESSION_BACKEND=redis but Redis did not answer at start-up."""


class JSONSessionSerializer:
    """Flask-Session serializer that never unpickles: stored data is JSON or it is rejected."""

    def encode(self, session):
        """Session contents as JSON bytes."""
        return json.dumps(dict(session), separators=(",", ":")).encode()

    def decode(self, serialized_data):
        """A dict from JSON bytes; ValueError for anything else (pickles included)."""
        data = json.loads(serialized_data)
        if not isinstance(data, dict):
            raise ValueError("session record is not a JSON object")
        return data


class _SafeSessionMixin:
    """Only look up ids of our own shape; treat unreadable records as absent (a new session)."""

    def open_session(self, app, request):
        """Drop a malformed cookie value before Flask-Session looks it up."""
        if not is_well_formed(request.cookies.get(app.config["SESSION_COOKIE_NAME"], "")):
            return self.session_class(sid=self._generate_sid(self.sid_length), permanent=self.permanent)
        return super().open_session(app, request)

    def _retrieve_session_data(self, store_id):
        try:
            data = super()._retrieve_session_data(store_id)
        except (ValueError, UnicodeDecodeError, redis.ResponseError):
            log.warning("ignored an unreadable session record; starting a new session")
            return None
        return data if data is None or isinstance(data, dict) else None


class SafeRedisSessionInterface(_SafeSessionMixin, RedisSessionInterface):
    """Flask-Session's Redis interface with the JSON serializer and the checks above."""

    def __init__(self, app, client):
        super().__init__(app, client=client, key_prefix=SESSION_KEY_PREFIX, permanent=False)
        self.serializer = JSONSessionSerializer()


class SafeCachelibSessionInterface(_SafeSessionMixin, CacheLibSessionInterface):
    """Flask-Session's cachelib interface with the checks above (values stay in this process)."""

    def __init__(self, cache):
        super().__init__(client=cache, key_prefix=SESSION_KEY_PREFIX, permanent=False)


@dataclass(frozen=True)
class Backend:
    """One store seen two ways: the Flask-Session interface and the conversation store."""

    name: str
    session_interface: object
    store: ConversationStore
    chosen_as_fallback: bool = False


def make_redis_client(url):
    """One shared redis-py client with short timeouts and at most one retry."""
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
        retry=Retry(NoBackoff(), 1),
        health_check_interval=30,
    )


def redis_answers(url):
    """Ping Redis once with a short timeout; True when it answers."""
    client = redis.Redis.from_url(url, socket_connect_timeout=STARTUP_PING_TIMEOUT_SECONDS,
                                  socket_timeout=STARTUP_PING_TIMEOUT_SECONDS)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def redis_backend(app, settings):
    """Backend on the Redis at settings.redis_url."""
    client = make_redis_client(settings.redis_url)
    store = RedisConversationStore(client, settings.session_ttl_seconds, settings.history_max_pairs,
                                   settings.session_max_age_seconds)
    return Backend("redis", SafeRedisSessionInterface(app, client), store)


def cachelib_backend(settings, chosen_as_fallback=False):
    """Backend on an in-process SimpleCache holding FALLBACK_MAX_SESSIONS sessions."""
    # Each session is two entries (record and history), so the threshold is twice the session count.
    cache = SimpleCache(threshold=2 * settings.fallback_max_sessions, default_timeout=settings.session_ttl_seconds)
    store = CachelibConversationStore(cache, settings.session_ttl_seconds, settings.history_max_pairs,
                                      settings.session_max_age_seconds)
    return Backend("cachelib", SafeCachelibSessionInterface(cache), store, chosen_as_fallback)


def choose_backend(app, settings):
    """Pick the backend SESSION_BACKEND asks for and log the choice in one line."""
    url_shown = redact(settings.redis_url)
    if settings.session_backend == "cachelib":
        log.info("session backend: cachelib (SESSION_BACKEND=cachelib; Redis not used)")
        return cachelib_backend(settings)
    if redis_answers(settings.redis_url):
        log.info("session backend: redis at %s", url_shown)
        return redis_backend(app, settings)
    if settings.session_backend == "redis":
        raise RedisUnavailable(
            f"SESSION_BACKEND=redis but Redis at {url_shown} did not answer; start Redis, fix REDIS_URL, "
            "or set SESSION_BACKEND=auto to fall back to the in-memory store"
        )
    log.warning("session backend: cachelib fallback, Redis at %s did not answer "
                "(history lives in this process only and is lost on restart)", url_shown)
    return cachelib_backend(settings, chosen_as_fallback=True)


def redact(url):
    """The Redis URL without its password, for logs."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    return url.replace(parts.password, "***", 1)
