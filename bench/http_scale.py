"""Stored bytes per conversation, and turn latency with few and with many live conversations in Redis."""
import json
import statistics
import tempfile
import time
from pathlib import Path

import redis

from tests.servers import RedisServer
from webapp import create_app
from webapp.memory.ids import new_session_id
from webapp.memory.store import history_key, session_key

from .http_servers import OPENING, app_server, conversations, wrk
from .http import environment

TTL_SECONDS = 1800
BATCH = 500


def typical_conversation(redis_url, folder):
    """(record, stored items) of a real conversation of 10 typical pairs, written by the app itself."""
    app = create_app({"REDIS_URL": redis_url, "SESSION_BACKEND": "redis", "RATELIMIT_ENABLED": "false",
                      "FALLBACK_DIR": str(folder), "SECRET_KEY": "bench-secret"})
    client, session_id = app.test_client(), None
    for text in OPENING:
        session_id = client.post("/api/v1/chat", json={"message": text, **({"session_id": session_id} if session_id else {})}
                                 ).get_json()["session_id"]
    store = app.extensions["chat_backend"].store
    raw = store.client
    record, items = raw.get(session_key(session_id)), raw.lrange(history_key(session_id), 0, -1)
    store.clear(session_id)
    raw.close()
    return record, items


def fill(client, count, record, items):
    """Store `count` conversations shaped like (record, items), each under a fresh id with the app's TTL."""
    for start in range(0, count, BATCH):
        pipe = client.pipeline(transaction=False)
        for _ in range(min(BATCH, count - start)):
            session_id = new_session_id()
            pipe.set(session_key(session_id), record, ex=TTL_SECONDS)
            pipe.rpush(history_key(session_id), *items)
            pipe.expire(history_key(session_id), TTL_SECONDS)
        pipe.execute()


def bench_bytes(client, count, record, items):
    """Print stored bytes per conversation (INFO used_memory delta over `count`) against the raw messages."""
    before = client.info("memory")["used_memory"]
    start = time.perf_counter()
    fill(client, count, record, items)
    seconds = time.perf_counter() - start
    per_conversation = (client.info("memory")["used_memory"] - before) / count
    messages = [json.loads(item) for item in items]
    texts = sum(len(m["content"].encode()) for m in messages)
    raw_json = len(json.dumps([{"role": m["role"], "content": m["content"]} for m in messages],
                              separators=(",", ":"), ensure_ascii=False).encode())
    payload = len(record) + sum(map(len, items))
    print(f"## Stored bytes per conversation (10 typical pairs; INFO memory used_memory delta over {count:,} "
          f"conversations, filled in {seconds:.0f} s)\n")
    print("| what | bytes | x raw JSON (role, content) | x stored JSON |\n|---|---|---|---|")
    for name, size in [("message texts (UTF-8)", texts), ("raw JSON of the messages (role, content)", raw_json),
                       ("stored payload (record + 20 items: text, timestamp, metadata)", payload),
                       ("Redis memory per conversation (used_memory delta)", per_conversation)]:
        print(f"| {name} | {size:,.0f} | {size / raw_json:.2f} | {size / payload:.2f} |")
    print()


def bench_scale(servers, folder, seconds, rounds, connections=16):
    """Print JSON-turn figures with each Redis's live conversations, interleaved rounds, medians."""
    started = {}
    try:
        for label, url in servers:
            home = Path(folder) / f"scale-{len(started)}"
            home.mkdir()
            server = app_server("ours", environment("ours", "redis", "off", url, home), folder).start()
            started[label] = (server, conversations(server.url, connections, home / "sessions.txt"))
        runs = {label: [] for label in started}
        for label, (server, sessions) in started.items():
            wrk(server.url, "json", sessions, 4, 1)
        for _ in range(rounds):
            for label, (server, sessions) in started.items():
                runs[label].append(wrk(server.url, "json", sessions, connections, seconds))
    finally:
        for server, _ in started.values():
            server.stop()
    first = list(runs)[0]
    print(f"## JSON turn latency against live conversations in Redis ({connections} conversations, "
          f"{rounds} interleaved rounds of {seconds} s, medians)\n")
    print(f"| live conversations | req/s | p50 ms | p99 ms | p50 x {first} |\n|---|---|---|---|---|")
    base = statistics.median(r["p50_ms"] for r in runs[first])
    for label, figures in runs.items():
        p50 = statistics.median(r["p50_ms"] for r in figures)
        print(f"| {label} | {statistics.median(r['rps'] for r in figures):.0f} | {p50:.1f} | "
              f"{statistics.median(r['p99_ms'] for r in figures):.1f} | {p50 / base:.2f} |")
    print()


def bench_http_scale(quick=False):
    """Bytes over `many` conversations, then turn latency with 1k and with `many` live conversations."""
    many, seconds, rounds = (10_000, 2, 1) if quick else (100_000, 4, 3)
    with tempfile.TemporaryDirectory() as folder:
        few_server, many_server = RedisServer(folder).start(), RedisServer(folder).start()
        try:
            record, items = typical_conversation(few_server.url, folder)
            few, lots = redis.Redis.from_url(few_server.url), redis.Redis.from_url(many_server.url)
            bench_bytes(lots, many, record, items)
            fill(few, 1000, record, items)
            few.close(), lots.close()
            bench_scale([("1,000", few_server.url), (f"{many:,}", many_server.url)], folder, seconds, rounds)
        finally:
            few_server.stop()
            many_server.stop()

