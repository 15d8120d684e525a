from __future__ import annotations

import math
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from fakeprofile.extractors import Context
from fakeprofile.extractors import machine_text as mt
from fakeprofile.extractors.machine_text import EXCESS_WORDS, MachineTextExtractor
from fakeprofile.extractors.writing import _STOCK
from tests.conftest import assert_features, make_profile

CTX = Context(as_of="2026-10")
NAN = math.nan
TEXT_FEATURES = ("excess_words_per_100_words", "boilerplate_phrases", "placeholders", "empty_literals",
                 "sentence_length_variation")

# Polished summaries as people write them: fluent and specific, without a model's tics.
NURSE = (
    "I have been a registered nurse for eleven years, the last six on a cardiac step-down unit at St. Luke's. "
    "Most of my days are spent titrating drips, teaching patients about their new medications and catching the "
    "small changes that mean someone is about to get worse. I precept new graduates and sit on our unit's falls "
    "committee, which cut our fall rate by a third last year. Before nursing I worked as a pharmacy technician, "
    "which still helps when I double-check orders. Outside the hospital I coach my daughter's soccer team and am "
    "slowly learning Portuguese.")
CIVIL_ENGINEER = (
    "Chartered civil engineer with fourteen years in highways and drainage design. I lead a team of five at the "
    "county council, where we take schemes from feasibility through detailed design to handover: junction "
    "improvements, flood alleviation, and a fair amount of culvert repair. I am comfortable with MicroDrainage, "
    "Civil 3D and the Design Manual for Roads and Bridges, and I have acted as principal designer under CDM on "
    "schemes up to £8m. Earlier in my career I spent three years on site as a resident engineer, which taught me "
    "more about buildability than any course. I mentor graduates working towards chartership with the ICE.")
TEACHER = (
    "Secondary school science teacher, mainly chemistry, with nine years in the classroom. I teach Key Stage 3 "
    "to A level and have been head of year 10 since 2021. My lessons lean heavily on practical work; I rewrote "
    "our practical scheme so every student does the required practicals twice before the exam. Results have "
    "improved steadily, and last summer 78% of my A level group got A*-B. I run the after-school STEM club and "
    "organise the year 8 trip to the Science Museum. I am interested in how students learn to explain their "
    "reasoning, and I am doing a part-time master's in education on exactly that.")
ACCOUNTANT = (
    "Management accountant (CIMA) working in manufacturing. I own the monthly close for two plants, build the "
    "annual budget with the operations managers, and explain variances to people who would rather be on the "
    "shop floor. Over the past few years I moved our reporting out of forty linked spreadsheets and into Power "
    "BI, which took the close from eight working days to five. I like finding the story in the numbers and "
    "telling it plainly. Previously I trained at a mid-size audit firm in Leeds, where I audited charities and "
    "family businesses.")
# A person may use one listed word; alone it must not look like a model's text.
PHYSIO = (
    "Physiotherapist in a busy NHS outpatient musculoskeletal service. Every new patient gets a comprehensive "
    "assessment, but most of my work is the follow-up: adjusting exercise programmes, talking people through "
    "flare-ups and knowing when to refer back to the GP. I have a special interest in persistent low back pain "
    "and run the service's six-week group class for it. I supervise band 5 rotations and teach on the local "
    "university's placement programme. Before the NHS I spent two seasons with a semi-professional rugby club.")
HUMAN_SUMMARIES = {"nurse": NURSE, "civil engineer": CIVIL_ENGINEER, "teacher": TEACHER, "accountant": ACCOUNTANT,
                   "physiotherapist": PHYSIO}
#: The stated level: polished human prose stays below two listed words per 100 words, so one incidental
#: listed word in a summary of 50 words or more (the physiotherapist's "comprehensive") does not reach it.
HUMAN_EXCESS_CEILING = 2.0

MACHINE = (
    "As a seasoned data scientist, I thrive at the intersection of analytics and storytelling. Notably, my work "
    "in the realm of intricate supply chains has garnered commendable recognition. I am passionate about "
    "harnessing data to uncover nuanced insights. Let's connect!")


def _only_summary(summary, **overrides):
    return make_profile(summary=summary, headline=None, experience=None, **overrides)


def _extract(profile):
    return MachineTextExtractor().extract(profile, CTX)


def _evidence(profile):
    ex = MachineTextExtractor()
    return ex.evidence(profile, ex.extract(profile, CTX), CTX)


def _words(text):
    return len(mt._WORD.findall(text))


