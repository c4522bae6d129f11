"""The chat page through Flask's test client: fragments for htmx, full pages without JavaScript."""
import re
import time

import pytest
from flask import template_rendered

from tests.conftest import cookie_session_id
from webapp.memory import Message


@pytest.fixture
def rendered(app):
    """Names of the templates rendered during the test, in order."""
    names = []

    def record(sender, template, context, **extra):
        names.append(template.name)

    template_rendered.connect(record, app)
    yield names
    template_rendered.disconnect(record, app)


def csrf_token(client):
    """Load the page and return its CSRF token."""
    page = client.get("/").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def send(client, message, htmx=True):
    """Post a message the way the page does."""
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post("/chat", data={"message": message, "csrf_token": csrf_token(client)}, headers=headers)


def session_cookies(response):
    """The Set-Cookie headers of a response that set session_id."""
    return [v for k, v in response.headers.items() if k == "Set-Cookie" and v.startswith("session_id=")]


def test_point_1_first_request_sets_one_cookie_with_its_flags_and_the_ttl(client, store):
    for response in (client.get("/"), send(client, "hi")):
        cookies = session_cookies(response)
        assert len(cookies) == 1
        flags = cookies[0].lower()
        assert "httponly" in flags and "samesite=lax" in flags and "path=/" in flags and "domain" not in flags
    assert 1790 < store.ttl_seconds_left(cookie_session_id(client)) <= 1800


def test_point_1_ten_thousand_new_ids_are_unique(app):
    interface = app.session_interface
    ids = {interface._generate_sid(interface.sid_length) for _ in range(10_000)}
    assert len(ids) == 10_000 and all(len(i) == 43 for i in ids)


def test_point_31_a_page_view_stores_nothing_until_a_message_is_sent(client, store):
    client.get("/")
    client.get("/")
    session_id = cookie_session_id(client)
    assert session_id and not store.exists(session_id)
    send(client, "show me cameras")
    assert cookie_session_id(client) == session_id and len(store.load(session_id)) == 2


def test_page_has_the_contract_hooks(client):
    page = client.get("/").get_data(as_text=True)
    assert 'role="log"' in page and 'id="messages"' in page and 'aria-live="polite"' in page
    assert '<label for="message"' in page and ">Message</label>" in page
    assert ">Send</button>" in page and ">Clear conversation</button>" in page
    assert 'src="/static/js/htmx.min.js"' in page


def test_htmx_post_returns_the_two_message_fragments(client, rendered):
    response = send(client, "show me laptops under $1000")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert body.count('data-role="user"') == 1 and body.count('data-role="assistant"') == 1
    assert body.count('<li class="card') == 5 and "<html" not in body
    assert rendered[-1] == "_turn.html"  # the turn's fragments, not the page
    assert 'id="store-notice" hx-swap-oob="true"' in body and body.count('hx-swap-oob="true"') == 2  # and preferences


def test_cards_of_a_pick_carry_their_numbers_in_the_list(client):
    listed = send(client, "show me laptops under $1000").get_data(as_text=True)
    listed_names = re.findall(r'<h3 class="card-name">([^<]+)</h3>', listed)
    picked = send(client, "which is the cheapest?").get_data(as_text=True)
    names = re.findall(r'<h3 class="card-name">([^<]+)</h3>', picked)
    numbers = [int(n) for n in re.findall(r'<span class="card-rank"[^>]*>(\d+)</span>', picked)]
    # The pick reorders the cards, but "the second one" still means the list's second: the labels say so.
    assert names[0] != listed_names[0]
    assert numbers == [listed_names.index(name) + 1 for name in names]


@pytest.mark.parametrize("positions", [7, "x", None, [None, "2"]])
def test_stored_card_numbers_of_any_shape_never_break_the_page(client, store, positions):
    send(client, "hi")
    session_id = cookie_session_id(client)
    answer = Message("assistant", "Here you are.", metadata={"display": "pick", "shown": ["lap-0001", "lap-0002"],
                                                          "positions": positions})
    store.append_turn(session_id, Message("user", "hi"), answer)
    page = client.get("/")
    assert page.status_code == 200 and page.get_data(as_text=True).count('<li class="card') == 2


def test_plain_post_redirects_back_and_the_page_shows_the_turn(client):
    response = send(client, "show me cameras", htmx=False)
    assert response.status_code == 303 and response.headers["Location"].endswith("/")
    page = client.get("/").get_data(as_text=True)
    assert "show me cameras" in page and page.count('data-role="assistant"') == 1


def test_reload_shows_the_stored_conversation_with_cards(client):
    send(client, "show me tvs")
    send(client, "compare the first two")
    page = client.get("/").get_data(as_text=True)
    assert page.count('class="message"') == 4 and 'class="comparison"' in page and page.count('<li class="card') >= 5


