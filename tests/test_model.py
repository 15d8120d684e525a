"""Training is honest (group-aware, thresholded on out-of-fold scores) and deterministic."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from fakeprofile.evaluate import binary_metrics, threshold_for_fpr
from fakeprofile.io.records import RecordError
from fakeprofile.parallel import score_jsonl
from fakeprofile.schema import Profile
from fakeprofile.training import MAX_GROUP_SHARE, profile_groups, train
from tests.conftest import make_profile, make_profile_dict


def test_threshold_keeps_false_positives_within_the_target():
    rng = np.random.default_rng(0)
    probabilities = rng.random(5000)
    labels = (rng.random(5000) < 0.3).astype(int)
    for target in (0.001, 0.01, 0.05, 0.2):
        threshold = threshold_for_fpr(probabilities, labels, target)
        fpr = (probabilities[labels == 0] >= threshold).mean()
        assert fpr <= target
        # and it is the lowest such threshold: one notch lower breaks the target
        lower = np.nextafter(np.max(probabilities[(labels == 0) & (probabilities < threshold)]), -1)
        assert (probabilities[labels == 0] >= lower).mean() > target


def test_metrics_at_threshold():
    m = binary_metrics(np.array([0.1, 0.4, 0.6, 0.9]), np.array([0, 1, 0, 1]), 0.5)
    assert (m["precision"], m["recall"], m["false_positive_rate"]) == (0.5, 0.5, 0.5)
    assert m["roc_auc"] == pytest.approx(0.75)


def test_groups_join_shared_photos_and_messages_but_not_common_texts(tmp_path):
    photo = tmp_path / "a.jpg"
    photo.write_bytes(b"same bytes")
    copy = tmp_path / "b.jpg"
    copy.write_bytes(b"same bytes")
    invite = {"message": "Hello  there, let's CONNECT and grow together", "recipient": None}
    profiles = [
        make_profile(id="1", photo=str(photo), invitation=None),
        make_profile(id="2", photo=str(copy), invitation=invite),
        make_profile(id="3", invitation={"message": "hello there, let's connect and grow together"}),
        make_profile(id="4", invitation={"message": "A different note"}),
    ] + [make_profile(id=f"c{i}", invitation={"message": "I'd like to add you"}) for i in range(60)]
    groups = profile_groups(profiles)
    assert groups[0] == groups[1] == groups[2]
    assert groups[3] != groups[0]
    # A text shared by more than 2% of profiles is the population's, not a campaign's.
    assert len(set(groups[4:])) == 60


def test_shared_texts_and_photos_do_not_chain_into_a_group_larger_than_the_cap():
    # 1,000 profiles in campaigns of 5 sharing a note; the last of each campaign shares a photo with the
    # first of the next, so linking every shared key would chain all 1,000 into one group.
    n = 1000
    profiles = [make_profile(id=str(i), invitation={"message": f"campaign note number {i // 5} of many"})
                for i in range(n)]
    photos = [None] * n
    for i in range(4, n - 1, 5):
        photos[i] = photos[i + 1] = f"photo-{i}"
    groups = profile_groups(profiles, photos)
    sizes = np.unique(groups, return_counts=True)[1]
    assert sizes.max() <= int(MAX_GROUP_SHARE * n)
    assert sizes.max() >= 10  # links are still made up to the cap
    # The smallest keys (the shared photos, 2 profiles each) are linked first and never split.
    for i in range(4, n - 1, 5):
        assert groups[i] == groups[i + 1]


def test_training_needs_labels_and_both_classes():
    with pytest.raises(RecordError, match="no label"):
        train([make_profile(id=str(i), label=None) for i in range(60)])
    with pytest.raises(RecordError, match="both"):
        train([make_profile(id=str(i), label=1) for i in range(60)])


def test_report_is_honest_on_held_out_data(trained):
    model, report = trained
    m = report.test_metrics
    assert report.n_test > 200 and report.n_train > 1000
    assert 0.80 < m["roc_auc"] < 0.995, "synthetic data is meant to be hard, never separable"
    assert 0 <= m["false_positive_rate"] <= 0.05
    assert model.info["metrics"]["test"] == m


def test_probabilities_are_calibrated_on_fresh_data(trained):
    from fakeprofile.synth import generate_profiles

    model, _ = trained
    fresh = [Profile.model_validate(r) for r in generate_profiles(3000, seed=99)]
    probabilities = model.probabilities(fresh)
    labels = np.array([p.label for p in fresh])
    # Calibration: within each fifth of the scores, the mean probability matches the observed fake rate.
    order = np.argsort(probabilities)
    for chunk in np.array_split(order, 5):
        assert abs(probabilities[chunk].mean() - labels[chunk].mean()) < 0.08


def test_same_data_and_seed_give_the_same_model_and_scores(synthetic_profiles):
    subset = synthetic_profiles[:600]
    first, _ = train(subset, seed=11)
    second, _ = train(subset, seed=11)
    assert first.threshold == second.threshold
    assert np.array_equal(first.probabilities(subset), second.probabilities(subset))
    assert first.info["training_data"]["sha256"] == second.info["training_data"]["sha256"]


def test_predictions_carry_verdict_and_reasons_in_words(trained):
    model, _ = trained
    stranger = make_profile_dict(
        id="stranger", name="Acme Talent Solutions LLC", connections=2, followers=1, summary=None,
        headline=None, skills=None, recommendations=0, photo=None, has_photo=False,
        experience=[{"title": "HR Manager", "company": "Acme", "start": "2019-01"}], education=[],
        created_at="2026-07", invitation={"message": "I'd like to add you to my professional network."},
        activity={"invitations_sent_30d": 300, "invitations_accepted_30d": 6, "idk_reports": 9, "posts": 0},
    )
    prediction = model.predict(stranger)
    assert prediction.verdict == "fake" and prediction.probability >= model.threshold
    assert 1 <= len(prediction.reasons) <= 3 and len(prediction.reassurances) <= 3
    assert all(r.contribution > 0 for r in prediction.reasons)
    assert all(r.contribution < 0 for r in prediction.reassurances)
    assert all(r.evidence and r.extractor in r.feature and r.clue.startswith(r.extractor + ".")
               for r in prediction.reasons + prediction.reassurances)
    genuine = model.predict(make_profile_dict(connections=650, has_photo=True, recommendations=6))
    assert genuine.verdict == "genuine"
    assert genuine.reassurances and all(r.contribution < 0 for r in genuine.reassurances)


def test_predict_names_the_bad_record_and_field(trained):
    model, _ = trained
    with pytest.raises(RecordError, match=r"record 1 \(id bad\): connections"):
        model.predict([make_profile_dict(id="ok"), make_profile_dict(id="bad", connections=-1)])


def test_predict_frame_keeps_every_row(trained):
    model, _ = trained
    frame = pd.DataFrame([
        {"id": "a", "connections": 3.0, "summary": None, "name": "Jo"},
        {"id": "b", "connections": np.nan, "summary": "Engineer", "name": "Acme LLC"},
        {"id": "c", "connections": -4.0, "summary": "x", "name": "Al"},
    ])
    out = model.predict_frame(frame)
    assert list(out["id"]) == ["a", "b", "c"]
    assert out.loc[2, "error"].startswith("frame:2 (id c): connections")
    assert np.isnan(out.loc[2, "probability"]) and out.loc[:1, "probability"].between(0, 1).all()
    assert out.loc[0, "reason_1"]


def test_score_jsonl_writes_one_line_per_input_record(trained, tmp_path):
    import json

    model, _ = trained
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([
        json.dumps(make_profile_dict(id="a")), "{broken", json.dumps({"id": "c", "connections": "many"}),
        json.dumps(make_profile_dict(id="d")),
    ]) + "\n")
    summary = score_jsonl(model, src, tmp_path / "out.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert (summary.read, summary.scored, summary.rejected) == (4, 2, 2) and summary.consistent()
    assert [r.get("id") for r in rows] == ["a", None, "c", "d"]
    assert "error" in rows[1] and ":2" in rows[1]["error"] and "connections" in rows[2]["error"]
    assert rows[0]["verdict"] in {"fake", "genuine"} and rows[0]["reasons"]


def test_score_jsonl_refuses_to_overwrite_its_input(trained, tmp_path):
    model, _ = trained
    src = tmp_path / "same.jsonl"
    src.write_text('{"id": "a"}\n')
    with pytest.raises(RecordError, match="overwrite the input"):
        score_jsonl(model, src, src)
    assert src.read_text() == '{"id": "a"}\n'


def test_a_profile_that_breaks_an_extractor_is_reported_and_the_rest_scored(trained, monkeypatch):
    from fakeprofile.io.records import validate_record

    model, _ = trained
    extractor = model.builder.extractors[0]
    original = type(extractor).extract

    def flaky(self, profile, ctx):
        if profile.id == "boom":
            raise RuntimeError("extractor bug")
        return original(self, profile, ctx)

    monkeypatch.setattr(type(extractor), "extract", flaky)
    items = [validate_record(make_profile_dict(id=i), source="s", line=n) for n, i in enumerate(["a", "boom", "c"])]
    rows = model.score_items(items)
    assert [r["id"] for r in rows] == ["a", "boom", "c"]
    assert "verdict" in rows[0] and "verdict" in rows[2]
    assert "could not be scored (RuntimeError: extractor bug)" in rows[1]["error"]


def test_predict_frame_accepts_numeric_ids_and_float_counts(trained):
    model, _ = trained
    frame = pd.DataFrame({"id": [1, 2], "connections": [5.0, np.nan],
                          "activity": [{"invitations_sent_30d": 10.0}, {"posts": 3.0}]})
    out = model.predict_frame(frame)
    assert list(out["id"]) == ["1", "2"] and out["error"].isna().all()


def test_training_data_hash_does_not_depend_on_the_folder(tmp_path):
    from fakeprofile.io.jsonl import read_jsonl
    from fakeprofile.training import training_data_digest

    digests = []
    for folder in (tmp_path / "a", tmp_path / "b" / "c"):
        (folder / "photos").mkdir(parents=True)
        (folder / "photos" / "x.jpg").write_bytes(b"image bytes")
        (folder / "p.jsonl").write_text('{"id": "x", "photo": "photos/x.jpg"}\n')
        digests.append(training_data_digest([i.profile for i in read_jsonl(folder / "p.jsonl")]))
    assert digests[0] == digests[1]


def test_missing_clues_are_nan_not_zero(trained):
    model, _ = trained
    matrix = model.builder.matrix([Profile(id="bare")])
    assert np.isnan(matrix).sum() >= len(model.feature_names) // 2
    assert 0.0 <= model.probabilities([Profile(id="bare")])[0] <= 1.0


def test_allowed_false_positives_follow_the_clopper_pearson_bound():
    from scipy.stats import beta

    from fakeprofile.evaluate import allowed_false_positives

    for n, target, confidence in ((1000, 0.01, 0.9), (6000, 0.01, 0.9), (20000, 0.001, 0.95), (500, 0.05, 0.8)):
        k = allowed_false_positives(n, target, confidence)
        assert beta.ppf(confidence, k + 1, n - k) <= target < beta.ppf(confidence, k + 2, n - k - 1)
        assert k < target * n  # stricter than the plain rate
    assert allowed_false_positives(100, 0.01, 0.9) == 0  # too few genuine profiles to show 1%: allow none
    with pytest.raises(ValueError, match="confidence"):
        allowed_false_positives(100, 0.01, 1.0)


def test_a_confident_threshold_allows_fewer_false_positives_than_the_plain_one():
    rng = np.random.default_rng(1)
    probabilities, labels = rng.random(20000), (rng.random(20000) < 0.3).astype(int)
    plain = threshold_for_fpr(probabilities, labels, 0.01)
    confident = threshold_for_fpr(probabilities, labels, 0.01, confidence=0.9)
    genuine = probabilities[labels == 0]
    assert (genuine >= confident).sum() < (genuine >= plain).sum() <= 0.01 * genuine.size


def test_new_profiles_false_positive_rate_stays_within_the_target_with_the_stated_confidence():
    # Simulate training's situation: a threshold picked on 5,000 scored genuine profiles, then applied to new
    # ones drawn from the same distribution. At 90% confidence, the new rate exceeds 1% in about 10% of
    # draws or fewer; the plain out-of-fold threshold exceeds it in about half.
    rng = np.random.default_rng(2)
    over = {"plain": 0, "confident": 0}
    for _ in range(200):
        scores = rng.random(5000)
        for name, confidence in (("plain", None), ("confident", 0.9)):
            threshold = threshold_for_fpr(scores, np.zeros(5000, dtype=int), 0.01, confidence=confidence)
            over[name] += (1.0 - threshold) > 0.01  # the true rate on new uniform scores
    assert over["confident"] <= 0.15 * 200
    assert over["plain"] >= 0.3 * 200


def test_min_genuine_for_fpr_is_where_zero_false_positives_first_show_the_target():
    from fakeprofile.evaluate import allowed_false_positives, min_genuine_for_fpr

    assert min_genuine_for_fpr(0.01, 0.9) == 230
    for target, confidence in ((0.01, 0.9), (0.05, 0.95), (0.001, 0.5)):
        n = min_genuine_for_fpr(target, confidence)
        # With n genuine profiles and none flagged, the Clopper-Pearson bound is within the target; with n - 1 not.
        assert 1 - (1 - confidence) ** (1 / n) <= target < 1 - (1 - confidence) ** (1 / (n - 1))
        assert allowed_false_positives(n, target, confidence) == 0


def test_training_report_names_a_useless_model_and_too_few_genuine_profiles():
    from fakeprofile.evaluate import binary_metrics
    from fakeprofile.training import TrainingReport

    labels = np.array([0] * 8 + [1] * 4)
    useless = binary_metrics(np.full(12, 0.5), labels, 0.9)
    report = TrainingReport(test_metrics=useless, oof_metrics=useless, n_train=40, n_test=12, n_groups=50)
    assert len(report.problems) == 2
    assert "ROC-AUC is 0.5000" in report.problems[0] and "flags none of the 4" in report.problems[1]
    assert len(report.warnings) == 2 and all("holds 8 genuine" in w and "230" in w for w in report.warnings)
    good = binary_metrics(np.r_[np.linspace(0, 0.4, 300), np.linspace(0.6, 1, 100)], np.r_[[0] * 300, [1] * 100],
                          0.5)
    fine = TrainingReport(test_metrics=good, oof_metrics=good, n_train=400, n_test=400, n_groups=400)
    assert fine.problems == [] and fine.warnings == []


def test_metrics_of_no_judged_profile_are_undefined_not_an_error():
    from fakeprofile.evaluate import judged_metrics

    metrics = judged_metrics(np.array([0.2, 0.9]), np.array([0, 1]), 0.5, np.array([False, False]))
    assert metrics["n"] == 0 and metrics["n_insufficient"] == 2 and metrics["abstention_rate"] == 1.0
    assert math.isnan(metrics["roc_auc"]) and math.isnan(metrics["recall"])
