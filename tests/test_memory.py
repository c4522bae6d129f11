"""Behaviour of the conversation store, run on Redis and on cachelib alike."""
import logging
import threading
import time

import pytest

from tests.servers import RoundTripCounter
from webapp.memory import Message, build_context, is_well_formed, within_budget
from webapp.memory.store import history_key, session_key


def turn(store, session_id, n):
    """Append the n-th numbered pair."""
    assert store.append_turn(session_id, Message("user", f"question {n}"), Message("assistant", f"answer {n}"))


def plant(store, key, value):
    """Write raw data under a key of the backend, as a foreign writer would."""
    if store.name == "redis":
        store.client.set(key, value, ex=60)
    else:
        store.cache.set(key, value, timeout=60)


# The seed's twelve session-manager behaviours.

def test_create_returns_an_id(store):
    session_id = store.create()
    assert is_well_formed(session_id) and store.exists(session_id)


def test_new_session_has_empty_history(store):
    assert store.load(store.create()) == []


def test_append_stores_user_and_assistant(store):
    session_id = store.create()
    store.append_turn(session_id, Message("user", "hi"), Message("assistant", "hello", metadata={"ids": ["a"]}))
    history = store.load(session_id)
    assert [(m.role, m.content) for m in history] == [("user", "hi"), ("assistant", "hello")]
    assert history[1].metadata == {"ids": ["a"]}


def test_window_keeps_last_ten_pairs(store):
    session_id = store.create()
    for n in range(11):
        turn(store, session_id, n)
    history = store.load(session_id)
    assert len(history) == 20
    assert history[0].content == "question 1" and history[-1].content == "answer 10"


def test_clear_empties(store):
    session_id = store.create()
    turn(store, session_id, 1)
    store.clear(session_id)
    assert store.history(session_id) == [] and not store.exists(session_id)


def test_clear_says_whether_it_existed(store):
    session_id = store.create()
    assert store.clear(session_id) is True
    assert store.clear(session_id) is False


def test_context_of_empty_history_is_just_the_query():
    context = build_context([], "laptops under $1000", max_tokens=3000)
    assert [(m.role, m.content) for m in context] == [("user", "laptops under $1000")]


def test_context_with_history_carries_it(store):
    session_id = store.create()
    turn(store, session_id, 1)
    context = build_context(store.load(session_id), "and the second?", max_tokens=3000)
    assert [m.content for m in context] == ["question 1", "answer 1", "and the second?"]


@pytest.mark.parametrize("garbage", [b"not json", b"\x80\x04pickle", b'{"role": "user"}', b"[1, 2]"])
def test_corrupt_history_reads_as_empty(store, garbage, caplog):
    session_id = store.create()
    if store.name == "redis":
        plant(store, history_key(session_id), garbage)
    else:
        entry = store.cache.get(session_key(session_id))
        plant(store, session_key(session_id), {**entry, "messages": [garbage.decode("latin-1")]})
    with caplog.at_level(logging.WARNING, logger="webapp.memory"):
        assert store.load(session_id) == []
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    turn(store, session_id, 1)
    assert [m.content for m in store.load(session_id)] == ["question 1", "answer 1"]


def test_turns_keep_their_order(store):
    session_id = store.create()
    for n in range(5):
        turn(store, session_id, n)
    assert [m.content for m in store.load(session_id)] == [f"{kind} {n}" for n in range(5) for kind in ("question", "answer")]


def test_ttl_renewed_on_every_append(make_app):
    store = make_app(SESSION_TTL_SECONDS=5).extensions["chat_backend"].store
    session_id = store.create()
    time.sleep(2.1)
    assert store.ttl_seconds_left(session_id) <= 3
    turn(store, session_id, 1)
    assert store.ttl_seconds_left(session_id) >= 4


# Beyond the seed.

def test_unknown_session_loads_as_none_and_refuses_appends(store):
    unknown = "A" * 43
    assert store.load(unknown) is None
    assert store.append_turn(unknown, Message("user", "x"), Message("assistant", "y")) is False
    assert not store.exists(unknown)


def test_read_renews_ttl(make_app):
    store = make_app(SESSION_TTL_SECONDS=5).extensions["chat_backend"].store
    session_id = store.create()
    turn(store, session_id, 1)
    time.sleep(2.1)
    store.load(session_id)
    assert store.ttl_seconds_left(session_id) >= 4


def test_history_expires_with_its_session(make_app):
    store = make_app(SESSION_TTL_SECONDS=1).extensions["chat_backend"].store
    session_id = store.create()
    turn(store, session_id, 1)
    time.sleep(2.2)
    assert store.load(session_id) is None and store.history(session_id) == []


