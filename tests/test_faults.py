"""Redis faults under load: gunicorn (2 workers) and a real redis-server (AOF on), 8 clients posting turns.

Each fault is real: SIGSTOP, SIGKILL then a restart, `maxmemory` with `noeviction`, `CLIENT PAUSE`, and a
password set at run time. Figures of each run are printed (pytest -s shows them) and written to
test-output/faults-<limits>.txt.
"""
import itertools
import re
import threading
import time
from dataclasses import dataclass, field

import pytest
import redis as redis_py
import requests

from tests.servers import Gunicorn, RedisServer
from webapp.memory.store import history_key

pytestmark = pytest.mark.faults

CLIENTS = 8
OUTAGE_SECONDS = 3
# The goal is 1 s; the bound asserted leaves room for this noisy 2-core machine (figures are reported).
SLOWEST_ALLOWED_SECONDS = 2.5
RECOVERY_ALLOWED_SECONDS = 30
TURNS_PER_CONVERSATION = 6
FOLLOW_UP = "which is the cheapest?"


@dataclass
class Conversation:
    """One API conversation of a client: the user messages the server acknowledged with a 200."""

    session_id: str | None = None
    acknowledged: list = field(default_factory=list)


@dataclass
class Load:
    """CLIENTS threads posting turns until stopped, recording every answer."""

    base: str
    statuses: list = field(default_factory=list)
    latencies: list = field(default_factory=list)
    conversations: list = field(default_factory=list)
    lost_context: list = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self):
        self.threads = [threading.Thread(target=self._client, args=(n,), daemon=True) for n in range(CLIENTS)]
        for thread in self.threads:
            thread.start()
        return self

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(30)

    def _client(self, n):
        http = requests.Session()
        for turn in itertools.count():
            if self.stopping.is_set():
                return
            if turn % TURNS_PER_CONVERSATION == 0:
                conversation = Conversation()
                with self.lock:
                    self.conversations.append(conversation)
            # A search, then follow-ups that only resolve with the search in context.
            text = (f"show me laptops under ${900 + 10 * n + turn}" if turn % TURNS_PER_CONVERSATION == 0
                    else f"{FOLLOW_UP} (client {n}, turn {turn})")
            body = {"message": text, **({"session_id": conversation.session_id} if conversation.session_id else {})}
            started = time.monotonic()
            try:
                response = http.post(f"{self.base}/api/v1/chat", json=body, timeout=10)
                status = response.status_code
            except requests.RequestException:
                status = 599  # no answer at all counts as a server failure
            with self.lock:
                self.latencies.append(time.monotonic() - started)
                self.statuses.append(status)
            if status == 200:
                answer = response.json()
                if conversation.session_id not in (None, answer["session_id"]):
                    conversation = Conversation(answer["session_id"])  # the server started over: a new one
                    with self.lock:
                        self.conversations.append(conversation)
                conversation.session_id = answer["session_id"]
                searched = any(t.startswith("show me") for t in conversation.acknowledged)
                conversation.acknowledged.append(text)
                if searched and text.startswith(FOLLOW_UP) and not answer["response"]["products"]:
                    self.lost_context.append((conversation.session_id[:6], text))
            time.sleep(0.2)


def healthz(base):
    """The /healthz body, or None when it does not answer."""
    try:
        return requests.get(f"{base}/healthz", timeout=5).json()
    except requests.RequestException:
        return None


def seconds_until_redis(server, log_offset, started):
    """Seconds from `started` until every worker that opened its breaker since `log_offset` closed it again,
    and /healthz says ok; inf past RECOVERY_ALLOWED_SECONDS."""
    while time.monotonic() - started < RECOVERY_ALLOWED_SECONDS:
        log = server.output()[log_offset:]
        if log.count("Redis answers again") >= len(re.findall(r"webapp.breaker: Redis failing", log)) and \
                healthz(server.url) == {"status": "ok", "session_backend": "redis"}:
            return time.monotonic() - started
        time.sleep(0.1)
    return float("inf")


def admin(server, password=None):
    """A client of the private Redis for injecting faults (not the app's)."""
    return redis_py.Redis(host="127.0.0.1", port=server.port, password=password, socket_timeout=5)


def hang(server):
    server.pause()
    time.sleep(OUTAGE_SECONDS)
    server.resume()


def kill_and_restart(server):
    server.kill()
    time.sleep(OUTAGE_SECONDS)
    server.start()


def out_of_memory(server):
    client = admin(server)
    client.config_set("maxmemory-policy", "noeviction")
    client.config_set("maxmemory", "1")  # below what it holds: every write is refused with OOM
    time.sleep(OUTAGE_SECONDS)
    client.config_set("maxmemory", "0")


def client_pause(server):
    admin(server).execute_command("CLIENT", "PAUSE", str(OUTAGE_SECONDS * 1000), "ALL")
    time.sleep(OUTAGE_SECONDS)


