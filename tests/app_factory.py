"""Building test apps: one factory for the fixtures that make apps with their own settings."""
import contextlib

from webapp import create_app


@contextlib.contextmanager
def app_factory(defaults):
    """build(**settings): a test app on `defaults` updated by `settings`; every app's Redis client is closed at exit."""
    apps = []

    def build(**overrides):
        app = create_app({"SECRET_KEY": "test-secret", **defaults, **overrides})
        app.config["TESTING"] = True
        apps.append(app)
        return app

    try:
        yield build
    finally:
        for app in apps:
            client = getattr(app.extensions["chat_backend"].store, "client", None)
            if client is not None:
                client.close()
