"""CSRF protection for the page, rate limits, and security headers on every response."""
from flask import request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True,
                  in_memory_fallback_enabled=True)

CHAT_LIMITS = "60/minute"  # per client address, page and API together
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")


def init_app(app, settings, backend):
    """Bind CSRF, the limiter (stored where the sessions are) and the response headers."""
    app.config.update(
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        RATELIMIT_ENABLED=settings.ratelimit_enabled,
        RATELIMIT_STORAGE_URI=settings.redis_url if backend.name == "redis" else "memory://",
        RATELIMIT_KEY_PREFIX="ratelimit",
    )
    csrf.init_app(app)
    limiter.init_app(app)
    app.after_request(_headers)


def exempt_api(api_blueprint):
    """The JSON API takes no cookie, so it needs no CSRF token."""
    csrf.exempt(api_blueprint)


def session_or_address():
    """Key for per-conversation limits: the browser session id, else the client address."""
    return getattr(session, "sid", None) or get_remote_address()


def _headers(response):
    """Security headers for every response."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if request.path.startswith("/api/") or response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")
    return response
