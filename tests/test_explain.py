"""Reasons: exact log-odds contributions grouped by clue, both sides, unknowns, and the insufficient verdict."""

from __future__ import annotations

import json

import numpy as np
import pytest

from fakeprofile.abstention import DECISIVE_MARGIN, MIN_OBSERVED_CLUES, evidence_clues, insufficient
from fakeprofile.artifact import default_model
from fakeprofile.explain import MIN_CONTRIBUTION, UNKNOWN_BOUND, ClueSums, clue_sums, ranked_candidates
from fakeprofile.schema import Profile

OBVIOUS_FAKE = {
    "id": "obvious", "name": "Acme Talent Solutions LLC", "connections": 2, "headline": "HR Manager",
    "location": "São Paulo, Brazil",
    "experience": [{"title": "HR Manager", "company": "Acme", "start": "2019-01", "employment_type": "full-time"},
                   {"title": "Recruiter", "company": "Globex", "start": "2019-06", "employment_type": "full-time"}],
    "activity": {"invitations_sent_30d": 250, "invitations_accepted_30d": 6, "idk_reports": 9},
    "invitation": {"message": "Hi! We offer the best lead generation services, guaranteed results. "
                              "What is your PHONE NUMBER? Send it and we talk today!!",
                   "recipient": {"location": "Toronto, Canada", "name": "Dana Lee"}},
}


@pytest.fixture(scope="module")
def model():
    return default_model()


def test_contributions_plus_baseline_equal_the_log_odds_exactly(model, synthetic_profiles):
    matrix = model.scoring_builder().matrix(synthetic_profiles[:300])
    baseline, contributions = model.contributions(matrix)
    log_odds = model.log_odds(model.raw_scores(matrix))
    assert contributions.shape == matrix.shape
    assert np.abs(baseline + contributions.sum(axis=1) - log_odds).max() < 1e-9
    # The profiles differ, so the contributions must too: an all-zero or constant explanation would pass the sum.
    assert np.ptp(contributions.sum(axis=1)) > 1.0


def test_a_prediction_reports_both_sides_in_log_odds_by_clue(model):
    prediction = model.predict(OBVIOUS_FAKE)
    assert prediction.verdict == "fake" and prediction.probability > 0.99
    assert prediction.reasons and prediction.reassurances is not None
    contributions = [r.contribution for r in prediction.reasons]
    assert all(c > 0 for c in contributions) and contributions == sorted(contributions, reverse=True)
    assert all(r.contribution < 0 for r in prediction.reassurances)
    # Saturated probability, yet the deciding clue is a large log-odds reason, not +0.003.
    assert contributions[0] > 1.0
    clues = {r.clue for r in model.predict(OBVIOUS_FAKE, n_reasons=12).reasons}
    assert "name.name" in clues and "invitation.note_text" in clues
    # One reason per clue: the note's many columns come out as one reason.
    assert len(clues) == len(model.predict(OBVIOUS_FAKE, n_reasons=12).reasons)
    note = next(r for r in model.predict(OBVIOUS_FAKE, n_reasons=12).reasons if r.clue == "invitation.note_text")
    assert len(note.features) > 1 and all(f.startswith("invitation__") for f in note.features)


def test_reasons_sum_to_the_clue_totals_of_the_contributions(model):
    profile = Profile.model_validate(OBVIOUS_FAKE)
    builder = model.scoring_builder()
    matrix = builder.matrix([profile])
    _, contributions = model.contributions(matrix)
    prediction = model.predict_profiles([profile], n_reasons=40)[0]
    for reason in prediction.reasons + prediction.reassurances:
        columns = [builder.feature_names.index(f) for f in reason.features]
        assert sum(contributions[0, columns]) == pytest.approx(reason.contribution, abs=1e-6)
        assert all(builder.clue_names[builder.clue_columns[j]] == reason.clue for j in columns)