@pytest.mark.parametrize("backend_name", ["redis"])
def test_every_key_written_has_a_ttl(make_app, redis_client):
    store = make_app(SESSION_TTL_SECONDS=1800).extensions["chat_backend"].store
    for _ in range(3):
        session_id = store.create()
        turn(store, session_id, 1)
        store.load(session_id)
    keys = redis_client.keys("*")
    assert len(keys) == 6
    for key in keys:
        assert 0 < redis_client.ttl(key) <= 1800, key


@pytest.mark.parametrize("backend_name", ["redis"])
def test_no_key_names_a_session_id_but_its_own_and_clear_removes_them_all(make_app, redis_client):
    """With rate limits on, the limiter's keys hold no session id (they outlive a clear by a minute)."""
    client = make_app(RATELIMIT_ENABLED="true").test_client()
    session_id = client.post("/api/v1/chat", json={"message": "show me tvs"}).get_json()["session_id"]
    client.post("/api/v1/chat", json={"message": "which is cheapest?", "session_id": session_id})
    assert {key for key in redis_client.keys("*") if session_id.encode() in key} == {
        f"session:{session_id}".encode(), f"{{session:{session_id}}}:history".encode()}
    for key in redis_client.keys("*"):
        assert 0 < redis_client.ttl(key) <= 1800, key
    assert client.delete(f"/api/v1/chat/session/{session_id}").status_code == 204
    assert not [key for key in redis_client.keys("*") if session_id.encode() in key]


def test_concurrent_appends_lose_nothing_and_never_interleave(make_app):
    store = make_app(HISTORY_MAX_PAIRS=1000).extensions["chat_backend"].store
    session_id = store.create()
    start = threading.Barrier(32)

    def writer(t):
        start.wait()
        for n in range(8):
            assert store.append_turn(session_id, Message("user", f"q {t}.{n}"), Message("assistant", f"a {t}.{n}"))

    threads = [threading.Thread(target=writer, args=(t,)) for t in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    history = store.load(session_id)
    assert len(history) == 512
    for question, answer in zip(history[::2], history[1::2]):
        assert question.role == "user" and answer.content == "a" + question.content[1:]
    assert {m.content for m in history[::2]} == {f"q {t}.{n}" for t in range(32) for n in range(8)}


def test_budget_keeps_newest_whole_pairs():
    pairs = [Message("user", "u" * 40), Message("assistant", "a" * 400)] * 3
    kept = within_budget(pairs, max_tokens=130)
    assert len(kept) == 2 and kept == pairs[-2:]
    assert within_budget(pairs, max_tokens=10) == []


def test_record_and_history_share_a_cluster_slot():
    from redis.crc import key_slot

    session_id = "x" * 43
    assert key_slot(session_key(session_id).encode()) == key_slot(history_key(session_id).encode())


@pytest.fixture
def round_trips():
    """Counts the round trips made to Redis while the test runs; `during(action)` gives one action's."""
    with RoundTripCounter() as counter:
        yield counter


@pytest.mark.parametrize("backend_name", ["redis"])
def test_one_round_trip_per_history_read_and_per_append(store, round_trips):
    session_id = store.create()
    turn(store, session_id, 0)  # loads the append script into Redis
    assert round_trips.during(lambda: store.load(session_id)) == 1
    assert round_trips.during(lambda: turn(store, session_id, 1)) == 1


@pytest.mark.parametrize("backend_name", ["redis"])
def test_api_turn_costs_two_round_trips(client, round_trips):
    session_id = client.post("/api/v1/chat", json={"message": "show me tvs"}).get_json()["session_id"]
    responses = []
    trips = round_trips.during(lambda: responses.append(
        client.post("/api/v1/chat", json={"message": "which is cheapest?", "session_id": session_id})))
    assert responses[0].status_code == 200 and trips == 2


@pytest.mark.parametrize("backend_name", ["redis"])
def test_api_history_read_costs_one_round_trip_and_reports_the_renewed_ttl(client, store, round_trips):
    session_id = client.post("/api/v1/chat", json={"message": "show me tvs"}).get_json()["session_id"]
    store.client.expire(f"session:{session_id}", 100)
    responses = []
    assert round_trips.during(lambda: responses.append(client.get(f"/api/v1/chat/session/{session_id}"))) == 1
    assert responses[0].get_json()["ttl_seconds"] == store.ttl_seconds == store.ttl_seconds_left(session_id)
