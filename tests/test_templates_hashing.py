"""The matcher's shortcuts give what the plain computations give.

* A message is hashed once for itself and all its variants with one sentence left out (``_HashedMessage``): each
  variant gets the 5-gram keys and the MinHash signature it has when hashed on its own, whatever the sentences'
  lengths (a variant shorter than a 5-gram is hashed on its own: both branches are checked).
* A search (both paths, candidates' 5-gram sets built only when needed, all candidates re-scored together) finds
  the template and the exact Jaccard similarity the plain search finds: every variant hashed from scratch, its LSH
  candidates, the shortlist, and each candidate's Jaccard computed with Python sets; on the shipped corpus, and on
  one crowded with near and exact copies (many candidates, band keys of several templates).
* The band keys, the cleaning steps skipped where they cannot change anything, and the word check of the name
  keys are those written out.
"""

from __future__ import annotations

import random
import unicodedata

import numpy as np
import pytest

from fakeprofile import templates
from fakeprofile.templates import (
    LSH_BANDS,
    LSH_ROWS,
    MATCH_THRESHOLD,
    MAX_SENTENCES_LEFT_OUT,
    NUM_PERM,
    RESCORE_TOP_K,
    TemplateIndex,
    default_index,
    normalize_message,
    reworded,
)

LONG_ASIDE = ("By the way, I spent most of last summer hiking the wild coast north of Porto with two old friends "
              "from university, sleeping in tiny guesthouses, and the views over the Atlantic every evening were "
              "incredible.")
WORDS = ["a", "ab", "abc", "abcd", "hi", "<name>", "lets connect", "i would love to", "x", "🙂", "中文字", "q"]


