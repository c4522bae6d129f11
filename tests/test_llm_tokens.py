"""The history budget counted by the model server's tokenizer when it offers one (against the stand-in's
`/extras/tokenize/count`, one token per byte), else by the documented estimate; the window the model is sent."""
import pytest

from webapp import create_app
from webapp.assistant.llm_tokens import ServerTokenCounter, tokenizer_url
from webapp.memory import estimate_tokens
from webapp.memory.budget import TOKENS_PER_MESSAGE

TEXT = "1. Dell Inspiron 14 Plus 7640: $709.99, rated 4.2 from 1,033 reviews"


def test_the_tokenizer_sits_beside_the_openai_base_url():
    assert tokenizer_url("http://127.0.0.1:8080/v1") == "http://127.0.0.1:8080/extras/tokenize/count"
    assert tokenizer_url("http://127.0.0.1:8080/v1/") == "http://127.0.0.1:8080/extras/tokenize/count"


def test_a_server_with_a_tokenizer_counts_and_each_text_is_asked_once(standin):
    standin.offer_tokenizer(True)
    counter = ServerTokenCounter(standin.url, "", "stand-in")
    assert counter.count(TEXT) == len(TEXT.encode()) + TOKENS_PER_MESSAGE != estimate_tokens(TEXT)
    assert counter.count(TEXT) == len(TEXT.encode()) + TOKENS_PER_MESSAGE
    assert counter.count("hello") == 5 + TOKENS_PER_MESSAGE
    assert standin.tokenized() == [TEXT, "hello"]


def test_a_server_without_one_is_asked_once_and_the_estimate_counts(standin):
    standin.offer_tokenizer(False)
    counter = ServerTokenCounter(standin.url, "", "stand-in")
    assert [counter.count(TEXT), counter.count("hello")] == [estimate_tokens(TEXT), estimate_tokens("hello")]
    assert standin.tokenized() == [TEXT]  # the 404 is kept: not asked again


def test_a_tokenizer_that_answers_late_gives_the_estimate_and_is_asked_again_later(standin):
    standin.offer_tokenizer(True, hang=1.5)
    counter = ServerTokenCounter(standin.url, "", "stand-in", timeout=0.3)
    assert counter.count(TEXT) == estimate_tokens(TEXT)
    assert counter.count("hello") == estimate_tokens("hello")  # within RETRY_SECONDS: not asked
    assert standin.tokenized() == [TEXT]
    standin.offer_tokenizer(True)
    counter.retry_at = 0.0  # as when RETRY_SECONDS have passed
    assert counter.count("hello") == 5 + TOKENS_PER_MESSAGE


def test_an_unreachable_server_gives_the_estimate():
    counter = ServerTokenCounter("http://127.0.0.1:9/v1", "", "x", timeout=0.3)
    assert counter.count(TEXT) == estimate_tokens(TEXT)


@pytest.mark.parametrize("offered", [True, False])
def test_the_window_sent_to_the_model_is_trimmed_by_the_servers_count_when_it_has_one(standin, tmp_path, offered):
    """Three pairs fit 100 tokens by the estimate (about 28 a pair) but one only by the stand-in's (88 a pair)."""
    standin.offer_tokenizer(offered)
    app = create_app({"SECRET_KEY": "test-secret", "SESSION_BACKEND": "cachelib", "RATELIMIT_ENABLED": "false",
                      "FALLBACK_DIR": str(tmp_path), "ASSISTANT": "openai", "OPENAI_BASE_URL": standin.url,
                      "OPENAI_MODEL": "stand-in", "OPENAI_MAX_RETRIES": "0", "HISTORY_MAX_TOKENS": "100"})
    client, session_id = app.test_client(), None
    for n in range(3):
        standin.play({"text": [f"Hello again, this is answer number {n} for you."]})
        body = client.post("/api/v1/chat", json={"message": f"hello there, this is greeting {n} of mine",
                                                 "session_id": session_id}).get_json()
        session_id = body["session_id"]
    standin.play({"text": ["Hi."]})
    client.post("/api/v1/chat", json={"message": "hi", "session_id": session_id})
    window = standin.received()[0]["messages"][1:-1]
    assert len(window) == (2 if offered else 6)
    assert window[-1]["content"] == "Hello again, this is answer number 2 for you."
