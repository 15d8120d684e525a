"""The notebooks run headless from their jupytext sources (``notebooks/*.py``), small, in a temporary folder.

Each test reads a notebook with jupytext, executes it with nbclient on the ``python3`` kernel (ipykernel
from this virtual environment), fails on the first cell that raises, and checks that the figures and
numbers the notebook promises are in its outputs. The notebooks take their sizes and paths from
``FAKEPROFILE_NB_*`` environment variables, which each test sets in its kernel's environment; everything they
write goes to ``tmp_path``, never into the repository.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from fakeprofile.report import FIGURES
from tests.conftest import REAL_DATA, REPO

# Each notebook runs in a kernel of its own for up to a minute: not for `pytest -m "not slow"`.
pytestmark = pytest.mark.slow

NOTEBOOKS = REPO / "notebooks"
#: Seconds any one cell may take (the slowest, training on all of Cresci's data, takes about 20).
CELL_TIMEOUT = 300
KERNEL_CHECK = "import sys\nprint(sys.executable)"


def execute(name: str, tmp_path: Path, **settings: str) -> nbformat.NotebookNode:
    """Run notebook ``name`` with the ``FAKEPROFILE_NB_*`` ``settings`` (and no others) in its kernel's
    environment, after a first cell that prints the kernel's Python."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("FAKEPROFILE_NB_")}
    # One OpenMP thread: scoring with scikit-learn's gradient boosting on all cores spin-waits on a busy
    # machine, which made these runs two to ten times slower on the 2-core development machine.
    env |= {"FAKEPROFILE_NB_OUT": str(tmp_path / "out"), "OMP_NUM_THREADS": "1", **settings}
    notebook = jupytext.read(NOTEBOOKS / name)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(KERNEL_CHECK))
    NotebookClient(notebook, kernel_name="python3", timeout=CELL_TIMEOUT,
                   resources={"metadata": {"path": str(tmp_path)}}).execute(env=env)
    kernel_python = notebook.cells[0].outputs[0]["text"].strip()
    assert kernel_python == sys.executable, (
        f"the python3 kernel runs {kernel_python}, not this environment's {sys.executable}: install ipykernel "
        "here, or remove the other python3 kernelspec (`jupyter kernelspec list`)")
    return notebook


def text_of(notebook: nbformat.NotebookNode) -> str:
    """Everything the code cells printed or displayed as text."""
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output["output_type"] == "stream":
                parts.append(output["text"])
            elif "data" in output:
                parts.append(output["data"].get("text/plain", ""))
    return "\n".join(parts)


def images_in(notebook: nbformat.NotebookNode) -> int:
    return sum(1 for cell in notebook.cells for output in cell.get("outputs", [])
               if "image/png" in output.get("data", {}) or "image/jpeg" in output.get("data", {}))


def test_evaluate_default_model_notebook_shows_the_report_and_explained_predictions(tmp_path):
    notebook = execute("01_evaluate_default_model.py", tmp_path,
                       FAKEPROFILE_NB_N="300", FAKEPROFILE_NB_BOOTSTRAP="200")
    text = text_of(notebook)
    report = tmp_path / "out" / "01_evaluate_default_model" / "report"
    assert (report / "report.html").is_file() and (report / "report.json").is_file()
    assert sorted(p.stem for p in (report / "figures").glob("*.png")) == sorted(FIGURES)
    assert images_in(notebook) >= len(FIGURES) + 2  # every figure, then a photo and the known image it copies
    assert "300 labelled profiles" in text
    for metric in ("roc_auc", "average_precision", "false_positive_rate"):
        assert metric in text
    assert "At the model threshold" in text and "1.0% false-positive rate" in text
    # the abstention rate and the judged profiles the metrics are on
    data = json.loads((report / "report.json").read_text(encoding="utf-8"))
    assert (f"too thin to judge: {data['n_insufficient']:,} (abstention rate {data['abstention_rate']:.1%}), "
            f"{data['n_fake_insufficient']:,} of them fake; judged: {data['n_judged']:,}") in text
    assert f"on the {data['n_judged']:,} judged profiles; abstention rate {data['abstention_rate']:.1%}" in text
    # all three verdicts, and both sides of the reasons
    assert "FAKE  p(fake)=" in text and "GENUINE  p(fake)=" in text
    assert "thin-example: INSUFFICIENT  p(fake)=" in text and "too little to judge: 2 of " in text
    assert "  raises suspicion:\n    + " in text and "  lowers suspicion:\n    - " in text
    assert re.search(r"\[[a-z_]+\.[a-z_]+; -\d+\.\d\d log-odds\]", text), "no reassurance with clue and contribution"
    assert re.search(r"\d+ fake, \d+ genuine, \d+ insufficient of 300 profiles", text)
    assert "photo matches known image" in text, (
        "no caught stolen-photo fake shows its photo match at 300 profiles: raise FAKEPROFILE_NB_N here")


def test_train_on_your_own_data_notebook_cross_validates_cresci_and_scores_the_linkedin_sample(tmp_path):
    # Cresci's data in full: at a few hundred rows a clue seen on 4 accounts can be missing from every row
    # an inner fit learns from, which scikit-learn's binning does not survive.
    notebook = execute("02_train_on_your_own_data.py", tmp_path,
                       FAKEPROFILE_NB_REAL_DATA=str(REAL_DATA), FAKEPROFILE_NB_FOLDS="2",
                       FAKEPROFILE_NB_MAPPING=str(REPO / "data" / "mappings" / "cresci2015.toml"))
    text = text_of(notebook)
    if (REAL_DATA / "cresci2015").is_dir():
        assert "leak columns read: none" in text
        assert "read 2,818 rows (1,337 fake, 1,481 genuine), 2,818 usable" in text
        assert "ours (2-fold, p >= 0.5)" in text and "TwiBot-22" in text
        assert "trained on" in text and "held out" in text
        assert re.search(r"too thin to judge: \d+ of 2,818 accounts \(abstention rate \d+\.\d%\)", text)
        assert "lowers suspicion:" in text or "raises suspicion:" in text
        assert (tmp_path / "out" / "02_train_on_your_own_data" / "cresci_model" / "manifest.json").is_file()
    else:
        assert "NOT FOUND, the Cresci part is skipped" in text
    if (REAL_DATA / "linkedin_llm_sample").is_dir():
        assert "read 20 rows, 20 usable" in text
        assert "GPT-written fakes at its threshold" in text
        assert re.search(r"too thin to judge: \d+ \(abstention rate \d+\.\d%\); recall on the \d+ judged: ", text)
    else:
        assert "NOT FOUND, the LinkedIn part is skipped" in text


def test_train_on_your_own_data_notebook_skips_with_a_message_when_the_data_is_absent(tmp_path):
    notebook = execute("02_train_on_your_own_data.py", tmp_path,
                       FAKEPROFILE_NB_REAL_DATA=str(tmp_path / "no such folder"))
    text = text_of(notebook)
    assert "NOT FOUND, the Cresci part is skipped" in text and "NOT FOUND, the LinkedIn part is skipped" in text
    assert not (tmp_path / "out").exists()
