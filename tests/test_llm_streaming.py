"""Streamed turns over Server-Sent Events, API and page, against the stand-in server: delta events, then one
`done` with the same answer the non-streaming call gives, stored once; `error` and nothing stored on failure."""
import json

import pytest

from webapp import create_app
from webapp.assistant import load_catalog
from webapp.config import BUNDLED_CATALOG

BASE = {"SECRET_KEY": "test-secret", "SESSION_BACKEND": "cachelib", "RATELIMIT_ENABLED": "false"}


@pytest.fixture
def app(standin, tmp_path):
    return create_app({**BASE, "FALLBACK_DIR": str(tmp_path), "ASSISTANT": "openai", "OPENAI_BASE_URL": standin.url,
                       "OPENAI_MODEL": "stand-in", "OPENAI_FIRST_TOKEN_SECONDS": "1", "OPENAI_MAX_RETRIES": "0"})


def events(text):
    """[(event, data)] of a text/event-stream body (data lines joined by newlines)."""
    parsed = []
    for block in text.strip().split("\n\n"):
        lines = block.split("\n")
        name = lines[0].removeprefix("event: ")
        parsed.append((name, "\n".join(line.removeprefix("data: ") for line in lines[1:])))
    return parsed


def stored(client, session_id):
    return [m["content"] for m in client.get(f"/api/v1/chat/session/{session_id}").get_json()["messages"]]


def test_the_api_streams_deltas_then_done_and_stores_the_turn_once(app, standin):
    client = app.test_client()
    standin.play({"text": ["Hello", " there", "!"]})
    response = client.post("/api/v1/chat", json={"message": "hello", "stream": True})
    assert response.mimetype == "text/event-stream"
    got = events(response.get_data(as_text=True))
    # each word once it is whole (a figure is checked whole): "Hello " as soon as the space after it came
    assert [json.loads(data)["text"] for name, data in got[:-1]] == ["Hello ", "there!"]
    name, data = got[-1]
    done = json.loads(data)
    assert name == "done" and done["response"]["answer"] == "Hello there!" and done["success"] is True
    assert stored(client, done["session_id"]) == ["hello", "Hello there!"]


def test_accept_event_stream_streams_the_catalog_assistant_with_the_same_answer(tmp_path):
    client = create_app({**BASE, "FALLBACK_DIR": str(tmp_path)}).test_client()
    plain = client.post("/api/v1/chat", json={"message": "tablets under $500"}).get_json()
    response = client.post("/api/v1/chat", json={"message": "tablets under $500"},
                           headers={"Accept": "text/event-stream"})
    (delta, piece), (name, data) = events(response.get_data(as_text=True))
    streamed = json.loads(data)
    assert (delta, name) == ("delta", "done") and json.loads(piece)["text"] == plain["response"]["answer"]
    assert {**streamed, "session_id": None} == {**plain, "session_id": None}


def test_a_failed_stream_sends_the_contract_error_and_stores_nothing(app, standin):
    client = app.test_client()
    standin.play({"text": ["Hi."]})
    session_id = client.post("/api/v1/chat", json={"message": "hi"}).get_json()["session_id"]
    standin.play({"drop_after": ["Hello ", "again, what"]})
    got = events(client.post("/api/v1/chat", json={"message": "hello again", "session_id": session_id,
                                                   "stream": True}).get_data(as_text=True))
    assert [name for name, _ in got] == ["delta", "delta", "error"]
    error = json.loads(got[-1][1])
    assert error["success"] is False and error["error"]["code"] == "assistant_unavailable"
    assert stored(client, session_id) == ["hi", "Hi."]


