"""HTTP benchmark: the app under its shipped gunicorn config and a real redis-server, loaded by wrk.

Every design serves the same four requests, one conversation of 10 pairs per connection, at each
concurrency; rounds are interleaved (every row once per round, the floor included) and the figures are
medians over rounds. Ratios are taken within a round, then their median is shown.
"""
import http.client
import json
import statistics
import tempfile
import threading
from pathlib import Path

from tests.servers import RedisServer

from .http_servers import app_server, conversations, family, measured, need_wrk, wrk

MODES = [("json", "JSON turn (POST /api/v1/chat)"), ("htmx", "htmx turn (POST /chat)"),
         ("page", "page view with history (GET /)"), ("history", "history read (GET /api/v1/chat/session/{id})")]
# (name, app, store, limits): every design on both stores; ours with rate limits off and on.
DESIGNS = [("ours", "ours", "redis", "off"), ("ours", "ours", "redis", "on"),
           ("ours", "ours", "cachelib", "off"), ("ours", "ours", "cachelib", "on"),
           ("naive", "naive", "redis", "off"), ("naive", "naive", "cachelib", "off")]


def environment(app, store, limits, redis_url, folder):
    """The environment one design's gunicorn runs with."""
    if app == "naive":
        return {"BENCH_NAIVE_BACKEND": store, "REDIS_URL": redis_url, "BENCH_CACHE_DIR": str(folder)}
    return {"SESSION_BACKEND": store, "REDIS_URL": redis_url, "RATELIMIT_ENABLED": str(limits == "on").lower(),
            "FALLBACK_DIR": str(folder), "FALLBACK_MAX_SESSIONS": "10000"}


def start_designs(redis_url, folder, concurrency):
    """{design: (server, sessions file)} for every design, plus the bare floor under the key "bare"."""
    started = {}
    for design in DESIGNS:
        name, app, store, limits = design
        home = Path(folder) / "-".join(design)
        home.mkdir()
        server = app_server(app, environment(app, store, limits, redis_url, home), home).start()
        started[design] = (server, conversations(server.url, concurrency, home / "sessions.txt"))
    floor = app_server("bare", {}, folder).start()
    dummy = Path(folder) / "bare-sessions.txt"
    dummy.write_text("x x x\n" * concurrency)
    started["bare"] = (floor, dummy)
    return started


def run_rounds(started, redis_pid, concurrencies, rounds, seconds):
    """{(design, mode, concurrency): [figures per round]} and {concurrency: [floor figures per round]}.

    Figures include the CPU the design's gunicorn (master and workers) and redis-server spent per request."""
    results, floors = {}, {}
    for design, (server, sessions) in started.items():  # warm every worker
        wrk(server.url, "bare" if design == "bare" else "page", sessions, 4, 1)
    processes = {design: family(server.process.pid) for design, (server, _) in started.items()}

    def run(design, mode, connections):
        server, sessions = started[design]
        return measured(lambda: wrk(server.url, mode, sessions, connections, seconds), processes[design], redis_pid)

    for _ in range(rounds):
        for connections in concurrencies:
            floors.setdefault(connections, []).append(run("bare", "bare", connections))
            for design in DESIGNS:
                for mode, _ in MODES:
                    results.setdefault((design, mode, connections), []).append(run(design, mode, connections))
    return results, floors


def ratio(numerators, denominators):
    """Median of the per-round ratios of requests/s."""
    return statistics.median(n["rps"] / d["rps"] for n, d in zip(numerators, denominators))