def test_a_borderline_genuine_profile_shows_what_raised_suspicion(model, synthetic_profiles):
    predictions = model.predict(synthetic_profiles[:400])
    borderline = [p for p in predictions if p.verdict == "genuine" and p.probability > 0.3]
    assert borderline, "the sample should hold genuine verdicts with some suspicion"
    assert all(p.reasons for p in borderline)


def test_the_order_of_reasons_is_stable(model, synthetic_profiles):
    first = [p.model_dump() for p in model.predict(synthetic_profiles[:60])]
    again = [p.model_dump() for p in model.predict(list(reversed(synthetic_profiles[:60])))][::-1]
    assert first == again


def test_ties_break_on_clue_position_and_given_first():
    sums = ClueSums(given=np.array([[0.5, -0.5, 0.5, 0.001]]), unknown=np.array([[0.0, 0.0, 0.5, 0.0]]),
                    has_given=np.array([[True, True, True, True]]))
    assert ranked_candidates(sums, 0) == [(0.5, 0, True), (-0.5, 1, True), (0.5, 2, True), (0.5, 2, False)]


def test_an_unknown_value_is_a_reason_only_past_the_bound(model):
    builder = model.scoring_builder()
    matrix = np.full((1, len(builder.feature_names)), np.nan)
    contributions = np.zeros_like(matrix)
    summary = builder.feature_names.index("completeness__summary_length")
    recommendations = builder.feature_names.index("completeness__recommendations")
    contributions[0, summary] = UNKNOWN_BOUND * 2
    contributions[0, recommendations] = UNKNOWN_BOUND * 0.9
    candidates = ranked_candidates(clue_sums(builder, matrix, contributions), 0)
    assert [(builder.clue_names[c], given) for _, c, given in candidates] == [("completeness.summary", False)]
    assert MIN_CONTRIBUTION < UNKNOWN_BOUND


def test_unknown_reasons_say_they_were_not_given(model, synthetic_profiles):
    predictions = model.predict([p.model_copy(update={"summary": None, "activity": None, "connections": None})
                                 for p in synthetic_profiles[:200]], n_reasons=10)
    unknown = [r for p in predictions for r in p.reasons + p.reassurances if not r.given]
    for reason in unknown:
        assert abs(reason.contribution) > UNKNOWN_BOUND and "not given" in reason.evidence
        assert reason.value is None


@pytest.mark.parametrize("record", [{"id": "x"}, {"id": "ok", "connections": 5},
                                    {"id": "thin", "name": "Dana Lee", "connections": 300}])
def test_a_profile_with_too_little_to_judge_is_insufficient(model, record):
    prediction = model.predict(record)
    assert prediction.verdict == "insufficient"
    assert prediction.clues_observed < MIN_OBSERVED_CLUES
    assert prediction.missing.startswith("too little to judge") and "not given" in prediction.missing
    assert "INSUFFICIENT" in prediction.describe() and prediction.missing in prediction.describe()


def test_the_empty_profile_says_nothing_is_given(model):
    prediction = model.predict({"id": "x"})
    assert prediction.clues_observed == 0
    # Nothing was given, so nothing given can be a reason; an unknown only past the bound, and saying so.
    assert all(not r.given and abs(r.contribution) > UNKNOWN_BOUND and "not given" in r.evidence
               for r in prediction.reasons + prediction.reassurances)
    assert f"0 of {prediction.clues_total} clues given" in prediction.missing
    assert "connections" in prediction.missing and "summary" in prediction.missing


def test_the_insufficient_rule_uses_the_margin_only_for_few_clues():
    threshold = 0.5  # log-odds 0
    log_odds = np.array([0.1, DECISIVE_MARGIN + 0.1, -DECISIVE_MARGIN - 0.1, 0.1, 10.0])
    observed = np.array([1, 1, 2, MIN_OBSERVED_CLUES, 0])
    assert insufficient(log_odds, threshold, observed).tolist() == [True, False, False, False, True]


