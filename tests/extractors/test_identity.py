from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fakeprofile.extractors import REGISTRY, Context
from fakeprofile.extractors import identity as identity_module
from fakeprofile.extractors.base import EITHER, LOWERS, RAISES
from fakeprofile.extractors.identity import IdentityExtractor, domain_lists, read_handle, read_website
from fakeprofile.io.records import validate_record
from fakeprofile.schema import Profile
from tests.conftest import assert_features, make_profile
from tests.extractors import test_contract as contract

CTX = Context(as_of="2026-10")
NAN = math.nan


def values_and_words(profile: Profile) -> tuple[dict[str, float], dict[str, str]]:
    extractor = IdentityExtractor()
    values = extractor.extract(profile, CTX)
    return values, extractor.evidence(profile, values, CTX)


# ------------------------------------------------------------------------------------------------------ handle

@pytest.mark.parametrize(
    ("handle", "name", "expected", "words"),
    [
        # The platform's default slug: the name and a hex suffix. Normal: no digits counted, nothing random.
        ("maria-souza-4b1a2c", "Maria Souza",
         {"handle_length": 18.0, "handle_digits": 0.0, "handle_name_match": 1.0, "random_looking": 0.0,
          "name_is_handle": 0.0},
         {"random_looking": "handle 'maria-souza-4b1a2c' carries only the platform's default suffix '-4b1a2c', "
                            "which is normal",
          "handle_digits": "handle 'maria-souza-4b1a2c' has 0 digit(s) (besides the platform's default suffix "
                           "'-4b1a2c')"}),
        # A vanity handle.
        ("mariasouza", "Maria Souza", {"handle_digits": 0.0, "handle_name_match": 1.0, "random_looking": 0.0}, {}),
        # Initial and surname.
        ("msouza", "Maria Souza", {"handle_name_match": 0.5, "random_looking": 0.0}, {}),
        # A birth year: digits, but not random.
        ("maria.souza1987", "Maria Souza", {"handle_digits": 4.0, "random_looking": 0.0}, {}),
        # A long digit run appended to the name.
        ("maria-souza-84729301", "Maria Souza", {"handle_digits": 8.0, "handle_name_match": 1.0, "random_looking": 1.0},
         {"random_looking": "handle 'maria-souza-84729301' has random-looking part(s) '84729301' that are not from "
                            "the name"}),
        # A letter-digit mix instead of the platform's hex suffix.
        ("maria-souza-x7kq9zt", "Maria Souza", {"handle_digits": 2.0, "random_looking": 1.0},
         {"random_looking": "handle 'maria-souza-x7kq9zt' has random-looking part(s) 'x7kq9zt' that are not from "
                            "the name"}),
        # A throwaway username with nothing of the name.
        ("dfgjh78234", "Maria Souza", {"handle_digits": 5.0, "handle_name_match": 0.0, "random_looking": 1.0},
         {"handle_name_match": "handle 'dfgjh78234' contains none of the words of the name 'Maria Souza'"}),
        # Consonant runs outside the name.
        ("souza_bcdfgh", "Maria Souza", {"random_looking": 1.0}, {}),
        # ... but a consonant-heavy surname is the name's own.
        ("aram-mkrtchyan", "Aram Mkrtchyan", {"handle_name_match": 1.0, "random_looking": 0.0}, {}),
        # A word that is not the name is not random: "the", "official", "hr".
        ("thejanedoe-official", "Jane Doe", {"handle_name_match": 1.0, "random_looking": 0.0}, {}),
        # Accents and full-width letters fold to the handle's ASCII.
        ("itau-joao", "João Itaú", {"handle_name_match": 1.0}, {}),
        ("ｍａｒｉａ-souza", "Maria Souza", {"handle_name_match": 1.0}, {}),
        # A name in another script cannot be compared with a Latin handle: unknown.
        ("li-na-88", "李娜", {"handle_name_match": NAN, "handle_digits": 2.0},
         {"handle_name_match": "handle 'li-na-88': no name in Latin letters to compare it with"}),
        # The name is the handle: an account whose name was left as its username.
        ("jsmith84", "jsmith84", {"name_is_handle": 1.0},
         {"name_is_handle": "the name is the handle 'jsmith84' itself, as an account's name left as its username"}),
        # Hostile: unicode, direction overrides, emoji, a Cyrillic look-alike, the longest handle the schema takes.
        ("\u202emaria-souza", "Maria Souza", {"handle_name_match": 1.0}, {}),
        ("🙂🙂🙂", "Maria Souza", {"handle_length": 3.0, "handle_digits": 0.0, "handle_name_match": 0.0,
                                   "random_looking": 0.0}, {}),
        ("m\u0430ria-souza", "Maria Souza", {"handle_name_match": 0.5}, {}),
        ("x" * 100, "Maria Souza", {"handle_length": 100.0, "random_looking": 1.0}, {}),
        ("٣٤٥٦٧٨", "Maria Souza", {"handle_digits": 6.0, "random_looking": 1.0}, {}),
    ],
)
def test_handle(handle, name, expected, words):
    values, evidence = values_and_words(make_profile(handle=handle, name=name))
    assert_features(values, expected)
    for feature, sentence in words.items():
        assert evidence[feature] == sentence