# --- excess vocabulary -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "hits"), [
    (MACHINE, 7),  # notably, realm, intricate, garnered, commendable, harnessing, nuanced
    ("Notably, I work in the realm of intricate, multifaceted problems; my work has garnered awards.", 5),
    ("NOTABLY the REALM of Intricate things", 3),
    ("I delve into a rich tapestry of pivotal, meticulous work.", 0),  # writing's stock words, not counted here
    ("I fix bikes and sell spare parts from a small shop in Utrecht.", 0),
])
def test_excess_words_are_counted_per_100_words_with_a_floor(text, hits):
    rate = _extract(_only_summary(text))["excess_words_per_100_words"]
    assert rate == pytest.approx(100 * hits / max(_words(text), mt.MIN_RATE_WORDS))


def test_one_listed_word_in_a_short_headline_counts_little():
    values = _extract(make_profile(headline="Versatile welder", summary=None, experience=None))
    assert values["excess_words_per_100_words"] == pytest.approx(100 / mt.MIN_RATE_WORDS)


@pytest.mark.parametrize("who", sorted(HUMAN_SUMMARIES))
def test_polished_human_prose_stays_below_the_stated_level(who):
    values = _extract(_only_summary(HUMAN_SUMMARIES[who]))
    assert values["excess_words_per_100_words"] < HUMAN_EXCESS_CEILING
    assert values["boilerplate_phrases"] == 0.0 and values["placeholders"] == 0.0


def test_machine_prose_is_far_above_the_human_level():
    values = _extract(_only_summary(MACHINE))
    assert values["excess_words_per_100_words"] > 5 * HUMAN_EXCESS_CEILING
    # as a seasoned, i thrive at, i am passionate about, let's connect ("at the intersection of" shares its "at"
    # with "i thrive at", and a word is read once)
    assert values["boilerplate_phrases"] == 4.0


def test_the_excess_list_shares_no_word_with_the_writing_stock_phrases():
    """One word never moves two features: writing already counts delve, pivotal, leverage, fostering, ..."""
    assert [w for w in sorted(EXCESS_WORDS) if _STOCK.search(w)] == []
    assert all(w == w.lower() and w.isalpha() for w in EXCESS_WORDS)


# --- boilerplate openers and closers -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("As a dedicated nurse, I care for patients.", ["as a dedicated"]),
    ("With a proven track record in sales.", ["with a proven track record"]),
    ("In today’s fast-paced world, data matters.", ["in today's fast-paced world"]),
    ("I am passionate about clean energy. I’m passionate about bikes too.",
     ["i am passionate about", "i'm passionate about"]),
    ("I thrive in ambiguity.", ["i thrive in"]),
    ("Driven by a passion for design.", ["driven by a passion"]),
    ("My work sits at the intersection of law and code.", ["at the intersection of"]),
    ("A unique blend of rigour and empathy, and a wealth of experience.",
     ["a unique blend of", "a wealth of experience"]),
    ("Our award is a testament to the team.", ["is a testament to"]),
    ("Experienced engineer. Skilled in Python, SQL and Spark.", ["skilled in"]),
    ("Skilled in welding.", ["skilled in"]),
    ("Let's connect!", ["let's connect"]),
    ("Looking forward to connecting with you.", ["looking forward to connecting"]),
    # negatives: the same words outside the frames
    ("I worked as a driver and then as a cook.", []),
    ("She has a dedicated team.", []),  # "has a dedicated": "as a" inside a word does not count
    ("Highly skilled in welding and fabrication.", []),  # "skilled in" not starting a sentence
    ("We connect buyers and sellers; let us know.", []),
    ("I build bridges in the ever growing city.", []),
])
def test_boilerplate_frames(text, expected):
    profile = _only_summary(text)
    assert _extract(profile)["boilerplate_phrases"] == float(len(expected))
    words = _evidence(profile)["boilerplate_phrases"]
    for phrase in expected:
        assert repr(phrase) in words


frame_fragments = st.sampled_from([
    "as a dedicated", "as an highly skilled", "with a proven track record", "with an unique blend",
    "in today's digital era", "in todays fast-paced world", "in the ever-evolving landscape",
    "i am passionate about", "i'm truly passionate about", "i thrive on", "driven by a passion",
    "fueled by my deep curiosity", "fuelled by a desire", "fuelling", "at the intersection of",
    "a unique blend of", "a blend of", "a wealth of knowledge", "stands as a testament to",
    "this is a testament to", "believe in the power of", "let's connect", "lets connect", "open to connecting",
    "looking forward to connecting", "skilled in", "unskilled in", "has a", "x", "a", "i", "s", " ", ".", "\n", "'",
])


@given(st.lists(frame_fragments, max_size=12).map("".join))
def test_frames_grouped_by_first_letter_match_where_their_plain_alternation_does(text):
    plain = re.compile("|".join(mt._BOILERPLATE_FRAMES))
    assert [m.span() for m in mt._BOILERPLATE.finditer(text)] == [m.span() for m in plain.finditer(text)]


