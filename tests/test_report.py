"""The evaluation report: right numbers with honest intervals, safe self-contained HTML, strict JSON, a full
model card, and the same bytes every time."""

from __future__ import annotations

import base64
import json
import math
import re

import numpy as np
import pytest
from PIL import Image

from fakeprofile.evaluate import binary_metrics, threshold_for_fpr
from fakeprofile.io.records import RecordError
from fakeprofile.report import (
    FIGURES,
    FPR_TARGETS,
    _bootstrap,
    _resample_weights,
    _weighted_metrics,
    evaluate_model,
    known_false_positives,
    render_html,
    roc_auc,
    write_model_card,
    write_report,
)
from fakeprofile.schema import Profile
from fakeprofile.synth import generate_profiles

HOSTILE = "<script>alert(1)</script>"
#: Unbalanced mathtext: matplotlib raises on it unless math parsing is off for data text.
HOSTILE_ARCHETYPE = "<img src=x onerror=alert(1)>$\\nocommand$"


def _fresh(n: int, seed: int) -> list[Profile]:
    """Profiles the `trained` model has not seen (it trained on seed 7)."""
    return [Profile.model_validate(p) for p in generate_profiles(n, seed=seed)]


def _strict_json(text: str) -> dict:
    def refuse(constant: str) -> None:
        raise ValueError(f"non-standard JSON constant {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture(scope="module")
def model(trained):
    return trained[0]


@pytest.fixture(scope="module")
def hostile_data(model) -> list[Profile]:
    """600 fresh profiles; the three genuine ones the model finds most suspicious carry hostile text."""
    profiles = _fresh(600, seed=101)
    probabilities = model.probabilities(profiles)
    genuine = [i for i in np.argsort(-probabilities, kind="stable") if profiles[i].label == 0][:3]
    for k, i in enumerate(genuine):
        profiles[i] = profiles[i].model_copy(update={
            "id": f"x{k}{HOSTILE}", "name": HOSTILE, "headline": HOSTILE, "archetype": HOSTILE_ARCHETYPE})
    return profiles


@pytest.fixture(scope="module")
def evaluation(model, hostile_data):
    return evaluate_model(model, hostile_data, seed=5, model_name="test model", data_name="fresh synthetic")


@pytest.fixture(scope="module")
def written(evaluation, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    paths = write_report(evaluation, out)
    return paths, paths["html"].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def no_invitations(model):
    """Fresh profiles without any invitation, evaluated at an assumed prevalence of 2%."""
    profiles = [p.model_copy(update={"invitation": None}) for p in _fresh(200, seed=202)]
    return profiles, evaluate_model(model, profiles, seed=1, n_bootstrap=100, importance_repeats=1,
                                    prevalence=0.02)


# ------------------------------------------------------------------------------------------- numbers
def test_vectorised_metrics_equal_the_models_own_on_unit_weights():
    rng = np.random.default_rng(0)
    # Many ties, none at 1.0: there threshold_for_fpr's nextafter(1.0, 1.0) cannot step above the boundary.
    probabilities = np.round(rng.random(3000) * 0.98, 2)
    labels = (rng.random(3000) < probabilities * 0.8).astype(int)
    threshold = 0.7
    got = {k: float(v[0]) for k, v in _weighted_metrics(probabilities, labels, np.ones((1, 3000)), threshold).items()}
    want = binary_metrics(probabilities, labels, threshold)
    for name in ("roc_auc", "average_precision", "brier", "precision", "recall", "f1", "false_positive_rate"):
        assert got[name] == pytest.approx(want[name], abs=1e-12), name
    for target in FPR_TARGETS:
        at = binary_metrics(probabilities, labels, threshold_for_fpr(probabilities, labels, target))
        assert got[f"recall@{target}"] == pytest.approx(at["recall"], abs=1e-12)
        assert got[f"false_positive_rate@{target}"] == pytest.approx(at["false_positive_rate"], abs=1e-12)
    assert roc_auc(labels, probabilities) == pytest.approx(want["roc_auc"], abs=1e-12)


def test_bootstrap_is_seeded_and_resamples_groups_together():
    rng = np.random.default_rng(1)
    probabilities, labels = rng.random(500), (rng.random(500) < 0.4).astype(int)
    groups = np.arange(500) // 5  # campaigns of five
    first = _bootstrap(probabilities, labels, groups, 0.5, 200, np.random.default_rng(9), False)
    assert first == _bootstrap(probabilities, labels, groups, 0.5, 200, np.random.default_rng(9), False)
    assert first != _bootstrap(probabilities, labels, groups, 0.5, 200, np.random.default_rng(10), False)
    weights = next(_resample_weights(groups, 50, np.random.default_rng(0)))
    assert (weights.reshape(50, 100, 5) == weights.reshape(50, 100, 5)[:, :, :1]).all()
    assert (weights.sum(axis=1) % 5 == 0).all()


def test_intervals_contain_the_estimate(evaluation):
    estimates = list(evaluation.metrics.values()) + [
        e for p in evaluation.operating_points for e in (p.recall, p.false_positive_rate, p.precision)]
    for e in estimates:
        assert e.low <= e.value <= e.high, e
    assert evaluation.metrics["roc_auc"].low < evaluation.metrics["roc_auc"].high


def test_recall_per_archetype_adds_up_to_the_whole(evaluation):
    rows = evaluation.archetypes
    m = evaluation.metrics
    assert sum(r.n for r in rows) == evaluation.n
    assert sum(r.n_fake for r in rows) == evaluation.n_fake
    assert sum(r.detected for r in rows) == m["true_positives"].value
    assert sum(r.flagged_genuine for r in rows) == m["false_positives"].value
    for r in rows:
        assert r.n == r.n_fake + r.n_genuine
        if r.n_fake:
            assert r.recall == pytest.approx(r.detected / r.n_fake, abs=1e-4)
        else:
            assert math.isnan(r.recall)
    assert {"stolen_photo", "ordinary"} <= {r.archetype for r in rows}


def test_guidance_applies_the_given_prevalence(no_invitations):
    _, ev = no_invitations
    assert ev.prevalence == 0.02 and ev.prevalence_source == "given"
    point = ev.operating_point(0.01)
    # The counts use the unrounded rates; the stored rates have 4 decimals (up to 0.5 per 10,000 apart).
    assert point.fake_in_review_per_10k == pytest.approx(200 * point.recall.value, abs=0.5)
    assert point.genuine_in_review_per_10k == pytest.approx(9800 * point.false_positive_rate.value, abs=0.5)
    assert "2.00% of profiles are fake (given)" in ev.guidance()[0]


# ------------------------------------------------------------------------------------------- outputs
def test_every_figure_is_a_valid_png(written):
    paths, _ = written
    for name in FIGURES:
        with Image.open(paths[name]) as image:
            image.verify()
            assert image.format == "PNG"
        with Image.open(paths[name]) as image:
            assert image.size[0] > 300 and image.size[1] > 200


def test_html_is_self_contained(written):
    paths, html = written
    for name in FIGURES:
        assert f"data:image/png;base64,{base64.b64encode(paths[name].read_bytes()).decode()}" in html
    for external in ('src="http', "src='http", "<link", 'href="http', "@import", "url("):
        assert external not in html
    assert "<script" not in html.lower()


def test_json_is_strict_and_holds_the_numbers_the_html_shows(evaluation, written):
    paths, html = written
    data = _strict_json(paths["json"].read_text(encoding="utf-8"))
    assert data == evaluation.to_dict()
    auc = data["metrics"]["roc_auc"]
    assert auc["value"] == evaluation.metrics["roc_auc"].value
    recall = next(p for p in data["operating_points"] if p["target_fpr"] == 0.01)["recall"]
    assert recall == {"value": evaluation.operating_point(0.01).recall.value,
                      "low": evaluation.operating_point(0.01).recall.low,
                      "high": evaluation.operating_point(0.01).recall.high}
    for value in (auc["value"], auc["low"], auc["high"], recall["value"], recall["low"], recall["high"]):
        assert f"{value:.4f}" in html
    assert f"{data['metrics']['true_positives']['value']:,}" in html
    for sentence in data["guidance"]:
        assert sentence.replace("'", "&#x27;") in html


def test_hostile_profile_text_is_escaped(evaluation, written):
    _, html = written
    assert any(c.name == HOSTILE for c in evaluation.most_suspicious_genuine)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert HOSTILE not in html and "<img src=x" not in html


def test_title_names_model_and_data_and_the_date_is_the_models(evaluation, written, model):
    _, html = written
    title = re.search(r"<title>(.*)</title>", html).group(1)
    assert "test model" in title and "fresh synthetic" in title
    assert evaluation.model_date is None  # trained in this process: no manifest, so no date is made up
    assert "never (trained in this process)" in html


def test_one_class_data_gives_undefined_metrics_not_an_error(model, tmp_path):
    genuine = [p for p in _fresh(200, seed=303) if p.label == 0]
    ev = evaluate_model(model, genuine, n_bootstrap=50)
    for name in ("roc_auc", "average_precision", "recall", "f1"):
        assert math.isnan(ev.metrics[name].value), name
    assert 0.0 <= ev.metrics["false_positive_rate"].value <= 1.0
    assert math.isnan(ev.operating_point(0.01).recall.value)
    assert ev.feature_importance == []
    paths = write_report(ev, tmp_path)
    data = _strict_json(paths["json"].read_text(encoding="utf-8"))
    assert data["metrics"]["roc_auc"]["value"] is None
    html = paths["html"].read_text(encoding="utf-8")
    assert "no fake profiles" in html and "n/a" in html


def test_no_labelled_profile_or_an_impossible_prevalence_is_an_error(model):
    unlabelled = [p.model_copy(update={"label": None}) for p in _fresh(20, seed=404)]
    with pytest.raises(RecordError, match="no labelled profiles"):
        evaluate_model(model, unlabelled)
    with pytest.raises(ValueError, match="prevalence"):
        evaluate_model(model, _fresh(20, seed=404), prevalence=1.5)


def test_an_extractor_without_data_is_named(no_invitations):
    _, ev = no_invitations
    assert ev.no_data == ["invitation"]
    assert ev.to_dict()["no_data"] == ["invitation"]
    html = render_html(ev, dict.fromkeys(FIGURES, b""))  # the figures do not matter here
    assert "invitation: no data in this set" in html


def test_same_model_data_and_seed_give_the_same_bytes(model, no_invitations, evaluation, written, tmp_path):
    paths, _ = written
    again = write_report(evaluation, tmp_path / "again")
    for name, path in paths.items():
        assert again[name].read_bytes() == path.read_bytes(), name
    profiles, first = no_invitations
    second = evaluate_model(model, profiles, seed=1, n_bootstrap=100, importance_repeats=1, prevalence=0.02)
    assert second.to_dict() == first.to_dict()
    card_a = write_model_card(model, tmp_path / "a" / "card.md", first).read_bytes()
    assert write_model_card(model, tmp_path / "b" / "card.md", second).read_bytes() == card_a


# ---------------------------------------------------------------------------------------- model card
def test_model_card_has_every_section(model, evaluation, tmp_path):
    card = write_model_card(model, tmp_path / "card.md", evaluation).read_text(encoding="utf-8")
    for heading in ("# Model card", "## Training data", "## Metrics", "## Intended use", "## Out-of-scope use",
                    "## Known false positives", "## Limits", "## Features", "## Versions"):
        assert f"\n{heading}" in "\n" + card, heading
    assert model.info["training_data"]["sha256"] in card
    assert "this evaluation" in card and "recall at 1.0% false-positive rate" in card
    for ex in model.builder.extractors:
        assert f"### {ex.name}\n\nNot documented" not in card, ex.name
        assert f"`{ex.qualified(ex.feature_names[0])}`" in card
    assert "- freelancers, consultants" in card  # the timeline module's bullet list
    plain = write_model_card(model, tmp_path / "plain.md").read_text(encoding="utf-8")
    assert "this evaluation" not in plain and "## Known false positives" in plain


@pytest.mark.parametrize(("doc", "expected"), [
    ("Clue.\n\nIt measures X. Known false positives: new graduates. And more.\n\nOther.",
     "Known false positives: new graduates. And more."),
    ("Clue.\n\nBulk fakes are thin. So are shy people (known false positives). The opposite too.",
     "So are shy people (known false positives)."),
    ("Clue.\n\nKnown false positives, and how:\n\n* interns\n  and board members\n* movers\n\nAfter.",
     "Known false positives, and how:\n- interns and board members\n- movers"),
    ("Clue without that paragraph.", None),
    (None, None),
])
def test_known_false_positives_are_read_in_each_way_modules_write_them(doc, expected):
    assert known_false_positives(doc) == expected
