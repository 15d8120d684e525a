"""Hamming-radius search: ``HammingIndex`` against faiss ``IndexBinaryFlat`` and a numpy scan, same run.

    python benchmarks/bench_hamming.py [--sizes 1000000 10000000] [--queries 1000] [--radius 10]
                                       [--blocks 4 5] [--seed 0]

For each size, two sets of 64-bit codes: uniform random codes, and clustered ones (noisy copies of
4,000 random centres, each copy with up to six bits flipped, as near-duplicate photos give). The
queries are, half, stored codes with 0 to 8 bits flipped and, half, uniform random codes. On one
thread, in the same process, per size and set:

* ``HammingIndex`` (ours): build CPU time (s), median and p99 CPU time of a query (ms), the median
  number of codes a query compares and the mean number of results;
* faiss ``IndexBinaryFlat`` (built with ``add``, queried with ``range_search``), the same times;
* a numpy scan (``np.bitwise_count`` of the XOR with every code, then the hits sorted by distance and
  position, what ``query`` returns): the query times;
* memory, two ways. "arrays": the bytes the structure's arrays hold (ours: ``HammingIndex.nbytes``;
  faiss: 8 bytes a code, as it keeps no ids; numpy: the array of codes). "RSS": how much the process's
  resident memory grew over the build, freed memory handed back first (``malloc_trim``), so the number
  includes whatever the library keeps besides its arrays. For ours also "peak": the most memory numpy
  held during a second build (``tracemalloc``), temporaries included;
* the ratios ours / faiss and ours / numpy of those CPU times and memories (below 1: ours is faster or
  smaller), and how many queries' answers differ from the scan's (ids and distances, in order).

CPU time (``time.process_time``), not wall time: the machine is shared, and other work does not count
(it still slows memory access, so compare runs by the ratios). ``--blocks`` adds rows for
``HammingIndex`` with that many blocks instead of the automatic choice. Prints figures; asserts nothing.

Codes, not images: the known-image index stores ``len(photos.INDEX_VARIANTS)`` pHashes per image (34
since issue 19), so 10 million codes are about 294,000 known images.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import gc
import os
import statistics
import time
import tracemalloc
from collections.abc import Callable

# One thread (a per-core figure), set before numpy is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import numpy as np  # noqa: E402

from fakeprofile.hamming import HammingIndex  # noqa: E402

N_CENTRES = 4000
MAX_CLUSTER_FLIPS = 6
MAX_QUERY_FLIPS = 8
MIB = 2**20

_LIBC = ctypes.CDLL(ctypes.util.find_library("c") or None)


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


def scan(codes: np.ndarray, q: np.uint64, radius: int) -> tuple[np.ndarray, np.ndarray]:
    """The numpy anchor: distances to every code, the positions within ``radius`` sorted by (distance, position)."""
    distances = np.bitwise_count(codes ^ q)
    hits = np.flatnonzero(distances <= radius)
    order = np.lexsort((hits, distances[hits]))
    return hits[order], distances[hits][order].astype(np.int64)


def timed(fn: Callable, queries: np.ndarray) -> tuple[list[float], list]:
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


def resident() -> int:
    """Resident memory of the process (bytes), after handing freed memory back to the system."""
    gc.collect()
    _LIBC.malloc_trim(0)
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def built(build: Callable[[], object]) -> tuple[object, float, int]:
    """What ``build()`` returns, its CPU seconds, and how much resident memory it added (bytes)."""
    before = resident()
    start = time.process_time()
    result = build()
    seconds = time.process_time() - start
    return result, seconds, resident() - before


def differing(results: list, expected: list) -> int:
    return sum(not (np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])) for a, b in zip(results, expected,
                                                                                               strict=True))


def faiss_results(lims: np.ndarray, distances: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A faiss range search's answer for one query as (positions, distances) sorted like ``scan``'s."""
    ids, dist = labels[lims[0] : lims[1]].astype(np.int64), distances[lims[0] : lims[1]].astype(np.int64)
    order = np.lexsort((ids, dist))
    return ids[order], dist[order]


def row(label: str, build_s: float | None, med: float, p99: float, compared: str, hits: str, n: int,
        arrays: float, rss: float | None, peak: float | None, differ: str) -> str:
    def num(x: float | None, fmt: str) -> str:
        return "-" if x is None else format(x, fmt)

    return (f"  {label:<22} | {num(build_s, '8.2f'):>8} | {med:>7.3f} {p99:>7.3f} | {compared:>8} {hits:>6} | "
            f"{arrays / n:>6.2f} {arrays / MIB:>7.1f} {num(rss if rss is None else rss / MIB, '7.1f'):>7} "
            f"{num(peak if peak is None else peak / MIB, '7.1f'):>7} | {differ:>6}")


