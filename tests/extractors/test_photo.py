"""The photo extractor: missing, unreadable, blank, known and shared photos.

The registry-wide contract (declared features as floats, evidence for every feature, determinism, batch
equals one by one, minimal and hostile profiles) is in ``test_contract.py``; this file checks what the
photo clues say. Every picture is built here with numpy and Pillow; known images come from an index built
in the test and passed through ``Context(known_images=...)``.
"""

from __future__ import annotations

import base64
import io
import math
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageOps

from fakeprofile.extractors import BatchCounts, Context
from fakeprofile.extractors import photo as photo_extractor
from fakeprofile.extractors.photo import PhotoExtractor
from fakeprofile.features import FeatureBuilder, make_extractors
from fakeprofile.images import decode_image
from fakeprofile.photos import HASH_SIDE, PHASH_RADIUS, SAME_PHOTO_RADIUS, KnownImageIndex, hash_image
from tests.conftest import assert_features, make_profile

NAN = math.nan
AS_OF = "2026-10"
FEATURES = PhotoExtractor.feature_names
UNMEASURED = dict.fromkeys(FEATURES, NAN)


def picture(seed: int, size: tuple[int, int] = (320, 240)) -> Image.Image:
    """A photo-like picture: smooth colour regions (a random 5x6 grid, bicubic-upscaled) and grain."""
    rng = np.random.default_rng(seed)
    coarse = Image.fromarray(rng.integers(0, 256, (5, 6, 3), dtype=np.uint8)).resize(size, Image.Resampling.BICUBIC)
    grain = rng.normal(0, 6, (size[1], size[0], 3))
    return Image.fromarray(np.clip(np.asarray(coarse, float) + grain, 0, 255).astype(np.uint8))


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def data_uri(data: bytes, mime: str = "image/jpeg") -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` pixels (and whose data is a few bytes)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


@pytest.fixture(scope="module")
def known() -> KnownImageIndex:
    index = KnownImageIndex()
    index.add_images([(f"stock-{seed}.jpg", picture(seed)) for seed in (1, 2, 3)])
    return index


@pytest.fixture
def ctx(known) -> Context:
    return Context(as_of=AS_OF, known_images=known)


def run(profile, ctx):
    extractor = PhotoExtractor()
    values = extractor.extract(profile, ctx)
    return values, extractor.evidence(profile, values, ctx)


# --------------------------------------------------------------------------------------------------
# No photo


def test_no_photo_is_a_measured_absence_the_blank_silhouette(ctx):
    values, words = run(make_profile(has_photo=False), ctx)
    assert_features(values, {**UNMEASURED, "image_given": 0.0, "readable": 1.0, "width": 0.0, "height": 0.0,
                             "megapixels": 0.0, "near_uniform": 1.0, "graphic_share": 1.0, "known_matches": 0.0,
                             "known_phash_distance": 11.0})
    assert set(words.values()) == {"no photo (the platform's blank silhouette)"}


def test_a_photo_the_source_does_not_mention_is_unknown_not_absent(ctx):
    values, words = run(make_profile(), ctx)
    assert_features(values, UNMEASURED)
    assert set(words.values()) == {"whether there is a photo is not given"}


def test_a_photo_said_to_exist_without_the_image_is_unmeasured(ctx):
    values, words = run(make_profile(has_photo=True), ctx)
    assert_features(values, UNMEASURED)
    assert set(words.values()) == {"the source says there is a photo but gave no image"}


# --------------------------------------------------------------------------------------------------
# Unreadable photos


UNREADABLE = {
    "truncated JPEG": (lambda: encode(picture(9), "JPEG", quality=90)[:2000], "truncated or corrupt JPEG"),
    "HTML saved as .jpg": (lambda: b"<!DOCTYPE html>\n<html><body>Access denied</body></html>", "looks like HTML"),
    "20000x20000 header": (lambda: png_claiming(20_000, 20_000), "too many pixels"),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_an_unreadable_photo_says_why_and_the_rest_is_unmeasured(ctx, tmp_path, case):
    make, reason = UNREADABLE[case]
    profile = make_profile(photo=write(tmp_path / "photo.jpg", make()))
    values, words = run(profile, ctx)
    assert_features(values, {**UNMEASURED, "image_given": 1.0, "readable": 0.0})
    assert len(set(words.values())) == 1
    assert words["readable"].startswith("photo could not be read: ") and reason in words["readable"]


def test_profiles_with_unreadable_photos_still_get_full_feature_rows(known, tmp_path):
    profiles = [make_profile(id=f"u{i}", photo=write(tmp_path / f"{i}.jpg", make()))
                for i, (make, _) in enumerate(UNREADABLE.values())]
    profiles.append(make_profile(id="missing", photo=str(tmp_path / "absent.jpg")))
    builder = FeatureBuilder(make_extractors(), AS_OF, known_images=known)
    matrix = builder.matrix(profiles)
    assert matrix.shape == (len(profiles), len(builder.feature_names))
    column = {name: i for i, name in enumerate(builder.feature_names)}
    assert (matrix[:, column["photo__image_given"]] == 1).all()
    assert (matrix[:, column["photo__readable"]] == 0).all()
    assert np.isnan(matrix[:, column["photo__batch_shared"]]).all()
    # The other clue families are measured as for any profile.
    assert not np.isnan(matrix[:, column["completeness__jobs"]]).any()
    row = builder.frame(profiles).loc["missing"]
    assert row["photo__readable"] == 0 and math.isnan(row["photo__known_matches"])


# --------------------------------------------------------------------------------------------------
# Readable photos


def test_a_readable_photo_gives_its_size_and_matches_nothing_unknown(ctx, tmp_path):
    profile = make_profile(photo=write(tmp_path / "me.jpg", encode(picture(42, (400, 300)), "JPEG", quality=85)))
    values, words = run(profile, ctx)
    assert_features(values, {
        "image_given": 1.0, "readable": 1.0, "width": 400.0, "height": 300.0, "megapixels": 0.12,
        "near_uniform": 0.0, "known_matches": 0.0, "known_phash_distance": PHASH_RADIUS + 1.0,
        "known_dhash_distance": NAN, "match_edited": NAN, "batch_shared": NAN,
    })
    assert values["graphic_share"] < 0.6
    assert words["width"] == "photo is 400x300 pixels (JPEG)"
    assert words["known_matches"] == f"photo matches no known image (none within {PHASH_RADIUS} bits)"
    assert words["batch_shared"] == "no other profiles scored with it to compare"


def test_a_blank_photo_is_flagged_and_not_matched(ctx, tmp_path):
    profile = make_profile(photo=write(tmp_path / "blank.png", encode(Image.new("RGB", (200, 200), "#ddd"), "PNG")))
    values, words = run(profile, ctx)
    # Never matched: as far from every known image as an unmatched photo (the censored distance).
    assert_features(values, {"readable": 1.0, "near_uniform": 1.0, "known_matches": 0.0,
                             "known_phash_distance": PHASH_RADIUS + 1.0, "match_edited": NAN, "graphic_share": 1.0})
    assert words["known_matches"] == "photo is blank or a single flat colour, so it cannot be matched"


def test_a_logo_reads_as_a_graphic(ctx, tmp_path):
    logo = Image.new("RGB", (300, 300), (0, 119, 181))
    draw = ImageDraw.Draw(logo)
    draw.ellipse((60, 60, 240, 240), fill="white")
    draw.text((110, 135), "ACME", fill=(0, 119, 181), font_size=28)
    values, words = run(make_profile(photo=write(tmp_path / "logo.png", encode(logo, "PNG"))), ctx)
    assert values["graphic_share"] >= 0.9 and values["near_uniform"] == 0.0
    assert words["graphic_share"].endswith("(a logo or drawing, not a photograph)")


# --------------------------------------------------------------------------------------------------
# Known images


def test_a_re_saved_copy_of_a_known_image_matches_unedited(ctx, tmp_path):
    copy = encode(picture(2).resize((240, 180), Image.Resampling.LANCZOS), "JPEG", quality=60)
    values, words = run(make_profile(photo=write(tmp_path / "copy.jpg", copy)), ctx)
    assert_features(values, {"known_matches": 1.0, "match_edited": 0.0})
    assert values["known_phash_distance"] <= 2 and values["known_dhash_distance"] <= 2
    assert words["known_matches"] == (f"photo matches known image 'stock-2.jpg' "
                                      f"(pHash distance {int(values['known_phash_distance'])}, "
                                      f"dHash {int(values['known_dhash_distance'])})")


def test_a_mirrored_crop_of_a_known_image_matches_as_edited(ctx, tmp_path):
    mirrored = ImageOps.mirror(picture(1).crop((0, 0, 272, 204)))  # 15% off the right and bottom, mirrored
    values, words = run(make_profile(photo=write(tmp_path / "m.jpg", encode(mirrored, "JPEG", quality=80))), ctx)
    assert_features(values, {"known_matches": 1.0, "match_edited": 1.0})
    assert values["known_phash_distance"] <= 4 and values["known_dhash_distance"] <= 6
    assert words["known_matches"].startswith("photo matches known image 'stock-1.jpg' (mirrored, ")
    assert words["match_edited"] == words["known_matches"]


def test_a_data_uri_photo_is_read_and_matched(ctx):
    uri = data_uri(encode(ImageOps.mirror(picture(3)), "PNG"), "image/png")
    values, words = run(make_profile(photo=uri), ctx)
    assert_features(values, {"image_given": 1.0, "readable": 1.0, "width": 320.0, "height": 240.0,
                             "known_matches": 1.0, "match_edited": 1.0, "known_phash_distance": 0.0})
    assert words["readable"] == "photo was read (PNG)"
    assert "'stock-3.jpg' (mirrored, pHash distance 0, dHash " in words["known_matches"]


# --------------------------------------------------------------------------------------------------
# Shared across the batch


def copies_of(image: Image.Image) -> list[bytes]:
    """Re-encoded copies of one photo, their pHashes within SAME_PHOTO_RADIUS of each other (checked)."""
    copies = [encode(image, "JPEG", quality=92), encode(image, "JPEG", quality=70), encode(image, "PNG")]
    codes = [hash_image(decode_image(c, min_side=HASH_SIDE).image)[0] for c in copies]
    assert max((a ^ b).bit_count() for a in codes for b in codes) <= SAME_PHOTO_RADIUS
    return copies


@pytest.fixture
def campaign(tmp_path) -> list:
    """Three profiles using re-encoded copies of one photo, one with another photo, one without."""
    profiles = [make_profile(id=f"c{i}", photo=write(tmp_path / f"c{i}.{'png' if i == 2 else 'jpg'}", data))
                for i, data in enumerate(copies_of(picture(7, (480, 360))))]
    profiles.append(make_profile(id="own", photo=write(tmp_path / "own.jpg", encode(picture(8), "JPEG"))))
    profiles.append(make_profile(id="none"))
    return profiles


def test_profiles_sharing_a_photo_count_each_other_in_the_feature_matrix(known, campaign):
    builder = FeatureBuilder(make_extractors(), AS_OF, known_images=known)
    column = builder.feature_names.index("photo__batch_shared")
    assert np.array_equal(builder.matrix(campaign)[:, column], [2, 2, 2, 0, NAN], equal_nan=True)
    # Counted over the whole input, a chunk gets the same values.
    counts = builder.batch_counts(campaign)
    assert np.array_equal(builder.matrix(campaign[:2], batch=counts)[:, column], [2, 2])
    # Scored on its own, a profile has no batch to compare with.
    assert math.isnan(builder.matrix(campaign[:1])[0, column])


def test_batch_counts_collect_and_evidence(ctx, campaign):
    extractor = PhotoExtractor()
    counted = Context(as_of=AS_OF, known_images=ctx.known_images,
                      batch=BatchCounts.collect(campaign, [extractor], ctx))
    column = FEATURES.index("batch_shared")
    assert np.array_equal(extractor.extract_batch(campaign, counted)[:, column], [2, 2, 2, 0, NAN], equal_nan=True)
    values = dict(zip(FEATURES, extractor.extract_batch(campaign[:1], counted)[0], strict=True))
    assert extractor.evidence(campaign[0], values, counted)["batch_shared"] == \
        "2 other profile(s) in this batch use the same photo"
    values = dict(zip(FEATURES, extractor.extract_batch(campaign[3:4], counted)[0], strict=True))
    assert extractor.evidence(campaign[3], values, counted)["batch_shared"] == \
        "no other profile in this batch uses this photo"
    # extract() alone never counts a batch.
    assert math.isnan(extractor.extract(campaign[0], counted)["batch_shared"])


def test_the_contract_holds_for_profiles_with_photos(ctx, campaign, tmp_path):
    """test_contract.py's profiles have no photo; these do (shared, own, blank, unreadable, known)."""
    blank = write(tmp_path / "blank.png", encode(Image.new("RGB", (50, 50)), "PNG"))
    broken = write(tmp_path / "broken.jpg", encode(picture(4), "JPEG")[:500])
    profiles = [*campaign, make_profile(id="blank", photo=blank), make_profile(id="broken", photo=broken),
                make_profile(id="known", photo=data_uri(encode(picture(1), "JPEG")))]
    extractor = PhotoExtractor()
    rows = []
    for profile in profiles:
        values = extractor.extract(profile, ctx)
        assert tuple(values) == FEATURES and all(isinstance(v, float) for v in values.values())
        words = extractor.evidence(profile, values, ctx)
        assert set(words) == set(FEATURES) and all(w.strip() and len(w) < 400 for w in words.values())
        rows.append(list(values.values()))
    assert np.array_equal(extractor.extract_batch(profiles, ctx), np.array(rows), equal_nan=True)


# --------------------------------------------------------------------------------------------------
# Defects found while writing these tests (fixed since): regression tests


def test_a_resized_re_encode_counts_as_the_same_photo(known, tmp_path):
    shared = picture(7, (480, 360))
    copies = [encode(shared, "JPEG", quality=92), encode(shared.resize((240, 180)), "JPEG", quality=70)]
    profiles = [make_profile(id=f"c{i}", photo=write(tmp_path / f"c{i}.jpg", data)) for i, data in enumerate(copies)]
    ctx = Context(as_of=AS_OF, known_images=known)
    keys = [PhotoExtractor().batch_key(p, ctx) for p in profiles]
    if keys[0] == keys[1]:
        pytest.skip("this Pillow gives both copies the same pHash; the test needs copies whose pHashes differ")
    builder = FeatureBuilder([PhotoExtractor()], AS_OF, known_images=known)
    assert builder.matrix(profiles)[:, FEATURES.index("batch_shared")].tolist() == [1, 1]


def test_an_empty_known_image_index_matches_nothing(known, tmp_path, monkeypatch):
    monkeypatch.setattr(photo_extractor, "default_known_index", lambda: known)  # stands in for the shipped one
    profile = make_profile(photo=write(tmp_path / "copy.png", encode(picture(1), "PNG")))
    values, _ = run(profile, Context(as_of=AS_OF, known_images=KnownImageIndex()))
    assert values["known_matches"] == 0.0


def test_an_image_added_to_the_index_is_seen_by_the_next_scoring(tmp_path):
    index = KnownImageIndex()
    index.add_images([("stock-1.jpg", picture(1))])
    ctx = Context(as_of=AS_OF, known_images=index)
    profile = make_profile(photo=write(tmp_path / "p.jpg", encode(picture(5), "JPEG")))
    extractor = PhotoExtractor()
    assert extractor.extract(profile, ctx)["known_matches"] == 0.0
    index.add_images([("reported-fake.jpg", picture(5))])  # "adding reported fakes' photos needs no retraining"
    assert PhotoExtractor().extract(profile, ctx)["known_matches"] == 1.0  # a fresh extractor sees it
    assert extractor.extract(profile, ctx)["known_matches"] == 1.0  # the long-lived one should too