@pytest.mark.parametrize(("handle", "share", "sentence"), [
    # Digits outside the platform's default suffix, over the handle without that suffix ('-4b1a2c').
    ("maria-souza-4b1a2c", 0.0, "handle 'maria-souza-4b1a2c' has no digits (besides the platform's default suffix "
                                "'-4b1a2c')"),
    ("maria.souza1987", 4 / 15, "4 of the 15 characters of handle 'maria.souza1987' are digits (27%)"),
    ("maria-souza-1987-4b1a2c", 4 / 16, "4 of the 16 characters of handle 'maria-souza-1987-4b1a2c' are digits (25%), "
                                        "besides the platform's default suffix '-4b1a2c'"),
    ("12345678", 1.0, "8 of the 8 characters of handle '12345678' are digits (100%)"),
])
def test_handle_digit_share_from_the_handle(handle, share, sentence):
    values, evidence = values_and_words(make_profile(handle=handle))
    assert values["handle_digit_share"] == pytest.approx(share)
    assert evidence["handle_digit_share"] == sentence


@pytest.mark.parametrize(("measured", "share", "sentence"), [
    ({"handle_digit_share": 0.25}, 0.25, "25% of the handle's characters are digits (the source gives only the share)"),
    ({"handle_length": 10, "handle_digits": 3}, 0.3,
     "3 of the handle's 10 characters are digits (30%; the source gives only the counts)"),
    ({"handle_length": 10, "handle_digits": 3, "handle_digit_share": 0.3}, 0.3,
     "30% of the handle's characters are digits (the source gives only the share)"),
    ({"handle_digits": 3}, NAN, "handle not given (the source gives its digits but not its length)"),
    ({"handle_length": 0, "handle_digits": 0}, NAN,
     "handle not given (the source gives its length as 0, so no share of digits)"),
    ({}, NAN, "handle not given"),
])
def test_handle_digit_share_from_measurements(measured, share, sentence):
    values, evidence = values_and_words(make_profile(measured=measured or None))
    assert_features(values, {"handle_digit_share": share})
    assert evidence["handle_digit_share"] == sentence


def test_handle_digit_share_raises_and_is_in_the_handle_clue():
    assert IdentityExtractor.directions["handle_digit_share"] == RAISES
    assert "handle_digit_share" in IdentityExtractor.clues["handle"]


def test_no_handle_is_unknown():
    values, evidence = values_and_words(make_profile())
    assert_features(values, dict.fromkeys(identity_module._HANDLE, NAN))
    assert evidence["handle_digits"] == "handle not given"


