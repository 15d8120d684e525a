"""A clue moves the score the way its extractor declares: the property behind the monotonic constraints.

For sampled profiles and every feature with a declared direction, the feature is moved in that direction
(to a larger observed value for +1, a smaller one for -1) and the profile scored again: the probability
of fake must never go down. Checked on the session's small model and on the shipped default model.
"""

from __future__ import annotations

import numpy as np
import pytest

from fakeprofile import load_model
from fakeprofile.schema import Profile
from fakeprofile.synth import generate_profiles


def _moves(model, matrix: np.ndarray, rng: np.random.Generator, per_row: int = 6):
    """(rows, cols, values) of copies moved along each sampled feature's declared direction."""
    directions = np.array(model.builder.directions)
    constrained = np.flatnonzero(directions != 0)
    rows, cols, values = [], [], []
    for row in range(len(matrix)):
        for col in rng.choice(constrained, size=min(per_row, constrained.size), replace=False):
            column = matrix[:, col]
            observed = np.unique(column[~np.isnan(column)])
            current = matrix[row, col]
            if observed.size < 2 or np.isnan(current):
                continue
            further = observed[observed > current] if directions[col] > 0 else observed[observed < current]
            if further.size:
                rows.append(row)
                cols.append(col)
                values.append(rng.choice(further))
    return np.array(rows), np.array(cols), np.array(values, dtype=float)


def _check(model, profiles: list[Profile]) -> None:
    matrix = model.scoring_builder().matrix(profiles)
    rows, cols, values = _moves(model, matrix, np.random.default_rng(0))
    assert rows.size > 200, "too few moves to test"
    raw, moved = model.trees.decision_with_swaps(matrix, rows, cols, values)
    drop = raw[rows] - moved
    worst = int(np.argmax(drop))
    assert drop[worst] <= 1e-9, (
        f"{model.feature_names[cols[worst]]} moved its declared way ({matrix[rows[worst], cols[worst]]} -> "
        f"{values[worst]}) lowered the raw score by {drop[worst]:.4f}")


@pytest.fixture(scope="module")
def fresh_profiles() -> list[Profile]:
    return [Profile.model_validate(p) for p in generate_profiles(300, seed=4242)]


def test_the_session_model_follows_every_declared_direction(trained, fresh_profiles):
    model, _ = trained
    _check(model, fresh_profiles)


def test_the_default_model_follows_every_declared_direction(fresh_profiles):
    _check(load_model(), fresh_profiles)


def test_the_directions_are_recorded_in_the_model_manifest():
    model = load_model()
    assert model.info["monotonic_directions"] == dict(zip(model.feature_names, model.builder.directions,
                                                          strict=True))
