"""Run the benchmarks and print a Markdown report (figures for BENCHMARKS.md).

Usage: python -m bench [--sizes 1000,10000,100000] [--repeat N] [--http full|quick|only|off]
"""
import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from webapp.assistant import CatalogAssistant, ProductIndex, load_catalog
from webapp.config import BUNDLED_CATALOG
from webapp.memory import Message

from .cluster import bench_cluster
from .http import bench_http
from .http_scale import bench_http_scale
from .instructions import bench_instructions
from .round_trips import bench_round_trips
from .search import bench_search, bench_search_against_old, percentile
from .understanding import bench_understanding

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = 8
DIALOGUE = ["show me laptops under $1000", "which of these has better reviews?", "how much is it?",
            "compare the first two", "only Dell ones", "what about over $1000?", "tell me about the second one",
            "what do people say about it?", "what was my first question?", "noise cancelling headphones under $300"]


def catalog_of(size, folder):
    """Path of a generated catalog with `size` products (generated with the committed, seeded script)."""
    path = folder / f"catalog-{size}.jsonl"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_catalog.py"), "--count-per-category",
                    str(size // CATEGORIES), "--output", str(path)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return path


def bench_assistant(repeat):
    """Time per assistant turn over a ten-turn dialogue on the bundled catalog."""
    assistant = CatalogAssistant(ProductIndex(load_catalog(BUNDLED_CATALOG)))
    samples = []
    for _ in range(repeat):
        history = []
        for text in DIALOGUE:
            start = time.perf_counter()
            reply = assistant.reply(text, history, 5)
            samples.append((time.perf_counter() - start) * 1000)
            history = (history + [Message("user", text), Message("assistant", reply.answer, metadata=reply.metadata)])[-20:]
    print("## Assistant reply time (bundled catalog, ms per turn)\n")
    print(f"median {statistics.median(samples):.2f} ms, p99 {percentile(samples, 0.99):.2f} ms "
          f"over {len(samples)} turns ({len(DIALOGUE)}-turn dialogue x {repeat})\n")


def main(argv=None):
    """Parse arguments and run every benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--http", choices=["full", "quick", "only", "off"], default="full",
                        help="the HTTP section (needs wrk): full (about 15 min), quick (a smoke run), only (full, nothing else), off")
    args = parser.parse_args(argv)
    print(f"# Benchmark run {time.strftime('%Y-%m-%d %H:%M')} (python {sys.version.split()[0]})\n")
    if args.http == "only":
        return run_http(quick=False)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        catalogs = [(size, catalog_of(size, Path(folder))) for size in sizes]
        bench_search(catalogs, args.repeat)
        bench_search_against_old(max(catalogs)[1], Path(folder) / "search_before", args.repeat)
    bench_assistant(max(1, args.repeat // 10))
    with tempfile.TemporaryDirectory() as folder:
        largest = max(sizes)
        bench_understanding([(f"{len(load_catalog(BUNDLED_CATALOG))} (bundled)", BUNDLED_CATALOG),
                             (f"{largest:,}", catalog_of(largest, Path(folder)))], Path(folder) / "old")
    bench_round_trips()
    bench_instructions()
    bench_cluster()
    if args.http != "off":
        run_http(quick=args.http == "quick")


def run_http(quick):
    """The HTTP section: designs side by side under gunicorn and wrk, then bytes and scale."""
    bench_http(quick)
    bench_http_scale(quick)


if __name__ == "__main__":
    main()
