"""The store's restorable clear (the page's Clear conversation with Undo), on Redis and on cachelib alike,
and across a real Redis outage."""
import time

import pytest
import redis as redis_py

from tests.conftest import cookie_session_id
from tests.test_checklist import build, turn as api_turn
from tests.test_cluster import cluster, instances  # noqa: F401  (fixtures: a real Redis Cluster, two app instances)
from tests.test_memory import turn
from tests.test_page import csrf_token, send
from tests.test_store_faults import own_redis  # noqa: F401  (a fixture: a redis-server of the test's own)
from webapp.memory.store import aside_keys, history_key, session_key
from webapp.web.views import UNDO_SECONDS


def contents(store, session_id):
    return [m.content for m in store.history(session_id)]


def test_a_session_set_aside_is_gone_until_restored_whole(store):
    session_id = store.create()
    turn(store, session_id, 1)
    turn(store, session_id, 2)
    assert store.set_aside(session_id, 60) is True
    assert not store.exists(session_id) and store.load(session_id) is None and store.read_record(session_id) is None
    assert store.restore(session_id) is True
    assert contents(store, session_id) == ["question 1", "answer 1", "question 2", "answer 2"]
    assert 1790 < store.ttl_seconds_left(session_id) <= 1800
    assert store.restore(session_id) is False  # one undo: the kept copy is used up


def test_a_turn_racing_the_clear_is_refused_and_an_unknown_session_sets_nothing_aside(store):
    session_id = store.create()
    turn(store, session_id, 1)
    store.set_aside(session_id, 60)
    assert store.append_turn(session_id, *_pair()) is False
    assert store.set_aside("x" * 43, 60) is False and store.restore("x" * 43) is False


def test_what_is_set_aside_expires_after_its_seconds(store):
    session_id = store.create()
    turn(store, session_id, 1)
    store.set_aside(session_id, 1)
    time.sleep(2.1)
    assert store.restore(session_id) is False and store.load(session_id) is None


@pytest.mark.parametrize("backend_name", ["redis"])
def test_on_redis_the_keys_are_renamed_aside_in_the_sessions_slot_with_the_short_ttl(store, redis_client):
    session_id = store.create()
    turn(store, session_id, 1)
    store.set_aside(session_id, 60)
    record, history = aside_keys(session_id)
    assert not redis_client.exists(session_key(session_id), history_key(session_id))
    assert 0 < redis_client.ttl(record) <= 60 and 0 < redis_client.ttl(history) <= 60
    slot = redis_py.crc.key_slot
    assert slot(record.encode()) == slot(history.encode()) == slot(session_key(session_id).encode())
    store.restore(session_id)
    assert not redis_client.exists(record, history) and redis_client.llen(history_key(session_id)) == 2


def test_a_clear_made_during_an_outage_is_undone_and_reaches_redis_when_it_is_back(own_redis, tmp_path):  # noqa: F811
    app = build(tmp_path, REDIS_URL=own_redis.url, SESSION_BACKEND="auto")
    client = app.test_client()
    session_id = api_turn(client, "show me laptops")["session_id"]
    store = app.extensions["chat_backend"].store
    own_redis.pause()
    try:
        assert store.set_aside(session_id, 60) is True
        assert store.load(session_id) is None
        assert store.restore(session_id) is True
        assert contents(store, session_id)[0] == "show me laptops"
    finally:
        own_redis.resume()
    deadline = time.monotonic() + 15
    while client.get("/healthz").get_json()["status"] != "ok":  # the breaker's first probe is due after 10 s
        assert time.monotonic() < deadline
        time.sleep(0.5)
    assert contents(store, session_id)[0] == "show me laptops"
    assert redis_py.Redis.from_url(own_redis.url).llen(history_key(session_id)) == 2  # in Redis itself again


def _pair():
    from webapp.memory import Message

    return Message("user", "late question"), Message("assistant", "late answer")


# The page's Clear conversation and Undo, through Flask's test client (JavaScript off: plain forms).

def undo(client):
    return client.post("/clear/undo", data={"csrf_token": csrf_token(client)})


def test_undo_brings_the_cleared_conversation_back_as_this_browsers_session(client, store):
    send(client, "show me phones")
    send(client, "which is the cheapest?")
    old = cookie_session_id(client)
    page = client.post("/clear", data={"csrf_token": csrf_token(client)}, follow_redirects=True).get_data(as_text=True)
    assert 'class="message"' not in page and ">Undo</button>" in page
    empty = cookie_session_id(client)
    response = undo(client)
    assert response.status_code == 303
    page = client.get("/").get_data(as_text=True)
    assert cookie_session_id(client) == old and page.count('class="message"') == 4 and ">Undo</button>" not in page
    assert not store.exists(empty)  # the empty conversation the clear started is gone
    send(client, "compare the first two")  # the page's CSRF token still works, and the window is the old one
    assert [m.content for m in store.load(old)][0] == "show me phones" and len(store.load(old)) == 6


def test_after_a_new_message_or_past_the_minute_undo_is_refused_with_a_message(client, store, monkeypatch):
    send(client, "show me phones")
    client.post("/clear", data={"csrf_token": csrf_token(client)})
    send(client, "hi")
    new = cookie_session_id(client)
    page = client.get("/").get_data(as_text=True)
    assert ">Undo</button>" not in page
    page = undo(client)
    page = client.get("/").get_data(as_text=True)
    assert "can no longer be restored" in page and cookie_session_id(client) == new and page.count('class="message"') == 2

    client.post("/clear", data={"csrf_token": csrf_token(client)})
    later = time.time() + UNDO_SECONDS + 1
    monkeypatch.setattr("webapp.web.views.time.time", lambda: later)
    undo(client)
    page = client.get("/").get_data(as_text=True)
    assert "can no longer be restored" in page and 'class="message"' not in page


def test_a_forged_undo_names_nothing_and_changes_nothing(client, store):
    send(client, "show me phones")
    mine = cookie_session_id(client)
    undo(client)
    page = client.get("/").get_data(as_text=True)
    assert "can no longer be restored" in page and cookie_session_id(client) == mine and len(store.load(mine)) == 2


@pytest.mark.cluster
def test_on_a_redis_cluster_a_clear_on_one_instance_is_undone_on_the_other(cluster, instances):  # noqa: F811
    """The aside keys share the session's slot, so the scripts run on a real cluster; any instance can undo."""
    import re

    import requests

    a, b = instances
    browser = requests.Session()

    def post(instance, path, **data):
        page = browser.get(f"{instance.url}/", timeout=10).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        return browser.post(f"{instance.url}{path}", data={"csrf_token": token, **data}, timeout=10,
                            headers={"Origin": instance.url, "X-Forwarded-For": "198.51.100.77"})

    assert post(a, "/chat", message="show me laptops").status_code == 200
    session_id = browser.cookies["session_id"].partition(".")[0]
    post(a, "/clear")
    master = cluster.node(cluster.master_of(session_key(session_id)))
    assert not master.exists(session_key(session_id)) and all(0 < master.ttl(key) <= 60 for key in aside_keys(session_id))
    restored = post(b, "/clear/undo")
    assert restored.status_code == 200 and restored.text.count('class="message"') == 2
    assert browser.cookies["session_id"].partition(".")[0] == session_id and master.llen(history_key(session_id)) == 2
