"""CSRF protection for the page, rate limits, and security headers on every response."""
import hashlib

from flask import request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

# Defaults from the reliability checklist: per client address, and per conversation.
TURNS_PER_ADDRESS = "60/minute"
TURNS_PER_SESSION = "20/minute"
CLEARS_PER_ADDRESS = "10/minute"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")


def init_app(app, settings, backend):
    """Bind CSRF (not for the cookie-less API), rate limits on the chat views, and response headers."""
    app.config.update(
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        RATELIMIT_ENABLED=settings.ratelimit_enabled,
        RATELIMIT_STORAGE_URI=settings.redis_url if backend.name == "redis" else "memory://",
        RATELIMIT_KEY_PREFIX="ratelimit",
    )
    csrf.init_app(app)
    csrf.exempt(app.blueprints["api"])
    # One limiter per app (Flask-Limiter keeps its storage on the instance), wrapped around the
    # registered views by endpoint so blueprints stay free of app state.
    limiter = Limiter(get_remote_address, app=app, headers_enabled=True, in_memory_fallback_enabled=True)
    app.extensions["limiter"] = limiter
    per_address = limiter.shared_limit(TURNS_PER_ADDRESS, scope="turns-per-address")
    per_conversation = limiter.limit(TURNS_PER_SESSION, key_func=conversation_key)
    for endpoint in ("api.chat", "web.chat"):
        app.view_functions[endpoint] = per_address(per_conversation(app.view_functions[endpoint]))
    app.view_functions["web.clear"] = limiter.limit(CLEARS_PER_ADDRESS)(app.view_functions["web.clear"])
    app.after_request(_headers)


def conversation_key():
    """Key for per-conversation limits: a digest of the conversation's session id, else the client address.

    A digest, not the id: limiter keys outlive a clear by up to a minute and must not hold a live secret.
    The API is keyed by its body's session_id only; it never looks at the cookie session.
    """
    if request.blueprint == "api":
        body = request.get_json(silent=True) if request.is_json else None
        session_id = body.get("session_id") if isinstance(body, dict) else None
    else:
        session_id = session.sid
    if not (isinstance(session_id, str) and session_id):
        return "address:" + get_remote_address()
    return "conversation:" + hashlib.sha256(session_id.encode("utf-8", "replace")).hexdigest()[:32]


def _headers(response):
    """Security headers for every response."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if request.path.startswith("/api/") or response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")
    return response
