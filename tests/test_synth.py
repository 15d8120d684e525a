"""The synthetic data generator: valid, deterministic, complete, and realistically hard.

The realism tests are the important ones. They compute simple per-profile clues straight from the raw
dicts (no extractor involved) and check that none of them separates fake from genuine on its own, and
that all of them together do well but not perfectly. If a change to the generator makes one clue a
give-away, a model trained on the data would learn the generator instead of the problem, and these
tests fail.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from fakeprofile.schema import Profile
from fakeprofile.synth import (
    ARCHETYPES,
    DEFAULT_INVITE,
    HIGH_SCHOOLS,
    LOCATION_COUNTRY,
    OBSERVED_AT,
    SCRAPED_SHARE,
    generate,
    generate_profiles,
)

REALISM_N = 3000
MAX_SINGLE_AUC = 0.9
MAX_COMBINED_AUC = 0.985
#: Label noise alone keeps the AUC on the given labels below about 0.98, so that bound cannot catch a
#: generator whose classes separate perfectly; the archetypes' own labels (before noise) can.
MAX_COMBINED_AUC_BEFORE_NOISE = 0.99


# --------------------------------------------------------------------------------------------------
# Simple clues computed from the raw dicts
# --------------------------------------------------------------------------------------------------

_ORG_WORDS = re.compile(
    r"\b(LLC|Inc\.?|Ltd|Solutions|Group|Agency|Consulting|Services|Technologies|GmbH|S\.A\.|FZE|Pvt|"
    r"Marketing|Recruitment|Trading|Exports|Staffing|Leads|Real Estate|Logistics|Web Design|Co\.)(\W|$)"
)
_PITCH_WORDS = re.compile(
    r"product|demo|call|leads|phone|whatsapp|pipeline|hiring|opportunit|price|quote|investment|offer",
    re.IGNORECASE,
)
_BUZZWORDS = re.compile(
    r"passionate|leverag|spearhead|orchestrat|champion|foster|innovat|synerg|results-driven|dedicated|"
    r"committed|proven track record|thrive|empower|dynamic",
    re.IGNORECASE,
)
_RECRUITER_WORDS = re.compile(r"recruit|talent|hiring|\bHR\b|people", re.IGNORECASE)
_ALL_HIGH_SCHOOLS = {school for schools in HIGH_SCHOOLS.values() for school in schools}
_NOW = int(OBSERVED_AT[:4]) * 12 + int(OBSERVED_AT[5:7]) - 1


def _month(date: str | None, *, end: bool = False) -> int | None:
    if date is None:
        return None
    month = int(date[5:7]) if len(date) >= 7 else (12 if end else 1)
    return int(date[:4]) * 12 + month - 1


def _interval(item: dict[str, Any]) -> tuple[int, int] | None:
    start = _month(item.get("start"))
    if start is None:
        return None
    end = _month(item.get("end"), end=True)
    return start, _NOW if end is None else end


def _max_overlap(jobs: list[dict[str, Any]]) -> float:
    spans = [s for s in (_interval(job) for job in jobs) if s is not None]
    best = 0
    for i, (a0, a1) in enumerate(spans):
        for b0, b1 in spans[i + 1:]:
            best = max(best, min(a1, b1) - max(a0, b0) + 1)
    return float(best)


def _country(location: str | None) -> str | None:
    return None if location is None else LOCATION_COUNTRY.get(location)


def _nan_if_none(value: Any) -> float:
    return math.nan if value is None else float(value)


def simple_features(p: dict[str, Any]) -> dict[str, float]:
    """Clues a person (or a one-line rule) could read off a profile, with NaN where unknown."""
    jobs = p["experience"] or []
    education = p["education"] or []
    activity = p["activity"] or {}
    invitation = p["invitation"] or {}
    recipient = invitation.get("recipient") or {}
    message = invitation.get("message")
    summary = p["summary"] or ""
    descriptions = [job["description"] for job in jobs if job["description"]]
    text = " ".join([summary, *descriptions])
    words = max(1, len(text.split()))
    connections = p["connections"]
    followers = p["followers"]
    created = _month(p["created_at"])
    starts = [m for m in (_month(job["start"]) for job in jobs) if m is not None]
    ends = [m for m in (_month(e["end"], end=True) for e in education) if m is not None]
    sent = activity.get("invitations_sent_30d")
    accepted = activity.get("invitations_accepted_30d")
    home = _country(p["location"])
    target = _country(recipient.get("location"))
    first_name = (recipient.get("name") or "").split(" ")[0]
    job_countries = {_country(job["location"]) for job in jobs} | {_country(e["location"]) for e in education}
    job_countries.discard(None)
    latest_job_country = _country(jobs[0]["location"]) if jobs else None
    companies = {job["company"] for job in jobs}
    career_months = _NOW - min(starts) if starts else math.nan
    account_age = _NOW - created if created is not None else math.nan
    fulltime = [job for job in jobs if job["employment_type"] == "full-time"]
    return {
        "connections": _nan_if_none(connections),
        "log_connections": math.log1p(connections) if connections is not None else math.nan,
        "followers": _nan_if_none(followers),
        "follower_ratio": followers / max(1, connections) if None not in (followers, connections) else math.nan,
        "summary_length": float(len(summary)),
        "headline_length": float(len(p["headline"] or "")),
        "n_jobs": float(len(jobs)),
        "description_share": len(descriptions) / len(jobs) if jobs else math.nan,
        "mean_description_length": float(np.mean([len(x) for x in descriptions])) if descriptions else 0.0,
        "buzzwords_per_100_words": 100.0 * len(_BUZZWORDS.findall(text)) / words,
        "n_skills": float(len(p["skills"] or [])),
        "recommendations": _nan_if_none(p["recommendations"]),
        "has_photo": float(bool(p["has_photo"])),
        "has_note": float(message is not None),
        "note_length": float(len(message or "")),
        "note_is_platform_default": float(message is not None and "add you to my professional network" in message),
        "note_names_recipient": float(bool(message and first_name and first_name in message)),
        "note_pitches": float(bool(message and _PITCH_WORDS.search(message))),
        "org_like_name": float(bool(_ORG_WORDS.search(p["name"] or ""))),
        "account_age_months": account_age,
        "career_minus_account_age": career_months - account_age,
        "invitations_sent_30d": _nan_if_none(sent),
        "acceptance_rate": accepted / sent if sent and accepted is not None else math.nan,
        "idk_reports": _nan_if_none(activity.get("idk_reports")),
        "posts": _nan_if_none(activity.get("posts")),
        "same_country_as_recipient": float(home == target) if home and target else math.nan,
        "shares_employer_with_recipient": float(recipient.get("company") in companies) if recipient else math.nan,
        "full_time_overlap_months": _max_overlap(fulltime),
        "any_overlap_months": _max_overlap(jobs),
        "undated_jobs": float(sum(job["start"] is None for job in jobs)),
        "missing_employment_type_share": (sum(job["employment_type"] is None for job in jobs) / len(jobs)
                                          if jobs else math.nan),
        "n_education": float(len(education)),
        "masters_from_high_school": float(any(
            e["school"] in _ALL_HIGH_SCHOOLS and re.search(r"Master|MBA", e["degree"] or "") for e in education)),
        "career_years": career_months / 12,
        "years_since_education": (_NOW - max(ends)) / 12 if ends else math.nan,
        "lives_outside_latest_job_country": (float(home != latest_job_country)
                                             if home and latest_job_country else math.nan),
        "n_countries": float(len(job_countries)),
        "recruiter_headline": float(bool(_RECRUITER_WORDS.search(p["headline"] or ""))),
        "lion_mentions": float("LION" in (p["headline"] or "") + summary),
        "non_ascii_name": float(not (p["name"] or "").isascii()),
    }


def _auc(y: np.ndarray, x: np.ndarray) -> float:
    """ROC-AUC of one clue in its better direction, missing values ranked below every known one."""
    from sklearn.metrics import roc_auc_score

    known = x[~np.isnan(x)]
    if known.size == 0:
        return 0.5
    filled = np.where(np.isnan(x), known.min() - 1, x)
    auc = roc_auc_score(y, filled)
    return max(auc, 1 - auc)


# --------------------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def profiles_2000() -> list[dict[str, Any]]:
    return generate_profiles(2000, seed=11)


@pytest.fixture(scope="module")
def realism_table() -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Simple clues of 3,000 profiles, their labels, and the labels of their archetypes (before noise)."""
    profiles = generate_profiles(REALISM_N, seed=2024)
    rows = [simple_features(p) for p in profiles]
    names = list(rows[0])
    x = np.array([[row[name] for name in names] for row in rows], dtype=np.float64)
    y = np.array([p["label"] for p in profiles])
    y_archetype = np.array([ARCHETYPES[p["archetype"]].label for p in profiles])
    return names, x, y, y_archetype


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    out = tmp_path_factory.mktemp("synth") / "a"
    return out, generate(60, seed=5, out_dir=out)


