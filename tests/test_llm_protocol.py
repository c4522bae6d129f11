"""ASSISTANT=openai through the app against the stand-in chat-completions server: streams, tools, and failures.

Every failure (timeout, 500, 429, malformed stream, connection cut mid-stream) answers 503 with a clear message,
stores nothing of the turn, and leaves the app answering the next turn.
"""
import pytest

from webapp import create_app
from webapp.assistant import CatalogAssistant, ProductIndex, load_catalog
from webapp.config import BUNDLED_CATALOG


@pytest.fixture
def app(standin, tmp_path):
    app = create_app({"SECRET_KEY": "test-secret", "SESSION_BACKEND": "cachelib", "RATELIMIT_ENABLED": "false",
                      "FALLBACK_DIR": str(tmp_path), "ASSISTANT": "openai", "OPENAI_BASE_URL": standin.url,
                      "OPENAI_MODEL": "stand-in", "OPENAI_FIRST_TOKEN_SECONDS": "1", "OPENAI_MAX_RETRIES": "0"})
    app.config["TESTING"] = True
    return app


def chat(client, message, session_id=None):
    return client.post("/api/v1/chat", json={"message": message, "session_id": session_id})


def stored(client, session_id):
    return [m["content"] for m in client.get(f"/api/v1/chat/session/{session_id}").get_json()["messages"]]


def test_streamed_words_and_a_tool_call_make_one_stored_turn(app, standin):
    client = app.test_client()
    standin.play({"tool": "search_products", "arguments": {"category": "laptops", "max_price": 1000}},
                 {"text": ["Here are ", "laptops ", "under $1000."]})
    body = chat(client, "laptops under $1000").get_json()
    assert body["intent"] == "search" and len(body["response"]["products"]) == 5
    assert body["response"]["answer"].startswith("Here are laptops under $1000.\n1. ")
    assert stored(client, body["session_id"]) == ["laptops under $1000", body["response"]["answer"]]
    sent = standin.received()
    assert sent[0]["stream"] is True and {t["function"]["name"] for t in sent[0]["tools"]} >= {"search_products"}
    # the catalog read a search: the model is asked for that tool, and fills in its arguments
    assert sent[0]["tool_choice"] == {"type": "function", "function": {"name": "search_products"}}
    assert sent[0]["temperature"] == 0 and sent[0]["max_tokens"] > 0 and sent[1]["max_tokens"] > 0  # bounded
    # the tool's result reaches the model in the request that words the answer, which offers no tools
    assert "tools" not in sent[1] and sent[1]["messages"][:-1] == sent[0]["messages"][:-1]
    last = sent[1]["messages"][-1]
    assert last["role"] == "user" and last["content"].startswith("laptops under $1000\n") and "\n1. " in last["content"]


def test_a_follow_up_carries_the_window_and_the_list_in_focus(app, standin):
    client = app.test_client()
    standin.play({"tool": "search_products", "arguments": {"category": "tablets"}}, {"text": ["Some tablets."]})
    first = chat(client, "tablets").get_json()
    standin.play({"tool": "product_details", "arguments": {"position": 2}}, {"text": ["That one is good."]})
    second = chat(client, "tell me about the second one", first["session_id"]).get_json()
    assert second["response"]["products"] == first["response"]["products"][1:2]
    window = [m["content"] for m in standin.received()[0]["messages"][1:]]
    assert window == ["tablets", first["response"]["answer"], "tell me about the second one"]


def test_a_tool_call_streamed_as_llama_cpp_python_streams_it_is_read_whole(app, standin):
    """Its server repeats the tool's whole name in every piece of the arguments: the name is read once."""
    client = app.test_client()
    standin.play({"tool": "search_products", "arguments": {"category": "tablets"}, "repeat_name": True},
                 {"text": ["Some tablets."]})
    body = chat(client, "tablets").get_json()
    assert body["intent"] == "search" and body["response"]["answer"].startswith("Some tablets.\n1. ")
    assert all(p["category"] == "tablets" for p in body["response"]["products"])


def test_a_call_that_asks_for_what_the_shopper_never_said_gives_the_catalogs_reading(app, standin):
    client = app.test_client()
    own = CatalogAssistant(ProductIndex(load_catalog(BUNDLED_CATALOG))).reply("laptops under $1000", [], 5)
    standin.play({"tool": "search_products", "arguments": {"category": "laptops", "max_price": 10.5}},
                 {"text": ["Laptops for you."]})  # the figure SmolLM2-135M filled in
    body = chat(client, "laptops under $1000").get_json()
    assert [p["id"] for p in body["response"]["products"]] == [p.id for p in own.products]
    assert body["response"]["answer"].startswith("Laptops for you.\n1. ")


