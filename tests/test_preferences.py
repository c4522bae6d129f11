"""Preferences past the window: stated in the shopper's words, applied to later searches, stored with the turn.

Dialogues run the bundled assistant the way ChatService does (the last 10 pairs, the preferences carried beside
them); the expected ids come from the independent oracle of test_dialogues (raw catalog rows filtered by hand).
Storage tests run on both backends (real redis-server, the host store); the restart test under real gunicorn.
"""
import json
import re
import time

import pytest
import redis as redis_py
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import cookie_session_id
from tests.servers import Gunicorn
from tests.test_dialogues import ROW, find
from webapp.assistant import CatalogAssistant, ProductIndex, load_catalog
from webapp.assistant.preferences import Preferences
from webapp.config import BUNDLED_CATALOG
from webapp.memory import Message
from webapp.memory.store import preferences_key

ASSISTANT = CatalogAssistant(ProductIndex(load_catalog(BUNDLED_CATALOG)))
WINDOW_MESSAGES = 20
# Thirteen turns about phones: enough to push a first turn out of the 10-pair window.
FILLER = ["show me phones", "which is the cheapest?", "tell me more about it", "compare the first two",
          "what do people say about the second one?", "show me more", "which has the best reviews?", "hi",
          "show me tablets", "how much is the first one?", "thanks", "show me smartwatches", "the first one"]


class Shopper:
    """One conversation with the assistant: the window as the store keeps it, and the preferences beside it."""

    def __init__(self):
        self.history, self.preferences = [], Preferences()

    def says(self, text):
        reply = ASSISTANT.reply(text, self.history[-WINDOW_MESSAGES:], 5, self.preferences)
        if reply.preferences is not None:
            self.preferences = reply.preferences
        self.history += [Message("user", text), Message("assistant", reply.answer, metadata=reply.metadata)]
        return reply

    def window_texts(self):
        return [m.content for m in self.history[-WINDOW_MESSAGES:]]


def ids(reply):
    return [p.id for p in reply.products]


# --- which words state a lasting preference ------------------------------------------------------------------
@pytest.mark.parametrize("before, text, stated", [
    ([], "my budget is $800", {"max_price": 800, "brands": [], "exclude_brands": [], "specs": {}}),
    ([], "I only buy Sony", {"max_price": None, "brands": ["Sony"], "exclude_brands": [], "specs": {}}),
    ([], "I don't want Apple", {"max_price": None, "brands": [], "exclude_brands": ["Apple"], "specs": {}}),
    ([], "no Samsung please", {"max_price": None, "brands": [], "exclude_brands": ["Samsung"], "specs": {}}),
    ([], "it must have noise cancelling",
     {"max_price": None, "brands": [], "exclude_brands": [], "specs": {"noise_cancelling": ["==", True]}}),
    ([], "I need at least 16GB RAM",
     {"max_price": None, "brands": [], "exclude_brands": [], "specs": {"ram_gb": [">=", 16]}}),
    ([], "my budget is $800 for a laptop", {"max_price": 800, "brands": [], "exclude_brands": [], "specs": {}}),
    # One-off constraints of a search, not preferences:
    ([], "laptops under $800", None),
    ([], "I only want Sony headphones", None),
    ([], "I need a laptop with 16GB RAM", None),
    (["show me phones"], "no Samsung please", None),
    ([], "I need the Sony WH-1000XM6", None),
    ([], "forget it", None),
    (["show me headphones"], "I like the Sony and the Bose, compare them", None),
])
def test_which_words_state_a_preference(before, text, stated):
    shopper = Shopper()
    for message in before:
        shopper.says(message)
    shopper.says(text)
    assert shopper.preferences.to_dict() == ({} if stated is None else stated)


def test_a_statement_alone_is_acknowledged_and_searches_nothing():
    reply = Shopper().says("My budget is $800")
    assert reply.intent == "preference" and reply.answer == "I'll remember your budget of $800." and not reply.products


def test_a_budget_stated_in_turn_1_still_applies_in_turn_15():
    shopper = Shopper()
    shopper.says("my budget is $800")
    for text in FILLER:
        shopper.says(text)
    assert "my budget is $800" not in shopper.window_texts()  # turn 1 left the window
    reply = shopper.says("show me laptops")  # turn 15
    assert ids(reply) == find("laptops", hi=800) and "within your $800 budget" in reply.answer
    assert max(p.price for p in reply.products) <= 800 < max(ROW[i]["price"] for i in find("laptops"))


