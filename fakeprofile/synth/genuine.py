"""Genuine personas: the kinds of people on a professional network, and the innocent look-alikes they show.

A persona fixes a profile's *layout*: which sections exist, how many jobs, schools and skills, how long the
texts are, the headline's shape, how a career runs, how many connections and invitations. Every profile,
genuine or fake, is drawn from a persona chosen with the same weights, because a fake poses as one of these
people; only the clues (:mod:`fakeprofile.synth.clues`) a fake archetype adds tell the classes apart.
The same goes for the profile page's parts (issue 19): whether it links a website, shows a banner of its
own, and how many groups it shares with the recipient come from the persona, in both classes.

Each persona also declares the innocent look-alikes it is known for, at a rate: a new graduate has few
connections, a recruiter sends many polite template invitations and draws some "I don't know this person"
reports, a person who moved invites old colleagues on another continent, a small-business owner's name line
carries the business. Those rates apply to every profile drawn from the persona, fake or genuine.

The look-alikes of issue 19's clues (assumptions, as no study gives their rates): new graduates, eager
newcomers, recruiters, open networkers and people who moved invite strangers with no connection in common;
open networkers trade endorsements; freelancers show free-hosted portfolios and small businesses a site
unrelated to their listed employer (``odd_website``); both pick stock banners; students and newcomers keep
a username from their student days (``random_handle``) and type notes on a phone (``grammar_slip``);
privacy-minded people hide their profile (``private_profile``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from fakeprofile.synth.clues import NOTE_KINDS, PHOTO_KINDS, SUMMARY_KINDS, check_kinds, check_rates


@dataclass(frozen=True)
class Persona:
    """How one kind of person's profile is laid out.

    Every number is the centre of a wide distribution. ``effort`` is a hidden Beta-distributed score of the
    care that went into the profile; it scales how complete it is (summary, descriptions, skills).

    Attributes
    ----------
    name, weight, description
        Persona name, relative frequency, who it is.
    effort
        Beta(a, b) of the hidden effort score.
    career
        How the work history runs: ``standard``, ``graduate``, ``relocated``, ``freelance`` or ``retiree``.
    career_years
        Range (uniform) of years since the first job.
    max_jobs
        At most this many jobs are listed.
    occupations
        Lines of work to choose from (``None``: any).
    local
        Chance that the person lives in the invitation recipient's country.
    connections, follower_ratio, invites
        Median and log-sigma of connections, followers per connection, invitations sent in 30 days.
    young_account
        Chance the account was opened within the last 30 months whatever the career.
    acceptance
        Beta(a, b) of the share of invitations accepted.
    idk_rate
        Share of declined invitations answered "I don't know this person".
    posts
        Chance of no posts at all, then median and log-sigma of the number of posts.
    photo, summary, note
        Distributions over :data:`~fakeprofile.synth.clues.PHOTO_KINDS`, ``SUMMARY_KINDS``, ``NOTE_KINDS``.
    headline
        Headline style.
    description_rate
        Chance a job has a description (at full effort).
    skills
        Number of skills listed at zero and at full effort.
    recommendations
        Chance of none, then the mean number received.
    shared_context
        Chance the recipient works at one of the person's former employers.
    lookalikes
        Clue name -> rate: the innocent look-alikes this persona shows.
    website
        Chance the profile links to a website (issue 19; assumptions: freelancers and small-business owners
        show one most, people who keep to themselves least).
    groups
        Mean number of groups shared with the invitation's recipient (Poisson; assumption: groups are little
        used, so most invitations share none, open networkers and recruiters share most).
    banner
        Chance of a banner of their own at full effort (assumption: most people keep the platform's default).
    """

    name: str
    weight: float
    description: str
    effort: tuple[float, float]
    career: str
    career_years: tuple[float, float]
    max_jobs: int
    occupations: tuple[str, ...] | None
    local: float
    connections: tuple[float, float]
    follower_ratio: tuple[float, float]
    young_account: float
    photo: Mapping[str, float]
    summary: Mapping[str, float]
    headline: str
    note: Mapping[str, float]
    invites: tuple[float, float]
    acceptance: tuple[float, float]
    idk_rate: float
    posts: tuple[float, float, float]
    description_rate: float
    skills: tuple[int, int]
    recommendations: tuple[float, float]
    shared_context: float
    lookalikes: Mapping[str, float] = field(default_factory=dict)
    website: float = 0.08
    groups: float = 0.8
    banner: float = 0.45

    def __post_init__(self) -> None:
        check_rates(f"persona {self.name}", dict(self.lookalikes))
        check_kinds(f"persona {self.name} photo", dict(self.photo), PHOTO_KINDS)
        check_kinds(f"persona {self.name} note", dict(self.note), NOTE_KINDS)
        check_kinds(f"persona {self.name} summary", dict(self.summary), SUMMARY_KINDS)


_PHOTO = {"portrait": 0.82, "none": 0.08, "avatar": 0.02, "object": 0.03, "drawing": 0.02, "logo": 0.01,
          "known": 0.005}
_NOTE = {"none": 0.22, "personal": 0.55, "default": 0.04, "template": 0.02, "generic": 0.1, "pitch": 0.02,
         "lying": 0.01}

PERSONAS: dict[str, Persona] = {p.name: p for p in (
    Persona(
        "ordinary", 28, "mid-career professional with a complete profile",
        effort=(5, 2), career="standard", career_years=(2, 32), max_jobs=12, occupations=None,
        local=0.6, connections=(380, 0.9), follower_ratio=(1.1, 0.3), young_account=0.06, photo=_PHOTO,
        summary={"none": 0.2, "plain": 0.52, "polished": 0.15, "short": 0.13}, headline="standard", note=_NOTE,
        invites=(4, 1.1), acceptance=(7, 3), idk_rate=0.02, posts=(0.35, 10, 1.1), description_rate=0.75,
        skills=(3, 35), recommendations=(0.5, 4), shared_context=0.25,
        website=0.08, groups=0.8, banner=0.45),
    Persona(
        "polished_writer", 5, "a careful writer (or one who paid a profile writer): every section filled in, a "
                              "corporate register, a tidy career, now and then LinkedIn's suggested About, round "
                              "counts or a writing assistant's words: the innocent look-alike of a model's persona",
        effort=(7, 2), career="standard", career_years=(3, 28), max_jobs=10, occupations=None,
        local=0.6, connections=(600, 0.8), follower_ratio=(1.3, 0.3), young_account=0.05, photo=_PHOTO,
        summary={"polished": 0.55, "plain": 0.3, "none": 0.1, "short": 0.05}, headline="polished", note=_NOTE,
        invites=(6, 1.0), acceptance=(7, 3), idk_rate=0.02, posts=(0.25, 20, 1.0), description_rate=0.85,
        skills=(8, 45), recommendations=(0.35, 5), shared_context=0.2,
        lookalikes={"polished_text": 0.5, "llm_boilerplate": 0.2, "llm_vocabulary": 0.15, "round_counts": 0.15,
                    "tidy_career": 0.3, "keyword_headline": 0.1, "invented_employers": 0.05},
        website=0.2, groups=1.0, banner=0.7),
    Persona(
        "new_graduate", 8, "student or recent graduate: internships, recent education, few connections",
        effort=(4, 2), career="graduate", career_years=(0, 2), max_jobs=5, occupations=None,
        local=0.65, connections=(70, 0.9), follower_ratio=(1.0, 0.3), young_account=0.35,
        photo={"portrait": 0.78, "none": 0.12, "avatar": 0.04, "object": 0.03, "drawing": 0.03},
        summary={"none": 0.35, "graduate": 0.5, "polished": 0.1, "short": 0.05}, headline="graduate",
        note={"none": 0.3, "personal": 0.2, "default": 0.1, "generic": 0.2, "graduate": 0.2},
        invites=(15, 0.9), acceptance=(5, 4), idk_rate=0.05, posts=(0.5, 3, 1.0), description_rate=0.6,
        skills=(5, 25), recommendations=(0.75, 1.5), shared_context=0.1,
        lookalikes={"low_acceptance": 0.1, "no_descriptions": 0.2, "no_mutual_connections": 0.25,
                    "random_handle": 0.05, "grammar_slip": 0.06},
        website=0.06, groups=0.6, banner=0.35),
    Persona(
        "retiree", 4, "retired or near retirement: an old, sparse profile, rarely used",
        effort=(2, 3), career="retiree", career_years=(30, 45), max_jobs=6, occupations=None,
        local=0.7, connections=(90, 1.1), follower_ratio=(1.0, 0.3), young_account=0.02,
        photo={"none": 0.35, "portrait": 0.5, "object": 0.08, "avatar": 0.07},
        summary={"none": 0.7, "short": 0.2, "plain": 0.1}, headline="standard",
        note={"none": 0.45, "personal": 0.5, "default": 0.05},
        invites=(1, 1.0), acceptance=(8, 2), idk_rate=0.01, posts=(0.85, 2, 1.0), description_rate=0.3,
        skills=(0, 8), recommendations=(0.6, 3), shared_context=0.4,
        lookalikes={"few_connections": 0.08, "undated_job": 0.15, "no_skills": 0.2, "no_descriptions": 0.25,
                    "no_shared_groups": 0.3, "grammar_slip": 0.04},
        website=0.03, groups=0.3, banner=0.1),
    Persona(
        "private_person", 5, "privacy-minded professional: no photo, sparse profile",
        effort=(2, 3), career="standard", career_years=(4, 35), max_jobs=8, occupations=None,
        local=0.6, connections=(150, 1.0), follower_ratio=(1.0, 0.25), young_account=0.04,
        photo={"none": 0.8, "avatar": 0.1, "object": 0.05, "drawing": 0.05},
        summary={"none": 0.7, "short": 0.2, "plain": 0.1}, headline="standard",
        note={"none": 0.45, "personal": 0.5, "default": 0.05},
        invites=(2, 1.0), acceptance=(8, 2), idk_rate=0.01, posts=(0.8, 2, 1.0), description_rate=0.4,
        skills=(0, 10), recommendations=(0.6, 2), shared_context=0.35,
        lookalikes={"no_descriptions": 0.3, "no_skills": 0.15, "few_connections": 0.04, "private_profile": 0.5,
                    "no_shared_groups": 0.3},
        website=0.02, groups=0.3, banner=0.1),
    Persona(
        "open_networker", 4, "open networker (LION): thousands of connections, template invitations",
        effort=(4, 2), career="standard", career_years=(6, 35), max_jobs=10, occupations=None,
        local=0.3, connections=(6000, 0.7), follower_ratio=(1.5, 0.3), young_account=0.03, photo=_PHOTO,
        summary={"lion": 0.6, "plain": 0.15, "none": 0.2, "polished": 0.05}, headline="lion",
        note={"template": 0.25, "default": 0.1, "lion": 0.25, "generic": 0.2, "none": 0.2},
        invites=(70, 0.8), acceptance=(5, 4), idk_rate=0.03, posts=(0.2, 40, 1.0), description_rate=0.5,
        skills=(10, 50), recommendations=(0.4, 5), shared_context=0.1,
        lookalikes={"bulk_invites": 0.4, "far_away": 0.3, "campaign_note": 0.05, "keyword_headline": 0.2,
                    "no_mutual_connections": 0.3, "endorsement_ring": 0.25, "odd_website": 0.2},
        website=0.3, groups=3.0, banner=0.6),
    Persona(
        "recruiter", 6, "recruiter or salesperson: many polite template invitations, some 'I don't know' reports",
        effort=(4, 2), career="standard", career_years=(2, 30), max_jobs=10, occupations=("hr", "sales"),
        local=0.55, connections=(1800, 0.8), follower_ratio=(1.3, 0.3), young_account=0.08, photo=_PHOTO,
        summary={"recruiter": 0.6, "plain": 0.1, "none": 0.2, "polished": 0.1}, headline="recruiter",
        note={"recruiter": 0.35, "pitch": 0.15, "template": 0.15, "default": 0.1, "generic": 0.1, "personal": 0.1,
              "none": 0.05},
        invites=(110, 0.7), acceptance=(4, 5), idk_rate=0.04, posts=(0.15, 40, 1.0), description_rate=0.6,
        skills=(8, 45), recommendations=(0.35, 5), shared_context=0.15,
        lookalikes={"bulk_invites": 0.45, "low_acceptance": 0.3, "idk_reports": 0.2, "campaign_note": 0.1,
                    "far_away": 0.15, "contact_request": 0.03, "polished_text": 0.15, "no_mutual_connections": 0.3,
                    "odd_website": 0.15},
        website=0.2, groups=1.5, banner=0.6),
    Persona(
        "relocated", 6, "moved across continents: education and early jobs in one country, now in another",
        effort=(5, 2), career="relocated", career_years=(4, 25), max_jobs=10, occupations=None,
        local=0.45, connections=(300, 0.9), follower_ratio=(1.1, 0.3), young_account=0.08, photo=_PHOTO,
        summary={"none": 0.35, "plain": 0.45, "polished": 0.15, "short": 0.05}, headline="standard", note=_NOTE,
        invites=(6, 1.0), acceptance=(6, 3), idk_rate=0.03, posts=(0.35, 8, 1.1), description_rate=0.75,
        skills=(3, 40), recommendations=(0.5, 3), shared_context=0.2,
        lookalikes={"far_away": 0.35, "remote_employer": 0.1, "no_mutual_connections": 0.15},
        website=0.08, groups=0.6, banner=0.4),
    Persona(
        "freelancer", 5, "freelancer or consultant with overlapping part-time and contract gigs",
        effort=(4, 2), career="freelance", career_years=(4, 25), max_jobs=10,
        occupations=("design", "software", "marketing", "data", "finance", "education"),
        local=0.4, connections=(450, 0.9), follower_ratio=(1.2, 0.4), young_account=0.06,
        photo={"portrait": 0.72, "logo": 0.1, "none": 0.08, "drawing": 0.05, "object": 0.05},
        summary={"freelance": 0.55, "plain": 0.15, "none": 0.2, "polished": 0.1}, headline="freelance",
        note={"none": 0.3, "personal": 0.3, "generic": 0.2, "freelance": 0.2},
        invites=(15, 0.9), acceptance=(5, 4), idk_rate=0.03, posts=(0.3, 15, 1.0), description_rate=0.7,
        skills=(5, 35), recommendations=(0.4, 4), shared_context=0.15,
        lookalikes={"remote_employer": 0.2, "far_away": 0.15, "overlap_fulltime": 0.03, "odd_website": 0.35,
                    "stock_banner": 0.15},
        website=0.5, groups=1.0, banner=0.55),
    Persona(
        "keyword_headliner", 4, "a professional whose headline is a stack of keywords",
        effort=(5, 2), career="standard", career_years=(2, 30), max_jobs=12, occupations=None,
        local=0.6, connections=(500, 0.9), follower_ratio=(1.2, 0.3), young_account=0.06, photo=_PHOTO,
        summary={"none": 0.3, "plain": 0.4, "polished": 0.25, "short": 0.05}, headline="standard", note=_NOTE,
        invites=(8, 1.0), acceptance=(6, 3), idk_rate=0.02, posts=(0.3, 15, 1.1), description_rate=0.75,
        skills=(8, 45), recommendations=(0.5, 4), shared_context=0.2,
        lookalikes={"keyword_headline": 0.85, "polished_text": 0.2, "endorsement_ring": 0.05},
        website=0.12, groups=1.0, banner=0.5),
    Persona(
        "small_business", 4, "small-business owner whose name line and photo carry the business",
        effort=(4, 2), career="standard", career_years=(4, 30), max_jobs=6, occupations=None,
        local=0.65, connections=(400, 1.0), follower_ratio=(1.4, 0.4), young_account=0.06,
        photo={"portrait": 0.6, "logo": 0.3, "none": 0.05, "drawing": 0.05},
        summary={"company": 0.3, "plain": 0.3, "none": 0.3, "polished": 0.1}, headline="standard",
        note={"none": 0.3, "personal": 0.25, "pitch": 0.15, "company": 0.1, "generic": 0.2},
        invites=(15, 1.0), acceptance=(5, 4), idk_rate=0.03, posts=(0.3, 20, 1.0), description_rate=0.6,
        skills=(3, 30), recommendations=(0.5, 4), shared_context=0.15,
        lookalikes={"org_name": 0.4, "shouting": 0.03, "odd_website": 0.3, "stock_banner": 0.2, "grammar_slip": 0.05},
        website=0.6, groups=1.0, banner=0.6),
    Persona(
        "eager_newcomer", 4, "new to the platform and keen: invites strangers with the default note, collects "
                             "'I don't know' answers (the seeds' 'new and ambitious networker')",
        effort=(1.5, 4), career="standard", career_years=(0.5, 15), max_jobs=3, occupations=None,
        local=0.5, connections=(40, 1.0), follower_ratio=(1.0, 0.3), young_account=0.8,
        photo={"portrait": 0.55, "none": 0.3, "avatar": 0.1, "object": 0.05},
        summary={"none": 0.7, "short": 0.2, "plain": 0.1}, headline="thin",
        note={"default": 0.25, "template": 0.1, "generic": 0.3, "none": 0.35},
        invites=(90, 0.8), acceptance=(2.5, 5), idk_rate=0.05, posts=(0.85, 2, 1.0), description_rate=0.3,
        skills=(0, 10), recommendations=(0.9, 1), shared_context=0.05,
        lookalikes={"bulk_invites": 0.3, "low_acceptance": 0.4, "idk_reports": 0.3, "few_connections": 0.15,
                    "no_descriptions": 0.3, "no_mutual_connections": 0.5, "no_shared_groups": 0.3,
                    "random_handle": 0.06, "grammar_slip": 0.1},
        website=0.04, groups=0.3, banner=0.15),
    Persona(
        "remote_worker", 3, "works remotely for an employer in another country",
        effort=(5, 2), career="standard", career_years=(2, 25), max_jobs=10,
        occupations=("software", "data", "design", "marketing"),
        local=0.5, connections=(350, 0.9), follower_ratio=(1.1, 0.3), young_account=0.06, photo=_PHOTO,
        summary={"none": 0.35, "plain": 0.45, "polished": 0.15, "short": 0.05}, headline="standard", note=_NOTE,
        invites=(5, 1.0), acceptance=(6, 3), idk_rate=0.02, posts=(0.35, 10, 1.1), description_rate=0.75,
        skills=(5, 35), recommendations=(0.5, 4), shared_context=0.2,
        lookalikes={"remote_employer": 0.75, "far_away": 0.2, "no_mutual_connections": 0.1},
        website=0.1, groups=0.8, banner=0.45),
)}
