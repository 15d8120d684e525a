from __future__ import annotations

import numpy as np

from fakeprofile.explain import probabilities_and_effects, top_reasons


def test_a_value_equal_to_the_genuine_reference_has_no_effect(trained, synthetic_profiles):
    model, _ = trained
    matrix = model.builder.matrix(synthetic_profiles[:50])
    matrix[:, 0] = model.reference[0]
    probabilities, effects = probabilities_and_effects(model, matrix)
    assert np.array_equal(probabilities, model.probabilities_from_matrix(matrix))
    assert np.all(effects[:, 0] == 0.0)
    assert effects.shape == matrix.shape


def test_effects_are_the_probability_change_when_the_value_is_swapped(trained, synthetic_profiles):
    model, _ = trained
    matrix = model.builder.matrix(synthetic_profiles[:5])
    probabilities, effects = probabilities_and_effects(model, matrix)
    j = model.feature_names.index("connections__connections")
    swapped = matrix.copy()
    swapped[:, j] = model.reference[j]
    assert np.allclose(effects[:, j], probabilities - model.probabilities_from_matrix(swapped))


def test_reasons_point_towards_the_verdict_and_skip_negligible_effects(trained, synthetic_profiles):
    model, _ = trained
    profile = synthetic_profiles[0]
    row = model.builder.matrix([profile])[0]
    effect_row = np.zeros(len(row))
    effect_row[[1, 4, 7]] = [0.2, -0.3, 0.0005]
    fake = top_reasons(profile, model.builder, row, effect_row, verdict_is_fake=True)
    assert [r.effect for r in fake] == [0.2]
    genuine = top_reasons(profile, model.builder, row, effect_row, verdict_is_fake=False)
    assert [r.effect for r in genuine] == [-0.3]