def test_preferred_and_excluded_brands_and_specs_apply_where_the_category_has_them():
    shopper = Shopper()
    shopper.says("I only buy Sony")
    shopper.says("I don't want Apple")
    shopper.says("it must have noise cancelling")
    for text in FILLER:
        shopper.says(text)
    headphones = shopper.says("show me headphones")
    assert ids(headphones) == find("headphones", brands=("Sony",), spec=lambda s: s.get("noise_cancelling") is True)
    # Sony makes no tablets and tablets record no noise cancelling: only the exclusion applies there.
    tablets = shopper.says("show me tablets")
    assert ids(tablets) == find("tablets", exclude=("Apple",)) and "leaving out Apple" in tablets.answer


def test_an_explicit_constraint_in_a_message_wins_for_that_search():
    shopper = Shopper()
    shopper.says("my budget is $800")
    shopper.says("I only buy Sony")
    assert ids(shopper.says("show me Bose headphones")) == find("headphones", brands=("Bose",), hi=800)
    assert ids(shopper.says("laptops under $1500")) == find("laptops", hi=1500)
    sony = shopper.says("show me headphones")
    assert ids(sony) == find("headphones", brands=("Sony",), hi=800)
    assert ids(shopper.says("only Dell ones")) == []  # "only Dell" replaces Sony on the list (no Dell headphones)
    assert shopper.says("show me headphones").products  # the preference itself is unchanged
    assert shopper.preferences.brands == ("Sony",)


def test_a_new_statement_replaces_the_old_preference():
    shopper = Shopper()
    shopper.says("my budget is $800")
    shopper.says("actually my budget is $1200")
    assert ids(shopper.says("show me laptops")) == find("laptops", hi=1200)


@pytest.mark.parametrize("forget, left", [
    ("forget my budget", {"brands": ["Sony"], "exclude_brands": ["Apple"]}),
    ("forget that I like Sony", {"max_price": 800, "exclude_brands": ["Apple"]}),
    ("forget my preferences", {}),
])
def test_forget_removes_what_it_names(forget, left):
    shopper = Shopper()
    for text in ("my budget is $800", "I only buy Sony", "no Apple please"):
        shopper.says(text)
    reply = shopper.says(forget)
    assert reply.intent == "preference" and reply.answer.startswith("I've forgotten")
    expected = {"max_price": None, "brands": [], "exclude_brands": [], "specs": {}, **left} if left else {}
    assert shopper.preferences.to_dict() == expected


def test_after_forgetting_the_budget_searches_are_unbounded_again():
    shopper = Shopper()
    shopper.says("my budget is $800")
    shopper.says("forget my budget")
    reply = shopper.says("show me laptops")
    assert ids(reply) == find("laptops") and "budget" not in reply.answer


# --- stored with the session (both backends) ------------------------------------------------------------------
def api_chat(client, message, session_id=None):
    body = {"message": message, **({"session_id": session_id} if session_id else {})}
    response = client.post("/api/v1/chat", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_the_history_read_returns_the_preferences_and_a_delete_removes_them(client):
    session_id = api_chat(client, "hi")["session_id"]
    assert client.get(f"/api/v1/chat/session/{session_id}").get_json()["preferences"] == {}
    api_chat(client, "my budget is $800", session_id)
    api_chat(client, "I only buy Sony", session_id)
    read = client.get(f"/api/v1/chat/session/{session_id}").get_json()
    assert read["preferences"] == {"max_price": 800, "brands": ["Sony"], "exclude_brands": [], "specs": {}}
    assert client.delete(f"/api/v1/chat/session/{session_id}").status_code == 204
    assert client.get(f"/api/v1/chat/session/{session_id}").status_code == 404


def test_preferences_outlive_the_window_in_the_store(client, store):
    session_id = api_chat(client, "my budget is $800")["session_id"]
    for text in FILLER:
        api_chat(client, text, session_id)
    assert "my budget is $800" not in [m.content for m in store.load(session_id)]
    answer = api_chat(client, "show me laptops", session_id)
    assert [p["id"] for p in answer["response"]["products"]] == find("laptops", hi=800)


def page_token(client):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)


def page_say(client, token, text):
    return client.post("/chat", data={"message": text, "csrf_token": token}, headers={"HX-Request": "true"})


