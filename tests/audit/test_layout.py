from __future__ import annotations

import base64
import io
import json
import math
import random

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from fakeprofile.audit.layout import (
    EMPTY,
    FILLED,
    LAYOUT_COLUMNS,
    LAYOUT_LEAKAGE_BOUND,
    NOT_GIVEN,
    SECTIONS,
    LeakageReport,
    layout_features,
    layout_leakage,
)
from fakeprofile.schema import Profile
from tests.conftest import assert_features, make_profile_dict

NAN = math.nan


def row_of(record, base_dir=None) -> dict[str, float]:
    frame = layout_features([record], base_dir=base_dir)
    assert list(frame.columns) == list(LAYOUT_COLUMNS)
    return frame.iloc[0].to_dict()


def png_bytes(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------- layout_features


NEWER_SECTIONS = ("endorsements", "handle", "website", "visibility", "banner")


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        # The builder's profile: every section given and filled except the photo and the issue-19 sections
        # (endorsements, handle, website, visibility, banner), which it does not give.
        ({}, {**{f"state_{s}": FILLED for s in SECTIONS}, "state_photo": NOT_GIVEN,
              **{f"state_{s}": NOT_GIVEN for s in NEWER_SECTIONS}, "sections_filled": 12.0,
              "sections_unknown": 1.0 + len(NEWER_SECTIONS)}),
        # Given but empty: "", [], has_photo false, a zero count, an object with no value.
        ({"headline": "", "summary": "   ", "location": "", "has_photo": False, "experience": [], "education": [],
          "skills": [], "recommendations": 0, "connections": 0, "followers": 0, "activity": {},
          "invitation": {"message": None, "recipient": None}, "endorsements": {}, "handle": "",
          "has_website": False, "visibility": "", "banner": ""},
         {**{f"state_{s}": EMPTY for s in SECTIONS}, "state_created_at": FILLED, "sections_filled": 1.0,
          "sections_unknown": 0.0}),
        # Not given (absent): unknown, not empty.
        ({s: None for s in ("headline", "summary", "location", "experience", "education", "skills",
                            "recommendations", "connections", "followers", "created_at", "activity", "invitation")},
         {**{f"state_{s}": NOT_GIVEN for s in SECTIONS}, "sections_filled": 0.0,
          "sections_unknown": float(len(SECTIONS))}),
        ({"website": "example.org"}, {"state_website": FILLED}),
        ({"has_website": True}, {"state_website": FILLED}),
        ({"invitation": {"message": "Hi", "mutual_connections": 0}}, {"invitation_common_given": 1.0}),
        ({"has_photo": True}, {"state_photo": FILLED}),
        ({"photo": "photos/p1.jpg"}, {"state_photo": FILLED}),
        ({"photo": "photos/p1.jpg", "has_photo": False}, {"state_photo": FILLED}),
        ({"activity": {"posts": 0}}, {"state_activity": FILLED, "activity_fields_given": 1.0}),
        ({"activity": {"posts": None}}, {"state_activity": EMPTY, "activity_fields_given": 0.0}),
    ],
)
def test_section_states_tell_not_given_from_empty_from_filled(overrides, expected):
    assert_features(row_of(make_profile_dict(**overrides)), expected)


def test_explicit_none_is_not_given_like_an_absent_key():
    record = {"id": "x", "summary": None, "experience": None, "has_photo": None, "photo": None}
    assert_features(row_of(record), {"state_summary": NOT_GIVEN, "state_experience": NOT_GIVEN,
                                     "state_photo": NOT_GIVEN, "n_jobs": NAN, "len_summary": NAN})