def test_a_search_that_leaves_out_what_the_catalog_read_gives_the_catalogs_reading(app, standin):
    client = app.test_client()
    own = CatalogAssistant(ProductIndex(load_catalog(BUNDLED_CATALOG))).reply("laptops under $1000", [], 5)
    for arguments in ({"category": "laptops"}, {"category": "laptops", "max_price": 1000, "refine": True}):
        standin.play({"tool": "search_products", "arguments": arguments}, {"text": ["Laptops."]})
        body = chat(client, "laptops under $1000").get_json()  # a new conversation: a refinement finds nothing
        assert [p["id"] for p in body["response"]["products"]] == [p.id for p in own.products]
        assert all(p["price"] <= 1000 for p in body["response"]["products"])


def test_a_call_about_another_item_than_the_shopper_named_gives_the_catalogs_reading(app, standin):
    client = app.test_client()
    standin.play({"tool": "search_products", "arguments": {"category": "tablets"}}, {"text": ["Tablets."]})
    first = chat(client, "tablets").get_json()
    standin.play({"tool": "product_details", "arguments": {"position": 1}}, {"text": ["That one."]})
    second = chat(client, "tell me about the second one", first["session_id"]).get_json()
    assert second["response"]["products"] == first["response"]["products"][1:2]


def test_a_server_that_refuses_tools_words_the_catalogs_answer(app, standin):
    client = app.test_client()
    standin.play({"status": 400}, {"text": ["Phones, cheapest first."]})
    body = chat(client, "cheapest phones").get_json()
    own = CatalogAssistant(ProductIndex(load_catalog(BUNDLED_CATALOG))).reply("cheapest phones", [], 5)
    assert [p["id"] for p in body["response"]["products"]] == [p.id for p in own.products]
    assert body["response"]["answer"].startswith("Phones, cheapest first.\n1. ")
    assert own.answer.split("\n", 1)[0] in standin.received()[1]["messages"][-1]["content"]


def test_a_model_that_calls_no_tool_or_a_malformed_one_gets_the_catalogs_list(app, standin):
    client = app.test_client()
    own = CatalogAssistant(ProductIndex(load_catalog(BUNDLED_CATALOG))).reply("cheapest phones", [], 5)
    for first in ({"text": ["I would pick the $5 phone."]}, {"tool": "search_products", "arguments": {"category": "boats"}}):
        standin.play(first, {"text": ["The cheapest is $12.34."]})  # and then words with an invented figure
        body = chat(client, "cheapest phones").get_json()
        assert body["response"]["answer"] == own.answer and body["intent"] == own.intent


@pytest.mark.parametrize("step, said", [
    ({"hang": 3}, "did not answer in time"),
    ({"status": 500}, "HTTP 500"),
    ({"status": 429}, "rate limited"),
    ({"malformed": True}, "could not be read"),
    ({"drop_after": ["The Acer ", "is"]}, "broke off"),
    ({"unfinished": ["The Acer ", "is"]}, "broke off"),
])
def test_a_failed_answer_is_a_clear_503_and_stores_nothing(app, standin, step, said):
    client = app.test_client()
    standin.play({"text": ["Hello!"]})
    session_id = chat(client, "hello").get_json()["session_id"]
    standin.play(step)
    response = chat(client, "laptops", session_id)
    assert response.status_code == 503
    error = response.get_json()["error"]
    assert error["code"] == "assistant_unavailable" and said in error["message"] and "Nothing was saved" in error["message"]
    assert stored(client, session_id) == ["hello", "Hello!"]
    standin.play({"text": ["Still here."]})  # the app is not stuck: the next turn is answered and stored
    assert chat(client, "hi again", session_id).status_code == 200
    assert stored(client, session_id)[-1] == "Still here."


def test_the_page_shows_a_failure_as_an_error_page_without_javascript_and_an_alert_with_it(app, standin):
    client = app.test_client()
    token = client.get("/").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    form = {"message": "laptops", "csrf_token": token}
    standin.play({"status": 500})
    plain = client.post("/chat", data=form, headers={"Origin": "http://localhost"})
    assert plain.status_code == 503 and "HTTP 500" in plain.get_data(as_text=True)
    fragment = client.post("/chat", data=form, headers={"HX-Request": "true", "Origin": "http://localhost"})
    url = fragment.get_data(as_text=True).split('sse-connect="')[1].split('"')[0].replace("&amp;", "&")
    standin.play({"status": 500})
    body = client.get(url).get_data(as_text=True)
    assert body.startswith("event: error\n") and 'role="alert"' in body and "HTTP 500" in body
    assert 'data-role="assistant"' not in client.get("/").get_data(as_text=True)


def test_a_429_is_retried_once_when_retries_are_on(standin, tmp_path):
    app = create_app({"SECRET_KEY": "test-secret", "SESSION_BACKEND": "cachelib", "FALLBACK_DIR": str(tmp_path),
                      "RATELIMIT_ENABLED": "false", "ASSISTANT": "openai", "OPENAI_BASE_URL": standin.url,
                      "OPENAI_MODEL": "stand-in", "OPENAI_MAX_RETRIES": "1"})
    standin.play({"status": 429}, {"text": ["Hi there."]})
    body = chat(app.test_client(), "hello").get_json()
    assert body["response"]["answer"] == "Hi there." and len(standin.received()) == 2
