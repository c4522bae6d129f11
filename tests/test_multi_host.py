"""Two hosts (each its own host store and breaker) over one real Redis: what one host does to a conversation
while Redis fails is merged with the other's, and a clear on one host is not undone by the other's near copy."""
import pytest

from webapp.backends import host_store
from webapp.config import Settings
from webapp.memory import Message
from webapp.memory.breaker import CircuitBreaker
from webapp.memory.failover import FailoverStore
from webapp.memory.redis_store import RedisConversationStore
from webapp.redis_client import make_redis_client


class Clock:
    """A breaker clock the test moves on."""

    now = 0.0

    def __call__(self):
        return self.now


@pytest.fixture
def hosts(redis_server, redis_client, tmp_path):
    """Two FailoverStores on the same Redis, each with its own host store and a clock the test controls."""
    settings, clock = Settings(), Clock()
    stores = [FailoverStore(RedisConversationStore(make_redis_client(redis_server.url), 1800, 10, 43200),
                            host_store(settings, tmp_path / f"host-{n}"), CircuitBreaker(clock=clock))
              for n in range(2)]
    yield stores, clock


def outage(stores, clock, during):
    """Open both breakers (as a failover does), run `during`, then let both probe and close."""
    for store in stores:
        store.breaker.failed("timeout")
    during()
    clock.now += 60


def say(store, session_id, n):
    assert store.append_turn(session_id, Message("user", f"q{n}"), Message("assistant", f"a{n}"))


def questions(store, session_id):
    return [m.content for m in store.load(session_id) if m.role == "user"]


def test_outage_turns_taken_by_two_hosts_are_all_kept_in_order(hosts):
    (a, b), clock = hosts
    session_id = a.create()
    say(b, session_id, 1)
    say(a, session_id, 2)
    outage((a, b), clock, lambda: [say((a, b)[n % 2], session_id, n) for n in range(3, 7)])
    assert questions(a, session_id) == ["q1", "q2", "q4", "q6"], "A's outage turns are back; B's wait for B"
    assert questions(b, session_id) == [f"q{n}" for n in range(1, 7)]
    assert questions(a, session_id) == [f"q{n}" for n in range(1, 7)]


def test_a_clear_on_one_host_is_not_undone_by_the_others_near_copy(hosts):
    (a, b), _ = hosts
    session_id = a.create()
    say(a, session_id, 1)
    assert b.clear(session_id)
    assert a.read(session_id) is None and a.load(session_id) is None
    assert not a.primary.exists(session_id), "nothing was put back into Redis"
