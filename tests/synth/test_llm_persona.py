"""The language-model persona (issue 18): its share, its clues at their declared rates, and its look-alikes.

A model should learn how *often* a tell occurs on fakes and on genuine people, not that it exists. So the
tests check three things: the archetype is drawn at its declared share and carries each clue at the rate
its declaration implies (on the plan, :func:`fakeprofile.synth.draw_plan`); a planned clue actually shows
in the profile, and an unplanned one does not; and genuine people show the same tells at their own rates
(careful writers, writing-assistant users, people who kept LinkedIn's suggested About).
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pytest

from fakeprofile.synth import (
    CLUES,
    FAKE_ARCHETYPES,
    FAKE_SHARE,
    PERSONAS,
    Plan,
    clue_rates,
    draw_plan,
    draw_profile,
    generate_profiles,
    vocab,
)
from fakeprofile.synth.names import INVENTED_A, INVENTED_B, LEGAL_SUFFIX

SEED = 23
N_PROFILES = 4000
N_PLANS = 40_000
LLM = FAKE_ARCHETYPES["llm_persona"]
_EXCESS = re.compile(r"\b(?:" + "|".join(map(re.escape, vocab.EXCESS_WORDS)) + r")\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_PLACEHOLDERS = {p for ps in vocab.PLACEHOLDER_FOR_SLOT.values() for p in ps}
_OPENERS = tuple(template.split("{")[0] for template in vocab.LLM_OPENERS)


@pytest.fixture(scope="module")
def drawn() -> list[tuple[dict[str, Any], Plan]]:
    profiles = generate_profiles(N_PROFILES, seed=SEED)
    return [(profile, draw_plan(SEED, i)) for i, profile in enumerate(profiles)]


@pytest.fixture(scope="module")
def plans() -> list[Plan]:
    return [draw_plan(SEED + 1, i) for i in range(N_PLANS)]


def _within(observed: float, expected: float, n: int, sigmas: float = 4.0) -> bool:
    """``observed`` (a share of ``n`` draws) is within ``sigmas`` binomial standard errors of ``expected``."""
    return abs(observed - expected) <= sigmas * math.sqrt(expected * (1 - expected) / n) + 1e-12


def _text(profile: dict[str, Any]) -> str:
    parts = [profile["summary"] or "", profile["headline"] or ""]
    parts += [job["description"] or "" for job in profile["experience"] or ()]
    return " ".join(parts)


def _excess_per_100_words(profile: dict[str, Any]) -> float | None:
    text = _text(profile)
    words = len(_WORD.findall(text))
    return 100 * len(_EXCESS.findall(text)) / words if words else None


def _persona_mix(rate_of) -> float:
    """The mean over personas, at their drawing weights, of ``rate_of(persona)``."""
    total = sum(p.weight for p in PERSONAS.values())
    return sum(p.weight * rate_of(p) for p in PERSONAS.values()) / total


# ------------------------------------------------------------------------------------------ declarations
def test_llm_persona_is_declared_with_its_clues_and_completeness():
    assert set(LLM.clues) >= {"llm_vocabulary", "llm_boilerplate", "invented_employers", "round_counts",
                              "tidy_career", "placeholder_text", "empty_braces", "polished_text"}
    assert all(0 < rate < 1 for rate in LLM.clues.values())
    assert LLM.clues["placeholder_text"] <= 0.1 and LLM.clues["empty_braces"] <= 0.1, "leftovers are rare"
    assert LLM.clues["llm_vocabulary"] >= 0.5, "most model-written personas over-use the excess vocabulary"
    assert 0.3 <= LLM.clues["round_counts"] <= 0.5
    assert 0 < LLM.complete < 1
    share = LLM.weight / sum(a.weight for a in FAKE_ARCHETYPES.values())
    assert 0.15 <= share <= 0.2


def test_every_excess_sentence_carries_an_excess_word_and_no_other_register_does():
    for sentence in vocab.LLM_SUMMARY + vocab.LLM_DESCRIPTIONS:
        assert _EXCESS.search(sentence), sentence
    others: list[str] = []
    for name, value in vars(vocab).items():
        if not name.isupper() or name.startswith(("LLM_", "EXCESS_")):
            continue
        for texts in (value.values() if isinstance(value, dict) else [value]):
            if isinstance(texts, tuple):
                others += [text for text in texts if isinstance(text, str)]
    assert len(others) > 100
    found = [text for text in others if _EXCESS.search(text)]
    assert not found, f"an excess word in an ordinary register would blur the clue: {found}"


@pytest.mark.parametrize("clue", ["llm_vocabulary", "llm_boilerplate", "invented_employers", "round_counts",
                                  "tidy_career", "placeholder_text", "empty_braces"])
def test_each_llm_tell_also_occurs_on_genuine_profiles(clue):
    genuine = _persona_mix(lambda p: clue_rates(p, None)[clue])
    fake = _persona_mix(lambda p: clue_rates(p, LLM)[clue])
    assert CLUES[clue].background > 0
    assert 0 < genuine < fake


# ------------------------------------------------------------------------------------------ shares and rates
def test_the_archetype_appears_at_its_declared_share(drawn):
    truth = [plan.fake.name if plan.fake else None for _, plan in drawn]
    fakes = [name for name in truth if name is not None]
    expected = LLM.weight / sum(a.weight for a in FAKE_ARCHETYPES.values())
    observed = sum(name == "llm_persona" for name in fakes) / len(fakes)
    assert _within(observed, expected, len(fakes)), f"{observed:.3f} of fakes, declared {expected:.3f}"
    overall = sum(name == "llm_persona" for name in truth) / len(truth)
    assert _within(overall, FAKE_SHARE * expected, len(truth))
    assert [p["archetype"] for p, _ in drawn].count("llm_persona") == truth.count("llm_persona")


@pytest.mark.parametrize("clue", sorted(LLM.clues))
def test_llm_persona_carries_each_clue_at_its_declared_rate(plans, clue):
    mine = [plan for plan in plans if plan.fake is LLM]
    expected = _persona_mix(lambda p: clue_rates(p, LLM)[clue])
    observed = sum(clue in plan.clues for plan in mine) / len(mine)
    assert _within(observed, expected, len(mine)), f"{clue}: {observed:.3f}, declared {expected:.3f}"
    # What the archetype itself added: its own rate, on top of what the person would have carried anyway.
    added = sum(clue in plan.added for plan in mine) / len(mine)
    own = _persona_mix(lambda p: 1 - clue_rates(p, None)[clue])
    assert _within(added, own * LLM.clues[clue], len(mine))


def test_genuine_polished_writers_exist_at_their_rate(drawn, plans):
    genuine = [plan for plan in plans if plan.fake is None]
    expected = PERSONAS["polished_writer"].weight / sum(p.weight for p in PERSONAS.values())
    observed = sum(plan.persona.name == "polished_writer" for plan in genuine) / len(genuine)
    assert _within(observed, expected, len(genuine))
    writers = [profile for profile, plan in drawn if plan.fake is None and plan.persona.name == "polished_writer"]
    assert len(writers) >= 100
    assert all(profile["archetype"] == "polished_writer" and profile["label"] in (0, 1) for profile in writers)
    # They show the tells of a model's persona at their own, lower, rates.
    lookalikes = PERSONAS["polished_writer"].lookalikes
    for clue in ("llm_vocabulary", "llm_boilerplate", "round_counts", "tidy_career"):
        assert 0 < lookalikes[clue] < _persona_mix(lambda p, c=clue: clue_rates(p, LLM)[c])


def test_genuine_writing_assistant_users_show_a_little_excess_vocabulary(drawn, plans):
    genuine = [plan for plan in plans if plan.fake is None]
    expected = _persona_mix(lambda p: clue_rates(p, None)["llm_vocabulary"])
    observed = sum("llm_vocabulary" in plan.clues for plan in genuine) / len(genuine)
    assert _within(observed, expected, len(genuine))
    assert 0.03 <= expected <= 0.1

    def density(select) -> list[float]:
        values = [_excess_per_100_words(profile) for profile, plan in drawn if select(plan)]
        return [v for v in values if v is not None]

    light = density(lambda plan: plan.fake is None and "llm_vocabulary" in plan.clues)
    heavy = density(lambda plan: "llm_vocabulary" in plan.added)
    assert len(light) >= 50 and len(heavy) >= 100
    assert 0 < np.mean(light) < np.mean(heavy) / 2, (np.mean(light), np.mean(heavy))
    assert np.mean([v > 0 for v in light]) > 0.3, "a writing assistant leaves some trace"


# ------------------------------------------------------------------------------------------ what shows
def test_excess_vocabulary_shows_only_where_planned(drawn):
    unplanned = [_excess_per_100_words(p) for p, plan in drawn if "llm_vocabulary" not in plan.clues]
    assert not any(unplanned), "excess words on a profile without the clue"


def test_a_planned_placeholder_or_literal_braces_show_and_never_otherwise(drawn):
    for clue, shows in (("placeholder_text", lambda p: any(x in _text(p) for x in _PLACEHOLDERS)),
                        ("empty_braces", lambda p: "{}" in _text(p))):
        planned = [shows(p) for p, plan in drawn if clue in plan.clues]
        unplanned = [shows(p) for p, plan in drawn if clue not in plan.clues]
        assert planned and np.mean(planned) >= 0.8, (clue, np.mean(planned))
        assert not any(unplanned), clue


def test_a_planned_boilerplate_frames_the_about(drawn):
    def framed(p):
        return (p["summary"] or "").startswith(_OPENERS)

    planned = [framed(p) for p, plan in drawn if "llm_boilerplate" in plan.clues and p["summary"]]
    unplanned = [framed(p) for p, plan in drawn if "llm_boilerplate" not in plan.clues and p["summary"]]
    assert len(planned) >= 50 and np.mean(planned) >= 0.8
    assert not any(unplanned)


def test_planned_round_counts_are_round(drawn):
    counts = [(p["connections"], p["followers"]) for p, plan in drawn if "round_counts" in plan.clues]
    assert len(counts) >= 50
    for connections, followers in counts:
        for count in (connections, followers):
            assert count is None or count < 20 or count % 10 == 0, count


def _is_invented(company: str | None) -> bool:
    if not company:
        return False
    for suffix in set(LEGAL_SUFFIX.values()):
        company = company.removesuffix(suffix)
    return any(company.startswith(a) and company[len(a):] in INVENTED_B for a in INVENTED_A)


def test_planned_invented_employers_are_mostly_invented(drawn):
    def share(select) -> float:
        flags = [_is_invented(job["company"]) for p, plan in drawn if select(plan) for job in p["experience"] or ()]
        return float(np.mean(flags))

    assert share(lambda plan: "invented_employers" in plan.clues) > 0.5
    assert 0 < share(lambda plan: "invented_employers" not in plan.clues) < 0.1, "real small firms sound alike"


def _months(date: str) -> int:
    year, month = date.split("-")
    return int(year) * 12 + int(month) - 1


def _ladder_shape(profile: dict[str, Any]) -> bool | None:
    """Whether the listed jobs (at least three, dated to the month) follow one another without gaps and the
    finished ones all last as long; None when that cannot be read."""
    jobs = profile["experience"] or []
    if len(jobs) < 3 or any(not j["start"] or len(j["start"]) != 7 or (j["end"] and len(j["end"]) != 7)
                            for j in jobs):
        return None
    spans = [(_months(j["start"]), _months(j["end"]) if j["end"] else None) for j in reversed(jobs)]
    contiguous = all(older[1] is not None and newer[0] == older[1] + 1
                     for older, newer in zip(spans, spans[1:], strict=False))
    lengths = {end - start for start, end in spans if end is not None}
    return contiguous and len(lengths) == 1


def test_a_planned_tidy_career_is_a_ladder_of_even_steps(drawn):
    # Clues that move job dates on purpose are left out; so are careers that are not a plain succession.
    moved = {"overlap_fulltime", "undated_job"}
    shapes = [_ladder_shape(p) for p, plan in drawn
              if plan.persona.career == "standard" and not plan.clues & moved and "tidy_career" in plan.clues]
    shapes = [s for s in shapes if s is not None]
    assert len(shapes) >= 20 and all(shapes)
    ordinary = [_ladder_shape(p) for p, plan in drawn
                if plan.persona.career == "standard" and "tidy_career" not in plan.clues]
    ordinary = [s for s in ordinary if s is not None]
    assert np.mean(ordinary) < 0.05, "ordinary careers are not this regular"


def test_llm_personas_are_more_complete_than_genuine_profiles_on_average(drawn):
    def rate(select, has) -> float:
        return float(np.mean([has(p) for p, plan in drawn if select(plan)]))

    def llm(plan):
        return plan.fake is LLM

    def genuine(plan):
        return plan.fake is None

    for has in (lambda p: bool(p["summary"]) if p["summary"] is not None else True,
                lambda p: bool(p["education"]) if p["education"] is not None else True,
                lambda p: len(p["skills"]) >= 3 if p["skills"] is not None else True):
        assert rate(llm, has) >= 0.9
        assert rate(llm, has) > rate(genuine, has)


# ------------------------------------------------------------------------------------------ determinism
def test_the_plan_is_the_one_the_profile_was_drawn_from():
    for index in range(300):
        plan = draw_plan(SEED, index)
        profile, _, label = draw_profile(SEED, index)
        assert profile["archetype"] == (plan.fake.name if plan.fake else plan.persona.name)
        assert label == int(plan.fake is not None)
        assert plan.added <= plan.clues
        assert plan.fake is not None or not plan.added


def test_llm_personas_are_deterministic_for_a_seed():
    first = [p for p in generate_profiles(400, seed=SEED + 2) if p["archetype"] == "llm_persona"]
    again = [p for p in generate_profiles(400, seed=SEED + 2) if p["archetype"] == "llm_persona"]
    assert first and first == again
    assert [draw_plan(SEED, i) for i in range(50)] == [draw_plan(SEED, i) for i in range(50)]
