"""The chat turn's rate limits (../shared/RELIABILITY.md: 60 turns a minute per client address, 20 per conversation;
429 with Retry-After and the contract's error body), counted in Redis, in the host store, and in the host store
while Redis is down. Both limits are one Flask-Limiter limit over a pair of counters (webapp/limits_storage.py)."""
import re

import pytest

from tests.app_factory import app_factory
from tests.test_api import is_error
from tests.test_checklist import dead_redis_url
from webapp import security

STORES = ["redis", "host store", "host store while Redis is down"]
ADDRESS, OTHER_ADDRESS = "198.51.100.7", "198.51.100.8"


@pytest.fixture(params=STORES)
def limited_app(request, tmp_path):
    """Factory: the app with rate limits on, its counters in the store under test."""
    if request.param == "redis":
        request.getfixturevalue("redis_client")  # emptied
        where = {"SESSION_BACKEND": "redis", "REDIS_URL": request.getfixturevalue("redis_server").url}
    elif request.param == "host store":
        where = {"SESSION_BACKEND": "cachelib"}
    else:
        where = {"SESSION_BACKEND": "auto", "REDIS_URL": dead_redis_url()}
    with app_factory({"RATELIMIT_ENABLED": "true", "FALLBACK_DIR": str(tmp_path / "fb"), **where}) as build:

        def build_checked(**settings):
            app = build(**settings)
            if request.param == "host store while Redis is down":
                assert app.test_client().get("/healthz").get_json()["status"] == "degraded"
            return app

        yield build_checked
    if request.param == "redis":
        assert request.getfixturevalue("redis_client").keys("LIMITS:*"), "the counters were kept in Redis"


def post(client, message, session_id=None, address=ADDRESS):
    """POST /api/v1/chat from `address`; the response."""
    body = {"message": message, **({"session_id": session_id} if session_id else {})}
    return client.post("/api/v1/chat", json=body, environ_base={"REMOTE_ADDR": address})


def conversation(client, address=ADDRESS):
    """A new conversation's session id (its first turn counts against the address, not against the id)."""
    response = post(client, "show me tvs", address=address)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["session_id"]


def refused(response):
    """True for the contract's 429 with a Retry-After within the limits' minute."""
    return is_error(response, 429, "rate_limited") and 1 <= int(response.headers["Retry-After"]) <= 60


def test_a_conversation_is_refused_past_its_ceiling_while_another_from_the_same_address_goes_on(limited_app):
    app = limited_app()
    client = app.test_client()
    session_id = conversation(client)
    responses = [post(client, f"which is cheapest? {n}", session_id) for n in range(21)]
    assert [r.status_code for r in responses[:20]] == [200] * 20 and refused(responses[20])
    history = client.get(f"/api/v1/chat/session/{session_id}").get_json()["messages"]
    assert history[-2]["content"] == "which is cheapest? 19", "the refused turn stored nothing"
    other = conversation(client)
    assert post(client, "which is cheapest?", other).status_code == 200
    assert refused(post(client, "which is cheapest?", session_id))


def test_an_address_is_refused_past_its_ceiling_in_every_conversation_while_another_address_goes_on(limited_app):
    app = limited_app()
    client = app.test_client()
    sessions = [conversation(client) for _ in range(3)]
    statuses = [post(client, "which is cheapest?", session_id).status_code for session_id in sessions for _ in range(19)]
    assert statuses == [200] * 57  # 60 turns from the address, 20 in each conversation
    assert refused(post(client, "which is cheapest?", sessions[0]))  # its conversation is under its own ceiling
    assert refused(post(client, "show me tvs"))  # a new conversation from the same address too
    page = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get("/").get_data(as_text=True)).group(1)
    shown = page.post("/chat", data={"message": "show me tvs", "csrf_token": token}, headers={"HX-Request": "true"},
                      environ_base={"REMOTE_ADDR": ADDRESS})
    assert shown.status_code == 429 and "Too many messages" in shown.get_data(as_text=True)  # page and API share it
    assert int(shown.headers["Retry-After"]) >= 1 and shown.headers["HX-Retarget"] == "#chat-error"
    assert post(client, "which is cheapest?", conversation(client, OTHER_ADDRESS), OTHER_ADDRESS).status_code == 200


@pytest.mark.parametrize("short", [{"TURNS_PER_SESSION": "2 per 5 seconds"}, {"TURNS_PER_ADDRESS": "3 per 5 seconds"}],
                         ids=["per conversation", "per address"])
def test_retry_after_is_the_refusing_limits_window(limited_app, monkeypatch, short):
    """The other limit's window is a minute: a Retry-After of at most 5 s comes from the one that refused."""
    for name, value in short.items():
        monkeypatch.setattr(security, name, value)
    client = limited_app().test_client()
    session_id = conversation(client)
    responses = [post(client, "which is cheapest?", session_id) for _ in range(3)]
    statuses = [r.status_code for r in responses]
    refusal = responses[statuses.index(429)]
    assert refused(refusal) and int(refusal.headers["Retry-After"]) <= 5, refusal.headers["Retry-After"]


def test_a_forged_address_cannot_take_a_conversation_past_its_ceiling(limited_app):
    """Behind a proxy that passes on any X-Forwarded-For, each turn may claim a new address (the address limit is
    then the proxy's to keep), but the conversation's count does not depend on it, however the address is spelled."""
    client = limited_app(TRUSTED_PROXIES="1").test_client()
    session_id = conversation(client)
    forged = [f"198.51.100.{n}&conversation:{'0' * 32}/turns/60/1/minute" for n in range(21)]
    statuses = [client.post("/api/v1/chat", json={"message": "which is cheapest?", "session_id": session_id},
                            headers={"X-Forwarded-For": address}).status_code for address in forged]
    assert statuses == [200] * 20 + [429]


def test_clears_are_refused_past_their_ceiling_with_the_pages_notice(limited_app):
    page = limited_app().test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get("/").get_data(as_text=True)).group(1)
    responses = [page.post("/clear", data={"csrf_token": token}, headers={"HX-Request": "true"},
                           environ_base={"REMOTE_ADDR": ADDRESS}) for _ in range(11)]
    assert [r.status_code for r in responses] == [200] * 10 + [429]  # 10 clears a minute per address
    assert 1 <= int(responses[10].headers["Retry-After"]) <= 60 and responses[10].headers["HX-Retarget"] == "#chat-error"
    assert page.post("/clear", data={"csrf_token": token}, environ_base={"REMOTE_ADDR": OTHER_ADDRESS}).status_code == 303
