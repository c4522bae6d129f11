"""REDIS_URL forms (one server, Cluster, Sentinel; TLS and passwords), their checks and redaction, and start-up
with a Cluster or Sentinel that does not answer; TRUSTED_PROXIES's check."""
import pytest
import redis

from tests.servers import free_port
from webapp import create_app
from webapp.backends import RedisUnavailable
from webapp.config import ConfigError, Settings
from webapp.memory.breaker import fault_cause
from webapp.redis_client import parse_redis_url, redact


def test_a_cluster_url_names_its_nodes_credentials_and_tls():
    target = parse_redis_url("rediss+cluster://shop:s%40cret@10.0.0.1:7000,10.0.0.2/?ssl_ca_certs=ca.pem")
    assert target.kind == "cluster" and target.nodes == (("10.0.0.1", 7000), ("10.0.0.2", 6379))
    assert (target.username, target.password) == ("shop", "s@cret")
    assert target.tls == {"ssl": True, "ssl_ca_certs": "ca.pem"}


def test_a_sentinel_url_names_its_sentinels_service_and_database():
    target = parse_redis_url("redis+sentinel://:pw@10.0.0.1,10.0.0.2:26380/shop/2?sentinel_password=sp")
    assert target.kind == "sentinel" and target.nodes == (("10.0.0.1", 26379), ("10.0.0.2", 26380))
    assert (target.service_name, target.db, target.password, target.sentinel_password) == ("shop", 2, "pw", "sp")
    assert target.tls == {}


@pytest.mark.parametrize("url, complaint", [
    ("http://10.0.0.1:6379/", "must start with"),
    ("redis+cluster://10.0.0.1:7000/3", "only database 0"),
    ("redis+sentinel://10.0.0.1:26379/", "service_name"),
    ("redis+sentinel://10.0.0.1:26379/shop/x", "service_name"),
    ("redis+cluster://10.0.0.1:port/", "host:port"),
    ("redis+cluster://10.0.0.1:7000/?timeout=3", "options this app does not know"),
])
def test_a_bad_url_is_refused_at_start_up_saying_why(url, complaint):
    with pytest.raises(ConfigError, match=complaint):
        Settings.from_env({"REDIS_URL": url})


def test_passwords_never_reach_the_log_line():
    assert redact("redis+sentinel://user:pw1@h:1,h:2/shop?sentinel_password=pw2") == \
        "redis+sentinel://user:***@h:1,h:2/shop?sentinel_password=***"
    assert redact("redis://:r@localhost:6379/0") == "redis://:***@localhost:6379/0"


@pytest.mark.parametrize("error", [redis.exceptions.ClusterDownError("The cluster is down"),
                                   redis.exceptions.TryAgainError("TRYAGAIN"),
                                   redis.exceptions.RedisClusterException("Redis Cluster cannot be connected"),
                                   redis.exceptions.SlotNotCoveredError("slot 5 not covered")])
def test_a_cluster_without_a_master_is_a_fault_not_a_data_error(error):
    assert fault_cause(error) == "cluster down"


def test_a_command_the_cluster_client_cannot_route_is_a_bug_not_a_fault():
    error = redis.exceptions.RedisClusterException("deleting multiple keys is not implemented in pipeline command")
    assert fault_cause(error) is None


@pytest.mark.parametrize("form", ["redis+cluster://127.0.0.1:{port}/", "redis+sentinel://127.0.0.1:{port}/shop"])
def test_auto_starts_on_the_fallback_while_a_cluster_or_sentinel_does_not_answer(form, tmp_path):
    app = create_app({"SECRET_KEY": "t", "REDIS_URL": form.format(port=free_port()), "SESSION_BACKEND": "auto",
                      "FALLBACK_DIR": str(tmp_path)})
    client = app.test_client()
    answer = client.post("/api/v1/chat", json={"message": "show me tvs"})
    assert answer.status_code == 200
    assert client.get("/healthz").get_json() == {"status": "degraded", "session_backend": "cachelib"}


def test_redis_required_refuses_to_start_without_an_answering_cluster(tmp_path):
    with pytest.raises(RedisUnavailable, match="redis\\+cluster://"):
        create_app({"SECRET_KEY": "t", "REDIS_URL": f"redis+cluster://127.0.0.1:{free_port()}/",
                    "SESSION_BACKEND": "redis", "FALLBACK_DIR": str(tmp_path)})


@pytest.mark.parametrize("raw", ["-1", "two"])
def test_trusted_proxies_is_a_hop_count(raw):
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        Settings.from_env({"TRUSTED_PROXIES": raw})
