"""Worker threads meet the app's types for the first time together: nothing may crash the process.

A gunicorn worker's threads take their first requests at once, so the first decode of each msgspec type
can happen in several threads at the same moment. msgspec 0.22 built a Struct's type info without guarding
against that and crashed the worker with SIGSEGV (seen under load as dropped connections). Each round
reloads the module, so its Structs are new types, never decoded before, and races 8 threads on them."""
import subprocess
import sys

RACE = r"""
import importlib, sys, threading
sys.setswitchinterval(1e-6)  # switch threads as often as possible: the race needs a switch mid-build
import webapp.assistant.metadata as metadata
STORED = {"v": 2, "intent": "search", "display": "list", "lead": 5, "shown": ["a"],
          "list": {"ids": ["a", "b"], "sort": "price"}}
for _ in range(ROUNDS):
    metadata = importlib.reload(metadata)
    start = threading.Barrier(8)
    def first_reads():
        start.wait()
        for _ in range(3):
            assert metadata.read_record(STORED, "hello world").list.ids == ["a", "b"]
    threads = [threading.Thread(target=first_reads) for _ in range(8)]
    for thread in threads: thread.start()
    for thread in threads: thread.join()
print("ok")
"""


def test_many_threads_reading_a_stored_record_first_do_not_crash():
    done = subprocess.run([sys.executable, "-X", "faulthandler", "-c", RACE.replace("ROUNDS", "300")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-3000:]