def ratio(a: float | None, b: float | None) -> str:
    return "-" if a is None or b is None or b <= 0 else f"{a / b:.3g}x"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--radius", type=int, default=10)
    parser.add_argument("--blocks", type=int, nargs="*", default=[], help="also time these numbers of blocks")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    try:
        import faiss
    except ImportError:
        faiss = None
        print("faiss is not installed (pip install faiss-cpu): its rows are left out")
    else:
        faiss.omp_set_num_threads(1)

    print(f"radius {args.radius}; {args.queries} queries (half near copies of stored codes, half random); one "
          "thread; CPU time (time.process_time), ms a query")
    print("memory: B/code and arrays MiB = bytes the arrays hold; RSS MiB = resident growth over the build; "
          "peak MiB = numpy's most during a build (tracemalloc)")
    header = (f"  {'':<22} | {'build s':>8} | {'med ms':>7} {'p99 ms':>7} | {'compared':>8} {'hits':>6} | "
              f"{'B/code':>6} {'arrays':>7} {'RSS':>7} {'peak':>7} | {'differ':>6}")
    for size in args.sizes:
        for name, make in (("uniform", random_codes), ("clustered", clustered_codes)):
            rng = np.random.default_rng(args.seed)
            codes = make(size, rng)
            queries = make_queries(codes, args.queries, rng)
            print(f"\n{size:,} codes, {name}")
            print(header)
            print("  " + "-" * (len(header) - 2))
            t_scan, r_scan = timed(lambda q, codes=codes: scan(codes, q, args.radius), queries)
            scan_med, scan_p99 = summary(t_scan)

            ours = {}
            for n_blocks in [None, *args.blocks]:
                index, build_s, rss = built(lambda nb=n_blocks, codes=codes: HammingIndex(codes, n_blocks=nb))
                widths = index._segments[0].widths if index._segments else ()
                t_idx, r_idx = timed(lambda q, index=index: index.query(q, args.radius), queries)
                med, p99 = summary(t_idx)
                compared = statistics.median(index.n_compared(q, args.radius) for q in queries)
                hits = statistics.mean(len(r[0]) for r in r_idx)
                arrays = index.nbytes
                index = None  # freed before the peak is measured
                gc.collect()
                tracemalloc.start()
                HammingIndex(codes, n_blocks=n_blocks)
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
                label = f"ours {'-'.join(map(str, widths)) or 'scan'}" + ("" if n_blocks else " auto")
                print(row(label, build_s, med, p99, f"{compared:.0f}", f"{hits:.1f}", size, arrays, rss, peak,
                          str(differing(r_idx, r_scan))))
                ours.setdefault("first", (build_s, med, p99, arrays, rss))

            their = None
            if faiss is not None:
                def build_faiss(codes: np.ndarray = codes) -> object:
                    flat = faiss.IndexBinaryFlat(64)
                    flat.add(codes.view(np.uint8).reshape(-1, 8))
                    return flat

                flat, build_s, rss = built(build_faiss)
                as_bytes = queries.view(np.uint8).reshape(-1, 8)
                # faiss' binary range search keeps distances strictly below its radius.
                t_faiss, r_faiss = timed(lambda i, flat=flat, as_bytes=as_bytes: faiss_results(
                    *flat.range_search(as_bytes[i : i + 1], args.radius + 1)), np.arange(len(queries)))
                med, p99 = summary(t_faiss)
                arrays = flat.ntotal * flat.code_size
                print(row("faiss IndexBinaryFlat", build_s, med, p99, f"{size}", "", size, arrays, rss, None,
                          str(differing(r_faiss, r_scan))))
                their = (build_s, med, p99, arrays, rss)
                flat = None
            scan_hits = statistics.mean(len(r[0]) for r in r_scan)
            print(row("numpy scan", None, scan_med, scan_p99, f"{size}", f"{scan_hits:.1f}", size, codes.nbytes, None,
                      None, "-"))

            o_build, o_med, o_p99, o_arrays, o_rss = ours["first"]
            if their is not None:
                f_build, f_med, f_p99, f_arrays, f_rss = their
                print(f"  {'ours / faiss':<22} | {ratio(o_build, f_build):>8} | {ratio(o_med, f_med):>7} "
                      f"{ratio(o_p99, f_p99):>7} | {'':>8} {'':>6} | {'':>6} {ratio(o_arrays, f_arrays):>7} "
                      f"{ratio(o_rss, f_rss):>7} {'':>7} |")
            print(f"  {'ours / numpy':<22} | {'':>8} | {ratio(o_med, scan_med):>7} {ratio(o_p99, scan_p99):>7} | "
                  f"{'':>8} {'':>6} | {'':>6} {ratio(o_arrays, codes.nbytes):>7} {'':>7} {'':>7} |")


if __name__ == "__main__":
    main()
