"""The banner extractor: given, unreadable, a copy of a known (stock) image, or unknown.

The registry-wide contract is in ``test_contract.py``. Pictures are built here with numpy and Pillow; the
known images come from an index built in the test and passed through ``Context(known_images=...)``.
"""

from __future__ import annotations

import base64
import io
import math
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from fakeprofile.extractors import Context
from fakeprofile.extractors.banner import BannerExtractor
from fakeprofile.extractors.base import EITHER, LOWERS, RAISES
from fakeprofile.photos import PHASH_RADIUS, KnownImageIndex
from tests.conftest import make_profile

NAN = math.nan
FEATURES = BannerExtractor.feature_names


def picture(seed: int, size: tuple[int, int] = (1584, 396)) -> Image.Image:
    """A banner-like picture: smooth colour regions (a random 4x9 grid, bicubic-upscaled) and grain."""
    rng = np.random.default_rng(seed)
    coarse = Image.fromarray(rng.integers(0, 256, (4, 9, 3), dtype=np.uint8)).resize(size, Image.Resampling.BICUBIC)
    grain = rng.normal(0, 6, (size[1], size[0], 3))
    return Image.fromarray(np.clip(np.asarray(coarse, float) + grain, 0, 255).astype(np.uint8))


def jpeg(image: Image.Image, quality: int = 85) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


@pytest.fixture(scope="module")
def ctx() -> Context:
    index = KnownImageIndex()
    index.add_images([(f"stock-flowers-{seed}.jpg", picture(seed)) for seed in (1, 2, 3)])
    return Context(as_of="2026-10", known_images=index)


def run(profile, ctx):
    extractor = BannerExtractor()
    values = extractor.extract(profile, ctx)
    assert tuple(values) == FEATURES
    return values, extractor.evidence(profile, values, ctx)


def test_declares_its_features_and_their_directions():
    assert FEATURES == ("banner_readable", "banner_known_matches", "banner_known_distance")
    assert BannerExtractor.directions == {"banner_readable": EITHER, "banner_known_matches": RAISES,
                                          "banner_known_distance": LOWERS}


def test_no_feature_says_only_that_a_banner_was_given():
    """The schema cannot say "no banner", so a "banner given" feature would be 1 or NaN: its direction would act on
    nothing, and a split on the missing value could learn "no banner means fake"."""
    assert "banner_given" not in FEATURES
    assert set(BannerExtractor.clue_of) == set(FEATURES)


def test_no_banner_is_unknown(ctx):
    values, words = run(make_profile(), ctx)
    assert all(math.isnan(v) for v in values.values())
    assert set(words.values()) == {"no banner image given (whether the profile has one is unknown)"}


def test_a_banner_of_ones_own_matches_nothing(ctx, tmp_path):
    values, words = run(make_profile(banner=write(tmp_path / "banner.jpg", jpeg(picture(42)))), ctx)
    assert values == {"banner_readable": 1.0, "banner_known_matches": 0.0,
                      "banner_known_distance": float(PHASH_RADIUS + 1)}
    assert words["banner_readable"] == "banner was read (JPEG, 1584x396 pixels)"
    assert words["banner_known_matches"] == f"banner matches no known image (none within {PHASH_RADIUS} bits)"


def test_a_stock_banner_is_found_as_the_known_image(ctx, tmp_path):
    copy = jpeg(picture(2).resize((792, 198), Image.Resampling.LANCZOS), quality=70)  # resized and re-saved
    values, words = run(make_profile(banner=write(tmp_path / "flowers.jpg", copy)), ctx)
    assert values["banner_readable"] == 1.0
    assert values["banner_known_matches"] >= 1.0
    assert values["banner_known_distance"] <= PHASH_RADIUS
    assert words["banner_known_matches"].startswith("banner matches known image 'stock-flowers-2.jpg'")
    assert words["banner_known_distance"] == words["banner_known_matches"]


def test_an_inline_banner_is_read_like_a_file(ctx):
    uri = "data:image/jpeg;base64," + base64.b64encode(jpeg(picture(1))).decode()
    values, _ = run(make_profile(banner=uri), ctx)
    assert values["banner_known_matches"] >= 1.0


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "photo is empty (0 bytes)"),
    (b"<html><body>gone</body></html>", "not an image (looks like HTML)"),
    (b"\xff\xd8\xff" + bytes(64), "JPEG"),
])
def test_an_unreadable_banner_says_why_and_the_rest_is_unknown(ctx, tmp_path, content, reason):
    values, words = run(make_profile(banner=write(tmp_path / "banner.jpg", content)), ctx)
    assert values["banner_readable"] == 0.0
    assert math.isnan(values["banner_known_matches"]) and math.isnan(values["banner_known_distance"])
    assert all(w.startswith("banner could not be read: ") and reason in w for w in words.values())


def test_a_missing_banner_file_is_unreadable(ctx, tmp_path):
    values, words = run(make_profile(banner=str(tmp_path / "absent.jpg")), ctx)
    assert values["banner_readable"] == 0.0
    assert words["banner_readable"] == "banner could not be read: photo file not found"


def test_a_blank_banner_cannot_be_matched(ctx, tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (1584, 396), "#2a4d8f").save(buffer, "PNG")
    values, words = run(make_profile(banner=write(tmp_path / "blue.png", buffer.getvalue())), ctx)
    assert values["banner_known_matches"] == 0.0
    assert words["banner_known_matches"] == "banner is blank or a single flat colour, so it cannot be matched"


def test_a_banner_is_not_searched_for_faces(monkeypatch):
    """The face search costs milliseconds per picture and no family reads a banner's faces."""
    import fakeprofile.faces as faces
    from fakeprofile.extractors.photo import ANALYSES

    calls = []
    monkeypatch.setattr(faces, "detect_faces", lambda image: calls.append(image) or faces.FaceResult(0, 0.0))
    ex, ctx = BannerExtractor(), Context(as_of="2026-10")
    banner = "data:image/jpeg;base64," + base64.b64encode(jpeg(picture(77))).decode()
    found = ex.analysis(banner, ctx)
    assert found.readable and found.faces is None and calls == []
    assert ANALYSES.get(banner, ctx).faces is not None and len(calls) == 1  # as a photo it is searched
