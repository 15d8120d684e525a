"""The offline gazetteer: accuracy on real location strings, refusal of junk, robustness, speed.

The accuracy tables live in ``tests/data/``: ``gazetteer_cases.tsv`` (location strings as people
write them, with the expected country, precision and, for cities, reference coordinates) and
``gazetteer_junk.tsv`` (strings that name no place). The index is built once per test session into
a temporary cache folder, so the tests neither read nor write the user's cache.
"""

from __future__ import annotations

import csv
import pickle
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fakeprofile import geo
from fakeprofile.geo import (
    MAX_INPUT_CHARS,
    NAME_SHARDS,
    Gazetteer,
    Place,
    _shard_of,
    _ShardedNames,
    haversine_km,
    normalize,
)

DATA = Path(__file__).resolve().parent / "data"
CITY_TOLERANCE_KM = 50.0
MIN_ACCURACY = 0.95
MAX_JUNK_RESOLVED = 0.05


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated table in tests/data (``#`` lines are comments)."""
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


CASES = read_table("gazetteer_cases.tsv")
JUNK = [row["query"] for row in read_table("gazetteer_junk.tsv")]


def point(lat: float, lon: float) -> Place:
    return Place(query="", name="", country_code="", country="", lat=lat, lon=lon, precision="city", population=None)


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gazetteer-cache")


@pytest.fixture(scope="module")
def gaz(cache_dir: Path) -> Gazetteer:
    return Gazetteer(cache_dir=cache_dir)


def check(gaz: Gazetteer, row: dict[str, str]) -> str | None:
    """``None`` when the row resolves as expected, else what went wrong."""
    place = gaz.resolve(row["query"])
    want = f"{row['country_code']}/{row['precision']}"
    if place is None:
        return f"{row['query']!r}: unresolved, want {want}"
    got = f"{place.country_code}/{place.precision} {place.name!r} ({place.lat:.2f}, {place.lon:.2f})"
    if (place.country_code, place.precision) != (row["country_code"], row["precision"]):
        return f"{row['query']!r}: got {got}, want {want}"
    if row["lat"]:
        km = haversine_km(place, point(float(row["lat"]), float(row["lon"])))
        if km > CITY_TOLERANCE_KM:
            return f"{row['query']!r}: got {got}, {km:.0f} km from the reference"
    return None


# ---- the tables -------------------------------------------------------------------------------------


@pytest.mark.parametrize("row", CASES, ids=[r["query"] for r in CASES])
def test_case_table_rows_are_well_formed(row: dict[str, str]) -> None:
    assert len(row["country_code"]) == 2 and row["country_code"].isupper()
    assert row["precision"] in ("city", "region", "country")
    assert bool(row["lat"]) == (row["precision"] == "city"), "cities need reference coordinates, others none"


def test_case_table_is_large_and_varied() -> None:
    assert len(CASES) >= 80
    assert len({r["country_code"] for r in CASES}) >= 40
    assert any(not r["query"].isascii() for r in CASES)
    assert {r["precision"] for r in CASES} == {"city", "region", "country"}
    assert len(JUNK) >= 40


def test_real_locations_resolve_to_the_right_country_precision_and_point(gaz: Gazetteer) -> None:
    failures = [msg for row in CASES if (msg := check(gaz, row))]
    accuracy = 1 - len(failures) / len(CASES)
    assert accuracy >= MIN_ACCURACY, f"{accuracy:.1%} correct; failures:\n" + "\n".join(failures)


def test_junk_locations_rarely_resolve(gaz: Gazetteer) -> None:
    resolved = [(q, gaz.resolve(q)) for q in JUNK]
    wrong = [f"{q!r} -> {p.country_code}/{p.precision} {p.name!r}" for q, p in resolved if p is not None]
    assert len(wrong) / len(JUNK) <= MAX_JUNK_RESOLVED, "junk resolved:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    ("query", "country_code", "name"),
    [
        ("Paris, France", "FR", "Paris"),
        ("Paris, Texas", "US", "Paris"),
        ("Paris", "FR", "Paris"),
        ("London, Ontario", "CA", "London"),
        ("Portland, Maine", "US", "Portland"),
        ("Frankfurt (Oder)", "DE", "Frankfurt (Oder)"),
        ("Manila, NCR", "PH", "Manila"),
    ],
)
def test_trailing_parts_disambiguate_same_named_cities(
    gaz: Gazetteer, query: str, country_code: str, name: str
) -> None:
    place = gaz.resolve(query)
    assert place is not None and (place.country_code, place.name) == (country_code, name)