def _tree_digest(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


# --------------------------------------------------------------------------------------------------
# Validity and completeness
# --------------------------------------------------------------------------------------------------


def test_every_generated_profile_validates_against_the_schema(profiles_2000):
    for raw in profiles_2000:
        profile = Profile.model_validate(raw)
        assert profile.observed_at == OBSERVED_AT


def test_profiles_have_exactly_the_schema_keys(profiles_2000):
    assert all(list(p) == list(Profile.model_fields) for p in profiles_2000)


def test_every_archetype_appears_and_fakes_are_about_a_third(profiles_2000):
    counts = Counter(p["archetype"] for p in profiles_2000)
    assert set(counts) == set(ARCHETYPES)
    share_fake = sum(p["label"] for p in profiles_2000) / len(profiles_2000)
    assert 0.33 <= share_fake <= 0.43


def test_label_noise_is_present_but_small(profiles_2000):
    flipped = sum(p["label"] != ARCHETYPES[p["archetype"]].label for p in profiles_2000)
    assert 0.01 <= flipped / len(profiles_2000) <= 0.04


def test_fields_that_later_clues_need_are_filled(profiles_2000):
    def share(predicate) -> float:
        return sum(bool(predicate(p)) for p in profiles_2000) / len(profiles_2000)

    assert share(lambda p: p["experience"] and any(j["description"] for j in p["experience"])) > 0.4
    assert share(lambda p: p["experience"] and any(j["employment_type"] is None for j in p["experience"])) > 0.2
    assert share(lambda p: p["education"] and p["education"][0]["school"]) > 0.7
    assert share(lambda p: p["invitation"] and p["invitation"]["message"] is None) > 0.2
    assert share(lambda p: p["invitation"] and p["invitation"]["message"] == DEFAULT_INVITE) > 0.05
    # A fifth of profiles are seen as a scraper sees them (SCRAPED_SHARE): no invitation, activity or account age.
    assert share(lambda p: p["invitation"] and p["invitation"]["recipient"]["location"]) > 0.8 * (1 - SCRAPED_SHARE)
    assert share(lambda p: p["activity"] and p["activity"]["idk_reports"]) > 0.1
    assert share(lambda p: p["created_at"]) > 0.8 * (1 - SCRAPED_SHARE)
    assert share(lambda p: not p["activity"] and not p["created_at"] and not p["invitation"]) == pytest.approx(
        SCRAPED_SHARE, abs=0.03)
    assert share(lambda p: p["skills"]) > 0.6
    assert share(lambda p: p["location"] in LOCATION_COUNTRY) > 0.9
    assert share(lambda p: not (p["name"] or "").isascii()) > 0.2


@pytest.fixture(scope="module")
def clues_by_archetype(profiles_2000) -> dict[str, list[dict[str, float]]]:
    grouped: dict[str, list[dict[str, float]]] = {}
    for p in profiles_2000:
        grouped.setdefault(p["archetype"], []).append(simple_features(p))
    return grouped


@pytest.mark.parametrize(
    ("archetype", "feature", "direction"),
    [
        ("bulk_inviter", "note_is_platform_default", +1),
        ("bulk_inviter", "invitations_sent_30d", +1),
        ("stolen_photo", "same_country_as_recipient", -1),
        ("stolen_photo", "connections", -1),
        ("polished_persona", "buzzwords_per_100_words", +1),
        ("polished_persona", "description_share", +1),
        ("polished_persona", "follower_ratio", +1),
        ("company_page", "org_like_name", +1),
        ("sales_spam", "note_pitches", +1),
        ("sales_spam", "idk_reports", +1),
        ("timeline_oddity", "full_time_overlap_months", +1),
        ("timeline_oddity", "undated_jobs", +1),
        ("timeline_oddity", "masters_from_high_school", +1),
        ("new_graduate", "career_years", -1),
        ("new_graduate", "connections", -1),
        ("private_person", "has_photo", -1),
        ("open_networker", "connections", +1),
        ("open_networker", "lion_mentions", +1),
        ("recruiter_sales", "note_pitches", +1),
        ("relocated", "lives_outside_latest_job_country", +1),
        ("relocated", "n_countries", +1),
        ("freelancer", "any_overlap_months", +1),
        ("eager_newcomer", "idk_reports", +1),
        ("eager_newcomer", "account_age_months", -1),
    ],
)
def test_each_archetype_shows_the_clue_it_is_about(clues_by_archetype, archetype, feature, direction):
    """Compared with ordinary professionals, each archetype leans the way the seeds describe."""

    def mean(name: str) -> float:
        return float(np.nanmean([clues[feature] for clues in clues_by_archetype[name]]))

    assert (mean(archetype) - mean("ordinary")) * direction > 0


def test_the_data_tables_refer_only_to_places_and_names_they_define():
    from fakeprofile import synth

    countries = {city.country for city in synth.CITIES}
    assert countries <= set(synth.UNIVERSITIES) and countries <= set(synth.COUNTRY_CULTURES)
    for table in (synth.FAR_AWAY_COUNTRIES, synth.EMIGRATION_COUNTRIES, synth.IMMIGRATION_COUNTRIES,
                  synth.HIGH_SCHOOLS, synth.COMPANIES, synth.LOCAL_DEGREES):
        assert set(table) <= countries
    assert set(synth.RECIPIENT_HUBS) <= {city.name for city in synth.CITIES}
    assert {c for weights in synth.COUNTRY_CULTURES.values() for c in weights} <= set(synth.NAMES)
    variants = [v for city in synth.CITIES for v in city.variants]
    assert len(variants) == len(set(variants)), "a location string must name one city"


def test_profile_i_does_not_depend_on_how_many_are_drawn():
    assert generate_profiles(30, seed=9) == generate_profiles(80, seed=9)[:30]


def test_the_same_seed_gives_the_same_profiles_and_another_seed_does_not():
    assert generate_profiles(200, seed=1) == generate_profiles(200, seed=1)
    assert generate_profiles(200, seed=1) != generate_profiles(200, seed=2)


@pytest.mark.parametrize(("n", "seed"), [(-1, 0), (3, -2), (2.5, 0)])
def test_bad_arguments_are_refused(n, seed):
    with pytest.raises(ValueError):
        generate_profiles(n, seed)


# --------------------------------------------------------------------------------------------------
# Files and images
# --------------------------------------------------------------------------------------------------


def test_generate_writes_the_same_bytes_for_the_same_seed(written, tmp_path):
    first, _ = written
    generate(60, seed=5, out_dir=tmp_path / "b")
    generate(60, seed=6, out_dir=tmp_path / "c")
    digest = _tree_digest(first)
    assert digest == _tree_digest(tmp_path / "b")
    other = _tree_digest(tmp_path / "c")
    assert other["profiles.jsonl"] != digest["profiles.jsonl"]
    # The known (stock and celebrity) pictures are the same world for every seed; the copies differ.
    assert other["known_images/known_000.jpg"] == digest["known_images/known_000.jpg"]


def test_generate_writes_the_records_generate_profiles_draws(written):
    out, summary = written
    from fakeprofile.io.jsonl import read_jsonl

    items = list(read_jsonl(out / "profiles.jsonl"))
    assert all(item.ok for item in items), [item.error for item in items if not item.ok]
    expected = generate_profiles(60, seed=5)
    lines = (out / "profiles.jsonl").read_text(encoding="utf-8").splitlines()
    written_records = [json.loads(line) for line in lines]
    assert [dict(r, photo=None) for r in written_records] == expected
    assert summary.n == 60 and summary.n_fake == sum(p["label"] for p in expected)
    assert summary.n_photos == sum(r["photo"] is not None for r in written_records)


def test_photos_exist_decode_and_are_small(written):
    out, summary = written
    records = [json.loads(line) for line in (out / "profiles.jsonl").read_text(encoding="utf-8").splitlines()]
    photos = [r["photo"] for r in records if r["photo"] is not None]
    assert len(photos) > 30
    formats = Counter()
    for relative in photos:
        assert relative.startswith("photos/") and not Path(relative).is_absolute()
        path = out / relative
        assert path.is_file() and path.stat().st_size < 40_000
        with Image.open(path) as img:
            img.load()
            formats[img.format] += 1
            assert 80 <= img.width <= 170 and 80 <= img.height <= 170
    assert formats["JPEG"] > 0 and formats["PNG"] > 0
    known = sorted(summary.known_images_dir.iterdir())
    assert 40 <= len(known) <= 80
    for path in known:
        with Image.open(path) as img:
            img.load()


def test_photos_are_visually_distinct(written):
    out, _ = written
    import imagehash

    hashes = []
    for path in sorted((out / "photos").iterdir()):
        with Image.open(path) as img:
            hashes.append(imagehash.average_hash(img.convert("RGB")))
    distinct = {str(h) for h in hashes}
    assert len(distinct) >= 0.8 * len(hashes)


def _hash_variants(image: Image.Image) -> list[Any]:
    """Perceptual hashes of an image, its mirror, and 15% crops of both (centre and corners)."""
    import imagehash
    from PIL import ImageOps

    w, h = image.size
    cw, ch = int(w * 0.85), int(h * 0.85)
    boxes = [(0, 0, w, h)] + [(x, y, x + cw, y + ch) for x in (0, (w - cw) // 2, w - cw) for y in (0, h - ch)]
    crops = [image.crop(box) for box in boxes]
    return [imagehash.phash(c) for crop in crops for c in (crop, ImageOps.mirror(crop))]


def test_stolen_photos_are_edited_copies_of_known_images(tmp_path):
    import imagehash

    out = tmp_path / "d"
    generate(150, seed=21, out_dir=out)
    known = [h for p in sorted((out / "known_images").iterdir()) for h in _hash_variants(Image.open(p).convert("RGB"))]
    records = [json.loads(line) for line in (out / "profiles.jsonl").read_text(encoding="utf-8").splitlines()]

    def nearest(record: dict[str, Any]) -> int:
        h = imagehash.phash(Image.open(out / record["photo"]).convert("RGB"))
        return min(h - k for k in known)

    stolen = [nearest(r) for r in records if r["archetype"] == "stolen_photo" and r["photo"]]
    ordinary = [nearest(r) for r in records if r["archetype"] == "ordinary" and r["photo"]]
    assert len(stolen) >= 5 and len(ordinary) >= 20
    assert np.median(stolen) + 4 <= np.median(ordinary)
    stolen_bytes = {(out / r["photo"]).read_bytes() for r in records if r["archetype"] == "stolen_photo" and r["photo"]}
    known_bytes = {p.read_bytes() for p in (out / "known_images").iterdir()}
    assert not stolen_bytes & known_bytes  # copies are edited, never byte-identical


# --------------------------------------------------------------------------------------------------
# Realism: no give-away clue, and a combined model that is good but not perfect
# --------------------------------------------------------------------------------------------------


def test_no_single_simple_clue_separates_the_classes(realism_table):
    names, x, y, _ = realism_table
    aucs = {name: _auc(y, x[:, j]) for j, name in enumerate(names)}
    too_strong = {name: round(auc, 3) for name, auc in aucs.items() if auc >= MAX_SINGLE_AUC}
    assert not too_strong, f"single clues that nearly separate the classes: {too_strong}"
    assert max(aucs.values()) > 0.7, "the clues carry no signal at all"


def test_simple_clues_together_are_good_but_not_perfect(realism_table):
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from threadpoolctl import threadpool_limits

    _, x, y, y_archetype = realism_table
    model = HistGradientBoostingClassifier(random_state=0)
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    with threadpool_limits(1):  # small data: threads only fight over the cores
        given = cross_val_score(model, x, y, cv=folds, scoring="roc_auc").mean()
        before_noise = cross_val_score(model, x, y_archetype, cv=folds, scoring="roc_auc").mean()
    assert 0.85 < given < MAX_COMBINED_AUC, given
    assert before_noise < MAX_COMBINED_AUC_BEFORE_NOISE, before_noise
