"""Grammar slips: CPU time per note, and how often the rules fire on (mostly correct) notes.

    python benchmarks/bench_grammar.py [--runs 3] [--repeat 5]

The notes: the template corpus with its placeholders filled, the hand-written personal notes, the held-out
wordings and the genuine notes of ``tests/test_templates.py`` (about 900 notes, 20-300 characters), all
written as correct English apart from a few deliberate slips (seed 004's "your an attorney" is in the
corpus) and the casual personal notes. For each note set the script prints:

* ``find_slips``: CPU µs per note (``time.process_time``, one core; caches cleared before each pass), median
  over ``--runs`` runs of ``--repeat`` passes;
* ``extractor``: :meth:`GrammarExtractor.extract` on a profile holding the note;
* the anchor, in the same run: :func:`fakeprofile.extractors.note_language.find_phrases` over the five
  phrase families (what the note-language family costs without its classifier);
* the share of notes with at least one slip, per rule, and each slip found (to read by eye: a slip on a
  correct note is a false positive);
* the worst CPU time on 50,000-character adversarial notes.

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import collections
import random
import statistics
import time

from fakeprofile.extractors.base import Context
from fakeprofile.extractors.grammar import GrammarExtractor
from fakeprofile.extractors.note_language import FAMILIES, clean_note, find_phrases
from fakeprofile.grammar import RULE_NAMES, _find_cached, find_slips
from fakeprofile.note_classifier import _fill, heldout_rows, personal_notes
from fakeprofile.schema import Profile
from fakeprofile.templates import data_dir, load_entries

HOSTILE = ["a" * 50_000, "the " * 12_500, "your " * 10_000, ". a" * 16_000, "x." * 25_000, "a@" * 25_000,
           "\"" + "a. b " * 10_000, "www." + "a" * 49_996, "i " * 25_000, ("word" * 20 + " ") * 600]


def note_sets() -> dict[str, list[str]]:
    from tests.test_templates import GENUINE  # the template tests' genuine notes

    rng = random.Random(0)
    return {
        "templates": [_fill(e.text, rng) for e in load_entries(data_dir() / "templates.tsv")],
        "personal": [text for _, text in personal_notes()],
        "heldout": [text for *_, text in heldout_rows()],
        "genuine (test_templates)": list(GENUINE),
    }


def per_note_us(fn, items, repeat: int, clear=None) -> float:
    total = 0.0
    for _ in range(repeat):
        if clear:
            clear()
        start = time.process_time()
        for item in items:
            fn(item)
        total += time.process_time() - start
    return total / (repeat * len(items)) * 1e6


def families(note: str) -> None:
    cleaned = clean_note(note)
    for family in FAMILIES:
        find_phrases(cleaned, family)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    sets = note_sets()
    notes = [n for texts in sets.values() for n in texts]
    extractor = GrammarExtractor()
    ctx = Context(as_of="2026-10")
    profiles = [Profile.model_validate({"id": "b", "invitation": {"message": n}}) for n in notes]
    print(f"{len(notes)} notes, {statistics.fmean(len(n) for n in notes):.0f} characters on average")

    timings = collections.defaultdict(list)
    for _ in range(args.runs):
        timings["find_slips"].append(per_note_us(find_slips, notes, args.repeat, _find_cached.cache_clear))
        timings["extractor"].append(per_note_us(lambda p: extractor.extract(p, ctx), profiles, args.repeat,
                                                _find_cached.cache_clear))
        timings["anchor: note_language phrase families"].append(per_note_us(families, notes, args.repeat))
    print("\nCPU time per note (median of runs; µs):")
    for name, values in timings.items():
        print(f"  {name:40s} {statistics.median(values):8.1f}   runs: {', '.join(f'{v:.1f}' for v in values)}")

    print("\nNotes with at least one slip (these are meant as correct English, bar seed 004's):")
    for name, texts in [*sets.items(), ("all", notes)]:
        found = [find_slips(t) for t in texts]
        fired = sum(bool(f) for f in found)
        rules = collections.Counter(r for f in found for r in {r for r, _ in f})
        per_rule = ", ".join(f"{r} {rules[r]}" for r in RULE_NAMES if rules[r])
        print(f"  {name:26s} {fired:4d} / {len(texts):4d} = {fired / len(texts):6.2%}   {per_rule or '-'}")
    print("\nEach slip found:")
    for text in notes:
        for rule, quote in find_slips(text):
            print(f"  {rule:16s} {quote!r:30s} in {text[:90]!r}")

    worst = 0.0
    for text in HOSTILE:
        _find_cached.cache_clear()
        start = time.process_time()
        find_slips(text)
        worst = max(worst, time.process_time() - start)
    print(f"\nHostile 50,000-character notes: worst {worst * 1e3:.1f} ms CPU ({len(HOSTILE)} notes)")


if __name__ == "__main__":
    main()
