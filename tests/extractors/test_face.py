"""The face extractor: faces found in the photo, with evidence, and unknown when the photo is.

The registry-wide contract is in ``test_contract.py``. The pictures are scikit-image's (read offline): the
astronaut's portrait and the cat.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from PIL import Image

from fakeprofile.extractors import Context
from fakeprofile.extractors.base import LOWERS
from fakeprofile.extractors.face import NO_FACE, FaceExtractor
from fakeprofile.photos import KnownImageIndex
from tests.conftest import make_profile

skimage_data = pytest.importorskip("skimage.data")

NAN = math.nan
FEATURES = FaceExtractor.feature_names


@pytest.fixture
def ctx() -> Context:
    return Context(as_of="2026-10", known_images=KnownImageIndex())


def saved(name: str, path: Path, fmt: str = "JPEG") -> str:
    Image.fromarray(getattr(skimage_data, name)()).convert("RGB").save(path, fmt)
    return str(path)


def run(profile, ctx):
    extractor = FaceExtractor()
    values = extractor.extract(profile, ctx)
    assert tuple(values) == FEATURES
    return values, extractor.evidence(profile, values, ctx)


def test_declares_two_face_features_that_lower_the_fake_probability():
    assert FEATURES == ("faces_found", "face_area_share")
    assert FaceExtractor.directions == {"faces_found": LOWERS, "face_area_share": LOWERS}
    assert FaceExtractor.clue_of == {"faces_found": "face", "face_area_share": "face"}


def test_a_portrait_shows_one_face(ctx, tmp_path):
    values, words = run(make_profile(photo=saved("astronaut", tmp_path / "me.jpg")), ctx)
    assert values["faces_found"] == 1.0
    assert 0.02 < values["face_area_share"] < 0.2
    share = f"{values['face_area_share']:.0%}"
    assert words == dict.fromkeys(FEATURES, f"1 face, {share} of the picture")


def test_a_cat_shows_no_face(ctx, tmp_path):
    values, words = run(make_profile(photo=saved("chelsea", tmp_path / "cat.png", "PNG")), ctx)
    assert values == {"faces_found": 0.0, "face_area_share": 0.0}
    assert words["faces_found"] == NO_FACE == "no face found in the photo (a pet, an object or a scene?)"


def test_a_blank_photo_shows_no_face(ctx, tmp_path):
    path = tmp_path / "blank.png"
    Image.new("RGB", (200, 200), "#ddd").save(path)
    values, words = run(make_profile(photo=str(path)), ctx)
    assert values == {"faces_found": 0.0, "face_area_share": 0.0}
    assert "blank" in words["faces_found"]


def test_no_photo_is_the_blank_silhouette_without_a_face(ctx):
    values, words = run(make_profile(has_photo=False), ctx)
    assert values == {"faces_found": 0.0, "face_area_share": 0.0}
    assert "silhouette" in words["faces_found"]


@pytest.mark.parametrize("has_photo", [None, True])
def test_a_photo_not_given_is_unknown(ctx, has_photo):
    values, words = run(make_profile(has_photo=has_photo), ctx)
    assert all(math.isnan(v) for v in values.values())
    assert words["faces_found"] in ("whether there is a photo is not given",
                                    "the source says there is a photo but gave no image")


@pytest.mark.parametrize("content", [b"", b"\xff\xd8\xff" + bytes(100), b"<html>gone</html>"])
def test_an_unreadable_photo_is_unknown_and_says_why(ctx, tmp_path, content):
    path = tmp_path / "photo.jpg"
    path.write_bytes(content)
    values, words = run(make_profile(photo=str(path)), ctx)
    assert all(math.isnan(v) for v in values.values())
    assert words["faces_found"].startswith("photo could not be read: ")


def test_the_photo_is_analysed_once_for_values_and_evidence(ctx, tmp_path, monkeypatch):
    from fakeprofile.extractors import photo as photo_module

    calls = []
    real = photo_module.analyse_photo
    monkeypatch.setattr(photo_module, "analyse_photo", lambda *a, **k: calls.append(a) or real(*a, **k))
    profile = make_profile(photo=saved("astronaut", tmp_path / "me.jpg"))
    extractor = FaceExtractor()
    values = extractor.extract(profile, ctx)
    extractor.evidence(profile, values, ctx)
    assert extractor.extract(profile, ctx) == values
    assert len(calls) == 1
