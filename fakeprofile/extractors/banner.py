"""Banner: is the profile's banner (background) image a copy of a known image?

The seeds: "a stock flower banner" (seed 001, clue 7). The banner goes through the same path as the photo
(:func:`fakeprofile.photos.analyse_photo`: the guarded loader, perceptual hashes, the known-image index of
``ctx.known_images`` or the default one), cached in the analyses the image
families share (:data:`fakeprofile.extractors.photo.ANALYSES`).

The schema cannot tell "no banner" from "banner not captured" (there is no ``has_banner``), so a profile
without a banner is unknown (NaN for every feature), as is a banner that cannot be read. For the same reason
there is no "banner given" feature: it could only be 1 or NaN, so its direction would act on nothing, and a
tree's split on the missing value could learn "no banner means fake" from how a source was captured.
"""

from __future__ import annotations

from fakeprofile.extractors.base import EITHER, LOWERS, NAN, RAISES, Context, Extractor, Feature, register
from fakeprofile.extractors.photo import ANALYSES, known_image_words
from fakeprofile.photos import PHASH_RADIUS, PhotoAnalysis
from fakeprofile.schema import Profile


@register
class BannerExtractor(Extractor):
    name = "banner"
    version = "1.0"
    description = ("the banner image, when one is given: whether it can be read, and whether it is a copy of a "
                   "known (stock) image")
    known_false_positives = (
        "Many genuine people pick a stock banner from an image library (a city skyline, an abstract pattern, "
        "flowers) rather than a photo of their own, and companies hand employees the same branded banner: a "
        "known banner is weaker evidence than a known profile photo. It matches only images someone indexed."
    )
    features = (
        Feature("banner_readable", EITHER,
                why="an unreadable file says more about how the data was captured than about the profile"),
        Feature("banner_known_matches", RAISES),
        Feature("banner_known_distance", LOWERS),
    )
    clues = {
        "banner_image": ("banner_readable",),
        "known_banner": ("banner_known_matches", "banner_known_distance"),
    }

    def analysis(self, ref: str, ctx: Context) -> PhotoAnalysis:
        """The (cached) analysis of the banner, shared with the other image families (decoded once)."""
        return ANALYSES.get(ref, ctx, find_faces=False)  # no family reads a banner's faces

    def extract(self, profile: Profile, ctx: Context) -> dict[str, float]:
        values = dict.fromkeys(self.feature_names, NAN)
        if not profile.banner:
            return values  # not given, or not captured: unknown
        found = self.analysis(profile.banner, ctx)
        values["banner_readable"] = float(found.readable)
        if not found.readable:
            return values
        values["banner_known_matches"] = float(len(found.matches))
        # Censored like the photo's: no known image within the radius is "farther than the radius".
        values["banner_known_distance"] = (float(found.matches[0].phash_distance) if found.matches
                                           else float(PHASH_RADIUS + 1))
        return values

    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        if not profile.banner:
            return dict.fromkeys(self.feature_names, "no banner image given (whether the profile has one is unknown)")
        found = self.analysis(profile.banner, ctx)
        if not found.readable:
            return dict.fromkeys(self.feature_names, f"banner could not be read: {found.problem}")
        known = known_image_words(found, "banner")
        return {
            "banner_readable": f"banner was read ({found.format}, {found.width}x{found.height} pixels)",
            "banner_known_matches": known,
            "banner_known_distance": known,
        }