def test_the_page_shows_chips_survives_a_reload_and_a_chip_forgets_one(client):
    token = page_token(client)
    answer = page_say(client, token, "my budget is $800").get_data(as_text=True)
    assert 'id="preferences"' in answer and 'hx-swap-oob="true"' in answer and "budget $800" in answer
    page_say(client, token, "I only buy Sony")
    page = client.get("/").get_data(as_text=True)  # a reload
    assert "Remembering:" in page and "budget $800" in page and 'aria-label="Forget Sony"' in page
    forgotten = client.post("/preferences/forget", data={"name": "brand:Sony", "csrf_token": token},
                            headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "budget $800" in forgotten and "Sony" not in forgotten
    session_id = cookie_session_id(client)
    assert client.get(f"/api/v1/chat/session/{session_id}").get_json()["preferences"]["brands"] == []


def test_a_chip_forgets_without_javascript_and_needs_the_csrf_token(client):
    token = page_token(client)
    page_say(client, token, "my budget is $800")
    refused = client.post("/preferences/forget", data={"name": "max_price"})
    assert refused.status_code == 400 and "budget $800" in client.get("/").get_data(as_text=True)
    posted = client.post("/preferences/forget", data={"name": "max_price", "csrf_token": token})
    assert posted.status_code == 303 and "budget $800" not in client.get("/").get_data(as_text=True)


def test_clear_removes_the_preferences(client, store):
    token = page_token(client)
    page_say(client, token, "my budget is $800")
    old = cookie_session_id(client)
    cleared = client.post("/clear", data={"csrf_token": token}, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'id="preferences"' in cleared and "budget $800" not in cleared
    assert store.load_conversation(old) is None
    page_say(client, token, "show me laptops")
    assert "budget" not in client.get("/").get_data(as_text=True)


def test_a_turn_racing_a_clear_does_not_bring_preferences_back(app, store, backend_name, request):
    """The clear lands while the turn is being answered: the turn's atomic write is refused, preferences too."""
    service = app.extensions["chat_service"]
    session_id = service.start()
    real_reply = service.assistant.reply

    def reply_while_cleared(*args, **kwargs):
        reply = real_reply(*args, **kwargs)
        service.clear(session_id)  # the clear wins the race: it lands between the read and the write
        return reply

    service.assistant.reply = reply_while_cleared
    try:
        service.turn(session_id, "my budget is $800")
    finally:
        service.assistant.reply = real_reply
    assert store.load_conversation(session_id) is None
    assert not store.write_preferences(session_id, {"max_price": 1})
    if backend_name == "redis":
        assert not request.getfixturevalue("redis_client").exists(preferences_key(session_id))


# --- hostile input --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "my budget is $" + "9" * 40, "my budget is $999999999999", "my budget is $0", "my budget is $-5",
    "I only buy " + "Sony " * 600, "I don't want " + "zzzqqq " * 300, "my budget is 1e308 dollars",
    "I need at least 99999999999 GB RAM", "I only buy \u202eynoS", "forget " * 500,
])
def test_hostile_statements_never_break_the_stored_record(client, store, text):
    session_id = api_chat(client, text)["session_id"]
    read = client.get(f"/api/v1/chat/session/{session_id}")
    assert read.status_code == 200
    stored = read.get_json()["preferences"]
    assert stored == Preferences.from_dict(stored).to_dict()  # well formed: reads back as itself
    assert len(json.dumps(stored)) < 2000
    assert api_chat(client, "show me laptops", session_id)["response"]["answer"]


@pytest.mark.parametrize("backend_name", ["redis"])  # a planted key is a Redis concern
def test_a_planted_or_corrupt_preferences_key_reads_as_none(client, redis_client):
    session_id = api_chat(client, "hi")["session_id"]
    for planted in (lambda key: redis_client.hset(key, "x", "1"), lambda key: redis_client.set(key, b"\xff{not json")):
        redis_client.delete(preferences_key(session_id))
        planted(preferences_key(session_id))
        assert client.get(f"/api/v1/chat/session/{session_id}").get_json()["preferences"] == {}
        api_chat(client, "my budget is $800", session_id)  # the turn's write replaces the planted key
        assert client.get(f"/api/v1/chat/session/{session_id}").get_json()["preferences"]["max_price"] == 800


