"""Network: what the sender shares with the recipient, and whether its endorsements fit its connections.

The seeds: "no connections or groups in common with me" (seed 000, reason 7: "We have no common connections,
not even 3rd degree or a group. This is a real red flag"). And endorsements out of proportion to the network
that gives them: on the platform only 1st-degree connections can endorse a skill, so many endorsements from a
handful of connections, or more endorsers than connections, is a ring of accounts endorsing each other.

Directions, decided here once:

- ``mutual_connections`` and ``shared_groups`` lower the probability of fake (LOWERS): the seed's clue is
  having none in common. A count rather than only a 0/1 because a tree splits a count at 0.5 as easily as a
  flag, and the count also says how much is shared (2 against 80) for the evidence. ``nothing_in_common`` is
  the seed's clue itself, 1 for "no connections and no groups in common", so that one feature (and one
  sentence) carries it when the two counts would split the credit between them.
- ``endorsements_per_connection`` RAISES: only the high end is a clue (the reciprocal endorsement ring).
  Seed 003's "recommendations yet no endorsements" is not taken as the opposite clue: that seed was written in
  2008, four years before skill endorsements existed (September 2012), and its "endorse" means a written
  recommendation. Zero endorsements is ordinary for a genuine member: many list no skills, hide or switch off
  endorsements, or have connections who never click. A free (EITHER) direction would let a model learn "no
  endorsements" as a clue, which is the new or idle account that ``connections`` and ``activity`` already
  measure, counted a second time. Measured on crafted profiles (tests/extractors/test_network.py): a ring of
  40 endorsements over 12 connections gives 3.3, a typical genuine profile (99 over 500) 0.2, an open networker
  (60 over 20,000) 0.003, and seed 003's reading (0 endorsements, 3 recommendations, 340 connections) 0.0,
  which is where genuine members without endorsements sit too.
- ``endorsers_share`` (distinct endorsers per endorsement) LOWERS: a few people endorsing every skill is how a
  small ring inflates a count.
- ``endorsers_beyond_connections`` RAISES: more distinct endorsers than connections cannot happen when only
  connections endorse, except under the platform's "500+" display cap, which is why it needs fewer than 500.
  It is a rule kept for real data, and one the synthetic data rarely shows: the generator produces it only in
  the ring clue (a few connections and more endorsers than them), so a model trained on synthetic profiles
  learns little from it, and its value there says little about how often real profiles show it.

Its known false positives are ``NetworkExtractor.known_false_positives``. A value the source did not give is
NaN: a profile without an invitation has nothing in common with anyone to measure.
"""

from __future__ import annotations

from fakeprofile.extractors.base import LOWERS, NAN, RAISES, Context, Extractor, Feature, register
from fakeprofile.schema import Profile

#: The platform shows "500+" above this many connections, so a count from a page is at most this.
DISPLAY_CAP = 500


@register
class NetworkExtractor(Extractor):
    name = "network"
    version = "1.0"
    description = ("connections and groups the sender shares with the invitation's recipient, and endorsements "
                   "against the connections that could have given them")
    known_false_positives = (
        "Genuine people reaching outside their circle (a recruiter's first message, a student writing to an alumnus, "
        "someone who moved country) share no connections with the recipient, and most genuine invitations share no "
        "group at all, so 0 shared groups alone is weak: it counts only beside 0 mutual connections "
        "(``nothing_in_common``).\n"
        "- A campaign that first connects to a target company's staff builds mutual connections with the next "
        "victim: many in common does not clear a profile, and the direction keeps the count from ever raising the "
        "score.\n"
        "- A tight team that endorses each other's every skill has many endorsements per connection and few distinct "
        "endorsers, like a ring; new members with a handful of close colleagues too."
    )
    clues = {
        "in_common": ("mutual_connections", "shared_groups", "nothing_in_common"),
        "endorsements": ("endorsements_per_connection", "endorsers_share", "endorsers_beyond_connections"),
    }
    features = (
        Feature("mutual_connections", LOWERS),
        Feature("shared_groups", LOWERS),
        Feature("nothing_in_common", RAISES),
        Feature("endorsements_per_connection", RAISES),
        Feature("endorsers_share", LOWERS),
        Feature("endorsers_beyond_connections", RAISES),
    )

    def extract(self, profile: Profile, ctx: Context) -> dict[str, float]:
        values = dict.fromkeys(self.feature_names, NAN)
        invitation = profile.invitation
        if invitation is not None:
            mutual, groups = invitation.mutual_connections, invitation.shared_groups
            if mutual is not None:
                values["mutual_connections"] = float(mutual)
            if groups is not None:
                values["shared_groups"] = float(groups)
            values["nothing_in_common"] = _nothing_in_common(mutual, groups)
        endorsements = profile.endorsements
        if endorsements is not None:
            total, endorsers, conns = endorsements.total, endorsements.endorsers, profile.connections
            if total is not None and conns is not None:
                values["endorsements_per_connection"] = total / max(conns, 1)
            if total and endorsers is not None:
                values["endorsers_share"] = endorsers / total
            if endorsers is not None and conns is not None:
                values["endorsers_beyond_connections"] = float(endorsers > conns and conns < DISPLAY_CAP)
        return values

    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        invitation = profile.invitation
        if invitation is None:
            common = dict.fromkeys(("mutual_connections", "shared_groups", "nothing_in_common"),
                                   "no invitation, so nothing shared with a recipient to count")
        else:
            mutual, groups = invitation.mutual_connections, invitation.shared_groups
            common = {
                "mutual_connections": _in_common(mutual, "connection"),
                "shared_groups": _in_common(groups, "group")
                + (" (most genuine invitations share no group either)" if groups == 0 else ""),
                "nothing_in_common": _nothing_words(mutual, groups),
            }
        return common | _endorsement_words(profile, values)


