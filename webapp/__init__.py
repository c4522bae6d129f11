"""The chat web app: `create_app` builds it from environment settings."""
import logging
import os
from datetime import timedelta

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

from . import errors, health, security
from .access_log import mask
from .api import bp as api_bp
from .assistant import ProductIndex, load_catalog, make_assistant
from .backends import choose_backend
from .chat import ChatService
from .config import Settings, load_secret_key
from .json_provider import MsgspecJSONProvider
from .web import bp as web_bp

MAX_BODY_BYTES = 64 * 1024
PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class App(Flask):
    """Flask, with its own "Exception on <path>" line masking session ids in the path, and JSON on msgspec."""

    json_provider_class = MsgspecJSONProvider

    def log_exception(self, exc_info):
        """Log an unhandled exception (one Flask's handlers did not answer) without the session id."""
        self.logger.error("Exception on %s [%s]", mask(request.path), request.method, exc_info=exc_info)


def create_app(overrides=None):
    """Build the app; `overrides` maps contract setting names (e.g. SESSION_BACKEND) to values."""
    overrides = {key: str(value) for key, value in (overrides or {}).items()}
    settings = Settings.from_env({**os.environ, **overrides})
    _configure_logging()

    app = App(
        __name__,
        instance_path=os.path.join(PROJECT_ROOT, "instance"),
        template_folder=os.path.join(PROJECT_ROOT, "templates"),
        static_folder=os.path.join(PROJECT_ROOT, "static"),
    )
    app.config.update(
        SECRET_KEY=settings.secret_key or load_secret_key(app.instance_path),
        SESSION_COOKIE_NAME="session_id",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.session_cookie_secure,
        # Flask-Session rewrites the whole blob on every request when this is on; expiry is renewed
        # by the conversation store instead, so read-only requests never overwrite a concurrent write.
        SESSION_REFRESH_EACH_REQUEST=False,
        PERMANENT_SESSION_LIFETIME=timedelta(seconds=settings.session_ttl_seconds),
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
    )
    app.config["SETTINGS"] = settings

    index = ProductIndex(load_catalog(settings.catalog_path))
    backend = choose_backend(app, settings)
    app.session_interface = backend.session_interface
    app.extensions["chat_backend"] = backend
    app.extensions["product_index"] = index
    app.extensions["chat_service"] = ChatService(backend.store, make_assistant(settings, index),
                                                 settings.history_max_tokens, security.admit_new_session)

    errors.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(web_bp)
    app.register_blueprint(api_bp)
    security.init_app(app, settings, backend)
    if settings.trusted_proxies:
        # Each trusted hop appends one address to X-Forwarded-For; believe exactly that many, from the right,
        # so the rate limits and the access log see the shopper, and the page its own https origin.
        hops = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    return app


def _configure_logging():
    """Send INFO and above to stderr unless a host (gunicorn, pytest) configured logging already."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("webapp").setLevel(logging.INFO)
