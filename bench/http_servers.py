"""Servers of the HTTP benchmark: an app under the shipped gunicorn.conf.py on a free loopback port, and wrk."""
import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from tests.servers import Gunicorn

LUA = Path(__file__).with_name("http.lua")
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
OPENING = ["show me laptops under $1000", "which of these has better reviews?", "how much is it?",
           "compare the first two", "only Dell ones", "what about over $1000?", "tell me about the second one",
           "what do people say about it?", "what was my first question?", "noise cancelling headphones under $300"]


def need_wrk():
    """Path of wrk, or exit with a clear message (it is a benchmark prerequisite only, not a test one)."""
    path = shutil.which("wrk")
    if not path:
        sys.exit("The HTTP benchmark needs wrk: apt-get install wrk (or run `make bench`, which installs it when root).")
    return path


def app_server(app, env, folder):
    """One WSGI app (`bench.http_apps:<name>()`) under gunicorn.conf.py as shipped (its workers and threads)."""
    return Gunicorn({**env, "SECRET_KEY": "bench-secret"}, Path(folder) / f"gunicorn-{app}.log", workers=None,
                    app=f"bench.http_apps:{app}()", start_seconds=60)


def converse(url, pairs=10):
    """A conversation of `pairs` htmx turns through the page: (session id, cookie value, CSRF token)."""
    with requests.Session() as browser:
        token = CSRF.search(browser.get(url + "/").text).group(1)
        for text in (OPENING * pairs)[:pairs]:
            answer = browser.post(url + "/chat", data={"message": text, "csrf_token": token},
                                  headers={"HX-Request": "true"})
            answer.raise_for_status()
        token = CSRF.search(browser.get(url + "/").text).group(1)
        cookie = browser.cookies.get("session_id")
    return cookie.split(".")[0], cookie, token


def conversations(url, count, path):
    """Write `count` conversations of 10 pairs, one a line, for wrk's threads; returns the path."""
    with ThreadPoolExecutor(8) as pool:
        lines = list(pool.map(lambda _: " ".join(converse(url)), range(count)))
    Path(path).write_text("\n".join(lines) + "\n")
    return path


def wrk(url, mode, sessions_path, connections, seconds):
    """One wrk run, one conversation per connection: {"rps", "p50_ms", "p99_ms", "errors"}."""
    out = subprocess.run([need_wrk(), "-t", str(connections), "-c", str(connections), "-d", f"{seconds}s",
                          "--timeout", "10s", "-s", str(LUA), url, "--", mode, str(sessions_path)],
                         capture_output=True, text=True, check=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    return {"rps": figures["requests"] / (figures["duration_us"] / 1e6), "requests": figures["requests"], "p50_ms": figures["p50_us"] / 1000,
            "p99_ms": figures["p99_us"] / 1000, "errors": figures["socket_errors"] + figures["bad_status"]}


def family(pid):
    """A process and its children (gunicorn's master and workers), from /proc."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [pid] + [int(child) for child in children.read_text().split()] if children.exists() else [pid]


def cpu_seconds(pids):
    """User + system CPU seconds the processes have used so far (0 for one that is gone)."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def measured(run, app_pids, redis_pid):
    """run()'s wrk figures plus the CPU microseconds per request the app's processes and Redis spent meanwhile."""
    before = cpu_seconds(app_pids), cpu_seconds([redis_pid])
    figures = run()
    after = cpu_seconds(app_pids), cpu_seconds([redis_pid])
    requests_ = max(1, figures["requests"])
    return {**figures, "app_cpu_us": (after[0] - before[0]) / requests_ * 1e6,
            "redis_cpu_us": (after[1] - before[1]) / requests_ * 1e6}
