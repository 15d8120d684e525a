"""The README's promises that drift silently: its Python example runs as pasted, the commands it names exist,
and the lists it keeps (benchmarks, the scikit-learn pin) match the Makefile and pyproject.toml."""

from __future__ import annotations

import json
import re
import tomllib

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    """The text of a ``## title`` section, up to the next section of the same level."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.S | re.M)
    assert match, f"the README has no '## {title}' section"
    return match.group(1)


def test_the_from_python_example_runs_as_pasted(tmp_path, monkeypatch, capsys):
    (code,) = re.findall(r"```python\n(.*?)```", _section("From Python"), re.S)
    monkeypatch.chdir(tmp_path)  # as a reader would run it: anywhere but the repository root
    exec(compile(code, "README.md (From Python)", "exec"), {"__name__": "__readme__"})
    out = capsys.readouterr().out
    assert out.split()[0] in {"fake", "genuine", "insufficient"} and "raises suspicion" in out
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"] and all("verdict" in r for r in rows)


def _benchmark_scripts() -> list[str]:
    return sorted(p.name for p in (REPO / "benchmarks").glob("*.py") if 'if __name__ == "__main__"' in p.read_text())


def test_make_benchmarks_runs_every_benchmark_the_readme_lists_in_the_same_order():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^benchmarks:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    run_by_make = re.findall(r"benchmarks/(\w+\.py)", recipe)
    listed = list(dict.fromkeys(re.findall(r"`(\w+\.py)`", _section("Benchmarks"))))
    assert run_by_make == listed
    assert sorted(run_by_make) == _benchmark_scripts(), "a script in benchmarks/ that neither make nor the README runs"


def test_the_readme_states_the_scikit_learn_pin_of_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (pin,) = [d for d in project["dependencies"] if re.match(r"scikit-learn\b", d)]
    assert f"`{pin.replace(' ', '')}`" in README


def test_the_readme_names_the_quick_test_loop_the_notebooks_and_installs_from_a_checkout():
    assert 'pytest -m "not slow"' in README
    assert "`notebooks/`" in README and (REPO / "notebooks" / "README.md").is_file()
    # fakeprofile is not on the package index: every install line is from the checkout.
    assert not re.search(r"pip install ['\"]?fakeprofile", README)
    assert 'load_model("models/default")' not in README
