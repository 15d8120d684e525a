"""Connections: how many people vouch for the profile, measured against how long it has existed.

The seeds' first clue: "a stranger with one or two connections after years in HR". A count means little
alone; what matters is the count for the length of the career. Its known false positives are
``ConnectionsExtractor.known_false_positives``.
"""

from __future__ import annotations

import math

from fakeprofile.dates import month_number
from fakeprofile.extractors.base import EITHER, LOWERS, NAN, RAISES, Context, Extractor, Feature, register
from fakeprofile.schema import Profile

#: Fewer connections than this after VERY_LOW_MIN_YEARS of career is the seeds' "stranger after years" clue.
VERY_LOW_CONNECTIONS = 10
VERY_LOW_MIN_YEARS = 3.0


def career_start_month(profile: Profile) -> int | None:
    """Month of the earliest dated job, or of account creation when no job is dated."""
    starts = [month_number(job.start) for job in profile.experience or () if job.start]
    if starts:
        return min(starts)
    if profile.created_at:
        return month_number(profile.created_at)
    return None


def career_years(profile: Profile, ctx: Context) -> float:
    """Years from the start of the career (or of the account) to the profile's 'now'; NaN if unknown."""
    start = career_start_month(profile)
    if start is None:
        return NAN
    return max(ctx.as_of_month(profile) - start, 0) / 12.0


@register
class ConnectionsExtractor(Extractor):
    name = "connections"
    version = "1.0"
    description = "connection and follower counts, alone and per year of career"
    known_false_positives = (
        "New graduates (short career, few connections), people who joined recently, and privacy-minded people "
        "who barely use the network. Open networkers (LIONs) with thousands of connections are genuine too, so a "
        "high count is not a clean signal either way."
    )
    # The career length is a clue of its own ("career_years"): it comes from the jobs, and would otherwise make
    # a profile without a connection count look as if it gave one.
    clues = {
        "connections": ("connections", "log_connections", "connections_per_career_year", "very_low_for_career"),
        "followers": ("log_followers_per_connection",),
    }
    features = (
        Feature("connections", EITHER,
                why=("one or two connections is the seeds' clue, but open networkers and bought followings have "
                     "tens of thousands: both extremes are suspicious")),
        Feature("log_connections", EITHER,
                why="the same count as 'connections' on a log scale: both extremes are suspicious"),
        Feature("log_followers_per_connection", LOWERS),
        Feature("career_years", EITHER,
                why=("a career's length is no clue alone; it matters against the connection count "
                     "(connections_per_career_year)")),
        Feature("connections_per_career_year", LOWERS),
        Feature("very_low_for_career", RAISES),
    )

    def extract(self, profile: Profile, ctx: Context) -> dict[str, float]:
        conns = profile.connections
        years = career_years(profile, ctx)
        values = dict.fromkeys(self.feature_names, NAN)
        values["career_years"] = years
        if conns is not None:
            values["connections"] = float(conns)
            values["log_connections"] = math.log1p(conns)
            if profile.followers is not None:
                values["log_followers_per_connection"] = math.log1p(profile.followers) - math.log1p(conns)
            if years == years:  # not NaN
                values["connections_per_career_year"] = conns / max(years, 0.5)
                values["very_low_for_career"] = float(
                    conns < VERY_LOW_CONNECTIONS and years >= VERY_LOW_MIN_YEARS
                )
        return values

    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        conns = profile.connections
        years = values["career_years"]
        count = "unknown number of connections" if conns is None else f"{conns:,} connections"
        dated_jobs = any(job.start for job in profile.experience or ())
        if years != years:
            span = "an unknown career length"
        elif dated_jobs:
            span = f"{years:.1f} years of work history"
        else:
            span = f"{years:.1f} years since the account was created"
        ratio = values["log_followers_per_connection"]
        followers = (
            "follower count unknown"
            if ratio != ratio
            else f"{profile.followers:,} followers for {conns:,} connections"
        )
        per_year = values["connections_per_career_year"]
        return {
            "connections": count,
            "log_connections": count,
            "log_followers_per_connection": followers,
            "career_years": span,
            "connections_per_career_year": (
                f"{count} after {span}"
                if per_year != per_year
                else f"{per_year:.1f} connections per year ({count} after {span})"
            ),
            "very_low_for_career": f"{count} after {span}",
        }
