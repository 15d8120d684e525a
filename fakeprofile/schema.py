"""The profile schema, validated at every edge, and the shape of a prediction.

A profile is what one person (or one fake) shows on a professional network. Every field but ``id`` is
optional because real data is incomplete: a missing field becomes a NaN feature, never an error. What
*is* an error is a value that cannot be true (a month 13, a negative connection count, a URL where a
photo file was expected): such a record is rejected with the field named, and the caller decides
whether to stop (``--strict``) or go on with the rest.
"""

from __future__ import annotations

import base64
import binascii
import difflib
import re
import typing
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

#: Years outside this range are treated as impossible (typos such as 0201 or 20019).
MIN_YEAR, MAX_YEAR = 1900, 2100
#: LinkedIn caps connections at 30,000; other networks' "following" counts go higher. Beyond this is absurd.
MAX_CONNECTIONS = 10_000_000
MAX_FOLLOWERS = 1_000_000_000
MAX_COUNT = 10_000_000
#: Inline photos larger than this are refused before decoding (about 15 MB of image bytes).
MAX_INLINE_PHOTO_CHARS = 20_000_000

_DATE_RE = re.compile(r"\A([0-9]{4})(?:-([0-9]{2}))?\Z")  # ASCII digits only; \Z: no trailing newline
_URL_RE = re.compile(r"\A\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _date_problem(value: str) -> str | None:
    """What is wrong with a date, or None. Cached: a batch repeats the same few hundred months."""
    match = _DATE_RE.match(value)
    if not match:
        return f"date {value[:40]!r} is not in the form YYYY-MM or YYYY"
    year = int(match.group(1))
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"year {year} is outside {MIN_YEAR}-{MAX_YEAR}"
    if match.group(2) is not None and not 1 <= int(match.group(2)) <= 12:
        return f"month {match.group(2)} is not between 01 and 12"
    return None


def _check_date(value: str) -> str:
    problem = _date_problem(value) if len(value) <= 16 else "date is longer than 16 characters"
    if problem:
        raise ValueError(problem)
    return value


def _check_photo(value: str, info: ValidationInfo) -> str:
    """An image reference (``photo`` or ``banner``): a local path or an inline data: URI, never a URL."""
    what = info.field_name or "photo"
    lowered = value[:16].lower()
    if _URL_RE.match(value[:64]):
        raise ValueError(
            f"{what} is a URL; fakeprofile never fetches anything at run time: "
            "download the image and give its local path, or inline it as a data: URI"
        )
    if lowered.startswith("data:"):
        if len(value) > MAX_INLINE_PHOTO_CHARS:
            raise ValueError(f"inline {what} is larger than {MAX_INLINE_PHOTO_CHARS:,} characters")
        header, sep, payload = value.partition(",")
        if not sep or ";base64" not in header.lower():
            raise ValueError(f"inline {what} must be a data URI of the form data:image/...;base64,<bytes>")
        try:
            base64.b64decode(payload, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValueError(f"inline {what} is not valid base64 ({exc})") from None
    return value


_HANDLE_RE = re.compile(r"\A[^\s/?#@]{1,100}\Z")
_SCHEME_RE = re.compile(r"\A[a-z][a-z0-9+.-]*://", re.IGNORECASE)
#: A host label: anything but separators and spaces (internationalised names are letters of any script).
_LABEL_RE = re.compile(r"\A[^\s./?#@:\\]+\Z")


def website_host(value: str) -> str | None:
    """The host of a website as a person writes it (``https://user@Example.com.:8080/x``, ``münchen.de``,
    ``example.org/about``), lower-cased and without ``www.``, user, port or trailing dot; None when the text
    is not a web address (no dot between two labels, spaces in the host). Never fetched or resolved."""
    text = _SCHEME_RE.sub("", value.strip()[:2_000])
    if not text or any(ch.isspace() for ch in text.split("/", 1)[0]):
        return None
    cut = min((i for i in (text.find("/"), text.find("?"), text.find("#")) if i >= 0), default=len(text))
    authority = text[:cut].rsplit("@", 1)[-1]
    host = authority.split(":", 1)[0] if authority.count(":") <= 1 else ""
    labels = host.lower().rstrip(".").removeprefix("www.").split(".")
    if len(labels) < 2 or not all(_LABEL_RE.match(label) for label in labels):
        return None
    return ".".join(labels)


def _check_handle(value: str) -> str:
    """A profile's slug or username as the source shows it: one token, at most 100 characters."""
    handle = value.strip().removeprefix("@")
    if not _HANDLE_RE.match(handle):
        raise ValueError(f"handle {value[:60]!r} is not one word of at most 100 characters without '/', '?', '#' "
                         "or '@' (give the profile URL's last part, e.g. 'jane-doe-4b1a2c', not the URL)")
    return handle


def _check_website(value: str) -> str:
    """A website the profile links to (never fetched): a URL or a bare domain with at least one dot."""
    if website_host(value) is None:
        raise ValueError(f"website {value[:60]!r} is not a URL or domain (such as 'https://example.com/about' or "
                         "'example.com')")
    return value.strip()


DateStr = Annotated[str, AfterValidator(_check_date)]
ShortText = Annotated[str, StringConstraints(max_length=2_000)]
LongText = Annotated[str, StringConstraints(max_length=50_000)]
PhotoRef = Annotated[str, StringConstraints(min_length=1), AfterValidator(_check_photo)]
Handle = Annotated[str, StringConstraints(max_length=2_000), AfterValidator(_check_handle)]
Website = Annotated[str, StringConstraints(max_length=2_000), AfterValidator(_check_website)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]

EmploymentType = Literal[
    "full-time",
    "part-time",
    "self-employed",
    "freelance",
    "contract",
    "internship",
    "apprenticeship",
    "seasonal",
    "volunteer",
    "board",
]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Experience(_Strict):
    """One job. ``end`` of ``None`` means the job is current."""

    title: ShortText | None = None
    company: ShortText | None = None
    location: ShortText | None = None
    start: DateStr | None = None
    end: DateStr | None = None
    employment_type: EmploymentType | None = None
    description: LongText | None = None


class Education(_Strict):
    """One degree or course of study."""

    school: ShortText | None = None
    degree: ShortText | None = None
    field: ShortText | None = None
    start: DateStr | None = None
    end: DateStr | None = None
    location: ShortText | None = None


class Activity(_Strict):
    """What the account did recently, as the platform sees it."""

    invitations_sent_30d: Count | None = None
    invitations_accepted_30d: Count | None = None
    idk_reports: Count | None = Field(
        default=None, description="'I don't know this person' answers to this account's invitations"
    )
    posts: Count | None = Field(default=None, description="posts, articles or statuses ever published")


class Recipient(_Strict):
    """The person an invitation was sent to."""

    name: ShortText | None = None
    headline: ShortText | None = None
    location: ShortText | None = None
    company: ShortText | None = None


class Invitation(_Strict):
    """A connection invitation sent by the profile; ``message`` of ``None`` means no note."""

    message: LongText | None = None
    recipient: Recipient | None = None
    mutual_connections: Count | None = Field(
        default=None, description="connections the sender and the recipient share (0: none in common)")
    shared_groups: Count | None = Field(
        default=None, description="groups both the sender and the recipient belong to (0: none in common)")


class Endorsements(_Strict):
    """Skill endorsements the profile shows: how many in all, and from how many different people."""

    total: Count | None = Field(default=None, description="endorsements over all skills")
    endorsers: Count | None = Field(default=None, description="distinct people who endorsed, when shown")

    @field_validator("endorsers")
    @classmethod
    def _no_more_endorsers_than_endorsements(cls, value: int | None, info: ValidationInfo) -> int | None:
        total = info.data.get("total")
        if value == 0 and total:
            raise ValueError(f"is 0 but there are {total} endorsements; each endorsement has an endorser")
        if value is not None and total is not None and value > total:
            raise ValueError(f"is {value}, more than the {total} endorsements in total; each endorser gives at "
                             "least one")
        return value


class Measured(_Strict):
    """Measurements a source gives instead of the text itself: a bio's length, not the bio.

    Public fake-account tables (InstaFake, the Kaggle Instagram table) publish such numbers only. The
    extractors read a measurement where the text is not given, and never invent text from it. Given together
    with the text, a measurement must agree with it (``Profile`` checks)."""

    summary_length: Count | None = Field(default=None, description="characters of the summary (bio)")
    name_words: Count | None = Field(default=None, description="words of the full name")
    name_length: Count | None = Field(default=None, description="characters of the full name")
    name_digits: Count | None = Field(default=None, description="digits in the full name")
    handle_length: Count | None = Field(default=None, description="characters of the handle (username)")
    handle_digits: Count | None = Field(default=None, description="digits in the handle (username)")
    name_digit_share: Annotated[float, Field(ge=0.0, le=1.0)] | None = Field(
        default=None, description="digits in the full name over its characters")
    handle_digit_share: Annotated[float, Field(ge=0.0, le=1.0)] | None = Field(
        default=None, description="digits in the handle over its characters")
    name_is_handle: bool | None = Field(
        default=None, description="whether the full name and the handle are the same text")

    @model_validator(mode="after")
    def _counts_fit_lengths(self) -> Measured:
        for what in ("name", "handle"):
            digits, length, share = (getattr(self, f"{what}_digits"), getattr(self, f"{what}_length"),
                                     getattr(self, f"{what}_digit_share"))
            if digits is not None and length is not None and digits > length:
                raise ValueError(f"{what}_digits is {digits}, more than the {length} characters of {what}_length")
            if digits is not None and length and share is not None and abs(share - digits / length) > 0.01:
                raise ValueError(f"{what}_digit_share is {share:.3f} but {what}_digits / {what}_length is "
                                 f"{digits / length:.3f}; give consistent measurements")
        return self


class Profile(_Strict):
    """A profile on a professional network, as fakeprofile reads it."""

    id: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    name: ShortText | None = None
    headline: ShortText | None = None
    summary: LongText | None = None
    location: ShortText | None = None
    connections: Annotated[int, Field(ge=0, le=MAX_CONNECTIONS)] | None = None
    followers: Annotated[int, Field(ge=0, le=MAX_FOLLOWERS)] | None = None
    photo: PhotoRef | None = Field(
        default=None,
        description="local file path (relative paths are read from the input file's folder) "
        "or an inline data:image/...;base64 URI; URLs are refused",
    )
    has_photo: bool | None = Field(
        default=None,
        description="the source says whether a photo is shown, when the image itself is not available",
    )
    experience: Annotated[list[Experience], Field(max_length=200)] | None = None
    education: Annotated[list[Education], Field(max_length=100)] | None = None
    skills: Annotated[list[ShortText], Field(max_length=1_000)] | None = None
    recommendations: Count | None = None
    endorsements: Endorsements | None = None
    handle: Handle | None = Field(
        default=None, description="the profile URL's slug or the username, e.g. 'jane-doe-4b1a2c' (without '@')")
    website: Website | None = Field(default=None, description="a website the profile links to (never fetched)")
    has_website: bool | None = Field(
        default=None, description="whether the profile links to a website, when the source says so without the link")
    visibility: Literal["public", "private"] | None = Field(
        default=None, description="whether the profile is shown to everyone or only to connections")
    banner: PhotoRef | None = Field(
        default=None, description="the banner (background) image: a local file path or a data: URI, like photo")
    created_at: DateStr | None = Field(default=None, description="when the account was created")
    observed_at: DateStr | None = Field(
        default=None,
        description="when the profile was captured; 'present' and account age are measured to this date",
    )
    activity: Activity | None = None
    invitation: Invitation | None = None
    measured: Measured | None = None
    label: Annotated[int, Field(ge=0, le=1)] | None = Field(default=None, description="1 = fake, 0 = genuine")
    archetype: ShortText | None = Field(
        default=None, description="ground-truth annotation for evaluation reports; never a feature"
    )

    @field_validator("has_photo")
    @classmethod
    def _agrees_with_photo(cls, value: bool | None, info: ValidationInfo) -> bool | None:
        if value is False and info.data.get("photo") is not None:
            raise ValueError("is false but a photo is given; say one or the other")
        return value

    @field_validator("invitation")
    @classmethod
    def _no_more_in_common_than_connections(cls, value: Invitation | None, info: ValidationInfo) -> Invitation | None:
        """Mutual connections are connections: below 500 (where a page shows "500+") a profile cannot share
        more with the recipient than it has."""
        connections = info.data.get("connections")
        mutual = value.mutual_connections if value is not None else None
        if mutual is not None and connections is not None and connections < 500 and mutual > connections:
            raise ValueError(f"mutual_connections is {mutual}, more than the profile's {connections} connections")
        return value

    @field_validator("has_website")
    @classmethod
    def _agrees_with_website(cls, value: bool | None, info: ValidationInfo) -> bool | None:
        if value is False and info.data.get("website") is not None:
            raise ValueError("is false but a website is given; say one or the other")
        return value

    @field_validator("measured")
    @classmethod
    def _measurements_agree_with_the_text(cls, value: Measured | None, info: ValidationInfo) -> Measured | None:
        """A measurement given beside its text must be the text's: otherwise one of them is wrong, and
        which one the extractors read would decide the score silently."""
        if value is None:
            return value
        texts = {"summary_length": ("summary", info.data.get("summary")),
                 "name_length": ("name", info.data.get("name")),
                 "handle_length": ("handle", info.data.get("handle"))}
        for field, (source, text) in texts.items():
            given = getattr(value, field)
            if given is not None and text is not None and given != len(text):
                raise ValueError(f"{field} is {given} but {source} has {len(text)} characters; give one or the other")
        for field, source in (("name_digits", "name"), ("handle_digits", "handle")):
            given, text = getattr(value, field), info.data.get(source)
            if given is not None and text is not None and given != sum(ch.isdigit() for ch in text):
                raise ValueError(f"{field} is {given} but {source} {text[:40]!r} has "
                                 f"{sum(ch.isdigit() for ch in text)} digits; give one or the other")
        for field, source in (("name_digit_share", "name"), ("handle_digit_share", "handle")):
            given, text = getattr(value, field), info.data.get(source)
            if given is not None and text:
                share = sum(ch.isdigit() for ch in text) / len(text)
                if abs(given - share) > 0.01:
                    raise ValueError(f"{field} is {given:.3f} but {source} {text[:40]!r} has {share:.3f}; give one "
                                     "or the other")
        name, handle = info.data.get("name"), info.data.get("handle")
        if value.name_is_handle is not None and name is not None and handle is not None and (
                value.name_is_handle != (name.strip().casefold() == handle.casefold())):
            raise ValueError(f"name_is_handle is {str(value.name_is_handle).lower()} but name {name[:40]!r} and "
                             f"handle {handle[:40]!r} say otherwise; give one or the other")
        if value.name_words is not None and name is not None and value.name_words != len(name.split()):
            raise ValueError(f"name_words is {value.name_words} but name {name[:40]!r} has {len(name.split())} words")
        return value

    @property
    def has_any_website(self) -> bool | None:
        """Whether the profile links to a website: the link if given, else the source's word, else unknown."""
        if self.website is not None:
            return True
        return self.has_website

    @property
    def has_any_photo(self) -> bool | None:
        """Whether a photo is shown: the image itself if given, else the source's word, else unknown."""
        if self.photo is not None:
            return True
        return self.has_photo


class Reason(BaseModel):
    """One clue behind a prediction, on one side: what was seen, and how far it moved the log-odds of fake."""

    clue: str = Field(description="the clue, as extractor.clue (e.g. invitation.note)")
    extractor: str
    feature: str = Field(description="the clue's feature that moved the score most")
    value: float | None = Field(description="that feature's value (null: not given)")
    features: list[str] = Field(description="every feature of the clue counted in the contribution")
    contribution: float = Field(
        description="how much this clue moved the calibrated log-odds of fake (+ towards fake, - towards "
        "genuine): its features' TreeSHAP values; every feature's contribution plus baseline_log_odds is log_odds"
    )
    given: bool = Field(
        description="false when the clue's values were not given and their absence alone moved the score past "
        "the bound on unknowns (0.15 log-odds)"
    )
    evidence: str


Verdict = Literal["fake", "genuine", "insufficient"]


class Prediction(BaseModel):
    """The answer for one profile."""

    id: str
    probability: float = Field(description="calibrated probability that the profile is fake")
    verdict: Verdict = Field(
        description="fake or genuine by the threshold; insufficient when the profile shows too little to judge"
    )
    threshold: float
    log_odds: float = Field(description="calibrated log-odds of fake, the logit of probability")
    baseline_log_odds: float = Field(description="the model's expected log-odds, before any clue")
    clues_observed: int = Field(description="evidence-bearing clues the profile gives a value for")
    clues_total: int = Field(description="evidence-bearing clues the model knows")
    batch_size: int = Field(
        description="profiles the campaign clues (same note, same photo) were counted over; 1: scored alone, "
        "so they are unknown"
    )
    reasons: list[Reason] = Field(description="the clues that raised the log-odds of fake most")
    reassurances: list[Reason] = Field(description="the clues that lowered it most")
    missing: str | None = Field(default=None, description="for an insufficient verdict: what is missing")

    def describe(self) -> str:
        """The prediction as a few readable lines: the verdict, both sides of its reasons, what is missing."""
        lines = [f"{self.id}: {self.verdict.upper()}  p(fake)={self.probability:.3f}  "
                 f"(threshold {self.threshold:.3f}; {self.clues_observed} of {self.clues_total} clues given)"]
        if self.missing:
            lines.append(f"  {self.missing}")
        for title, side in (("raises suspicion", self.reasons), ("lowers suspicion", self.reassurances)):
            if side:
                lines.append(f"  {title}:")
            for reason in side:
                lines.append(f"    {'+' if reason.contribution >= 0 else '-'} {reason.evidence}  "
                             f"[{reason.clue}; {reason.contribution:+.2f} log-odds]")
        if self.batch_size <= 1:
            lines.append("  scored alone: no batch to count campaigns (same note, same photo) in")
        return "\n".join(lines)


def describe_validation_error(error: ValidationError) -> str:
    """One line naming each bad field of a record and what is wrong with it."""
    parts = []
    for item in error.errors(include_url=False):
        field = ".".join(str(p) for p in item["loc"]) or "<record>"
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown field"
            close = difflib.get_close_matches(str(item["loc"][-1]), _ALL_FIELD_NAMES, n=1, cutoff=0.75)
            if close:
                message += f" (did you mean {close[0]!r}?)"
        parts.append(f"{field}: {message}")
    return "; ".join(parts)


def _holds_integer(annotation: Any) -> bool:
    return annotation is int or any(_holds_integer(arg) for arg in typing.get_args(annotation))


#: Fields of a profile (at any depth) that hold counts: a DataFrame with a gap in such a column holds floats.
INTEGER_FIELDS = frozenset(name for model in (Profile, Experience, Education, Activity, Invitation, Recipient)
                           for name, info in model.model_fields.items() if _holds_integer(info.annotation))

_ALL_FIELD_NAMES = sorted({name for model in (Profile, Experience, Education, Activity, Invitation, Recipient)
                           for name in model.model_fields})


def profile_json_schema() -> dict:
    """The JSON Schema of a profile, as ``fakeprofile schema`` prints it."""
    return Profile.model_json_schema()
