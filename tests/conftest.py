"""Shared fixtures: a private Redis per test session, and the app on either backend."""
import redis as redis_py
import pytest

from tests.app_factory import app_factory
from tests.llm_standin import StandIn
from tests.servers import RedisServer

BACKENDS = ["redis", "cachelib"]


@pytest.fixture(scope="module")
def standin():
    """A stand-in chat-completions server (tests/llm_standin.py) on a free loopback port, for ASSISTANT=openai."""
    server = StandIn().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A redis-server started for this test run on a free loopback port."""
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def redis_client(redis_server):
    """A client of the private Redis, emptied before each test."""
    client = redis_py.Redis.from_url(redis_server.url)
    client.flushdb()
    yield client
    client.close()


@pytest.fixture(params=BACKENDS)
def backend_name(request):
    """Each behavioural test runs once per backend."""
    return request.param


@pytest.fixture
def app_settings(backend_name, request):
    """Settings that select the backend under test (Redis only when asked for)."""
    if backend_name == "redis":
        server = request.getfixturevalue("redis_server")
        request.getfixturevalue("redis_client")
        return {"SESSION_BACKEND": "redis", "REDIS_URL": server.url}
    return {"SESSION_BACKEND": "cachelib"}


@pytest.fixture
def make_app(app_settings, tmp_path):
    """Factory: the app on the backend under test, with extra settings."""
    with app_factory({"RATELIMIT_ENABLED": "false", "FALLBACK_DIR": str(tmp_path / "fallback"), **app_settings}) as build:
        yield build


@pytest.fixture
def app(make_app):
    """The app on the backend under test, with default settings."""
    return make_app()


@pytest.fixture
def store(app):
    """The conversation store of the app's backend."""
    return app.extensions["chat_backend"].store


@pytest.fixture
def client(app):
    """A Flask test client."""
    return app.test_client()


def cookie_session_id(client):
    """The session id in the client's session_id cookie (a page view's cookie is "<id>.<mac>"), or None."""
    cookie = client.get_cookie("session_id")
    return cookie.value.partition(".")[0] if cookie else None


@pytest.fixture(scope="session")
def output_dir():
    """Where tests leave artefacts to look at (screenshots): test-output/ in the project."""
    from tests.servers import PROJECT_ROOT

    path = PROJECT_ROOT / "test-output"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="module")
def live_redis(tmp_path_factory):
    """A redis-server of this module's own (tests may stop and restart it)."""
    server = RedisServer(tmp_path_factory.mktemp("live-redis")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def live_server(live_redis, tmp_path_factory):
    """The app under real gunicorn (2 workers) on the module's Redis, rate limits off."""
    from tests.servers import Gunicorn

    env = {"REDIS_URL": live_redis.url, "SESSION_BACKEND": "redis", "RATELIMIT_ENABLED": "false",
           "SECRET_KEY": "live-test-secret"}
    server = Gunicorn(env, tmp_path_factory.mktemp("gunicorn") / "gunicorn.log").start()
    yield server
    server.stop()
    assert not server.crashes(), server.crashes()  # a worker lost mid-module drops requests whichever test saw it
