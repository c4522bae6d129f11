"""Checklist point 21: the API under stateful property tests, on a real Redis.

Two kinds: schemathesis follows the OpenAPI links (a chat's session_id feeds the history read and the delete,
a delete feeds a read of the same id) with its use-after-free check; and a hypothesis state machine posts,
deletes and expires sessions, and makes Redis lose them, against a model of what each window must hold.
"""
import collections
import time

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule, run_state_machine_as_test
from hypothesis import strategies as st
from schemathesis.core.failures import FailureGroup
from schemathesis.openapi.checks import UseAfterFree

from webapp import create_app
from webapp.memory.store import history_key, session_key

MAX_PAIRS = 3
QUICK = settings(max_examples=25, stateful_step_count=8, deadline=None, suppress_health_check=list(HealthCheck))


def redis_app(redis_server, tmp_path, **overrides):
    """The app on the test run's Redis, rate limits off."""
    app = create_app({"SESSION_BACKEND": "redis", "REDIS_URL": redis_server.url, "RATELIMIT_ENABLED": "false",
                      "SECRET_KEY": "stateful-test", "FALLBACK_DIR": str(tmp_path / "fallback"),
                      "HISTORY_MAX_PAIRS": MAX_PAIRS, **overrides})
    app.config["TESTING"] = True
    return app


class CountedCalls:
    """WSGI middleware counting (method, route kind, status) of every call schemathesis makes."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.calls = collections.Counter()

    def __call__(self, environ, start_response):
        def counted(status, headers, *rest):
            path = environ["PATH_INFO"]
            kind = "session" if path.startswith("/api/v1/chat/session/") else path
            self.calls[(environ["REQUEST_METHOD"], kind, int(status[:3]))] += 1
            return start_response(status, headers, *rest)

        return self.wsgi_app(environ, counted)


def run_schemathesis_state_machine(app):
    """Run schemathesis' stateful tests over the app's own OpenAPI document; the calls it made, counted."""
    counter = CountedCalls(app.wsgi_app)
    app.wsgi_app = counter
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    schema.as_state_machine().run(settings=QUICK)
    return counter.calls


def test_point_21_schemathesis_follows_the_links_and_finds_no_use_after_free(redis_server, redis_client, tmp_path):
    calls = run_schemathesis_state_machine(redis_app(redis_server, tmp_path))
    assert not [call for call in calls if call[2] >= 500]
    # The links were followed: real sessions were read back, deleted, and then read as gone.
    assert calls[("POST", "/api/v1/chat", 200)] and calls[("GET", "session", 200)]
    assert calls[("DELETE", "session", 204)] and calls[("GET", "session", 404)]


def test_point_21_schemathesis_catches_a_delete_that_keeps_the_session(redis_server, redis_client, tmp_path, monkeypatch):
    app = redis_app(redis_server, tmp_path)
    monkeypatch.setattr(app.extensions["chat_service"], "clear", lambda session_id: False)
    with pytest.raises(FailureGroup) as failures:  # the checks that failed
        run_schemathesis_state_machine(app)
    assert failures.group_contains(UseAfterFree)


class ConversationsAgainstAModel(RuleBasedStateMachine):
    """Posts, deletes, expiry and keys Redis lost, checked against the windows a model predicts."""

    sessions = Bundle("sessions")

    def __init__(self):
        super().__init__()
        self.client = self.app.test_client()
        self.windows = {}  # session id -> the user messages its window must hold, oldest first
        self.gone = set()

    def post(self, session_id, text):
        response = self.client.post("/api/v1/chat", json={"message": text, "session_id": session_id})
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        if session_id in self.windows:
            assert not body["session_created"] and body["session_id"] == session_id
        else:  # unknown, deleted or expired: a new session, never the old id back
            assert body["session_created"] and body["session_id"] != session_id
        return body["session_id"]

    @rule(target=sessions, text=st.sampled_from(["laptops under $1000", "the cheapest", "hello", "only Dell ones"]))
    def start(self, text):
        session_id = self.post(None, text)
        self.windows[session_id] = [text]
        return session_id

    @rule(session_id=sessions, text=st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]),
                                            min_size=1, max_size=40).filter(str.strip))
    def say(self, session_id, text):
        new_id = self.post(session_id, text)
        if new_id == session_id:
            self.windows[session_id] = (self.windows[session_id] + [text.strip()])[-MAX_PAIRS:]

    @rule(session_id=consumes(sessions))
    def delete(self, session_id):
        assert self.client.delete(f"/api/v1/chat/session/{session_id}").status_code == 204
        self.forget(session_id)

    def expire_on_redis(self, session_id):
        """Let both of the session's Redis keys expire now (as the idle TTL would)."""
        keys = [session_key(session_id), history_key(session_id)]
        for key in keys:
            self.redis.pexpire(key, 1)
        while self.redis.exists(*keys):
            time.sleep(0.002)

    @rule(session_id=consumes(sessions))
    def expire(self, session_id):
        self.expire_on_redis(session_id)
        store = self.app.extensions["chat_backend"].store
        store.near_copy.flush()  # its host copy expires last written: long after the write-behind wrote it
        store.fallback.cache.delete(session_key(session_id))  # its host copy too
        self.forget(session_id)

    @rule(session_id=sessions)
    def redis_loses_it(self, session_id):
        # Redis alone loses the keys (eviction, a restart without persistence): the host copy brings them back.
        self.expire_on_redis(session_id)

    def forget(self, session_id):
        self.windows.pop(session_id, None)
        self.gone.add(session_id)

    @invariant()
    def reads_match_the_model(self):
        for session_id, users in self.windows.items():
            response = self.client.get(f"/api/v1/chat/session/{session_id}")
            assert response.status_code == 200
            messages = response.get_json()["messages"]
            assert [m["content"] for m in messages if m["role"] == "user"] == users
            assert [m["role"] for m in messages] == ["user", "assistant"] * len(users)
        for session_id in self.gone:
            assert self.client.get(f"/api/v1/chat/session/{session_id}").status_code == 404


def test_point_21_posts_clears_deletes_and_expiry_match_a_model(redis_server, redis_client, tmp_path):
    ConversationsAgainstAModel.app = redis_app(redis_server, tmp_path)
    ConversationsAgainstAModel.redis = redis_client
    run_state_machine_as_test(ConversationsAgainstAModel, settings=QUICK)
