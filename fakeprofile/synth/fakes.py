"""Fake archetypes: the kinds of fake account the seeds describe, each declaring the clues it carries.

A fake is drawn from a genuine persona (:mod:`fakeprofile.synth.genuine`), chosen with the same weights
as for genuine people, because that is what it poses as: its layout is a genuine person's. Its archetype
then adds clues, each independently at a declared rate (:attr:`FakeArchetype.clues`), and may replace the
photo, the note and the summary with its own kinds (with probability ``*_override``). No archetype
carries any clue at rate 1, so some fakes of every archetype show none of their clues, as careful fakes
do; and every clue here also occurs on genuine profiles (:data:`fakeprofile.synth.clues.CLUES`'
background rates and the personas' look-alikes).

The language-model persona (``llm_persona``, issue 18) is written from published descriptions, not fitted
to any sample of such profiles:

- Ayoobi, Shahriar and Mukherjee 2023, "The Looming Threat of Fake and LLM-generated LinkedIn Profiles:
  Challenges and Opportunities for Detection and Prevention" (ACM Hypertext '23): 1,800 legitimate
  profiles, 600 fakes made by hand and 1,200 written by ChatGPT, judged at registration from the text of
  each section alone (About, Experience, Education, Skills ...). A detector that never saw a generated
  profile recognises only about 70% of them; twenty examples in training bring it to about 90%: the
  generated text is fluent, plausible and generic rather than broken.
- Gulati, Kumar, Agarwal and Sharma 2025, "Weak Links in LinkedIn: Enhancing Fake Profile Detection in the
  Age of LLMs" (ASONAM; arXiv 2507.16860): detectors that reject 93-94% of hand-made fakes accept 42-52%
  of 600 GPT-4 profiles; numerical features of the profile (how many jobs and skills, how long jobs last)
  are more robust than text alone, and both together the most.
- Kobak et al. 2025, "Delving into LLM-assisted writing in biomedical publications through excess
  vocabulary" (Science Advances): style words such as "delves", "pivotal", "intricate", "showcasing",
  "underscores" became abruptly more frequent once writing assistants spread, in text a model only
  revised as well as in text it wrote (at least 13.5% of 2024 abstracts were processed by one).

From these, issue 18 lists what a model-written persona looks like, and each is a clue here at a declared
rate (no one of them on every such profile): the profile is complete and polished; its About is framed by
stock openers and closers ("Experienced ... with a demonstrated history of ... Skilled in ... Passionate
about ..."); it over-uses the excess vocabulary; its employers are plausible inventions ("GreenTech
Innovations", "EcoSolutions Pvt. Ltd."); its numbers are declared rather than grown (round connection and
follower counts); its career is a tidy ladder of evenly spaced promotions; and now and then what the
prompt or the output format left behind shows: a placeholder ("[Company Name]") or a literal ``{}``. Every
one of these also occurs on genuine profiles: careful writers (the ``polished_writer`` persona), people who
ran their text through a writing assistant (lightly), people who kept the About text LinkedIn suggested.

Job descriptions left out (seed 001 #4, "No job descriptions, just a listing") are carried by the thin
archetypes and also by the fakes whose other sections may be filled in (a hand-made persona, a spammer, a
company, an invented career, a scammer), at 25-35%: writing a description for every invented job is the
effort a fake saves. For the same reason a spammer's or a company's account leaves the About empty now and then
(25%). Without them, the only filled-in fakes were the language-model personas, which describe
every job, and a model learned that an otherwise complete profile with bare job titles is *less* likely
fake than one with descriptions, against the seeds (issue 18's retrain).

The clues of the profile page and the invitation's context (issue 19) are carried at these rates, from the
seeds where they name the clue and otherwise declared as assumptions (no published rate exists for them on
LinkedIn):

- ``no_mutual_connections`` and ``no_shared_groups`` (seed 000 reason 7, "no common connections - not even
  3rd degree or a group"; seed 001's "blind invitations"): 45-70% and 20-50%. Not more, because a fake that
  has been accepted for a while shares connections with its targets (seed 000 reason 8: one had "connected
  with 20 of my colleagues"), and a spammer joins the target's groups to reach them (seed 004: "noticed we
  had LinkedIn groups in common"), hence the spammer's low 20%.
- ``endorsement_ring`` (seed 003, endorsements asked for at "a much different (lower) standard"): 15-35%,
  highest for the personas that sell (sales spam) or pose as accomplished (the hand-made persona).
- ``random_handle`` (seed 000 reason 1; Akyon and Kalfaoglu 2019, "Instagram Fake and Automated Account
  Detection", arXiv 1910.03090, whose InstaFake data set describes accounts by the username's digit count
  and length): 10-45%, highest for the thin bulk accounts made in numbers, lowest for a company page
  (its handle is the company's).
- ``odd_website``: 30-60% of the fakes that show a website (sales spam and scammers link to shorteners and
  landing pages); an assumption.
- ``private_profile``: a weak clue by judgement (see :mod:`fakeprofile.synth.clues`): 30% of stolen-photo
  personas and scammers, who keep a stolen photo away from search engines, less for others, none for those
  who want to be found (spammers, company pages).
- ``stock_banner`` (seed 001 #7, "a field of flowers as a background banner" on a fake HR persona): 30-60%
  of the fakes that show a banner, highest for the stolen-photo persona the seed describes.
- ``grammar_slip`` (seed 004, "I see your an attorney ... what your up to", from a blind invitation): 30-55%
  of hand-typed fake notes (a campaign's fixed text and the platform's default carry none); none added
  to the machine-written personas, whose text is fluent (Ayoobi et al. 2023), nor to the hand-polished one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from fakeprofile.synth.clues import NOTE_KINDS, PHOTO_KINDS, SUMMARY_KINDS, check_kinds, check_rates


@dataclass(frozen=True)
class FakeArchetype:
    """One kind of fake account: the clues it carries and at what rates.

    Attributes
    ----------
    name, weight, description
        Archetype name (stored in the profile's ``archetype``), relative frequency among fakes, what it is.
    clues
        Clue name -> the rate at which this archetype carries it.
    photo, note, summary
        Distributions over photo, note and summary kinds that replace the persona's...
    photo_override, note_override, summary_override
        ... with these probabilities.
    complete
        Chance the archetype fills every section in: a summary, a description for every job, education and
        skills (a model asked for a whole profile writes all of it). The lengths still follow the persona.
    """

    name: str
    weight: float
    description: str
    clues: Mapping[str, float]
    photo: Mapping[str, float] = field(default_factory=dict)
    photo_override: float = 0.0
    note: Mapping[str, float] = field(default_factory=dict)
    note_override: float = 0.0
    summary: Mapping[str, float] = field(default_factory=dict)
    summary_override: float = 0.0
    complete: float = 0.0

    def __post_init__(self) -> None:
        check_rates(f"fake archetype {self.name}", dict(self.clues))
        for what, weights, kinds, override in (("photo", self.photo, PHOTO_KINDS, self.photo_override),
                                               ("note", self.note, NOTE_KINDS, self.note_override),
                                               ("summary", self.summary, SUMMARY_KINDS, self.summary_override)):
            if override:
                check_kinds(f"fake archetype {self.name} {what}", dict(weights), kinds)
        if any(rate >= 1.0 for rate in self.clues.values()):
            raise ValueError(f"fake archetype {self.name}: a clue at rate 1 would make the archetype a rule")
        if not 0.0 <= self.complete <= 1.0:
            raise ValueError(f"fake archetype {self.name}: complete must be in [0, 1], got {self.complete}")


FAKE_ARCHETYPES: dict[str, FakeArchetype] = {a.name: a for a in (
    FakeArchetype(
        "bulk_inviter", 18, "a thin account sending the default note to strangers in bulk",
        clues={"few_connections": 0.45, "young_account": 0.55, "bulk_invites": 0.6, "low_acceptance": 0.6,
               "idk_reports": 0.45, "never_posts": 0.5, "no_descriptions": 0.15, "no_skills": 0.2,
               "no_education": 0.3, "far_away": 0.4, "campaign_note": 0.45, "tiny_photo": 0.06, "name_digits": 0.05,
               "no_mutual_connections": 0.7, "no_shared_groups": 0.5, "endorsement_ring": 0.15, "random_handle": 0.45,
               "odd_website": 0.3, "stock_banner": 0.4, "grammar_slip": 0.4},
        photo={"none": 0.5, "avatar": 0.2, "portrait": 0.15, "drawing": 0.1, "object": 0.05}, photo_override=0.6,
        note={"default": 0.45, "template": 0.1, "none": 0.3, "generic": 0.15}, note_override=0.8,
        summary={"none": 1.0}, summary_override=0.65),
    FakeArchetype(
        "stolen_photo", 15, "a persona (often 'HR in Brazil') wearing an edited stock or celebrity photo",
        clues={"few_connections": 0.5, "young_account": 0.55, "far_away": 0.55, "hs_masters": 0.15,
               "degree_order": 0.1, "undated_job": 0.2, "study_abroad_while_working": 0.12, "no_descriptions": 0.15,
               "shared_photo": 0.2, "idk_reports": 0.2, "low_acceptance": 0.3, "never_posts": 0.4,
               "no_mutual_connections": 0.65, "no_shared_groups": 0.5, "endorsement_ring": 0.2, "random_handle": 0.35,
               "odd_website": 0.3, "private_profile": 0.3, "stock_banner": 0.6, "grammar_slip": 0.4,
               # Seed 001's "blind invitations": such a persona invites strangers in bulk, one note for all.
               "campaign_note": 0.25},
        photo={"known": 1.0}, photo_override=0.8,
        note={"none": 0.5, "default": 0.2, "generic": 0.3}, note_override=0.75,
        summary={"none": 1.0}, summary_override=0.65),
    FakeArchetype(
        "polished_persona", 12, "a made-up persona written by hand in the upbeat register of self-promotion "
                                "(perhaps with a model's help): rich text, a plausible career, invented employers",
        clues={"polished_text": 0.85, "keyword_headline": 0.2, "young_account": 0.45, "few_connections": 0.15,
               "far_away": 0.2, "overlap_fulltime": 0.05, "never_posts": 0.3, "invented_employers": 0.6,
               "llm_vocabulary": 0.15, "no_descriptions": 0.35,
               "no_mutual_connections": 0.45, "no_shared_groups": 0.4, "endorsement_ring": 0.3,
               "random_handle": 0.15, "odd_website": 0.35, "private_profile": 0.1, "stock_banner": 0.4},
        photo={"portrait": 0.8, "known": 0.12, "drawing": 0.08}, photo_override=0.3,
        note={"polished": 0.35, "generic": 0.3, "none": 0.35}, note_override=0.6,
        summary={"polished": 1.0}, summary_override=0.7),
    FakeArchetype(
        "llm_persona", 18, "a persona written end to end by a language model: every section filled in, fluent and "
                           "plausible, with the model's tells (see the module's sources)",
        clues={"llm_vocabulary": 0.75, "polished_text": 0.6, "llm_boilerplate": 0.45, "invented_employers": 0.55,
               "round_counts": 0.4, "tidy_career": 0.4, "placeholder_text": 0.05, "empty_braces": 0.04,
               "keyword_headline": 0.15, "young_account": 0.5, "never_posts": 0.35, "few_connections": 0.1,
               "far_away": 0.15,
               "no_mutual_connections": 0.45, "no_shared_groups": 0.4, "endorsement_ring": 0.2, "random_handle": 0.15,
               "odd_website": 0.3, "private_profile": 0.05, "stock_banner": 0.3},
        photo={"portrait": 0.75, "none": 0.1, "known": 0.1, "drawing": 0.05}, photo_override=0.5,
        note={"polished": 0.5, "generic": 0.25, "none": 0.25}, note_override=0.6,
        summary={"polished": 1.0}, summary_override=0.9, complete=0.75),
    FakeArchetype(
        "company_page", 8, "a company posing as a person: the organisation's name and logo, pitches",
        clues={"org_name": 0.85, "young_account": 0.3, "campaign_note": 0.2, "shouting": 0.2,
               "contact_request": 0.15, "no_descriptions": 0.3,
               "no_mutual_connections": 0.5, "no_shared_groups": 0.3, "endorsement_ring": 0.2, "random_handle": 0.1,
               "odd_website": 0.4, "stock_banner": 0.3, "grammar_slip": 0.3},
        photo={"logo": 0.9, "portrait": 0.1}, photo_override=0.8,
        note={"company": 0.3, "pitch": 0.25, "default": 0.3, "none": 0.15}, note_override=0.7,
        summary={"company": 0.75, "none": 0.25}, summary_override=0.6),
    FakeArchetype(
        "sales_spam", 13, "a lead-generation spammer: pitches, shouting, requests for phone numbers",
        clues={"bulk_invites": 0.5, "low_acceptance": 0.5, "idk_reports": 0.4, "contact_request": 0.45,
               "shouting": 0.4, "campaign_note": 0.4, "polished_text": 0.3, "young_account": 0.4,
               "no_descriptions": 0.25,
               "no_mutual_connections": 0.55, "no_shared_groups": 0.2, "endorsement_ring": 0.35, "random_handle": 0.25,
               "odd_website": 0.6, "stock_banner": 0.3, "grammar_slip": 0.5},
        photo={"none": 0.3, "logo": 0.2, "portrait": 0.5}, photo_override=0.4,
        note={"pitch": 0.6, "generic": 0.15, "lying": 0.1, "none": 0.15}, note_override=0.85,
        summary={"sales_spam": 0.75, "none": 0.25}, summary_override=0.6),
    FakeArchetype(
        "timeline_oddity", 8, "an invented career that does not add up: overlapping jobs, missing dates",
        clues={"overlap_fulltime": 0.6, "undated_job": 0.4, "hs_masters": 0.3, "degree_order": 0.3,
               "study_abroad_while_working": 0.3, "few_connections": 0.3, "far_away": 0.4, "young_account": 0.4,
               "remote_employer": 0.2, "no_descriptions": 0.3,
               "no_mutual_connections": 0.55, "no_shared_groups": 0.45, "endorsement_ring": 0.15,
               "random_handle": 0.3, "odd_website": 0.3, "private_profile": 0.15, "stock_banner": 0.4,
               "grammar_slip": 0.35},
        photo={"none": 0.5, "portrait": 0.4, "object": 0.1}, photo_override=0.4,
        note={"none": 0.5, "default": 0.3, "generic": 0.2}, note_override=0.5,
        summary={"none": 1.0}, summary_override=0.4),
    FakeArchetype(
        "scammer", 8, "a scammer building trust: a note that lies about the recipient, asks for contact details",
        clues={"contact_request": 0.55, "far_away": 0.5, "young_account": 0.55, "few_connections": 0.35,
               "shared_photo": 0.15, "name_digits": 0.05, "campaign_note": 0.2, "no_education": 0.1,
               "no_descriptions": 0.35,
               "no_mutual_connections": 0.6, "no_shared_groups": 0.3, "endorsement_ring": 0.2, "random_handle": 0.4,
               "odd_website": 0.45, "private_profile": 0.3, "stock_banner": 0.5, "grammar_slip": 0.55},
        photo={"known": 0.4, "portrait": 0.6}, photo_override=0.5,
        note={"lying": 0.5, "generic": 0.25, "none": 0.25}, note_override=0.8,
        summary={"none": 0.6, "short": 0.4}, summary_override=0.5),
)}
