"""The model artifact: a folder that loads without running arbitrary code and refuses what does not match.

Layout of ``models/<name>/``::

    scoring.npz     what scoring reads: the classifier's trees and the calibrator's two numbers, as plain
                    numeric arrays (numpy's uncompressed .npz, read with allow_pickle=False)
    model.skops     scikit-learn's classifier and calibrator, in skops format (no pickle): read only for
                    training-side work (``Model.classifier``), with the scikit-learn version it was made with
    manifest.json   feature names in order, extractors and versions, library versions, threshold,
                    reference values for reasons, metrics, seed, data hash, sha256 of every other file,
                    and a checksum of the manifest itself

Scoring therefore imports neither scikit-learn nor skops (about 1.9 s of CPU before), and a model keeps
scoring after scikit-learn is upgraded. The two files are written together from the same fitted objects, and
``tests/test_scoring_artifact.py`` checks that the arrays score bit for bit as scikit-learn does.

Loading checks, in order: the path is a folder and not a pickle; the manifest parses as strict JSON (no NaN
or Infinity) and its own checksum holds; the fields the loader uses have the right types and ranges (the
threshold a probability, ``as_of`` a YYYY-MM month, ...); every listed file is a plain file name in the
folder (no path, no symbolic link) naming a regular file with its sha256, and no unlisted file is present; the format
version, extractor names, versions and feature names match this installation; the scoring arrays are
numbers only, stored uncompressed, shaped as trees that cannot be walked outside their arrays or round in
circles, and read as many features as the manifest lists. Reading ``model.skops`` (on first use of
``Model.classifier``) checks its checksum again, scikit-learn's version, and that it holds only the types
trusted here. Any failure raises :class:`ModelLoadError`
with what is wrong. The checksums catch corruption and careless edits; they are not a signature: anyone
who can write the folder can rewrite the manifest too.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import json
import math
import os
import platform
import shutil
import stat
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from fakeprofile._version import __version__
from fakeprofile.features import FeatureBuilder, make_extractors
from fakeprofile.schema import _date_problem
from fakeprofile.scoring import Model, PlattCalibration
from fakeprofile.trees import CompiledTrees, TreeArraysError

if TYPE_CHECKING:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

#: 2: scoring.npz beside model.skops. A format-1 folder (model.skops alone) still loads, through scikit-learn.
FORMAT_VERSION = 2
READABLE_FORMATS = (1, 2)
MODEL_FILE = "model.skops"
SCORING_FILE = "scoring.npz"
#: The calibrator's numbers in SCORING_FILE, beside the trees' arrays (CompiledTrees.to_arrays).
_CALIBRATION = ("calibration_slope", "calibration_intercept")
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
    import sklearn
    import skops
    import skops.io as sio

    sio.dump({"classifier": model.classifier, "calibrator": model.calibrator}, folder / MODEL_FILE)
    calibration = {_CALIBRATION[0]: np.float64(model.calibration.slope),
                   _CALIBRATION[1]: np.float64(model.calibration.intercept)}
    with open(folder / SCORING_FILE, "wb") as handle:  # a file object: savez would append .npz to a name
        np.savez(handle, **model.trees.to_arrays(), **calibration)
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


class _NotFinite(str):
    """A number JSON does not allow (NaN, Infinity, -Infinity, or a literal too large for a float), as its text."""


def _finite_float(text: str) -> float | _NotFinite:
    value = float(text)
    return value if math.isfinite(value) else _NotFinite(text)


def _first_not_finite(manifest: dict[str, Any]) -> tuple[str, str] | None:
    """(field, text) of the first number in the manifest that JSON does not allow, or None; ``metrics.test.f1``."""
    stack: list[tuple[str, Any]] = [("", manifest)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, _NotFinite):
            return where, str(value)
        if isinstance(value, dict):
            stack.extend(reversed([(f"{where}.{k}" if where else k, v) for k, v in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([(f"{where}[{i}]", v) for i, v in enumerate(value)]))
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_month(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 7 and _date_problem(value) is None


#: A threshold chosen above every genuine score of exactly 1.0 is the next float above it (flags nothing).
_MAX_THRESHOLD = math.nextafter(1.0, math.inf)
#: The manifest fields the loader, the scorer and the model card use: (field, required, what it must be, check).
#: A field absent from an optional parent (``training_data``) is not checked; optional fields may be null.
_FIELDS: tuple[tuple[str, bool, str, Any], ...] = (
    ("format_version", True, "an integer", lambda v: type(v) is int),
    ("threshold", True, "a probability between 0 and 1", lambda v: _is_number(v) and 0 <= v <= _MAX_THRESHOLD),
    ("as_of", True, "a month in the form YYYY-MM", _is_month),
    ("feature_names", True, "a list of names", lambda v: isinstance(v, list) and all(isinstance(n, str) for n in v)),
    ("extractors", True, "a list of {name, version} objects",
     lambda v: isinstance(v, list) and all(isinstance(e, dict) and isinstance(e.get("name"), str) for e in v)),
    ("files", True, "an object mapping file names to sha256 digests",
     lambda v: isinstance(v, dict) and all(isinstance(d, str) for d in v.values())),
    ("versions", False, "an object of library versions", lambda v: isinstance(v, dict)),
    ("seed", False, "an integer", lambda v: type(v) is int),
    ("target_fpr", False, "a rate between 0 and 1", lambda v: _is_number(v) and 0 <= v <= 1),
    ("fpr_confidence", False, "a probability between 0 and 1", lambda v: _is_number(v) and 0 <= v <= 1),
    ("metrics", False, "an object", lambda v: isinstance(v, dict)),
    ("feature_coverage", False, "an object", lambda v: isinstance(v, dict)),
    ("resources", False, "an object", lambda v: isinstance(v, dict)),
    ("training_data", False, "an object", lambda v: isinstance(v, dict)),
    *((f"training_data.{count}", False, "a count (a whole number, 0 or more)", lambda v: type(v) is int and v >= 0)
      for count in ("n", "n_fake", "n_train", "n_test")),
)


def _check_fields(folder: Path, manifest: dict[str, Any]) -> None:
    """Each field in :data:`_FIELDS` is present when required and of the type and range it must have."""
    for field, required, must, check in _FIELDS:
        parent, _, key = field.rpartition(".")
        holder = manifest.get(parent) if parent else manifest
        if not isinstance(holder, dict) or holder.get(key) is None:
            if required:
                raise _refuse(folder, f"{MANIFEST_FILE} has no {field!r}; it must be {must}")
            continue
        if not check(holder[key]):
            shown = json.dumps(holder[key], ensure_ascii=False)
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            raise _refuse(folder, f"{MANIFEST_FILE} field {field!r} is {shown}; it must be {must}")


def _check_file_name(folder: Path, name: str) -> None:
    """A ``files`` entry must name a file directly in the folder: no path, no ``..``, nothing absolute."""
    separators = {"/", "\\", os.sep, os.altsep} - {None}
    if (name in ("", ".", "..") or any(s in name for s in separators) or "\0" in name
            or Path(name).is_absolute() or Path(name).name != name):
        raise _refuse(folder, f"the manifest lists {name[:80]!r}, which is not a plain file name in the model "
                              "folder (a model's files never point outside it)")


def _read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST_FILE
    if not path.is_file():
        raise _refuse(folder, f"no {MANIFEST_FILE} (is this a fakeprofile model folder?)")
    try:
        # NaN, Infinity and literals too large for a float (1e999) are not JSON: kept as text to be named below.
        manifest = json.loads(path.read_text(encoding="utf-8"), parse_constant=_NotFinite, parse_float=_finite_float)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _refuse(folder, f"{MANIFEST_FILE} is not valid JSON ({exc})") from None
    except RecursionError:
        raise _refuse(folder, f"{MANIFEST_FILE} is nested too deeply to be a manifest") from None
    if not isinstance(manifest, dict):
        raise _refuse(folder, f"{MANIFEST_FILE} is not a JSON object")
    if found := _first_not_finite(manifest):
        field, text = found
        raise _refuse(folder, f"{MANIFEST_FILE} field {field!r} is {text}, which is not a number JSON allows")
    if manifest.get("manifest_sha256") != _manifest_checksum(manifest):
        raise _refuse(folder, f"{MANIFEST_FILE} was modified after the model was saved (checksum mismatch)")
    return manifest


def _check_files(folder: Path, manifest: dict[str, Any]) -> None:
    listed = manifest["files"]  # an object of strings (_check_fields)
    for name in listed:  # before anything is looked up on disk
        _check_file_name(folder, name)
    needed = MODEL_FILE if manifest.get("format_version") == 1 else SCORING_FILE
    if needed not in listed:
        raise _refuse(folder, f"the manifest does not list {needed}")
    present = {p.name for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")} - {MANIFEST_FILE}
    unlisted = sorted(present - set(listed))
    if unlisted:
        raise _refuse(folder, f"unexpected file(s) not in the manifest: {', '.join(unlisted)}")
    for name, expected in listed.items():
        file = folder / name
        try:
            mode = file.lstat().st_mode
        except FileNotFoundError:
            raise _refuse(folder, f"{name} is listed in the manifest but missing") from None
        if stat.S_ISLNK(mode):
            raise _refuse(folder, f"{name} is a symbolic link; a model's files must be in its folder, not linked")
        if not stat.S_ISREG(mode):
            raise _refuse(folder, f"{name} is listed in the manifest but is not a regular file")
        if _sha256(file) != expected:
            raise _refuse(folder, f"{name} does not match its sha256 in the manifest (edited or truncated)")


def _check_compatibility(folder: Path, manifest: dict[str, Any]) -> list:
    if manifest.get("format_version") not in READABLE_FORMATS:
        raise _refuse(folder, f"artifact format {manifest.get('format_version')} is not one this installation "
                              f"reads ({', '.join(map(str, READABLE_FORMATS))})")
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
    """Load and verify a model folder (the shipped default model when ``path`` is None).

    What scoring needs is read from ``scoring.npz`` without scikit-learn; ``Model.classifier`` reads
    ``model.skops`` when first asked for. A format-1 folder has no scoring arrays: its skops file is read
    now, which needs the scikit-learn version it was trained with.
    """
    folder = Path(path) if path is not None else DEFAULT_MODEL_DIR
    if folder.is_file():
        with open(folder, "rb") as handle:
            head = handle.read(8)
        kind = "a pickle/joblib file" if head.startswith(_PICKLE_MAGIC) else "a single file"
        raise _refuse(folder, f"it is {kind}; a fakeprofile model is a folder with {MANIFEST_FILE} and "
                              f"{SCORING_FILE}, and pickles are never loaded because loading one can run code")
    if not folder.is_dir():
        hint = " (train one with `fakeprofile train --out FOLDER`)"
        raise ModelLoadError(f"no model folder at {folder}{hint}")
    manifest = _read_manifest(folder)
    _check_fields(folder, manifest)
    _check_files(folder, manifest)
    extractors = _check_compatibility(folder, manifest)
    n_features = len(manifest["feature_names"])
    estimators = functools.partial(_read_estimators, folder, manifest)
    if manifest["format_version"] == 1:
        classifier, calibrator = estimators()
        from fakeprofile.trees import compile_trees

        trees, calibration = compile_trees(classifier), PlattCalibration.of(calibrator)
        if trees is None:
            raise _refuse(folder, "its classifier's trees cannot be explained exactly (categorical splits, several "
                                  "trees per round, or nodes out of order): not a model fakeprofile trained")
    else:
        trees, calibration = _read_scoring_arrays(folder)
    if trees.n_features != n_features:
        raise _refuse(folder, f"the classifier expects {trees.n_features} features, the manifest lists {n_features}")
    info_keys = ("seed", "target_fpr", "fpr_confidence", "metrics", "feature_coverage", "training_data", "resources",
                 "monotonic_directions", "masked_unknowns")
    return Model(
        trees, calibration,
        builder=FeatureBuilder(extractors, manifest["as_of"]),
        threshold=float(manifest["threshold"]),
        info={k: manifest.get(k) for k in info_keys} | {"as_of": manifest["as_of"]},
        manifest=manifest,
        estimators=estimators,
    )


def _read_scoring_arrays(folder: Path) -> tuple[CompiledTrees, PlattCalibration]:
    """The trees and the calibration from ``scoring.npz``: numbers only, stored, never unpickled."""
    path = folder / SCORING_FILE
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
        # Stored, not compressed: what is read is at most the file's own size (no decompression bomb).
        if any(m.compress_type != zipfile.ZIP_STORED for m in members) or (
                sum(m.file_size for m in members) > path.stat().st_size):
            raise _refuse(folder, f"{SCORING_FILE} is compressed or claims more bytes than it holds")
        with np.load(path, allow_pickle=False) as arrays:
            loaded = {name: arrays[name] for name in arrays.files}
    except ModelLoadError:
        raise
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:  # not a zip, object arrays, bad headers
        raise _refuse(folder, f"{SCORING_FILE} cannot be read as numeric arrays ({type(exc).__name__}: "
                              f"{exc})") from None
    numbers = []
    for name in _CALIBRATION:
        value = loaded.pop(name, None)
        if not (isinstance(value, np.ndarray) and value.shape == () and value.dtype == np.float64
                and math.isfinite(float(value))):
            raise _refuse(folder, f"{SCORING_FILE} has no finite float64 {name!r}")
        numbers.append(float(value))
    try:
        trees = CompiledTrees.from_arrays(loaded)
    except TreeArraysError as exc:
        raise _refuse(folder, f"{SCORING_FILE}: {exc}") from None
    return trees, PlattCalibration(*numbers)


def _read_estimators(folder: Path, manifest: dict[str, Any]) -> tuple[HistGradientBoostingClassifier,
                                                                     LogisticRegression]:
    """scikit-learn's classifier and calibrator from ``model.skops``, checked as :func:`load_model` checks the
    scoring arrays (its checksum is read again: the folder may have changed since it was loaded)."""
    import sklearn
    import skops.io as sio
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

    model_file = folder / MODEL_FILE
    expected = manifest["files"].get(MODEL_FILE)
    if expected is None:
        raise _refuse(folder, f"the manifest does not list {MODEL_FILE}, scikit-learn's copy of the model")
    trained_with = (manifest.get("versions") or {}).get("scikit-learn")
    if trained_with != sklearn.__version__:
        raise _refuse(folder, f"its {MODEL_FILE} was made with scikit-learn {trained_with}, this is "
                              f"{sklearn.__version__}; scoring does not need it, but this does: retrain it "
                              "(fakeprofile train) or install the same version")
    try:
        if _sha256(model_file) != expected:
            raise _refuse(folder, f"{MODEL_FILE} does not match its sha256 in the manifest (edited or truncated)")
        if not zipfile.is_zipfile(model_file):
            raise _refuse(folder, f"{MODEL_FILE} is not a skops file")
    except OSError as exc:
        raise _refuse(folder, f"{MODEL_FILE} cannot be read ({exc})") from None
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
    for role, obj, expected_type in (("classifier", classifier, HistGradientBoostingClassifier),
                                     ("calibrator", calibrator, LogisticRegression)):
        if type(obj) is not expected_type:
            raise _refuse(folder, f"its {role} is a {type(obj).__name__}, not a {expected_type.__name__}")
    n_features = len(manifest["feature_names"])
    if getattr(classifier, "n_features_in_", None) != n_features:
        raise _refuse(folder, f"the classifier expects {getattr(classifier, 'n_features_in_', '?')} features, "
                              f"the manifest lists {n_features}")
    return classifier, calibrator


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

@functools.lru_cache(maxsize=1)
def default_model() -> Model:
    """The shipped default model, loaded once per process."""
    return load_model(None)


def dumps_manifest(manifest: dict[str, Any]) -> str:
    """Canonical JSON for manifests: sorted keys so the self-checksum is stable."""
    return json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False)
