"""fakeprofile.perceptual gives imagehash's pHash and dHash bit for bit.

imagehash is the definition (the design card's choice); these tests hold the faster implementation to it on
real photographs, on random and smooth pictures, and on symmetric pictures, whose DCT coefficients tie with
the median so that floating-point noise decides bits.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageOps

from fakeprofile.perceptual import THUMB_SIDE, hashes
from fakeprofile.photos import _thumbnail

imagehash = pytest.importorskip("imagehash")


def reference(thumbnail: np.ndarray) -> tuple[int, int]:
    image = Image.fromarray(thumbnail)
    return tuple(int.from_bytes(np.packbits(h.hash.ravel()).tobytes(), "big")
                 for h in (imagehash.phash(image), imagehash.dhash(image)))


def random_thumbnails(rng: np.random.Generator, n: int) -> list[np.ndarray]:
    out = []
    for k in range(n):
        kind = k % 5
        if kind == 0:  # noise
            a = rng.integers(0, 256, (THUMB_SIDE, THUMB_SIDE), dtype=np.uint8)
        elif kind == 1:  # smooth gradient with a little noise, the usual shape of a photograph
            a = (rng.random((THUMB_SIDE, THUMB_SIDE)) * 40 + np.linspace(0, 200, THUMB_SIDE)[None, :]).astype(np.uint8)
        elif kind == 2:  # left-right symmetric: half the DCT coefficients are zero
            half = rng.integers(0, 256, (THUMB_SIDE, THUMB_SIDE // 2), dtype=np.uint8)
            a = np.concatenate([half, half[:, ::-1]], axis=1)
        elif kind == 3:  # symmetric both ways
            quarter = rng.integers(0, 256, (THUMB_SIDE // 2, THUMB_SIDE // 2), dtype=np.uint8)
            half = np.concatenate([quarter, quarter[:, ::-1]], axis=1)
            a = np.concatenate([half, half[::-1]], axis=0)
        else:  # extremes, where the rounding between the two passes clips
            a = np.where(rng.random((THUMB_SIDE, THUMB_SIDE)) < 0.5, 0, 255).astype(np.uint8)
        out.append(a)
    return out


def test_hashes_equal_imagehash_on_random_smooth_symmetric_and_clipped_pictures():
    thumbnails = random_thumbnails(np.random.default_rng(7), 1500)
    different = [k for k, t in enumerate(thumbnails) if hashes(t) != reference(t)]
    assert different == []


def test_hashes_equal_imagehash_on_real_photographs_and_their_mirrors():
    data = pytest.importorskip("skimage.data")
    names = ["astronaut", "camera", "coffee", "chelsea", "rocket", "coins", "moon", "cell", "clock", "grass"]
    checked = 0
    for name in names:
        try:
            picture = Image.fromarray(getattr(data, name)())
        except Exception:  # a picture scikit-image would have to download
            continue
        for image in (picture, ImageOps.mirror(picture), picture.rotate(3), picture.crop((10, 20, 300, 280))):
            thumbnail = _thumbnail(image)
            assert hashes(thumbnail) == reference(thumbnail), name
            checked += 1
    if checked < 8:
        pytest.skip("scikit-image's bundled photographs are not available offline")


def test_mirroring_the_thumbnail_is_mirroring_the_picture():
    rng = np.random.default_rng(3)
    picture = Image.fromarray(rng.integers(0, 256, (256, 256), dtype=np.uint8))  # whole boxes: exact
    assert hashes(_thumbnail(picture)[:, ::-1]) == hashes(_thumbnail(ImageOps.mirror(picture)))


@pytest.mark.parametrize("shape", [(32, 32), (64, 63), (64, 64, 3)])
def test_anything_but_the_grey_thumbnail_is_refused(shape):
    with pytest.raises(ValueError, match="64 x 64 grey thumbnail"):
        hashes(np.zeros(shape, dtype=np.uint8))