def _nothing_in_common(mutual: int | None, groups: int | None) -> float:
    """1: no connections in common (and no groups, when given); 0: something in common; NaN: not known.

    Groups alone cannot say "nothing in common": most genuine invitations share no group."""
    if (mutual or 0) > 0 or (groups or 0) > 0:
        return 0.0
    if mutual == 0:
        return 1.0
    return NAN


def _in_common(count: int | None, what: str) -> str:
    if count is None:
        return f"{what}s in common with the recipient not given"
    if count == 0:
        return f"no {what}s in common with the recipient"
    return f"{count:,} {what}{'s' if count != 1 else ''} in common with the recipient"


def _nothing_words(mutual: int | None, groups: int | None) -> str:
    if mutual is None and groups is None:
        return "connections and groups in common with the recipient not given"
    if mutual == 0 and groups == 0:
        return "no connections or groups in common with the recipient"
    if mutual == 0 and groups is None:
        return "no connections in common with the recipient (groups in common not given)"
    if mutual is None and groups == 0:
        return ("no groups in common with the recipient, and connections in common not given (no groups alone is "
                "common)")
    parts = [_in_common(mutual, "connection") if mutual is not None else None,
             _in_common(groups, "group") if groups is not None else None]
    return "; ".join(p for p in parts if p)


def _ratio(value: float) -> str:
    """A ratio as the evidence prints it: two significant digits (0.003, 0.14, 3.3), whole numbers from 10 up
    (1,234), so that it reads as the value does and never rounds a small ratio to 0.0."""
    return f"{value:,.0f}" if value >= 10 else f"{value:.2g}"


def _endorsement_words(profile: Profile, values: dict[str, float]) -> dict[str, str]:
    endorsements = profile.endorsements
    total = endorsements.total if endorsements else None
    endorsers = endorsements.endorsers if endorsements else None
    conns = profile.connections
    count = "an unknown number of connections" if conns is None else f"{conns:,} connection{'s' if conns != 1 else ''}"
    if endorsements is None or total is None:
        per_connection = "number of endorsements not given"
    elif conns is None:
        per_connection = f"{total:,} endorsements; number of connections not given"
    else:
        per_connection = (f"{total:,} endorsement{'s' if total != 1 else ''} from a profile with {count} "
                          f"({_ratio(values['endorsements_per_connection'])} per connection)")
    share = values["endorsers_share"]
    if share != share:
        endorsers_words = ("no endorsements to count endorsers of" if total == 0 else
                           "number of different endorsers not given")
    else:
        endorsers_words = (f"{total:,} endorsements from {endorsers:,} different people "
                           f"({total / max(endorsers, 1):.1f} each on average)")
    beyond = values["endorsers_beyond_connections"]
    if beyond != beyond:
        beyond_words = ("number of different endorsers not given" if endorsers is None
                        else f"{endorsers:,} people endorsed the profile; number of connections not given")
    elif beyond == 1:
        beyond_words = (f"{endorsers:,} people endorsed the profile but it has only {count}, and only connections "
                        "can endorse")
    elif endorsers is not None and conns is not None and endorsers > conns:
        beyond_words = (f"{endorsers:,} people endorsed a profile showing {count}, which the platform shows as "
                        f"{DISPLAY_CAP}+ (so it may have more)")
    else:
        beyond_words = f"{endorsers:,} people endorsed the profile, out of its {count}"
    return {
        "endorsements_per_connection": per_connection,
        "endorsers_share": endorsers_words,
        "endorsers_beyond_connections": beyond_words,
    }
