"""Preferences on a real Redis Cluster under two gunicorn instances: one slot, one atomic script, seen by both."""
import pytest
import requests

from tests.cluster_servers import RedisClusterServers, Shopper, app_instances
from tests.test_dialogues import find
from webapp.memory.store import preferences_key, session_key

pytestmark = pytest.mark.cluster


@pytest.fixture(scope="module")
def instances(tmp_path_factory):
    cluster = RedisClusterServers(tmp_path_factory.mktemp("cluster")).start()
    env = {"REDIS_URL": cluster.url, "SESSION_BACKEND": "redis", "SECRET_KEY": "cluster-test", "TRUSTED_PROXIES": "1"}
    try:
        with app_instances(env, tmp_path_factory.mktemp("cluster-apps")) as both:
            yield cluster, both
    finally:
        cluster.stop()


def test_a_preference_stated_on_one_instance_applies_on_the_other_and_a_clear_removes_it(instances):
    cluster, (a, b) = instances
    shopper = Shopper("198.51.100.40")
    shopper.say(a, "my budget is $800")
    record, prefs = session_key(shopper.session_id), preferences_key(shopper.session_id)
    node = cluster.node(cluster.live_ports()[0])
    assert node.cluster("keyslot", record) == node.cluster("keyslot", prefs)
    assert cluster.node(cluster.master_of(record)).exists(prefs) == 1
    laptops = shopper.say(b, "show me laptops")
    assert [p["id"] for p in laptops["response"]["products"]] == find("laptops", hi=800)
    assert requests.delete(f"{b.url}/api/v1/chat/session/{shopper.session_id}", timeout=10).status_code == 204
    assert cluster.node(cluster.master_of(record)).exists(prefs) == 0
