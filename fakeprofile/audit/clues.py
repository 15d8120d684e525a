"""The seeds' clue suite: one minimal pair per clue, checking that each clue raises the probability of fake.

The project's mission texts (``shared/seeds/000_*``, ``001_*`` and ``004_*``) name the clues people use to
spot a fake profile: "an absurdly low number of connections" after years of full-time work, "a company name
with a company logo", "no job descriptions, no summary", "you worked for Oracle and IBM at the same time",
a photo that "TinEye showed being used six times in other places", "I want to tell you about a terrific new
product", "What is your PHONE NUMBER?", "5 to 7 'I Don't Know This Person' responses", and more. This module
turns every clue the schema can express into a *minimal pair*: the same base profile without the clue and
with it, nothing else changed. A model that has learnt the seeds must give the "with" profile a higher
probability of fake than the "without" one, on every base profile.

The pieces:

* :data:`CLUES`, a declarative table of :class:`Clue`: its name, the seed and item it comes from, what a
  person sees, whether it is a *headline* clue (one the seeds present as damning on its own, which must move
  the model by at least :data:`HEADLINE_MARGIN_LOG_ODDS`), the edit that adds it to a profile, and whether
  it is a *campaign* clue (the same note or photo across many profiles of a batch).
* :data:`BASES`: two plausible genuine people, a complete profile (:func:`complete_base`) and a thin one
  (:func:`thin_base`). Both follow the schema convention that what the source did not give is unknown
  while what it shows empty is ``""``, ``[]``, ``false`` or ``0``: every section is given, so every clue's
  edit replaces a value with an explicit empty one, never deletes a key.
* :func:`background_profiles`: a batch of varied genuine profiles, built deterministically, that every
  pair is scored inside. For a campaign clue the "with" batch is the same batch in which
  :data:`CAMPAIGN_SIZE` of those profiles share the base's note (or photo), and the "without" batch is the
  batch where none does; the base profile itself is unchanged. Non-campaign pairs are scored in the plain
  background batch too, so that every clue of a base has the same "without" score.
* :func:`clue_table`: the pairs scored by a model, one row per (clue, base), with the change in calibrated
  log-odds computed from the classifier's raw decision and the calibrator (not from probabilities, which
  saturate and are rounded), so that a profile already near 0 or 1 still shows how far a clue moved it.
* :data:`NOT_YET_MEASURABLE`: the clues the seeds name that the schema cannot express yet, with the reason.

Portraits and the logo are drawn by the synthetic generator's renderer (:mod:`fakeprofile.synth.photos`,
which redraws any picture that comes near a known image) and inlined as ``data:`` URIs; the "known image"
clues inline one of the shipped known images (``data/sample/known_images``, which
:func:`fakeprofile.photos.default_known_index` indexes), one as an exact copy and one mirrored and cropped.
Nothing is read from the network.

The suite measures the model, it does not tune it: no threshold or margin here was chosen by looking at a
model's scores.
"""

from __future__ import annotations

import base64
import copy
import io
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from PIL import Image, ImageOps
from scipy import special

from fakeprofile.dates import month_label, month_number
from fakeprofile.explain import clue_sums, ranked_candidates
from fakeprofile.schema import Profile

if TYPE_CHECKING:
    from fakeprofile.features import FeatureBuilder
    from fakeprofile.scoring import Model

ProfileDict = dict[str, Any]

#: The month "present" means when scoring the pairs (none of the profiles has ``observed_at``).
AS_OF = "2026-10"
#: Profiles in the background batch every pair is scored inside.
BACKGROUND_SIZE = 40
#: Other profiles of the batch that share the note or photo in a campaign pair (seed 001 #6: "six times").
CAMPAIGN_SIZE = 8
#: A headline clue must raise the calibrated log-odds of fake by at least this much on every base.
#:
#: 0.3 in log-odds multiplies the odds of fake by e**0.3 = 1.35: at p = 0.5 it is +7.4 points of probability,
#: at p = 0.05 it takes 5% to 6.6%, at p = 0.01 to 1.35%. The headline clues are the ones the seeds present
#: as giving a fake away on their own ("How many HR people on LinkedIn do you know with two connections?"),
#: so a model that has learnt them moves much more than that; the margin only has to separate "the model
#: uses the clue" from a tie or a sliver of a tree split, and stays small enough not to demand that a single
#: clue outweigh a profile that is otherwise richly genuine. It is fixed from that reasoning, not from any
#: model's scores. Log-odds rather than probability, so the margin means the same on a base scored near 0.
HEADLINE_MARGIN_LOG_ODDS = 0.3
#: Changes in log-odds smaller than this count as no effect (the trees' scores are piecewise constant).
NO_EFFECT_LOG_ODDS = 1e-9

#: Where the shipped known images live: the wheel's package data, else the source checkout's sample.
KNOWN_IMAGE_DIRS = (
    Path(__file__).resolve().parents[1] / "data" / "known_images",
    Path(__file__).resolve().parents[2] / "data" / "sample" / "known_images",
)
#: A synthetic stock portrait and a synthetic "celebrity" (pop-art four-up) picture among them.
KNOWN_STOCK_IMAGE = "known_003.jpg"
KNOWN_CELEBRITY_IMAGE = "known_052.jpg"
#: The stock picture the banner clue uses (seed 001's "stock flower banner": any picture a search finds).
KNOWN_BANNER_IMAGE = "known_011.jpg"


# ------------------------------------------------------------------------------------------------- photos
def _data_uri(image: Image.Image, fmt: str = "JPEG", **options: Any) -> str:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    mime = "jpeg" if fmt == "JPEG" else fmt.lower()
    return f"data:image/{mime};base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@lru_cache(maxsize=1)
def _known_pictures() -> tuple[Image.Image, ...]:
    from fakeprofile.synth.photos import known_images

    return tuple(known_images())


