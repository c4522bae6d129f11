"""The host store's near copy, written behind: off a turn's path, yet there whenever the host store is used, merged
with what other workers wrote during an outage, never undoing a clear; and healthy reads that leave it alone
until something may have changed. Real redis-servers; workers are FailoverStores sharing one host directory."""
import subprocess
import sys
import time

import pytest

from tests.servers import PROJECT_ROOT, RedisServer
from webapp.backends import host_store
from webapp.config import Settings
from webapp.memory import Message
from webapp.memory.breaker import CircuitBreaker
from webapp.memory.failover import FailoverStore
from webapp.memory.host_cache import HostCache
from webapp.memory.near_copy import FLUSH_SECONDS
from webapp.memory.redis_store import RedisConversationStore
from webapp.memory.store import history_key, session_key
from webapp.redis_client import make_redis_client

NEVER = 3600  # a write-behind interval no test outlasts: only an explicit or a fallback flush writes


class Clock:
    """A breaker clock the test moves on."""

    now = 0.0

    def __call__(self):
        return self.now


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server for one test (nothing kept on disk), which the test may kill and start again."""
    (tmp_path / "own-redis").mkdir()
    server = RedisServer(tmp_path / "own-redis").start()
    yield server
    server.stop()


@pytest.fixture
def worker(tmp_path):
    """worker(redis_url, flush_seconds): a FailoverStore on one shared host directory, as a gunicorn worker has."""
    clock = Clock()

    def build(redis_url, flush_seconds=NEVER):
        primary = RedisConversationStore(make_redis_client(redis_url), 1800, 10, 43200)
        return FailoverStore(primary, host_store(Settings(), tmp_path / "host"), CircuitBreaker(clock=clock),
                             flush_seconds=flush_seconds)

    build.clock = clock
    return build


def say(store, session_id, n):
    assert store.append_turn(session_id, Message("user", f"q{n}"), Message("assistant", f"a{n}"))


def questions(store, session_id):
    return [m.content for m in store.load(session_id) if m.role == "user"]


def near_questions(store, session_id):
    """The user messages of the session's entry in the host store, read directly."""
    entry = store.fallback.peek(session_id)
    return [] if entry is None else [Message.from_json(m).content for m in entry["messages"][::2]]


def test_a_turn_does_not_wait_for_its_near_copy_which_follows_within_the_interval(worker, redis_server, redis_client):
    behind = worker(redis_server.url)
    session_id = behind.create()
    say(behind, session_id, 1)
    assert near_questions(behind, session_id) == []  # acknowledged with nothing written to the host store
    behind.near_copy.flush()
    assert near_questions(behind, session_id) == ["q1"]

    shipped = worker(redis_server.url, flush_seconds=0.05)
    session_id = shipped.create()
    say(shipped, session_id, 1)
    say(shipped, session_id, 2)
    deadline = time.monotonic() + 5
    while near_questions(shipped, session_id) != ["q1", "q2"]:
        assert time.monotonic() < deadline, near_questions(shipped, session_id)
        time.sleep(0.01)


