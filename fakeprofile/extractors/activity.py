"""Activity: how the account behaves, as the platform records it.

The seeds: LinkedIn restricts an account after 5 to 7 "I don't know this person" answers; bulk inviters
send many invitations that few accept; fake followers never post. A field the data does not carry (a
scraped profile has no invitation counts) is NaN, not zero. Its known false positives are
``ActivityExtractor.known_false_positives``.
"""

from __future__ import annotations

import math

from fakeprofile.dates import month_number
from fakeprofile.extractors.base import EITHER, LOWERS, NAN, RAISES, Context, Extractor, Feature, register
from fakeprofile.schema import Profile


@register
class ActivityExtractor(Extractor):
    name = "activity"
    version = "1.0"
    description = "account age, invitations sent and accepted, 'I don't know this person' reports, posts"
    known_false_positives = (
        "Recruiters and salespeople send many invitations too, and most genuine members never post."
    )
    clues = {
        "account_age": ("account_age_years",),
        "invitations": ("invitations_sent_30d", "invitation_acceptance_rate"),
        "idk_reports": ("idk_reports", "idk_per_invitation"),
        "posts": ("log_posts", "posts_per_year"),
    }
    features = (
        Feature("account_age_years", LOWERS),
        Feature("invitations_sent_30d", RAISES),
        Feature("invitation_acceptance_rate", LOWERS),
        Feature("idk_reports", RAISES),
        Feature("idk_per_invitation", RAISES),
        Feature("log_posts", LOWERS),
        Feature("posts_per_year", EITHER,
                why=("fake followers never post but spam accounts post at inhuman rates: both extremes are "
                     "suspicious")),
    )

    def extract(self, profile: Profile, ctx: Context) -> dict[str, float]:
        values = dict.fromkeys(self.feature_names, NAN)
        age = NAN
        if profile.created_at:
            age = max(ctx.as_of_month(profile) - month_number(profile.created_at), 0) / 12.0
            values["account_age_years"] = age
        act = profile.activity
        if act is None:
            return values
        sent = act.invitations_sent_30d
        if sent is not None:
            values["invitations_sent_30d"] = float(sent)
            if sent > 0 and act.invitations_accepted_30d is not None:
                values["invitation_acceptance_rate"] = min(act.invitations_accepted_30d / sent, 1.0)
        if act.idk_reports is not None:
            values["idk_reports"] = float(act.idk_reports)
            if sent:
                values["idk_per_invitation"] = act.idk_reports / sent
        if act.posts is not None:
            values["log_posts"] = math.log1p(act.posts)
            if age == age:
                values["posts_per_year"] = act.posts / max(age, 1 / 12)
        return values

    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        act = profile.activity
        age = values["account_age_years"]
        sent = None if act is None else act.invitations_sent_30d
        accepted = None if act is None else act.invitations_accepted_30d
        idk = None if act is None else act.idk_reports
        posts = None if act is None else act.posts
        age_text = "account creation date unknown" if age != age else f"account is {age:.1f} years old"
        sent_text = "invitations sent unknown" if sent is None else f"{sent:,} invitations sent in 30 days"
        accept_text = (
            sent_text if values["invitation_acceptance_rate"] != values["invitation_acceptance_rate"]
            else f"{accepted:,} of {sent:,} invitations accepted in 30 days"
        )
        idk_text = "no 'I don't know this person' data" if idk is None else (
            f"{idk:,} 'I don't know this person' reports" + (f" for {sent:,} invitations" if sent else "")
        )
        posts_text = "post count unknown" if posts is None else f"{posts:,} posts" + (
            "" if age != age else f" in {age:.1f} years"
        )
        return {
            "account_age_years": age_text,
            "invitations_sent_30d": sent_text,
            "invitation_acceptance_rate": accept_text,
            "idk_reports": idk_text,
            "idk_per_invitation": idk_text,
            "log_posts": posts_text,
            "posts_per_year": posts_text,
        }
