"""Opt-in end to end: a real llama.cpp server (llama-cpp-python) serving SmolLM2-135M-Instruct on loopback, the app
under gunicorn and Redis, the real browser page. Checks the plumbing and the memory, not the wording.

Between the app and the model server sits a recording reverse proxy (tests/llm_proxy.py: a real forwarder, every
request and streamed answer passed through as it comes), so the test sees what reached the server and what came
back: the window, the tools, the tool calls, the tokenizer's counts.

Run: scripts/llm_server_setup.sh && LLM_E2E=1 .venv/bin/python -m pytest -m llm -s tests/test_llm_e2e.py
"""
import json
import os
import subprocess
import time

import pytest
import redis as redis_py
import requests

from tests.llm_proxy import RecordingProxy, streamed_tool_calls
from tests.servers import PROJECT_ROOT, Gunicorn, free_port, stop, wait_for_port
from tests.test_browser import assistants, box, browser, open_chat  # noqa: F401  (fixture)
from webapp.assistant import ProductIndex, load_catalog
from webapp.assistant.llm_tools import ToolBox
from webapp.config import BUNDLED_CATALOG
from webapp.memory import estimate_tokens
from webapp.memory.budget import TOKENS_PER_MESSAGE
from webapp.memory.redis_store import RedisConversationStore

pytestmark = [pytest.mark.llm, pytest.mark.skipif(os.environ.get("LLM_E2E") != "1",
                                                  reason="opt-in: LLM_E2E=1 (see README, 'A language model')")]
CACHE = PROJECT_ROOT / ".cache"
SERVER_PYTHON = CACHE / "llama-venv" / "bin" / "python"
MODEL = CACHE / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"
# The server as README's "A language model" says to run it: a chat format with tool calls (a named tool_choice is
# constrained by a grammar), and no request cutting off another's stream.
SERVER_OPTIONS = ["--logits_all", "false", "--n_ctx", "4096", "--n_threads", "1",
                  "--chat_format", "chatml-function-calling", "--interrupt_requests", "false"]
FELL_BACK = "the catalog's answer stands"


@pytest.fixture(scope="module")
def llama(tmp_path_factory):
    """llama-cpp-python's OpenAI-compatible server on a free loopback port (its port), stopped by PID."""
    if not (SERVER_PYTHON.exists() and MODEL.exists()):
        pytest.fail("run scripts/llm_server_setup.sh first: it builds the server and unpacks the model")
    port = free_port()
    log = open(tmp_path_factory.mktemp("llama") / "llama.log", "wb")
    process = subprocess.Popen([str(SERVER_PYTHON), "-m", "llama_cpp.server", "--model", str(MODEL),
                                "--model_alias", "smollm2", "--host", "127.0.0.1", "--port", str(port),
                                *SERVER_OPTIONS], stdout=log, stderr=subprocess.STDOUT)
    wait_for_port(port, process, timeout=120)
    yield port
    stop(process)
    log.close()


@pytest.fixture(scope="module")
def proxy(llama):
    """The recording reverse proxy in front of the model server."""
    forwarder = RecordingProxy(llama).start()
    yield forwarder
    forwarder.stop()


@pytest.fixture(scope="module")
def app_server(live_redis, proxy, tmp_path_factory):
    env = {"REDIS_URL": live_redis.url, "SESSION_BACKEND": "redis", "RATELIMIT_ENABLED": "false",
           "SECRET_KEY": "live-test-secret", "ASSISTANT": "openai", "OPENAI_BASE_URL": proxy.url,
           "OPENAI_MODEL": "smollm2", "OPENAI_FIRST_TOKEN_SECONDS": "120", "OPENAI_ANSWER_SECONDS": "240"}
    server = Gunicorn(env, tmp_path_factory.mktemp("gunicorn") / "gunicorn.log").start()
    yield server
    server.stop()


def streamed_turn(url, message, session_id=None):
    """(deltas with their arrival times, the done body, seconds from sending) of one streamed API turn."""
    start, deltas, done = time.monotonic(), [], None
    with requests.post(f"{url}/api/v1/chat", json={"message": message, "session_id": session_id, "stream": True},
                       stream=True, timeout=300) as response:
        event = None
        for line in response.iter_lines(decode_unicode=True):
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event == "delta":
                deltas.append((time.monotonic() - start, json.loads(line[6:])["text"]))
            elif line.startswith("data: ") and event in ("done", "error"):
                done = json.loads(line[6:])
    return deltas, done, time.monotonic() - start


class Turn:
    """One streamed turn through the app, with what went through the proxy and what the app logged meanwhile."""

    def __init__(self, server, proxy, message, session_id=None):
        seen, logged = len(proxy.exchanges), len(server.output())
        self.message = message
        self.deltas, self.done, self.seconds = streamed_turn(server.url, message, session_id)
        assert self.done and self.done["success"] is True, self.done
        self.exchanges = proxy.since(seen)
        self.completions = [e for e in self.exchanges if e.path == "/v1/chat/completions"]
        self.tokenized = {e.body["input"]: json.loads(e.answer)["count"] for e in self.exchanges
                          if e.path == "/extras/tokenize/count"}
        self.log = server.output()[logged:]

    @property
    def products(self):
        return self.done["response"]["products"]

    @property
    def first_word(self):
        return next(t for t, text in self.deltas if text.strip())

    def report(self):
        words = len("".join(text for _, text in self.deltas).split())
        rate = words / (self.seconds - self.first_word) if self.seconds > self.first_word else float(words)
        return (f"{self.message!r}: first streamed word after {self.first_word:.2f} s, whole answer after "
                f"{self.seconds:.2f} s; {words} words streamed ({rate:.1f} words/s after the first)")