def test_measurements_are_read_where_the_handle_is_not_given():
    profile = make_profile(name=None, measured={"handle_length": 14, "handle_digits": 6, "name_is_handle": True})
    values, evidence = values_and_words(profile)
    assert_features(values, {"handle_length": 14.0, "handle_digits": 6.0, "name_is_handle": 1.0,
                             "handle_name_match": NAN, "random_looking": NAN})
    assert evidence["handle_digits"] == ("the handle has 6 digits (the source gives only the count, of all its "
                                         "digits: a platform suffix's digits cannot be set aside)")
    assert evidence["name_is_handle"] == "the source says the name is the handle itself"


def test_a_long_handle_costs_no_more_than_its_first_part():
    """The schema takes 100 characters; the reading itself caps what it reads, whatever it is given."""
    reading = read_handle("a1" * 1000 + "-4b1a2c", "Maria Souza")
    assert reading.random_parts and reading.suffix is None  # the suffix beyond the cap is not read


# ----------------------------------------------------------------------------------------------------- website

@pytest.mark.parametrize(
    ("website", "company", "expected", "words"),
    [
        # The employer's own domain, a careers subdomain, a country second level.
        ("https://www.vale.com/brasil", "Vale",
         {"website_shortener": 0.0, "website_free_host": 0.0, "website_punycode": 0.0, "website_unrelated": 0.0},
         {"website_unrelated": "website 'vale.com' matches the current employer 'Vale'"}),
        ("careers.vale.com", "Vale", {"website_unrelated": 0.0}, {}),
        ("https://itau.com.br", "Itaú Unibanco S.A.", {"website_unrelated": 0.0}, {}),
        ("ibm.com", "International Business Machines", {"website_unrelated": 0.0}, {}),
        ("goldmansachs.com", "Goldman Sachs Group, Inc.", {"website_unrelated": 0.0}, {}),
        # A personal site carries the person's name.
        ("mariasouza.me", "Vale", {"website_unrelated": 0.0},
         {"website_unrelated": "website 'mariasouza.me' carries the person's name 'Maria Souza'"}),
        # A domain that has nothing to do with the employer or the person.
        ("http://best-crypto-returns.biz/join", "Vale", {"website_unrelated": 1.0},
         {"website_unrelated": "website 'best-crypto-returns.biz' matches neither the current employer 'Vale' nor "
                               "the person's name"}),
        # "group" and the legal form are no company's own words.
        ("group-inc.com", "Acme Group Inc", {"website_unrelated": 1.0}, {}),
        # Initials: the whole label, or the initials and a generic word; not a label that merely begins with them.
        ("ge.com", "General Electric", {"website_unrelated": 0.0}, {}),
        ("gegroup.com", "General Electric", {"website_unrelated": 0.0}, {}),
        ("ibm-careers.com", "International Business Machines", {"website_unrelated": 0.0}, {}),
        ("geocities.com", "General Electric", {"website_unrelated": 1.0},
         {"website_unrelated": "website 'geocities.com' matches neither the current employer 'General Electric' nor "
                               "the person's name"}),
        ("ibmx-profits.com", "International Business Machines", {"website_unrelated": 1.0}, {}),
        # Whole words, not any substring: "art" in "smartprofits", "vale" in "valentine".
        ("smartprofits.biz", "Art Institute", {"website_unrelated": 1.0}, {}),
        ("valentine-deals.com", "Vale", {"website_unrelated": 1.0}, {}),
        ("valeglobal.com", "Vale", {"website_unrelated": 0.0}, {}),
        ("ndesign.net", "Nexus Design FZE", {"website_unrelated": 0.0},
         {"website_unrelated": "website 'ndesign.net' matches the current employer 'Nexus Design FZE'"}),
        ("digitalocean.com", "Digital Ocean", {"website_unrelated": 0.0}, {}),
        # A person's site: the name's words, an initial, or a long name word at the edge of the label.
        ("msouza.com", "Vale", {"website_unrelated": 0.0}, {}),
        ("mariasouzaphotography.com", "Vale", {"website_unrelated": 0.0}, {}),
        ("amariachi.com", "Vale", {"website_unrelated": 1.0}, {}),
        # Link shorteners: the destination is hidden, so "unrelated" cannot be told.
        ("https://bit.ly/3xYzAbc", "Vale", {"website_shortener": 1.0, "website_free_host": 0.0,
                                            "website_unrelated": NAN},
         {"website_shortener": "website 'bit.ly' is a link shortener (bit.ly), which hides where it leads",
          "website_unrelated": "a shortened link says nothing about where it leads"}),
        ("t.co/abc", "Vale", {"website_shortener": 1.0}, {}),
        ("www.tinyurl.com/y7abc", "Vale", {"website_shortener": 1.0}, {}),
        # Free hosts: the user's part is the site's name.
        ("https://mariasouza.wixsite.com/portfolio", "Vale",
         {"website_free_host": 1.0, "website_unrelated": 0.0},
         {"website_free_host": "website 'mariasouza.wixsite.com' is on wixsite.com, a free website host, not a domain "
                               "of its own"}),
        ("quick-profits-4u.blogspot.com", "Vale", {"website_free_host": 1.0, "website_unrelated": 1.0}, {}),
        ("vale-careers.netlify.app", "Vale", {"website_free_host": 1.0, "website_unrelated": 0.0}, {}),
        ("sites.google.com/view/maria-souza", "Vale", {"website_free_host": 1.0, "website_unrelated": 0.0}, {}),
        # A name that merely ends like a listed domain is not on it.
        ("notbit.ly", "Vale", {"website_shortener": 0.0}, {}),
        ("mywixsite.com", "Vale", {"website_free_host": 0.0}, {}),
        # Punycode: an internationalised (possibly look-alike) domain.
        ("https://xn--80ak6aa92e.com", "Vale", {"website_punycode": 1.0, "website_unrelated": 1.0},
         {"website_punycode": "website 'xn--80ak6aa92e.com' is written in punycode ('xn--'), which can imitate "
                              "another domain's letters"}),
        # Hostile: ports, queries, fragments, capitals, a 2,000-character URL.
        ("HTTPS://WWW.VALE.COM:8443/?q=1#top", "Vale", {"website_unrelated": 0.0}, {}),
        ("https://vale.com/" + "a" * 1975, "Vale", {"website_unrelated": 0.0}, {}),
        ("a" * 1990 + ".com", "Vale", {"website_unrelated": 1.0, "website_free_host": 0.0}, {}),
    ],
)
def test_website(website, company, expected, words):
    jobs = [{"title": "Analyst", "company": company, "start": "2019-03", "end": None},
            {"title": "Clerk", "company": "Old Employer Ltd", "start": "2015-01", "end": "2019-02"}]
    values, evidence = values_and_words(make_profile(website=website, experience=jobs))
    assert_features(values, expected)
    for feature, sentence in words.items():
        assert evidence[feature] == sentence


