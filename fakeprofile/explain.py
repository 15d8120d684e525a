"""Reasons for a prediction: which features moved the probability, by how much, and in what words.

A feature's effect is the change in the calibrated probability when its value is replaced by the value
a typical genuine profile has (the median over the genuine training profiles). That baseline was chosen
over the median of all profiles because the question a reviewer asks is "what here is unlike a real
member?". Replacing one feature at a time understates clues that travel together (a count and its
logarithm), so the evidence sentences, not the effect sizes, are what a person should check.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from fakeprofile.schema import Profile, Reason

if TYPE_CHECKING:
    from fakeprofile.features import FeatureBuilder
    from fakeprofile.scoring import Model

N_REASONS = 3
#: A feature that moved the probability by less than this is not offered as a reason.
MIN_REASON_EFFECT = 0.001


def probabilities_and_effects(model: Model, matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The calibrated probabilities of the rows, and the effects: entry (i, j) is p(row i) minus p(row i with
    feature j set to the genuine training median).

    With the model's compiled trees (:mod:`fakeprofile.trees`), a swapped copy is walked again only through
    the trees whose path for its row tests the swapped feature, with scores equal to scoring every copy in
    full; otherwise the rows and their copies are scored by scikit-learn in one call (its cost per call, a
    Python loop over the trees, is most of what a single profile costs).
    """
    reference = model.reference
    effects = np.zeros(matrix.shape)
    if len(matrix) == 0:
        return np.empty(0), effects
    # Only values that differ from the reference can have an effect; most rows share most of them.
    rows, cols = np.nonzero(~((matrix == reference) | (np.isnan(matrix) & np.isnan(reference))))
    if model.trees is not None:
        raw, swapped_raw = model.trees.decision_with_swaps(matrix, rows, cols, reference[cols])
        probabilities, swapped = model.calibrated(raw), model.calibrated(swapped_raw)
    else:
        copies = matrix[rows]
        copies[np.arange(rows.size), cols] = reference[cols]
        scored = model.probabilities_from_matrix(np.concatenate([matrix, copies]))
        probabilities, swapped = scored[: len(matrix)], scored[len(matrix):]
    effects[rows, cols] = probabilities[rows] - swapped
    return probabilities, effects


def top_reasons(profile: Profile, builder: FeatureBuilder, row: np.ndarray, effect_row: np.ndarray,
                verdict_is_fake: bool, n_reasons: int = N_REASONS) -> list[Reason]:
    """The features that pushed hardest towards the verdict, with the extractors' evidence in words.

    Only features that moved the probability towards the verdict by at least ``MIN_REASON_EFFECT`` are
    reasons, so a prediction may carry fewer than ``n_reasons``."""
    direction = 1.0 if verdict_is_fake else -1.0
    order = [j for j in np.argsort(-direction * effect_row, kind="stable")
             if direction * effect_row[j] >= MIN_REASON_EFFECT][:n_reasons]
    chosen = [builder.feature_names[j] for j in order]
    words = builder.evidence(profile, chosen, row)
    reasons = []
    for j, feature in zip(order, chosen, strict=True):
        value = float(row[j])
        reasons.append(Reason(
            feature=feature,
            extractor=builder.extractor_of(feature),
            value=None if math.isnan(value) else value,
            effect=round(float(effect_row[j]), 6),
            evidence=words[feature],
        ))
    return reasons
