"""Opt-in end to end: a real llama.cpp server (llama-cpp-python) serving SmolLM2-135M-Instruct on loopback, the app
under gunicorn and Redis, the real browser page. Checks the plumbing and the memory, not the wording.

Run: scripts/llm_server_setup.sh && LLM_E2E=1 .venv/bin/python -m pytest -m llm -s tests/test_llm_e2e.py
"""
import json
import os
import subprocess
import time

import pytest
import requests

from tests.servers import PROJECT_ROOT, Gunicorn, free_port, stop, wait_for_port
from tests.test_browser import assistants, box, browser, open_chat  # noqa: F401  (fixture)

pytestmark = [pytest.mark.llm, pytest.mark.skipif(os.environ.get("LLM_E2E") != "1",
                                                  reason="opt-in: LLM_E2E=1 (see README, 'A language model')")]
CACHE = PROJECT_ROOT / ".cache"
SERVER_PYTHON = CACHE / "llama-venv" / "bin" / "python"
MODEL = CACHE / "models" / "SmolLM2-135M-Instruct.Q4_1.gguf"


@pytest.fixture(scope="module")
def llama(tmp_path_factory):
    """llama-cpp-python's OpenAI-compatible server on a free loopback port, stopped by PID."""
    if not (SERVER_PYTHON.exists() and MODEL.exists()):
        pytest.fail("run scripts/llm_server_setup.sh first: it builds the server and unpacks the model")
    port = free_port()
    log = open(tmp_path_factory.mktemp("llama") / "llama.log", "wb")
    process = subprocess.Popen([str(SERVER_PYTHON), "-m", "llama_cpp.server", "--model", str(MODEL),
                                "--model_alias", "smollm2", "--host", "127.0.0.1", "--port", str(port),
                                "--logits_all", "false", "--n_ctx", "4096", "--n_threads", "1"],
                               stdout=log, stderr=subprocess.STDOUT)
    wait_for_port(port, process, timeout=120)
    yield f"http://127.0.0.1:{port}/v1"
    stop(process)
    log.close()


@pytest.fixture(scope="module")
def app_server(live_redis, llama, tmp_path_factory):
    env = {"REDIS_URL": live_redis.url, "SESSION_BACKEND": "redis", "RATELIMIT_ENABLED": "false",
           "SECRET_KEY": "live-test-secret", "ASSISTANT": "openai", "OPENAI_BASE_URL": llama,
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


def test_streamed_turns_are_stored_once_and_carry_the_memory(app_server, output_dir):
    deltas, first, total = streamed_turn(app_server.url, "show me laptops under $1000")
    assert first["success"] is True and first["response"]["products"], first
    session_id = first["session_id"]
    words = len("".join(text for _, text in deltas).split())
    first_word = next(t for t, text in deltas if text.strip())
    rate = words / (total - first_word) if total > first_word else float(words)
    report = f"first streamed word after {first_word:.2f} s; {words} words in {total:.2f} s ({rate:.1f} words/s)"
    print("\n" + report)
    (output_dir / "llm-e2e.txt").write_text(report + "\n")
    _, second, _ = streamed_turn(app_server.url, "which of these is the cheapest?", session_id)
    assert second["success"] is True, second
    shown = first["response"]["products"]
    assert second["response"]["products"][0] == min(shown, key=lambda p: (p["price"], p["id"]))
    history = requests.get(f"{app_server.url}/api/v1/chat/session/{session_id}", timeout=10).json()["messages"]
    assert [m["content"] for m in history] == ["show me laptops under $1000", first["response"]["answer"],
                                               "which of these is the cheapest?", second["response"]["answer"]]


def test_the_page_streams_the_real_models_answer(browser, app_server):  # noqa: F811
    context = browser.new_context(base_url=app_server.url)
    context.set_default_timeout(240_000)
    page = context.new_page()
    open_chat(page)
    box(page).fill("hello")
    box(page).press("Enter")
    pytest.importorskip("playwright.sync_api").expect(assistants(page)).to_have_count(1, timeout=240_000)
    page.wait_for_selector("#messages .message.streaming", state="detached", timeout=240_000)
    page.reload()
    assert assistants(page).count() == 1 and assistants(page).first.inner_text().strip()
    context.close()
