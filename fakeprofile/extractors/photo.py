"""Photo: is the picture someone else's, a logo or a blank, and is it shared across the batch?

The seeds: "the photo belongs to someone else. I ran this one through TinEye ... six times in other
places"; a celebrity photo; a company logo, a car, a dog instead of a face. Each photo is decoded by
the guarded loader, hashed, and looked up in the known-image index (:mod:`fakeprofile.photos`), which
finds edited copies (crops, mirror, small rotations, recompression, tone changes). Its known false
positives are ``PhotoExtractor.known_false_positives``.

A profile known to have no photo (``has_photo: false``) is measured as the platform shows it, a blank
silhouette of no size that matches nothing, so "no photo" is a value the model can weigh (the seeds' clue);
a photo the source does not mention, or mentions without giving the image, is unknown (NaN).

Face presence is measured by its own family, :mod:`fakeprofile.extractors.face` (``faces_found``,
``face_area_share``), from the same analysis: :func:`fakeprofile.photos.analyse_photo` runs OpenCV's Haar
cascade (``haarcascade_frontalface_alt2``, shipped inside opencv-python-headless 4.x; the 5.x wheels no longer
carry it) on the picture it has already decoded (:mod:`fakeprofile.faces`). Chosen by measurement: 91 of 100
of scikit-image's LFW faces found, 0 of 100 non-faces, about 3 ms of CPU per photo; scikit-image's LBP
cascade, rejected earlier, found 69 of 100 at a third of the speed. ``graphic_share`` (flat colours) still
catches logos and cartoons, which a face detector can mistake for faces.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from fakeprofile.extractors.base import EITHER, LOWERS, NAN, RAISES, Context, Extractor, Feature, register
from fakeprofile.photos import (
    PHASH_RADIUS,
    SAME_PHOTO_RADIUS,
    PhotoAnalysis,
    analyse_photo,
    default_known_index,
)
from fakeprofile.schema import Profile

if TYPE_CHECKING:
    from fakeprofile.analysis_spill import AnalysisSpill
    from fakeprofile.photos import KnownImageIndex

#: Analyses kept per process so that batch counting, extraction and evidence decode a photo once.
_CACHE_SIZE = 4096


def missing_photo_words(profile: Profile) -> str:
    """What a profile without a photo image says about its photo, in words (the photo and face families)."""
    return ("no photo (the platform's blank silhouette)" if profile.has_photo is False
            else "the source says there is a photo but gave no image" if profile.has_photo
            else "whether there is a photo is not given")


def known_image_words(found: PhotoAnalysis, what: str) -> str:
    """What the known-image lookup of a readable picture found, in words; ``what`` names it ("photo", "banner")."""
    if found.matches:
        known = found.matches[0].describe().replace("photo matches", f"{what} matches", 1)
        if len(found.matches) > 1:
            known += f" and {len(found.matches) - 1} other known image(s)"
        return known
    if found.near_uniform:
        return f"{what} is blank or a single flat colour, so it cannot be matched"
    return f"{what} matches no known image (none within {PHASH_RADIUS} bits)"


class PhotoAnalyses:
    """Analyses of image references (photos, banners), the most recent :data:`_CACHE_SIZE` kept.

    One per process (:data:`ANALYSES`), shared by every extractor that reads an image (photo, face, banner), so
    that each picture is decoded, hashed, looked up and searched for faces once per batch, whichever families
    a model uses. A batch of more pictures than memory keeps is read twice by ``fakeprofile predict``: its first
    pass :meth:`records` every analysis, which the run keeps on disk, and its second pass :meth:`reads` them
    back (:mod:`fakeprofile.analysis_spill`). Both are for the thread that runs the pass only (a server's other
    threads are left alone)."""

    def __init__(self, size: int = _CACHE_SIZE) -> None:
        self._size = size
        self._cache: OrderedDict[tuple[tuple[int, int], int, bool, str], PhotoAnalysis] = OrderedDict()
        self._lock = threading.Lock()
        self._pass = threading.local()  # this thread's run: .recorded (a dict) or .spill and .index

    @staticmethod
    def spill_key(ref: str, *, find_faces: bool) -> str:
        """The key of one analysis within a run (whose known-image index is one and the same throughout)."""
        return _spill_key(_named(ref), find_faces)

    @contextmanager
    def records(self) -> Iterator[dict[str, PhotoAnalysis]]:
        """Within the block, every analysis this thread asks for is also put in the dict given, by
        :meth:`spill_key`."""
        recorded: dict[str, PhotoAnalysis] = {}
        self._pass.recorded = recorded
        try:
            yield recorded
        finally:
            del self._pass.recorded

    @contextmanager
    def reads(self, spill: AnalysisSpill, index: KnownImageIndex | None) -> Iterator[None]:
        """Within the block, an analysis against ``index`` (None: the default one) that is not in memory is read
        from ``spill`` before it is computed."""
        self._pass.spill, self._pass.index = spill, index
        try:
            yield
        finally:
            del self._pass.spill, self._pass.index

    def _from_spill(self, spilled: str, index: KnownImageIndex) -> PhotoAnalysis | None:
        spill = getattr(self._pass, "spill", None)
        if spill is None:
            return None
        # None is the default index, looked up only here: get() has loaded it already for this photo.
        run_index = self._pass.index if self._pass.index is not None else default_known_index()
        return spill.get(spilled) if index is run_index else None

    def get(self, ref: str, ctx: Context, *, find_faces: bool = True) -> PhotoAnalysis:
        """The (cached) analysis of one image reference against the context's known-image index; with
        ``find_faces=False`` (banners) without the face search, cached apart."""
        index = ctx.known_images if ctx.known_images is not None else default_known_index()
        # The index's version changes when images are added, so a picture is looked up again then (and the
        # index's identity keeps two indexes of one version apart). Inline pictures are keyed by their digest:
        # thousands of megabyte-long data URIs must not stay in memory.
        named = _named(ref)
        key = (index.version, id(index), find_faces, named)
        spilled = _spill_key(named, find_faces)
        recorded = getattr(self._pass, "recorded", None)
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
        if found is None:
            found = ((recorded.get(spilled) if recorded is not None else None)
                     or self._from_spill(spilled, index) or analyse_photo(ref, index, find_faces=find_faces))
            self._keep(key, found)
        if recorded is not None:
            recorded[spilled] = found
        return found

    def _keep(self, key: tuple[tuple[int, int], int, bool, str], found: PhotoAnalysis) -> None:
        with self._lock:
            self._cache[key] = found
            if len(self._cache) > self._size:
                self._cache.popitem(last=False)


def _named(ref: str) -> str:
    """The reference itself, or for a long one (an inline picture) its digest, computed once per lookup."""
    return ref if len(ref) < 1024 else hashlib.sha256(ref.encode()).hexdigest()


def _spill_key(named: str, find_faces: bool) -> str:
    return f"{'faces' if find_faces else 'plain'}:{named}"


#: The process's image analyses (see :class:`PhotoAnalyses`).
ANALYSES = PhotoAnalyses()


@register
class PhotoExtractor(Extractor):
    name = "photo"
    version = "2.0"
    description = "the profile photo: copies of known images, logos and blanks, photos shared across the batch"
    known_false_positives = (
        "A person's own photo that is published elsewhere too (conference bio, company page) matches a known image "
        "if someone indexed it; freelancers and small-business owners use their logo; several genuine employees "
        "can share one corporate headshot template."
    )
    batch_feature = "batch_shared"
    #: Photos within this many pHash bits count as one photo in a batch (re-encoded, resized copies).
    batch_radius = SAME_PHOTO_RADIUS
    features = (
        Feature("image_given", LOWERS),
        Feature("readable", EITHER,
                why="an unreadable file says more about how the data was captured than about the profile"),
        Feature("width", LOWERS),
        Feature("height", LOWERS),
        Feature("megapixels", LOWERS),
        Feature("near_uniform", RAISES),
        Feature("graphic_share", RAISES),
        Feature("known_phash_distance", LOWERS),
        Feature("known_dhash_distance", LOWERS),
        Feature("known_matches", RAISES),
        Feature("match_edited", EITHER,
                why=("an edited copy and an exact copy of someone else's picture are both thefts; the edit alone "
                     "points neither way")),
        Feature("batch_shared", RAISES),
    )
    clues = {
        "image": ("image_given", "readable", "width", "height", "megapixels", "near_uniform", "graphic_share"),
        "known_image": ("known_phash_distance", "known_dhash_distance", "known_matches", "match_edited"),
        "shared_photo": ("batch_shared",),
    }

    def analysis(self, ref: str, ctx: Context) -> PhotoAnalysis:
        """The (cached) analysis of one photo reference against the context's known-image index."""
        return ANALYSES.get(ref, ctx)

    def extract(self, profile: Profile, ctx: Context) -> dict[str, float]:
        values = dict.fromkeys(self.feature_names, NAN)
        if not profile.photo:
            if profile.has_photo is False:
                # No photo is a measured absence, not an unknown picture: measured as what the platform
                # shows, a blank flat silhouette that nobody uploaded (no size) and that matches nothing.
                values.update(image_given=0.0, readable=1.0, width=0.0, height=0.0, megapixels=0.0,
                              near_uniform=1.0, graphic_share=1.0, known_matches=0.0,
                              known_phash_distance=float(PHASH_RADIUS + 1))
            # Otherwise the picture is unknown: not given, or shown on the page but not captured.
            return values
        values["image_given"] = 1.0
        found = self.analysis(profile.photo, ctx)
        values["readable"] = float(found.readable)
        if not found.readable:
            return values
        values["width"], values["height"] = float(found.width), float(found.height)
        values["megapixels"] = found.width * found.height / 1e6
        values["near_uniform"] = float(found.near_uniform)
        values["graphic_share"] = found.graphic_share
        values["known_matches"] = float(len(found.matches))
        if found.matches:
            best = found.matches[0]
            values["known_phash_distance"] = float(best.phash_distance)
            values["known_dhash_distance"] = float(best.dhash_distance)
            values["match_edited"] = float(best.edited)
        else:
            # Censored: no known image within the search radius, so "farther than the radius" (a blank picture
            # is never matched, and is farther than the radius too).
            values["known_phash_distance"] = float(PHASH_RADIUS + 1)
        return values

    def shares_nothing(self, profile: Profile) -> bool:
        # No photo shares no photo; an unreadable or uncaptured one is unknown.
        return profile.has_photo is False and not profile.photo

    def batch_key(self, profile: Profile, ctx: Context) -> int | None:
        """The photo's pHash (None without a usable photo); copies within ``batch_radius`` bits count as one."""
        return self.analysis(profile.photo, ctx).phash if profile.photo else None

    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        if not profile.photo:
            return dict.fromkeys(self.feature_names, missing_photo_words(profile))
        found = self.analysis(profile.photo, ctx)
        if not found.readable:
            return dict.fromkeys(self.feature_names, f"photo could not be read: {found.problem}")
        size = f"photo is {found.width}x{found.height} pixels ({found.format})"
        known = known_image_words(found, "photo")
        shared = values.get("batch_shared", NAN)
        batch = ("no other profiles scored with it to compare" if math.isnan(shared) else
                 f"{int(shared)} other profile(s) in this batch use the same photo" if shared else
                 "no other profile in this batch uses this photo")
        graphic = values["graphic_share"]
        return {
            "image_given": "a photo was given",
            "readable": f"photo was read ({found.format})",
            "width": size,
            "height": size,
            "megapixels": size,
            "near_uniform": "photo is blank or a single flat colour" if found.near_uniform
            else "photo is not a flat colour",
            "graphic_share": f"{graphic:.0%} of the photo is in 8 flat colours"
            + (" (a logo or drawing, not a photograph)" if graphic >= 0.6 else ""),
            "known_phash_distance": known,
            "known_dhash_distance": known,
            "known_matches": known,
            "match_edited": known,
            "batch_shared": batch,
        }
