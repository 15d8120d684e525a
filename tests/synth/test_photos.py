"""The synthetic photo renderer, checked through the real photo path (guarded decode, known-image index).

* Every kind renders deterministically, at exactly the longer side asked for (tiny 16 px to huge 2,000 px),
  in the format asked for, and decodes with :func:`fakeprofile.images.decode_image`.
* Avatars are near uniform; logos and drawings are flat graphics, portraits and objects photographic.
* Genuine pictures (portraits, drawings, objects, logos) do not match the known images when these are
  indexed as ``fakeprofile index build`` indexes the files ``generate`` writes (JPEG, quality 92), and
  different portraits are not "the same photo"; copies of known images, lightly or heavily edited, are
  found as the image they were copied from.
"""

from __future__ import annotations

import base64
import io
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from fakeprofile.faces import detect_faces
from fakeprofile.hamming import hamming_distances
from fakeprofile.images import decode_image
from fakeprofile.photos import (
    HASH_SIDE,
    SAME_PHOTO_RADIUS,
    KnownImageIndex,
    analyse_photo,
    graphic_share,
    is_near_uniform,
)
from fakeprofile.synth.photos import (
    EDITS,
    KINDS,
    KNOWN_KINDS,
    N_KNOWN_CELEBRITY,
    N_KNOWN_STOCK,
    PhotoSpec,
    known_images,
    render,
)

NEW_KINDS = tuple(kind for kind in KINDS if kind != "known")
#: Longest side of a photo by size class, as the generator asks for them.
SIZES = {"tiny": (16, 48), "normal": (96, 400), "large": (400, 800), "huge": (1000, 2000)}
MAX_FALSE_MATCH_RATE = 0.005
MIN_KNOWN_RECALL = 0.95


@pytest.fixture(scope="module")
def known() -> list[Image.Image]:
    return known_images()


@pytest.fixture(scope="module")
def index(known: list[Image.Image], tmp_path_factory: pytest.TempPathFactory) -> KnownImageIndex:
    """The known images written as ``generate`` writes them and indexed as ``fakeprofile index build`` does."""
    folder = tmp_path_factory.mktemp("known_images")
    for k, image in enumerate(known):
        image.save(folder / f"known_{k:03d}.jpg", "JPEG", quality=92)
    built = KnownImageIndex()
    assert built.add_folder(folder) == len(known)
    return built


def spec_for(kind: str, seed: int, *, size: int = 160, ext: str = "jpg", **extra: object) -> PhotoSpec:
    extra.setdefault("known", seed % (N_KNOWN_STOCK + N_KNOWN_CELEBRITY) if kind == "known" else -1)
    extra.setdefault("text", "QX")
    return PhotoSpec(kind=kind, seed=seed, ext=ext, size=size, **extra)  # type: ignore[arg-type]


def random_specs(kind: str, n: int, seed: int, sizes: tuple[int, int] = SIZES["normal"], **extra: object):
    rng = np.random.default_rng(seed)
    for _ in range(n):
        ext = "png" if rng.random() < 0.1 else "jpg"
        yield spec_for(kind, int(rng.integers(2**63)), size=int(rng.integers(sizes[0], sizes[1] + 1)), ext=ext,
                       text="".join(chr(c) for c in rng.integers(65, 91, size=2)), **extra)


def analyse(data: bytes, index: KnownImageIndex, ext: str):
    """The analysis the photo extractor makes of a profile photo with these bytes (given as a data: URI)."""
    mime = "image/png" if ext == "png" else "image/jpeg"
    return analyse_photo(f"data:{mime};base64,{base64.b64encode(data).decode()}", index)


# ------------------------------------------------------------------------------------------ the interface
def test_constants_describe_the_known_images(known):
    assert KINDS == ("portrait", "logo", "avatar", "drawing", "object", "known")
    assert EDITS == ("light", "heavy") and KNOWN_KINDS == ("stock", "celebrity")
    assert len(known) == N_KNOWN_STOCK + N_KNOWN_CELEBRITY


def test_known_images_are_the_same_on_every_call(known):
    again = known_images()
    assert [image.tobytes() for image in again] == [image.tobytes() for image in known]
    assert again[0] is not known[0]  # copies: a caller drawing on them does not change the next call's


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_spec_gives_the_same_bytes(kind, known):
    for ext in ("jpg", "png"):
        spec = spec_for(kind, 1234567890123, ext=ext)
        assert render(spec, known) == render(spec, known)
        assert render(spec, known) != render(replace(spec, seed=spec.seed + 1), known)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("size_class", SIZES)
