"""The first pass's campaign tally alone (``fakeprofile.tally.SpilledTally``): time and peak memory against
input size, past the point where it spills to disk. Prints figures; asserts nothing.

    python benchmarks/bench_tally.py [--sizes 100000,1000000,10000000] [--memory-rows 1048576]

Each size runs in a fresh process, fed as ``fakeprofile predict``'s main process feeds it: chunks of
1,000 profiles, keys as text. Per profile: a note with probability 0.6 (one in ten from 1,000 campaign
notes, the rest unique) and a photo pHash with probability 0.7 (one in twenty a copy of one of 2,000
stolen photos, half of them with a bit flipped, the rest random); one profile in fifty repeats an earlier id.
Printed per size: seconds to add the keys and to finish the count, peak RSS of the process and its RSS
before the tally started (both MB, ``getrusage`` and ``/proc``), and the largest the spill folder got.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHUNK = 1000


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _folder_mb(folder: str) -> float:
    return sum(entry.stat().st_size for entry in os.scandir(folder)) / 2**20


def one(n: int, memory_rows: int) -> dict[str, float]:
    import numpy as np

    from fakeprofile.tally import SpilledTally, key_text

    rng = np.random.default_rng(0)
    stolen = rng.integers(0, 2**64, 2000, dtype=np.uint64)
    baseline = _rss_mb()
    with tempfile.TemporaryDirectory(prefix="bench-tally-") as folder:
        tally = SpilledTally(folder, {"invitation": None, "photo": 4}, memory_rows=memory_rows)
        start, largest_folder = time.perf_counter(), 0.0
        for first in range(0, n, CHUNK):
            size = min(CHUNK, n - first)
            ids = [f"p{first + i}" for i in range(size)]
            for i in np.flatnonzero(rng.random(size) < 0.02).tolist():
                ids[i] = f"p{rng.integers(0, first + 1)}"
            has_note, campaign = rng.random(size) < 0.6, rng.random(size) < 0.1
            notes = [None if not has else key_text(f"campaign note {rng.integers(0, 1000)}" if camp
                                                   else f"a note of my own, {first + i}")
                     for i, (has, camp) in enumerate(zip(has_note.tolist(), campaign.tolist(), strict=True))]
            codes = rng.integers(0, 2**64, size, dtype=np.uint64)
            copies = rng.random(size) < 0.05
            flips = np.left_shift(np.uint64(1), rng.integers(0, 64, size).astype(np.uint64))
            codes[copies] = stolen[rng.integers(0, 2000, int(copies.sum()))] ^ (flips[copies] * (rng.random(
                int(copies.sum())) < 0.5))
            photos = [key_text(c) if has else None for c, has in zip(codes.tolist(), (rng.random(size) < 0.7).tolist(),
                                                                         strict=True)]
            tally.add({"invitation": notes, "photo": photos}, ids, size)
            if first % (50 * CHUNK) == 0:
                largest_folder = max(largest_folder, _folder_mb(folder))
        added = time.perf_counter() - start
        largest_folder = max(largest_folder, _folder_mb(folder))
        start = time.perf_counter()
        counts = tally.counts()
        counted = time.perf_counter() - start
        largest_folder = max(largest_folder, _folder_mb(folder))
    return {"add_s": added, "count_s": counted, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "baseline_mb": baseline, "folder_mb": largest_folder, "shared_notes": counts.stored["invitation"],
            "shared_photos": counts.stored["photo"]}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--_one":
        print(json.dumps(one(int(sys.argv[2]), int(sys.argv[3]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000,10000000")
    parser.add_argument("--memory-rows", type=int, default=None, help="pairs held before spilling (default: the "
                        "library's)")
    args = parser.parse_args()
    from fakeprofile.tally import DEFAULT_MEMORY_ROWS

    memory_rows = args.memory_rows or DEFAULT_MEMORY_ROWS
    print(f"campaign tally, memory_rows {memory_rows:,} ({memory_rows * 16 / 2**20:.0f} MiB of pairs)")
    print(f"{'profiles':>11} {'add s':>7} {'count s':>8} {'peak MB':>8} {'before MB':>10} {'spill MB':>9} "
          f"{'shared notes':>13} {'shared photos':>14}")
    for n in [int(s) for s in args.sizes.split(",")]:
        run = subprocess.run([sys.executable, __file__, "--_one", str(n), str(memory_rows)], capture_output=True,
                             text=True, check=True)
        r = json.loads(run.stdout.strip().splitlines()[-1])
        print(f"{n:>11,} {r['add_s']:>7.1f} {r['count_s']:>8.1f} {r['peak_mb']:>8.0f} {r['baseline_mb']:>10.0f} "
              f"{r['folder_mb']:>9.0f} {r['shared_notes']:>13,} {r['shared_photos']:>14,}", flush=True)


if __name__ == "__main__":
    main()