def _rendered(kind: str, seed: int, ext: str, size: int, text: str = "") -> str:
    """A picture drawn by the synthetic generator's renderer as a ``data:`` URI: one renderer for the project,
    which redraws any picture that comes near a known image, so a base photo never matches one by chance."""
    from fakeprofile.synth.photos import PhotoSpec, render

    data = render(PhotoSpec(kind=kind, seed=seed, ext=ext, size=size, text=text), list(_known_pictures()))
    mime = "jpeg" if ext == "jpg" else "png"
    return f"data:image/{mime};base64," + base64.b64encode(data).decode("ascii")


@lru_cache(maxsize=256)
def portrait_photo(seed: int, size: int = 180) -> str:
    """A head-and-shoulders photo as an inline JPEG ``data:`` URI, different for every seed and matching no
    known image (:func:`fakeprofile.synth.photos.render`)."""
    return _rendered("portrait", 10_007 * seed + 17, "jpg", size)


@lru_cache(maxsize=16)
def object_photo(seed: int, size: int = 180) -> str:
    """A picture of a thing (a pet, a car, flowers), no face, as an inline JPEG ``data:`` URI."""
    return _rendered("object", 10_009 * seed + 5, "jpg", size)


@lru_cache(maxsize=16)
def logo_photo(text: str, seed: int = 0, size: int = 180) -> str:
    """A flat company logo with ``text`` (the initials) as an inline PNG ``data:`` URI."""
    return _rendered("logo", seed, "png", size, text)


def known_image_path(name: str) -> Path:
    """The shipped known image ``name`` (``known_003.jpg``); FileNotFoundError if neither folder has it."""
    for folder in KNOWN_IMAGE_DIRS:
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"known image {name!r} is in none of {[str(d) for d in KNOWN_IMAGE_DIRS]}")


@lru_cache(maxsize=16)
def known_photo(name: str, *, mirror: bool = False, crop: float = 0.0) -> str:
    """A shipped known image as a ``data:`` URI: the file's own bytes, or a mirrored / cropped, re-encoded copy.

    Parameters
    ----------
    name : str
        File name in the known-image folder (see :data:`KNOWN_IMAGE_DIRS`).
    mirror : bool
        Flip left to right, as fakers do to defeat a naive reverse image search.
    crop : float
        Share of each side cut off towards the centre (0.08 keeps the middle 84%).
    """
    path = known_image_path(name)
    if not mirror and not crop:
        return "data:image/jpeg;base64," + base64.b64encode(path.read_bytes()).decode("ascii")
    with Image.open(path) as opened:
        image = opened.convert("RGB")
    if crop:
        w, h = image.size
        image = image.crop((round(w * crop), round(h * crop), round(w * (1 - crop)), round(h * (1 - crop))))
    if mirror:
        image = ImageOps.mirror(image)
    return _data_uri(image, "JPEG", quality=85)


# ------------------------------------------------------------------------------------------ base profiles
def complete_base() -> ProfileDict:
    """A complete, genuine-looking profile: an HR business partner in São Paulo with a 14-year career.

    Every section is given and filled in; the invitation goes to someone in the same city, with a note
    that says where they met. It is the seed 001 persona's genuine twin: what she would look like if real.
    """
    return {
        "id": "base-complete",
        "name": "Mariana Costa",
        "headline": "HR Business Partner at Natura &Co",
        "summary": ("I work with engineering and operations leaders on hiring, onboarding and career paths. "
                    "Before Natura I spent four years in talent acquisition at Itaú and started out as an HR "
                    "analyst at Ambev. Outside work I mentor psychology students at USP."),
        "location": "São Paulo, Brazil",
        "connections": 612,
        "followers": 655,
        "photo": portrait_photo(1),
        "has_photo": True,
        "experience": [
            {"title": "HR Business Partner", "company": "Natura &Co", "location": "São Paulo, Brazil",
             "start": "2020-03", "end": None, "employment_type": "full-time",
             "description": ("HR partner for the supply chain and digital teams, about 400 people: workforce "
                             "planning, performance reviews and the new hybrid onboarding programme.")},
            {"title": "Talent Acquisition Specialist", "company": "Itaú Unibanco", "location": "São Paulo, Brazil",
             "start": "2016-02", "end": "2020-02", "employment_type": "full-time",
             "description": "Hired analysts and developers for the retail bank; ran the graduate programme in 2018."},
            {"title": "HR Analyst", "company": "Ambev", "location": "São Paulo, Brazil",
             "start": "2012-07", "end": "2016-01", "employment_type": "full-time",
             "description": "Payroll and benefits administration for two breweries, then internal recruiting."},
        ],
        "education": [
            {"school": "Universidade de São Paulo", "degree": "Bachelor's degree", "field": "Psychology",
             "start": "2008", "end": "2012", "location": "São Paulo, Brazil"},
            {"school": "Fundação Getulio Vargas", "degree": "MBA", "field": "People Management",
             "start": "2017", "end": "2019", "location": "São Paulo, Brazil"},
        ],
        "skills": ["Talent Acquisition", "Onboarding", "Performance Management", "Workforce Planning",
                   "Employee Relations", "Coaching", "Portuguese", "English"],
        "recommendations": 4,
        "endorsements": {"total": 64, "endorsers": 27},
        "handle": "mariana-costa-7b2a1c",
        "website": "marianacosta.com.br",
        "visibility": "public",
        "banner": object_photo(11, 400),
        "created_at": "2011-09",
        "activity": {"invitations_sent_30d": 15, "invitations_accepted_30d": 12, "idk_reports": 0, "posts": 35},
        "invitation": {
            "message": ("Hi Beatriz, it was good to hear your talk on hybrid onboarding at the ABRH meetup on "
                        "Tuesday. I'd like to keep in touch."),
            "recipient": {"name": "Beatriz Almeida", "headline": "People Analytics Lead at Magazine Luiza",
                          "location": "São Paulo, Brazil", "company": "Magazine Luiza"},
            "mutual_connections": 23,
            "shared_groups": 2,
        },
    }