def test_a_question_about_products_streams_grounded_words_as_they_come(app, standin):
    """The tool's result is worded by the model, streamed word by word while its figures are the catalog's."""
    client = app.test_client()
    cheapest = min((p for p in load_catalog(BUNDLED_CATALOG) if p.category == "laptops"), key=lambda p: (p.price, p.id))
    price = f"${cheapest.price:,}"
    standin.play({"tool": "search_products", "arguments": {"category": "laptops", "sort": "price"}},
                 {"text": ["The ", "cheapest is ", f"{price}, ", "a steal."]})
    got = events(client.post("/api/v1/chat", json={"message": "cheapest laptops", "stream": True}
                             ).get_data(as_text=True))
    deltas = [json.loads(data)["text"] for name, data in got if name == "delta"]
    done = json.loads(got[-1][1])
    assert deltas == ["The ", "cheapest is ", f"{price}, ", "a ", "steal."]
    assert done["response"]["answer"].startswith(f"The cheapest is {price}, a steal.\n1. ")


def test_an_invented_figure_never_streams_and_the_catalogs_answer_stands(app, standin):
    """The words before an invented figure stream; the figure and all after it never do."""
    client = app.test_client()
    standin.play({"tool": "search_products", "arguments": {"category": "laptops", "sort": "price"}},
                 {"text": ["The cheapest is ", "$12.34, ", "a steal."]})
    got = events(client.post("/api/v1/chat", json={"message": "cheapest laptops", "stream": True}
                             ).get_data(as_text=True))
    deltas = [json.loads(data)["text"] for name, data in got if name == "delta"]
    done = json.loads(got[-1][1])
    assert got[-1][0] == "done" and done["intent"] == "search" and len(done["response"]["products"]) == 5
    assert deltas == ["The cheapest is "] and done["response"]["answer"].startswith("Here are")


def test_a_reader_that_stops_early_stores_nothing(app, standin):
    client = app.test_client()
    standin.play({"text": ["Hi."]})
    session_id = client.post("/api/v1/chat", json={"message": "hi"}).get_json()["session_id"]
    standin.play({"slow": ["one ", "two ", "three ", "four"], "gap": 0.2})
    response = client.post("/api/v1/chat", json={"message": "count", "session_id": session_id, "stream": True},
                           buffered=False)
    assert b"one" in next(response.response)
    response.close()  # as a server does when the client goes away: the generator is closed
    assert stored(client, session_id) == ["hi", "Hi."]


def page_token(client):
    return client.get("/").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]


def htmx_post(client, message):
    return client.post("/chat", data={"message": message, "csrf_token": page_token(client)},
                       headers={"HX-Request": "true", "Origin": "http://localhost"})


def test_the_page_streams_through_the_sse_extension_and_runs_the_turn_once(app, standin):
    client = app.test_client()
    assert "js/sse.min.js" in client.get("/").get_data(as_text=True)
    fragment = htmx_post(client, "tablets").get_data(as_text=True)
    assert 'data-role="user"' in fragment and 'hx-ext="sse"' in fragment and "Stop</button>" in fragment
    url = fragment.split('sse-connect="')[1].split('"')[0].replace("&amp;", "&")
    standin.play({"tool": "search_products", "arguments": {"category": "tablets"}}, {"text": ["Some <b>tablets</b>."]})
    got = events(client.get(url).get_data(as_text=True))
    assert got[:2] == [("delta", "Some "), ("delta", "&lt;b&gt;tablets&lt;/b&gt;.")]  # text, never markup
    name, html = got[-1]
    assert name == "done" and 'data-role="assistant"' in html and 'class="card' in html
    assert 'data-role="assistant"' in client.get("/").get_data(as_text=True)
    again = events(client.get(url).get_data(as_text=True))  # a reconnect does not run the turn again
    assert [name for name, _ in again] == ["error"] and "interrupted" in again[0][1]
    assert len(standin.received()) == 2


def test_the_catalog_page_answers_whole_without_the_sse_extension(tmp_path):
    client = create_app({**BASE, "FALLBACK_DIR": str(tmp_path)}).test_client()
    assert "sse.min.js" not in client.get("/").get_data(as_text=True)
    fragment = htmx_post(client, "tablets").get_data(as_text=True)
    assert "sse-connect" not in fragment and fragment.count('class="message"') == 2
