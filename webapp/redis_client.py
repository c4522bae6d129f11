"""The one Redis client of a process, built from REDIS_URL: one server, a Redis Cluster, or a Sentinel set.

URL forms (TLS: the same with `rediss`, e.g. `rediss+cluster://`):
- `redis://[user:pass@]host:port[/db]`: one server (redis-py's own URL, query options included);
- `redis+cluster://[user:pass@]host:port[,host:port...]/`: any reachable nodes of the cluster;
- `redis+sentinel://[user:pass@]host:port[,host:port...]/service_name[/db]`: the sentinels; user:pass
  authenticate to the master, `?sentinel_password=` to the sentinels when they have a password of their own.
Cluster and Sentinel forms take the TLS query options `ssl_ca_certs`, `ssl_certfile`, `ssl_keyfile` and
`ssl_cert_reqs` (`required`, `optional` or `none`).
"""
import threading
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

import redis
from redis.backoff import NoBackoff
from redis.cluster import ClusterNode, RedisCluster
from redis.commands.core import Script
from redis.exceptions import RedisClusterException
from redis.retry import Retry
from redis.sentinel import Sentinel

# redis-py's defaults let a hung Redis hold a request for about a minute; these bound a failed
# command to about half a second (one retry), well inside gunicorn's worker timeout.
REDIS_TIMEOUT_SECONDS = 0.25
STARTUP_PING_TIMEOUT_SECONDS = 0.5
PLAIN_SCHEMES = ("redis", "rediss", "unix")
CLUSTER_SCHEMES = ("redis+cluster", "rediss+cluster")
SENTINEL_SCHEMES = ("redis+sentinel", "rediss+sentinel")
TLS_OPTIONS = ("ssl_ca_certs", "ssl_certfile", "ssl_keyfile", "ssl_cert_reqs")
DEFAULT_PORT = 6379
DEFAULT_SENTINEL_PORT = 26379


@dataclass(frozen=True)
class RedisTarget:
    """What a REDIS_URL names: its kind ("server", "cluster" or "sentinel"), nodes, credentials and options."""

    kind: str
    url: str
    nodes: tuple = ()
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    tls: dict = field(default_factory=dict)
    service_name: str = ""
    db: int = 0
    sentinel_password: str | None = field(default=None, repr=False)


def parse_redis_url(url):
    """The RedisTarget of a REDIS_URL; ValueError saying what is wrong with it."""
    scheme = url.partition("://")[0].lower()
    if scheme in PLAIN_SCHEMES:
        return RedisTarget("server", url)
    if scheme not in CLUSTER_SCHEMES + SENTINEL_SCHEMES:
        raise ValueError("REDIS_URL must start with redis://, rediss://, redis+cluster://, rediss+cluster://, "
                         f"redis+sentinel:// or rediss+sentinel://, got {redact(url)!r}")
    parts = urlsplit(url)
    credentials, _, hosts = parts.netloc.rpartition("@")
    username, _, password = credentials.partition(":")
    kind = "cluster" if scheme in CLUSTER_SCHEMES else "sentinel"
    nodes = tuple(_node(host, DEFAULT_PORT if kind == "cluster" else DEFAULT_SENTINEL_PORT, url)
                  for host in hosts.split(","))
    options = dict(parse_qsl(parts.query))
    unknown = set(options) - set(TLS_OPTIONS) - ({"sentinel_password"} if kind == "sentinel" else set())
    if unknown:
        raise ValueError(f"REDIS_URL has options this app does not know: {', '.join(sorted(unknown))}")
    tls = {"ssl": True, **{k: v for k, v in options.items() if k in TLS_OPTIONS}} if scheme.startswith("rediss") else {}
    target = RedisTarget(kind, url, nodes, unquote(username) or None, unquote(password) or None, tls)
    if kind == "cluster":
        if parts.path.strip("/"):
            raise ValueError("a redis+cluster:// URL has no database: Redis Cluster has only database 0")
        return target
    service_name, _, db = parts.path.strip("/").partition("/")
    if not service_name or (db and not db.isdigit()):
        raise ValueError("a redis+sentinel:// URL ends in /service_name or /service_name/db, "
                         f"got {redact(url)!r}")
    return RedisTarget(**{**target.__dict__, "service_name": service_name, "db": int(db or 0),
                          "sentinel_password": options.get("sentinel_password")})


