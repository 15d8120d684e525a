"""The synthetic generator: valid, deterministic, and built so that only clues separate the classes.

The important tests are the ones about what a model could learn from the data: every clue the extractors
measure occurs in both classes, and more often in fakes; what a source leaves out is left out at the same
rate in both classes; and the seeds' rarer clues (degree-order violations, tiny photos) actually occur.
``tests/audit/test_layout.py`` checks that layout alone does not separate the classes.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from fakeprofile.features import FeatureBuilder, make_extractors
from fakeprofile.schema import Profile
from fakeprofile.synth import (
    CLUES,
    DEFAULT_INVITE,
    FAKE_ARCHETYPES,
    OBSERVED_AT,
    PAGE_CLUES,
    PERSONAS,
    SCRAPED_SHARE,
    clue_rates,
    draw_plan,
    draw_profile_images,
    generate,
    generate_profiles,
    names,
    places,
)
from fakeprofile.synth.vocab import FREE_HOSTS, URL_SHORTENERS

N = 4000


@pytest.fixture(scope="module")
def profiles() -> list[dict[str, Any]]:
    return generate_profiles(N, seed=11)


@pytest.fixture(scope="module")
def labels(profiles) -> np.ndarray:
    return np.array([p["label"] for p in profiles])


@pytest.fixture(scope="module")
def features(profiles) -> tuple[list[str], np.ndarray]:
    builder = FeatureBuilder(make_extractors(), as_of=OBSERVED_AT)
    return builder.feature_names, builder.matrix([Profile.model_validate(p) for p in profiles])


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    out = tmp_path_factory.mktemp("synth") / "a"
    return out, generate(80, seed=5, out_dir=out)


def _tree_digest(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


# ------------------------------------------------------------------------------------------ validity
def test_every_generated_profile_validates_against_the_schema(profiles):
    for raw in profiles:
        assert Profile.model_validate(raw).observed_at == OBSERVED_AT


def test_profiles_have_exactly_the_schema_keys(profiles):
    assert all(list(p) == list(Profile.model_fields) for p in profiles)


def test_every_persona_and_archetype_appears_and_fakes_are_about_a_third(profiles, labels):
    counts = Counter(p["archetype"] for p in profiles)
    assert set(counts) == set(PERSONAS) | set(FAKE_ARCHETYPES)
    assert 0.33 <= labels.mean() <= 0.41


def test_label_noise_is_present_but_small(profiles, labels):
    truth = np.array([p["archetype"] in FAKE_ARCHETYPES for p in profiles])
    assert 0.01 <= (labels != truth).mean() <= 0.04


def test_profile_i_does_not_depend_on_how_many_are_drawn():
    assert generate_profiles(30, seed=9) == generate_profiles(80, seed=9)[:30]


def test_the_same_seed_gives_the_same_profiles_and_another_seed_does_not():
    assert generate_profiles(200, seed=1) == generate_profiles(200, seed=1)
    assert generate_profiles(200, seed=1) != generate_profiles(200, seed=2)


@pytest.mark.parametrize(("n", "seed"), [(-1, 0), (3, -2), (2.5, 0)])
def test_bad_arguments_are_refused(n, seed):
    with pytest.raises(ValueError):
        generate_profiles(n, seed)


def test_the_data_tables_refer_only_to_places_and_names_they_define():
    countries = {city.country for city in places.CITIES}
    assert countries <= set(names.UNIVERSITIES) and countries <= set(names.COUNTRY_CULTURES)
    for table in (places.FAR_AWAY_COUNTRIES, places.EMIGRATION_COUNTRIES, places.IMMIGRATION_COUNTRIES,
                  names.HIGH_SCHOOLS, names.COMPANIES, names.LOCAL_DEGREES):
        assert set(table) <= countries
    assert set(places.RECIPIENT_HUBS) <= {city.name for city in places.CITIES}
    assert {c for weights in names.COUNTRY_CULTURES.values() for c in weights} <= set(names.NAMES)
    variants = [v for city in places.CITIES for v in city.variants]
    assert len(variants) == len(set(variants)), "a location string must name one city"


# --------------------------------------------------------------------------- clues in both classes
def test_every_clue_has_a_rate_in_both_classes_and_a_higher_one_in_fakes():
    """The declared rates: every clue occurs on genuine profiles (background or look-alike) and, on average
    over the archetypes that pose as the personas, more often on fakes."""
    weights = {name: p.weight for name, p in PERSONAS.items()}
    total = sum(weights.values())
    fake_total = sum(a.weight for a in FAKE_ARCHETYPES.values())
    for clue in CLUES:
        genuine = sum(w * clue_rates(PERSONAS[p], None)[clue] for p, w in weights.items()) / total
        fake = sum(w * a.weight * clue_rates(PERSONAS[p], a)[clue] for p, w in weights.items()
                   for a in FAKE_ARCHETYPES.values()) / (total * fake_total)
        assert genuine > 0, f"{clue} never occurs on genuine profiles: a model would learn it exists"
        assert fake > genuine, f"{clue}: {fake:.3f} on fakes, {genuine:.3f} on genuine"


#: Clues as the extractors measure them: (column, test on the value). Each must occur on genuine profiles
#: too, and more often on fakes.
MEASURED_CLUES = {
    "name__looks_like_organisation": lambda v: v == 1,
    "name__name_has_digits": lambda v: v == 1,
    "connections__very_low_for_career": lambda v: v == 1,
    "timeline__overlapping_fulltime_pairs": lambda v: v >= 1,
    "timeline__share_jobs_undated": lambda v: v > 0,
    "timeline__degree_order_violations": lambda v: v >= 1,
    "timeline__degrees_from_secondary_schools": lambda v: v >= 1,
    "geography__study_while_working_abroad": lambda v: v >= 1,
    "geography__same_country_as_recipient": lambda v: v == 0,
    "invitation__has_note": lambda v: v == 0,
    "invitation__platform_default": lambda v: v == 1,
    "invitation__generic_template": lambda v: v == 1,
    "invitation__pitch_template": lambda v: v == 1,
    "invitation__asks_for_contact": lambda v: v == 1,
    "invitation__contradicts_recipient": lambda v: v == 1,
    "invitation__exclamations": lambda v: v >= 2,
    "activity__idk_reports": lambda v: v >= 3,
    "activity__invitation_acceptance_rate": lambda v: v < 0.15,
    "activity__invitations_sent_30d": lambda v: v >= 100,
    "activity__account_age_years": lambda v: v < 0.75,
    "completeness__summary_length": lambda v: v == 0,
    "completeness__share_jobs_with_description": lambda v: v == 0,
    "completeness__skills": lambda v: v == 0,
    "completeness__education_entries": lambda v: v == 0,
    "completeness__has_photo": lambda v: v == 0,
    "writing__stock_phrases_per_100_words": lambda v: v >= 3,
    "network__endorsers_beyond_connections": lambda v: v == 1,
}


@pytest.mark.parametrize("column", sorted(MEASURED_CLUES))
def test_each_measured_clue_occurs_in_both_classes_and_more_often_in_fakes(features, labels, column):
    names_, matrix = features
    values = matrix[:, names_.index(column)]
    known = ~np.isnan(values)
    shows = np.zeros(len(values), dtype=bool)
    shows[known] = [bool(MEASURED_CLUES[column](v)) for v in values[known]]
    genuine = shows[(labels == 0) & known]
    fake = shows[(labels == 1) & known]
    assert genuine.sum() >= 3, f"{column}: only {genuine.sum()} genuine profiles show it"
    assert fake.mean() > genuine.mean(), f"{column}: fakes {fake.mean():.3f}, genuine {genuine.mean():.3f}"


def test_no_single_feature_separates_the_classes(features, labels):
    from sklearn.metrics import roc_auc_score

    names_, matrix = features
    strongest = {}
    for j, name in enumerate(names_):
        column = matrix[:, j]
        known = column[~np.isnan(column)]
        if np.unique(known).size < 2:
            continue
        filled = np.where(np.isnan(column), known.min() - 1, column)
        auc = roc_auc_score(labels, filled)
        strongest[name] = max(auc, 1 - auc)
    too_strong = {k: round(v, 3) for k, v in strongest.items() if v >= 0.8}
    assert not too_strong, f"features that nearly separate the classes alone: {too_strong}"
    assert max(strongest.values()) > 0.6, "the clues carry no signal at all"


# --------------------------------------------------------------------------- unknown is not evidence
@pytest.mark.parametrize("field", ["headline", "summary", "location", "connections", "followers", "experience",
                                   "education", "skills", "recommendations", "created_at", "activity",
                                   "invitation"])
def test_a_field_is_left_out_at_the_same_rate_in_both_classes(profiles, labels, field):
    missing = np.array([p[field] is None for p in profiles])
    genuine, fake = missing[labels == 0], missing[labels == 1]
    pooled = missing.mean()
    spread = np.sqrt(pooled * (1 - pooled) * (1 / genuine.size + 1 / fake.size)) or 1.0
    # Within binomial noise: a difference of 4 standard errors would be a rate that depends on the class.
    assert abs(genuine.mean() - fake.mean()) < 4 * spread, (
        f"{field}: unknown in {genuine.mean():.3f} of genuine, {fake.mean():.3f} of fakes")


def test_what_a_profile_shows_empty_is_written_empty_not_left_out(profiles):
    def share(predicate) -> float:
        return sum(bool(predicate(p)) for p in profiles) / len(profiles)

    assert share(lambda p: p["summary"] == "") > 0.2
    assert share(lambda p: p["experience"] and any(j["description"] == "" for j in p["experience"])) > 0.3
    assert share(lambda p: p["skills"] == []) > 0.05
    assert share(lambda p: p["has_photo"] is False) > 0.05
    assert share(lambda p: p["invitation"] and p["invitation"]["message"] is None) > 0.15
    assert share(lambda p: p["invitation"] and p["invitation"]["message"] == DEFAULT_INVITE) > 0.05
    # A fifth of profiles are seen as a scraper sees them: no invitation, activity or account age.
    assert share(lambda p: not p["activity"] and not p["created_at"] and not p["invitation"]) == pytest.approx(
        SCRAPED_SHARE, abs=0.03)
    assert share(lambda p: not (p["name"] or "").isascii()) > 0.1


# ------------------------------------------------------------------------------------- files, photos
def test_generate_writes_the_same_bytes_for_the_same_seed(written, tmp_path):
    first, _ = written
    generate(80, seed=5, out_dir=tmp_path / "b")
    generate(80, seed=6, out_dir=tmp_path / "c")
    digest = _tree_digest(first)
    assert digest == _tree_digest(tmp_path / "b")
    other = _tree_digest(tmp_path / "c")
    assert other["profiles.jsonl"] != digest["profiles.jsonl"]
    # The known (stock and celebrity) pictures and the stock banners are the same world for every seed; the
    # copies differ.
    assert other["known_images/known_000.jpg"] == digest["known_images/known_000.jpg"]
    assert other["known_images/banner_000.jpg"] == digest["known_images/banner_000.jpg"]
    assert any(name.startswith("banners/") for name in digest)


def test_generate_writes_the_records_generate_profiles_draws(written):
    out, summary = written
    from fakeprofile.io.jsonl import read_jsonl

    items = list(read_jsonl(out / "profiles.jsonl"))
    assert all(item.ok for item in items), [item.error for item in items if not item.ok]
    expected = generate_profiles(80, seed=5)
    written_records = [json.loads(line) for line in (out / "profiles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [dict(r, photo=None, banner=None) for r in written_records] == expected
    assert summary.n == 80 and summary.n_fake == sum(p["label"] for p in expected)
    assert summary.n_photos == sum(r["photo"] is not None for r in written_records)
    assert summary.n_banners == sum(r["banner"] is not None for r in written_records) > 0
    for record in written_records:
        if record["photo"]:
            assert record["photo"].startswith("photos/") and (out / record["photo"]).is_file()
        if record["banner"]:
            assert record["banner"].startswith("banners/") and (out / record["banner"]).is_file()


def test_photo_sizes_do_not_depend_on_the_class_and_tiny_photos_occur(tmp_path):
    out = tmp_path / "sizes"
    generate(600, seed=3, out_dir=out)
    records = [json.loads(line) for line in (out / "profiles.jsonl").read_text(encoding="utf-8").splitlines()]
    sides: dict[int, list[int]] = {0: [], 1: []}
    for record in records:
        if record["photo"]:
            with Image.open(out / record["photo"]) as img:
                sides[record["label"]].append(max(img.size))
    assert min(sides[0] + sides[1]) <= 48, "the tiny-photo clue never occurs"
    assert max(sides[0] + sides[1]) >= 400, "no large photos"
    ordinary = {label: [s for s in values if s > 48] for label, values in sides.items()}
    assert abs(np.median(ordinary[0]) - np.median(ordinary[1])) < 40


def test_some_campaigns_send_a_note_made_to_look_personal_and_every_account_sends_it_alike():
    """Half the campaigns mail-merge a 'personal' note (seeds 000 #8-#9): only the count of senders tells it
    from a real acquaintance's, so a model must learn the count, not the campaign's wording."""
    from fakeprofile.extractors.invitation import campaign_key
    from fakeprofile.synth import draw_plan

    seed = 31
    drawn = generate_profiles(6000, seed=seed)
    senders: dict[str, list[int]] = {}
    for i, p in enumerate(drawn):
        note = p["invitation"]["message"] if p["invitation"] else None
        # (A planned campaign without a note of its own sends only a contact request: no campaign text.)
        key = campaign_key(Profile.model_validate(p)) if note and "Regards, the" not in note else None
        if key and "campaign_note" in draw_plan(seed, i).clues:
            senders.setdefault(key, []).append(p["label"])
    shared = [labels_ for labels_ in senders.values() if len(labels_) >= 3]
    assert len(shared) >= 5, f"only {len(shared)} personal-looking campaign texts sent from 3+ accounts"
    # Genuine people send them too, at the clue's background rate, so such a note is evidence, not proof.
    in_campaigns = [label for labels_ in shared for label in labels_]
    assert 0.5 < np.mean(in_campaigns) < 1.0


def _filled_in(features, labels, column: str, when_zero, others: tuple[str, ...]):
    names_, matrix = features
    col = matrix[:, names_.index(column)]
    filled = np.ones(len(col), dtype=bool)
    for other in others:
        values = matrix[:, names_.index(other)]
        filled &= ~np.isnan(values) & (values > 0)
    filled &= ~np.isnan(col)
    absent = when_zero(col)
    return absent[filled & (labels == 1)].mean(), absent[filled & (labels == 0)].mean(), (filled & absent).sum()


def test_otherwise_filled_in_fakes_leave_out_job_descriptions_more_often_than_genuine_people(features, labels):
    """Seed 001 #4 holds on complete profiles too: a fake whose other sections are filled in lists its jobs
    bare more often than a genuine person (without it, a retrained model read bare jobs as reassuring)."""
    fake, genuine, n = _filled_in(features, labels, "completeness__share_jobs_with_description", lambda v: v == 0,
                                  ("completeness__summary_length", "completeness__skills",
                                   "completeness__education_entries"))
    assert n >= 30 and fake > genuine, f"fakes {fake:.3f}, genuine {genuine:.3f} ({n} profiles)"


def test_otherwise_filled_in_fakes_leave_the_summary_empty_more_often_than_genuine_people(features, labels):
    fake, genuine, n = _filled_in(features, labels, "completeness__summary_length", lambda v: v == 0,
                                  ("completeness__share_jobs_with_description", "completeness__skills",
                                   "completeness__education_entries"))
    assert n >= 30 and fake > genuine, f"fakes {fake:.3f}, genuine {genuine:.3f} ({n} profiles)"


# ------------------------------------------------------------------- the profile page (issue 19)
def test_every_new_field_is_drawn_valid_and_consistent(profiles):
    """Endorsements, handle, website, visibility and the invitation's context are filled in for most
    profiles, and agree with the rest of the profile."""
    def share(predicate) -> float:
        return sum(bool(predicate(p)) for p in profiles) / len(profiles)

    for raw in profiles:  # the schema's own checks (endorsers <= total, handle and website forms)
        Profile.model_validate(raw)
        if raw["handle"] is not None:
            assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", raw["handle"]), raw["handle"]
        if raw["website"] is not None:
            assert raw["has_website"] is True
        endorsements = raw["endorsements"]
        if endorsements and raw["skills"] == []:
            assert endorsements["total"] == 0, "endorsements for no skill"
    assert share(lambda p: p["handle"]) > 0.9
    assert 0.05 < share(lambda p: p["website"]) < 0.3
    assert share(lambda p: p["has_website"] is False) > 0.6
    assert share(lambda p: p["visibility"] == "public") > 0.5
    assert share(lambda p: p["visibility"] == "private") > 0.02
    assert share(lambda p: p["endorsements"] and p["endorsements"]["total"] > 0) > 0.5
    assert share(lambda p: p["endorsements"] and p["endorsements"]["endorsers"] is None) > 0.1
    invited = [p["invitation"] for p in profiles if p["invitation"]]
    assert np.mean([i["mutual_connections"] is not None for i in invited]) > 0.8
    assert np.mean([(i["mutual_connections"] or 0) > 0 for i in invited]) > 0.3
    assert np.mean([(i["shared_groups"] or 0) > 0 for i in invited]) > 0.2
    assert all(p["banner"] is None and p["measured"] is None for p in profiles)  # files only from generate()


def test_genuine_endorsements_grow_with_connections_and_skills(profiles, labels):
    rows = [(p["connections"], len(p["skills"]), p["endorsements"]["total"])
            for p, label in zip(profiles, labels, strict=True)
            if label == 0 and p["endorsements"] and p["connections"] and p["skills"]]
    connections, skills, total = (np.array(column, dtype=float) for column in zip(*rows, strict=True))
    assert np.corrcoef(np.log1p(connections), np.log1p(total))[0, 1] > 0.3
    assert np.corrcoef(np.log1p(skills), np.log1p(total))[0, 1] > 0.3


@pytest.mark.parametrize("field", ["endorsements", "handle", "website", "has_website", "visibility",
                                   "mutual_connections", "shared_groups"])
def test_a_new_field_is_left_out_at_the_same_rate_in_both_classes(profiles, labels, field):
    if field in ("mutual_connections", "shared_groups"):
        keep = np.array([p["invitation"] is not None for p in profiles])
        missing = np.array([p["invitation"][field] is None for p in profiles if p["invitation"]])
        labels = labels[keep]
    else:
        missing = np.array([p[field] is None for p in profiles])
    genuine, fake = missing[labels == 0], missing[labels == 1]
    pooled = missing.mean()
    spread = np.sqrt(pooled * (1 - pooled) * (1 / genuine.size + 1 / fake.size)) or 1.0
    assert abs(genuine.mean() - fake.mean()) < 4 * spread, (
        f"{field}: unknown in {genuine.mean():.3f} of genuine, {fake.mean():.3f} of fakes")


@pytest.fixture(scope="module")
def drawn_with_banners() -> list[tuple[dict[str, Any], Any, Any, int]]:
    return [draw_profile_images(11, i) for i in range(N)]


def test_banners_are_shown_as_often_in_both_classes_and_records_match_draw_profile(drawn_with_banners, profiles):
    assert [profile for profile, _, _, _ in drawn_with_banners] == profiles
    shown = np.array([banner is not None for _, _, banner, _ in drawn_with_banners])
    truth = np.array([label for _, _, _, label in drawn_with_banners])
    genuine, fake = shown[truth == 0], shown[truth == 1]
    spread = np.sqrt(shown.mean() * (1 - shown.mean()) * (1 / genuine.size + 1 / fake.size))
    assert 0.15 < shown.mean() < 0.5
    assert abs(genuine.mean() - fake.mean()) < 4 * spread
    sizes = {label: [max(1, b.size) for _, _, b, lab in drawn_with_banners if b is not None and lab == label]
             for label in (0, 1)}
    assert abs(np.median(sizes[0]) - np.median(sizes[1])) < 30


# Detectors of the new clues on the records, as a reader of the profile would see them (not the plan).
_SWAP_SLIP = re.compile(r"\byour (?:an?|the|up|going|welcome|right|not|so|doing)\b|\b(?:could|would|should) of\b|"
                        r"\b(?:more|better|rather|less|other|greater|larger) then\b|"
                        r"\bits (?:a|an|been|great|always|my|not)\b", re.IGNORECASE)
_DOUBLED = re.compile(r"\b([A-Za-z]{2,}) \1\b", re.IGNORECASE)
_NO_CAPITAL = re.compile(r"(?<!Inc)(?<!Ltd)(?<!Co)(?<!Corp)(?<!Pvt)(?<!St)[.!?] [a-z]")


def _words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", plain)


def _latin(name: str | None) -> bool:
    return bool(name) and not any(ord(ch) > 0x24F and ch.isalpha() for ch in name)


def _handle_unrelated(p: dict[str, Any]) -> bool | None:
    """A digit run of 5+ (after LinkedIn's hex suffix is taken off), or letters that are not the name's."""
    handle, name = p["handle"], p["name"]
    if handle is None or not _latin(name):
        return None
    words = [w for w in _words(name.split(",")[0].split("(")[0].replace("|", " ")) if len(w) > 1]
    if not words:
        return None
    core = re.sub(r"-(?=[0-9a-f]*[a-f])[0-9a-f]{6,9}$", "", handle)
    core = re.sub(r"-(?:mba|phd|cpa|pmp|cfa|md|jr)$", "", core)
    if re.search(r"[0-9]{5,}", core):
        return True
    parts = [part for part in re.sub(r"[0-9]{1,4}$", "", core).split("-") if part]
    if len(parts) > 1:
        return not all(part in words for part in parts)
    allowed = {words[0] + words[-1], words[0][0] + words[-1]}
    allowed |= {"".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
    allowed |= {a + b for a in words for b in words if a != b}
    return (parts[0] if parts else "") not in allowed


def _website_odd(p: dict[str, Any]) -> bool | None:
    """A shortener, a free host, or a domain with neither the name's nor the current employer's words."""
    website, name = p["website"], p["name"]
    if website is None or p["experience"] is None or not _latin(name):
        return None
    current = [job["company"] for job in p["experience"] if job["end"] is None and job["company"]]
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", website.lower()).split("/")[0]
    if host in URL_SHORTENERS or any(host == f or host.endswith("." + f) or host.startswith(f) for f in FREE_HOSTS):
        return True
    label = host.split(".")[0].replace("-", "")
    tokens = {w for w in _words(name) if len(w) > 2} | {w for c in current[:1] for w in _words(c) if len(w) >= 2}
    return not any(token in label for token in tokens)


def _invitation_value(p: dict[str, Any], key: str) -> Any:
    return p["invitation"].get(key) if p["invitation"] else None


NEW_CLUES = {
    "no_mutual_connections": lambda p: None if _invitation_value(p, "mutual_connections") is None
    else _invitation_value(p, "mutual_connections") == 0,
    "no_shared_groups": lambda p: None if _invitation_value(p, "shared_groups") is None
    else _invitation_value(p, "shared_groups") == 0,
    "endorsement_ring": lambda p: None if not p["endorsements"] or not p["endorsements"]["endorsers"]
    else p["endorsements"]["total"] >= 4 * p["endorsements"]["endorsers"],
    "random_handle": _handle_unrelated,
    "odd_website": _website_odd,
    "private_profile": lambda p: None if p["visibility"] is None else p["visibility"] == "private",
    "grammar_slip": lambda p: None if not _invitation_value(p, "message") else bool(
        _SWAP_SLIP.search(p["invitation"]["message"]) or _DOUBLED.search(p["invitation"]["message"])
        or _NO_CAPITAL.search(p["invitation"]["message"])),
}


def test_every_new_clue_has_a_detector_here():
    assert set(NEW_CLUES) | {"stock_banner"} == set(PAGE_CLUES)


@pytest.mark.parametrize("clue", sorted(NEW_CLUES))
def test_each_new_clue_shows_in_both_classes_and_more_often_in_fakes(profiles, labels, clue):
    """Measured on the drawn records, as a reader sees them: natural look-alikes (a stranger abroad with no
    connection in common, a birth year in a handle, a lower-case note typed on a phone) count too."""
    values = [NEW_CLUES[clue](p) for p in profiles]
    known = np.array([v is not None for v in values])
    shows = np.array([bool(v) for v in values])
    genuine, fake = shows[known & (labels == 0)], shows[known & (labels == 1)]
    assert genuine.sum() >= 10, f"{clue}: only {genuine.sum()} genuine profiles show it"
    spread = np.sqrt(shows[known].mean() * (1 - shows[known].mean()) * (1 / genuine.size + 1 / fake.size))
    assert fake.mean() - genuine.mean() > 2 * spread, (
        f"{clue}: fakes {fake.mean():.3f}, genuine {genuine.mean():.3f}")


def test_a_planned_page_clue_shows_and_is_drawn_from_the_second_stream():
    """Where the plan has a page clue, the record shows it (when the part is shown at all)."""
    seed = 11
    for index in range(600):
        profile, _, banner, _ = draw_profile_images(seed, index)
        plan = draw_plan(seed, index).clues
        if "private_profile" in plan and profile["visibility"] is not None:
            assert profile["visibility"] == "private"
        if "no_mutual_connections" in plan and _invitation_value(profile, "mutual_connections") is not None:
            assert profile["invitation"]["mutual_connections"] == 0
        if "no_shared_groups" in plan and _invitation_value(profile, "shared_groups") is not None:
            assert profile["invitation"]["shared_groups"] == 0
        if banner is not None:
            assert (banner.kind == "known") == ("stock_banner" in plan)
        if "random_handle" in plan and profile["handle"] and _latin(profile["name"]):
            assert _handle_unrelated(profile), (profile["name"], profile["handle"])


def test_stock_banners_occur_in_both_classes_and_more_often_in_fakes(drawn_with_banners):
    stock = np.array([banner is not None and banner.kind == "known" for _, _, banner, _ in drawn_with_banners])
    truth = np.array([label for _, _, _, label in drawn_with_banners])
    assert stock[truth == 0].sum() >= 10
    assert stock[truth == 1].mean() > 2 * stock[truth == 0].mean()


def test_a_written_stock_banner_is_found_in_the_known_image_index(written):
    """A copied banner is a copy of one of the stock banners written to known_images/, and the same index
    that finds stolen photos finds it; a banner of one's own matches nothing there."""
    from fakeprofile.photos import KnownImageIndex

    out, _ = written
    index = KnownImageIndex()
    index.add_files(sorted((out / "known_images").glob("*.jpg")), root=out / "known_images")
    records = [json.loads(line) for line in (out / "profiles.jsonl").read_text(encoding="utf-8").splitlines()]
    copies = own = 0
    for i, record in enumerate(records):
        if not record["banner"]:
            continue
        _, _, spec, _ = draw_profile_images(5, i)
        with Image.open(out / record["banner"]) as image:
            matches = index.query(image.convert("RGB"))
        if spec.kind == "known":
            copies += 1
            assert matches and matches[0].name.startswith("banner_"), record["banner"]
        else:
            own += 1
            assert not matches, (record["banner"], matches)
    assert own >= 5


# --------------------------------------------------------------------------- the default handle suffix
def test_the_default_handle_suffix_has_a_digit_and_a_letter_as_the_identity_extractor_expects():
    """The identity extractor takes a tail for the platform's default suffix only if it mixes digits and letters
    (an all-letter one may be a word: 'facade'); the generator draws no other kind, and every default handle it
    draws is read with its suffix."""
    import random

    from fakeprofile.extractors.identity import read_handle
    from fakeprofile.synth.draw import _handle, _hex_suffix

    rng = random.Random(19)
    suffixes = [_hex_suffix(rng) for _ in range(20_000)]
    assert all(re.fullmatch(r"[0-9a-f]{6,9}", s) for s in suffixes)
    all_letters = [s for s in suffixes if not any(c.isdigit() for c in s)]
    all_digits = [s for s in suffixes if s.isdigit()]
    assert not all_letters and not all_digits, (all_letters[:5], all_digits[:5])
    # Every default slug (first-last-suffix) the generator draws is taken for one by the extractor.
    defaults = 0
    for _ in range(20_000):
        handle = _handle(rng, ["ana", "silva"], clue=False, strong=False)
        tail = handle.split("-")[-1]
        if handle.count("-") == 2 and tail not in ("mba", "phd", "cpa", "pmp", "cfa", "md", "jr"):
            defaults += 1
            reading = read_handle(handle, "Ana Silva")
            assert reading.suffix == tail and not reading.random_parts, handle
    assert defaults > 5_000


# --------------------------------------------------------------------------- endorsers beyond connections
def test_a_ring_sometimes_has_more_endorsers_than_connections_at_the_declared_rate():
    """``endorsement_ring`` with fewer than 500 connections shown: ENDORSERS_BEYOND_CONNECTIONS of them show more
    distinct endorsers than connections (each giving at least one endorsement); never under the "500+" display
    cap, and never without the ring (only connections endorse)."""
    import random

    from fakeprofile.synth.draw import ENDORSERS_BEYOND_CONNECTIONS, _endorsements, _ring_beyond_connections

    rng = random.Random(3)
    n = 4000
    rate = ENDORSERS_BEYOND_CONNECTIONS
    assert 0 < rate < 1
    for connections, shown in ((120, 120), (3, 3), (0, 0), (480, 450), (300, None), (1800, 500), (700, 500)):
        beyond = 0
        for _ in range(n):
            for ring in (False, True):
                drawn = _endorsements(rng, connections, 12, 0.5, ring)
                assert drawn["endorsers"] is None or drawn["endorsers"] <= connections
            ring_of = min(connections, 5)  # a ring of at most 5 connections, as _endorsements draws it
            drawn = _ring_beyond_connections(rng, {"total": 8 * ring_of, "endorsers": ring_of}, connections, shown,
                                             12)
            assert drawn is not None and drawn["endorsers"] is not None and drawn["total"] >= drawn["endorsers"]
            beyond += drawn["endorsers"] > (connections if shown is None else shown)
        if (connections if shown is None else shown) < 500:
            spread = 4 * np.sqrt(rate * (1 - rate) / n)
            assert abs(beyond / n - rate) < spread, (connections, shown, beyond)
        else:
            assert beyond == 0, (connections, shown, beyond)
    # What the page does not show stays unshown; no skills, no endorsements.
    assert _ring_beyond_connections(random.Random(1), None, 10, 10, 12) is None
    hidden = [_ring_beyond_connections(random.Random(i), {"total": 40, "endorsers": None}, 10, 10, 12)
              for i in range(50)]
    assert all(h is not None and h["endorsers"] is None for h in hidden)
    assert all(_ring_beyond_connections(random.Random(i), {"total": 0, "endorsers": 0}, 10, 10, 0)
               == {"total": 0, "endorsers": 0} for i in range(50))


def test_more_endorsers_than_connections_occurs_in_both_classes_at_the_declared_rate():
    """In drawn profiles (true class from the archetype): among rings on pages with fewer than 500 connections,
    skills and a shown endorser count, about ENDORSERS_BEYOND_CONNECTIONS in each class, so the network
    extractor's feature is one in both classes, more often in fakes (which carry the ring more often)."""
    from fakeprofile.synth.draw import ENDORSERS_BEYOND_CONNECTIONS

    n = 12_000
    records = generate_profiles(n, seed=23)
    rings = {"genuine": [0, 0], "fake": [0, 0]}
    everyone = {"genuine": [0, 0], "fake": [0, 0]}
    for i, record in enumerate(records):
        cls = "fake" if record["archetype"] in FAKE_ARCHETYPES else "genuine"
        endorsements, connections = record["endorsements"], record["connections"]
        if not endorsements or endorsements["endorsers"] is None or connections is None:
            continue
        beyond = endorsements["endorsers"] > connections and connections < 500
        everyone[cls][0] += beyond
        everyone[cls][1] += 1
        if "endorsement_ring" in draw_plan(23, i).clues and connections < 500 and record["skills"]:
            rings[cls][0] += beyond
            rings[cls][1] += 1
    rate = ENDORSERS_BEYOND_CONNECTIONS
    for cls, (shows, total) in rings.items():
        assert total >= 40, (cls, total)
        assert abs(shows / total - rate) < 4 * np.sqrt(rate * (1 - rate) / total), (cls, shows, total)
    genuine, fake = (everyone[c][0] / everyone[c][1] for c in ("genuine", "fake"))
    assert everyone["genuine"][0] >= 10 and fake > 3 * genuine, everyone


def test_mutual_connections_never_exceed_the_connections_a_page_shows():
    """A count rounded for display below the true one (round_counts) still bounds the connections in common;
    seed 0 once drew 41 in common with 40 shown, which the schema refuses."""
    for p in generate_profiles(3000, seed=0):
        shown, mutual = p["connections"], (p["invitation"] or {}).get("mutual_connections")
        if shown is not None and shown < 500 and mutual is not None:
            assert mutual <= shown, p["id"]
        Profile.model_validate(p)
