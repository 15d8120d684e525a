"""How often Python's cyclic garbage collector runs during long batch work.

A batch keeps a large, long-lived heap: the model's tables, the gazetteer, the template corpus, and caches that
grow with the input (template matches, note readings). Python starts a collection of its youngest generation
every 700 net container allocations and a full one every 100 of those, and a full collection walks every object
in that heap. Scoring 20,000 profiles with ``fakeprofile predict`` ran 19 full collections of about 60 ms each,
and with 3 reasons 28 of 90 ms: the collector took 9.5-10% of the run's CPU, almost all of it re-reading objects
that live to the end (``benchmarks/bench_gc.py`` measures the collector's share against Python's defaults).

Scoring makes almost no reference cycles: records, features and predictions are freed by reference counting as
soon as a chunk is written, and every collection of a 5,000-profile run with 3 reasons together found 856
objects to free. So collecting less often frees the same memory: with :data:`BATCH_THRESHOLDS` the 20,000-profile
run collects its youngest generation about a hundred times and never fully, with the same peak memory and the
collector at 2% of the CPU.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: The collector's thresholds during a batch (Python's defaults are 700, 10, 10): a young collection every
#: 50,000 net container allocations, about a chunk's worth, and a full one after 400 of those.
BATCH_THRESHOLDS = (50_000, 20, 20)

_lock = threading.Lock()
_depth = 0
_before: tuple[int, int, int] | None = None


@contextmanager
def batch_collections() -> Iterator[None]:
    """Within the block, collect garbage at :data:`BATCH_THRESHOLDS`; the thresholds in force before are back
    after it (after the last one, when blocks overlap in several threads). Thresholds someone set higher are
    kept."""
    global _depth, _before
    with _lock:
        if _depth == 0:
            _before = gc.get_threshold()
            if _before[0] and _before[0] < BATCH_THRESHOLDS[0]:  # 0: collection is off, and stays off
                gc.set_threshold(*BATCH_THRESHOLDS)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _before is not None:
                gc.set_threshold(*_before)
                _before = None


def use_batch_collections() -> None:
    """Collect at :data:`BATCH_THRESHOLDS` for the rest of this process: for a worker process that only scores."""
    if 0 < gc.get_threshold()[0] < BATCH_THRESHOLDS[0]:
        gc.set_threshold(*BATCH_THRESHOLDS)
