"""Two app instances under gunicorn on a real Sentinel set (master, replica, three sentinels): the master is
killed mid-conversation, the sentinels promote the replica, and the conversation goes on with every turn the
app acknowledged (degraded meanwhile, never a 5xx)."""
import time

import pytest

from tests.cluster_servers import SentinelServers, Shopper, app_instances, health

pytestmark = pytest.mark.cluster

SEARCH = "show me laptops under $1000"
FOLLOW_UPS = ("which of these has better reviews?", "which is the cheapest?")
RECOVERY_SECONDS = 60


@pytest.fixture(scope="module")
def sentinels(tmp_path_factory):
    servers = SentinelServers(tmp_path_factory.mktemp("sentinel")).start()
    yield servers
    servers.stop()


@pytest.fixture(scope="module")
def instances(sentinels, tmp_path_factory):
    env = {"REDIS_URL": sentinels.url, "SESSION_BACKEND": "redis", "SECRET_KEY": "sentinel-test",
           "TRUSTED_PROXIES": "1"}
    with app_instances(env, tmp_path_factory.mktemp("sentinel-apps")) as both:
        yield both


def test_the_conversation_is_on_the_master_and_alternates_between_instances(sentinels, instances):
    a, b = instances
    shopper = Shopper("203.0.113.1")
    listed = shopper.say(a, SEARCH)["response"]["products"]
    follow_up = shopper.say(b, FOLLOW_UPS[0])
    assert sorted(p["id"] for p in follow_up["response"]["products"]) == sorted(p["id"] for p in listed)
    master = sentinels.node(sentinels.current_master_port())
    assert master.llen("{session:" + shopper.session_id + "}:history") == 4


def test_a_master_killed_mid_conversation_keeps_every_acknowledged_turn(sentinels, instances):
    a, b = instances
    shopper = Shopper("203.0.113.2")
    shopper.say(b, SEARCH)
    shopper.say(a, FOLLOW_UPS[0])
    killed = sentinels.kill_master()
    states, deadline, turn = [], time.monotonic() + RECOVERY_SECONDS, 0
    while time.monotonic() < deadline and not ("degraded" in states and states[-1] == "ok"):
        if turn % 6 == 0:  # a turn every 3 s, alternating hosts (20 turns a minute is the conversation's limit)
            shopper.say((a, b)[turn // 6 % 2], FOLLOW_UPS[turn // 6 % 2])
        states.append(health(a) if health(b) == "ok" else "degraded")
        turn += 1
        time.sleep(0.5)
    print(f"after the kill: {len(states)} health checks, {states.count('degraded')} degraded")
    assert "degraded" in states and states[-1] == "ok", states
    assert sentinels.current_master_port() != killed, "the sentinels promoted the replica"
    shopper.say(a, FOLLOW_UPS[1])
    shopper.say(b, FOLLOW_UPS[1])
    follow_up = shopper.say(a, FOLLOW_UPS[0])
    assert len(follow_up["response"]["products"]) == 5, "the follow-up on B still resolves against the list"
    assert shopper.user_messages(b) == shopper.acknowledged[-10:]
    assert health(b) == "ok"