def thin_base() -> ProfileDict:
    """A thin but genuine-looking profile: a warehouse team leader in Manchester who rarely uses the network.

    Every section is given, most of them short: a one-line summary, two jobs of which one is described, one
    degree, three skills, no recommendations, 71 connections, a handful of invitations.
    """
    return {
        "id": "base-thin",
        "name": "Daniel Okafor",
        "headline": "Warehouse Team Leader at Tesco",
        "summary": "Logistics team leader in Greater Manchester.",
        "location": "Manchester, United Kingdom",
        "connections": 71,
        "followers": 74,
        "photo": portrait_photo(2),
        "has_photo": True,
        "experience": [
            {"title": "Warehouse Team Leader", "company": "Tesco", "location": "Manchester, United Kingdom",
             "start": "2022-04", "end": None, "employment_type": "full-time",
             "description": "Night shift, inbound deliveries."},
            {"title": "Warehouse Operative", "company": "DHL Supply Chain", "location": "Manchester, United Kingdom",
             "start": "2019-06", "end": "2022-03", "employment_type": "full-time", "description": ""},
        ],
        "education": [
            {"school": "Manchester Metropolitan University", "degree": "BSc", "field": "Business Management",
             "start": "2016", "end": "2019", "location": "Manchester, United Kingdom"},
        ],
        "skills": ["Logistics", "Team Leadership", "Warehouse Management"],
        "recommendations": 0,
        "endorsements": {"total": 5, "endorsers": 4},
        "handle": "danielokafor",
        "has_website": False,
        "visibility": "public",
        "banner": object_photo(12, 400),
        "created_at": "2019-05",
        "activity": {"invitations_sent_30d": 3, "invitations_accepted_30d": 3, "idk_reports": 0, "posts": 0},
        "invitation": {
            "message": "Hi Tom, good to meet you at the forklift refresher course on Saturday, let's keep in touch.",
            "recipient": {"name": "Tom Whitaker", "headline": "Transport Planner at Co-op",
                          "location": "Manchester, United Kingdom", "company": "Co-op"},
            "mutual_connections": 4,
            "shared_groups": 0,
        },
    }


#: The base profiles every clue is paired on, by name.
BASES: dict[str, Callable[[], ProfileDict]] = {"complete": complete_base, "thin": thin_base}

_FIRST = ["Aisha", "Bruno", "Chen", "Dimitra", "Emeka", "Fatima", "Gustavo", "Hannah", "Ivan", "Jia", "Kwame",
          "Lucía", "Mehmet", "Nadia", "Oliver", "Priya", "Rafael", "Sofia", "Tariq", "Ursula", "Vikram", "Wen",
          "Yusuf", "Zoe"]
_LAST = ["Adeyemi", "Becker", "Castillo", "Dubois", "Eriksen", "Fernandes", "Gupta", "Haddad", "Ito", "Jansen",
         "Kowalski", "Lindqvist", "Moreau", "Nakamura", "O'Brien", "Petrov", "Quintero", "Rossi", "Santos",
         "Tanaka", "Ueda", "Varga", "Walsh", "Zhou"]
_CITIES = ["Toronto, ON, Canada", "Berlin, Germany", "Lagos, Nigeria", "Pune, India", "Melbourne, Australia",
           "Chicago, IL", "Madrid, Spain", "Nairobi, Kenya", "Lyon, France", "Mexico City, Mexico", "Seattle, WA",
           "Osaka, Japan", "Cape Town, South Africa", "Dublin, Ireland", "Warsaw, Poland", "Leeds, United Kingdom",
           "Bogotá, Colombia", "São Paulo, Brazil", "Auckland, New Zealand", "Manchester, United Kingdom"]
_ROLES = [  # (title, industry words for the description)
    ("Software Engineer", "the payments backend"), ("Accountant", "month-end close and audits"),
    ("Nurse", "the cardiology ward"), ("Marketing Manager", "brand campaigns for the retail range"),
    ("Civil Engineer", "bridge inspections and road schemes"), ("Teacher", "maths for years 7 to 11"),
    ("Data Analyst", "sales dashboards and forecasting"), ("Recruiter", "hiring for the engineering teams"),
    ("Product Designer", "the mobile banking app"), ("Project Manager", "office fit-outs"),
    ("Pharmacist", "a community pharmacy"), ("Electrician", "commercial installations"),
    ("Lawyer", "employment law cases"), ("Chef", "the kitchen of a 60-cover restaurant"),
    ("Logistics Coordinator", "inbound freight"), ("Customer Success Manager", "mid-market accounts"),
]
_COMPANIES = ["Northbridge Health", "Harbor Freight Lines", "Bluepeak Software", "Castell Engineering",
              "Riverside Council", "Oakline Retail", "Meridian Bank", "Sunfield Foods", "Atlas Pharmacy",
              "Kestrel Airlines", "Greenway Energy", "Lumen Studios", "Pinecrest School", "Vantage Insurance",
              "Copperleaf Hotels", "Silverline Telecom"]
_SCHOOLS = ["University of Toronto", "Technische Universität Berlin", "University of Lagos", "University of Pune",
            "University of Melbourne", "University of Illinois", "Universidad Complutense de Madrid",
            "University of Nairobi", "Université Lyon 2", "UNAM", "University of Washington", "Osaka University",
            "University of Cape Town", "Trinity College Dublin", "University of Warsaw", "University of Leeds",
            "Universidad de los Andes", "Universidade de São Paulo", "University of Auckland",
            "University of Manchester"]
_EVENTS = ["the regional meetup last Thursday", "Maria's leaving drinks", "the spring conference in the hall B talk",
           "the training course in March", "the alumni dinner", "the hackathon two weeks ago",
           "the supplier workshop", "the charity run on Sunday", "the panel on hiring you moderated",
           "the open day at your office"]
_CLOSINGS = ["Would be great to stay in touch.", "Let's keep in touch.", "Happy to share the slides if useful.",
             "Thanks again for the tips about the certification.", "Hope the move to the new team goes well.",
             "Looking forward to the next one."]


