"""The model artifact: a folder that loads without running arbitrary code and refuses what does not match.

Layout of ``models/<name>/``::

    model.skops     the classifier and its calibrator, in skops format (no pickle)
    manifest.json   feature names in order, extractors and versions, library versions, threshold,
                    reference values for reasons, metrics, seed, data hash, sha256 of every other file,
                    and a checksum of the manifest itself

Loading checks, in order: the path is a folder and not a pickle; the manifest parses and its own
checksum holds; every listed file exists with its sha256 and no unlisted file is present; the format
version, extractor names, versions and feature names match this installation; scikit-learn's version
matches; the skops file holds only the types trusted here. Any failure raises :class:`ModelLoadError`
with what is wrong. The checksums catch corruption and careless edits; they are not a signature: anyone
who can write the folder can rewrite the manifest too.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math
import os
import platform
import shutil
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
import skops
import skops.io as sio
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

from fakeprofile._version import __version__
from fakeprofile.features import FeatureBuilder, make_extractors
from fakeprofile.scoring import Model

FORMAT_VERSION = 1
MODEL_FILE = "model.skops"
MANIFEST_FILE = "manifest.json"
#: The only non-default types a model file may contain. Anything else is refused before loading.
TRUSTED_TYPES = ("sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",)
#: Wheels carry the default model inside the package; a source checkout keeps it in models/default.
_PACKAGED_DEFAULT = Path(__file__).resolve().parent / "models" / "default"
DEFAULT_MODEL_DIR = _PACKAGED_DEFAULT if _PACKAGED_DEFAULT.is_dir() else (
    Path(__file__).resolve().parent.parent / "models" / "default"
)

_PICKLE_MAGIC = (b"\x80", b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"\x28\xb5\x2f\xfd")


class ModelLoadError(RuntimeError):
    """A model folder that is missing, tampered with, truncated or made for another installation."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def jsonable(value: Any) -> Any:
    """NaN becomes null and numpy scalars plain numbers, so the manifest is strict JSON."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _manifest_checksum(manifest: dict[str, Any]) -> str:
    body = {k: v for k, v in manifest.items() if k != "manifest_sha256"}
    return hashlib.sha256(dumps_manifest(body).encode()).hexdigest()


def check_model_folder(folder: Path) -> None:
    """A folder may be overwritten only if it is empty or holds nothing but a previous artifact."""
    if not folder.exists():
        return
    if not folder.is_dir():
        raise ModelLoadError(f"cannot write a model to {folder}: it is a file")
    present = {p.name for p in folder.iterdir() if not p.name.startswith(".")}
    if not present:
        return
    try:
        listed = set(json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8")).get("files") or {})
    except (OSError, ValueError, AttributeError):
        listed = None
    if listed is None or present - listed - {MANIFEST_FILE}:
        others = sorted(present - (listed or set()) - {MANIFEST_FILE})[:5]
        raise ModelLoadError(f"cannot write a model to {folder}: it holds files that are not a fakeprofile model "
                             f"({', '.join(others)}); choose an empty or new folder")


def save_model(model: Model, path: str | os.PathLike[str], *, extra_files: dict[str, str] | None = None) -> Path:
    """Write the artifact folder.

    The folder must be new, empty, or hold a previous model (which is replaced); anything else is
    refused rather than deleted. The new artifact is written beside it and moved into place, so a
    failure never leaves a half-written model. ``extra_files`` maps file names to text (a model card,
    say); they are hashed like the model file.
    """
    target = Path(path)
    check_model_folder(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    folder.chmod(0o755)  # mkdtemp makes it private; a model folder is meant to be shared
    try:
        _write_artifact(model, folder, extra_files or {})
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
            target.rename(retired / "model")
            folder.rename(target)
            shutil.rmtree(retired)
        else:
            folder.rename(target)
    finally:
        if folder.exists():
            shutil.rmtree(folder)
    return target


def _write_artifact(model: Model, folder: Path, extra_files: dict[str, str]) -> None:
    sio.dump({"classifier": model.classifier, "calibrator": model.calibrator}, folder / MODEL_FILE)
    for name, text in extra_files.items():
        (folder / name).write_text(text, encoding="utf-8")
    files = {
        p.name: _sha256(p) for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")
    }
    manifest = jsonable({
        "format_version": FORMAT_VERSION,
        "created_at": _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat(),
        "versions": {
            "fakeprofile": __version__,
            "scikit-learn": sklearn.__version__,
            "skops": skops.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
        },
        "extractors": [{"name": ex.name, "version": ex.version} for ex in model.builder.extractors],
        "feature_names": model.feature_names,
        "as_of": model.builder.context.as_of,
        "threshold": model.threshold,
        "files": files,
        **model.info,
    })
    manifest["manifest_sha256"] = _manifest_checksum(manifest)
    (folder / MANIFEST_FILE).write_text(dumps_manifest(manifest) + "\n", encoding="utf-8")


def _refuse(folder: Path, why: str) -> ModelLoadError:
    return ModelLoadError(f"refusing to load model {folder}: {why}")


def _read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST_FILE
    if not path.is_file():
        raise _refuse(folder, f"no {MANIFEST_FILE} (is this a fakeprofile model folder?)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _refuse(folder, f"{MANIFEST_FILE} is not valid JSON ({exc})") from None
    if not isinstance(manifest, dict):
        raise _refuse(folder, f"{MANIFEST_FILE} is not a JSON object")
    if manifest.get("manifest_sha256") != _manifest_checksum(manifest):
        raise _refuse(folder, f"{MANIFEST_FILE} was modified after the model was saved (checksum mismatch)")
    return manifest


def _check_files(folder: Path, manifest: dict[str, Any]) -> None:
    listed = manifest.get("files") or {}
    if MODEL_FILE not in listed:
        raise _refuse(folder, f"the manifest does not list {MODEL_FILE}")
    present = {p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")} - {MANIFEST_FILE}
    unlisted = sorted(present - set(listed))
    if unlisted:
        raise _refuse(folder, f"unexpected file(s) not in the manifest: {', '.join(unlisted)}")
    for name, expected in listed.items():
        file = folder / name
        if not file.is_file():
            raise _refuse(folder, f"{name} is listed in the manifest but missing")
        if _sha256(file) != expected:
            raise _refuse(folder, f"{name} does not match its sha256 in the manifest (edited or truncated)")


def _check_compatibility(folder: Path, manifest: dict[str, Any]) -> list:
    if manifest.get("format_version") != FORMAT_VERSION:
        raise _refuse(folder, f"artifact format {manifest.get('format_version')} is not {FORMAT_VERSION}")
    trained_with = (manifest.get("versions") or {}).get("scikit-learn")
    if trained_with != sklearn.__version__:
        raise _refuse(folder, f"it was trained with scikit-learn {trained_with}, this is {sklearn.__version__}; "
                              "retrain it (fakeprofile train) or install the same version")
    extractors = manifest.get("extractors") or []
    try:
        instances = make_extractors([e["name"] for e in extractors])
    except (KeyError, TypeError) as exc:
        raise _refuse(folder, f"its extractors are not available here: {exc}") from None
    for instance, entry in zip(instances, extractors, strict=True):
        if instance.version != entry.get("version"):
            raise _refuse(folder, f"extractor {instance.name!r} is version {instance.version} here but "
                                  f"{entry.get('version')} in the model; retrain it")
    names = [instance.qualified(f) for instance in instances for f in instance.feature_names]
    if names != manifest.get("feature_names"):
        raise _refuse(folder, "its feature names do not match what its extractors produce here")
    return instances


def load_model(path: str | os.PathLike[str] | None = None) -> Model:
    """Load and verify a model folder (the shipped default model when ``path`` is None)."""
    folder = Path(path) if path is not None else DEFAULT_MODEL_DIR
    if folder.is_file():
        with open(folder, "rb") as handle:
            head = handle.read(8)
        kind = "a pickle/joblib file" if head.startswith(_PICKLE_MAGIC) else "a single file"
        raise _refuse(folder, f"it is {kind}; a fakeprofile model is a folder with {MANIFEST_FILE} and "
                              f"{MODEL_FILE}, and pickles are never loaded because loading one can run code")
    if not folder.is_dir():
        hint = " (train one with `fakeprofile train --out FOLDER`)"
        raise ModelLoadError(f"no model folder at {folder}{hint}")
    manifest = _read_manifest(folder)
    _check_files(folder, manifest)
    extractors = _check_compatibility(folder, manifest)

    model_file = folder / MODEL_FILE
    if not zipfile.is_zipfile(model_file):
        raise _refuse(folder, f"{MODEL_FILE} is not a skops file")
    try:
        untrusted = sio.get_untrusted_types(file=model_file)
    except Exception as exc:  # skops raises many kinds on a malformed file
        raise _refuse(folder, f"{MODEL_FILE} cannot be inspected ({type(exc).__name__}: {exc})") from None
    refused = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if refused:
        raise _refuse(folder, f"{MODEL_FILE} contains types that are not trusted: {', '.join(refused)}")
    try:
        payload = sio.load(model_file, trusted=list(TRUSTED_TYPES))
        classifier, calibrator = payload["classifier"], payload["calibrator"]
    except Exception as exc:
        raise _refuse(folder, f"{MODEL_FILE} cannot be loaded ({type(exc).__name__}: {exc})") from None
    for role, obj, expected in (("classifier", classifier, HistGradientBoostingClassifier),
                                ("calibrator", calibrator, LogisticRegression)):
        if type(obj) is not expected:
            raise _refuse(folder, f"its {role} is a {type(obj).__name__}, not a {expected.__name__}")
    n_features = len(manifest["feature_names"])
    if getattr(classifier, "n_features_in_", None) != n_features:
        raise _refuse(folder, f"the classifier expects {getattr(classifier, 'n_features_in_', '?')} features, "
                              f"the manifest lists {n_features}")
    info_keys = ("seed", "target_fpr", "fpr_confidence", "metrics", "feature_coverage", "training_data", "resources",
                 "monotonic_directions", "masked_unknowns")
    try:
        model = Model(
            classifier=classifier,
            calibrator=calibrator,
            builder=FeatureBuilder(extractors, manifest["as_of"]),
            threshold=float(manifest["threshold"]),
            info={k: manifest.get(k) for k in info_keys} | {"as_of": manifest["as_of"]},
            manifest=manifest,
        )
    except ValueError as exc:  # trees that cannot be walked and explained exactly
        raise _refuse(folder, str(exc)) from None
    return model


def load_scoring_model(path: str | os.PathLike[str] | None = None, *,
                       known_images: str | os.PathLike[str] | None = None, as_of: str | None = None) -> Model:
    """:func:`load_model`, then the scoring settings the command line and the HTTP workers offer: a known-image
    index file built with ``fakeprofile index build`` (None: the default index) and the YYYY-MM that
    'present' means for profiles without observed_at (None: this month)."""
    model = load_model(path)
    if as_of:
        model.scoring_as_of = as_of
    if known_images:
        from fakeprofile.photos import KnownImageIndex

        model.use_known_images(KnownImageIndex.load(known_images))
    return model

@lru_cache(maxsize=1)
def default_model() -> Model:
    """The shipped default model, loaded once per process."""
    return load_model(None)


def dumps_manifest(manifest: dict[str, Any]) -> str:
    """Canonical JSON for manifests: sorted keys so the self-checksum is stable."""
    return json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False)
