"""A prediction said in plain words for the person who received the invitation: the verdict, the operating
point, and what was not given that would help most. No feature names: those are for the page's details.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fakeprofile.schema import Prediction, Profile


@dataclass(frozen=True)
class VerdictWords:
    """The verdict as the page shows it: ``key`` is the schema's verdict (and the CSS class)."""

    key: str
    title: str
    sentence: str


def percent(probability: float) -> str:
    """A probability as a person reads it: ``90%``; never a flat 0% or 100%, which no model can know."""
    if probability < 0.005:
        return "less than 1%"
    if probability > 0.995:
        return "more than 99%"
    return f"{probability * 100:.0f}%"


def verdict_words(prediction: Prediction) -> VerdictWords:
    """The verdict, with the probability and the threshold it was judged by, in one sentence."""
    chance = percent(prediction.probability)
    line = percent(prediction.threshold)
    if prediction.verdict == "fake":
        return VerdictWords("fake", "Fake", f"The model puts the chance that this profile is fake at {chance}, at "
                                            f"or above the {line} from which it calls a profile fake.")
    if prediction.verdict == "genuine":
        return VerdictWords("genuine", "Genuine", f"The model puts the chance that this profile is fake at {chance}, "
                                                  f"below the {line} from which it calls a profile fake.")
    return VerdictWords("insufficient", "Not enough to judge",
                        f"What was given shows too little to judge this profile either way: on so few clues, the "
                        f"chance of {chance} that the model computes says little about this profile. Add what "
                        "you can see (below).")


def operating_point(info: Mapping[str, Any]) -> list[str]:
    """The model's operating point in words, from its manifest: the false-positive rate it was set for, and
    what it did on the profiles held out from its training. Empty when the model does not record them."""
    sentences = []
    target = info.get("target_fpr")
    if isinstance(target, int | float) and 0 < target < 1:
        sentences.append(f"At this setting about 1 in {round(1 / target):,} genuine profiles is flagged as fake.")
    test = (info.get("metrics") or {}).get("test") or {}
    n, n_fake = test.get("n"), test.get("n_fake")
    fpr, recall = test.get("false_positive_rate"), test.get("recall")
    if all(isinstance(v, int | float) for v in (n, n_fake, fpr, recall)) and n > n_fake > 0:
        n_genuine = int(n - n_fake)
        sentences.append(
            f"On {n_genuine:,} genuine profiles held out from its training it flagged {round(fpr * n_genuine):,}, "
            f"and it caught {round(recall * n_fake):,} of {int(n_fake):,} fakes ({percent(recall)}): "
            "a genuine verdict is not proof, only that these clues do not point to a fake.")
    return sentences


@dataclass(frozen=True)
class Hint:
    """Something the person could add, the input it goes in, and what it lets the model check."""

    input: str
    what: str
    why: str
    given: Callable[[Profile], bool]


def _recipient_location(profile: Profile) -> bool:
    invitation = profile.invitation
    return invitation is not None and invitation.recipient is not None and invitation.recipient.location is not None


def _jobs_dated(profile: Profile) -> bool:
    return profile.experience is not None and (not profile.experience or any(j.start for j in profile.experience))


def _descriptions_said(profile: Profile) -> bool:
    jobs = profile.experience
    return not jobs or any(job.description is not None for job in jobs)


#: What to add, most useful first. The order follows the seeds' clues (the ones the issue and the README
#: name first) and what each lets several clue families measure; it is a judgement, not a measurement.
HINTS = (
    Hint("connections", "the number of connections (\"500+\" is fine)",
         "few connections after years of work is a classic sign of a fake", lambda p: p.connections is not None),
    Hint("experience.0.title", "their jobs, with start and end months",
         "shows how long they have worked and whether two full-time jobs overlap", _jobs_dated),
    Hint("invitation.message", "the invitation's note, or that it came without one",
         "template texts, sales pitches and requests for your phone number show in the note",
         lambda p: p.invitation is not None),
    Hint("invitation.recipient.location", "your own location",
         "compared with theirs: a stranger far away with nothing in common with you", _recipient_location),
    Hint("location", "their location", "compared with yours, their jobs' and their schools'",
         lambda p: p.location is not None),
    Hint("photo", "their photo (upload it), or that there is none",
         "stock and celebrity photos copied from elsewhere are recognised", lambda p: p.has_any_photo is not None),
    Hint("summary", "their summary (About), or that there is none",
         "an empty or machine-written summary", lambda p: p.summary is not None),
    Hint("experience.0.description", "whether their jobs have descriptions",
         "jobs listed without any description", _descriptions_said),
    Hint("invitation.mutual_connections", "how many mutual connections you have",
         "a stranger with nobody in common", lambda p: p.invitation is not None
         and p.invitation.mutual_connections is not None),
    Hint("headline", "their headline", "what they say they do, against their jobs and the note",
         lambda p: p.headline is not None),
    Hint("education.0.school", "their schools, with years", "degrees in an impossible order or while working "
         "full-time abroad", lambda p: p.education is not None),
    Hint("followers", "the number of followers", "followers against connections", lambda p: p.followers is not None),
    Hint("skills", "their skills", "how complete the profile is", lambda p: p.skills is not None),
    Hint("recommendations", "the number of recommendations", "how complete the profile is",
         lambda p: p.recommendations is not None),
    Hint("name", "their name", "company words in a person's name", lambda p: p.name is not None),
)


def would_help(profile: Profile, limit: int = 5) -> list[Hint]:
    """The first ``limit`` hints (most useful first) for what the profile as given leaves unknown."""
    return [hint for hint in HINTS if not hint.given(profile)][:limit]
