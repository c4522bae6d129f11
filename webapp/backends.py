"""The storage of this process: one store (Redis behind a breaker, or the host store) seen two ways,
as Flask-Session's interface and as the conversation store.

Flask-Session has no fallback, so its interface here keeps no storage of its own: its three storage
hooks call the store, which fails over per call.
"""
import base64
import hashlib
import hmac
import logging
import os
from dataclasses import dataclass

import redis
from flask import request
from flask_session.base import ServerSideSession, ServerSideSessionInterface

from .memory import ConversationStore, is_well_formed
from .memory.breaker import CircuitBreaker
from .memory.cachelib_store import CachelibConversationStore
from .memory.failover import FailoverStore
from .memory.host_cache import HostCache
from .memory.redis_store import RedisConversationStore
from .redis_client import make_redis_client, redact, redis_answers

log = logging.getLogger("webapp.backends")

# Paths that never read the cookie session: the API is keyed by its body, static files and health by nothing.
SESSIONLESS_PREFIXES = ("/static/", "/api/", "/healthz")


CSRF_FIELD = "csrf_token"  # where Flask-WTF looks for its per-session secret
CSRF_KEY = "csrf_key"  # the record field the secret is derived from; carried over when the id rotates
ISSUED_MAC_CHARS = 22


class RedisUnavailable(RuntimeError):
    """SESSION_BACKEND=redis but Redis did not answer at start-up."""


class BrowserSession(ServerSideSession):
    """A session whose CSRF secret is derived, never stored: HMAC(SECRET_KEY, csrf_key or the session id).

    Flask-WTF reads session["csrf_token"]; deriving it lets a page view's form be valid with nothing
    stored, and keeps the check working while Redis is down.
    """

    signing_key = b""
    lost = False  # the browser's cookie named a session that is gone (expired or cleared)

    def __contains__(self, key):
        return key == CSRF_FIELD or super().__contains__(key)

    def __getitem__(self, key):
        if key != CSRF_FIELD:
            return super().__getitem__(key)
        binding = super().get(CSRF_KEY) or self.sid
        return hmac.new(self.signing_key, b"csrf:" + str(binding).encode(), hashlib.sha256).hexdigest()

    def __setitem__(self, key, value):
        if key != CSRF_FIELD:  # Flask-WTF never needs to store a secret of its own
            super().__setitem__(key, value)


class StoreSessionInterface(ServerSideSessionInterface):
    """Flask-Session over the records of a ConversationStore; only ids of our own shape are looked up."""

    session_class = BrowserSession

    def __init__(self, app, store):
        super().__init__(app, key_prefix="", permanent=False)
        self.store = store

    def open_session(self, app, request):
        """The stored session, or an unsaved one: new, or issued by an earlier page view (cookie "<id>.<mac>")."""
        sid, issued = self._cookie_id(app, request.cookies.get(app.config["SESSION_COOKIE_NAME"], ""))
        data = None
        if sid and not request.path.startswith(SESSIONLESS_PREFIXES):
            data = self._retrieve_session_data(sid)
        if data is not None:
            session = self.session_class(data, sid=sid)
        elif sid and issued:
            session = self.session_class(sid=sid, permanent=self.permanent)
        else:
            session = self.session_class(sid=self._generate_sid(self.sid_length), permanent=self.permanent)
            session.lost = sid is not None and not request.path.startswith(SESSIONLESS_PREFIXES)
        session.signing_key = app.secret_key.encode()
        return session

    def save_session(self, app, session, response):
        """Flask-Session's save; a page's unsaved session gets the cookie "<id>.<mac>", storing nothing."""
        super().save_session(app, session, response)
        if session.modified or request.path.startswith(SESSIONLESS_PREFIXES) or "created_at" in session:
            return
        response.set_cookie(app.config["SESSION_COOKIE_NAME"], f"{session.sid}.{self._mac(app, session.sid)}",
                            httponly=True, secure=self.get_cookie_secure(app), samesite="Lax", path="/")
        response.vary.add("Cookie")

    def _cookie_id(self, app, value):
        """(session id, issued-but-unsaved?) from a cookie value; (None, False) when it is not one of ours."""
        sid, _, mac = value.partition(".")
        if not is_well_formed(sid):
            return None, False
        if not mac:
            return sid, False
        return (sid, True) if hmac.compare_digest(mac, self._mac(app, sid)) else (None, False)

    def _mac(self, app, sid):
        """The signature that marks a session id as issued by this app's page."""
        digest = hmac.new(app.secret_key.encode(), b"issued:" + sid.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode()[:ISSUED_MAC_CHARS]

    def _retrieve_session_data(self, store_id):
        try:
            return self.store.read_record(store_id)
        except (ValueError, UnicodeDecodeError, redis.ResponseError):
            log.warning("ignored an unreadable session record; starting a new session")
            return None

    def _upsert_session(self, session_lifetime, session, store_id):
        self.store.write_record(store_id, dict(session))

    def _delete_session(self, store_id):
        self.store.clear(store_id)


@dataclass(frozen=True)
class Backend:
    """One store seen two ways: the Flask-Session interface and the conversation store."""

    session_interface: object
    store: ConversationStore
    host_cache: HostCache

    @property
    def name(self):
        """Where sessions are served from right now: "redis" or "cachelib"."""
        return self.store.name

    @property
    def serving_locally(self):
        """True while Redis is configured but failing, so sessions live on the host store."""
        return isinstance(self.store, FailoverStore) and not self.store.breaker.is_closed

    def healthy(self):
        """True unless requests are being served from the fallback (a probe of Redis when one is due)."""
        return not isinstance(self.store, FailoverStore) or self.store.ping()


def host_store(settings, directory):
    """The host-shared store in `directory` holding FALLBACK_MAX_SESSIONS sessions (one entry each)."""
    cache = HostCache(directory, threshold=settings.fallback_max_sessions, default_timeout=settings.session_ttl_seconds)
    return CachelibConversationStore(cache, settings.session_ttl_seconds, settings.history_max_pairs,
                                     settings.session_max_age_seconds)


def choose_backend(app, settings):
    """Build the backend SESSION_BACKEND asks for and log the choice in one line."""
    directory = settings.fallback_dir or os.path.join(app.instance_path, "fallback")
    fallback = host_store(settings, os.path.join(directory, "sessions"))
    limits_cache = HostCache(os.path.join(directory, "limits"), threshold=0, default_timeout=60)
    if settings.session_backend == "cachelib":
        log.info("session backend: cachelib (SESSION_BACKEND=cachelib; Redis not used)")
        return Backend(StoreSessionInterface(app, fallback), fallback, limits_cache)
    url_shown = redact(settings.redis_url)
    answered = redis_answers(settings.redis_url)
    if answered:
        log.info("session backend: redis at %s", url_shown)
    elif settings.session_backend == "redis":
        raise RedisUnavailable(
            f"SESSION_BACKEND=redis but Redis at {url_shown} did not answer; start Redis, fix REDIS_URL, "
            "or set SESSION_BACKEND=auto to fall back to the host store"
        )
    else:
        log.warning("session backend: cachelib fallback, Redis at %s did not answer; trying it again "
                    "every 10-60 s (history lives on this host meanwhile)", url_shown)
    primary = RedisConversationStore(make_redis_client(settings.redis_url), settings.session_ttl_seconds,
                                     settings.history_max_pairs, settings.session_max_age_seconds)
    store = FailoverStore(primary, fallback, CircuitBreaker(open_at_start=not answered))
    return Backend(StoreSessionInterface(app, store), store, limits_cache)