@given(st.lists(st.sampled_from(sorted(EXCESS_WORDS) + [
    "Notably", "REALM", "ſwift", "İntricate", "crucial_", "crucially", "é", "д", "Москва", "•", "’", " ", ".", "\n",
    "-", "x", "9"]), max_size=40).map(" ".join))
@example("Инженер из Москвы: notably, the realm of intricate data")  # mostly beyond ASCII: the regular expression
def test_the_excess_rate_counts_the_words_of_the_regular_expression(text):
    low = mt._lower([text])
    words = mt._WORD.findall(low)
    hits = sum(word in EXCESS_WORDS for word in words)
    assert mt._excess_rate(low) == 100.0 * hits / max(len(words), mt.MIN_RATE_WORDS)
    # ... and evidence quotes those words
    assert mt._excess_words(low) == ([word for word in words if word in EXCESS_WORDS], len(words))


@given(st.lists(frame_fragments | st.sampled_from(["[first name]", "N/A", "notably", "xyz corp"]), max_size=12)
       .map("".join), st.sampled_from(["N/A", "null", "Engineer"]))
def test_evidence_counts_what_extract_counted_searching_only_where_it_counted_some(text, title):
    profile = make_profile(headline=None, summary=text, experience=[{"title": title, "description": text}])
    ex = MachineTextExtractor()
    values = ex.extract(profile, CTX)
    for feature in ("boilerplate_phrases", "placeholders", "empty_literals"):
        words = ex.evidence_for(profile, values, CTX, {feature})[feature]
        assert words.startswith(f"{int(values[feature])} "), (feature, words)


# --- leftovers ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("summary", "expected"), [
    ("Hi, I am [First Name], a marketer at [Company Name].", ["[first name]", "[company name]"]),
    ("Regards, <Your Name>", ["<your name>"]),
    ("Hello {name}, welcome! {{first_name}}", ["{name}", "{{first_name}}"]),
    ("Sales lead at XYZ Corp since 2019.", ["xyz corp"]),
    ("Lorem ipsum dolor sit amet.", ["lorem ipsum"]),
    ("As an AI language model, I cannot browse LinkedIn.", ["as an ai language model"]),
    ("Here is a polished LinkedIn summary: I build things. I hope this helps!",
     ["here is a polished linkedin summary", "i hope this helps"]),
    ("As of my last knowledge update, I work at Acme.", ["as of my last knowledge update"]),
    # negatives
    ("Engineer [open to work] | Python <3", []),
    ("Contact: [email protected] or see [link].", []),  # a scraper's brackets, not a template's
    ("I worked at ABC News and at Tesco.", []),
])
def test_placeholders_and_chatbot_leftovers(summary, expected):
    profile = _only_summary(summary)
    assert _extract(profile)["placeholders"] == float(len(expected))
    words = _evidence(profile)["placeholders"]
    for leftover in expected:
        assert repr(leftover) in words


def test_placeholders_in_job_titles_and_employers_count():
    jobs = [{"title": "[Job Title]", "company": "XYZ Corporation", "description": "Sold things."}]
    assert _extract(make_profile(experience=jobs))["placeholders"] == 2.0


fragments = st.sampled_from(["[first name]", "{name}", "xyz corp", "lorem ipsum", "as an ai model", "here's a bio",
                             "i hope this helps", "feel free to edit this", "as of my knowledge cutoff", "<your x>",
                             "hello", " ", ".", "[", "<", "}", "abc inc", "team", "\n", "here is your summary",
                             "feel free to reach out", "feel free to ", "feel free to customise the", "adjust it"])


@given(st.lists(fragments, max_size=12).map("".join))
def test_the_anchor_shortcut_never_hides_a_placeholder(text):
    assert mt._placeholders(text) == mt._PLACEHOLDER.findall(text)


@settings(max_examples=500, deadline=None)
@given(st.from_regex(mt._PLACEHOLDER, fullmatch=True), st.text(max_size=8), st.text(max_size=8))
def test_every_placeholder_the_pattern_can_match_passes_the_anchor_shortcut(placeholder, before, after):
    # Hypothesis writes texts from the pattern itself, so an alternative added to _PLACEHOLDER without its anchor
    # (or a verb after "feel free to" whose first letter _FEEL_FREE_TO lacks) fails here: at once for a bracketed
    # one, within a few runs for a rare literal one (each is drawn about once in 3,000 examples).
    text = before + placeholder + after
    assert mt._placeholders(text) == mt._PLACEHOLDER.findall(text)
    assert mt._placeholders(placeholder)


# --- literal empty structures ------------------------------------------------------------------------------

