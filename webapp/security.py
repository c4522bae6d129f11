"""CSRF protection for the page, rate limits, and security headers on every response."""
import hashlib
import json
import math
import threading
import time
from urllib.parse import unquote_to_bytes

from flask import abort, current_app, g, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect, generate_csrf
from limits import parse

from . import limits_storage  # also registers the failover:// and host:// storages
from .backends import CSRF_FIELD
from .errors import page_error
from .memory.failover import FailoverStore

csrf = CSRFProtect()

# Defaults from the reliability checklist: per client address, and per conversation.
TURNS_PER_ADDRESS = "60/minute"
TURNS_PER_SESSION = "20/minute"
CLEARS_PER_ADDRESS = "10/minute"
NEW_SESSIONS_PER_ADDRESS = parse("30/minute")
KEY_PREFIX = "ratelimit"
TURNS = "turns"  # the scope of the chat views' one limit: a pair, per client address and per conversation
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
SECURITY_HEADERS = (("Content-Security-Policy", CSP), ("X-Content-Type-Options", "nosniff"),
                    ("Referrer-Policy", "same-origin"), ("X-Frame-Options", "DENY"))
SIGNED_TOKENS = 10_000  # per worker: a token is some 100 bytes; forgetting one costs one signing


def init_app(app, settings, backend):
    """Bind CSRF (not for the cookie-less API), rate limits on the chat views, and response headers."""
    app.config.update(
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the browser's csrf_key cookie
        RATELIMIT_ENABLED=settings.ratelimit_enabled,
        RATELIMIT_KEY_PREFIX=KEY_PREFIX,
    )
    # Both before Flask-WTF's check, which parses the form: a cross-site post is 403 either way.
    app.before_request(refuse_cross_site)
    app.before_request(refuse_undecodable_form)
    csrf.init_app(app)
    csrf.exempt(app.blueprints["api"])
    app.extensions["signed_tokens"] = SignedTokens(SIGNED_TOKENS)
    app.jinja_env.globals["csrf_token"] = page_token  # in place of Flask-WTF's generate_csrf
    # Counters go where the sessions go: Redis through the same breaker and client (so the same short
    # timeouts), else the host's shared counters. One limiter per app, wrapped around the registered
    # views by endpoint so blueprints stay free of app state.
    options = {"cache": backend.host_cache, "pairs": {TURNS: parse(TURNS_PER_SESSION)}}
    if isinstance(backend.store, FailoverStore):
        storage_uri, options = "failover://", {**options, "store": backend.store}
    else:
        storage_uri = "host://"
    # No X-RateLimit-* headers: each costs a window read per request; Retry-After is read only when one refuses.
    limiter = Limiter(get_remote_address, app=app, headers_enabled=False, storage_uri=storage_uri,
                      storage_options=options)
    app.extensions["limiter"] = limiter
    if limiter.enabled:
        _limit_views(app, limiter)
    app.after_request(_headers)


def _limit_views(app, limiter):
    """A turn's two limits as one Flask-Limiter limit (one round trip), the page's clear its own; nothing else."""
    # Flask-Limiter's before_request pass evaluates application, default and blueprint limits, of which this app
    # has none (the views' limits are checked by their decorators): it would cost every request some 30 µs for nothing.
    app.before_request_funcs[None].remove(limiter._check_request_limit)
    # The per-address limit, paired with the per-conversation one: the storage counts both in one round trip
    # (limits_storage.pair), where a Flask-Limiter limit each would cost a round trip each.
    per_turn = limiter.shared_limit(TURNS_PER_ADDRESS, scope=TURNS, key_func=turn_key)
    for endpoint in ("api.chat", "web.chat"):
        app.view_functions[endpoint] = per_turn(app.view_functions[endpoint])
    app.view_functions["web.clear"] = limiter.limit(CLEARS_PER_ADDRESS)(app.view_functions["web.clear"])


def refuse_cross_site():
    """403 for a state-changing page request that the browser says comes from another site."""
    if request.method in SAFE_METHODS or request.blueprint == "api":
        return
    site = request.headers.get("Sec-Fetch-Site")
    origin = request.headers.get("Origin")
    if site in ("cross-site", "same-site") or (origin is not None and origin != request.host_url.rstrip("/")):
        abort(403, "This request came from another site, so it was refused.")