def test_disagreeing_parts_fall_back_to_the_coarser_one(gaz: Gazetteer) -> None:
    place = gaz.resolve("Paris, Germany")
    assert place is not None and (place.country_code, place.precision) == ("DE", "country")


def test_a_part_that_contradicts_the_rest_is_outvoted(gaz: Gazetteer) -> None:
    place = gaz.resolve("Bogotá, D.C., Colombia")  # "D.C." alone would be Washington
    assert place is not None and (place.country_code, place.precision) == ("CO", "city")


@pytest.mark.parametrize("code", ["CA", "ON", "NSW", "TX", "DE", "IN"])
def test_region_and_country_codes_are_read_only_after_a_place(gaz: Gazetteer, code: str) -> None:
    assert gaz.resolve(code) is None


def test_a_common_word_town_needs_a_qualifier(gaz: Gazetteer) -> None:
    assert gaz.resolve("Normal") is None
    place = gaz.resolve("Normal, Illinois")
    assert place is not None and (place.name, place.country_code, place.precision) == ("Normal", "US", "city")


def test_an_alternate_name_does_not_shadow_a_region_of_that_name(gaz: Gazetteer) -> None:
    place = gaz.resolve("Victoria")  # also an old name of Hong Kong
    assert place is not None and place.country_code == "AU"


def test_region_places_carry_no_population(gaz: Gazetteer) -> None:
    place = gaz.resolve("Bavaria")
    assert place is not None and place.precision == "region" and place.population is None


# ---- contract -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [None, "", "   ", "\u200b", 42, 3.5, float("nan"), b"Paris", ["Paris"]])
def test_nothing_to_read_gives_none(gaz: Gazetteer, text: object) -> None:
    assert gaz.resolve(text) is None  # type: ignore[arg-type]


def test_overlong_input_gives_none(gaz: Gazetteer) -> None:
    assert gaz.resolve("x" * 5000) is None
    assert gaz.resolve("Paris, " * 100) is None
    assert gaz.resolve("Paris" + " " * (MAX_INPUT_CHARS - 5)) is not None


def test_same_query_gives_the_same_place(gaz: Gazetteer, cache_dir: Path) -> None:
    first = gaz.resolve("Bengaluru, Karnataka, India")
    assert first is gaz.resolve("Bengaluru, Karnataka, India")
    assert first == Gazetteer(cache_dir=cache_dir).resolve("Bengaluru, Karnataka, India")
    assert first is not None and first.query == "Bengaluru, Karnataka, India"


def test_place_is_frozen(gaz: Gazetteer) -> None:
    place = gaz.resolve("Tokyo")
    assert place is not None
    with pytest.raises(AttributeError):
        place.lat = 0.0  # type: ignore[misc]


def test_hand_written_tables_have_no_problems(gaz: Gazetteer) -> None:
    assert gaz.problems_ == []


def test_index_is_cached_on_disk_and_reloaded(gaz: Gazetteer, cache_dir: Path) -> None:
    assert list(cache_dir.glob("gazetteer-*.marshal"))
    again = Gazetteer(cache_dir=cache_dir)
    assert again.loaded_from_cache_
    assert len(again) == len(gaz)
    assert again.resolve("Москва") == gaz.resolve("Москва")


def _no_rebuild() -> dict:
    raise AssertionError("the cache was read whole: no rebuild expected")


def test_unreadable_cache_is_ignored(tmp_path: Path, cache_dir: Path, gaz: Gazetteer) -> None:
    bad = tmp_path / "gazetteer-x.marshal"
    bad.write_bytes(b"\x00not marshal at all")
    assert Gazetteer._read_cache(bad, _no_rebuild) is None
    assert Gazetteer._read_cache(tmp_path / "missing.marshal", _no_rebuild) is None
    cached = next(cache_dir.glob("gazetteer-*.marshal")).read_bytes()
    bad.write_bytes(cached[:-1000])  # cut short: the shards no longer end where the core says
    assert Gazetteer._read_cache(bad, _no_rebuild) is None


