"""Real highly available Redis for tests and `make bench`: a Redis Cluster (masters with replicas) and a
Sentinel set (master, replica, three sentinels), every process on a free loopback port, stopped by PID."""
import contextlib
import subprocess
import time
from pathlib import Path

import redis
import requests

from tests.servers import Gunicorn, free_port, require, stop, wait_for_port

# Short failure detection, so a failover takes a couple of seconds instead of the production defaults' 15-30 s.
CLUSTER_NODE_TIMEOUT_MS = 1000
SENTINEL_DOWN_AFTER_MS = 1000
SENTINEL_FAILOVER_TIMEOUT_MS = 3000
SERVICE_NAME = "shop"


def _redis_server(workdir, port, *extra):
    """Start one redis-server (no persistence; its log and cluster state in its own folder); its Popen once it listens."""
    directory = Path(workdir) / str(port)
    directory.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [require("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(directory), "--daemonize", "no", "--loglevel", "notice", "--logfile", "redis.log", *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, process)
    return process


def wait_until(condition, timeout, what):
    """Poll `condition()` until it is true; RuntimeError naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except redis.RedisError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not happen within {timeout} s")


class _ServerSet:
    """Redis processes started together: start() runs _start() and stops them all when it fails; stop() by PID."""

    def __init__(self, workdir):
        self.workdir = Path(workdir)
        self.processes = {}

    def start(self):
        """Start the set (every process stopped on failure); returns self."""
        try:
            return self._start()
        except BaseException:
            self.stop()
            raise

    def stop(self):
        """Stop every process by its PID."""
        for process in self.processes.values():
            stop(process)


class RedisClusterServers(_ServerSet):
    """`masters` cluster masters with `replicas` replicas each, created with `redis-cli --cluster create`."""

    def __init__(self, workdir, masters=3, replicas=1):
        super().__init__(workdir)
        self.masters, self.replicas = masters, replicas
        self.ports = [free_port() for _ in range(masters * (1 + replicas))]

    @property
    def url(self):
        """REDIS_URL naming every node (the client needs only one that answers)."""
        return "redis+cluster://" + ",".join(f"127.0.0.1:{port}" for port in self.ports) + "/"

    def _start(self):
        """Start the nodes, create the cluster and wait until every node reports it healthy."""
        for port in self.ports:
            self.processes[port] = _redis_server(
                self.workdir, port, "--cluster-enabled", "yes", "--cluster-config-file", f"nodes-{port}.conf",
                # The bus port, by default port + 10000, must be free too: chosen like the others.
                "--cluster-port", str(free_port()),
                "--cluster-node-timeout", str(CLUSTER_NODE_TIMEOUT_MS), "--repl-diskless-sync-delay", "0")
        subprocess.run([require("redis-cli"), "--cluster", "create", *(f"127.0.0.1:{p}" for p in self.ports),
                        "--cluster-replicas", str(self.replicas), "--cluster-yes"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        wait_until(self.healthy, 30, "the cluster becoming healthy")
        return self

    def node(self, port):
        """A plain client of one node."""
        return redis.Redis(port=port, socket_timeout=1)

    def healthy(self):
        """True when every live node says cluster_state:ok, knows all masters, and every replica is in sync
        (a replica that never synced will not take over from its master)."""
        for port in self.live_ports():
            node = self.node(port)
            info = node.cluster("info")
            if info["cluster_state"] != "ok" or int(info["cluster_size"]) != self.masters:
                return False
            replication = node.info("replication")
            if replication["role"] == "slave" and replication["master_link_status"] != "up":
                return False
        return True

    def live_ports(self):
        """Ports of the nodes still running."""
        return [port for port, process in self.processes.items() if process.poll() is None]

    def slot_masters(self):
        """[(first slot, last slot, master port)] as a live node sees the cluster now."""
        return [(start, end, int(master[1])) for start, end, master, *_ in
                self.node(self.live_ports()[0]).execute_command("CLUSTER", "SLOTS")]

    def master_ports(self):
        """Ports of the masters serving slots now."""
        return sorted({port for _, _, port in self.slot_masters()})

    def master_of(self, key):
        """Port of the master serving `key`'s slot."""
        slot = self.node(self.live_ports()[0]).cluster("keyslot", key)
        for start, end, port in self.slot_masters():
            if start <= slot <= end:
                return port
        raise RuntimeError(f"no master serves slot {slot}")

    def kill(self, port):
        """SIGKILL one node: it dies without a word to the others."""
        process = self.processes[port]
        process.kill()
        process.wait()


class SentinelServers(_ServerSet):
    """One master, one replica and three sentinels watching them as SERVICE_NAME."""

    def __init__(self, workdir):
        super().__init__(workdir)
        self.master_port, self.replica_port = free_port(), free_port()
        self.sentinel_ports = [free_port() for _ in range(3)]

    @property
    def url(self):
        """REDIS_URL naming the sentinels and the service."""
        return "redis+sentinel://" + ",".join(f"127.0.0.1:{p}" for p in self.sentinel_ports) + f"/{SERVICE_NAME}/0"

    def _start(self):
        """Start master, replica (in sync) and sentinels (all agreeing on the master)."""
        self.processes[self.master_port] = _redis_server(self.workdir, self.master_port)
        self.processes[self.replica_port] = _redis_server(self.workdir, self.replica_port,
                                                          "--replicaof", "127.0.0.1", str(self.master_port))
        wait_until(lambda: redis.Redis(port=self.replica_port).info("replication")["master_link_status"] == "up",
                   20, "the replica syncing")
        for port in self.sentinel_ports:
            config = self.workdir / f"sentinel-{port}.conf"
            config.write_text(
                f"port {port}\nbind 127.0.0.1\ndir {self.workdir}\n"
                f"sentinel monitor {SERVICE_NAME} 127.0.0.1 {self.master_port} 2\n"
                f"sentinel down-after-milliseconds {SERVICE_NAME} {SENTINEL_DOWN_AFTER_MS}\n"
                f"sentinel failover-timeout {SERVICE_NAME} {SENTINEL_FAILOVER_TIMEOUT_MS}\n")
            self.processes[port] = subprocess.Popen(
                [require("redis-server"), str(config), "--sentinel", "--loglevel", "warning"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_for_port(port, self.processes[port])
        wait_until(self._sentinels_agree, 20, "the sentinels finding each other and the replica")
        return self

    def _sentinels_agree(self):
        for port in self.sentinel_ports:
            master = redis.Redis(port=port).sentinel_master(SERVICE_NAME)
            if master["num-other-sentinels"] < 2 or master["num-slaves"] < 1:
                return False
        return True

    def node(self, port):
        """A plain client of one server."""
        return redis.Redis(port=port, socket_timeout=1)

    def current_master_port(self):
        """The master's port as the first sentinel reports it."""
        return int(redis.Redis(port=self.sentinel_ports[0]).sentinel_get_master_addr_by_name(SERVICE_NAME)[1])

    def kill_master(self):
        """SIGKILL the master; its port, so the caller can wait for the sentinels to promote the replica."""
        port = self.current_master_port()
        process = self.processes[port]
        process.kill()
        process.wait()
        return port


class Shopper:
    """One shopper's API conversation, each turn sent to the app instance named, from its own address
    (X-Forwarded-For, believed by an app with TRUSTED_PROXIES=1); records every turn acknowledged with a 200."""

    def __init__(self, address):
        self.address = address
        self.session_id = None
        self.acknowledged = []
        self.http = requests.Session()

    def say(self, instance, message):
        """Post one turn; its JSON answer (fails the test unless it is a 200)."""
        body = {"message": message, **({"session_id": self.session_id} if self.session_id else {})}
        response = self.http.post(f"{instance.url}/api/v1/chat", json=body, timeout=10,
                                  headers={"X-Forwarded-For": self.address})
        assert response.status_code == 200, (instance.url, response.status_code, response.text[:300])
        answer = response.json()
        self.session_id = answer["session_id"]
        self.acknowledged.append(message)
        return answer

    def user_messages(self, instance):
        """The user messages the instance's history read returns, oldest first."""
        response = self.http.get(f"{instance.url}/api/v1/chat/session/{self.session_id}", timeout=10)
        assert response.status_code == 200, (response.status_code, response.text[:300])
        return [m["content"] for m in response.json()["messages"] if m["role"] == "user"]


def health(instance):
    """The instance's /healthz status: "ok" or "degraded"."""
    return requests.get(f"{instance.url}/healthz", timeout=10).json()["status"]


@contextlib.contextmanager
def app_instances(env, log_dir, count=2):
    """`count` app instances under gunicorn (one worker each, own host store: like separate hosts), stopped after."""
    instances = []
    try:
        for n in range(count):
            instances.append(Gunicorn(env, Path(log_dir) / f"instance-{n}.log", workers=1).start())
        yield instances
    finally:
        for instance in instances:
            instance.stop()