def test_the_longer_side_is_the_size_asked_for(kind, size_class, known):
    low, high = SIZES[size_class]
    for spec in random_specs(kind, 6, seed=len(size_class), sizes=(low, high)):
        decoded = decode_image(render(spec, known))
        width, height = decoded.image.size
        assert max(width, height) == spec.size
        assert decoded.format == ("PNG" if spec.ext == "png" else "JPEG")
        if kind in ("avatar", "drawing"):
            assert width == height
        else:
            assert max(width, height) / min(width, height) <= 4 / 3 + 2 / min(width, height)


def test_pictures_are_square_or_up_to_four_by_three_either_way(known):
    shapes = set()
    for spec in random_specs("portrait", 60, seed=3):
        width, height = decode_image(render(spec, known)).image.size
        shapes.add("square" if width == height else "tall" if height > width else "wide")
    assert shapes == {"square", "tall", "wide"}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("size", [8, 16, 23, 2000])
def test_tiny_and_huge_photos_render_and_decode(kind, size, known):
    for ext in ("jpg", "png"):
        spec = spec_for(kind, size * 7 + 1, size=size, ext=ext)
        decoded = decode_image(render(spec, known), min_side=128)
        assert max(decoded.width, decoded.height) == size
        assert decoded.image.mode == "RGB"


@pytest.mark.parametrize(
    "change",
    [{"kind": "selfie"}, {"ext": "gif"}, {"size": 0}, {"size": 5000}, {"seed": -1}, {"known": 64},
     {"known": -1}, {"edit": "medium"}],
)
def test_bad_specs_are_refused(change, known):
    base = spec_for("known", 3)
    with pytest.raises(ValueError):
        render(replace(base, **change), known)


# ------------------------------------------------------------------------------------------ what they look like
def test_avatars_are_near_uniform_and_other_pictures_are_not(known):
    for spec in random_specs("avatar", 60, seed=5, sizes=(16, 800)):
        assert is_near_uniform(decode_image(render(spec, known)).image), spec
    for kind in ("portrait", "logo", "drawing", "object"):
        for spec in random_specs(kind, 40, seed=6, sizes=(16, 800)):
            assert not is_near_uniform(decode_image(render(spec, known)).image), spec


def test_graphics_are_flat_and_photographs_are_not(known):
    def shares(kind: str) -> np.ndarray:
        return np.array([graphic_share(decode_image(render(spec, known), min_side=128).image)
                         for spec in random_specs(kind, 80, seed=7)])

    portrait, photo_object, logo, drawing = shares("portrait"), shares("object"), shares("logo"), shares("drawing")
    assert np.median(portrait) < 0.25 and np.median(photo_object) < 0.25
    assert np.quantile(portrait, 0.9) < 0.5
    assert np.median(logo) > 0.75 and np.median(drawing) > 0.6
    assert np.quantile(logo, 0.1) > 0.5


# ------------------------------------------------------------------------------------------ known images
def test_genuine_portraits_do_not_match_known_images(known, index):
    specs = list(random_specs("portrait", 400, seed=11))
    matched = [spec for spec in specs if analyse(render(spec, known), index, spec.ext).matches]
    assert len(matched) / len(specs) < MAX_FALSE_MATCH_RATE, matched


@pytest.mark.parametrize("kind", ["drawing", "object", "logo"])
def test_other_genuine_pictures_do_not_match_known_images(kind, known, index):
    specs = list(random_specs(kind, 120, seed=12))
    assert not [spec for spec in specs if analyse(render(spec, known), index, spec.ext).matches]


def test_different_portraits_are_not_the_same_photo(known, index):
    hashes = np.array([analyse(render(spec, known), index, spec.ext).phash
                       for spec in random_specs("portrait", 300, seed=13)], dtype=np.uint64)
    close = sum(int((hamming_distances(h, hashes[i + 1:]) <= SAME_PHOTO_RADIUS).sum()) for i, h in enumerate(hashes))
    assert close <= 1  # of 44,850 pairs


@pytest.mark.parametrize("edit", EDITS)
def test_copies_of_known_images_are_found_as_the_image_copied(edit, known, index):
    specs = list(random_specs("known", 150, seed=14 + len(edit), sizes=(96, 800), edit=edit))
    found = 0
    for k, spec in enumerate(specs):
        spec = replace(spec, known=k % len(known))
        matches = analyse(render(spec, known), index, spec.ext).matches
        found += bool(matches) and matches[0].name == f"known_{spec.known:03d}.jpg"
    assert found / len(specs) >= MIN_KNOWN_RECALL


def _square(image: Image.Image, line: float) -> Image.Image:
    """The largest square centred on the line at ``line`` of the longer side, kept inside the picture."""
    w, h = image.size
    side = min(w, h)
    start = min(max(round(max(w, h) * line - side / 2), 0), max(w, h) - side)
    across = (min(w, h) - side) // 2
    return image.crop((start, across, start + side, across + side) if w >= h else
                      (across, start, across + side, start + side))