def report(results, floors, concurrencies, rounds, seconds):
    """Print the HTTP table: requests/s, p50/p99, and ratios to the floor and to the naive design."""
    print(f"## HTTP (wrk, one conversation of 10 pairs per connection, {rounds} interleaved rounds of {seconds} s, medians)\n")
    print("| request | conversations | design | store | limits | req/s | p50 ms | p99 ms | x floor | x naive | "
          "app CPU µs/req | Redis CPU µs/req | errors |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for connections in concurrencies:
        floor = floors[connections]
        print(f"| bare floor (GET /, one-line view) | {connections} | bare | - | - | "
              f"{statistics.median(f['rps'] for f in floor):.0f} | {statistics.median(f['p50_ms'] for f in floor):.1f} | "
              f"{statistics.median(f['p99_ms'] for f in floor):.1f} | 1.00 | - | {cpu(floor)} | "
              f"{sum(f['errors'] for f in floor)} |")
        for mode, label in MODES:
            for design in DESIGNS:
                runs = results[(design, mode, connections)]
                naive = results[(("naive", "naive", design[2], "off"), mode, connections)]
                versus = "-" if design[0] == "naive" else f"{ratio(runs, naive):.2f}"
                print(f"| {label} | {connections} | {design[0]} | {design[2]} | {design[3]} | "
                      f"{statistics.median(r['rps'] for r in runs):.0f} | {statistics.median(r['p50_ms'] for r in runs):.1f} | "
                      f"{statistics.median(r['p99_ms'] for r in runs):.1f} | {ratio(runs, floor):.2f} | {versus} | "
                      f"{cpu(runs)} | {sum(r['errors'] for r in runs)} |")
    print()


def cpu(runs):
    """The median CPU per request of the app's processes and of Redis, as two table cells."""
    return (f"{statistics.median(r['app_cpu_us'] for r in runs):.0f} | "
            f"{statistics.median(r['redis_cpu_us'] for r in runs):.0f}")


def post(port, body, cookie=None):
    """One JSON turn over a fresh connection: (status, body, the session cookie set, if any)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json", **({"Cookie": f"session_id={cookie}"} if cookie else {})}
    connection.request("POST", "/api/v1/chat", json.dumps(body), headers)
    response = connection.getresponse()
    data, set_cookie = json.loads(response.read()), response.getheader("Set-Cookie") or ""
    connection.close()
    return response.status, data, set_cookie.split(";")[0].partition("=")[2] or cookie


def stored_pairs(port, session_id, cookie):
    """How many messages the history read returns, halved."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", f"/api/v1/chat/session/{session_id}", headers={"Cookie": f"session_id={cookie}"})
    messages = json.loads(connection.getresponse().read())["messages"]
    connection.close()
    return len(messages) // 2


def lost_turns(server, writers=9, rounds=5):
    """(turns acknowledged, turns lost): one turn, then `writers` posts at once into that conversation, per round."""
    acknowledged = lost = 0
    for _ in range(rounds):
        _, first, cookie = post(server.port, {"message": "show me tvs"})
        session_id = first["session_id"]
        gate, statuses = threading.Barrier(writers), []

        def writer(i):
            gate.wait()
            statuses.append(post(server.port, {"message": f"which is cheapest {i}?", "session_id": session_id}, cookie)[0])

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        ok = 1 + statuses.count(200)
        acknowledged += ok
        lost += ok - stored_pairs(server.port, session_id, cookie)
    return acknowledged, lost


def report_lost_turns(started):
    """Print the turns each design lost under concurrent posts into one conversation."""
    print("## Concurrent posts into one conversation (1 turn, then 9 at once; 5 rounds; limits off)\n")
    print("| design | store | turns acknowledged | turns lost |\n|---|---|---|---|")
    for design in DESIGNS:
        if design[3] == "off":
            acknowledged, lost = lost_turns(started[design][0])
            print(f"| {design[0]} | {design[2]} | {acknowledged} | {lost} |")
    print()


def report_crashes(started):
    """Say so loudly when a worker of any design died of a signal during the run: its figures are not comparable."""
    for design, (server, _) in started.items():
        for line in server.crashes():
            print(f"**A worker crashed** ({design if design == 'bare' else ' '.join(design)}): {line}\n")


def bench_http(quick=False):
    """Run the HTTP section: quick is one round of 2 s at 16 conversations (a smoke run), else 3 rounds of 4 s at 16 and 64."""
    need_wrk()
    concurrencies, rounds, seconds = ([16], 1, 2) if quick else ([16, 64], 3, 4)
    with tempfile.TemporaryDirectory() as folder:
        redis_server = RedisServer(folder).start()
        started = {}
        try:
            started = start_designs(redis_server.url, folder, max(concurrencies))
            results, floors = run_rounds(started, redis_server.process.pid, concurrencies, rounds, seconds)
            report(results, floors, concurrencies, rounds, seconds)
            report_lost_turns(started)
            report_crashes(started)
        finally:
            for server, _ in started.values():
                server.stop()
            redis_server.stop()

