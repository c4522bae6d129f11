"""Start-up settings and the choice of session backend, through create_app."""
import logging

import pytest

from tests.servers import free_port
from webapp import create_app
from webapp.backends import RedisUnavailable
from webapp.config import ConfigError


def dead_url(password=""):
    """A Redis URL on a loopback port where nothing listens."""
    auth = f":{password}@" if password else ""
    return f"redis://{auth}127.0.0.1:{free_port()}/0"


def build(**settings):
    app = create_app({"SECRET_KEY": "test-secret", **settings})
    app.config["TESTING"] = True
    return app


def health(app):
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    return response.get_json()


def test_auto_without_redis_falls_back_with_one_warning(caplog):
    caplog.set_level(logging.INFO, logger="webapp")
    app = build(SESSION_BACKEND="auto", REDIS_URL=dead_url())
    assert app.extensions["chat_backend"].name == "cachelib"
    assert health(app) == {"status": "degraded", "session_backend": "cachelib"}
    warnings = [r for r in caplog.records if r.name == "webapp.backends" and r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "fallback" in warnings[0].getMessage()


def test_redis_required_but_unreachable_refuses_to_start():
    url = dead_url()
    with pytest.raises(RedisUnavailable) as caught:
        build(SESSION_BACKEND="redis", REDIS_URL=url)
    assert "SESSION_BACKEND" in str(caught.value) and url in str(caught.value)


def test_refusal_message_hides_the_redis_password():
    url = dead_url(password="s3cret")
    with pytest.raises(RedisUnavailable) as caught:
        build(SESSION_BACKEND="redis", REDIS_URL=url)
    message = str(caught.value)
    assert "s3cret" not in message and url.split("@")[1] in message


def test_auto_with_redis_uses_it(redis_server):
    app = build(SESSION_BACKEND="auto", REDIS_URL=redis_server.url)
    try:
        assert app.extensions["chat_backend"].name == "redis"
        assert health(app) == {"status": "ok", "session_backend": "redis"}
    finally:
        app.extensions["chat_backend"].store.client.close()


def test_cachelib_never_touches_redis(caplog):
    """SESSION_BACKEND=cachelib with a dead REDIS_URL still starts healthy, and logs no fallback."""
    caplog.set_level(logging.INFO, logger="webapp")
    app = build(SESSION_BACKEND="cachelib", REDIS_URL=dead_url())
    assert app.extensions["chat_backend"].name == "cachelib"
    assert health(app) == {"status": "ok", "session_backend": "cachelib"}
    assert not [r for r in caplog.records if r.name == "webapp.backends" and r.levelno >= logging.WARNING]


BAD_SETTINGS = [
    ("SESSION_TTL_SECONDS", "abc"),
    ("SESSION_TTL_SECONDS", "0"),
    ("SESSION_MAX_AGE_SECONDS", "1.5"),
    ("HISTORY_MAX_PAIRS", "-1"),
    ("HISTORY_MAX_TOKENS", "lots"),
    ("FALLBACK_MAX_SESSIONS", "0"),
    ("MAX_MESSAGE_CHARS", "ten"),
    ("RATELIMIT_ENABLED", "maybe"),
    ("SESSION_COOKIE_SECURE", "sometimes"),
    ("SESSION_BACKEND", "mongo"),
    ("ASSISTANT", "gpt"),
]


@pytest.mark.parametrize("name,value", BAD_SETTINGS, ids=[f"{n}={v}" for n, v in BAD_SETTINGS])
def test_bad_setting_stops_start_up_naming_it(name, value):
    # cachelib and a dead URL first, so a setting that slipped through could never reach a real Redis.
    with pytest.raises(ConfigError) as caught:
        build(**{"SESSION_BACKEND": "cachelib", "REDIS_URL": dead_url(), name: value})
    assert name in str(caught.value) and value in str(caught.value)