def _node(text, default_port, url):
    """(host, port) of one `host[:port]` of a URL."""
    host, _, port = text.strip().rpartition(":") if ":" in text else (text.strip(), "", "")
    if not host or (port and not port.isdigit()):
        raise ValueError(f"REDIS_URL names a node as {text!r}; write host:port ({redact(url)!r})")
    return host, int(port or default_port)


def make_redis_client(url, timeout=REDIS_TIMEOUT_SECONDS, retries=1):
    """The process's shared client for REDIS_URL, with short timeouts and at most `retries` retries."""
    target = parse_redis_url(url)
    limits = {"socket_connect_timeout": timeout, "socket_timeout": timeout, "retry": Retry(NoBackoff(), retries)}
    if target.kind == "server":
        return redis.Redis.from_url(url, health_check_interval=30, **limits)
    auth = {"username": target.username, "password": target.password}
    if target.kind == "cluster":
        # require_full_coverage=False: while a master without a replica is down, the other slots still serve.
        return LazyCluster(startup_nodes=[ClusterNode(host, port) for host, port in target.nodes],
                           require_full_coverage=False,
                           **auth, **target.tls, **limits)
    sentinel_kwargs = {"socket_connect_timeout": timeout, "socket_timeout": timeout,
                       "password": target.sentinel_password, **target.tls}
    sentinels = Sentinel(list(target.nodes), sentinel_kwargs=sentinel_kwargs)
    return sentinels.master_for(target.service_name, db=target.db, health_check_interval=30,
                                **auth, **target.tls, **limits)


def redis_answers(url):
    """Ping Redis once with a short timeout; True when it answers (for a cluster: every master)."""
    client = make_redis_client(url, timeout=STARTUP_PING_TIMEOUT_SECONDS, retries=0)
    try:
        return bool(client.ping())
    except (redis.RedisError, RedisClusterException):
        return False
    finally:
        client.close()


def is_cluster(client):
    """True for a Redis Cluster client (its keys spread over masters, so no whole-database scripts)."""
    return isinstance(client, (LazyCluster, RedisCluster))


class LazyCluster:
    """A RedisCluster built at its first command, so the app starts on its fallback while the cluster is down.

    redis-py's RedisCluster connects in its constructor and raises when no node answers; until one does,
    every command raises RedisClusterException, which the breaker counts as a fault."""

    def __init__(self, **options):
        self._options = options
        self._client = None
        self._lock = threading.Lock()
        self._encoder = redis.connection.Encoder("utf-8", "strict", False)

    def get_encoder(self):
        """The encoder RedisCluster would use (its defaults), without connecting."""
        return self._encoder

    def register_script(self, script):
        """A Script that runs on the cluster, routed by its first key's slot."""
        return Script(self, script)

    def ping(self):
        """PING every master: the cluster is healthy only when each slot's master answers."""
        return self.connected().ping(target_nodes=RedisCluster.PRIMARIES)

    def close(self):
        """Close the cluster's connections, if it was ever reached."""
        if self._client is not None:
            self._client.close()

    def connected(self):
        """The RedisCluster, built now if this is the first use."""
        with self._lock:
            if self._client is None:
                self._client = RedisCluster(**self._options)
            return self._client

    def __getattr__(self, name):
        return getattr(self.connected(), name)


def redact(url):
    """The Redis URL without its passwords, for logs and messages."""
    parts = urlsplit(url)
    credentials, _, hosts = parts.netloc.rpartition("@")
    shown = url.replace(parts.netloc, f"{credentials.partition(':')[0]}:***@{hosts}", 1) if ":" in credentials else url
    secret = dict(parse_qsl(parts.query)).get("sentinel_password")
    return shown.replace(secret, "***") if secret else shown
