"""Hamming-radius search: build time, memory and query latency of ``HammingIndex`` against a scan.

    python benchmarks/bench_hamming.py [--sizes 1000000 10000000] [--queries 1000] [--radius 10]
                                       [--blocks 3 4] [--seed 0]

For each size, two sets of 64-bit codes: uniform random codes, and clustered ones (noisy copies of
4,000 random centres, each copy with up to six bits flipped, as near-duplicate photos give). The
queries are, half, stored codes with 0 to 8 bits flipped and, half, uniform random codes. On one
thread, per size and set: build time (s), memory of the index's arrays (MiB), median and p99 CPU time
(ms, ``time.process_time``) of ``HammingIndex.query`` and of a numpy scan (``np.bitwise_count`` of the
XOR with every code, then the same sorting by distance and id: the anchor, timed in the same run, so
runs on a busy machine compare by the ratio), the ratio of the medians, the median number of codes a
query compares, the mean number of results, and how many queries' answers differ from the scan's.
``--blocks`` adds rows with that many blocks instead of the automatic choice. faiss'
``IndexBinaryFlat.range_search`` is timed too when faiss is installed. Prints figures; asserts nothing.

Codes, not images: the known-image index stores ``len(photos.INDEX_VARIANTS)`` pHashes per image (34
since issue 19, 25 before), so 10 million codes are about 294,000 known images.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time

# One thread (a per-core figure), set before numpy is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import numpy as np  # noqa: E402

from fakeprofile.hamming import HammingIndex  # noqa: E402

N_CENTRES = 4000
MAX_CLUSTER_FLIPS = 6
MAX_QUERY_FLIPS = 8


def random_codes(n: int, rng: np.random.Generator) -> np.ndarray:
    return rng.integers(0, 1 << 64, n, dtype=np.uint64, endpoint=False)


def flip_bits(codes: np.ndarray, max_flips: int, rng: np.random.Generator) -> np.ndarray:
    """Each code with up to ``max_flips`` random bits flipped (fewer when two draws hit one bit)."""
    out = codes.copy()
    for _ in range(max_flips):
        bit = np.uint64(1) << rng.integers(0, 64, len(codes), dtype=np.uint64)
        out ^= np.where(rng.random(len(codes)) < 0.5, bit, np.uint64(0))
    return out


def clustered_codes(n: int, rng: np.random.Generator) -> np.ndarray:
    centres = random_codes(N_CENTRES, rng)
    return flip_bits(centres[rng.integers(0, N_CENTRES, n)], MAX_CLUSTER_FLIPS, rng)


def make_queries(codes: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Half near copies of stored codes (0 to 8 distinct bits flipped), half random codes."""
    near = codes[rng.integers(0, len(codes), n - n // 2)]
    for i, k in enumerate(rng.integers(0, MAX_QUERY_FLIPS + 1, len(near))):
        for bit in rng.choice(64, k, replace=False):
            near[i] ^= np.uint64(1) << np.uint64(bit)
    return np.concatenate([near, random_codes(n // 2, rng)])


def scan(codes: np.ndarray, ids: np.ndarray, q: np.uint64, radius: int) -> tuple[np.ndarray, np.ndarray]:
    """The baseline: distances to every code, the ones within ``radius`` sorted by (distance, id)."""
    distances = np.bitwise_count(codes ^ q)
    hits = np.flatnonzero(distances <= radius)
    order = np.lexsort((ids[hits], distances[hits]))
    return ids[hits][order], distances[hits][order].astype(np.int64)


def timed(fn, queries: np.ndarray) -> tuple[list[float], list]:  # noqa: ANN001
    """Per-query CPU seconds (``time.process_time``: other work on a shared machine does not count) and results."""
    times, results = [], []
    for q in queries:
        start = time.process_time()
        results.append(fn(q))
        times.append(time.process_time() - start)
    return times, results


def summary(times: list[float]) -> tuple[float, float]:
    """Median and p99 in milliseconds."""
    ms = sorted(t * 1e3 for t in times)
    return statistics.median(ms), ms[min(len(ms) - 1, int(0.99 * len(ms)))]


def faiss_row(codes: np.ndarray, queries: np.ndarray, radius: int) -> str:
    try:
        import faiss
    except ImportError:
        return "faiss not installed"
    faiss.omp_set_num_threads(1)
    index = faiss.IndexBinaryFlat(64)
    index.add(codes.view(np.uint8).reshape(-1, 8))
    # faiss' binary range search keeps distances strictly below its radius.
    times, _ = timed(lambda q: index.range_search(np.array([q]).view(np.uint8).reshape(1, 8), radius + 1), queries)
    med, p99 = summary(times)
    return f"faiss IndexBinaryFlat.range_search: median {med:.3f} ms, p99 {p99:.3f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--radius", type=int, default=10)
    parser.add_argument("--blocks", type=int, nargs="*", default=[], help="also time these numbers of blocks")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    print(f"radius {args.radius}; {args.queries} queries (half near copies, half random); one thread; "
          "CPU time (process_time); anchor: the numpy scan, same run")
    header = (f"{'codes':>10} {'set':>9} {'blocks':>6} | {'build s':>7} {'MiB':>6} {'med ms':>7} {'p99 ms':>7} "
              f"{'compared':>8} {'hits':>7} | {'scan med':>8} {'p99 ms':>7} | {'speed-up':>8} {'differ':>6}")
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        for name, make in (("uniform", random_codes), ("clustered", clustered_codes)):
            rng = np.random.default_rng(args.seed)
            codes = make(size, rng)
            ids = np.arange(size, dtype=np.int64)
            queries = make_queries(codes, args.queries, rng)
            t_scan, r_scan = timed(lambda q, codes=codes, ids=ids: scan(codes, ids, q, args.radius), queries)
            med_scan, p99_scan = summary(t_scan)
            for n_blocks in [None, *args.blocks]:
                gc.collect()
                start = time.perf_counter()
                index = HammingIndex(codes, n_blocks=n_blocks)
                build = time.perf_counter() - start
                m = len(index._segments[0].widths) if index._segments else 0  # too few codes for tables: scanned
                t_idx, r_idx = timed(lambda q, index=index: index.query(q, args.radius), queries)
                (med, p99) = summary(t_idx)
                compared = statistics.median(index.n_compared(q, args.radius) for q in queries)
                hits = statistics.mean(len(r[0]) for r in r_idx)
                differ = sum(
                    not (np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1]))
                    for a, b in zip(r_idx, r_scan, strict=True)
                )
                label = "scan" if not m else f"{m}" if n_blocks else f"{m} auto"
                print(f"{size:>10} {name:>9} {label:>6} | {build:>7.2f} {index.nbytes / 2**20:>6.0f} {med:>7.3f} "
                      f"{p99:>7.3f} {compared:>8.0f} {hits:>7.1f} | {med_scan:>8.3f} {p99_scan:>7.3f} | "
                      f"{med_scan / med:>7.1f}x {differ:>6}")
                index = None  # free before the next build
            print(f"{'':>10} {name:>9} {'':>6} | {faiss_row(codes, queries, args.radius)}")


if __name__ == "__main__":
    main()