def test_a_worker_that_exits_writes_its_near_copy(redis_server, redis_client, tmp_path):
    program = f"""
from webapp.backends import host_store
from webapp.config import Settings
from webapp.memory import Message
from webapp.memory.breaker import CircuitBreaker
from webapp.memory.failover import FailoverStore
from webapp.memory.redis_store import RedisConversationStore
from webapp.redis_client import make_redis_client
primary = RedisConversationStore(make_redis_client({redis_server.url!r}), 1800, 10)
host = host_store(Settings(), {str(tmp_path / "host")!r})
store = FailoverStore(primary, host, CircuitBreaker(), flush_seconds={NEVER})
session_id = store.create()
store.append_turn(session_id, Message("user", "q1"), Message("assistant", "a1"))
print(session_id)
"""
    done = subprocess.run([sys.executable, "-c", program], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    host = host_store(Settings(), tmp_path / "host")
    entry = host.peek(done.stdout.strip())
    assert entry is not None and [Message.from_json(m).content for m in entry["messages"]] == ["q1", "a1"]


def test_a_turn_acknowledged_just_before_redis_dies_is_kept_through_the_outage_and_back_in_redis(worker, own_redis):
    store = worker(own_redis.url)  # its write-behind never runs by itself: the failover must write the copy
    session_id = store.create()
    say(store, session_id, 1)
    say(store, session_id, 2)
    own_redis.kill()
    say(store, session_id, 3)  # served by the host store, with the context of the two turns before
    assert questions(store, session_id) == ["q1", "q2", "q3"]
    own_redis.start()  # empty: it kept nothing
    worker.clock.now += 60  # the breaker may probe again
    assert questions(store, session_id) == ["q1", "q2", "q3"]
    assert len(store.primary.client.lrange(history_key(session_id), 0, -1)) == 6  # in Redis itself


def test_a_worker_first_failing_waits_for_the_other_workers_copies_before_serving_from_the_host_store(
        worker, own_redis, monkeypatch):
    a, b = worker(own_redis.url), worker(own_redis.url)
    session_id = a.create()
    say(a, session_id, 1)  # its near copy waits in worker A, whose thread writes it within the interval
    waits = []

    def wait(seconds):  # the interval passes: worker A's thread writes what waits
        waits.append(seconds)
        a.near_copy.flush()

    monkeypatch.setattr("webapp.memory.failover.time.sleep", wait)
    own_redis.kill()
    assert questions(b, session_id) == ["q1"]  # worker B serves it from the host store, with its context
    say(b, session_id, 2)
    assert questions(b, session_id) == ["q1", "q2"]
    assert len(waits) == 1 and waits[0] > FLUSH_SECONDS  # once, at the first failure, for longer than an interval


def test_a_late_near_copy_merges_with_turns_another_worker_wrote_during_an_outage(worker, redis_server, redis_client):
    a, b = worker(redis_server.url), worker(redis_server.url)
    session_id = a.create()
    say(a, session_id, 1)
    a.near_copy.flush()
    say(a, session_id, 2)  # its near copy still waits in worker A
    b.breaker.failed("timeout")  # only worker B sees Redis fail
    say(b, session_id, 3)
    a.near_copy.flush()
    assert near_questions(a, session_id) == ["q1", "q2", "q3"]  # in the order said, the outage turn kept
    worker.clock.now += 60
    assert questions(b, session_id) == ["q1", "q2", "q3"]
    assert len(redis_client.lrange(history_key(session_id), 0, -1)) == 6


def test_a_clear_wins_over_a_near_copy_written_after_it(worker, redis_server, redis_client):
    a, b = worker(redis_server.url), worker(redis_server.url)
    session_id = a.create()
    say(a, session_id, 1)  # waits in worker A
    assert b.clear(session_id)
    a.near_copy.flush()
    entry = a.fallback.peek(session_id)
    assert entry["cleared"] and entry["messages"] == []
    assert a.load(session_id) is None and not redis_client.exists(session_key(session_id))


def test_a_clear_set_aside_keeps_the_turns_still_waiting_to_be_written(worker, own_redis):
    store = worker(own_redis.url)
    session_id = store.create()
    say(store, session_id, 1)
    assert store.set_aside(session_id, 60)
    own_redis.kill()  # the undo comes from the host store alone
    assert store.restore(session_id) and questions(store, session_id) == ["q1"]


@pytest.fixture
def host_reads(monkeypatch):
    """Counts reads of the host store's entries (cachelib get), across every worker."""
    counted = []
    original = HostCache.get

    def counting(self, key):
        counted.append(key)
        return original(self, key)

    monkeypatch.setattr(HostCache, "get", counting)
    return counted


def test_healthy_reads_leave_the_host_store_alone_until_another_worker_serves_from_it(worker, redis_server,
                                                                                       redis_client, host_reads):
    a, b = worker(redis_server.url), worker(redis_server.url)
    session_id = a.create()
    say(a, session_id, 1)
    a.load(session_id)  # the first read of a session looks at its near copy
    host_reads.clear()
    for _ in range(5):
        assert questions(a, session_id) == ["q1"]
    assert host_reads == []
    b.breaker.failed("timeout")
    other = b.create()  # served by the host store: every worker looks again, once
    host_reads.clear()
    for _ in range(3):
        assert questions(a, session_id) == ["q1"]
    assert host_reads == [session_key(session_id)]
    worker.clock.now += 60
    assert questions(a, other) == [] and redis_client.exists(session_key(other))  # and it moved to Redis


@pytest.mark.parametrize("loss", ["the whole session", "its newest turn"])
def test_turns_redis_loses_without_any_fault_come_back_from_the_near_copy(worker, redis_server, redis_client, loss):
    store = worker(redis_server.url)
    session_id = store.create()
    say(store, session_id, 1)
    say(store, session_id, 2)
    assert questions(store, session_id) == ["q1", "q2"]  # checked against the near copy, then not again
    if loss == "the whole session":  # evicted, or a restart without persistence
        redis_client.delete(session_key(session_id), history_key(session_id))
    else:  # the last writes of a restart with appendfsync everysec, or of a failover to a lagging replica
        redis_client.rpop(history_key(session_id), 2)
    assert questions(store, session_id) == ["q1", "q2"]
    assert len(redis_client.lrange(history_key(session_id), 0, -1)) == 4


def test_the_host_cache_drops_the_soonest_expiring_once_past_its_threshold(tmp_path):
    cache = HostCache(tmp_path, threshold=3, default_timeout=60)
    for n in range(5):
        cache.set(f"k{n}", n, timeout=100 + n)
        cache.set(f"k{n}", n, timeout=100 + n)  # an overwrite adds nothing
    assert [cache.get(f"k{n}") for n in range(5)] == [None, None, 2, 3, 4]


def test_the_host_marker_changes_at_every_renewal(tmp_path):
    marker = HostCache(tmp_path, threshold=0, default_timeout=60).marker("outage")
    seen = {marker.token()}
    for _ in range(3):
        marker.renew()
        seen.add(marker.token())
    assert len(seen) == 4 and b"" in seen
