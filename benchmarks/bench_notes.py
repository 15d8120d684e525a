"""Note language: CPU time per note of the classifier, of the phrase families and of the whole extractor.

    python benchmarks/bench_notes.py [--runs 3] [--repeat 5]

The notes are every text the classifier is scored on in practice and in its evaluation: the template
corpus with its placeholders filled, the hand-written personal notes and the held-out wordings (about
800 notes, 20-300 characters). For each of three costs, the whole set is timed ``--repeat`` times in a
row with ``time.process_time`` (CPU time of this process, one core), and the median over ``--runs`` runs
of the per-note mean is printed, with the slowest single note of the last run:

* ``classifier``: :meth:`NoteClassifier.score` (prepare, n-grams, sparse dot product, logistic);
* ``families``: :func:`clean_note` and the five phrase families;
* ``extractor``: :meth:`NoteLanguageExtractor.extract` on a profile holding the note, with the caches of
  earlier notes cleared (what scoring a new profile costs: both of the above and the past-employer check).

Then the hostile notes of ``tests/extractors/test_note_language.py`` (5,000 characters of one repeated
word, ...), each extracted once: worst CPU time, ms. Also the classifier file's size and load time.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from fakeprofile.extractors.base import Context
from fakeprofile.extractors.note_language import FAMILIES, NoteLanguageExtractor, _read, clean_note, find_phrases
from fakeprofile.note_classifier import (
    CLASSIFIER_FILE,
    _fill,
    default_classifier,
    heldout_rows,
    load_classifier,
    notes_dir,
    personal_notes,
)
from fakeprofile.schema import Profile
from fakeprofile.templates import data_dir, load_entries

HOSTILE = ["invest " * 800, "a " * 2500, "crypto, " * 600, "+1 " * 1600, "Hi " + "Ana " * 1200 + "said",
           "thanks for the " * 330, "x" * 10_000]


def notes() -> list[str]:
    rng = random.Random(0)
    out = [_fill(e.text, rng) for e in load_entries(data_dir() / "templates.tsv")]
    out += [text for _, text in personal_notes()]
    out += [text for *_, text in heldout_rows()]
    return out


def per_note_us(fn, items, repeat: int) -> tuple[float, float]:
    """Mean CPU µs per item over ``repeat`` passes, and the slowest single item of one more pass."""
    start = time.process_time()
    for _ in range(repeat):
        for item in items:
            fn(item)
    mean = (time.process_time() - start) / (repeat * len(items)) * 1e6
    worst = 0.0
    for item in items:
        t = time.process_time()
        fn(item)
        worst = max(worst, time.process_time() - t)
    return mean, worst * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    path = notes_dir() / CLASSIFIER_FILE
    start = time.process_time()
    classifier = load_classifier(path)
    print(f"classifier file: {path.stat().st_size / 1e6:.2f} MB, {len(classifier.ngrams):,} n-grams, "
          f"loaded in {(time.process_time() - start) * 1e3:.0f} ms CPU")
    default_classifier().score("warm up")

    texts = notes()
    lengths = sorted(map(len, texts))
    print(f"{len(texts)} notes, median {lengths[len(lengths) // 2]} characters, longest {lengths[-1]}")
    ctx = Context(as_of="2026-10")
    extractor = NoteLanguageExtractor()
    profiles = [Profile.model_validate({"id": str(i), "invitation": {"message": t},
                                        "experience": [{"company": "Itaú", "start": "2015-01", "end": "2019-02"}]})
                for i, t in enumerate(texts)]

    def families(text: str) -> None:
        note = clean_note(text)
        for family in FAMILIES:
            find_phrases(note, family)

    def extract(profile: Profile) -> None:
        _read.cache_clear()
        extractor.extract(profile, ctx)

    costs = {"classifier": (default_classifier().score, texts), "families": (families, texts),
             "extractor": (extract, profiles)}
    print(f"CPU time per note (time.process_time, one core), median of {args.runs} runs of {args.repeat} passes:")
    for label, (fn, items) in costs.items():
        runs = [per_note_us(fn, items, args.repeat) for _ in range(args.runs)]
        median = statistics.median(mean for mean, _ in runs)
        print(f"  {label:10s} {median:7.1f} µs  ({median / 1000:.3f} ms)   slowest note {runs[-1][1]:7.1f} µs")

    worst = 0.0
    for note in HOSTILE:
        profile = Profile.model_validate({"id": "h", "invitation": {"message": note[:10_000]}})
        _read.cache_clear()
        t = time.process_time()
        extractor.extract(profile, ctx)
        worst = max(worst, time.process_time() - t)
    print(f"hostile notes ({len(HOSTILE)}, up to 10,000 characters): worst {worst * 1e3:.1f} ms CPU")


if __name__ == "__main__":
    main()