def test_the_window_the_tools_and_the_tokenizer_reach_the_real_server(app_server, proxy, live_redis, output_dir):
    index = ProductIndex(load_catalog(BUNDLED_CATALOG))
    hello = Turn(app_server, proxy, "hello")
    session_id = hello.done["session_id"]
    (chat,) = hello.completions  # chat: one request, no tools
    assert "tools" not in chat.body and chat.body["messages"][-1] == {"role": "user", "content": "hello"}

    first = Turn(app_server, proxy, "show me laptops under $1000", session_id)
    asked, worded = first.completions
    # the tool of the catalog's reading, asked for by name; a tool call came back from the real server
    assert [t["function"]["name"] for t in asked.body["tools"]] == ["search_products"]
    assert asked.body["tool_choice"] == {"type": "function", "function": {"name": "search_products"}}
    [(name, arguments)] = streamed_tool_calls(asked.answer)
    assert name == "search_products" and isinstance(json.loads(arguments), dict)
    # the window reached the server: the first pair
    assert [m["content"] for m in asked.body["messages"][1:]] == ["hello", hello.done["response"]["answer"],
                                                                 first.message]
    # the words were asked for with the facts after the message, and no tools
    assert "tools" not in worded.body and worded.body["messages"][-1]["content"].startswith(first.message + "\n")
    assert first.products and all(p["category"] == "laptops" and p["price"] <= 1000 for p in first.products)
    # the server's tokenizer counted the window's new messages (the estimate errs low on digits: see the report)
    assert set(first.tokenized) == {"hello", hello.done["response"]["answer"]}

    history = RedisConversationStore(redis_py.Redis.from_url(live_redis.url), 1800, 10).load(session_id)
    compare = Turn(app_server, proxy, "compare the first two", session_id)
    asked = compare.completions[0]
    assert [m["content"] for m in asked.body["messages"][1:]] == [m.content for m in history] + [compare.message]
    [(name, arguments)] = streamed_tool_calls(asked.answer)
    assert name == "compare_products"
    assert compare.products == first.products[:2] and compare.done["intent"] == "compare"
    # the tool call's own result is the turn's products: the same call run on the stored history gives them, and
    # the app did not fall back to the catalog's reading
    tool = ToolBox(index, history, 5)
    tool.call(name, arguments)
    assert [p.id for p in tool.reply.products] == [p["id"] for p in compare.products]
    assert FELL_BACK not in compare.log, compare.log

    second = Turn(app_server, proxy, "tell me about the second one", session_id)
    [(name, arguments)] = streamed_tool_calls(second.completions[0].answer)
    assert name == "product_details" and second.products == first.products[1:2]

    stored = requests.get(f"{app_server.url}/api/v1/chat/session/{session_id}", timeout=10).json()["messages"]
    turns = [hello, first, compare, second]
    assert [m["content"] for m in stored] == [text for t in turns for text in (t.message, t.done["response"]["answer"])]
    counts = [(len(text), estimate_tokens(text) - TOKENS_PER_MESSAGE, count) for text, count in first.tokenized.items()]
    report = "\n".join([t.report() for t in turns] + [
        f"tool calls: {name}({arguments}) for {second.message!r}; fell back to the catalog's reading on: "
        + ", ".join(repr(t.message) for t in turns if FELL_BACK in t.log),
        f"window texts counted by the server's tokenizer: {counts} (characters, estimate, server's count)"])
    print("\n" + report)
    (output_dir / "llm-e2e.txt").write_text(report + "\n")


def test_the_page_streams_the_real_models_answer(browser, app_server):  # noqa: F811
    context = browser.new_context(base_url=app_server.url)
    context.set_default_timeout(240_000)
    page = context.new_page()
    open_chat(page)
    box(page).fill("hello")
    box(page).press("Enter")
    pytest.importorskip("playwright.sync_api").expect(assistants(page)).to_have_count(1, timeout=240_000)
    page.wait_for_selector("#messages .message.streaming", state="detached", timeout=240_000)
    box(page).fill("show me laptops under $1000")
    box(page).press("Enter")
    pytest.importorskip("playwright.sync_api").expect(assistants(page)).to_have_count(2, timeout=240_000)
    page.wait_for_selector("#messages .message.streaming", state="detached", timeout=240_000)
    assert assistants(page).nth(1).locator(".card").count() == 5  # the tool's (or the catalog's) products
    page.reload()
    assert assistants(page).count() == 2 and assistants(page).first.inner_text().strip()
    assert assistants(page).nth(1).locator(".card").count() == 5
    context.close()
