"""Machine instructions per request, in-process, counted by valgrind's cachegrind.

Wall-clock and CPU times swing by a third on this shared machine; an instruction count moves by a few percent,
so it can tell a 5% change apart (the hash seed is fixed: string hashing moves it by 2-3%). Each request kind runs
in a child process under cachegrind twice, with few and with many requests after the same set-up; the
difference over the extra requests is the cost of one. Counted: the app's Python work and the test client's
(Werkzeug builds the WSGI environ), not gunicorn's nor the kernel's, nor redis-server's (its own process). `python -m bench.instructions [ROOT]` measures the app at ROOT (a git
worktree of another commit, say) side by side with its table.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.http_servers import CSRF, OPENING
from tests.servers import RedisServer
from webapp import create_app

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("health", "history", "page", "json", "htmx")  # the floor first: /healthz is the app's smallest request
FEW, MANY = 20, 80
CHILD = """import importlib.util, sys
spec = importlib.util.spec_from_file_location("instructions_child", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
module.child(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
"""


def requests_of(kind, redis_url, folder):
    """A function sending one request of `kind` (numbered i), after a conversation of 10 pairs on Redis."""
    app = create_app({"SECRET_KEY": "bench-secret", "REDIS_URL": redis_url, "SESSION_BACKEND": "redis",
                      "RATELIMIT_ENABLED": False, "FALLBACK_DIR": folder})
    client = app.test_client()
    token = CSRF.search(client.get("/").get_data(as_text=True)).group(1)

    def htmx(i):
        client.post("/chat", data={"message": OPENING[i % 10], "csrf_token": token}, headers={"HX-Request": "true"})

    for i in range(10):
        htmx(i)
    session_id = client.get_cookie("session_id").value.split(".")[0]
    return {"health": lambda i: client.get("/healthz"),
            "history": lambda i: client.get(f"/api/v1/chat/session/{session_id}"),
            "page": lambda i: client.get("/"),
            "json": lambda i: client.post("/api/v1/chat", json={"message": OPENING[i % 10], "session_id": session_id}),
            "htmx": htmx}[kind]


def child(kind, count, redis_url, folder):
    """In the child under cachegrind: set up, warm up, then send `count` requests of `kind`."""
    send = requests_of(kind, redis_url, folder)
    for i in range(10):
        send(i)
    for i in range(count):
        send(i)


def counted(root, kind, count, redis_url):
    """Instructions the child spent in all, from cachegrind's summary line."""
    with tempfile.TemporaryDirectory() as folder:
        # The child is this file's child(), loaded by path: the app and its helpers are imported from `root`.
        run = subprocess.run(
            ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", sys.executable,
             "-c", CHILD, __file__, kind, str(count), redis_url, folder],
            cwd=root, env={**os.environ, "PYTHONHASHSEED": "0"}, capture_output=True, text=True, check=True)
    return int(re.search(r"I\s+refs:\s+([\d,]+)", run.stderr).group(1).replace(",", ""))


def per_request(root, kind, redis_url):
    """Instructions of one request of `kind` by the app at `root`."""
    return (counted(root, kind, MANY, redis_url) - counted(root, kind, FEW, redis_url)) / (MANY - FEW)


def bench_instructions(other_root=None):
    """Print instructions per request for each kind (and beside it, the app at other_root)."""
    if not shutil.which("valgrind"):
        print("## Instructions per request: skipped (needs valgrind: apt-get install valgrind)\n")
        return
    roots = [ROOT] + ([Path(other_root).resolve()] if other_root else [])
    with tempfile.TemporaryDirectory() as folder:
        server = RedisServer(folder).start()
        try:
            figures = {kind: [per_request(root, kind, server.url) for root in roots] for kind in KINDS}
        finally:
            server.stop()
    print("## Instructions per request (in-process, cachegrind; millions)\n")
    head = "| request | this app | x /healthz |" + (" app at the other root | this / other |" if other_root else "")
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for kind in KINDS:
        ours = figures[kind][0]
        row = f"| {kind} | {ours / 1e6:.2f} | {ours / figures['health'][0]:.2f} |"
        if other_root:
            row += f" {figures[kind][1] / 1e6:.2f} | {ours / figures[kind][1]:.2f} |"
        print(row)
    print()


if __name__ == "__main__":
    bench_instructions(*sys.argv[1:2])
