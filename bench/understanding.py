"""Understanding time per message: the act pipeline against the regex chain it replaced, side by side in one run.

The old code is the assistant package at OLD_COMMIT, taken from git into a temporary folder and imported under
another name; both read the same messages (the tune part of the act corpus) over the same catalog.
"""
import importlib
import io
import json
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path

from webapp.assistant import ProductIndex, load_catalog
from webapp.assistant.understanding import Understander

ROOT = Path(__file__).resolve().parent.parent
OLD_COMMIT = "8ea0f60"  # the last commit of the regex chain
CORPUS = ROOT / "tests" / "act_corpus" / "tune.jsonl"
DIGITS = "1234567890" * 400  # 4,000 characters
SEPARATORS = "1,2.3-4$5 " * 400


def old_package(folder, commit=OLD_COMMIT, name="old_assistant"):
    """The assistant package at `commit`, importable as `name`; None when git or the commit is missing."""
    try:
        archive = subprocess.run(["git", "archive", commit, "webapp/assistant"], cwd=ROOT, check=True,
                                 capture_output=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    (Path(folder) / "webapp" / "assistant").rename(Path(folder) / name)
    sys.path.insert(0, str(folder))
    return importlib.import_module(name)


def _per_message(fn, messages, rounds):
    """Median microseconds per message over `rounds` passes (the median pass, divided by the count)."""
    passes = []
    for _ in range(rounds):
        start = time.perf_counter()
        for text in messages:
            fn(text)
        passes.append((time.perf_counter() - start) / len(messages) * 1e6)
    return statistics.median(passes)


def bench_understanding(catalogs, folder, rounds=5):
    """Print a table: microseconds per message, old and new, per catalog, and the long-message cases."""
    messages = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    old = old_package(folder)
    print("## Understanding time per message (µs; the tune corpus's", len(messages), "messages)\n")
    print("| catalog | old regex chain | new pipeline | new / old | 4,000 digits old / new | 4,000 separators old / new |")
    print("|---|---|---|---|---|---|")
    for label, path in catalogs:
        new = Understander(ProductIndex(load_catalog(path)))
        cells = []
        if old:
            old_index = old.ProductIndex(old.load_catalog(path))
            understand = old.understanding

            def old_fn(text):
                request = understand.understand(text, old_index.brands, old_index)
                return understand.in_context(request, None, old_index)
        for _ in range(2):  # interleaved rounds: the machine is shared
            new_time = _per_message(lambda text: new.understand(text, None), messages, rounds)
            old_time = _per_message(old_fn, messages, rounds) if old else None
            cells.append((old_time, new_time))
        old_time = statistics.median([o for o, _ in cells]) if old else None
        new_time = statistics.median([n for _, n in cells])
        longs = []
        for text in (DIGITS, SEPARATORS):
            new_long = _per_message(lambda t: new.understand(t, None), [text], 3)
            old_long = _per_message(old_fn, [text], 1) if old else None
            longs.append(f"{old_long:,.0f} / {new_long:,.0f}" if old else f"– / {new_long:,.0f}")
        ratio = f"{new_time / old_time:.2f}" if old else "–"
        old_cell = f"{old_time:,.0f}" if old else "–"
        print(f"| {label} | {old_cell} | {new_time:,.0f} | {ratio} | {longs[0]} | {longs[1]} |")
    print("\nMedians of two interleaved rounds of", rounds, "passes each; the long messages once each (old) or",
          "three times (new).\n")