def test_forgetting_an_unknown_or_huge_name_changes_nothing(client):
    token = page_token(client)
    page_say(client, token, "my budget is $800")
    for name in ("x" * 30_000, "brand:", "spec:", "::", "\u0000"):
        response = client.post("/preferences/forget", data={"name": name, "csrf_token": token},
                               headers={"HX-Request": "true"})
        assert response.status_code in (200, 400) and "budget $800" in client.get("/").get_data(as_text=True)


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=80),
                           lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=20), inner, max_size=5),
                           max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["max_price", "brands", "exclude_brands", "specs", "other"]), JSON_VALUES))
def test_any_stored_value_reads_as_well_formed_preferences(data):
    prefs = Preferences.from_dict(data)
    shown = prefs.to_dict()
    assert Preferences.from_dict(json.loads(json.dumps(shown, allow_nan=False))).to_dict() == shown
    assert all(isinstance(label, str) for _, label in prefs.chips())


# --- survives a server restart on Redis (real gunicorn) ---------------------------------------------------------
@pytest.mark.e2e
def test_preferences_survive_a_gunicorn_restart_on_redis(live_redis, tmp_path):
    env = {"REDIS_URL": live_redis.url, "SESSION_BACKEND": "redis", "RATELIMIT_ENABLED": "false"}
    first = Gunicorn(env, tmp_path / "first.log").start()
    try:
        said = requests.post(f"{first.url}/api/v1/chat", json={"message": "my budget is $800"}, timeout=10).json()
        session_id = said["session_id"]
    finally:
        first.stop()
    second = Gunicorn(env, tmp_path / "second.log").start()
    try:
        read = requests.get(f"{second.url}/api/v1/chat/session/{session_id}", timeout=5).json()
        assert read["preferences"] == {"max_price": 800, "brands": [], "exclude_brands": [], "specs": {}}
        answer = requests.post(f"{second.url}/api/v1/chat", json={"message": "show me laptops", "session_id": session_id},
                               timeout=10).json()
        assert [p["id"] for p in answer["response"]["products"]] == find("laptops", hi=800)
    finally:
        second.stop()


@pytest.mark.parametrize("backend_name", ["redis"])
def test_the_preferences_key_always_carries_the_session_ttl(client, redis_client):
    session_id = api_chat(client, "my budget is $800")["session_id"]
    key = preferences_key(session_id)
    redis_client.expire(key, 5)
    api_chat(client, "show me laptops", session_id)  # a turn that states nothing still renews it
    assert 1790 <= redis_client.ttl(key) <= 1800
    redis_client.expire(key, 5)
    client.get(f"/api/v1/chat/session/{session_id}")  # so does a read
    assert 1790 <= redis_client.ttl(key) <= 1800


def test_preferences_stated_during_a_redis_outage_reach_redis_when_it_returns(tmp_path):
    """Real redis-server killed and restarted empty: the host store's copy puts the preferences back in Redis."""
    from tests.servers import RedisServer
    from tests.test_checklist import build

    (tmp_path / "redis").mkdir()
    server = RedisServer(tmp_path / "redis").start()
    try:
        client = build(tmp_path, REDIS_URL=server.url, SESSION_BACKEND="auto").test_client()
        session_id = api_chat(client, "my budget is $800")["session_id"]
        server.kill()
        api_chat(client, "I only buy Sony", session_id)  # served from the host store
        server.start()
        deadline = time.monotonic() + 15
        while client.get("/healthz").get_json()["status"] != "ok":  # the breaker's first probe is due after 10 s
            assert time.monotonic() < deadline
            time.sleep(0.5)
        read = client.get(f"/api/v1/chat/session/{session_id}").get_json()
        assert read["preferences"] == {"max_price": 800, "brands": ["Sony"], "exclude_brands": [], "specs": {}}
        direct = redis_py.Redis.from_url(server.url)
        assert json.loads(direct.get(preferences_key(session_id)))["brands"] == ["Sony"]  # in Redis itself
        direct.close()
    finally:
        server.stop()


def test_an_undone_clear_brings_the_preferences_back_with_the_conversation(client, store):
    session_id = api_chat(client, "my budget is $800")["session_id"]
    assert store.set_aside(session_id, 30)
    assert client.get(f"/api/v1/chat/session/{session_id}").status_code == 404
    assert store.restore(session_id)
    assert client.get(f"/api/v1/chat/session/{session_id}").get_json()["preferences"]["max_price"] == 800