def test_counts_lengths_and_shares_of_the_builder_profile():
    assert_features(row_of(make_profile_dict()), {
        "n_jobs": 2.0, "n_schools": 1.0, "n_skills": 2.0,
        "len_headline": len("HR Business Partner at Vale"),
        "len_summary": len("People and culture professional with ten years in talent development."),
        "headline_segments": 1.0,
        "job_description_len_mean": len("Partnering with engineering leadership on hiring and retention."),
        "job_description_len_max": len("Partnering with engineering leadership on hiring and retention."),
        "jobs_share_described": 0.5, "jobs_share_title": 1.0, "jobs_share_location": 1.0,
        "jobs_share_employment_type": 1.0, "jobs_share_no_start": 0.0,
        "schools_share_degree": 1.0, "schools_share_field": 1.0, "schools_share_dated": 1.0,
        "activity_fields_given": 4.0, "invitation_has_recipient": 1.0,
        "photo_width": NAN, "photo_height": NAN,
    })


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"experience": None, "education": None, "skills": None},
         {"n_jobs": NAN, "n_schools": NAN, "n_skills": NAN, "jobs_share_described": NAN,
          "job_description_len_mean": NAN, "dates_share_year_only": NAN}),
        ({"experience": [], "skills": []}, {"n_jobs": 0.0, "n_skills": 0.0, "jobs_share_described": NAN}),
        ({"headline": "Founder | CEO • Speaker · Author"}, {"headline_segments": 4.0}),
        ({"headline": "Sales || Growth |"}, {"headline_segments": 2.0}),
        ({"headline": ""}, {"headline_segments": 0.0, "len_headline": 0.0}),
        ({"experience": [{"title": "A", "description": "x" * 10}, {"title": "B", "description": "y" * 30},
                         {"title": "C", "description": ""}, {"title": "D"}]},
         {"n_jobs": 4.0, "jobs_share_described": 0.5, "job_description_len_mean": 20.0,
          "job_description_len_max": 30.0, "jobs_share_company": 0.0}),
        ({"invitation": {"message": "Hello"}}, {"state_invitation": FILLED, "invitation_has_recipient": 0.0}),
        ({"invitation": None}, {"invitation_has_recipient": NAN}),
        ({"activity": None}, {"activity_fields_given": NAN}),
    ],
)
def test_counts_lengths_and_shapes(overrides, expected):
    assert_features(row_of(make_profile_dict(**overrides)), expected)


@pytest.mark.parametrize(
    ("experience", "education", "expected"),
    [
        # Builder-like: 3 job dates YYYY-MM (the current job has no end), 2 school dates YYYY.
        ([{"start": "2019-03"}, {"start": "2015-01", "end": "2019-02"}], [{"start": "2010", "end": "2014"}],
         {"dates_share_year_only": 2 / 5, "dates_share_year_month": 3 / 5, "jobs_share_no_start": 0.0,
          "schools_share_dated": 1.0}),
        ([{"start": "2019"}, {"end": "2018"}, {}], [],
         {"dates_share_year_only": 1.0, "dates_share_year_month": 0.0, "jobs_share_no_start": 2 / 3}),
        ([{"title": "No dates"}], [{"school": "No dates"}],
         {"dates_share_year_only": NAN, "dates_share_year_month": NAN, "jobs_share_no_start": 1.0,
          "schools_share_dated": 0.0}),
        # A date in neither form counts in neither share.
        ([{"start": "2019-03"}, {"start": "March 2019"}], None,
         {"dates_share_year_only": 0.0, "dates_share_year_month": 0.5, "jobs_share_no_start": 0.0}),
    ],
)
def test_date_precision(experience, education, expected):
    record = {"id": "d", "experience": experience, "education": education}
    assert_features(row_of(record), expected)


def test_photo_size_is_read_from_the_file_relative_to_base_dir(tmp_path):
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "p1.png").write_bytes(png_bytes(37, 21))
    record = make_profile_dict(photo="photos/p1.png")
    assert_features(row_of(record, base_dir=tmp_path), {"photo_width": 37.0, "photo_height": 21.0})
    assert_features(row_of(record, base_dir=str(tmp_path)), {"photo_width": 37.0, "photo_height": 21.0})


def test_photo_size_from_an_absolute_path_and_a_data_uri(tmp_path):
    path = tmp_path / "p.png"
    path.write_bytes(png_bytes(12, 34))
    uri = "data:image/png;base64," + base64.b64encode(png_bytes(50, 40)).decode()
    frame = layout_features([{"id": "a", "photo": str(path)}, {"id": "b", "photo": uri}])
    assert frame["photo_width"].tolist() == [12.0, 50.0]
    assert frame["photo_height"].tolist() == [34.0, 40.0]


@pytest.mark.parametrize("photo", ["photos/missing.png", "not-an-image.txt", "data:image/png;base64,AAAA", "."])
def test_unreadable_photo_has_no_size_but_still_counts_as_shown(tmp_path, photo):
    (tmp_path / "not-an-image.txt").write_text("hello")
    row = row_of({"id": "x", "photo": photo}, base_dir=tmp_path)
    assert_features(row, {"photo_width": NAN, "photo_height": NAN, "state_photo": FILLED})


def test_profile_objects_give_the_same_row_as_their_dicts():
    records = [make_profile_dict(), make_profile_dict(summary="", experience=[], has_photo=False),
               {"id": "bare"}]
    from_dicts = layout_features(records)
    from_profiles = layout_features([Profile.model_validate(r) for r in records])
    pd.testing.assert_frame_equal(from_dicts, from_profiles)


