"""The artifact round-trips exactly and refuses anything tampered, truncated, pickled or mismatched.

Hostile manifests (issue 17) have their checksum recomputed, as anyone who can write the folder could: file
entries that leave the folder, symbolic links, FIFOs and folders are refused before anything is hashed; NaN,
Infinity and 1e999 anywhere, and fields of the wrong type or range, are refused naming the folder and field.
"""

from __future__ import annotations

import json
import os
import pickle
import re
from pathlib import Path

import joblib
import numpy as np
import pytest

from fakeprofile.artifact import MANIFEST_FILE, MODEL_FILE, SCORING_FILE, ModelLoadError, load_model, save_model
from fakeprofile.extractors import DEFAULT_EXTRACTORS


@pytest.fixture()
def saved(trained, tmp_path):
    model, _ = trained
    return save_model(model, tmp_path / "model")


def _swap_model_file(folder, write):
    """Replace the model file with ``write(path)`` and make the manifest consistent with it again."""
    from fakeprofile.artifact import _sha256

    write(folder / MODEL_FILE)
    _rewrite_manifest(folder, lambda m: m["files"].update({MODEL_FILE: _sha256(folder / MODEL_FILE)}),
                      fix_checksum=True)


def _rewrite_manifest(folder, change, *, fix_checksum=False):
    from fakeprofile.artifact import _manifest_checksum, dumps_manifest

    manifest = json.loads((folder / MANIFEST_FILE).read_text())
    change(manifest)
    if fix_checksum:
        manifest["manifest_sha256"] = _manifest_checksum(manifest)
    (folder / MANIFEST_FILE).write_text(dumps_manifest(manifest))


def test_round_trip_gives_identical_probabilities_and_reasons(trained, saved, synthetic_profiles):
    model, _ = trained
    loaded = load_model(saved)
    assert loaded.feature_names == model.feature_names and loaded.threshold == model.threshold
    assert np.array_equal(loaded.probabilities(synthetic_profiles), model.probabilities(synthetic_profiles))
    assert loaded.predict_profiles(synthetic_profiles[:20]) == model.predict_profiles(synthetic_profiles[:20])


def test_manifest_records_what_the_model_is(saved):
    manifest = json.loads((saved / MANIFEST_FILE).read_text())
    assert {"fakeprofile", "scikit-learn", "python"} <= set(manifest["versions"])
    assert [e["name"] for e in manifest["extractors"]] == list(DEFAULT_EXTRACTORS)
    assert len(manifest["training_data"]["sha256"]) == 64 and set(manifest["files"]) == {MODEL_FILE, SCORING_FILE}
    assert manifest["seed"] == 3 and 0 < manifest["threshold"] < 1
    assert manifest["metrics"]["test"]["roc_auc"] > 0.5


def test_an_edited_threshold_is_refused(saved):
    _rewrite_manifest(saved, lambda m: m.update(threshold=0.01))
    with pytest.raises(ModelLoadError, match="modified after the model was saved"):
        load_model(saved)


