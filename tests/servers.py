"""Real servers for tests (and `make bench`): a private redis-server and gunicorn, each on a free loopback port,
stopped by PID; and a counter of the round trips a client makes to Redis."""
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis.connection

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def require(program):
    """Path of an executable; skip loudly without it, or fail under CI=true."""
    path = shutil.which(program)
    if path:
        return path
    message = f"{program} is not installed: run `make test` (it installs it) or apt-get install it"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    print(f"\n!!! SKIPPING: {message}", file=sys.stderr)
    pytest.skip(message)


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, timeout=15.0):
    """Block until something accepts connections on the port; fail if the process dies first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listened on port {port} within {timeout} s")


def stop(process, sig=signal.SIGTERM, timeout=10.0):
    """Stop a process we started, by its PID; kill it if it does not go."""
    if process.poll() is not None:
        return
    os.kill(process.pid, sig)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()


class RedisServer:
    """A redis-server of our own on a free loopback port, keeping nothing on disk unless `appendonly`."""

    def __init__(self, workdir, port=None, appendonly=False):
        self.binary = require("redis-server")
        self.workdir = workdir
        self.port = port or free_port()
        self.appendonly = appendonly
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        """Start the server and wait until it accepts connections."""
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "yes" if self.appendonly else "no",
             "--dir", str(self.workdir), "--daemonize", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, self.process)
        return self

    def stop(self):
        """Stop the server by its PID."""
        if self.process:
            stop(self.process)

    def pause(self):
        """SIGSTOP: the server hangs (connections are accepted by the kernel, nothing answers)."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        """SIGCONT after pause()."""
        os.kill(self.process.pid, signal.SIGCONT)

    def kill(self):
        """SIGKILL: the server dies without saving anything more."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()


class Gunicorn:
    """An app (wsgi:app unless told) under real gunicorn with the project's gunicorn.conf.py on a free port.

    `workers`: how many, or None for the shipped configuration's own count."""

    def __init__(self, env, log_path, workers=2, app="wsgi:app", start_seconds=30):
        self.binary = str(Path(sys.executable).with_name("gunicorn"))
        self.port = free_port()
        fallback = Path(log_path).parent / f"fallback-{self.port}"
        # A worker that crashes (SIGSEGV in an extension) writes every thread's stack to the log.
        self.env = {**os.environ, "FALLBACK_DIR": str(fallback), "PYTHONFAULTHANDLER": "1", **env,
                    "BIND": f"127.0.0.1:{self.port}"}
        if workers is not None:
            self.env["WEB_CONCURRENCY"] = str(workers)
        self.log_path, self.app, self.start_seconds = log_path, app, start_seconds
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        """Start gunicorn and wait until it serves."""
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen([self.binary, "-c", "gunicorn.conf.py", self.app], cwd=PROJECT_ROOT,
                                        env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        wait_for_port(self.port, self.process, timeout=self.start_seconds)
        return self

    def stop(self):
        """Stop gunicorn (master and workers) by the master's PID."""
        if self.process:
            stop(self.process)
            self.log.close()

    def output(self):
        """Everything gunicorn and the app logged so far."""
        return Path(self.log_path).read_text(errors="replace")

    def crashes(self):
        """The log's lines telling of a worker killed by a signal or a fatal interpreter error."""
        return [line for line in self.output().splitlines() if "was sent SIG" in line or "Fatal Python error" in line]


class RoundTripCounter:
    """Counts commands and pipelines sent to Redis: each send is one round trip."""

    def __init__(self):
        self.count = 0
        self._original = redis.connection.AbstractConnection.send_packed_command

    def __enter__(self):
        counter, original = self, self._original

        def counting(connection, command, check_health=True):
            counter.count += 1
            return original(connection, command, check_health)

        redis.connection.AbstractConnection.send_packed_command = counting
        return self

    def __exit__(self, *exc):
        redis.connection.AbstractConnection.send_packed_command = self._original

    def during(self, action):
        """Round trips that `action()` costs."""
        before = self.count
        action()
        return self.count - before
