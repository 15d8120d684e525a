from __future__ import annotations

import numpy as np
import pytest

from fakeprofile.extractors import REGISTRY
from fakeprofile.features import FeatureBuilder, make_extractors
from tests.conftest import make_profile


def test_columns_are_qualified_by_extractor_in_registry_order():
    builder = FeatureBuilder(make_extractors(), as_of="2026-10")
    expected = [f"{name}__{f}" for name, cls in REGISTRY.items() for f in cls.feature_names]
    assert builder.feature_names == expected
    frame = builder.frame([make_profile(id="a"), make_profile(id="b")])
    assert list(frame.index) == ["a", "b"] and list(frame.columns) == expected


def test_a_subset_of_extractors_can_be_chosen_and_unknown_ones_are_named():
    assert [e.name for e in make_extractors(["name"])] == ["name"]
    with pytest.raises(KeyError, match="telepathy"):
        make_extractors(["telepathy"])


def test_evidence_is_given_only_for_the_features_asked():
    builder = FeatureBuilder(make_extractors(), as_of="2026-10")
    profile = make_profile(connections=2)
    row = builder.matrix([profile])[0]
    words = builder.evidence(profile, ["connections__connections", "name__looks_like_organisation"], row)
    assert words == {"connections__connections": "2 connections",
                     "name__looks_like_organisation": "name 'Maria Souza' reads as a person's name"}


def test_empty_input_gives_an_empty_matrix():
    builder = FeatureBuilder(make_extractors(), as_of="2026-10")
    assert builder.matrix([]).shape == (0, len(builder.feature_names))
    assert np.isnan(builder.matrix([make_profile(connections=None)])).any()


def test_the_package_exports_resolve_lazily():
    import fakeprofile

    assert sorted(set(fakeprofile.__all__) - {"__version__"}) == sorted(fakeprofile._EXPORTS)
    for name in fakeprofile._EXPORTS:
        assert getattr(fakeprofile, name) is not None
