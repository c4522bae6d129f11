"""The host store's near copy of what Redis holds, as one worker writes and knows it: off a turn's and a read's path.

NearCopy writes behind: a turn only notes the window Redis returned, and a daemon thread writes what waits to
the host store every FLUSH_SECONDS (one write per session for all of its turns meanwhile) and at exit. A
worker writes a session's copy at once before it serves that session from the host store itself; other
workers' copies arrive within FLUSH_SECONDS. Each write merges with the entry (CachelibConversationStore.mirror),
so a late one never drops turns written during an outage nor undoes a clear.

Checked spares healthy reads the host store: a worker looks at a session's near copy again only when the host
marker changed since it last did (a worker served from the host store, or found Redis had lost turns), when
Redis has no history for the session or lacks a turn this worker saw there, or when the copy has expired.
"""
import atexit
import logging
import os
import threading
import time

FLUSH_SECONDS = 0.05
CHECKED_SESSIONS = 10_000  # per worker; forgetting one only costs a look at its near copy
log = logging.getLogger("webapp.memory")


class NearCopy:
    """Write-behind of CachelibConversationStore.mirror for one worker: mirror() notes, flush() writes."""

    def __init__(self, host_store, seconds=FLUSH_SECONDS):
        self.host_store, self.seconds = host_store, seconds
        self._waiting = {}  # session id -> mirror() arguments not yet written, windows in the order noted
        self._in_flight = {}  # the batch being written
        self._lock = threading.Lock()  # guards both
        self._writing = threading.Lock()  # held while a batch is written, so flush() returns once it is there
        self._due = threading.Event()
        self._thread_pid = None  # the thread is started lazily, in the worker (gunicorn forks after preloading)
        atexit.register(self.flush)

    def mirror(self, session_id, record=None, window=None, preferences=None):
        """Note what Redis now holds for the session (None: unchanged); the host store has it within `seconds`."""
        with self._lock:
            waiting = self._waiting.setdefault(session_id, {"windows": []})
            if record is not None:
                waiting["record"] = record
            if window is not None:
                waiting["windows"].append(window)
            if preferences is not None:
                waiting["preferences"] = preferences
        if self._thread_pid != os.getpid():
            self._start()
        self._due.set()

    def flush(self, session_id=None):
        """Write what waits (all of it, or one session's) to the host store; returns once it is there."""
        with self._lock:
            if session_id is not None and session_id not in self._waiting and session_id not in self._in_flight:
                return  # nothing of it waits: no need to wait for the thread's batch
        with self._writing:
            with self._lock:
                if session_id is None:
                    self._in_flight, self._waiting = self._waiting, {}
                else:
                    waiting = self._waiting.pop(session_id, None)
                    self._in_flight = {} if waiting is None else {session_id: waiting}
            try:
                for waiting_id, waiting in self._in_flight.items():
                    try:
                        self.host_store.mirror(waiting_id, **waiting)
                    except Exception:  # noqa: BLE001  (one entry that cannot be written must not stop the others)
                        log.exception("could not write a near copy to the host store")
            finally:
                with self._lock:
                    self._in_flight = {}

    def forget(self, session_id):
        """Drop what waits for the session (it is being cleared)."""
        with self._lock:
            self._waiting.pop(session_id, None)

    def _start(self):
        with self._lock:
            if self._thread_pid != os.getpid():
                threading.Thread(target=self._run, name="near-copy", daemon=True).start()
                self._thread_pid = os.getpid()

    def _run(self):
        while True:
            self._due.wait()
            time.sleep(self.seconds)  # let the turns of the next few moments join this write
            self._due.clear()  # before the batch is taken: a note made after it sets it again
            self.flush()


class Checked:
    """Per worker: the sessions whose near copy agreed with Redis when last looked at, and as of which marker token."""

    def __init__(self, limit=CHECKED_SESSIONS):
        self.limit = limit
        self._sessions = {}  # session id -> [marker token, newest item seen in Redis or None, copy expires at]
        self._lock = threading.Lock()

    def agrees(self, session_id, token, items):
        """True when Redis's `items` need no look at the near copy; then its newest is remembered as seen."""
        known = self._sessions.get(session_id)
        if known is None or token is None or known[0] != token or not items or time.time() >= known[2]:
            return False
        if known[1] is not None and known[1] not in items:
            return False  # Redis lacks a turn this worker saw there: it may have lost it
        known[1] = items[-1]
        return True

    def note(self, session_id, token, items, expires_at):
        """The session's near copy agreed with Redis's `items` while the marker held `token`."""
        with self._lock:
            if session_id not in self._sessions and len(self._sessions) >= self.limit:
                del self._sessions[next(iter(self._sessions))]  # the longest known
            self._sessions[session_id] = [token, items[-1] if items else None, expires_at]

    def saw(self, session_id, items):
        """Redis acknowledged `items` (a turn's window): its newest must be there on the next read."""
        known = self._sessions.get(session_id)
        if known is not None and items:
            known[1] = items[-1]

    def forget(self, session_id):
        """Look at the session's near copy on its next read."""
        with self._lock:
            self._sessions.pop(session_id, None)