def random_sentences(rng: random.Random, norms: list[str]) -> tuple[str, ...]:
    """1-10 normalised sentences: pieces of templates, or a few short words (so that some variants are shorter
    than a 5-gram and some gaps shorter than 5 characters)."""
    return tuple((rng.choice(norms)[: rng.randint(1, 60)].strip() or "z") if rng.random() < 0.4
                 else " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 10)))


def test_a_hashed_message_gives_every_variant_the_keys_and_signature_of_hashing_it_alone() -> None:
    rng = random.Random(3)
    norms = [normalize_message(e.text) for e in default_index(include_user=False).entries]
    short_variants = left_out = 0
    for _ in range(1500):
        sentences = random_sentences(rng, norms)
        variants = templates._variants(sentences)
        message = templates._HashedMessage(sentences)
        signatures, keys = message.signature, message.whole_keys()
        if len(variants) > 1:
            variant_signatures, variant_keys = message.left_out()
            signatures, keys = np.vstack([signatures, variant_signatures]), keys + variant_keys()
        expected = [templates._shingles(v) for v in variants]
        assert np.array_equal(signatures, templates._signatures(expected)), sentences
        assert len(keys) == len(variants)
        for got, want in zip(keys, expected, strict=True):
            assert np.array_equal(templates._sorted_unique(got), want), sentences
        short_variants += sum(len(v) < templates.SHINGLE for v in variants[1:])
        left_out += len(variants) - 1
    assert short_variants > 30 and left_out > 3000  # both branches were taken, often


def plain_search(index: TemplateIndex, sentences: tuple[str, ...]) -> tuple[tuple[int, float], bool]:
    """The search without shortcuts: each variant hashed from scratch, the LSH candidates of the variants of each
    path, the shortlist by shared bands and by signature agreement, and the exact Jaccard with Python sets. Also
    whether the second path (a sentence left out) was searched."""

    def search(variants: list[str]) -> tuple[int, float]:
        sets = [templates._shingles(v) for v in variants]
        signatures = templates._signatures(sets)
        found: dict[int, int] = {}  # template -> distinct band keys it shares
        for key in set(templates._band_keys(signatures).ravel().tolist()):
            lo, hi = (int(np.searchsorted(index._keys, np.uint64(key), side)) for side in ("left", "right"))
            for owner in index._owners[lo:hi].tolist():
                found[owner] = found.get(owner, 0) + 1
        candidates = sorted(found)
        if len(candidates) > RESCORE_TOP_K:
            shortlist = sorted(sorted(candidates, key=lambda c: -found[c])[: 8 * RESCORE_TOP_K])
            agreement = {c: max(int((index._digests[c] == sig).sum()) for sig in signatures) for c in shortlist}
            candidates = sorted(sorted(shortlist, key=lambda c: -agreement[c])[:RESCORE_TOP_K])
        best, best_sim = -1, 0.0
        for c in candidates:
            template = set(index._shingle_keys[c].tolist())
            sim = max(len(set(s.tolist()) & template) / len(set(s.tolist()) | template) for s in sets)
            if sim > best_sim:
                best, best_sim = c, sim
        return best, best_sim

    variants = templates._variants(sentences)
    best = search(variants[:1])
    if best[1] < MATCH_THRESHOLD and len(variants) > 1:
        return max(best, search(variants[1:]), key=lambda f: f[1]), True
    return best, False


@pytest.fixture(scope="module")
def crowded_index() -> TemplateIndex:
    """The shipped corpus with near-copies and exact copies of its templates: many candidates per query (the
    shortlist), and band keys that belong to several templates."""
    rng = random.Random(5)
    shipped = default_index(include_user=False).entries
    extra = []
    for i in range(1500):
        e = rng.choice(shipped)
        text = e.text if i % 5 == 0 else reworded(e.text, rng, typos=rng.randint(0, 2), pleasantries=["Thanks."])[0]
        extra.append((f"copy-{i:04d}", e.category, text))
    return TemplateIndex([*shipped, *extra])


@pytest.mark.parametrize("which", ["shipped", "crowded"])
def test_the_search_finds_what_the_plain_search_finds(which: str, crowded_index: TemplateIndex) -> None:
    index = crowded_index if which == "crowded" else default_index(include_user=False)
    rng = random.Random(11)
    norms = [normalize_message(e.text) for e in index.entries]
    pleasantries = ["Hope you are doing well.", "Have a great day!", "Cheers", "Hi.", "Ok"]
    messages = [random_sentences(rng, norms) for _ in range(150)]
    for e in rng.sample(index.entries, 150):
        text = reworded(e.text, rng, typos=rng.randint(0, 3), pleasantries=pleasantries)[0]
        messages.append(index._sentences(text, ()))
    for e in rng.sample(index.entries, 100):  # a long sentence added: found with that sentence left out
        messages.append(index._sentences(f"{e.text} {LONG_ASIDE}", ()))
    shortlisted = matched = variants_matched = 0
    for sentences in messages:
        got = index._search_uncached(sentences, MATCH_THRESHOLD)
        expected, second_path = plain_search(index, sentences)
        assert got == expected, sentences
        matched += got[1] >= MATCH_THRESHOLD
        variants_matched += second_path and got[1] >= MATCH_THRESHOLD
        owners = index._band_owners(templates._HashedMessage(sentences).signature)
        shortlisted += np.unique(owners).size > RESCORE_TOP_K
    assert matched > 150 and variants_matched > 50
    if which == "crowded":
        assert shortlisted > 100


def test_band_owners_counts_a_key_of_several_templates_for_each(crowded_index: TemplateIndex) -> None:
    texts: dict[str, int] = {}
    copies = [(texts[e.text], i) for i, e in enumerate(crowded_index.entries) if texts.setdefault(e.text, i) != i]
    assert copies  # exact copies: every band key of theirs belongs to two templates at least
    for original, copy in copies[:20]:
        signature = crowded_index._digests[original : original + 1]
        owners = crowded_index._band_owners(np.vstack([signature, signature])).tolist()  # each key looked up twice
        assert owners.count(original) == owners.count(copy) == LSH_BANDS


def test_band_keys_are_each_bands_rows_mixed_with_its_salt() -> None:
    rng = np.random.default_rng(2)
    signatures = rng.integers(0, 2**32, (6, NUM_PERM), dtype=np.uint64).astype(np.uint32)
    signatures[0] = 0xFFFFFFFF  # the largest values: every product and sum wraps
    mask = (1 << 64) - 1
    mix, salt = templates._BAND_MIX.tolist(), templates._BAND_SALT.tolist()
    for row, keys in zip(signatures.tolist(), templates._band_keys(signatures).tolist(), strict=True):
        for band in range(LSH_BANDS):
            key = (sum(row[band * LSH_ROWS + r] * mix[r] for r in range(LSH_ROWS)) + salt[band]) & mask
            assert keys[band] == key ^ (key >> 29)


def test_cleaning_skips_only_removals_that_cannot_remove_anything() -> None:
    def plain_clean(text: str) -> str:
        text = templates._INVISIBLE.sub("", text[: templates.MAX_INPUT_CHARS])
        text = templates._CONTROL.sub(" ", text)
        text = unicodedata.normalize("NFKC", text)[: templates.MAX_INPUT_CHARS]
        return templates._INVISIBLE.sub("", text.casefold())

    rng = random.Random(4)
    pool = list("abcXYZ .,'\t\n\r") + ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\u00ad", "\u200b", "\u202e",
                                        "\ufeff", "\ufe0f", "\ue000", "\U000e0041", "\u034f", "\u3164", "é", "ﬁ",
                                        "\ufdfa", "\u2028", "\u00a0", "🙂", "İ", "\ud800"]
    for _ in range(20_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
        assert templates._clean(text) == plain_clean(text), repr(text)


def test_one_match_checks_every_word_of_every_name_key() -> None:
    rng = random.Random(6)
    words = ["ann", "li", "o", "x\u0301", "™", "_", "1", "é", "🌱", "ǅa", "ab", "", " ", "a\tb"]  # odd keys too
    for _ in range(5000):
        keys = tuple(" ".join(rng.choice(words) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 4)))
        all_words = all(templates._WORDS.fullmatch(w) for key in keys for w in key.split(" "))
        assert (templates._keys_by_first_word.__wrapped__(keys) is not None) == all_words, keys


def test_variants_are_the_message_cut_at_the_cuts() -> None:
    rng = random.Random(8)
    for _ in range(2000):
        sentences = tuple(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
                          for _ in range(rng.randint(2, MAX_SENTENCES_LEFT_OUT)))
        text = " ".join(sentences)
        cut_out = [text[:cut] + text[resume:] for cut, resume in templates._cuts(sentences)]
        assert cut_out == templates._variants(sentences)[1:]