@pytest.mark.parametrize("company", ["Self-employed", "Self Employed", "Freelance", "Freelancer", "freelance designer",
                                     "Independent Consultant", "Consultant", "Retired", "Unemployed", "Student",
                                     "Open to work", "N/A"])
def test_no_employer_words_are_no_employer(company):
    """A self-employed person's own site is not 'unrelated' to an employer: there is none to compare it with."""
    jobs = [{"title": "Designer", "company": company, "start": "2021-01", "end": None}]
    values, evidence = values_and_words(make_profile(website="studio-lumen.com", experience=jobs))
    assert math.isnan(values["website_unrelated"])
    assert evidence["website_unrelated"] == (f"the current job is at {identity_module._quote(company)}, which names "
                                             "no employer to compare the website with")
    assert identity_module.current_employer(make_profile(experience=jobs)) is None


def test_a_real_current_employer_beside_freelance_work_is_the_employer():
    jobs = [{"title": "Designer", "company": "Freelance", "start": "2021-01", "end": None},
            {"title": "Analyst", "company": "Independent Bank", "start": "2020-01", "end": None}]
    values, evidence = values_and_words(make_profile(website="independentbank.com", experience=jobs))
    assert values["website_unrelated"] == 0.0
    assert evidence["website_unrelated"] == ("website 'independentbank.com' matches the current employer "
                                             "'Independent Bank'")


def test_an_employer_without_latin_words_is_not_compared():
    jobs = [{"title": "Engineer", "company": "トヨタ自動車", "start": "2019-03", "end": None}]
    values, evidence = values_and_words(make_profile(website="best-crypto-returns.biz", experience=jobs))
    assert math.isnan(values["website_unrelated"])
    assert evidence["website_unrelated"] == ("the current employer 'トヨタ自動車' has no words in Latin letters to "
                                             "compare the website with")


def test_a_free_host_without_a_user_part_is_not_compared():
    values, evidence = values_and_words(make_profile(website="https://wixsite.com"))
    assert values["website_free_host"] == 1.0 and math.isnan(values["website_unrelated"])
    assert evidence["website_unrelated"] == "website 'wixsite.com' has no name of its own to compare with the employer"


def test_a_lone_letter_of_a_company_is_no_match():
    jobs = [{"title": "Tutor", "company": "A Plus Tutors", "start": "2019-03", "end": None}]
    values, _ = values_and_words(make_profile(website="aaaa.com", experience=jobs))
    assert values["website_unrelated"] == 1.0
    values, _ = values_and_words(make_profile(website="aplustutors.com", experience=jobs))
    assert values["website_unrelated"] == 0.0


def test_unrelated_needs_a_current_employer():
    ended = [{"title": "Analyst", "company": "Vale", "start": "2019-03", "end": "2022-01"}]
    values, evidence = values_and_words(make_profile(website="random-thing.com", experience=ended))
    assert math.isnan(values["website_unrelated"]) and values["website_free_host"] == 0.0
    assert evidence["website_unrelated"] == "no current employer to compare the website with"


@pytest.mark.parametrize(("overrides", "sentence"), [
    ({}, "no website given"),
    ({"has_website": True}, "the profile links to a website, but its address is not given"),
    ({"has_website": False}, "no website given"),
])
def test_no_website_is_unknown(overrides, sentence):
    values, evidence = values_and_words(make_profile(**overrides))
    assert_features(values, dict.fromkeys(identity_module._WEBSITE, NAN))
    assert evidence["website_free_host"] == sentence


@pytest.mark.parametrize(("overrides", "value", "sentence"), [
    ({"website": "https://example.org/about"}, 1.0, "links to a website ('example.org')"),
    ({"has_website": True}, 1.0, "links to a website (the source gives no address)"),
    ({"has_website": False}, 0.0, "no website linked"),
    ({}, NAN, "whether the profile links to a website is not given"),
])
def test_website_given(overrides, value, sentence):
    values, evidence = values_and_words(make_profile(**overrides))
    assert_features(values, {"website_given": value})
    assert evidence["website_given"] == sentence


def test_website_given_is_free_and_in_the_website_clue():
    feature = next(f for f in IdentityExtractor.features if f.name == "website_given")
    assert feature.direction == EITHER and "spam" in feature.why
    assert "website_given" in IdentityExtractor.clues["website"]


@pytest.mark.parametrize("text", ["https://пример.рф", "\u202e", "", "::::", "https://", "bit.ly" * 400, "🙂.com"])
def test_reading_a_website_the_schema_would_refuse_does_not_crash(text):
    site = read_website(text)
    assert site.kind in ("shortener", "free host", "own domain")


def test_the_lists_load_once_and_each_entry_says_where_it_comes_from():
    assert domain_lists() is domain_lists()
    lists = domain_lists()
    assert {"bit.ly", "tinyurl.com", "t.co", "ow.ly", "goo.gl"} <= lists.shorteners
    assert {"wixsite.com", "weebly.com", "blogspot.com", "github.io", "netlify.app"} <= lists.free_hosts
    assert "com.br" in lists.second_level and "co.uk" in lists.second_level
    for name in ("shorteners.tsv", "free_hosts.tsv"):
        text = (identity_module.data_dir() / name).read_text(encoding="utf-8")
        assert text.startswith("# ") and "Sources" in text
        entries = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
        assert entries and all(len(line.split("\t")) == 2 and line.split("\t")[1].strip() for line in entries)


# -------------------------------------------------------------------------------------------------- visibility

@pytest.mark.parametrize(("visibility", "value", "sentence"), [
    ("private", 1.0, "the profile is private"),
    ("public", 0.0, "the profile is public"),
    (None, NAN, "visibility not given"),
])
def test_visibility(visibility, value, sentence):
    values, evidence = values_and_words(make_profile(visibility=visibility))
    assert_features(values, {"private_profile": value})
    assert evidence["private_profile"] == sentence


def test_directions_are_the_documented_ones():
    directions = IdentityExtractor.directions
    assert directions["handle_digits"] == RAISES and directions["random_looking"] == RAISES
    assert directions["handle_name_match"] == LOWERS
    assert directions["private_profile"] == EITHER and directions["handle_length"] == EITHER
    assert all(directions[f] == RAISES for f in identity_module._WEBSITE)


# ---- the contract of every registered extractor, for this one (test_contract.py collects before it registers)

HOSTILE = Profile.model_validate(contract.HOSTILE.model_dump() | {
    "handle": "\u202e" + "Ω" * 99,
    "website": "https://xn--" + "a" * 1980 + ".com/",
    "visibility": "private",
    "measured": {"handle_length": 100},
})
PROFILES = contract.PROFILES | {"hostile_new_fields": HOSTILE}


def test_is_registered():
    assert REGISTRY["identity"] is IdentityExtractor
    contract.test_declares_its_identity("identity")


@pytest.mark.parametrize("which", sorted(PROFILES))
def test_contract_on_each_profile(which, monkeypatch):
    monkeypatch.setattr(contract, "PROFILES", PROFILES)
    contract.test_returns_exactly_its_declared_features_as_floats("identity", which)
    contract.test_gives_evidence_in_words_for_every_feature("identity", which)


def test_contract_across_profiles(monkeypatch):
    monkeypatch.setattr(contract, "PROFILES", PROFILES)
    contract.test_is_deterministic_and_does_not_mutate_its_input("identity")
    contract.test_batch_matches_one_by_one("identity")
    contract.test_minimal_profile_is_unmeasured_not_zero("identity")


handles = st.one_of(st.none(), st.text(st.characters(blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc")),
                                       min_size=1, max_size=100).filter(lambda h: not set(h) & set("/?#@")),
                    st.sampled_from(["jane-doe-4b1a2c", "x7kq9zt", "12345678", "-", "a-b-c-d-e-f"]))
labels = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True)
websites = st.one_of(st.none(), st.builds(
    lambda scheme, sub, label, tld, path: f"{scheme}{sub}{label}.{tld}{path}",
    st.sampled_from(["", "http://", "https://", "HTTPS://www."]), st.sampled_from(["", "www.", "a.b."]), labels,
    st.sampled_from(["com", "com.br", "co.uk", "wixsite.com", "bit.ly", "xn--p1ai", "io"]),
    st.sampled_from(["", "/", "/view/x", "?q=1", "#f", ":8080/a"])))
text = st.one_of(st.none(), st.text(max_size=60), st.sampled_from(["Maria Souza", "李娜", "Acme Inc", "\u202e"]))
records = st.fixed_dictionaries({"id": st.text(min_size=1, max_size=20)}, optional={
    "name": text, "handle": handles, "website": websites,
    "visibility": st.one_of(st.none(), st.sampled_from(["public", "private"])),
    "experience": st.one_of(st.none(), st.lists(st.fixed_dictionaries({}, optional={
        "company": text, "start": st.sampled_from([None, "2019-01"]), "end": st.sampled_from([None, "2020-01"])}),
        max_size=3)),
})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records)
def test_no_valid_profile_breaks_it(raw):
    item = validate_record(raw, source="hypothesis", line=1)
    assert item.ok, item.error
    extractor = IdentityExtractor()
    values = extractor.extract(item.profile, CTX)
    assert tuple(values) == extractor.feature_names
    assert all(isinstance(v, float) and (math.isnan(v) or (math.isfinite(v) and v >= 0)) for v in values.values())
    words = extractor.evidence(item.profile, values, CTX)
    assert set(words) == set(extractor.feature_names) and all(w.strip() and len(w) < 400 for w in words.values())


# ------------------------------------------------------------------------- shortcuts that must change nothing

def _fold_in_full(text: str) -> str:
    """``fold`` without its shortcut for ASCII text."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40) | st.text(max_size=40))
def test_fold_and_ascii_words_of_ascii_text_are_those_of_the_full_reading(text):
    assert identity_module.fold(text) == _fold_in_full(text)
    in_full = [w for w in identity_module._WORD.findall(_fold_in_full(text)) if w.isascii() and len(w) >= 2]
    assert identity_module._ascii_words(text) == in_full


def test_every_ascii_character_folds_as_in_full():
    text = "".join(map(chr, range(128)))
    assert identity_module.fold(text) == _fold_in_full(text)
    assert identity_module._ascii_words("Itaú Unibanco ＡＢＣ") == ["itau", "unibanco", "abc"]  # the full reading


def _made_of_trying_every_word(part, own, generic):
    """``_made_of`` as first written: every word tried at every reached position."""
    tokens = own | generic
    reach = [0] * (len(part) + 1)
    reach[0] = 1
    for i in range(len(part)):
        if reach[i]:
            for token in tokens:
                if token and part.startswith(token, i):
                    j = i + len(token)
                    reach[j] = max(reach[j], 2 if token in own or reach[i] == 2 else 1)
    return reach[-1] == 2


WORDS = st.sets(st.text(alphabet="abcg", min_size=1, max_size=4), max_size=6)


@settings(max_examples=200, deadline=None)
@given(part=st.text(alphabet="abcgx", max_size=14), own=WORDS, generic=WORDS)
def test_made_of_by_slices_is_made_of_by_trying_every_word(part, own, generic):
    longest = max(map(len, own | generic), default=1)
    assert identity_module._made_of(part, own, generic, longest) == _made_of_trying_every_word(part, own, generic)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300) | st.text(alphabet="ab \t\u00a0\u200b\u202e\u2028\x7f\ufeff", max_size=80))
def test_quote_of_a_printable_text_leaves_out_nothing_as_the_full_reading(text):
    """``_quote`` looks for control and format characters only in a text that is not printable."""
    import unicodedata

    visible = "".join(ch for ch in text[:240] if unicodedata.category(ch) not in ("Cc", "Cf"))
    assert identity_module._quote(text) == repr(identity_module.clip(visible, 60))


def test_each_sentence_evidence_for_gives_is_the_whole_evidences():
    extractor = IdentityExtractor()
    profiles = [make_profile(handle="maria-souza-x7kq9zt-4b1a2c", website="mariasouza.com",
                             experience=[{"company": "Vale", "title": "HR", "start": "2020-01"}]),
                make_profile(handle="vale-hr", website="careers.vale.com",
                             experience=[{"company": "Vale S.A.", "title": "HR", "start": "2020-01"}]),
                make_profile(handle=None, website="bit.ly/x", visibility="private"), make_profile()]
    for profile in profiles:
        values = extractor.extract(profile, CTX)
        whole = extractor.evidence(profile, values, CTX)
        for feature in extractor.feature_names:
            given = extractor.evidence_for(profile, values, CTX, {feature})
            assert feature in given and all(whole[f] == words for f, words in given.items()), feature