def test_empty_structure_literals_are_counted_per_field():
    jobs = [{"title": "N/A", "company": "None", "description": "[]"},
            {"title": "Welder", "company": "null", "description": "None of the above applied."}]
    profile = make_profile(headline=" {} ", summary="undefined", experience=jobs)
    assert _extract(profile)["empty_literals"] == 6.0
    words = _evidence(profile)["empty_literals"]
    assert words.startswith("6 text field(s)") and "headline '{}'" in words and "job title 'N/A'" in words


def test_ordinary_fields_hold_no_literal():
    assert _extract(make_profile())["empty_literals"] == 0.0


# --- round counts ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("connections", "followers", "expected"), [
    (350, None, 1.0),
    (375, 400, 2.0),
    (340, 362, 0.0),
    (0, None, 0.0),  # measured, and zero is no chosen number
    (600, 425, 1.0),  # connections above the cap are not judged; followers are
    (500, 1200, NAN),  # 500 is the "500+" cap, not a choice
    (None, None, NAN),
])
def test_round_counts_below_the_display_cap(connections, followers, expected):
    values = _extract(make_profile(connections=connections, followers=followers))
    assert_features(values, {"round_counts": expected})


def test_round_count_evidence_says_it_is_weak():
    words = _evidence(make_profile(connections=350, followers=362))["round_counts"]
    assert words.startswith("350 connections is a multiple of 25") and "weak" in words


# --- uniformity --------------------------------------------------------------------------------------------

def test_even_sentences_have_no_variation_and_bursty_ones_much():
    even = " ".join(["I build data pipelines for retail clients."] * 5)
    bursty = ("Nurse. I have spent the last eleven years on a cardiac unit and most of that on nights, which "
              "suits me. Love it. Teaching too. I precept new graduates and sit on the falls committee.")
    assert _extract(_only_summary(even))["sentence_length_variation"] == 0.0
    assert _extract(_only_summary(bursty))["sentence_length_variation"] > 0.6


def test_sentences_split_at_ends_bullets_and_lines_but_not_inside_numbers():
    description = "• Cut build time 3.5x.• Moved CI to node.js\n- Ran the on-call rota!"
    jobs = [{"title": "Engineer", "description": description}]
    profile = make_profile(summary="One two three. Four five? Six", experience=jobs)
    assert mt._sentence_lengths(profile) == [3, 2, 1, 4, 4, 4]


def test_too_few_sentences_leave_the_variation_unmeasured():
    values = _extract(_only_summary("One sentence. Two sentences. Three. Four."))
    assert math.isnan(values["sentence_length_variation"])
    assert "too few sentences (4)" in _evidence(_only_summary("One. Two. Three. Four."))["sentence_length_variation"]


# --- given, not given --------------------------------------------------------------------------------------

def test_no_text_given_is_unknown_not_zero():
    profile = make_profile(headline=None, summary=None, experience=None)
    values = _extract(profile)
    assert all(math.isnan(values[f]) for f in TEXT_FEATURES)
    assert values["round_counts"] == 0.0  # the counts were given (340 and 360)


def test_text_given_without_any_clue_is_zero():
    plain = ("I run the night shift at a regional hospital pharmacy. Before that I spent six years in community "
             "pharmacies around Leeds, mostly doing prescriptions and vaccinations.")
    values = _extract(make_profile(summary=plain, headline="Pharmacist"))
    assert_features(values, {"excess_words_per_100_words": 0.0, "boilerplate_phrases": 0.0, "placeholders": 0.0,
                             "empty_literals": 0.0})


def test_texts_shown_empty_are_measured_as_having_none():
    values = _extract(make_profile(headline="", summary="", experience=None))
    assert_features(values, {"excess_words_per_100_words": 0.0, "boilerplate_phrases": 0.0, "placeholders": 0.0,
                             "empty_literals": 0.0, "sentence_length_variation": NAN})


def test_evidence_quotes_the_words_it_counted():
    words = _evidence(_only_summary(MACHINE))
    assert "'notably'" in words["excess_words_per_100_words"] and "'realm'" in words["excess_words_per_100_words"]
    assert "'i thrive at'" in words["boilerplate_phrases"]
    assert words["placeholders"] == "0 unfilled placeholder(s) or chatbot leftover(s)"


def test_long_texts_are_read_only_up_to_the_cap():
    summary = "plain words here " * 400 + " notably " * 50  # past MAX_TEXT characters
    assert _extract(_only_summary(summary))["excess_words_per_100_words"] == 0.0


@pytest.mark.parametrize(("text", "found"), [
    ("worked at [client name] on [key project]", ["[client name]", "[key project]"]),
    ("led [previous company] sales", ["[previous company]"]),
    ("my [field] work", ["[field]"]),
    ("see [link] or mail [email protected]", []),
    ("python [3.11] and i [really] liked it", []),
])
def test_bracketed_labels_ending_in_a_template_noun_are_placeholders(text, found):
    from fakeprofile.extractors.machine_text import _placeholders

    assert _placeholders(text) == found
