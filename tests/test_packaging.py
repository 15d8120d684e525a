"""What pyproject.toml declares matches what the package imports and what its shipped model needs."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import sys
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from fakeprofile import artifact
from tests.conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
#: Modules that only an extra's users import, and the extra that must declare what they import.
EXTRA_MODULES = {"fakeprofile/serve.py": "serve", "fakeprofile/dask.py": "dask"}


def _requirements(group: str = "") -> list[Requirement]:
    """The core dependencies (group "") or one extra's."""
    lines = PYPROJECT["dependencies"] if not group else PYPROJECT["optional-dependencies"][group]
    return [Requirement(line) for line in lines]


def _declared(group: str = "") -> set[str]:
    """Distributions a group declares, with those its requirements' own extras pull in (dask[distributed])."""
    names = set()
    for req in _requirements(group):
        names.add(canonicalize_name(req.name))
        for extra in req.extras:
            for line in importlib.metadata.requires(req.name) or []:
                pulled = Requirement(line)
                if pulled.marker is not None and pulled.marker.evaluate({"extra": extra}):
                    names.add(canonicalize_name(pulled.name))
    return names


def _third_party_imports() -> dict[str, set[str]]:
    """Top-level names of everything fakeprofile imports that is neither the standard library nor fakeprofile,
    each with the files that import it."""
    found: dict[str, set[str]] = {}
    for path in sorted((REPO / "fakeprofile").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.partition(".")[0]
                if top != "fakeprofile" and top not in sys.stdlib_module_names:
                    found.setdefault(top, set()).add(path.relative_to(REPO).as_posix())
    return found


def test_every_third_party_import_is_declared_where_its_users_get_it():
    distributions = importlib.metadata.packages_distributions()
    core = _declared()
    problems = []
    for module, files in sorted(_third_party_imports().items()):
        dists = {canonicalize_name(d) for d in distributions.get(module, [])}
        assert dists, f"{module} (imported by {sorted(files)}) is not installed here: which distribution is it?"
        extras = {EXTRA_MODULES.get(f) for f in files}
        # Imported by a module of the package proper: a core dependency, or an extra for a lazily imported one
        # (matplotlib: the report's figures); imported only by an extra's module: that extra.
        allowed = core | {n for g in PYPROJECT["optional-dependencies"] if g != "test" for n in _declared(g)}
        if extras <= set(EXTRA_MODULES.values()):
            allowed = core | set().union(*(_declared(g) for g in extras))
        if not dists & allowed:
            problems.append(f"{module} ({'/'.join(sorted(dists))}), imported by {', '.join(sorted(files))}")
    assert not problems, "imported but not declared in pyproject.toml: " + "; ".join(problems)


def test_a_module_imported_with_the_package_is_a_core_dependency():
    """A top-level import in a module other than an extra's must not need an extra."""
    distributions = importlib.metadata.packages_distributions()
    core = _declared()
    problems = []
    for path in sorted((REPO / "fakeprofile").rglob("*.py")):
        name = path.relative_to(REPO).as_posix()
        if name in EXTRA_MODULES:
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:  # module level only; not TYPE_CHECKING
            modules = ([a.name for a in node.names] if isinstance(node, ast.Import)
                       else [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
            for module in modules:
                top = module.partition(".")[0]
                if top == "fakeprofile" or top in sys.stdlib_module_names:
                    continue
                if not {canonicalize_name(d) for d in distributions.get(top, [])} & core:
                    problems.append(f"{name} imports {module}")
    assert not problems, "imported on import of the package but not a core dependency: " + "; ".join(problems)


def test_joblib_is_not_a_run_time_dependency():
    # Only the tests use it (to write the pickles that loading must refuse); scikit-learn brings it anyway.
    assert "joblib" not in _third_party_imports()
    assert "joblib" not in _declared() and "joblib" in _declared("test")


def _scikit_learn_pin():
    (req,) = [r for r in _requirements() if canonicalize_name(r.name) == "scikit-learn"]
    return req.specifier


def _probes(version: Version) -> list[Version]:
    major, minor, micro = version.release[:3]
    return sorted({Version(f"{major}.{minor}.{micro + 1}"), Version(f"{major}.{minor + 1}.0"),
                   Version(f"{major}.{minor}.0"), Version(f"{major}.{max(minor - 1, 0)}.0"),
                   Version(f"{major + 1}.0.0"), version})


def test_the_scikit_learn_pin_admits_only_what_the_shipped_model_loads_with(monkeypatch):
    """The trap: pyproject allowed a range, the artifact refuses every version but its own. The pin must admit
    the version in models/default/manifest.json, and no version under which reading the model's scikit-learn
    estimators (``Model.classifier``, for training-side work; scoring reads its own arrays) is refused."""
    import sklearn

    manifest = json.loads((REPO / "models" / "default" / "manifest.json").read_text(encoding="utf-8"))
    trained_with = Version(manifest["versions"]["scikit-learn"])
    pin = _scikit_learn_pin()
    assert pin.contains(trained_with), (f"pyproject.toml pins scikit-learn{pin} but the shipped model was saved "
                                        f"with {trained_with}: move the pin with the model")

    def loads_under(version: Version) -> bool:
        monkeypatch.setattr(sklearn, "__version__", str(version))
        try:
            artifact.load_model(artifact.DEFAULT_MODEL_DIR).classifier  # noqa: B018  (reading it is the check)
        except artifact.ModelLoadError as exc:
            if "scikit-learn" not in str(exc):
                raise
            return False
        return True

    admitted_but_refused = [str(v) for v in _probes(trained_with) if pin.contains(v) and not loads_under(v)]
    assert not admitted_but_refused, (f"pyproject.toml admits scikit-learn {admitted_but_refused}, which the shipped "
                                      f"model refuses to load under (it was saved with {trained_with})")


def test_the_installed_scikit_learn_is_one_the_pin_admits():
    installed = importlib.metadata.version("scikit-learn")
    if not _scikit_learn_pin().contains(installed):
        pytest.fail(f"scikit-learn {installed} is installed but pyproject.toml pins {_scikit_learn_pin()}: "
                    "reinstall (pip install -e '.[test]')")
