"""Throughput of two app instances against one, both on the same real Redis Cluster, measured in one run.

Each instance is gunicorn with one worker (a host's worth of app on this small machine); the load is
CLIENTS threads posting API turns (a search, then follow-ups) with rate limits off. Rounds alternate one
instance / both instances, so both figures see the same machine load.
"""
import itertools
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

import requests

from tests.cluster_servers import RedisClusterServers, app_instances

CLIENTS = 8
ROUND_SECONDS = 5.0
ROUNDS = 3  # of each shape, alternating
TURNS = ["show me laptops under $1000", "which of these has better reviews?", "which is the cheapest?"]


def turns_per_second(instances, seconds=ROUND_SECONDS):
    """Turns a second the instances answer (200s only) while CLIENTS threads spread turns over them."""
    stopping, counts, errors = threading.Event(), [0] * CLIENTS, [0] * CLIENTS

    def client(n):
        http, session_id = requests.Session(), None
        for turn in itertools.count(n):
            if stopping.is_set():
                return
            text = TURNS[turn % len(TURNS)]
            body = {"message": text, **({"session_id": session_id} if session_id and turn % len(TURNS) else {})}
            response = http.post(f"{instances[turn % len(instances)].url}/api/v1/chat", json=body, timeout=30)
            if response.status_code == 200:
                counts[n] += 1
                session_id = response.json()["session_id"]
            else:
                errors[n] += 1

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stopping.set()
    for thread in threads:
        thread.join(30)
    if sum(errors):
        raise RuntimeError(f"{sum(errors)} turns were not answered with a 200 during the benchmark")
    return sum(counts) / (time.monotonic() - started)


def bench_cluster():
    """Print turns a second for one and two instances on a 3-master cluster, and their ratio."""
    with tempfile.TemporaryDirectory() as folder:
        cluster = RedisClusterServers(Path(folder) / "cluster", replicas=0).start()
        try:
            env = {"REDIS_URL": cluster.url, "SESSION_BACKEND": "redis", "RATELIMIT_ENABLED": "false",
                   "SECRET_KEY": "bench"}
            with app_instances(env, folder) as both:
                turns_per_second(both, 1.0)  # warm-up: imports, first scripts loaded, connections made
                one, two = [], []
                for _ in range(ROUNDS):
                    one.append(turns_per_second(both[:1]))
                    two.append(turns_per_second(both))
        finally:
            cluster.stop()
    single, double = statistics.median(one), statistics.median(two)
    print("## Scale-out on Redis Cluster (API turns a second, 3 masters, gunicorn 1 worker per instance)\n")
    print("| instances | turns/s (median of rounds) | rounds |\n|---|---|---|")
    print(f"| 1 | {single:.0f} | {', '.join(f'{x:.0f}' for x in one)} |")
    print(f"| 2 | {double:.0f} | {', '.join(f'{x:.0f}' for x in two)} |")
    print(f"\nratio two / one: {double / single:.2f} ({CLIENTS} client threads, {ROUND_SECONDS:.0f} s rounds, "
          f"alternating; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)\n")