def test_full_profiles_are_judged(model, synthetic_profiles):
    predictions = model.predict(synthetic_profiles[:300])
    assert sum(p.verdict == "insufficient" for p in predictions) <= 3
    assert all(p.clues_total == int(evidence_clues(model.scoring_builder()).sum()) for p in predictions)


def test_a_lone_profile_says_it_was_scored_alone(model, synthetic_profiles):
    alone = model.predict(synthetic_profiles[0])
    assert alone.batch_size == 1 and "scored alone" in alone.describe()
    together = model.predict(synthetic_profiles[:5])
    assert together[0].batch_size == 5 and "scored alone" not in together[0].describe()


def test_predictions_are_json_round_trippable(model):
    prediction = model.predict(OBVIOUS_FAKE)
    assert json.loads(prediction.model_dump_json())["reasons"][0]["clue"] == prediction.reasons[0].clue


def test_explain_gives_what_predict_gives_on_the_sample_file(model, tmp_path):
    """0 differences in probability and verdict: explain counts campaigns over its input as predict does."""
    from pathlib import Path

    from fakeprofile.io.readers import DataSource
    from fakeprofile.parallel import explain_sources, score_sources

    sample = DataSource(Path(__file__).resolve().parents[1] / "data" / "sample" / "profiles.jsonl")
    score_sources(model, [sample], tmp_path / "out.jsonl", n_reasons=0)
    predicted = {r["id"]: (r["probability"], r["verdict"])
                 for r in map(json.loads, (tmp_path / "out.jsonl").read_text().splitlines())}
    explained = {item.id: (p.probability, p.verdict) for item, p in explain_sources(model, [sample], n_reasons=1)}
    assert len(predicted) == 2000 and explained.keys() == predicted.keys()
    assert [i for i in predicted if predicted[i] != explained[i]] == []
    # The test has teeth: campaign clues matter on this file, so profiles scored one by one (as explain used
    # to score them) do differ.
    profiles = [item.profile for item, _ in explain_sources(model, [sample], n_reasons=0)]
    builder = model.scoring_builder()
    campaign = builder.matrix(profiles)[:, builder.batch_columns]
    shared = [p for p, row in zip(profiles, campaign, strict=True) if np.nansum(row) > 0][:50]
    assert shared and any(model.predict(p, n_reasons=0).probability != predicted[p.id][0] for p in shared)


def test_the_baseline_without_reasons_is_the_explainers():
    """--reasons 0 gives the baseline from the trees' covers, without building the explainer's tables."""
    fresh = default_model().pinned()
    fresh._explainer = None
    alone = fresh.predict({"id": "x"}, n_reasons=0)
    assert fresh._explainer is None
    assert alone.baseline_log_odds == fresh.predict({"id": "x"}).baseline_log_odds
    assert abs(fresh.trees.expected_value - fresh.explainer.expected_value) == 0.0


def test_explain_reports_a_profile_the_model_fails_on_and_explains_the_others(model, tmp_path, monkeypatch):
    """As predict does (Model.score_items): one failing record is that record's error, not the end of the run."""
    from fakeprofile.io.readers import DataSource
    from fakeprofile.parallel import explain_sources
    from fakeprofile.scoring import Model

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "connections": 40, "name": "Dana Lee", "headline": "Nurse",
                                       "summary": "Ward nurse."}) + "\n" for i in ("a", "bad", "c")))
    real = Model.predict_profiles

    def failing(self, profiles, **kwargs):
        if any(p.id == "bad" for p in profiles):
            raise RuntimeError("an extractor bug")
        return real(self, profiles, **kwargs)

    monkeypatch.setattr(Model, "predict_profiles", failing)
    out = {item.id: (item, p) for item, p in explain_sources(model, [DataSource(src)], n_reasons=1)}
    assert out["a"][1] is not None and out["c"][1] is not None
    bad, prediction = out["bad"]
    assert prediction is None and "could not be scored (RuntimeError: an extractor bug)" in bad.error