def test_an_edited_model_file_is_refused(saved):
    data = bytearray((saved / MODEL_FILE).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (saved / MODEL_FILE).write_bytes(bytes(data))
    with pytest.raises(ModelLoadError, match="does not match its sha256"):
        load_model(saved)


def test_a_truncated_model_file_is_refused(saved):
    data = (saved / MODEL_FILE).read_bytes()
    (saved / MODEL_FILE).write_bytes(data[: len(data) // 3])
    with pytest.raises(ModelLoadError, match="edited or truncated"):
        load_model(saved)


def test_a_pickle_swapped_in_with_a_rewritten_manifest_is_refused(saved):
    """Even with every checksum made consistent, the model file must be skops holding trusted types."""
    _swap_model_file(saved, lambda path: path.write_bytes(pickle.dumps({"classifier": None})))
    loaded = load_model(saved)  # scoring reads the arrays; the skops file is read when the classifier is asked for
    with pytest.raises(ModelLoadError, match="not a skops file"):
        _ = loaded.classifier


def test_untrusted_types_inside_a_consistent_artifact_are_refused(trained, saved):
    import skops.io as sio
    from sklearn.preprocessing import FunctionTransformer

    model, _ = trained
    payload = {"classifier": model.classifier, "calibrator": FunctionTransformer(os.system)}
    _swap_model_file(saved, lambda path: sio.dump(payload, path))
    with pytest.raises(ModelLoadError, match=r"not trusted: .*system"):
        _ = load_model(saved).classifier


def test_trusted_but_unexpected_estimators_are_refused(trained, saved):
    """Types skops trusts by default are still not what a fakeprofile model holds."""
    import skops.io as sio
    from sklearn.preprocessing import FunctionTransformer

    model, _ = trained
    payload = {"classifier": model.classifier, "calibrator": FunctionTransformer(np.exp)}
    _swap_model_file(saved, lambda path: sio.dump(payload, path))
    with pytest.raises(ModelLoadError, match="calibrator is a FunctionTransformer"):
        _ = load_model(saved).calibrator


@pytest.mark.parametrize("dump", [lambda obj, path: path.write_bytes(pickle.dumps(obj)),
                                  lambda obj, path: joblib.dump(obj, path),
                                  lambda obj, path: joblib.dump(obj, path, compress=3)])
def test_pickle_and_joblib_files_are_refused_without_being_loaded(trained, tmp_path, dump):
    model, _ = trained
    path = tmp_path / "model.joblib"
    dump(model.classifier, path)
    with pytest.raises(ModelLoadError, match="pickle"):
        load_model(path)


def test_a_model_from_another_scikit_learn_scores_but_does_not_hand_out_its_estimators(saved, synthetic_profiles):
    """Scoring needs no scikit-learn; scikit-learn's own objects are only read by the version that wrote them."""
    before = load_model(saved).probabilities(synthetic_profiles[:30])
    _rewrite_manifest(saved, lambda m: m["versions"].update({"scikit-learn": "0.24.2"}), fix_checksum=True)
    loaded = load_model(saved)
    assert np.array_equal(loaded.probabilities(synthetic_profiles[:30]), before)
    with pytest.raises(ModelLoadError, match="scikit-learn 0.24.2"):
        _ = loaded.classifier


def test_a_model_whose_extractor_changed_version_is_refused(saved):
    _rewrite_manifest(saved, lambda m: m["extractors"][0].update({"version": "0.1"}), fix_checksum=True)
    with pytest.raises(ModelLoadError, match="extractor 'activity' is version"):
        load_model(saved)


def test_unknown_extractors_and_reordered_features_are_refused(saved, tmp_path):
    _rewrite_manifest(saved, lambda m: m["feature_names"].reverse(), fix_checksum=True)
    with pytest.raises(ModelLoadError, match="feature names do not match"):
        load_model(saved)
    _rewrite_manifest(saved, lambda m: m["extractors"].append({"name": "telepathy", "version": "1"}),
                      fix_checksum=True)
    with pytest.raises(ModelLoadError, match="telepathy"):
        load_model(saved)


def test_unlisted_and_missing_files_are_refused(saved):
    (saved / "extra.py").write_text("import os")
    with pytest.raises(ModelLoadError, match="unexpected file"):
        load_model(saved)
    (saved / "extra.py").unlink()
    (saved / MODEL_FILE).unlink()
    with pytest.raises(ModelLoadError, match="missing"):
        load_model(saved)


@pytest.mark.parametrize("content", ["", "{not json", "[]"])
def test_broken_manifests_are_refused(saved, content):
    (saved / MANIFEST_FILE).write_text(content)
    with pytest.raises(ModelLoadError, match=MANIFEST_FILE):
        load_model(saved)


def test_saving_never_deletes_files_that_are_not_a_model(trained, tmp_path):
    model, _ = trained
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "profiles.jsonl").write_text("{}\n")
    with pytest.raises(ModelLoadError, match="not a fakeprofile model .*profiles.jsonl"):
        save_model(model, folder)
    assert (folder / "profiles.jsonl").read_text() == "{}\n"


def test_saving_over_a_previous_model_replaces_it(trained, saved):
    model, _ = trained
    save_model(model, saved)
    assert load_model(saved).threshold == model.threshold
    assert not [p for p in saved.parent.iterdir() if p.name.startswith(".")], "no temporary folder is left"


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ModelLoadError, match="no model folder at"):
        load_model(tmp_path / "nope")


# --------------------------------------------------------------------------------------------------
# Hostile manifests (issue 17): every checksum made consistent, as someone who can write the folder would


def _list_file(folder, name, sha256):
    _rewrite_manifest(folder, lambda m: m["files"].update({name: sha256}), fix_checksum=True)


@pytest.fixture()
def outside(tmp_path):
    """A file beside the model folder, not in it."""
    path = tmp_path / "outside.txt"
    path.write_text("not part of any model\n")
    return path


@pytest.fixture()
def hashed(monkeypatch):
    """Every path the loader hashes."""
    from fakeprofile import artifact

    paths = []
    real = artifact._sha256
    monkeypatch.setattr(artifact, "_sha256", lambda path: paths.append(Path(path)) or real(path))
    return paths


@pytest.mark.parametrize("entry", ["../outside.txt", "{outside}", "sub/../../outside.txt", "..", ".", "",
                                   "card\\..\\..\\outside.txt"])
def test_manifest_entries_that_are_not_plain_file_names_are_refused_before_anything_is_read(saved, outside, hashed,
                                                                                          entry):
    from fakeprofile.artifact import _sha256

    entry = entry.format(outside=outside)
    _list_file(saved, entry, _sha256(outside))
    hashed.clear()
    shown = repr(entry[:80])  # the message cuts a long entry (a temporary folder's path can be long)
    with pytest.raises(ModelLoadError, match=rf"refusing to load model {re.escape(str(saved))}: the manifest lists "
                                             rf"{re.escape(shown)}, which is not a plain file name in the model"):
        load_model(saved)
    assert hashed == [], "nothing is hashed, inside the folder or out"


@pytest.mark.parametrize("linked", ["card.md", MODEL_FILE])
def test_listed_symbolic_links_are_refused_even_to_the_right_content(saved, outside, linked):
    from fakeprofile.artifact import _sha256

    if linked == MODEL_FILE:  # the model file itself moved out and linked back, with the same sha256
        outside.write_bytes((saved / MODEL_FILE).read_bytes())
        (saved / MODEL_FILE).unlink()
    (saved / linked).symlink_to(outside)
    _list_file(saved, linked, _sha256(outside))
    with pytest.raises(ModelLoadError, match=f"{linked} is a symbolic link; a model's files must be in its folder"):
        load_model(saved)


@pytest.mark.parametrize("make", [os.mkfifo, os.mkdir] if hasattr(os, "mkfifo") else [os.mkdir],
                         ids=lambda make: make.__name__)
def test_a_listed_fifo_or_folder_is_refused_without_being_opened(saved, hashed, make):
    make(saved / "card.md")
    _list_file(saved, "card.md", "0" * 64)
    with pytest.raises(ModelLoadError, match="card.md is listed in the manifest but is not a regular file"):
        load_model(saved)
    assert saved / "card.md" not in hashed


def _set(manifest, field, value):
    *parents, key = field.split(".")
    holder = manifest
    for parent in parents:
        holder = holder[parent]
    if value is DELETE:
        del holder[key]
    else:
        holder[key] = value


DELETE = object()


@pytest.mark.parametrize(("field", "literal"), [("threshold", "NaN"), ("threshold", "Infinity"),
                                                ("threshold", "-Infinity"), ("threshold", "1e999"),
                                                ("metrics.test.roc_auc", "NaN"), ("reference_values", "[1.0, NaN]")])
def test_numbers_json_does_not_allow_are_refused_naming_the_folder_and_field(saved, field, literal):
    placeholder = "@@placeholder@@"
    _rewrite_manifest(saved, lambda m: _set(m, field, placeholder))
    text = (saved / MANIFEST_FILE).read_text()
    (saved / MANIFEST_FILE).write_text(text.replace(json.dumps(placeholder), literal))
    named = f"{field}[1]" if literal.startswith("[") else field
    shown = "NaN" if literal.startswith("[") else literal
    with pytest.raises(ModelLoadError, match=rf"refusing to load model {re.escape(str(saved))}: manifest.json field "
                                             rf"'{re.escape(named)}' is {re.escape(shown)}, which is not a number JSON "
                                             rf"allows"):
        load_model(saved)


BAD_FIELDS = {
    "threshold as text": ("threshold", "0.5", "field 'threshold' is \"0.5\"; it must be a probability between 0 and 1"),
    "threshold above 1": ("threshold", 1.5, "field 'threshold' is 1.5; it must be a probability"),
    "negative threshold": ("threshold", -0.1, "field 'threshold' is -0.1; it must be a probability"),
    "threshold true": ("threshold", True, "field 'threshold' is true; it must be a probability"),
    "no threshold": ("threshold", DELETE, "has no 'threshold'; it must be a probability between 0 and 1"),
    "month 13": ("as_of", "2026-13", "field 'as_of' is \"2026-13\"; it must be a month in the form YYYY-MM"),
    "a year, not a month": ("as_of", "2026", "field 'as_of' is \"2026\"; it must be a month"),
    "as_of a number": ("as_of", 202610, "field 'as_of' is 202610; it must be a month"),
    "format version as text": ("format_version", "1", "field 'format_version' is \"1\"; it must be an integer"),
    "files a list": ("files", [MODEL_FILE], "field 'files' is \\[\"model.skops\"\\]; it must be an object mapping"),
    "a digest that is a number": ("files", {MODEL_FILE: 7}, "field 'files' is .*; it must be an object mapping file"),
    "versions a list": ("versions", ["1.5"], "field 'versions' is \\[\"1.5\"\\]; it must be an object"),
    "fractional seed": ("seed", 3.5, "field 'seed' is 3.5; it must be an integer"),
    "target FPR of 5": ("target_fpr", 5, "field 'target_fpr' is 5; it must be a rate between 0 and 1"),
    "count as text": ("training_data.n", "400", "field 'training_data.n' is \"400\"; it must be a count"),
}


@pytest.mark.parametrize(("field", "value", "message"), BAD_FIELDS.values(), ids=BAD_FIELDS.keys())
def test_fields_of_the_wrong_type_or_range_are_refused_naming_the_folder_and_field(saved, field, value, message):
    _rewrite_manifest(saved, lambda m: _set(m, field, value), fix_checksum=True)
    refusal = rf"refusing to load model {re.escape(str(saved))}: manifest.json {message}"
    with pytest.raises(ModelLoadError, match=refusal):
        load_model(saved)


def test_edge_values_training_can_write_still_load(saved):
    """A threshold just above 1 (above a genuine score of exactly 1.0: flags nothing); optional fields null."""
    import math

    above_one = math.nextafter(1.0, math.inf)
    _rewrite_manifest(saved, lambda m: m.update(threshold=above_one, seed=None, training_data=None), fix_checksum=True)
    assert load_model(saved).threshold == above_one
