from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from fakeprofile.extractors import DEFAULT_EXTRACTORS, REGISTRY
from fakeprofile.extractors.base import RAISES, Extractor, Feature, register
from fakeprofile.features import FeatureBuilder, make_extractors
from tests.conftest import REPO, make_profile


@pytest.fixture
def third_party():
    """An extractor registered outside the package, removed from the registry after the test."""

    class ThirdParty(Extractor):
        name, version, description = "third-party", "1", "a plug-in"
        known_false_positives = "Nobody, in this test."
        features = (Feature("x", RAISES),)

        def extract(self, profile, ctx):
            return {"x": 1.0}

        def evidence(self, profile, values, ctx):
            return {"x": "x"}

    register(ThirdParty)
    yield ThirdParty
    del REGISTRY["third-party"]


def test_columns_are_qualified_by_extractor_in_the_default_order():
    builder = FeatureBuilder(make_extractors(), as_of="2026-10")
    expected = [f"{name}__{f}" for name in DEFAULT_EXTRACTORS for f in REGISTRY[name].feature_names]
    assert builder.feature_names == expected
    frame = builder.frame([make_profile(id="a"), make_profile(id="b")])
    assert list(frame.index) == ["a", "b"] and list(frame.columns) == expected


def test_the_default_extractors_are_exactly_the_built_in_ones():
    built_in = {name for name, cls in REGISTRY.items() if cls.__module__.startswith("fakeprofile.extractors.")}
    assert len(DEFAULT_EXTRACTORS) == len(set(DEFAULT_EXTRACTORS))
    assert set(DEFAULT_EXTRACTORS) == built_in
    assert [ex.name for ex in make_extractors()] == list(DEFAULT_EXTRACTORS)


def test_the_default_order_is_the_shipped_models_column_order():
    manifest = json.loads((REPO / "models" / "default" / "manifest.json").read_text(encoding="utf-8"))
    assert tuple(e["name"] for e in manifest["extractors"]) == DEFAULT_EXTRACTORS
    assert FeatureBuilder(make_extractors(), as_of="2026-10").feature_names == manifest["feature_names"]


def test_a_third_party_extractor_is_used_only_when_named(third_party):
    assert "third-party" not in [ex.name for ex in make_extractors()]
    assert [type(ex) for ex in make_extractors(["third-party", "name"])] == [third_party, REGISTRY["name"]]


def test_a_loaded_model_keeps_the_extractor_order_of_its_manifest(tmp_path):
    from fakeprofile.artifact import default_model, load_model, save_model

    shipped = default_model()
    order = [ex.name for ex in reversed(shipped.builder.extractors)]
    builder = FeatureBuilder(make_extractors(order), shipped.builder.context.as_of)
    # Only the order matters here: the classifier's columns no longer mean what they did.
    reordered = copy.copy(shipped)
    reordered.builder, reordered.manifest = builder, None
    loaded = load_model(save_model(reordered, tmp_path / "model"))
    assert [ex.name for ex in loaded.builder.extractors] == order
    assert loaded.feature_names == builder.feature_names


@pytest.mark.parametrize("names", [None, ["invitation", "name"], ["photo", "connections"]])
def test_clue_arrays_line_up_with_the_columns(names):
    builder = FeatureBuilder(make_extractors(names), as_of="2026-10")
    n = len(builder.feature_names)
    assert builder.clue_columns.shape == (n,) and builder.clue_columns.dtype == np.intp
    assert builder.batch_columns.shape == (n,) and builder.batch_columns.dtype == bool
    for column, (name, clue) in enumerate(zip(builder.feature_names, builder.clue_columns, strict=True)):
        extractor, feature = name.split("__")
        declared = REGISTRY[extractor].clue_of[feature]
        assert builder.clue_names[clue] == (declared if "." in declared else f"{extractor}.{declared}")
        assert builder.batch_columns[column] == (feature == REGISTRY[extractor].batch_feature)
    # in order of first appearance over the columns, each clue used
    assert builder.clue_names == [builder.clue_names[c] for c in dict.fromkeys(builder.clue_columns.tolist())]


def test_clues_group_columns_and_campaign_counts_are_the_batch_columns():
    builder = FeatureBuilder(make_extractors(), as_of="2026-10")
    names = np.array(builder.feature_names)
    personal = builder.clue_names.index("invitation.personal_note")
    text = builder.clue_names.index("invitation.note_text")
    assert names[builder.clue_columns == personal].tolist() == ["invitation__has_note",
                                                                "invitation__mentions_recipient"]
    assert len(names[builder.clue_columns == text]) == len(REGISTRY["invitation"].feature_names) - 3
    assert names[builder.batch_columns].tolist() == ["invitation__campaign_senders", "photo__batch_shared"]
    assert builder.clue_names[:4] == ["activity.account_age", "activity.invitations", "activity.idk_reports",
                                      "activity.posts"]
    assert len(builder.clue_names) == len(set(builder.clue_names)) < len(builder.feature_names)


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


def test_a_clue_of_another_extractor_groups_columns_measured_from_the_same_field():
    """The roundness of a connection count is part of the connections clue, so a name and a round count are
    two clues given, not three (the insufficient rule counts clues)."""
    builder = FeatureBuilder(make_extractors(), as_of="2026-10")
    members = builder.clue_members[builder.clue_names.index("connections.connections")]
    assert "machine_text__round_counts" in [builder.feature_names[j] for j in members]
    assert "machine_text.round_counts" not in builder.clue_names
