"""The scoring artifact (``scoring.npz``): scores as scikit-learn does without importing it, and refuses arrays
that are not plain numbers shaped as walkable trees, even inside a manifest made consistent with them."""

from __future__ import annotations

import io
import json
import pickle
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from fakeprofile.artifact import (
    DEFAULT_MODEL_DIR,
    MANIFEST_FILE,
    SCORING_FILE,
    ModelLoadError,
    _manifest_checksum,
    _sha256,
    dumps_manifest,
    load_model,
    save_model,
)
from fakeprofile.frames import to_profile


@pytest.fixture()
def saved(trained, tmp_path):
    model, _ = trained
    return save_model(model, tmp_path / "model")


def _consistent(folder, change_manifest=lambda m: None):
    """Make the manifest agree with the files in ``folder`` again, as anyone who can write the folder could."""
    manifest = json.loads((folder / MANIFEST_FILE).read_text())
    change_manifest(manifest)
    manifest["files"] = {name: _sha256(folder / name) for name in manifest["files"] if (folder / name).exists()}
    manifest["manifest_sha256"] = _manifest_checksum(manifest)
    (folder / MANIFEST_FILE).write_text(dumps_manifest(manifest))


def _rewrite_arrays(folder, change, *, savez=np.savez):
    with np.load(folder / SCORING_FILE) as stored:
        arrays = {name: stored[name] for name in stored.files}
    change(arrays)
    buffer = io.BytesIO()
    savez(buffer, **arrays)
    (folder / SCORING_FILE).write_bytes(buffer.getvalue())
    _consistent(folder)


def test_loading_and_scoring_import_neither_scikit_learn_skops_nor_pandas(tmp_path):
    """Scoring one profile, from Python or as `fakeprofile predict` of a JSONL file, pays none of their imports."""
    one = tmp_path / "one.jsonl"
    one.write_text((DEFAULT_MODEL_DIR.parent.parent / "data" / "examples.jsonl").read_text().splitlines()[0] + "\n")
    code = (
        "import json, sys\n"
        "from fakeprofile.artifact import load_model\n"
        "from fakeprofile.cli import main\n"
        "model = load_model()\n"
        "line = open('data/examples.jsonl').readline()\n"
        "model.predict(json.loads(line), n_reasons=0)\n"
        "model.predict(json.loads(line), n_reasons=3)\n"
        f"assert main(['--quiet', 'predict', '--data', {str(one)!r}, '--out', {str(tmp_path / 'out.jsonl')!r}]) == 0\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'skops', 'pandas')\n"
        "                        or m.startswith('scipy.stats') or m.startswith('scipy.special'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=DEFAULT_MODEL_DIR.parent.parent)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
    assert json.loads((tmp_path / "out.jsonl").read_text())["verdict"] == "fake"


def test_the_default_models_arrays_score_as_its_scikit_learn_estimators_bit_for_bit():
    model = load_model()
    sample = DEFAULT_MODEL_DIR.parent.parent / "data" / "sample" / "profiles.jsonl"
    lines = sample.read_text(encoding="utf-8").splitlines()[:600]
    matrix = model.builder.matrix([to_profile(json.loads(line), position=i) for i, line in enumerate(lines)])
    rng = np.random.default_rng(0)
    holed = matrix.copy()
    holed[rng.random(holed.shape) < 0.2] = np.nan
    holed[rng.random(holed.shape) < 0.01] = np.inf
    for rows in (matrix, holed, matrix[:1]):
        raw = model.classifier.decision_function(rows)
        assert np.array_equal(model.raw_scores(rows), raw)
        assert np.array_equal(model.probabilities_from_matrix(rows),
                              model.calibrator.predict_proba(raw.reshape(-1, 1))[:, 1])


def test_a_model_sent_to_a_worker_scores_without_scikit_learns_estimators(saved, synthetic_profiles):
    loaded = load_model(saved)
    copy = pickle.loads(pickle.dumps(loaded))
    assert np.array_equal(copy.probabilities(synthetic_profiles[:20]), loaded.probabilities(synthetic_profiles[:20]))
    with pytest.raises(AttributeError, match="only its scoring arrays"):
        _ = copy.classifier


def test_a_format_1_folder_without_scoring_arrays_still_loads(saved, synthetic_profiles):
    expected = load_model(saved).predict_profiles(synthetic_profiles[:10])
    (saved / SCORING_FILE).unlink()
    _consistent(saved, lambda m: m.update(format_version=1))
    assert load_model(saved).predict_profiles(synthetic_profiles[:10]) == expected


def test_a_format_2_folder_without_scoring_arrays_is_refused(saved):
    (saved / SCORING_FILE).unlink()
    _consistent(saved)
    with pytest.raises(ModelLoadError, match=f"does not list {SCORING_FILE}"):
        load_model(saved)


def test_an_edited_scoring_file_is_refused(saved):
    data = bytearray((saved / SCORING_FILE).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (saved / SCORING_FILE).write_bytes(bytes(data))
    with pytest.raises(ModelLoadError, match=f"{SCORING_FILE} does not match its sha256"):
        load_model(saved)


def test_a_pickle_inside_the_scoring_file_is_never_unpickled(saved, tmp_path):
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    _rewrite_arrays(saved, lambda a: a.update(value=np.array([Payload()], dtype=object)))
    with pytest.raises(ModelLoadError, match="cannot be read as numeric arrays"):
        load_model(saved)
    assert not marker.exists()


def test_a_compressed_scoring_file_is_refused(saved):
    _rewrite_arrays(saved, lambda a: None, savez=np.savez_compressed)
    with pytest.raises(ModelLoadError, match="compressed"):
        load_model(saved)


def test_a_scoring_file_that_is_not_a_zip_is_refused(saved):
    (saved / SCORING_FILE).write_bytes(b"\x93NUMPY not really")
    _consistent(saved)
    with pytest.raises(ModelLoadError, match="cannot be read as numeric arrays"):
        load_model(saved)


def test_a_zip_member_claiming_more_bytes_than_the_file_holds_is_refused(saved):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("value.npy", b"\0" * 10)
    data = bytearray(buffer.getvalue())
    # The central directory's uncompressed size of the one member (offset 24 in its record).
    central = data.rfind(b"PK\x01\x02")
    data[central + 24:central + 28] = (10**9).to_bytes(4, "little")
    (saved / SCORING_FILE).write_bytes(bytes(data))
    _consistent(saved)
    with pytest.raises(ModelLoadError, match="claims more bytes|cannot be read"):
        load_model(saved)


@pytest.mark.parametrize(("change", "message"), [
    (lambda a: a.pop("calibration_slope"), "calibration_slope"),
    (lambda a: a.update(calibration_intercept=np.float64(np.nan)), "calibration_intercept"),
    (lambda a: a.update(calibration_slope=np.array([1.0, 2.0])), "calibration_slope"),
    (lambda a: a["left"].__setitem__(int(np.flatnonzero(~a["is_leaf"])[0]), int(np.flatnonzero(~a["is_leaf"])[0])),
     "left child"),
    (lambda a: a.update(n_features=np.int64(int(a["n_features"]) + 1)), "features"),
])
def test_scoring_arrays_that_are_not_the_models_are_refused(saved, change, message):
    _rewrite_arrays(saved, change)
    with pytest.raises(ModelLoadError, match=message):
        load_model(saved)
