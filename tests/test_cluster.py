"""Two app instances under gunicorn on a real Redis Cluster (3 masters, a replica each), no sticky sessions.

One conversation alternates between the instances and keeps its context; its keys are in the cluster, in one
slot; sessions spread over the masters; a clear on one instance is seen by the other; and a master killed
mid-conversation (its replica takes over within a few seconds) costs no 5xx: degraded, then back.
"""
import re
import time

import pytest
import requests

from tests.cluster_servers import RedisClusterServers, Shopper, app_instances, health
from webapp.memory.store import history_key, session_key

pytestmark = pytest.mark.cluster

SEARCH = "show me laptops under $1000"
FOLLOW_UPS = ("which of these has better reviews?", "which is the cheapest?")
RECOVERY_SECONDS = 60  # breaker's first probe after 10 s; a generous bound for a loaded 2-core machine


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    servers = RedisClusterServers(tmp_path_factory.mktemp("cluster")).start()
    yield servers
    servers.stop()


@pytest.fixture(scope="module")
def instances(cluster, tmp_path_factory):
    env = {"REDIS_URL": cluster.url, "SESSION_BACKEND": "redis", "SECRET_KEY": "cluster-test", "TRUSTED_PROXIES": "1"}
    with app_instances(env, tmp_path_factory.mktemp("cluster-apps")) as both:
        yield both


def product_ids(answer):
    return [product["id"] for product in answer["response"]["products"]]


def test_a_conversation_alternating_between_instances_keeps_its_context(cluster, instances):
    a, b = instances
    shopper = Shopper("198.51.100.1")
    listed = product_ids(shopper.say(a, SEARCH))
    follow_up = shopper.say(b, FOLLOW_UPS[0])
    assert follow_up["intent"] == "pick" or follow_up["intent"] == "reviews"
    assert sorted(product_ids(follow_up)) == sorted(listed), "the follow-up on B resolved against A's list"
    cheapest = shopper.say(a, FOLLOW_UPS[1])
    assert sorted(product_ids(cheapest)) == sorted(listed)
    assert shopper.user_messages(b) == shopper.acknowledged == shopper.user_messages(a)


def test_the_session_lives_in_the_cluster_in_one_slot(cluster, instances):
    shopper = Shopper("198.51.100.2")
    shopper.say(instances[0], SEARCH)
    record, history = session_key(shopper.session_id), history_key(shopper.session_id)
    any_node = cluster.node(cluster.live_ports()[0])
    assert any_node.cluster("keyslot", record) == any_node.cluster("keyslot", history)
    master = cluster.node(cluster.master_of(record))
    assert master.exists(record) == 1 and master.llen(history) == 2, "the data is on the cluster's master"


def test_the_page_session_interface_stores_on_the_cluster(cluster, instances):
    """Flask-Session's interface here is the store's, so the page's session is the cluster's too (Flask-Session's
    own Redis interface would swap a cluster client for a local Redis())."""
    a, b = instances
    browser = requests.Session()
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get(f"{a.url}/", timeout=10).text).group(1)
    posted = browser.post(f"{a.url}/chat", data={"message": SEARCH, "csrf_token": token}, timeout=10,
                          headers={"Origin": a.url, "X-Forwarded-For": "198.51.100.5"})
    assert posted.status_code == 200
    session_id = browser.cookies["session_id"].partition(".")[0]
    assert cluster.node(cluster.master_of(session_key(session_id))).exists(session_key(session_id)) == 1
    follow_up = browser.post(f"{b.url}/chat", data={"message": FOLLOW_UPS[0], "csrf_token": token}, timeout=10,
                             headers={"Origin": b.url, "X-Forwarded-For": "198.51.100.5"})
    assert follow_up.status_code == 200 and "of the 5 in the list" in follow_up.text


