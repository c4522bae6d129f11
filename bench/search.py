"""Catalog search latency: the index at each catalog size, and side by side with the index it replaced.

The old index is the assistant package at OLD_COMMIT (the last commit before presorted pools), taken from git
into a temporary folder (see understanding.old_package); both answer the same QUERIES over the same products.
"""
import gc
import statistics
import time
import tracemalloc

from webapp.assistant import Constraints, ProductIndex, load_catalog

from .understanding import old_package

OLD_COMMIT = "41fb007"  # scans the matching pool per query
QUERIES = [
    ("category + max price", Constraints(category="laptops", max_price=1000), None),
    ("category + brand + rating", Constraints(category="headphones", brands=("Sony",), min_rating=4.0), None),
    ("category + spec + price range", Constraints(category="tvs", min_price=500, max_price=1500,
                                                  specs={"panel": ["==", "OLED"]}), "price"),
    ("category, best rated", Constraints(category="cameras"), "-rating"),
    ("brand across categories", Constraints(brands=("Samsung",)), "-reviews"),
    ("free text", Constraints(text="galaxy"), None),
]


def percentile(samples, fraction):
    """The sample at a fraction (0..1) of the sorted samples."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def timed(fn, repeat):
    """Milliseconds per call over `repeat` calls."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def bench_search(catalogs, repeat):
    """Median and p99 of each query at each catalog size (`catalogs`: [(size, path)])."""
    print("## Search latency (ms per query, in-memory index, limit 5)\n")
    print("| products | build index (s) | " + " | ".join(name for name, *_ in QUERIES) + " |")
    print("|---|---|" + "---|" * len(QUERIES))
    for _, path in catalogs:
        products = load_catalog(path)
        start = time.perf_counter()
        index = ProductIndex(products)
        build = time.perf_counter() - start
        cells = []
        for _, constraints, sort in QUERIES:
            samples = timed(lambda: index.search(constraints, sort, 5), repeat)
            cells.append(f"{statistics.median(samples):.3f} / {percentile(samples, 0.99):.3f}")
        print(f"| {len(products):,} | {build:.2f} | " + " | ".join(cells) + " |")
    print("\nEach cell: median / p99 over", repeat, "runs.\n")


def bench_search_against_old(path, folder, repeat, rounds=3):
    """Old and new index on one catalog, interleaved rounds: build time, memory, and each query's median / p99."""
    old = old_package(folder, OLD_COMMIT, "search_before")
    if old is None:
        print(f"(side by side skipped: commit {OLD_COMMIT} is not in git)\n")
        return
    products = load_catalog(path)
    kinds = [(f"before `{OLD_COMMIT}`", old.ProductIndex), ("now", ProductIndex)]
    builds, samples = {k: [] for k, _ in kinds}, {(k, q): [] for k, _ in kinds for q, *_ in QUERIES}
    for _ in range(rounds):
        for kind, index_class in kinds:
            start = time.perf_counter()
            index = index_class(products)
            builds[kind].append(time.perf_counter() - start)
            for name, constraints, sort in QUERIES:
                samples[kind, name] += timed(lambda: index.search(constraints, sort, 5), repeat)
            del index
            gc.collect()
    print(f"## Search side by side at {len(products):,} products (ms per query, limit 5)\n")
    print("| index | build (s) | memory (MB) | " + " | ".join(name for name, *_ in QUERIES) + " |")
    print("|---|---|---|" + "---|" * len(QUERIES))
    for kind, index_class in kinds:
        cells = [f"{statistics.median(samples[kind, q]):.3f} / {percentile(samples[kind, q], 0.99):.3f}"
                 for q, *_ in QUERIES]
        print(f"| {kind} | {statistics.median(builds[kind]):.2f} | {_memory_mb(index_class, products):.0f} | "
              + " | ".join(cells) + " |")
    print(f"\nEach cell: median / p99 over {rounds} interleaved rounds of {repeat} runs; build: median of"
          f" {rounds}; memory: what the index allocates beyond the loaded products (tracemalloc).\n")


def _memory_mb(index_class, products):
    """Megabytes an index of the products holds, traced while it is built."""
    gc.collect()
    tracemalloc.start()
    index = index_class(products)
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del index
    return held / 1e6
