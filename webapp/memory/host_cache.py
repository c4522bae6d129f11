"""A cache every worker on the host shares: cachelib's FileSystemCache, storing JSON, with cross-process locks."""
import contextlib
import fcntl
import hashlib
import json
import logging
import os

from cachelib import FileSystemCache
from cachelib.serializers import FileSystemSerializer

LOCK_STRIPES = 64
TOKEN_BYTES = 16
log = logging.getLogger("webapp.memory")


class JSONFileSerializer(FileSystemSerializer):
    """Values as JSON, never pickles: a planted file can at worst be unreadable, never run code."""

    def dump(self, value, f):
        """Write value as JSON."""
        f.write(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())

    def load(self, f):
        """The JSON value, or None when the file holds anything else."""
        try:
            return json.loads(f.read())
        except (ValueError, UnicodeDecodeError):
            return None


class HostCache(FileSystemCache):
    """FileSystemCache in `directory`/entries with JSON values and `locked(key)` for read-modify-write.

    FileSystemCache writes by atomic rename (last writer wins); the lock makes a read-modify-write of
    one key atomic across every process and thread of the host (flock, striped over a few lock files).
    Past `threshold` entries it drops the soonest-expiring first: with sliding expiry, the most idle.
    """

    serializer = JSONFileSerializer()

    def __init__(self, directory, threshold, default_timeout):
        super().__init__(os.path.join(directory, "entries"), threshold=threshold, default_timeout=default_timeout)
        self._directory = directory
        self._locks = os.path.join(directory, "locks")
        os.makedirs(self._locks, exist_ok=True)

    @contextlib.contextmanager
    def locked(self, key):
        """Hold the host-wide lock of `key` (shared with the keys of the same stripe)."""
        stripe = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % LOCK_STRIPES
        with open(os.path.join(self._locks, str(stripe)), "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def marker(self, name):
        """The HostMarker `name` of this cache's directory (beside the entries, never one of them)."""
        return HostMarker(os.path.join(self._directory, name))

    def _prune(self):
        # cachelib prunes before every set, reading its count file each time; only a new entry can pass
        # the threshold, so HostCache prunes once one was added (below) and an overwrite costs no read.
        pass

    def _update_count(self, delta=None, value=None):
        super()._update_count(delta, value)
        if delta is not None and delta > 0:
            super()._prune()


class HostMarker:
    """A token in one file of the host: any process renews it, and every process can tell cheaply that it changed."""

    def __init__(self, path):
        self.path = path

    def token(self):
        """The current token: b"" before the first renewal, None when unreadable (so never the same twice)."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return b""
        except OSError:
            return None
        try:
            return os.read(fd, TOKEN_BYTES)
        except OSError:
            return None
        finally:
            os.close(fd)

    def renew(self):
        """Write a new token; logged, not raised, when the file cannot be written."""
        try:
            # Overwritten in place at a fixed size: no truncation, so ext4 does not flush it as it would a replace.
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600)
            try:
                os.pwrite(fd, os.urandom(TOKEN_BYTES), 0)
            finally:
                os.close(fd)
        except OSError:
            log.exception("could not renew the host marker %s", os.path.basename(self.path))
