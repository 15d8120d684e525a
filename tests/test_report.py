"""The evaluation report: right numbers with honest intervals, safe self-contained HTML, strict JSON, a full
model card, and the same bytes every time."""

from __future__ import annotations

import base64
import json
import math
import re
from html import escape as html_escape

import numpy as np
import pytest
from PIL import Image

from fakeprofile.evaluate import binary_metrics, judged_metrics, threshold_for_fpr
from fakeprofile.io.records import RecordError
from fakeprofile.report import (
    FIGURES,
    FPR_TARGETS,
    _bootstrap,
    _resample_weights,
    _weighted_metrics,
    evaluate_model,
    model_card,
    reason_line,
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


#: Profiles that show (next to) nothing: the model cannot judge them whatever they score.
N_EMPTY, N_NAME_ONLY = 8, 4


def _thin_profiles() -> list[Profile]:
    """Near-empty labelled profiles: an id and a label; or a name and a connection count besides."""
    empty = [Profile.model_validate({"id": f"empty{i}", "label": i % 2}) for i in range(N_EMPTY)]
    named = [Profile.model_validate({"id": f"named{i}", "name": "Ann Lee", "connections": 12, "label": 1})
             for i in range(N_NAME_ONLY)]
    return empty + named


@pytest.fixture(scope="module")
def with_thin(model, tmp_path_factory):
    """300 fresh profiles, evaluated alone and with the near-empty ones added; the latter written out."""
    fresh = _fresh(300, seed=505)
    profiles = fresh + _thin_profiles()
    options = {"seed": 2, "n_bootstrap": 100, "importance_repeats": 1}
    ev = evaluate_model(model, profiles, **options)
    paths = write_report(ev, tmp_path_factory.mktemp("thin"))
    return profiles, ev, evaluate_model(model, fresh, **options), paths


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


@pytest.mark.parametrize("which", ["hostile", "thin"])
def test_recall_per_archetype_adds_up_to_the_whole(which, evaluation, with_thin):
    ev = evaluation if which == "hostile" else with_thin[1]
    rows = ev.archetypes
    m = ev.metrics
    assert sum(r.n for r in rows) == ev.n
    assert sum(r.insufficient for r in rows) == ev.n_insufficient
    assert sum(r.n_fake for r in rows) == ev.n_fake_judged
    assert sum(r.detected for r in rows) == m["true_positives"].value
    assert sum(r.flagged_genuine for r in rows) == m["false_positives"].value
    for r in rows:
        assert r.n == r.n_fake + r.n_genuine + r.insufficient
        if r.n_fake:
            assert r.recall == pytest.approx(r.detected / r.n_fake, abs=1e-4)
        else:
            assert math.isnan(r.recall)
    assert {"stolen_photo", "ordinary"} <= {r.archetype for r in rows}
    if which == "thin":  # the near-empty profiles have no archetype: all too thin to judge
        assert next(r for r in rows if r.archetype is None).insufficient == N_EMPTY + N_NAME_ONLY


# ------------------------------------------------------------------------------------------- abstention
def test_probabilities_and_verdicts_are_the_models_own(model, with_thin):
    profiles, ev, _, _ = with_thin
    probabilities, judged = model.probabilities_and_judged(profiles)
    assert np.array_equal(ev.probabilities, probabilities)
    assert np.array_equal(ev.judged, judged)
    verdicts = {p.id: p.verdict for p in model.predict_profiles(profiles, n_reasons=0)}
    assert [verdicts[p.id] != "insufficient" for p in profiles] == ev.judged.tolist()


def test_near_empty_profiles_are_counted_as_insufficient_and_left_out_of_the_metrics(with_thin):
    profiles, ev, alone, _ = with_thin
    thin = [p.id.startswith(("empty", "named")) for p in profiles]
    assert not ev.judged[thin].any(), "a profile that shows nothing was judged"
    assert ev.n == len(profiles) and ev.n_insufficient == alone.n_insufficient + N_EMPTY + N_NAME_ONLY
    assert ev.n_fake_insufficient == alone.n_fake_insufficient + N_EMPTY // 2 + N_NAME_ONLY
    assert ev.n_judged == alone.n_judged == ev.n - ev.n_insufficient
    assert ev.abstention_rate == ev.n_insufficient / ev.n > 0
    # Left out: the judged metrics, their intervals and the operating points are those of the data without them.
    assert ev.metrics == alone.metrics
    assert ev.operating_points == alone.operating_points
    m = ev.metrics
    assert sum(m[k].value for k in ("true_positives", "false_positives", "true_negatives", "false_negatives")) == (
        ev.n_judged)
    assert sum(b.n for b in ev.calibration) == ev.n_judged
    # ... and listed, with the verdict and what is missing.
    listed = {c.id: c for c in ev.insufficient_fake}
    assert {f"named{i}" for i in range(N_NAME_ONLY)} <= set(listed)
    assert all(c.verdict == "insufficient" and c.missing.startswith("too little to judge") for c in listed.values())
    assert all(c.verdict != "insufficient" for c in ev.most_suspicious_genuine + ev.least_suspicious_fake)
    assert ev.notes[0].startswith(f"{ev.n_insufficient:,} of the {ev.n:,} labelled profiles")


def test_json_abstention_figures_equal_judged_metrics(model, with_thin):
    profiles, ev, _, paths = with_thin
    data = _strict_json(paths["json"].read_text(encoding="utf-8"))
    probabilities, judged = model.probabilities_and_judged(profiles)
    labels = np.array([p.label for p in profiles])
    want = judged_metrics(probabilities, labels, model.threshold, judged)
    assert want["n_insufficient"] >= N_EMPTY + N_NAME_ONLY
    assert data["n"] == want["n_all"] and data["n_judged"] == want["n"]
    assert data["n_fake_judged"] == want["n_fake"]
    assert data["n_insufficient"] == want["n_insufficient"]
    assert data["n_fake_insufficient"] == want["n_fake_insufficient"]
    assert data["abstention_rate"] == want["abstention_rate"]
    for name in ("roc_auc", "average_precision", "brier", "precision", "recall", "f1", "false_positive_rate"):
        assert data["metrics"][name]["value"] == round(want[name], 4), name
    html = paths["html"].read_text(encoding="utf-8")
    assert f"abstention rate {want['abstention_rate']:.1%}" in html
    assert (f"Measured on the {want['n']:,} judged profiles ({want['n_fake']:,} fake). {want['n_insufficient']:,} "
            f"of the {want['n_all']:,} labelled profiles") in html


def test_cases_show_both_sides_and_the_verdict(evaluation, written, with_thin):
    paths, html = written
    data = _strict_json(paths["json"].read_text(encoding="utf-8"))
    cases = evaluation.most_suspicious_genuine + evaluation.least_suspicious_fake
    assert any(c.reasons for c in cases) and any(c.reassurances for c in cases)
    for case, stored in zip(cases, data["most_suspicious_genuine"] + data["least_suspicious_fake"], strict=True):
        assert stored["verdict"] == case.verdict in ("fake", "genuine")
        assert all(r["contribution"] > 0 for r in case.reasons)
        assert all(r["contribution"] < 0 for r in case.reassurances)
        assert stored["reasons"] == case.reasons and stored["reassurances"] == case.reassurances
        for r in case.reasons + case.reassurances:
            assert set(r) >= {"clue", "contribution", "evidence"}
            line = reason_line(r)
            assert line.startswith(f"{r['contribution']:+.2f} log-odds, {r['clue']}: ")
            assert html_escape(line, quote=True) in html
    assert "raises suspicion (+)" in html and "lowers suspicion (-)" in html
    # The verdict is the model's: a false positive is one whose verdict is fake.
    genuine_flagged = [c for c in evaluation.most_suspicious_genuine if c.flagged]
    assert len(genuine_flagged) == min(len(evaluation.most_suspicious_genuine),
                                       evaluation.metrics["false_positives"].value)
    # An insufficient case shows its verdict and what is missing.
    _, thin, _, thin_paths = with_thin
    thin_html = thin_paths["html"].read_text(encoding="utf-8")
    case = thin.insufficient_fake[0]
    assert f"<td>insufficient: {case.missing}</td>" in thin_html
    assert "<h3>Fakes too thin to judge</h3>" in thin_html


def test_no_judgeable_profile_is_an_error(model):
    with pytest.raises(RecordError, match="none of the 12 labelled profiles can be judged"):
        evaluate_model(model, _thin_profiles(), n_bootstrap=10)


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
    # The three families that read only the invitation note have nothing to read; network still has the
    # endorsements, and banner has no image in profiles drawn without image files.
    assert ev.no_data == ["invitation", "note_language", "grammar", "banner"]
    assert ev.to_dict()["no_data"] == ev.no_data
    html = render_html(ev, dict.fromkeys(FIGURES, b""))  # the figures do not matter here
    assert "invitation: no data in this set" in html and "note_language: no data in this set" in html


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
    assert f"abstention rate {evaluation.abstention_rate:.1%}" in card and "judged profiles" in card
    for ex in model.builder.extractors:
        assert f"`{ex.qualified(ex.feature_names[0])}`" in card
    plain = write_model_card(model, tmp_path / "plain.md").read_text(encoding="utf-8")
    assert "this evaluation" not in plain and "## Known false positives" in plain


def _card_false_positives(card: str) -> dict[str, str]:
    """The model card's known-false-positives section: extractor name -> its passage."""
    section = card.split("\n## Known false positives\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.split(r"^### (\S+)\n", section, flags=re.MULTILINE)[1:]
    return {name: text.strip() for name, text in zip(blocks[::2], blocks[1::2], strict=True)}


def test_model_card_lists_each_extractors_known_false_positives(model):
    listed = _card_false_positives(model_card(model))
    assert list(listed) == [ex.name for ex in model.builder.extractors]
    for ex in model.builder.extractors:
        # as the extractor declares it, with docstring literals as Markdown code
        assert listed[ex.name] == type(ex).known_false_positives.replace("``", "`").strip(), ex.name
    assert "\n- freelancers, consultants" in listed["timeline"]  # a list stays a Markdown list
    assert "`employment_type`" in listed["timeline"]


def test_model_card_reads_known_false_positives_from_the_extractor_class(model, monkeypatch):
    cls = type(model.builder.extractors[0])
    monkeypatch.setattr(cls, "known_false_positives", "People who use ``fakeprofile`` to test it.")
    assert _card_false_positives(model_card(model))[cls.name] == "People who use `fakeprofile` to test it."