def test_a_minimal_record_is_all_unknown():
    row = row_of({"id": "x"})
    assert all(row[f"state_{s}"] == NOT_GIVEN for s in SECTIONS)
    assert row["sections_unknown"] == len(SECTIONS)
    unmeasured = [c for c in LAYOUT_COLUMNS if not c.startswith(("state_", "sections_"))]
    assert all(math.isnan(row[c]) for c in unmeasured), {c: row[c] for c in unmeasured}


@pytest.mark.parametrize(
    "record",
    [
        {},
        {"id": "x", "headline": 42, "summary": ["a"], "location": {"city": "X"}},
        {"id": "x", "experience": "three jobs", "education": {"school": "X"}, "skills": "Python, SQL"},
        {"id": "x", "experience": [None, 3, "job", {"start": 2019, "end": ["2020"], "description": 7}]},
        {"id": "x", "connections": "many", "followers": -1, "recommendations": math.nan, "created_at": 2020},
        {"id": "x", "activity": "busy", "invitation": ["hi"], "has_photo": "yes", "photo": 123},
        {"id": "x", "invitation": {"recipient": "Ana"}, "activity": {"posts": "lots"}},
        {"id": "x", "photo": "/dev/zero"},
        {"id": "x", "photo": "https://example.com/p.jpg"},
        {"id": "x", "photo": "a\0b"},
        None,
        "not a record",
        42,
    ],
)
def test_odd_records_never_crash(record):
    frame = layout_features([record])
    assert frame.shape == (1, len(LAYOUT_COLUMNS))
    assert all(dtype == np.float64 for dtype in frame.dtypes)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=8,
)
_keys = st.sampled_from(["headline", "summary", "photo", "has_photo", "experience", "education", "skills",
                         "connections", "activity", "invitation", "created_at", "recommendations"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_keys, _json, max_size=6), st.lists(st.dictionaries(
    st.sampled_from(["start", "end", "description", "title"]), _json, max_size=4), max_size=3))
def test_any_json_record_gives_one_float_row(record, jobs):
    record = {"id": "h", **record}
    if jobs:
        record["experience"] = jobs
    frame = layout_features([record])
    assert frame.shape == (1, len(LAYOUT_COLUMNS))
    assert all(dtype == np.float64 for dtype in frame.dtypes)


def test_one_row_per_record_in_order():
    records = [make_profile_dict(id=f"p{i}", skills=["s"] * i) for i in range(5)]
    assert layout_features(records)["n_skills"].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert layout_features([]).shape == (0, len(LAYOUT_COLUMNS))


# ---------------------------------------------------------------------------------------------- layout_leakage


def random_records(n: int, seed: int, headline_length=None) -> tuple[list[dict], list[int]]:
    """Varied hand-made profiles with random labels; ``headline_length(rng, label)`` plants a leak."""
    rng = random.Random(seed)
    records, labels = [], []
    for i in range(n):
        label = int(rng.random() < 0.4)
        length = headline_length(rng, label) if headline_length else rng.randint(10, 90)
        records.append(make_profile_dict(
            id=f"r{i}",
            headline="h" * length,
            summary=rng.choice([None, "", "s" * rng.randint(20, 300)]),
            skills=["k"] * rng.randint(0, 20),
            experience=[{"title": "t", "start": rng.choice(["2019", "2019-04"]),
                         "description": rng.choice([None, "d" * rng.randint(10, 200)])}
                        for _ in range(rng.randint(1, 6))],
            education=rng.choice([None, [], [{"school": "u", "start": "2010"}]]),
            has_photo=rng.choice([None, True, False]),
        ))
        labels.append(label)
    return records, labels


def test_a_planted_leak_is_detected_and_named():
    records, labels = random_records(
        400, seed=1, headline_length=lambda rng, label: rng.randint(81, 120) if label else rng.randint(10, 79))
    report = layout_leakage(layout_features(records), labels, seed=0)
    assert report.auc > 0.9
    assert not report.passed
    assert report.ranked()[0][0] == "len_headline"
    assert max(report.per_feature, key=report.per_feature.get) == "len_headline"
    assert report.per_feature["len_headline"] > 0.95
    assert "FAIL" in report.describe()


