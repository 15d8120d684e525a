"""Every extractor's words for a feature asked for alone (``evidence_for``, what a reason asks) are its words for
that feature in the whole ``evidence``: skipping the features not asked for never changes a sentence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fakeprofile.extractors import REGISTRY, Context
from fakeprofile.frames import to_profile
from tests.extractors.test_contract import PROFILES

CTX = Context(as_of="2026-10")
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample" / "profiles.jsonl"
EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples.jsonl"


def _profiles():
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[:150] + EXAMPLES.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    for record in records:  # photos are read from the sample's folder; these tests are about text
        record.pop("photo", None)
        record.pop("banner", None)
    return [to_profile(r, position=i) for i, r in enumerate(records)] + list(PROFILES.values())


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_a_feature_asked_for_alone_gets_the_sentence_the_whole_evidence_gives(name):
    extractor = REGISTRY[name]()
    for profile in _profiles():
        values = extractor.extract(profile, CTX)
        whole = extractor.evidence(profile, values, CTX)
        assert set(whole) == set(extractor.feature_names)
        for feature in extractor.feature_names:
            alone = extractor.evidence_for(profile, values, CTX, {feature})
            assert alone[feature] == whole[feature], (profile.id, feature)
        # Pairs too: a reason quoting two columns of one extractor.
        pairs = extractor.evidence_for(profile, values, CTX, set(extractor.feature_names[:2]))
        assert all(pairs[f] == whole[f] for f in extractor.feature_names[:2])