def test_avatar_crops_and_white_cornered_rotations_of_known_images_are_found(known, index):
    """Issue 19: the square crop (centre, thirds) of each non-square known image and small rotations with white or
    black corners, saved as a JPEG avatar, are found as the image copied. Other known images are matched at most at
    the rate genuine portraits are (one of 858 copies here: known_012's square on the right third also matches
    known_017 cropped 20% towards the top-right at pHash 10, dHash 9; the synthetic stock pictures share a renderer)."""
    edits = {f"square at {line:.2f}": (lambda im, x=line: _square(im, x)) for line in (0.5, 1 / 3, 2 / 3)}
    for degrees in (-4, -3, -2, 2, 3, 4):
        for fill in ("white", "black"):
            edits[f"rotate {degrees:+d} {fill}"] = (lambda im, d=degrees, f=fill:
                                                    im.rotate(d, resample=Image.Resampling.BICUBIC, fillcolor=f))
    copies = found = wrong = 0
    for k, image in enumerate(known):
        for name, edit in edits.items():
            if name.startswith("square") and image.width == image.height:
                continue
            buffer = io.BytesIO()
            edit(image).save(buffer, "JPEG", quality=85)
            names = [match.name for match in analyse(buffer.getvalue(), index, "jpg").matches]
            copies += 1
            found += f"known_{k:03d}.jpg" in names
            wrong += len([n for n in names if n != f"known_{k:03d}.jpg"])
    assert copies > 12 * len(known)
    assert found / copies >= 0.99, (found, copies)
    assert wrong <= MAX_FALSE_MATCH_RATE * copies, wrong


def _face_shown(data: bytes) -> bool:
    """Whether the photo extractor's face detector finds a face in the picture, decoded as it decodes it."""
    return detect_faces(decode_image(data, min_side=HASH_SIDE).image).faces > 0


def test_copies_of_known_images_show_a_face_about_as_often_as_portraits(known):
    """Stock and celebrity pictures are photographs of faces: a copy of one (used almost only by fakes) shows a
    face to the detector about as often as a genuine portrait does, so "no face found" is not a rendering
    artefact that tells copies from portraits. With the flat face the celebrity pictures had, 2 of the 12
    originals and about a fifth of their copies showed one."""
    celebrities = range(N_KNOWN_STOCK, N_KNOWN_STOCK + N_KNOWN_CELEBRITY)
    originals = []
    for k in celebrities:
        buffer = io.BytesIO()
        known[k].save(buffer, "JPEG", quality=92)
        originals.append(_face_shown(buffer.getvalue()))
    assert sum(originals) >= 0.7 * N_KNOWN_CELEBRITY, originals
    for style in (0, 1):  # pop-art four-ups and red-carpet shots, both
        assert sum(shown for k, shown in zip(celebrities, originals, strict=True) if k % 2 == style) >= 4

    def rate(specs) -> float:
        specs = list(specs)
        return sum(_face_shown(render(spec, known)) for spec in specs) / len(specs)

    portraits = rate(random_specs("portrait", 150, seed=31))
    copies = {
        kind: rate(replace(spec, known=first + i % count, edit=EDITS[i % 2])
                   for i, spec in enumerate(random_specs("known", 150, seed=32)))
        for kind, first, count in (("stock", 0, N_KNOWN_STOCK),
                                   ("celebrity", N_KNOWN_STOCK, N_KNOWN_CELEBRITY))
    }
    assert portraits >= 0.7, portraits
    for kind, share in copies.items():
        assert share >= portraits - 0.15, (kind, share, portraits)


def test_known_images_do_not_match_each_other(known, index):
    for k, image in enumerate(known):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=92)
        names = [match.name for match in analyse(buffer.getvalue(), index, "jpg").matches]
        assert names == [f"known_{k:03d}.jpg"]


def test_genuine_pictures_are_checked_against_the_known_images_given(known, index, tmp_path: Path):
    """A caller with its own known images (here: portraits rendered for other profiles) gets the same guarantee."""
    own = [Image.open(io.BytesIO(render(spec, known))).convert("RGB") for spec in random_specs("portrait", 8, 21)]
    for k, image in enumerate(own):
        image.save(tmp_path / f"own_{k}.jpg", "JPEG", quality=92)
    own_index = KnownImageIndex()
    own_index.add_folder(tmp_path)
    copies = [spec_for("known", 5, known=k, edit="light") for k in range(len(own))]
    assert all(analyse(render(spec, own), own_index, "jpg").matches for spec in copies)
    fresh = list(random_specs("portrait", 60, seed=22))
    assert not [spec for spec in fresh if analyse(render(spec, own), own_index, spec.ext).matches]