def test_a_leak_in_a_band_of_values_shows_in_the_tree_auc():
    # Fakes have headlines of 45-55 characters, genuine ones anything from 10 to 90: ranking sees little.
    records, labels = random_records(
        600, seed=2, headline_length=lambda rng, label: rng.randint(45, 55) if label else rng.randint(10, 90))
    report = layout_leakage(layout_features(records), labels, seed=0)
    assert report.per_feature["len_headline"] < 0.65
    assert report.per_feature_cv["len_headline"] > 0.8
    assert report.ranked()[0][0] == "len_headline"
    assert report.auc > LAYOUT_LEAKAGE_BOUND


def test_shuffled_labels_do_not_separate():
    records, labels = random_records(
        400, seed=3, headline_length=lambda rng, label: rng.randint(81, 120) if label else rng.randint(10, 79))
    shuffled = list(labels)
    random.Random(0).shuffle(shuffled)
    report = layout_leakage(layout_features(records), shuffled, seed=0)
    assert abs(report.auc - 0.5) < 0.1
    assert report.auc < LAYOUT_LEAKAGE_BOUND
    assert report.passed
    assert "PASS" in report.describe()


def test_single_column_auc_folds_direction_ranks_nan_lowest_and_gives_constants_half():
    labels = [0, 0, 0, 1, 1, 1]
    frame = pd.DataFrame({
        "rising": [1, 2, 3, 4, 5, 6],
        "falling": [6, 5, 4, 3, 2, 1],
        "nan_for_genuine": [NAN, NAN, NAN, 0.0, 0.0, 0.0],  # NaN below every value, even 0
        "nan_for_fakes": [-5.0, -5.0, -5.0, NAN, NAN, NAN],
        "constant": [7.0] * 6,
        "all_nan": [NAN] * 6,
    })
    report = layout_leakage(frame, labels, folds=3)
    assert report.per_feature == {"rising": 1.0, "falling": 1.0, "nan_for_genuine": 1.0, "nan_for_fakes": 1.0,
                                  "constant": 0.5, "all_nan": 0.5}
    assert report.fold_aucs and len(report.fold_aucs) == 3
    assert report.auc == pytest.approx(np.mean(report.fold_aucs))


def test_leakage_is_deterministic_for_a_seed():
    records, labels = random_records(200, seed=4)
    frame = layout_features(records)
    assert layout_leakage(frame, labels, seed=5) == layout_leakage(frame, labels, seed=5)


@pytest.mark.parametrize(
    ("labels", "message"),
    [([0, 1, 0], "3 labels for 10 rows"), ([0, 1, 2, 0, 1, 0, 1, 0, 1, 0], "0 \\(genuine\\) or 1"),
     ([0] * 8 + [1] * 2, "at least 5 records")],
)
def test_leakage_refuses_labels_that_do_not_fit(labels, message):
    frame = pd.DataFrame({"a": range(10)})
    with pytest.raises(ValueError, match=message):
        layout_leakage(frame, labels)


def test_describe_shows_verdict_bound_and_every_column_most_separating_first():
    report = LeakageReport(auc=0.7, fold_aucs=(0.69, 0.71), per_feature={"a": 0.55, "b": 0.8, "c": 0.5},
                           per_feature_cv={"a": 0.9, "b": 0.75, "c": 0.49}, n_records=10, n_fake=4)
    text = report.describe()
    assert "FAIL" in text and "0.700" in text and f"{LAYOUT_LEAKAGE_BOUND:.2f}" in text
    order = [line.split()[-1] if "<-" not in line else line.split()[2]
             for line in text.splitlines()[4:]]
    assert order == ["a", "b", "c"]
    assert len(report.describe(top=1).splitlines()) == 5


# ---------------------------------------------------------------------------------------------- the generator


def test_fresh_synthetic_layout_does_not_separate_classes(tmp_path):
    """The acceptance test of the synthetic generator: layout alone must not tell fake from genuine."""
    from fakeprofile.synth import generate

    generate(5000, seed=31337, out_dir=tmp_path)  # the size the bound is stated for (issue 15)
    with open(tmp_path / "profiles.jsonl", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    frame = layout_features(records, base_dir=tmp_path)
    assert frame["photo_width"].notna().any(), "no photo of the synthetic set could be read"
    report = layout_leakage(frame, [r["label"] for r in records], seed=0)
    assert report.auc <= LAYOUT_LEAKAGE_BOUND, "\n" + report.describe()


def test_a_pandas_na_cell_counts_as_not_given():
    import pandas as pd

    frame = layout_features([{"id": "a", "summary": pd.NA, "skills": pd.NA}])
    assert frame.loc[0, "state_summary"] == NOT_GIVEN and frame.loc[0, "state_skills"] == NOT_GIVEN
