"""The JSON API through Flask's test client, on both backends."""
import json

import pytest

from tests.conftest import cookie_session_id
from webapp.assistant.catalog import CATEGORIES


def chat(client, message, session_id=None, **extra):
    """POST /api/v1/chat and return the JSON body (asserting 200)."""
    body = {"message": message, **extra}
    if session_id:
        body["session_id"] = session_id
    response = client.post("/api/v1/chat", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def is_error(response, status, code=None):
    """True when the response is the contract's JSON error with this status (and code)."""
    body = response.get_json(silent=True)
    return (response.status_code == status and isinstance(body, dict) and body.get("success") is False
            and isinstance(body["error"]["message"], str) and (code is None or body["error"]["code"] == code))


# The seed's seven API behaviours.

def test_chat_creates_a_session_when_none_is_given(client):
    body = chat(client, "show me laptops under $1000")
    assert body["success"] is True and body["session_created"] is True and len(body["session_id"]) == 43
    assert body["intent"] == "search" and body["response"]["products"]


def test_chat_reuses_an_existing_session(client):
    first = chat(client, "show me tablets")
    second = chat(client, "which is the cheapest?", first["session_id"])
    assert second["session_id"] == first["session_id"] and second["session_created"] is False


def test_assistant_receives_the_history(client):
    first = chat(client, "show me headphones")
    listed = first["response"]["products"]
    follow = chat(client, "which of these has better reviews?", first["session_id"])
    best = max(listed, key=lambda p: (p["rating"], p["review_count"]))
    assert follow["intent"] == "pick" and follow["response"]["products"][0]["id"] == best["id"]
    assert best["name"] in follow["response"]["answer"]


def test_delete_returns_204(client):
    session_id = chat(client, "hello")["session_id"]
    response = client.delete(f"/api/v1/chat/session/{session_id}")
    assert response.status_code == 204 and response.data == b""
    assert client.get(f"/api/v1/chat/session/{session_id}").status_code == 404


def test_delete_is_idempotent_on_unknown_id(client):
    for session_id in ["A" * 43, "nope", "x" * 43]:
        assert client.delete(f"/api/v1/chat/session/{session_id}").status_code == 204


def test_round_trip_against_the_real_store(client, store):
    session_id = chat(client, "show me cameras under $500")["session_id"]
    stored = store.load(session_id)
    assert [m.role for m in stored] == ["user", "assistant"]
    assert stored[0].content == "show me cameras under $500"
    assert stored[1].metadata["list"]["constraints"]["category"] == "cameras"


def test_history_grows_then_clears(client):
    session_id = chat(client, "show me phones")["session_id"]
    for n, message in enumerate(["only Samsung", "which is cheapest?"], start=2):
        chat(client, message, session_id)
        history = client.get(f"/api/v1/chat/session/{session_id}").get_json()
        assert len(history["messages"]) == 2 * n
    assert history["messages"][0] == {**history["messages"][0], "role": "user", "content": "show me phones"}
    assert history["messages"][0]["timestamp"].endswith("Z") and 0 < history["ttl_seconds"] <= 1800
    client.delete(f"/api/v1/chat/session/{session_id}")
    assert client.get(f"/api/v1/chat/session/{session_id}").status_code == 404


# Beyond the seed.

def test_point_3_unknown_session_id_gets_a_new_session_and_nothing_is_stored_under_it(client, store):
    made_up = "Z" * 43
    body = chat(client, "hi", made_up)
    assert body["session_created"] is True and body["session_id"] != made_up
    assert not store.exists(made_up) and store.exists(body["session_id"])


def test_window_keeps_ten_pairs(client):
    session_id = None
    for n in range(12):
        session_id = chat(client, f"show me laptops number {n}", session_id)["session_id"]
    messages = client.get(f"/api/v1/chat/session/{session_id}").get_json()["messages"]
    assert len(messages) == 20 and messages[0]["content"] == "show me laptops number 2"


def test_max_results_bounds_the_products(client):
    assert len(chat(client, "show me laptops", max_results=12)["response"]["products"]) == 12
    assert len(chat(client, "show me laptops", max_results=1)["response"]["products"]) == 1


BAD_BODIES = [
    ("bad json", b"{bad", 400, "invalid_json"),
    ("empty body", b"", 400, "invalid_json"),
    ("array", b"[1]", 400, "invalid_body"),
    ("string", b'"x"', 400, "invalid_body"),
    ("null", b"null", 400, "invalid_body"),
    ("no message", b"{}", 400, "invalid_message"),
    ("number message", b'{"message": 123}', 400, "invalid_message"),
    ("blank message", b'{"message": "  \\n\\t "}', 400, "empty_message"),
    ("too long", json.dumps({"message": "a" * 4001}).encode(), 400, "message_too_long"),
    ("NUL byte", b'{"message": "hi\\u0000there"}', 400, "invalid_message"),
    ("control char", b'{"message": "hi\\u001bthere"}', 400, "invalid_message"),
    ("lone surrogate", b'{"message": "\\ud800"}', 400, "invalid_message"),
    ("invalid utf-8", b'{"message": "\xff\xfe"}', 400, "invalid_json"),
    ("session id number", b'{"message": "hi", "session_id": 5}', 400, "invalid_session_id"),
    ("session id 10 KB", json.dumps({"message": "hi", "session_id": "s" * 10240}).encode(), 400, "invalid_session_id"),
    ("max_results 0", b'{"message": "hi", "max_results": 0}', 400, "invalid_max_results"),
    ("max_results 500", b'{"message": "hi", "max_results": 500}', 400, "invalid_max_results"),
    ("max_results bool", b'{"message": "hi", "max_results": true}', 400, "invalid_max_results"),
    ("max_results null", b'{"message": "hi", "max_results": null}', 400, "invalid_max_results"),
]


@pytest.mark.parametrize("name,raw,status,code", BAD_BODIES, ids=[case[0] for case in BAD_BODIES])
def test_points_15_16_bad_bodies_get_json_errors_and_store_nothing(client, store, name, raw, status, code):
    response = client.post("/api/v1/chat", data=raw, content_type="application/json")
    assert is_error(response, status, code), response.get_data(as_text=True)


def test_rejected_message_leaves_history_unchanged(client):
    session_id = chat(client, "show me tvs")["session_id"]
    response = client.post("/api/v1/chat", json={"message": "a" * 4001, "session_id": session_id})
    assert is_error(response, 400, "message_too_long")
    assert len(client.get(f"/api/v1/chat/session/{session_id}").get_json()["messages"]) == 2


def test_point_13_4000_characters_and_tabs_newlines_pass(client):
    assert chat(client, "a" * 4000)["success"] is True
    assert chat(client, "😀" * 4000)["success"] is True
    assert chat(client, "show me\tlaptops\nunder $900")["intent"] == "search"


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_point_10_only_json_is_accepted(client, content_type):
    response = client.post("/api/v1/chat", data=b'{"message": "hi"}', content_type=content_type)
    assert is_error(response, 415, "unsupported_media_type")


def test_body_over_64_kib_is_413_json(client):
    response = client.post("/api/v1/chat", data=b'{"message": "' + b"a" * (1 << 20) + b'"}', content_type="application/json")
    assert is_error(response, 413, "payload_too_large")


def test_unknown_route_and_wrong_method_are_json(client):
    assert is_error(client.get("/api/v1/nope"), 404, "not_found")
    response = client.put("/api/v1/chat", json={"message": "x"})
    assert is_error(response, 405, "method_not_allowed") and "POST" in response.headers["Allow"]


def test_unknown_or_malformed_session_history_is_404(client):
    for session_id in ["A" * 43, "short", "a%2Fb", "..%2Fetc"]:
        assert is_error(client.get(f"/api/v1/chat/session/{session_id}"), 404)


def test_products_search_filters_and_sorts(client):
    body = client.get("/api/v1/products?category=laptops&brand=Dell&max_price=1500&sort=price&limit=50").get_json()
    prices = [p["price"] for p in body["products"]]
    assert body["total"] == len(body["products"]) > 0 and prices == sorted(prices) and max(prices) <= 1500
    assert {p["brand"] for p in body["products"]} == {"Dell"}
    for product in body["products"]:
        assert set(product) == {"id", "name", "brand", "category", "price", "currency", "rating", "review_count"}


def test_products_cover_every_category_with_several_brands(client):
    for category in CATEGORIES:
        body = client.get(f"/api/v1/products?category={category}&limit=100").get_json()
        assert body["total"] >= 50 and len({p["brand"] for p in body["products"]}) >= 4


def test_products_text_query(client):
    body = client.get("/api/v1/products?q=galaxy").get_json()
    assert body["total"] > 0 and all("Galaxy" in p["name"] for p in body["products"])


@pytest.mark.parametrize("query", ["category=toasters", "sort=random", "limit=0", "limit=abc", "min_price=-5",
                                   "max_price=cheap", "q=" + "x" * 201])
def test_bad_product_queries_are_400(client, query):
    assert is_error(client.get(f"/api/v1/products?{query}"), 400)


def test_product_detail_and_unknown_product(client):
    product_id = client.get("/api/v1/products?limit=1").get_json()["products"][0]["id"]
    body = client.get(f"/api/v1/products/{product_id}").get_json()
    assert body["id"] == product_id and len(body["reviews"]) >= 3 and body["specs"]
    assert is_error(client.get("/api/v1/products/definitely-not-a-product"), 404, "product_not_found")


def test_healthz_names_the_backend(client, backend_name):
    assert client.get("/healthz").get_json() == {"status": "ok", "session_backend": backend_name}


def test_api_ignores_the_cookie(client):
    page = client.get("/")
    assert page.status_code == 200
    body = chat(client, "show me monitors")
    assert body["session_created"] is True
    assert cookie_session_id(client) != body["session_id"]


def test_rate_limit_gives_429_with_retry_after(make_app):
    client = make_app(RATELIMIT_ENABLED="true").test_client()
    session_id = chat(client, "hi")["session_id"]
    responses = [client.post("/api/v1/chat", json={"message": "hi", "session_id": session_id}) for _ in range(21)]
    assert [r.status_code for r in responses] == [200] * 20 + [429]
    assert is_error(responses[-1], 429, "rate_limited") and int(responses[-1].headers["Retry-After"]) > 0
    assert len(client.get(f"/api/v1/chat/session/{session_id}").get_json()["messages"]) == 20


def test_an_unexpected_error_is_a_json_500_and_its_log_line_masks_the_session_id(client, monkeypatch, caplog):
    session_id = chat(client, "hi")["session_id"]

    def broken(_session_id):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(client.application.extensions["chat_service"], "conversation", broken)
    response = client.get(f"/api/v1/chat/session/{session_id}")
    assert is_error(response, 500, "internal_error") and "disk on fire" not in response.get_data(as_text=True)
    assert "/session/***" in caplog.text and session_id not in caplog.text
