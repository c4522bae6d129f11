"""A cache every worker on the host shares: cachelib's FileSystemCache, storing JSON, with cross-process locks."""
import contextlib
import fcntl
import hashlib
import json
import os

from cachelib import FileSystemCache
from cachelib.serializers import FileSystemSerializer

LOCK_STRIPES = 64


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
        self._locks = os.path.join(directory, "locks")
        os.makedirs(self._locks, exist_ok=True)

    @contextlib.contextmanager
    def locked(self, key):
        """Hold the host-wide lock of `key` (shared with the keys of the same stripe)."""
        stripe = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % LOCK_STRIPES
        with open(os.path.join(self._locks, str(stripe)), "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield
