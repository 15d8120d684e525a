from __future__ import annotations

import math

import pytest

from fakeprofile.extractors import Context
from fakeprofile.extractors.name import NameExtractor, organisation_words
from tests.conftest import make_profile

CTX = Context(as_of="2026-10")


@pytest.mark.parametrize(
    ("name", "organisation"),
    [
        ("Acme Solutions LLC", 1.0),
        ("BrightPath Consulting Group", 1.0),
        ("Global Staffing Inc.", 1.0),
        ("Müller GmbH", 1.0),
        ("Nova Digital Marketing", 1.0),
        ("Maria Souza", 0.0),
        ("José Álvarez-Ruiz", 0.0),
        ("Sam Co", 1.0),  # a known false positive kind: the evidence shows the word that matched
        ("Incognito Smith", 0.0),  # 'inc' inside a word is not a legal form
        ("Groupon Fan", 0.0),
        ("李小龙", 0.0),
    ],
)
def test_organisation_names(name, organisation):
    from fakeprofile.schema import Profile

    values = NameExtractor().extract(Profile(id="x", name=name), CTX)
    assert values["looks_like_organisation"] == organisation


def test_missing_name_is_unmeasured():
    from fakeprofile.schema import Profile

    assert all(math.isnan(v) for v in NameExtractor().extract(Profile(id="x"), CTX).values())


def test_evidence_quotes_the_words_that_matched():
    from fakeprofile.schema import Profile

    profile = Profile(id="x", name="Acme Solutions LLC")
    extractor = NameExtractor()
    words = extractor.evidence(profile, extractor.extract(profile, CTX), CTX)
    assert words["looks_like_organisation"] == (
        "name 'Acme Solutions LLC' contains 'Solutions', 'LLC', words organisations use")
    assert organisation_words("Widgets Ltd.") == ["Ltd"]


def test_a_measured_name_gives_its_counts_and_nothing_invented():
    """The Kaggle Instagram table gives a name's word count and digit share, not the name."""
    ex, ctx = NameExtractor(), Context(as_of="2026-10")
    profile = make_profile(name=None, measured={"name_words": 3, "name_digit_share": 0.25})
    values = ex.extract(profile, ctx)
    assert values["name_tokens"] == 3 and values["name_has_digits"] == 1
    assert math.isnan(values["looks_like_organisation"])  # unknown, not guessed
    words = ex.evidence(profile, values, ctx)
    assert "measured 3 word(s)" in words["name_tokens"] and "measured digits" in words["name_has_digits"]
    assert math.isnan(ex.extract(make_profile(name=None), ctx)["name_tokens"])  # no name, no measurement
