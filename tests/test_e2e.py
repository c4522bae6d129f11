"""End to end: the app under real gunicorn with a real redis-server, both started here."""
import re
import threading
import time

import pytest
import requests

from tests.servers import Gunicorn

pytestmark = pytest.mark.e2e


def chat(base, message, session_id=None):
    """One API turn against a live server."""
    body = {"message": message, **({"session_id": session_id} if session_id else {})}
    response = requests.post(f"{base}/api/v1/chat", json=body, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def test_healthz_reports_redis(live_server):
    assert requests.get(f"{live_server.url}/healthz", timeout=5).json() == {"status": "ok", "session_backend": "redis"}


def test_conversation_survives_a_gunicorn_restart(live_redis, tmp_path):
    env = {"REDIS_URL": live_redis.url, "SESSION_BACKEND": "redis", "RATELIMIT_ENABLED": "false"}
    first = Gunicorn(env, tmp_path / "first.log").start()
    try:
        listed = chat(first.url, "show me laptops under $1000")
        session_id = listed["session_id"]
    finally:
        first.stop()
    second = Gunicorn(env, tmp_path / "second.log").start()
    try:
        follow = chat(second.url, "which of these has better reviews?", session_id)
        best = max(listed["response"]["products"], key=lambda p: (p["rating"], p["review_count"]))
        assert follow["session_created"] is False and follow["response"]["products"][0]["id"] == best["id"]
        history = requests.get(f"{second.url}/api/v1/chat/session/{session_id}", timeout=5).json()
        assert [m["content"] for m in history["messages"][::2]] == ["show me laptops under $1000",
                                                                      "which of these has better reviews?"]
    finally:
        second.stop()


def test_page_conversation_survives_a_restart_with_the_cookie(live_redis, tmp_path):
    env = {"REDIS_URL": live_redis.url, "SESSION_BACKEND": "redis", "RATELIMIT_ENABLED": "false"}
    browser = requests.Session()
    server = Gunicorn(env, tmp_path / "page.log").start()
    try:
        page = browser.get(server.url + "/", timeout=5).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        posted = browser.post(server.url + "/chat", data={"message": "show me cameras", "csrf_token": token},
                              headers={"Origin": server.url}, timeout=10)
        assert posted.status_code == 200 and posted.url.rstrip("/") == server.url
    finally:
        server.stop()
    server = Gunicorn(env, tmp_path / "page2.log").start()
    try:
        assert "show me cameras" in browser.get(server.url + "/", timeout=5).text
    finally:
        server.stop()


def test_points_17_18_concurrent_posts_in_one_session_all_stored(live_server):
    base = live_server.url
    session_id = chat(base, "show me tablets")["session_id"]
    errors = []

    def post(n):
        try:
            chat(base, f"number {n % 5 + 1} please, post {n}", session_id)
        except AssertionError as error:
            errors.append(error)

    threads = [threading.Thread(target=post, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    messages = requests.get(f"{base}/api/v1/chat/session/{session_id}", timeout=5).json()["messages"]
    assert len(messages) == 20 and [m["role"] for m in messages] == ["user", "assistant"] * 10
    asked = [m["content"] for m in messages[::2]]
    assert len(set(asked)) == 10 and set(asked) <= {f"number {n % 5 + 1} please, post {n}" for n in range(20)}


def test_point_7_access_log_masks_session_ids(live_server):
    session_id = chat(live_server.url, "hello")["session_id"]
    requests.get(f"{live_server.url}/api/v1/chat/session/{session_id}", timeout=5)
    requests.delete(f"{live_server.url}/api/v1/chat/session/{session_id}", timeout=5)
    log = live_server.output()
    assert "/api/v1/chat/session/***" in log and session_id not in log


def test_point_26_several_workers_share_the_fallback(tmp_path):
    server = Gunicorn({"SESSION_BACKEND": "cachelib", "RATELIMIT_ENABLED": "false"}, tmp_path / "fallback.log",
                      workers=3).start()
    try:
        # The port answers once the first worker is up; on a loaded machine the others boot a little later.
        deadline = time.monotonic() + 30
        while len(set(re.findall(r"Booting worker with pid: (\d+)", server.output()))) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        session_id = chat(server.url, "show me monitors")["session_id"]
        for n in range(19):
            assert chat(server.url, f"number {n % 5 + 1}", session_id)["session_created"] is False
        messages = requests.get(f"{server.url}/api/v1/chat/session/{session_id}", timeout=5).json()["messages"]
        assert [m["content"] for m in messages[::2]] == [f"number {n % 5 + 1}" for n in range(9, 19)]
        pids = set(re.findall(r"Booting worker with pid: (\d+)", server.output()))
        assert len(pids) == 3  # the conversation went to a server of three workers, each with its own memory
    finally:
        server.stop()


def test_contract_check_passes(live_server):
    import subprocess
    import sys

    from tests.servers import PROJECT_ROOT

    tool = PROJECT_ROOT.parent / "shared" / "tools" / "contract_check.py"
    if not tool.exists():
        pytest.skip("shared/tools/contract_check.py is not beside the project")
    result = subprocess.run([sys.executable, str(tool), live_server.url], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
