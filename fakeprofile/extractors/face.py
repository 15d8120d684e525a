"""Face: does the profile photo show a person's face, and how much of the picture it fills.

The seeds: "a pet, a car or flowers instead of a face" (seed 000, reason 5). The photo is decoded once by the
guarded loader in :func:`fakeprofile.photos.analyse_photo`, which also runs the offline face detector
(:func:`fakeprofile.faces.detect_faces`, OpenCV's bundled Haar cascade) on the same decoded picture; this
extractor reads that analysis from the cache the photo and banner families share
(:data:`fakeprofile.extractors.photo.ANALYSES`), so a photo is decoded once whichever families a model uses.

A profile known to have no photo (``has_photo: false``) shows the platform's blank silhouette: no face,
measured (0). A photo not given, or given but unreadable, is unknown (NaN): unknown is not evidence.
"""

from __future__ import annotations

from fakeprofile.extractors.base import LOWERS, NAN, Context, Extractor, Feature, register
from fakeprofile.extractors.photo import ANALYSES, missing_photo_words
from fakeprofile.photos import PhotoAnalysis
from fakeprofile.schema import Profile

NO_FACE = "no face found in the photo (a pet, an object or a scene?)"


@register
class FaceExtractor(Extractor):
    name = "face"
    version = "1.0"
    description = "whether the profile photo shows a face, and how much of the picture the largest face fills"
    known_false_positives = (
        "The detector looks for frontal faces: a genuine photo in profile view, turned away, in sunglasses, "
        "far away (a half-body shot on a stage, a mountain top) or small in a large picture counts as no face. "
        "People who use their company's logo or a picture of their work (architects, photographers, artists) "
        "have no face in their photo. A stolen stock or celebrity photo does show a face, so a face found is "
        "no proof the photo is the person's own (the photo family's known-image match says that)."
    )
    features = (
        Feature("faces_found", LOWERS),
        Feature("face_area_share", LOWERS),
    )
    clues = {"face": ("faces_found", "face_area_share")}

    def analysis(self, ref: str, ctx: Context) -> PhotoAnalysis:
        """The (cached) analysis of the photo, shared with the other image families (decoded once)."""
        return ANALYSES.get(ref, ctx)

    def extract(self, profile: Profile, ctx: Context) -> dict[str, float]:
        values = dict.fromkeys(self.feature_names, NAN)
        if not profile.photo:
            if profile.has_photo is False:  # the blank silhouette: measured, no face
                values.update(faces_found=0.0, face_area_share=0.0)
            return values
        found = self.analysis(profile.photo, ctx)
        if found.readable and found.faces is not None:  # None: the detector failed on it, so unknown
            values.update(faces_found=float(found.faces), face_area_share=float(found.face_area_share or 0.0))
        return values

    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        if not profile.photo:
            words = missing_photo_words(profile) + (", so no face" if profile.has_photo is False else "")
            return dict.fromkeys(self.feature_names, words)
        found = self.analysis(profile.photo, ctx)
        if not found.readable:
            return dict.fromkeys(self.feature_names, f"photo could not be read: {found.problem}")
        if found.faces is None:
            words = "the face detector could not search this photo, so whether it shows a face is unknown"
        elif found.near_uniform:
            words = "no face found in the photo (it is blank or a single flat colour)"
        elif found.faces == 0:
            words = NO_FACE
        elif found.faces == 1:
            words = f"1 face, {found.face_area_share:.0%} of the picture"
        else:
            words = f"{found.faces} faces; the largest is {found.face_area_share:.0%} of the picture"
        return dict.fromkeys(self.feature_names, words)