def test_sessions_spread_over_the_masters_and_limits_count_in_the_cluster(cluster, instances):
    masters = set()
    for n in range(30):
        shopper = Shopper(f"198.51.100.{10 + n}")
        shopper.say(instances[n % 2], SEARCH)
        masters.add(cluster.master_of(session_key(shopper.session_id)))
    assert masters == set(cluster.master_ports())
    counters = sum(len(cluster.node(port).keys("LIMITS:*")) for port in cluster.master_ports())
    assert counters > 0, "rate-limit counters are kept in the cluster, shared by both instances"


def test_both_rate_limits_hold_across_the_instances_on_the_cluster(cluster, instances):
    """A turn's two counters (per address, per conversation) live in the cluster, each in its own key's slot, so they
    hold whichever instance a turn goes to (each instance keeps its own host store: host counting would allow twice)."""
    address, http = "198.51.100.200", requests.Session()

    def post(n, session_id=None):
        body = {"message": FOLLOW_UPS[1], "session_id": session_id} if session_id else {"message": SEARCH}
        return http.post(f"{instances[n % 2].url}/api/v1/chat", json=body, timeout=10, headers={"X-Forwarded-For": address})

    first = post(0).json()["session_id"]
    assert [post(n, first).status_code for n in range(21)] == [200] * 20 + [429]  # 20 a minute per conversation
    others = [post(n).json()["session_id"] for n in range(2)]  # the same address goes on in other conversations
    assert [post(n, session_id).status_code for session_id in others for n in range(18)] == [200] * 36
    refused = post(0, others[0])  # the address's 61st turn this minute, its conversation's 19th
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "rate_limited"
    assert int(refused.headers["Retry-After"]) >= 1
    counter = f"LIMITS:LIMITER/ratelimit/{address}/turns/60/1/minute"
    assert int(cluster.node(cluster.master_of(counter)).get(counter)) == 61


def test_a_clear_on_one_instance_is_seen_by_the_other(cluster, instances):
    a, b = instances
    shopper = Shopper("198.51.100.3")
    shopper.say(a, SEARCH)
    assert shopper.http.delete(f"{b.url}/api/v1/chat/session/{shopper.session_id}", timeout=10).status_code == 204
    assert shopper.http.get(f"{a.url}/api/v1/chat/session/{shopper.session_id}", timeout=10).status_code == 404
    assert shopper.say(a, FOLLOW_UPS[0])["session_created"] is True


def test_a_master_killed_mid_conversation_costs_no_5xx_and_no_turn(cluster, instances):
    a, b = instances
    shopper = Shopper("198.51.100.4")
    shopper.say(b, SEARCH)
    shopper.say(a, FOLLOW_UPS[0])  # A's near copy now holds the whole window
    master = cluster.master_of(session_key(shopper.session_id))
    cluster.kill(master)
    # While the cluster fails over and the breakers wait for their probe, each host serves its turns from its
    # host store (Shopper.say fails the test on anything but a 200); back on Redis, each host's outage turns are
    # merged into the conversation at its next call there.
    states, deadline, turn = [], time.monotonic() + RECOVERY_SECONDS, 0
    while time.monotonic() < deadline and not ("degraded" in states and states[-1] == "ok"):
        if turn % 6 == 0:  # a turn every 3 s, alternating hosts (20 turns a minute is the conversation's limit)
            shopper.say((a, b)[turn // 6 % 2], FOLLOW_UPS[turn // 6 % 2])
        states.append(health(a) if health(b) == "ok" else "degraded")
        turn += 1
        time.sleep(0.5)
    print(f"after the kill: {len(states)} health checks, {states.count('degraded')} degraded")
    assert "degraded" in states and states[-1] == "ok", states
    assert master not in cluster.master_ports(), "a replica took over the killed master's slots"
    follow_up = shopper.say(a, FOLLOW_UPS[0])
    assert follow_up["intent"] in ("pick", "reviews") and len(product_ids(follow_up)) == 5
    shopper.say(b, FOLLOW_UPS[1])
    assert shopper.user_messages(b) == shopper.acknowledged[-10:]
    assert health(b) == "ok"
