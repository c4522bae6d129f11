"""Points of the reliability checklist (../shared/RELIABILITY.md) on input, sessions, CSRF and logs that no
other module checks by name. Redis faults by point are in test_store_faults.py, under load in test_faults.py.
"""
import html
import logging
import re

import pytest
import redis as redis_py

from tests.conftest import cookie_session_id
from tests.servers import free_port
from tests.test_page import csrf_token, send
from webapp import create_app
from webapp.memory import new_session_id
from webapp.memory.store import aside_keys
from webapp.web.views import UNDO_SECONDS

HOSTILE = ['<img src=x onerror=alert(1)>', "<script>alert(2)</script>", '<b hx-get="/x" hx-trigger="load">b</b>',
           '<a hx-on:click="alert(3)">x</a>', '<a href="javascript:alert(4)">y</a>', "{{7*7}}"]


def build(tmp_path, **settings):
    """An app with test defaults and its own host store."""
    app = create_app({"SECRET_KEY": "checklist", "RATELIMIT_ENABLED": "false", "FALLBACK_DIR": str(tmp_path / "fb"),
                      **settings})
    app.config["TESTING"] = True
    return app


def dead_redis_url():
    return f"redis://127.0.0.1:{free_port()}/0"


def turn(client, message, session_id=None):
    body = {"message": message, **({"session_id": session_id} if session_id else {})}
    response = client.post("/api/v1/chat", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_point_20_a_clear_racing_in_flight_posts_leaves_no_pre_clear_turn(live_server, live_redis):
    import threading

    import requests

    base = live_server.url
    session_id = requests.post(f"{base}/api/v1/chat", json={"message": "show me tvs"}, timeout=10).json()["session_id"]
    statuses = []

    def post(n):
        body = {"message": f"number {n % 5 + 1}", "session_id": session_id}
        statuses.append(requests.post(f"{base}/api/v1/chat", json=body, timeout=10).status_code)

    threads = [threading.Thread(target=post, args=(n,)) for n in range(12)]
    for n, thread in enumerate(threads):
        thread.start()
        if n == 6:
            assert requests.delete(f"{base}/api/v1/chat/session/{session_id}", timeout=10).status_code == 204
    for thread in threads:
        thread.join()
    assert set(statuses) == {200}
    # Posts after the clear start new sessions; nothing is ever stored again under the cleared id.
    assert requests.get(f"{base}/api/v1/chat/session/{session_id}", timeout=10).status_code == 404
    assert not redis_py.Redis.from_url(live_redis.url).keys(f"*{session_id}*")


def test_point_6_clear_removes_every_key_and_the_old_cookie_starts_empty(make_app, backend_name, request):
    app = make_app()
    client = app.test_client()
    send(client, "show me phones")
    old = cookie_session_id(client)
    client.post("/clear", data={"csrf_token": csrf_token(client)}, headers={"HX-Request": "true"})
    store = app.extensions["chat_backend"].store
    assert not store.exists(old) and store.load(old) is None
    if backend_name == "redis":  # only the copy kept for Undo is left, and only for UNDO_SECONDS
        redis_client = request.getfixturevalue("redis_client")
        kept = redis_client.keys(f"*{old}*")
        assert sorted(kept) == sorted(key.encode() for key in aside_keys(old))
        assert all(0 < redis_client.ttl(key) <= UNDO_SECONDS for key in kept)
    replay = app.test_client()
    replay.set_cookie("session_id", old)
    page = replay.get("/").get_data(as_text=True)
    assert 'class="message"' not in page and cookie_session_id(replay) != old


@pytest.mark.parametrize("headers", [{"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
                                     {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}])
def test_point_9_cross_site_posts_are_refused_and_store_nothing(client, store, headers):
    token = csrf_token(client)
    response = client.post("/chat", data={"message": "hi", "csrf_token": token}, headers={"HX-Request": "true", **headers})
    assert response.status_code == 403 and "another site" in response.get_data(as_text=True)
    assert cookie_session_id(client) is None or not store.exists(cookie_session_id(client))


def test_point_9_csrf_keeps_working_while_redis_is_down(tmp_path):
    client = build(tmp_path, REDIS_URL=dead_redis_url(), SESSION_BACKEND="auto").test_client()
    assert send(client, "show me phones").status_code == 200
    assert client.post("/chat", data={"message": "hi"}, headers={"HX-Request": "true"}).status_code == 400
    evil = client.post("/chat", data={"message": "hi", "csrf_token": csrf_token(client)},
                       headers={"Sec-Fetch-Site": "cross-site"})
    assert evil.status_code == 403


def test_point_11_no_active_markup_inside_the_message_log(client):
    for payload in HOSTILE:
        send(client, payload)
    page = client.get("/").get_data(as_text=True)
    user_bubbles = re.findall(r'data-role="user"><p class="bubble">(.*?)</p>', page, re.S)
    # Each payload is shown as text: no tag at all inside its bubble, so no hx-*, on* or <script>.
    assert [html.unescape(bubble) for bubble in user_bubbles] == HOSTILE
    assert not [bubble for bubble in user_bubbles if "<" in bubble]


@pytest.mark.parametrize("raw", [b'{"message": ' + b"[" * 10_000 + b"]" * 10_000 + b"}",
                                 b"[" * 10_000 + b"]" * 10_000, b'{"a":' * 10_000 + b"1" + b"}" * 10_000],
                         ids=["message", "body", "objects"])
def test_point_29_json_nested_ten_thousand_deep_is_400(make_app, raw):
    client = make_app(RATELIMIT_ENABLED="true").test_client()
    response = client.post("/api/v1/chat", data=raw, content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_json"


@pytest.mark.parametrize("query", ["limit=²", "limit=1e3", "limit=٣", "limit=+5", "limit= 5", "min_price=١٢",
                                   "max_price=nan"])
def test_point_29_query_numbers_are_parsed_strictly(client, query):
    response = client.get("/api/v1/products?" + query)
    assert response.status_code == 400 and response.get_json()["success"] is False


def test_point_31_new_sessions_per_address_are_limited(make_app):
    app = make_app(RATELIMIT_ENABLED="true")
    client = app.test_client()
    # Made-up ids each start a new session and dodge the per-conversation limit: the address limit holds.
    statuses = [client.post("/api/v1/chat", json={"message": "hi", "session_id": new_session_id()}).status_code
                for _ in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429
    browser = app.test_client()
    refused = browser.post("/chat", data={"message": "hi", "csrf_token": csrf_token(browser)})
    assert refused.status_code == 429 and "Retry-After" in refused.headers


def test_point_32_page_views_never_evict_a_live_conversation(make_app):
    app = make_app(FALLBACK_MAX_SESSIONS=5)
    client = app.test_client()
    send(client, "show me tablets")
    for _ in range(50):
        app.test_client().get("/")
    assert 'data-role="user"' in client.get("/").get_data(as_text=True)


def test_point_34_error_lines_of_failed_requests_mask_the_session_id(make_app, caplog, monkeypatch):
    app = make_app()
    client = app.test_client()
    session_id = turn(client, "hi")["session_id"]

    def broken(*args, **kwargs):
        raise RuntimeError("the store broke")

    monkeypatch.setattr(app.extensions["chat_backend"].store, "read", broken)
    with caplog.at_level(logging.INFO):
        assert client.get(f"/api/v1/chat/session/{session_id}").status_code == 500
        # Flask's own line, for errors its handlers never see (e.g. while saving the session).
        with app.test_request_context(f"/api/v1/chat/session/{session_id}"):
            app.log_exception((RuntimeError, RuntimeError("x"), None))
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(lines) == 2 and all("/api/v1/chat/session/***" in line for line in lines)
    assert session_id not in caplog.text


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_point_14_a_one_mib_body_is_413_json_and_writes_nothing(live_server, live_redis, chunked):
    import json
    import socket

    body = json.dumps({"message": "a" * (1 << 20)}).encode()
    if chunked:  # no Content-Length: only real gunicorn passes such a body on (wsgi.input_terminated)
        framing, payload = b"Transfer-Encoding: chunked\r\n", b"".join(
            b"%x\r\n%s\r\n" % (len(body[i:i + 65536]), body[i:i + 65536]) for i in range(0, len(body), 65536)) + b"0\r\n\r\n"
    else:
        framing, payload = b"Content-Length: %d\r\n" % len(body), body
    keys_before = redis_py.Redis.from_url(live_redis.url).dbsize()
    with socket.create_connection(("127.0.0.1", live_server.port), timeout=10) as connection:
        connection.sendall(b"POST /api/v1/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                           + framing + b"Connection: close\r\n\r\n")
        try:
            connection.sendall(payload)
        except OSError:
            pass  # the server may answer and close before reading it all
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, rest = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413"), answer[:600]
    assert b'"code":"payload_too_large"' in rest.replace(b" ", b"")
    assert redis_py.Redis.from_url(live_redis.url).dbsize() == keys_before



@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
def test_point_16_a_page_form_that_is_not_utf8_is_refused_with_the_page_message(client, store, htmx):
    send(client, "show me cameras")
    session_id = cookie_session_id(client)
    body = b"message=caf%C3%A9%FF%FE&csrf_token=" + csrf_token(client).encode()
    response = client.post("/chat", data=body, content_type="application/x-www-form-urlencoded",
                           headers={"HX-Request": "true"} if htmx else {})
    assert response.status_code == 400 and "not UTF-8" in response.get_data(as_text=True)
    if htmx:
        assert response.headers["HX-Retarget"] == "#chat-error"
    assert [m.content for m in store.load(session_id)][::2] == ["show me cameras"]


def test_point_19_a_slow_page_view_racing_a_post_keeps_the_posts_turn(make_app, monkeypatch):
    import threading
    import time

    from webapp.web import views

    app = make_app()
    browser = app.test_client()
    send(browser, "show me cameras")
    token = csrf_token(browser)
    slow = app.test_client()
    slow.set_cookie("session_id", browser.get_cookie("session_id").value)
    rendering, real_render = threading.Event(), views.messages_html

    def slow_render(*args, **kwargs):  # a stand-in for a slow page view: its rendering takes half a second
        rendering.set()
        time.sleep(0.5)
        return real_render(*args, **kwargs)

    monkeypatch.setattr(views, "messages_html", slow_render)
    viewer = threading.Thread(target=slow.get, args=("/",))
    viewer.start()
    assert rendering.wait(5)
    posted = browser.post("/chat", data={"message": "which is the cheapest?", "csrf_token": token})
    viewer.join()
    monkeypatch.setattr(views, "messages_html", real_render)
    page = browser.get("/").get_data(as_text=True)
    assert posted.status_code == 303 and "which is the cheapest?" in page and page.count('data-role="user"') == 2