def refuse_undecodable_form():
    """A page form whose bytes are not UTF-8 gets the page's error message (Werkzeug would keep them as %XX)."""
    if request.method in SAFE_METHODS or request.mimetype != "application/x-www-form-urlencoded":
        return None
    try:
        unquote_to_bytes(request.get_data().replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return page_error(400, "The message contains invalid text (it is not UTF-8), so it was not sent.")
    return None


class SignedTokens:
    """CSRF tokens this worker signed, by the session secret each signs (bounded, oldest forgotten first)."""

    def __init__(self, size):
        self._tokens, self._size, self._lock = {}, size, threading.Lock()

    def get(self, secret):
        """The token signed for `secret`, or None."""
        return self._tokens.get(secret)

    def put(self, secret, token):
        """Keep `token` as the one for `secret`."""
        with self._lock:
            if len(self._tokens) >= self._size:
                del self._tokens[next(iter(self._tokens))]
            self._tokens[secret] = token


def page_token():
    """The CSRF token of this request's forms: the one its post was checked with, else one this worker signed before
    for the same session secret, else a new one (then kept).

    Any of them is as valid as a new one: with no time limit (WTF_CSRF_TIME_LIMIT=None) a token is good as long as
    the session's secret. Reusing one saves the signing (serializing, zlib, HMAC): about 8% of a page view.
    """
    token = g.get(CSRF_FIELD)  # where generate_csrf keeps the request's token
    if token is None and g.get("csrf_valid"):  # Flask-WTF accepted this post's token
        token = request.form.get(CSRF_FIELD) or request.headers.get("X-CSRFToken") or None
    if token is None:
        secret, signed = session[CSRF_FIELD], current_app.extensions["signed_tokens"]
        token = signed.get(secret)
        if token is None:
            token = generate_csrf()
            signed.put(secret, token)
    setattr(g, CSRF_FIELD, token)
    return token


def admit_new_session():
    """Count a new session against the client address; False past NEW_SESSIONS_PER_ADDRESS."""
    limiter = current_app.extensions["limiter"]
    # Laid out as Flask-Limiter lays out its keys (prefix, identity, scope), as the storages read them.
    return not limiter.enabled or limiter.limiter.hit(NEW_SESSIONS_PER_ADDRESS, KEY_PREFIX, get_remote_address(),
                                                      "new-sessions")


def _retry_after(response):
    """Retry-After from the breached limit's window (one read, on refusals only; a pair's, its refusing counter's)."""
    limiter = current_app.extensions["limiter"]
    breached = limiter.current_limit if limiter.enabled else None
    if breached is not None and breached.breached:
        response.headers["Retry-After"] = str(max(1, math.ceil(limiter.storage.get_expiry(breached.key) - time.time())))


def turn_key():
    """The identity of a turn's limit: its client address, paired with its conversation (TURNS_PER_SESSION)."""
    return limits_storage.pair(get_remote_address(), conversation_key())


def conversation_key():
    """A digest naming a turn's conversation: of its session id, else (none yet) of its client address.

    A digest, not the id: limiter keys outlive a clear by up to a minute and must not hold a live secret (and
    a digest holds no `/` or `&`, as a pair needs). The API is keyed by its body's session_id only; it never
    looks at the cookie session.
    """
    if request.blueprint == "api":
        try:
            body = json.loads(request.get_data()) if request.is_json else None
        except (ValueError, RecursionError):  # the view answers 400 for it
            body = None
        session_id = body.get("session_id") if isinstance(body, dict) else None
    else:
        session_id = session.sid
    if not (isinstance(session_id, str) and session_id):
        return "address:" + _digest(get_remote_address())
    return "conversation:" + _digest(session_id)


def _digest(text):
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:32]


def _headers(response):
    """Security headers for every response; a refusal by a rate limit says when that limit resets."""
    if response.status_code == 429:
        _retry_after(response)
    # One pass over the headers a view set, not a lookup per header: a missed lookup raises inside Werkzeug.
    present = {name.lower() for name in response.headers.keys()}
    missing = [(name, value) for name, value in SECURITY_HEADERS if name.lower() not in present]
    if "cache-control" not in present and (request.path.startswith("/api/") or response.mimetype == "text/html"):
        missing.append(("Cache-Control", "no-store"))
    response.headers.extend(missing)
    return response
