# The two commands a new user runs: `make demo` and `make test`. Both build the virtual environment first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
DEMO := build/demo

.PHONY: demo test install install-test venv lint benchmarks default-model clean

venv: $(BIN)/python

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "needs $(PYTHON) on PATH (or: make PYTHON=python3 ...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

install: venv
	$(PIP) install --quiet -e .

install-test: venv
	$(PIP) install --quiet -e ".[test]"

demo: install
	@mkdir -p $(DEMO)
	$(BIN)/fakeprofile train --data data/sample/profiles.jsonl --out $(DEMO)/model
	$(BIN)/fakeprofile synth --n 1000 --seed 99 --out $(DEMO)/fresh
	$(BIN)/fakeprofile evaluate --model $(DEMO)/model --data $(DEMO)/fresh/profiles.jsonl
	@echo "Examples explained by the shipped default model (trained on 20,000 profiles; a model trained on the"
	@echo "2,000 of the sample has fewer genuine profiles to hold its 1% false-positive target with, so a stricter"
	@echo "threshold, and lets the company-page example through):"
	$(BIN)/fakeprofile explain --data data/examples.jsonl --as-of 2026-10

# Everything, slow tests included (what CI runs), on every core up to 4 (pytest-xdist: the suite takes about 9
# minutes of CPU; each worker holds models and data, so a many-core machine does not start one per core); the
# quick inner loop is `pytest -m "not slow"`.
test: install-test
	$(BIN)/python -m pytest -q -n auto --maxprocesses 4

lint: install-test
	$(BIN)/ruff check fakeprofile tests benchmarks notebooks

# Every script in benchmarks/, at its default sizes, in the order the README's Benchmarks section lists them
# (tests/test_readme.py keeps the three the same). A long run: `.venv/bin/python benchmarks/NAME.py --help`
# says how to run one alone, at other sizes. install-test: bench_photos reads scikit-image's photographs and
# compares with imagehash; bench_serve needs the serve extra.
benchmarks: install-test
	$(BIN)/python benchmarks/bench_scoring.py
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_treeshap.py
	$(BIN)/python benchmarks/bench_batch.py
	$(BIN)/python benchmarks/bench_budget.py
	$(BIN)/python benchmarks/bench_gc.py
	$(BIN)/python benchmarks/bench_dask.py
	$(BIN)/python benchmarks/bench_tally.py
	$(BIN)/python benchmarks/bench_serve.py
	$(BIN)/python benchmarks/bench_photos.py
	$(BIN)/python benchmarks/bench_hamming.py
	$(BIN)/python benchmarks/bench_templates.py
	$(BIN)/python benchmarks/bench_notes.py
	$(BIN)/python benchmarks/bench_grammar.py
	$(BIN)/python benchmarks/bench_gazetteer.py
	$(BIN)/python benchmarks/bench_training.py
	$(BIN)/python benchmarks/compare_extractors.py
	$(BIN)/python benchmarks/bench_layout_leakage.py
	$(BIN)/python benchmarks/bench_unknown_shift.py
	$(BIN)/python benchmarks/bench_clue_suite.py
	$(BIN)/python benchmarks/bench_operating_points.py

# Regenerates the shipped sample and default model (deterministic: same seed, same files). The model learns
# from 20,000 synthetic profiles (not shipped: about 120 MB with photos); the shipped sample is their first 2,000.
default-model: install
	rm -rf data/sample/photos build/default-training  # no stale photos from an earlier generator
	$(BIN)/fakeprofile synth --n 2000 --seed 2026 --out data/sample
	$(BIN)/fakeprofile synth --n 20000 --seed 2026 --out build/default-training
	$(BIN)/fakeprofile train --data build/default-training/profiles.jsonl --out models/default --seed 0

clean:
	rm -rf $(VENV) build .pytest_cache