def wrong_password(server):
    client = admin(server)
    client.config_set("requirepass", "rotated-elsewhere")
    client.execute_command("CLIENT", "KILL", "TYPE", "normal")  # the app must log in again, and cannot
    time.sleep(OUTAGE_SECONDS)
    admin(server, "rotated-elsewhere").config_set("requirepass", "")


# Each fault and the causes a breaker may name for it. A kill is "refused" to a new connection and "connection
# lost" to a command already on a pooled one: which a worker meets first depends on what it was doing.
FAULTS = {"hang (SIGSTOP)": (hang, {"timeout"}), "kill, then restart": (kill_and_restart, {"refused", "connection lost"}),
          "out of memory": (out_of_memory, {"OOM"}), "CLIENT PAUSE": (client_pause, {"timeout"}),
          "wrong password": (wrong_password, {"auth"})}
FAULTS_WITH_LIMITS = ("hang (SIGSTOP)", "kill, then restart", "CLIENT PAUSE")


@pytest.mark.parametrize("limits", ["off", "on"])
def test_points_23_24_27_33_redis_faults_under_load(limits, tmp_path, output_dir):
    redis_server = RedisServer(tmp_path / "redis", appendonly=True)
    (tmp_path / "redis").mkdir()
    # Room for every conversation of the run: past FALLBACK_MAX_SESSIONS the host store drops the most idle.
    env = {"REDIS_URL": redis_server.url, "SESSION_BACKEND": "auto", "SECRET_KEY": "fault-test",
           "RATELIMIT_ENABLED": "true" if limits == "on" else "false", "FALLBACK_MAX_SESSIONS": "5000"}
    figures = {}
    server = Gunicorn(env, tmp_path / "gunicorn.log", workers=2).start()  # Redis is not running yet
    try:
        assert healthz(server.url) == {"status": "degraded", "session_backend": "cachelib"}
        load = Load(server.url).start()
        time.sleep(2)
        redis_server.start()
        back = seconds_until_redis(server, 0, time.monotonic())
        figures["start without Redis"] = {"seconds back on Redis": round(back, 1)}
        causes_seen = {}
        for name in FAULTS_WITH_LIMITS if limits == "on" else FAULTS:
            time.sleep(2)
            log_offset = len(server.output())
            FAULTS[name][0](redis_server)
            back = seconds_until_redis(server, log_offset, time.monotonic())
            figures[name] = {"seconds back on Redis after the fault ended": round(back, 1)}
            causes_seen[name] = re.findall(r"(?:WARNING|ERROR) webapp.breaker: Redis failing \((\w[\w -]*)\)",
                                           server.output()[log_offset:])
            figures[name]["breakers opened, by cause"] = causes_seen[name]
        time.sleep(2)
        load.stop()
        stored = {c.session_id: requests.get(f"{server.url}/api/v1/chat/session/{c.session_id}", timeout=5)
                  for c in load.conversations if c.acknowledged}
        in_redis = {session_id: redis_py.Redis.from_url(redis_server.url).lrange(history_key(session_id), 0, -1)
                    for session_id in stored}
        log, crashes = server.output(), server.crashes()
    finally:
        server.stop()
        redis_server.stop()

    lost, differing = [], []
    for conversation in load.conversations:
        if not conversation.acknowledged:
            continue
        response = stored[conversation.session_id]
        kept = [m["content"] for m in response.json()["messages"][::2]] if response.status_code == 200 else []
        expected = conversation.acknowledged[-10:]
        lost += [text for text in expected if text not in kept]
        # In order, and moved to Redis in full (conversations started during an outage included).
        if kept != expected or len(in_redis[conversation.session_id]) != 2 * len(expected):
            differing.append((conversation.session_id[:6], response.status_code, kept, expected))
    server_errors = [s for s in load.statuses if s >= 500]
    summary = {"turns sent": len(load.statuses), "200": load.statuses.count(200), "429": load.statuses.count(429),
               "5xx": len(server_errors), "slowest request s": round(max(load.latencies), 3),
               "p99 s": round(sorted(load.latencies)[int(0.99 * len(load.latencies))], 3),
               "conversations": len(stored), "turns lost": len(lost), "follow-ups without context": len(load.lost_context)}
    report = f"rate limits {limits}: {summary}\n" + "".join(f"  {k}: {v}\n" for k, v in figures.items())
    (output_dir / f"faults-limits-{limits}.txt").write_text(report)
    print("\n" + report)

    assert not server_errors and not lost and not load.lost_context and not differing, differing[:3]
    assert max(load.latencies) <= SLOWEST_ALLOWED_SECONDS
    assert all(next(iter(f.values())) <= RECOVERY_ALLOWED_SECONDS for f in figures.values()), figures
    if limits == "on":
        assert load.statuses.count(429) > 0  # the limits held all along
    for name, causes in causes_seen.items():
        assert FAULTS[name][1] & set(causes), (name, causes)  # each fault opened a breaker, naming its cause
        assert len(causes) <= 2, (name, causes)  # once per worker: no flapping while the fault lasts
    assert "Traceback" not in log and not crashes, crashes
    assert not any(session_id in log for session_id in stored)
