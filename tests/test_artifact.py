"""The artifact round-trips exactly and refuses anything tampered, truncated, pickled or mismatched."""

from __future__ import annotations

import json
import os
import pickle

import joblib
import numpy as np
import pytest

from fakeprofile.artifact import MANIFEST_FILE, MODEL_FILE, ModelLoadError, load_model, save_model
from fakeprofile.extractors import REGISTRY


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
    assert [e["name"] for e in manifest["extractors"]] == list(REGISTRY)
    assert len(manifest["training_data"]["sha256"]) == 64 and set(manifest["files"]) == {MODEL_FILE}
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
    with pytest.raises(ModelLoadError, match="not a skops file"):
        load_model(saved)


def test_untrusted_types_inside_a_consistent_artifact_are_refused(trained, saved):
    import skops.io as sio
    from sklearn.preprocessing import FunctionTransformer

    model, _ = trained
    payload = {"classifier": model.classifier, "calibrator": FunctionTransformer(os.system)}
    _swap_model_file(saved, lambda path: sio.dump(payload, path))
    with pytest.raises(ModelLoadError, match=r"not trusted: .*system"):
        load_model(saved)


def test_trusted_but_unexpected_estimators_are_refused(trained, saved):
    """Types skops trusts by default are still not what a fakeprofile model holds."""
    import skops.io as sio
    from sklearn.preprocessing import FunctionTransformer

    model, _ = trained
    payload = {"classifier": model.classifier, "calibrator": FunctionTransformer(np.exp)}
    _swap_model_file(saved, lambda path: sio.dump(payload, path))
    with pytest.raises(ModelLoadError, match="calibrator is a FunctionTransformer"):
        load_model(saved)


@pytest.mark.parametrize("dump", [lambda obj, path: path.write_bytes(pickle.dumps(obj)),
                                  lambda obj, path: joblib.dump(obj, path),
                                  lambda obj, path: joblib.dump(obj, path, compress=3)])
def test_pickle_and_joblib_files_are_refused_without_being_loaded(trained, tmp_path, dump):
    model, _ = trained
    path = tmp_path / "model.joblib"
    dump(model.classifier, path)
    with pytest.raises(ModelLoadError, match="pickle"):
        load_model(path)


def test_a_model_from_another_scikit_learn_is_refused(saved):
    _rewrite_manifest(saved, lambda m: m["versions"].update({"scikit-learn": "0.24.2"}), fix_checksum=True)
    with pytest.raises(ModelLoadError, match="scikit-learn 0.24.2"):
        load_model(saved)


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
