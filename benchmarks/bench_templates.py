"""Template matcher: build time, query latency and memory at 1k, 10k and 100k templates, against TF-IDF.

    python benchmarks/bench_templates.py [--sizes 1000 10000 100000] [--queries 400] [--seed 0]

For each size the shipped corpus is padded with synthetic templates (each a shipped template with one
to three words replaced, one or two words inserted and sometimes a sentence of random corpus words
added), and two searches are built over the same texts, in this process, on one core:
  * ``TemplateIndex``: exact hash, MinHash LSH on character 5-grams, exact Jaccard re-scoring;
  * the baseline: scikit-learn ``TfidfVectorizer(analyzer="char", ngram_range=(5, 5))`` on the same
    normalised texts and a sparse dot product with every template (cosine nearest neighbour);
  * the anchor when ``datasketch`` is installed: the same MinHash LSH (128 permutations, 42 bands of 3 rows) and
    exact re-scoring, built on that library (:class:`DatasketchBaseline`).
The queries are paraphrases of shipped templates (new names, a pleasantry added, one to three typos)
and, for one in four, a sentence of random words that should match nothing. Printed per size: build
CPU time (s), resident memory growth of the index (MiB), per-query CPU time median and p99 (ms) for each,
the ratios of the medians, and how often each put a paraphrase in its template's category (for the
baseline, its nearest neighbour whatever its cosine; for ``TemplateIndex``, a match above threshold).
Both latencies include ``normalize_message``. Then the hostile notes of ``tests/test_templates.py`` (1 MB of
text, emoji, bidi overrides, 50,000 sentences, ...; the tests check that only the first ``MAX_INPUT_CHARS``
characters are read), each normalised and matched against the shipped corpus: median of 5 and worst, ms.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from fakeprofile.templates import (
    LSH_BANDS,
    LSH_ROWS,
    MATCH_THRESHOLD,
    NUM_PERM,
    TemplateEntry,
    TemplateIndex,
    data_dir,
    load_entries,
    normalize_message,
    with_typo,
)

NAMES = ["Maria", "Sipho", "Chloé", "Kenji", "Aaliyah", "Bartosz", "Nkechi", "Henrik", "Farah", "Jun"]
PLEASANTRIES = ["Hope you are doing well.", "Have a great day!", "Thanks in advance.", "Best regards."]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def rss_mib() -> float:
    """Resident memory of this process (Linux; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def synthesise(corpus: list[TemplateEntry], n: int, rng: random.Random) -> list[TemplateEntry]:
    """The corpus padded to ``n`` templates with word-level perturbations of it."""
    vocab = sorted({w for e in corpus for w in e.text.split() if w.isalpha()})
    out = list(corpus)
    while len(out) < n:
        base = corpus[len(out) % len(corpus)]
        words = base.text.split()
        for _ in range(rng.randint(1, 3)):
            words[rng.randrange(len(words))] = rng.choice(vocab)
        for _ in range(rng.randint(1, 2)):
            words.insert(rng.randrange(len(words) + 1), rng.choice(vocab))
        if rng.random() < 0.5:
            words += [rng.choice(vocab) for _ in range(rng.randint(4, 10))] + ["."]
        text = " ".join(words)
        if len(normalize_message(text)) < 8:  # what the index refuses as too short to match reliably
            continue
        out.append(TemplateEntry(f"synth-{len(out):06d}", base.category, text))
    return out


Query = tuple[str, list[str], str | None]


def make_queries(corpus: list[TemplateEntry], n: int, rng: random.Random) -> list[Query]:
    """(text, names, expected category or None) for ``n`` queries."""
    vocab = sorted({w.lower() for e in corpus for w in e.text.split() if w.isalpha()})
    queries: list[Query] = []
    for i in range(n):
        if i % 4 == 3:
            queries.append((" ".join(rng.choice(vocab) for _ in range(rng.randint(6, 30))) + ".", [], None))
            continue
        e = rng.choice(corpus)
        text = e.text
        for _ in range(rng.randint(1, 3)):
            text = with_typo(text, rng)
        name = rng.choice(NAMES)
        text = PLACEHOLDER.sub(lambda m, name=name: name if m[1] in ("name", "sender") else "Acme", text)
        text = f"{text} {rng.choice(PLEASANTRIES)}" if rng.random() < 0.5 else text
        queries.append((text, [name], e.category))
    return queries


class TfidfBaseline:
    """Cosine nearest neighbour over TF-IDF of character 5-grams (sparse dot product with every template)."""

    def __init__(self, entries: list[TemplateEntry]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.categories = [e.category for e in entries]
        self.vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(5, 5), dtype=np.float32)
        self.matrix = self.vectorizer.fit_transform([normalize_message(e.text) for e in entries]).tocsr()

    def nearest(self, text: str, names: list[str]) -> tuple[str, float]:
        q = self.vectorizer.transform([normalize_message(text, names=names)])
        scores = (self.matrix @ q.T).toarray().ravel()
        i = int(scores.argmax())
        return self.categories[i], float(scores[i])


class DatasketchBaseline:
    """The same algorithm on the ``datasketch`` package: ``MinHash`` (128 permutations) of the character 5-grams of
    the normalised text, ``MinHashLSH`` with the same 42 bands of 3 rows, and exact Jaccard re-scoring of the
    candidates, the best at or above ``MATCH_THRESHOLD`` winning (the whole message only: no sentence left out).
    What ``TemplateIndex`` would cost built on the reference library."""

    def __init__(self, entries: list[TemplateEntry]) -> None:
        from datasketch import MinHash, MinHashLSH

        self._minhash = MinHash
        self.categories = [e.category for e in entries]
        self.lsh = MinHashLSH(num_perm=NUM_PERM, params=(LSH_BANDS, LSH_ROWS))
        self.shingles = []
        with self.lsh.insertion_session() as session:
            for i, entry in enumerate(entries):
                grams = self._grams(normalize_message(entry.text))
                self.shingles.append(grams)
                session.insert(i, self._sketch(grams), check_duplication=False)

    @staticmethod
    def _grams(norm: str) -> set[bytes]:
        return {norm[i:i + 5].encode() for i in range(max(1, len(norm) - 4))}

    def _sketch(self, grams: set[bytes]):  # noqa: ANN202
        sketch = self._minhash(num_perm=NUM_PERM, seed=1)
        sketch.update_batch(list(grams))
        return sketch

    def nearest(self, text: str, names: list[str]) -> tuple[str | None, float]:
        grams = self._grams(normalize_message(text, names=names))
        best, best_sim = None, 0.0
        for i in self.lsh.query(self._sketch(grams)):
            template = self.shingles[i]
            sim = len(grams & template) / len(grams | template)
            if sim > best_sim:
                best, best_sim = self.categories[i], sim
        return (best, best_sim) if best_sim >= MATCH_THRESHOLD else (None, best_sim)


def timed(fn, queries) -> tuple[list[float], list]:  # noqa: ANN001
    """Per-query CPU seconds (time.process_time: the machine is shared) and results."""
    times, results = [], []
    for text, names, _ in queries:
        start = time.process_time()
        results.append(fn(text, names))
        times.append(time.process_time() - start)
    return times, results


def summary(times: list[float]) -> tuple[float, float]:
    """Median and p99 in milliseconds."""
    ms = sorted(t * 1e3 for t in times)
    return statistics.median(ms), ms[min(len(ms) - 1, int(0.99 * len(ms)))]


def hostile_notes(corpus: list[TemplateEntry]) -> None:
    """Time the hostile notes of tests/test_templates.py (which asserts what is read of them, not how fast)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.test_templates import HOSTILE

    index = TemplateIndex(corpus)
    index.match("warm-up: build the lazy tables", names=["Anna"])
    names = ["Anna", "محمد"]
    print(f"\nhostile notes against the {len(corpus)} shipped templates (normalize_message + match), ms:")
    for label, text in HOSTILE.items():
        times = []
        for _ in range(5):
            start = time.perf_counter()
            normalize_message(text, names=names)
            index.match(text, names=names)
            times.append((time.perf_counter() - start) * 1e3)
        print(f"  {label:<22} {len(text):>9,} chars   median {statistics.median(times):7.2f}   worst {max(times):7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    corpus = load_entries(data_dir() / "templates.tsv")
    queries = make_queries(corpus, args.queries, random.Random(args.seed + 1))
    expected = [q[2] for q in queries]
    n_para = sum(c is not None for c in expected)
    print(f"{len(corpus)} shipped templates; {len(queries)} queries ({n_para} paraphrases); one core")
    try:
        import datasketch  # noqa: F401

        with_datasketch = True
    except ImportError:
        with_datasketch = False
        print("(datasketch not installed: pip install datasketch for its row)")
    header = (f"{'templates':>9} | {'build s':>7} {'MiB':>6} {'med ms':>7} {'p99 ms':>7} {'recall':>6} | "
              f"{'tfidf build s':>13} {'med ms':>7} {'p99 ms':>7} {'recall':>6} | {'tfidf/ours':>10} | "
              f"{'datasketch build s':>18} {'med ms':>7} {'p99 ms':>7} {'recall':>6} | {'ds/ours':>7}")
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        entries = synthesise(corpus, size, random.Random(args.seed))
        gc.collect()
        before = rss_mib()
        start = time.process_time()
        index = TemplateIndex(entries)
        build = time.process_time() - start
        mem = rss_mib() - before
        index.match(queries[0][0], names=queries[0][1])  # warm-up (lazy tables)
        t_idx, r_idx = timed(lambda text, names, match=index.match: match(text, names=names), queries)

        start = time.process_time()
        baseline = TfidfBaseline(entries)
        build_tfidf = time.process_time() - start
        baseline.nearest(*queries[0][:2])
        t_tf, r_tf = timed(baseline.nearest, queries)
        ds_cells = ""
        if with_datasketch:
            start = time.process_time()
            sketches = DatasketchBaseline(entries)
            build_ds = time.process_time() - start
            t_ds, r_ds = timed(sketches.nearest, queries)
            rec_ds = sum(r[0] == c for r, c in zip(r_ds, expected, strict=True) if c) / n_para
            med_ds, p99_ds = summary(t_ds)
            sketches = None

        pairs = list(zip(r_idx, r_tf, expected, strict=True))
        rec_idx = sum(m is not None and m.category == c for m, _, c in pairs if c) / n_para
        rec_tf = sum(r[0] == c for _, r, c in pairs if c) / n_para
        (med, p99), (med_tf, p99_tf) = summary(t_idx), summary(t_tf)
        if with_datasketch:
            ds_cells = (f" | {build_ds:>18.2f} {med_ds:>7.3f} {p99_ds:>7.3f} {rec_ds:>6.1%} | "
                        f"{med_ds / med:>6.1f}x")
        print(f"{size:>9} | {build:>7.2f} {mem:>6.0f} {med:>7.3f} {p99:>7.3f} {rec_idx:>6.1%} | "
              f"{build_tfidf:>13.2f} {med_tf:>7.3f} {p99_tf:>7.3f} {rec_tf:>6.1%} | {med_tf / med:>9.1f}x"
              f"{ds_cells}")
        index = baseline = entries = None  # free before the next size
        gc.collect()
    hostile_notes(corpus)


if __name__ == "__main__":
    main()