def test_clear_empties_history_and_starts_a_new_session(client, store):
    send(client, "show me phones")
    old = cookie_session_id(client)
    response = client.post("/clear", data={"csrf_token": csrf_token(client)}, headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    new = cookie_session_id(client)
    assert response.status_code == 200 and 'id="messages"' in body and 'class="message"' not in body
    assert new != old and not store.exists(old) and store.exists(new)
    assert 'class="message"' not in client.get("/").get_data(as_text=True)
    send(client, "hi")  # the page's CSRF token still works after the swap
    assert len(store.load(new)) == 2


@pytest.mark.parametrize("message,problem", [("a" * 4001, "longer than"), ("   ", "empty"), ("bad\x00byte", "control")])
def test_refused_message_is_shown_and_nothing_is_stored(client, store, message, problem):
    send(client, "show me tablets")
    session_id = cookie_session_id(client)
    response = send(client, message)
    assert response.status_code == 422 and problem in response.get_data(as_text=True)
    assert response.headers["HX-Retarget"] == "#chat-error"
    assert len(store.load(session_id)) == 2


def test_refused_message_without_javascript_keeps_the_draft(client):
    response = send(client, "a" * 4001, htmx=False)
    assert response.status_code == 303
    page = client.get("/").get_data(as_text=True)
    assert "longer than" in page and "a" * 4001 in page


def test_post_without_csrf_token_is_refused_and_stores_nothing(client, store):
    client.get("/")
    session_id = cookie_session_id(client)
    response = client.post("/chat", data={"message": "hi"}, headers={"HX-Request": "true"})
    assert response.status_code == 400 and "out of date" in response.get_data(as_text=True)
    assert store.load(session_id) is None


@pytest.mark.parametrize("cookie", ["made-up", "x" * 4000, "../../etc/passwd", "ünïcode", "", "A" * 43,
                                    "A" * 43 + ".forged-signature-xxxxxx"])
def test_point_2_made_up_cookie_gets_a_new_server_id(client, store, cookie):
    client.set_cookie("session_id", cookie)
    client.get("/")
    assert cookie_session_id(client) != cookie
    send(client, "hi")
    assigned = cookie_session_id(client)
    assert assigned != cookie and store.exists(assigned)
    if cookie:
        assert not store.exists(cookie[:128])


def test_payloads_are_shown_literally(client):
    payload = '<img src=x onerror=alert(1)><script>alert(2)</script><b hx-get="/x">b</b> {{7*7}} javascript:alert(3)'
    body = send(client, payload).get_data(as_text=True)
    assert "<script>" not in body and "<img" not in body and 'hx-get="/x"' not in body
    assert "&lt;script&gt;" in body and "{{7*7}}" in body


def test_security_headers(client):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_point_4_expired_session_shows_a_notice(make_app):
    app = make_app(SESSION_TTL_SECONDS=1)
    client = app.test_client()
    send(client, "show me laptops")
    time.sleep(2.2)
    page = client.get("/").get_data(as_text=True)
    assert "expired" in page and 'class="message"' not in page


def test_point_5_session_past_its_absolute_lifetime_starts_over(make_app):
    app = make_app(SESSION_MAX_AGE_SECONDS=1)
    store = app.extensions["chat_backend"].store
    client = app.test_client()
    send(client, "show me laptops")
    old = cookie_session_id(client)
    time.sleep(1.5)
    response = send(client, "which is cheapest?")
    new = cookie_session_id(client)
    assert new != old and not store.exists(old)
    assert "have any products in this conversation" in response.get_data(as_text=True)


def test_htmx_turns_after_the_absolute_lifetime_are_kept_without_a_reload(make_app):
    """An open page past the lifetime: the turn that rotates the session, and the next, both stay."""
    app = make_app(SESSION_MAX_AGE_SECONDS=2)
    client = app.test_client()
    token = csrf_token(client)

    def post(text):
        return client.post("/chat", data={"message": text, "csrf_token": token}, headers={"HX-Request": "true"})

    post("show me cameras")
    time.sleep(2.5)
    assert "have any products in this conversation" in post("which is cheapest?").get_data(as_text=True)
    post("show me tvs")
    post("which is the cheapest?")
    page = client.get("/").get_data(as_text=True)
    assert page.count('data-role="user"') == 3 and "show me tvs" in page and "show me cameras" not in page


def test_point_4_read_only_get_renews_ttl_without_rewriting_the_record(make_app, backend_name):
    app = make_app(SESSION_TTL_SECONDS=6)
    store = app.extensions["chat_backend"].store
    client = app.test_client()
    send(client, "show me monitors")
    session_id = cookie_session_id(client)
    store.append_turn(session_id, Message("user", "from elsewhere"), Message("assistant", "stored meanwhile"))
    time.sleep(2.1)
    response = client.get("/")
    assert not [v for k, v in response.headers.items() if k == "Set-Cookie"]
    assert store.ttl_seconds_left(session_id) >= 5
    assert "stored meanwhile" in response.get_data(as_text=True)


def test_rate_limited_turn_shows_a_notice_in_the_page_and_stores_nothing(make_app):
    app = make_app(RATELIMIT_ENABLED="true")
    store = app.extensions["chat_backend"].store
    client = app.test_client()
    token = csrf_token(client)
    responses = [client.post("/chat", data={"message": f"show me tvs {i}", "csrf_token": token},
                             headers={"HX-Request": "true"}) for i in range(21)]
    assert [r.status_code for r in responses] == [200] * 20 + [429]
    refused = responses[-1]
    assert refused.headers["HX-Retarget"] == "#chat-error" and int(refused.headers["Retry-After"]) > 0
    assert "Too many messages" in refused.get_data(as_text=True)
    history = store.history(cookie_session_id(client))
    assert len(history) == 20 and history[-2].content == "show me tvs 19"


@pytest.mark.parametrize(("setting", "secure"), [("true", True), ("false", False)])
def test_cookie_is_secure_when_configured(make_app, setting, secure):
    client = make_app(SESSION_COOKIE_SECURE=setting).test_client()
    cookie = next(v for k, v in client.get("/").headers.items() if k == "Set-Cookie" and v.startswith("session_id="))
    assert ("; secure" in cookie.lower()) is secure