def background_profiles(n: int = BACKGROUND_SIZE, seed: int = 0) -> list[ProfileDict]:
    """``n`` varied, genuine-looking profiles, the same for the same ``seed``: the batch pairs are scored in.

    Each has its own photo and its own personal invitation note (so that in the plain batch no two profiles
    share either), a career of one to three dated full-time jobs with descriptions, a degree, skills and
    ordinary activity. Every section is given (empty values are explicit).
    """
    rng = random.Random(seed)
    out = []
    for i in range(n):
        first, last = _FIRST[i % len(_FIRST)], rng.choice(_LAST)
        city = _CITIES[i % len(_CITIES)]
        title, work = rng.choice(_ROLES)
        companies = rng.sample(_COMPANIES, 3)
        start_year = rng.randint(2004, 2020)
        n_jobs = rng.randint(1, 3)
        # Contiguous jobs, most recent first, ending with the current one.
        bounds = sorted(rng.sample(range(month_number(f"{start_year + 1}-01"), month_number("2025-12")), n_jobs - 1))
        starts = [month_number(f"{start_year}-{rng.randint(1, 12):02d}"), *bounds]
        jobs = []
        for j, begin in enumerate(starts):
            end = None if j == n_jobs - 1 else month_label(starts[j + 1] - 1)
            senior = "Senior " if j == n_jobs - 1 and n_jobs > 1 else ""
            jobs.append({"title": f"{senior}{title}", "company": companies[j], "location": city,
                         "start": month_label(begin), "end": end, "employment_type": "full-time",
                         "description": f"{rng.choice(['Working on', 'Responsible for', 'Looking after'])} {work}."})
        jobs.reverse()
        years = (month_number(AS_OF) - starts[0]) / 12
        recipient_first, recipient_last = rng.choice(_FIRST), rng.choice(_LAST)
        note = (f"Hi {recipient_first}, it was nice talking with you at {_EVENTS[i % len(_EVENTS)]} "
                f"about {work}. {_CLOSINGS[(i * 7) % len(_CLOSINGS)]}")
        out.append({
            "id": f"background-{i:02d}",
            "name": f"{first} {last}",
            "headline": f"{jobs[0]['title']} at {jobs[0]['company']}",
            "summary": f"{title} with {int(years)} years of experience in {work}." if rng.random() < 0.8 else "",
            "location": city,
            "connections": int(min(30 + years * rng.uniform(20, 90), 2500)),
            "followers": None if rng.random() < 0.3 else int(rng.uniform(40, 900)),
            "photo": portrait_photo(100 + i),
            "has_photo": True,
            "experience": jobs,
            "education": [{"school": _SCHOOLS[i % len(_SCHOOLS)], "degree": rng.choice(["BSc", "BA", "MSc"]),
                           "field": rng.choice(["Economics", "Engineering", "Biology", "History", "Computing"]),
                           "start": str(start_year - 4), "end": str(start_year - 1), "location": city}],
            "skills": rng.sample(["Excel", "Python", "Negotiation", "Scheduling", "SQL", "Budgeting", "Spanish",
                                  "Stakeholder Management", "Training", "Customer Service"], rng.randint(2, 6)),
            "recommendations": rng.randint(0, 5),
            "created_at": f"{max(start_year, 2008)}-{rng.randint(1, 12):02d}",
            "activity": {"invitations_sent_30d": (sent := rng.randint(2, 25)),
                         "invitations_accepted_30d": rng.randint(sent // 2, sent),
                         "idk_reports": 0, "posts": rng.randint(0, 60)},
            "invitation": {"message": note,
                           "recipient": {"name": f"{recipient_first} {recipient_last}",
                                         "headline": f"{rng.choice(_ROLES)[0]} at {rng.choice(_COMPANIES)}",
                                         "location": city, "company": rng.choice(_COMPANIES)}},
        })
        if out[-1]["followers"] is None:
            del out[-1]["followers"]  # some sources do not report followers: unknown, not zero
    return out


# ------------------------------------------------------------------------------------------------ edits
def _edited(edit: Callable[[ProfileDict], None]) -> Callable[[ProfileDict], ProfileDict]:
    """An ``apply``: a deep copy of the profile with ``edit`` made to it in place."""

    def apply(profile: ProfileDict) -> ProfileDict:
        out = copy.deepcopy(profile)
        edit(out)
        return out

    apply.__name__ = apply.__qualname__ = edit.__name__
    apply.__doc__ = edit.__doc__
    return apply


def _unchanged(profile: ProfileDict) -> ProfileDict:
    """A campaign clue's profile is unchanged: the clue is in the batch (see :attr:`Clue.share`)."""
    return copy.deepcopy(profile)


def _current_job(profile: ProfileDict) -> dict[str, Any]:
    return next(job for job in profile["experience"] if job["end"] is None and job["start"])


def _previous_job(profile: ProfileDict) -> dict[str, Any]:
    """The most recent job that has ended."""
    ended = [job for job in profile["experience"] if job["end"] is not None and job["start"]]
    return max(ended, key=lambda job: month_number(job["start"]))


def _set_message(text: str) -> Callable[[ProfileDict], None]:
    def edit(profile: ProfileDict) -> None:
        profile["invitation"]["message"] = text

    edit.__name__ = "set_message"
    return edit


def _append_to_message(text: str) -> Callable[[ProfileDict], None]:
    def edit(profile: ProfileDict) -> None:
        profile["invitation"]["message"] = profile["invitation"]["message"].rstrip() + " " + text

    edit.__name__ = "append_to_message"
    return edit


def _few_connections(profile: ProfileDict) -> None:
    """Two connections, the seed's "absurdly low number", after the same years of full-time work.

    Followers drop with them (on LinkedIn a connection is also a follower), so that the followers-per-connection
    ratio stays as it was and the pair is about the count alone.
    """
    profile["connections"] = 2
    profile["followers"] = 2
    # Mutual connections are connections: two at most (the schema refuses more).
    invitation = profile["invitation"]
    invitation["mutual_connections"] = min(invitation["mutual_connections"], 2)


def _far_away_recipient(profile: ProfileDict) -> None:
    """The invitation goes to someone on another continent (seed 001: São Paulo inviting Toronto)."""
    home = profile["location"]
    profile["invitation"]["recipient"]["location"] = (
        "São Paulo, Brazil" if "Canada" in home or "Toronto" in home else "Toronto, ON, Canada")


def _no_note(profile: ProfileDict) -> None:
    """The invitation is sent without a note."""
    profile["invitation"]["message"] = None


def _no_summary(profile: ProfileDict) -> None:
    profile["summary"] = ""


def _no_job_descriptions(profile: ProfileDict) -> None:
    for job in profile["experience"]:
        job["description"] = ""


def _incomplete(profile: ProfileDict) -> None:
    """Headline, summary, job descriptions, education and skills all shown empty."""
    profile["headline"] = ""
    profile["summary"] = ""
    profile["education"] = []
    profile["skills"] = []
    profile["recommendations"] = 0
    _no_job_descriptions(profile)


def _overlapping_jobs(profile: ProfileDict) -> None:
    """The previous full-time job now ends 15 months after the current full-time job started."""
    current, previous = _current_job(profile), _previous_job(profile)
    previous["end"] = month_label(month_number(current["start"]) + 15)


def _undated_current_job(profile: ProfileDict) -> None:
    current = _current_job(profile)
    current["start"] = None
    current["end"] = None


def _undated_past_job(profile: ProfileDict) -> None:
    """The most recent past job loses its dates (end of null then reads as 'present', as on a profile)."""
    previous = _previous_job(profile)
    previous["start"] = None
    previous["end"] = None


def _known_stock_photo(profile: ProfileDict) -> None:
    profile["photo"] = known_photo(KNOWN_STOCK_IMAGE)
    profile["has_photo"] = True


def _nothing_in_common(profile: ProfileDict) -> None:
    """No connection and no group in common with the recipient."""
    profile["invitation"]["mutual_connections"] = 0
    profile["invitation"]["shared_groups"] = 0


def _endorsement_ring(profile: ProfileDict) -> None:
    """Hundreds of endorsements from a handful of people, more than the profile has connections for."""
    profile["endorsements"] = {"total": 5 * profile["connections"], "endorsers": 6}


def _object_photo(profile: ProfileDict) -> None:
    """A picture of a thing (a pet, a car, flowers) instead of a face."""
    profile["photo"] = object_photo(3)
    profile["has_photo"] = True


def _stock_banner(profile: ProfileDict) -> None:
    """A banner that a reverse image search finds elsewhere (seed 001's stock flowers)."""
    profile["banner"] = known_photo(KNOWN_BANNER_IMAGE)


def _celebrity_photo(profile: ProfileDict) -> None:
    profile["photo"] = known_photo(KNOWN_CELEBRITY_IMAGE, mirror=True, crop=0.06)
    profile["has_photo"] = True


def _secondary_school_degree(profile: ProfileDict) -> None:
    """The highest degree's school becomes Upper Canada College, a secondary school (its place unchanged)."""
    education = profile["education"]
    highest = next((e for e in education if e["degree"] in ("MBA", "MSc", "MA", "Master's degree")), education[-1])
    highest["school"] = "Upper Canada College"


def _organisation_name(profile: ProfileDict) -> None:
    profile["name"] = "Apex Talent Solutions LLC"


def _logo_photo(profile: ProfileDict) -> None:
    company = _current_job(profile)["company"]
    initials = "".join(w[0] for w in company.replace("&", " ").split() if w[:1].isalpha())[:2].upper()
    profile["photo"] = logo_photo(initials)
    profile["has_photo"] = True


def _no_photo(profile: ProfileDict) -> None:
    """No photo shown: ``has_photo`` false, and no image (``photo`` null: there is none to give)."""
    profile["photo"] = None
    profile["has_photo"] = False


def _shouting(profile: ProfileDict) -> None:
    """The same note in capitals, with exclamation marks and a smiley."""
    message = profile["invitation"]["message"].rstrip(". ")
    profile["invitation"]["message"] = message.upper().replace(".", "!!") + "!!! 🙂🙂"


def _idk_reports(profile: ProfileDict) -> None:
    profile["activity"]["idk_reports"] = 7


def _low_acceptance(profile: ProfileDict) -> None:
    """Eighty invitations sent in 30 days, six accepted."""
    profile["activity"]["invitations_sent_30d"] = 80
    profile["activity"]["invitations_accepted_30d"] = 6


def _low_acceptance_and_idk(profile: ProfileDict) -> None:
    _low_acceptance(profile)
    _idk_reports(profile)


def share_note(target: ProfileDict, other: ProfileDict) -> ProfileDict:
    """``other`` sending ``target``'s note, addressed to ``other``'s own recipient (a copy; a campaign's note)."""
    out = copy.deepcopy(other)
    message = target["invitation"]["message"]
    theirs = (target["invitation"]["recipient"]["name"] or "").split()
    ours = (out["invitation"]["recipient"]["name"] or "").split()
    if theirs and ours:
        message = message.replace(theirs[0], ours[0])
    out["invitation"]["message"] = message
    return out


def share_photo(target: ProfileDict, other: ProfileDict) -> ProfileDict:
    """``other`` using ``target``'s photo (a copy)."""
    out = copy.deepcopy(other)
    out["photo"] = target["photo"]
    out["has_photo"] = True
    return out


# ------------------------------------------------------------------------------------------------- clues
@dataclass(frozen=True, kw_only=True)
class Clue:
    """One clue the seeds name, as a minimal edit of a profile.

    Attributes
    ----------
    name : str
        Short identifier.
    seed : str
        Where the seeds name it: ``"001 #1"`` is seed file 001, item 1; several references are separated by
        ``"; "``. Seed 000's items are its "9 reasons", seed 001's its numbered clues (and "blind" for its
        section on blind invitations), seed 004's its example messages in order; "intro" is the text before.
    words : str
        What a person sees.
    headline : bool
        One of the clues the seeds present as giving a fake away on its own: it must raise the calibrated
        log-odds by at least :data:`HEADLINE_MARGIN_LOG_ODDS`.
    apply : callable
        ``apply(profile_dict) -> profile_dict``: a modified deep copy with the clue added. A campaign clue
        returns an unchanged copy: its clue is in the batch.
    campaign : bool
        The clue is a property of a batch (the same note or photo across many profiles): scored with
        :data:`CAMPAIGN_SIZE` other profiles of the batch made to share it with :attr:`share`.
    share : callable or None
        For a campaign clue, ``share(target, other) -> other``: a copy of ``other`` that shares ``target``'s
        note or photo.
    features : tuple of str
        The model columns (``"extractor__feature"``) the clue is meant to move; at least one of those that
        exist must change, or the extractors cannot see the clue.
    """

    name: str
    seed: str
    words: str
    apply: Callable[[ProfileDict], ProfileDict]
    headline: bool = False
    campaign: bool = False
    share: Callable[[ProfileDict, ProfileDict], ProfileDict] | None = None
    features: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.campaign and self.share is None:
            raise ValueError(f"campaign clue {self.name!r} needs a 'share'")

    @property
    def seeds(self) -> tuple[str, ...]:
        """The seed files it comes from (``("000", "004")``)."""
        return tuple(dict.fromkeys(ref.strip()[:3] for ref in self.seed.split(";")))


_NOTE = "invitation__"
CLUES: tuple[Clue, ...] = (
    Clue(name="few_connections_long_career", seed="001 #1", headline=True, apply=_edited(_few_connections),
         words="2 connections after years of full-time work",
         features=("connections__very_low_for_career", "connections__connections_per_career_year")),
    Clue(name="far_away_recipient", seed="001 #2", apply=_edited(_far_away_recipient),
         words="invites a stranger on another continent (São Paulo inviting Toronto)",
         features=("geography__recipient_distance_km", "geography__same_country_as_recipient")),
    Clue(name="no_note", seed="001 #3; 000 intro; 004 intro", apply=_edited(_no_note),
         words="the invitation has no personal note",
         features=(f"{_NOTE}has_note",)),
    Clue(name="platform_default_note", seed="000 intro; 001 #3", apply=_edited(
        _set_message("I'd like to add you to my professional network on LinkedIn.")),
         words="LinkedIn's default note: \"I'd like to add you to my professional network on LinkedIn.\"",
         features=(f"{_NOTE}platform_default",)),
    Clue(name="no_summary", seed="001 #4", apply=_edited(_no_summary), words="no summary at all",
         features=("completeness__summary_length",)),
    Clue(name="no_job_descriptions", seed="001 #4", apply=_edited(_no_job_descriptions),
         words="no job descriptions, just a listing",
         features=("completeness__share_jobs_with_description",)),
    Clue(name="incomplete_profile", seed="000 #4; 000 intro; 001 #4", apply=_edited(_incomplete),
         words="key sections empty: no headline, summary, job descriptions, education, skills or recommendations",
         features=("completeness__sections_known_empty", "completeness__share_sections_filled",
                   "completeness__share_sections_filled")),
    Clue(name="overlapping_fulltime_jobs", seed="001 #5", headline=True, apply=_edited(_overlapping_jobs),
         words="two full-time jobs at once for 15 months (\"Oracle and IBM at the same time\")",
         features=("timeline__fulltime_overlap_months", "timeline__overlapping_fulltime_pairs")),
    Clue(name="undated_current_job", seed="001 #5", apply=_edited(_undated_current_job),
         words="the current job has no dates at all",
         features=("timeline__share_jobs_undated",)),
    Clue(name="undated_past_job", seed="001 #5", apply=_edited(_undated_past_job),
         words="a past job's dates are left out",
         features=("timeline__share_jobs_undated",)),
    Clue(name="known_stock_photo", seed="001 #6; 000 #6", headline=True, apply=_edited(_known_stock_photo),
         words="the photo belongs to someone else: a reverse image search finds it elsewhere",
         features=("photo__known_matches", "photo__known_phash_distance")),
    Clue(name="celebrity_photo_edited", seed="000 #6; 000 intro", headline=True, apply=_edited(_celebrity_photo),
         words="a celebrity's (Warhol-style) photo, mirrored and cropped to hide it",
         features=("photo__known_matches", "photo__known_phash_distance")),
    Clue(name="secondary_school_degree", seed="001 #8", apply=_edited(_secondary_school_degree),
         words="a degree from Upper Canada College, a high school",
         features=("timeline__degrees_from_secondary_schools",)),
    Clue(name="organisation_name", seed="000 #3", headline=True, apply=_edited(_organisation_name),
         words="an organisation's name where the person's name should be",
         features=("name__looks_like_organisation",)),
    Clue(name="company_logo_photo", seed="000 #3; 000 #5", apply=_edited(_logo_photo),
         words="a company logo as the profile photo",
         features=("photo__graphic_share",)),
    Clue(name="no_photo", seed="000 #5", apply=_edited(_no_photo), words="no profile photo",
         features=("completeness__has_photo", "photo__image_given")),
    Clue(name="sales_pitch_note", seed="000 #8; 004 #4", headline=True, apply=_edited(
        _set_message("I want to tell you about a terrific new product we have")),
         words="the first interaction is a sales pitch: \"I want to tell you about a terrific new product we have\"",
         features=(f"{_NOTE}pitch_template", f"{_NOTE}pitch_words")),
    Clue(name="contact_request_note", seed="004 #6", headline=True, apply=_edited(
        _append_to_message("What is your phone number?")),
         words="the note asks for contact details: \"What is your phone number?\"",
         features=(f"{_NOTE}asks_for_contact",)),
    Clue(name="growth_hack_note", seed="004 #6", headline=True, apply=_edited(_set_message(
        "I developed a method that gives you many leads and more on LinkedIn, Facebook, Twitter and many others "
        "in 24 hours! I would love to run a quick test 🙂 What is your PHONE NUMBER?")),
         words="a lead-generation pitch asking for the PHONE NUMBER, with \"!\" and a smiley",
         features=(f"{_NOTE}pitch_template", f"{_NOTE}asks_for_contact")),
    Clue(name="shouting_note", seed="004 #6", apply=_edited(_shouting),
         words="the same note in capitals, with exclamation marks and emoji",
         features=(f"{_NOTE}shouted_share", f"{_NOTE}exclamations", f"{_NOTE}emoji")),
    Clue(name="generic_suggested_note", seed="004 #1", apply=_edited(_set_message(
        "LinkedIn suggested you as a marketing leader with whom I should connect. if you are open to it.")),
         words="a generic template: \"LinkedIn suggested you as a marketing leader with whom I should connect\"",
         features=(f"{_NOTE}generic_template", f"{_NOTE}template_similarity")),
    Clue(name="generic_mutual_note", seed="004 #2", apply=_edited(_set_message(
        "I think we can mutually help each other, let's connect.")),
         words="a generic template: \"I think we can mutually help each other, let's connect.\"",
         features=(f"{_NOTE}generic_template", f"{_NOTE}template_similarity")),
    Clue(name="get_to_know_note", seed="004 #3", apply=_edited(_set_message(
        "You seem interesting, let's get to know each other.")),
         words="\"You seem interesting, let's get to know each other.\"",
         features=(f"{_NOTE}pitch_template", f"{_NOTE}template_similarity")),
    Clue(name="bland_shared_connections_note", seed="001 blind", apply=_edited(_set_message(
        "We share ten connections so we should be connected too.")),
         words="a bland \"We share ten connections so we should be connected too\"",
         features=(f"{_NOTE}generic_template", f"{_NOTE}template_similarity")),
    Clue(name="lie_about_recipient", seed="000 #9; 004 #5", apply=_edited(_append_to_message(
        "I see your an attorney in New York.")),
         words="the note lies about the recipient (\"I see your an attorney in New York\" to a non-lawyer)",
         features=(f"{_NOTE}contradicts_recipient",)),
    Clue(name="no_common_connections_or_groups", seed="000 #7; 004 #5", apply=_edited(_nothing_in_common),
         words="no connections or groups in common with the recipient",
         features=("network__nothing_in_common", "network__mutual_connections")),
    Clue(name="endorsement_ring", seed="000 #9", apply=_edited(_endorsement_ring),
         words="skills endorsed five times over per connection, by six people",
         features=("network__endorsements_per_connection", "network__endorsers_share")),
    Clue(name="grammar_slip", seed="004 #5", apply=_edited(_append_to_message("Hope your doing well.")),
         words="a careless slip in the note (\"your\" for \"you're\")",
         features=("grammar__note_grammar_slips",)),
    Clue(name="no_face_in_photo", seed="000 #5", apply=_edited(_object_photo),
         words="a photo of a thing (a pet, a car, flowers), not a face",
         features=("face__faces_found",)),
    Clue(name="stock_banner", seed="001 #7", apply=_edited(_stock_banner),
         words="a banner image a reverse image search finds elsewhere",
         features=("banner__banner_known_matches",)),
    Clue(name="idk_reports", seed="004 intro; 000 intro; 001 blind", apply=_edited(_idk_reports),
         words="7 \"I don't know this person\" reports (LinkedIn restricts after 5 to 7)",
         features=("activity__idk_reports", "activity__idk_per_invitation")),
    Clue(name="low_acceptance", seed="001 blind", apply=_edited(_low_acceptance),
         words="80 invitations sent in 30 days, 6 accepted",
         features=("activity__invitation_acceptance_rate",)),
    Clue(name="low_acceptance_and_idk", seed="001 blind; 004 intro", headline=True,
         apply=_edited(_low_acceptance_and_idk),
         words="80 invitations sent, 6 accepted, and 7 \"I don't know this person\" reports",
         features=("activity__invitation_acceptance_rate", "activity__idk_reports")),
    Clue(name="same_note_campaign", seed="000 #8; 000 intro", headline=True, campaign=True, apply=_unchanged,
         share=share_note, words=f"{CAMPAIGN_SIZE} other profiles of the batch sent the same note (mass messages)",
         features=(f"{_NOTE}campaign_senders",)),
    Clue(name="same_photo_campaign", seed="001 #6", headline=True, campaign=True, apply=_unchanged,
         share=share_photo, words=f"{CAMPAIGN_SIZE} other profiles of the batch use the same photo",
         features=("photo__batch_shared",)),
)


@dataclass(frozen=True)
class Unmeasurable:
    """A clue the seeds name that the schema cannot express yet, and why."""

    name: str
    seed: str
    words: str
    reason: str


NOT_YET_MEASURABLE: tuple[Unmeasurable, ...] = (
    Unmeasurable("unknown_name_no_interaction", "000 #1; 000 #2",
                 "the recipient does not recognise the name; no past interaction",
                 "a relationship between sender and recipient; the schema has no history of their interactions "
                 "(only a shared employer, which the geography family measures)"),
    Unmeasurable("false_acquaintance", "000 #9",
                 "lies about how the sender knows the recipient (\"we met at ...\")",
                 "only a claim about the recipient's role can be checked against their headline; where or "
                 "whether they met is not in the data"),
    Unmeasurable("behaviour_after_invitation", "000 intro; 000 #8",
                 "a rude answer to \"how do we know each other?\"; a pitch in the first message after accepting; "
                 "connecting to the recipient's colleagues",
                 "the schema holds one invitation note, not the messages that follow or who else was invited"),
    Unmeasurable("anonymous_profile_views", "000 intro", "the stranger was the week's anonymous profile viewer",
                 "the schema has no record of profile views"),
)


# ----------------------------------------------------------------------------------------------- scoring
def clue(name: str) -> Clue:
    """The clue of :data:`CLUES` named ``name``."""
    for item in CLUES:
        if item.name == name:
            return item
    raise KeyError(f"no clue {name!r}; known: {[c.name for c in CLUES]}")


def pair_batches(item: Clue, base: ProfileDict, background: Sequence[ProfileDict] | None = None
                 ) -> tuple[list[ProfileDict], list[ProfileDict]]:
    """The "without" and "with" batches of one minimal pair; the profile being compared is first in each.

    Parameters
    ----------
    item : Clue
        The clue.
    base : dict
        The base profile (not modified).
    background : sequence of dict, optional
        The rest of the batch (default :func:`background_profiles`); not modified.

    Returns
    -------
    (list of dict, list of dict)
        ``[base, *background]`` and ``[item.apply(base), *background']``, where ``background'`` is the
        background itself, or for a campaign clue the background with its first :data:`CAMPAIGN_SIZE`
        profiles sharing the base's note or photo.
    """
    background = list(background_profiles() if background is None else background)
    without = [copy.deepcopy(base), *(copy.deepcopy(p) for p in background)]
    target = item.apply(base)
    if item.campaign:
        shared = [item.share(base, p) for p in background[:CAMPAIGN_SIZE]]
        rest = [copy.deepcopy(p) for p in background[CAMPAIGN_SIZE:]]
        return without, [target, *shared, *rest]
    return without, [target, *(copy.deepcopy(p) for p in background)]


def first_row(builder: FeatureBuilder, batch: Sequence[ProfileDict]) -> np.ndarray:
    """Features of ``batch[0]`` with the campaign features counted over the whole batch (validated first)."""
    profiles = [Profile.model_validate(p) for p in batch]
    return builder.matrix(profiles[:1], builder.batch_counts(profiles))[0]


def calibrated_log_odds(model: Model, matrix: np.ndarray) -> np.ndarray:
    """The calibrated log-odds of fake for rows of a feature matrix: the raw decision through the calibrator.

    Unlike ``log(p / (1 - p))`` of the probabilities it does not saturate: a clue that moves a profile from
    p = 0.9990 to 0.9999 shows as +2.3, not as a rounding error.
    """
    return model.log_odds(model.raw_scores(matrix))


def scoring_builder(model: Model, as_of: str = AS_OF) -> FeatureBuilder:
    """The model's feature builder measuring "present" to ``as_of`` (the model itself is not changed)."""
    twin = copy.copy(model)
    twin.scoring_as_of = as_of
    return twin.scoring_builder()


def clue_table(model: Model, *, as_of: str = AS_OF, clues: Sequence[Clue] = CLUES,
               bases: dict[str, Callable[[], ProfileDict]] | None = None,
               background: Sequence[ProfileDict] | None = None) -> pd.DataFrame:
    """Score every (clue, base) minimal pair with ``model``.

    Parameters
    ----------
    model : Model
        A trained model (:func:`fakeprofile.load_model`).
    as_of : str
        ``YYYY-MM`` that "present" means (careers and account ages are measured to it).
    clues : sequence of Clue
        Default :data:`CLUES`.
    bases : dict of str to callable, optional
        Base profile builders by name (default :data:`BASES`).
    background : sequence of dict, optional
        The batch every pair is scored inside (default :func:`background_profiles`).

    Returns
    -------
    pandas.DataFrame
        One row per (clue, base), clues in order and bases within each: ``clue``, ``base``, ``p_without``,
        ``p_with``, ``delta_p``, ``delta_log_odds`` (calibrated, from the raw decision), ``raised``
        (``delta_log_odds > 0``), then ``seed``, ``headline``, ``campaign``, ``meets_margin`` (for a headline
        clue, ``delta_log_odds >= HEADLINE_MARGIN_LOG_ODDS``; otherwise the same as ``raised``),
        ``changed_features`` (the model columns whose value differs between the two profiles) and
        ``reason_rank`` (:func:`reason_rank` of the profile with the clue).
    """
    bases = BASES if bases is None else bases
    background = background_profiles() if background is None else list(background)
    builder = scoring_builder(model, as_of)
    names = builder.feature_names
    rows = []
    for base_name, make in bases.items():
        base = make()
        without_row = None
        for item in clues:
            without, with_ = pair_batches(item, base, background)
            if without_row is None:
                without_row = first_row(builder, without)
            with_row = first_row(builder, with_)
            log_odds = calibrated_log_odds(model, np.vstack([without_row, with_row]))
            p = special.expit(log_odds)
            delta = float(log_odds[1] - log_odds[0])
            changed = [n for n, a, b in zip(names, without_row, with_row, strict=True)
                       if not (a == b or (math.isnan(a) and math.isnan(b)))]
            raised = delta > NO_EFFECT_LOG_ODDS
            rank = reason_rank(model, builder, with_row, changed)
            rows.append({
                "clue": item.name, "base": base_name, "p_without": float(p[0]), "p_with": float(p[1]),
                "delta_p": float(p[1] - p[0]), "delta_log_odds": delta, "raised": raised,
                "seed": item.seed, "headline": item.headline, "campaign": item.campaign,
                "meets_margin": delta >= HEADLINE_MARGIN_LOG_ODDS if item.headline else raised,
                "changed_features": tuple(changed), "reason_rank": rank,
            })
    return pd.DataFrame(rows)


def reason_rank(model: Model, builder: FeatureBuilder, row: np.ndarray, changed: Sequence[str]) -> float:
    """Where the clue stands among the profile's reasons: the 1-based rank, among the clues that raised its
    log-odds (strongest first, as :meth:`Model.predict` orders its reasons), of the first clue holding one
    of the ``changed`` columns; NaN when none of them is among the reasons."""
    if not changed:
        return math.nan
    _, contributions = model.contributions(row[None, :])
    candidates = ranked_candidates(clue_sums(builder, row[None, :], contributions), 0)
    wanted = {int(builder.clue_columns[builder.feature_names.index(name)]) for name in changed}
    raising = [clue for contribution, clue, _ in candidates if contribution > 0]
    return next((float(rank) for rank, clue in enumerate(raising, 1) if clue in wanted), math.nan)


def verdict(row: pd.Series | dict[str, Any]) -> str:
    """A row of :func:`clue_table` in words: ``ok``, ``below margin`` (headline), ``WRONG WAY`` or ``no effect``."""
    delta = row["delta_log_odds"]
    if abs(delta) <= NO_EFFECT_LOG_ODDS:
        return "no effect"
    if delta < 0:
        return "WRONG WAY"
    if row["headline"] and delta < HEADLINE_MARGIN_LOG_ODDS:
        return "below margin"
    return "ok"


__all__ = [
    "AS_OF", "BACKGROUND_SIZE", "BASES", "CAMPAIGN_SIZE", "CLUES", "HEADLINE_MARGIN_LOG_ODDS", "NO_EFFECT_LOG_ODDS",
    "NOT_YET_MEASURABLE", "Clue", "Unmeasurable", "background_profiles", "calibrated_log_odds", "clue", "clue_table",
    "complete_base", "first_row", "known_photo", "logo_photo", "pair_batches", "portrait_photo", "reason_rank",
    "scoring_builder",
    "share_note", "share_photo", "thin_base", "verdict",
]