def test_names_are_read_from_the_cache_shard_by_shard(gaz: Gazetteer, cache_dir: Path) -> None:
    reloaded = Gazetteer(cache_dir=cache_dir)
    assert reloaded.loaded_from_cache_ and isinstance(reloaded._names, _ShardedNames)
    assert sum(shard is not None for shard in reloaded._names._shards) == 0
    assert reloaded.resolve("Lagos, Nigeria") == gaz.resolve("Lagos, Nigeria")
    assert 0 < sum(shard is not None for shard in reloaded._names._shards) < NAME_SHARDS / 10


def test_a_damaged_shard_makes_the_names_rebuilt_once(cache_dir: Path, gaz: Gazetteer, tmp_path: Path) -> None:
    path = next(cache_dir.glob("gazetteer-*.marshal"))
    blob = bytearray(path.read_bytes())
    names = Gazetteer._read_cache(path, _no_rebuild)["names"]
    shard = _shard_of("lagos")
    start = len(blob) - len(names._blob) + (names._ends[shard - 1] if shard else 0)
    blob[start] = 0  # not a marshal type code
    damaged = tmp_path / path.name
    damaged.write_bytes(bytes(blob))
    rebuilds = []
    names = Gazetteer._read_cache(damaged, lambda: rebuilds.append(1) or {"names": {"lagos": 3, "x": 6}})["names"]
    assert (names.get("lagos"), names.get("x"), names.get("london"), len(rebuilds)) == (3, 6, None, 1)


def test_pickles_as_a_reference_to_its_tier(gaz: Gazetteer) -> None:
    copy = pickle.loads(pickle.dumps(gaz))
    assert copy.loaded_from_cache_ and copy.resolve("Lagos, Nigeria") == gaz.resolve("Lagos, Nigeria")


def test_process_wide_gazetteer_is_built_once(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKEPROFILE_CACHE_DIR", str(cache_dir))
    monkeypatch.setattr(geo, "_default", None)
    assert geo.gazetteer() is geo.gazetteer()


def test_unknown_population_tier_is_refused() -> None:
    with pytest.raises(ValueError, match="min_city_population"):
        Gazetteer(min_city_population=100)


def test_lookups_take_microseconds(gaz: Gazetteer) -> None:
    queries = [r["query"] + " " for r in CASES]  # a trailing space: new cache keys, same places
    start = time.perf_counter()
    for q in queries:
        gaz.resolve(q)
    per_query = (time.perf_counter() - start) / len(queries)
    assert per_query < 0.005, f"{per_query * 1e6:.0f} µs per uncached lookup"


# ---- distances ------------------------------------------------------------------------------------


def test_haversine_matches_known_distances(gaz: Gazetteer) -> None:
    sao_paulo, toronto = gaz.resolve("São Paulo"), gaz.resolve("Toronto")
    london, paris = gaz.resolve("London, UK"), gaz.resolve("Paris, France")
    assert sao_paulo and toronto and london and paris
    assert haversine_km(sao_paulo, toronto) == pytest.approx(8200, rel=0.03)
    assert haversine_km(london, paris) == pytest.approx(344, rel=0.03)
    assert haversine_km(paris, paris) == 0
    assert haversine_km(london, paris) == pytest.approx(haversine_km(paris, london))


def test_haversine_across_the_antimeridian_and_poles() -> None:
    assert haversine_km(point(0, 179.5), point(0, -179.5)) == pytest.approx(111.2, rel=0.01)
    assert haversine_km(point(90, 0), point(-90, 0)) == pytest.approx(20015, rel=0.01)


# ---- normalisation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variants", "key"),
    [
        (["São Paulo", "SÃO PAULO", "sao-paulo", "  Sao   Paulo "], "sao paulo"),
        (["U.S.A.", "USA", "u s a"], "usa"),
        (["Washington D.C.", "Washington, DC"], "washington dc"),
        (["Zürich\u200b", "\u202eZurich\u202c", "Zurich 🇨🇭"], "zurich"),
        (["Xi'an", "Xi’an"], "xian"),
        (["Łódź", "LODZ"], "lodz"),
        (["Ｔｏｋｙｏ", "tokyo"], "tokyo"),
    ],
)
def test_normalize_folds_case_accents_punctuation_and_invisibles(variants: list[str], key: str) -> None:
    assert {normalize(v) for v in variants} == {key}


def test_normalize_keeps_non_latin_letters() -> None:
    assert normalize("Москва") == "москва"
    assert normalize("北京市") == "北京市"
    assert normalize("😀🎉") == ""


# ---- robustness (property-based) ------------------------------------------------------------------

EMOJI = st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF)
MARKS = st.characters(categories=["Mn", "Me"])
RTL = st.sampled_from(list("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2069")) | st.characters(
    min_codepoint=0x0590, max_codepoint=0x06FF
)
TEXTS = st.one_of(
    st.text(),
    st.text(min_size=MAX_INPUT_CHARS - 20, max_size=MAX_INPUT_CHARS),
    st.text(min_size=MAX_INPUT_CHARS + 1, max_size=3 * MAX_INPUT_CHARS),
    st.text(alphabet=EMOJI, min_size=1),
    st.text(alphabet=MARKS, min_size=1),
    st.text(alphabet=RTL, min_size=1),
    st.lists(st.sampled_from(["Paris", "Texas", ",", " ", "-", "/", "(", "CA", "北京", "Remote", "🇫🇷", "\u0301"]),
             max_size=60).map("".join),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=MAX_INPUT_CHARS),
)  # fmt: skip


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_no_text_breaks_or_slows_the_gazetteer(gaz: Gazetteer, text: str) -> None:
    # A guard against pathological (super-linear) inputs, not a speed test: CPU time, which other work on a shared
    # machine does not inflate, and a bound far above a lookup's (well under a millisecond).
    start = time.process_time()
    place = gaz._resolve_uncached(text) if len(text) <= MAX_INPUT_CHARS else gaz.resolve(text)
    assert time.process_time() - start < 1.0
    if place is not None:
        assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180
        assert len(place.country_code) == 2 and place.country_code.isalpha() and place.country_code.isupper()
        assert place.precision in ("city", "region", "country")
        assert place.query == text


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_normalize_is_idempotent_and_never_raises(text: str) -> None:
    key = normalize(text)
    assert normalize(key) == key
    assert key == key.strip() and "  " not in key


# ---- shortcuts that must give what the plain reading gives -------------------------------------------


def _variants_trying_every_decoration(key: str) -> list[str]:
    """``geo._variants`` as first written: every prefix and suffix tried in turn."""
    out = [key[len(p) + 1 :] for p in geo._PREFIXES if p and key.startswith(p + " ")]
    out += [key[: -len(s) - 1] for s in geo._SUFFIXES if key.endswith(" " + s)]
    out += [long + key[len(short) :] for short, long in geo._ABBREVIATIONS if key.startswith(short)]
    if " " not in key and geo._CJK.search(key):
        out += [key[: -len(s)] for s in geo._CJK_SUFFIXES if key.endswith(s) and len(key) > len(s) + 1]
    if any(ch.isdigit() for ch in key):
        out.append(" ".join(geo._DIGITS.sub(" ", key).split()))
    return out


DECORATED = st.lists(
    st.sampled_from([*geo._PREFIXES, *geo._SUFFIXES, "sao paulo", "st", "mt louis", "12", "東京都", "x", "", " "]),
    min_size=1, max_size=4,
).flatmap(lambda words: st.sampled_from([" ", "", "  "]).map(lambda sep: sep.join(words)))


@settings(max_examples=200, deadline=None)
@given(key=DECORATED)
def test_variants_looked_up_by_edge_word_are_those_of_trying_every_decoration(key: str) -> None:
    assert list(geo._variants(key)) == _variants_trying_every_decoration(key)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="ab ,;()[]{}<>-–—‐\t/é", max_size=20) | st.text(max_size=20))
def test_every_hierarchy_separator_holds_a_mark(text: str) -> None:
    # _resolve_segment splits only a text in which the quick search finds a mark; one without is a single part.
    if geo._HIERARCHY.search(text):
        assert geo._HIERARCHY_MARK.search(text)
    else:
        assert geo._HIERARCHY.split(text) == [text]
