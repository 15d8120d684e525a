"""The known-image index over real photographs: edited copies are found, other pictures are not.

* Robustness: scikit-image's and scikit-learn's bundled photographs (offline; a missing one is skipped,
  never downloaded) are indexed, and every edit the issue lists (resize, JPEG 30, brightness, contrast,
  10-20% crops at the centre and each corner, mirror, +-3 and +-5 degree rotations with black corners,
  a flat fill or cropped afterwards, and four combinations) is applied to each. Every edited copy goes
  through PNG or JPEG bytes and the guarded loader, as a profile photo would. Recall and the false-match
  rate are asserted and printed (``pytest -s``), with the misses per edit.
* Faces: scikit-image's LFW subset (different people's faces sit close in hash space): light edits of a
  face find that face, and neither faces nor the non-face patches match other faces.
* Near-uniform images are flagged, never indexed and never matched.
* Persistence: save/load round-trips; tampered, other-version, non-npz and pickled files are refused
  with IndexMismatch, and nothing is ever unpickled. Hostile files (issue 17): a member that would
  expand beyond what an index of ``MAX_IMAGES`` images needs, a compressed or extra member, a zip
  directory of many entries and .npy headers that lie are refused before any member is decompressed
  or read; a FIFO, device or folder is refused before it is opened.
* ``fakeprofile index``: ``query`` exits 3 for a missing or unreadable photo, ``stats`` on a file that
  is not an index says so (no numpy advice), and a FIFO never blocks (here rather than in test_cli.py,
  which other work owns).
* ``add_files``/``add_folder`` skip bad files with a reason; ``PhotoMatch.describe`` wording;
  ``graphic_share`` tells rendered graphics from colour photographs.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import threading
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageEnhance, ImageOps

from fakeprofile import photos as photos_module
from fakeprofile.cli import main
from fakeprofile.images import decode_image
from fakeprofile.photos import (
    HASH_SIDE,
    INDEX_VARIANTS,
    MAX_NAME_CHARS,
    PHASH_RADIUS,
    IndexMismatch,
    KnownImageIndex,
    PhotoMatch,
    analyse_photo,
    graphic_share,
    hash_image,
    is_near_uniform,
)
from tests.conftest import make_profile_dict

skimage_data = pytest.importorskip("skimage.data")

#: skimage.data function -> the file it reads (checked on disk first, so nothing is ever downloaded).
SKIMAGE_PHOTOS = {
    "astronaut": "astronaut.png", "camera": "camera.png", "coffee": "coffee.png", "chelsea": "chelsea.png",
    "rocket": "rocket.jpg", "horse": "horse.png", "coins": "coins.png", "moon": "moon.png", "page": "page.png",
    "text": "text.png", "brick": "brick.png", "grass": "grass.png", "gravel": "gravel.png", "cell": "cell.png",
    "hubble_deep_field": "hubble_deep_field.jpg", "retina": "retina.jpg", "immunohistochemistry": "ihc.png",
    "clock": "clock_motion.png", "logo": "logo.png", "microaneurysms": "microaneurysms.png",
}
#: Longest side of the known photographs: profile-photo sized, and it keeps the edits quick.
PHOTO_SIDE = 512
MIN_RECALL = 0.95
#: Issue 19's target for the avatar edits (square crops at the centre and thirds, small rotations).
MIN_AVATAR_RECALL = 0.99
MAX_FALSE_MATCH_RATE = 0.001
COLOUR_PHOTOS = ("astronaut", "coffee", "chelsea", "rocket", "immunohistochemistry", "china", "flower")


# --------------------------------------------------------------------------------------------------
# Pictures and edits


def to_rgb(array: np.ndarray) -> Image.Image:
    """A skimage/sklearn array (bool, grey, RGB, RGBA, float 0..1) as an RGB uint8 picture."""
    array = np.asarray(array)
    if array.dtype == bool:
        array = array.astype(np.uint8) * 255
    elif array.dtype.kind == "f":
        array = (np.clip(array, 0.0, 1.0) * 255 + 0.5).astype(np.uint8)
    image = Image.fromarray(array)
    if image.mode in ("RGBA", "LA"):
        rgba = image.convert("RGBA")
        out = Image.new("RGB", image.size, "white")
        out.paste(rgba, mask=rgba.getchannel("A"))
        return out
    return image.convert("RGB")


def _skimage_file_present(filename: str) -> bool:
    folders = [Path(skimage_data.__file__).parent, Path(getattr(skimage_data, "data_dir", "") or ".")]
    return any((folder / filename).is_file() for folder in folders)


def bundled_photos() -> dict[str, Image.Image]:
    """The offline photographs, at most PHOTO_SIDE on their longest side; missing ones are left out."""
    photos: dict[str, Image.Image] = {}
    for name, filename in SKIMAGE_PHOTOS.items():
        if _skimage_file_present(filename) and hasattr(skimage_data, name):
            photos[name] = to_rgb(getattr(skimage_data, name)())
    try:
        from sklearn.datasets import load_sample_images

        samples = load_sample_images()
        for filename, array in zip(samples.filenames, samples.images, strict=True):
            photos[Path(filename).stem] = to_rgb(array)
    except (ImportError, OSError):
        pass
    for image in photos.values():
        image.thumbnail((PHOTO_SIDE, PHOTO_SIDE), Image.Resampling.LANCZOS)
    return photos


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def crop(image: Image.Image, fraction: float, corner: str = "centre") -> Image.Image:
    """Keep 1 - fraction of each side, towards ``corner``."""
    w, h = image.size
    cw, ch = round(w * (1 - fraction)), round(h * (1 - fraction))
    x = {"centre": (w - cw) // 2, "top-left": 0, "bottom-left": 0}.get(corner, w - cw)
    y = {"centre": (h - ch) // 2, "top-left": 0, "top-right": 0}.get(corner, h - ch)
    return image.crop((x, y, x + cw, y + ch))


def rotate(image: Image.Image, degrees: float, fill: str = "black") -> Image.Image:
    """Rotated, the corners "black", "white" or "flat" (the picture's mean colour)."""
    colour = (tuple(int(v) for v in np.asarray(image).reshape(-1, 3).mean(axis=0)) if fill == "flat"
              else {"black": (0, 0, 0), "white": (255, 255, 255)}[fill])
    return image.rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=colour)


def square(image: Image.Image, line: float = 0.5, *, share: float = 1.0) -> Image.Image:
    """A square avatar crop: ``share`` of the shorter side, centred on the line at ``line`` (0 to 1) of the longer
    side and kept inside the picture (1/3 and 2/3: on the third lines, as the rule of thirds places a subject)."""
    w, h = image.size
    side = round(min(w, h) * share)
    start = min(max(round(max(w, h) * line - side / 2), 0), max(w, h) - side)
    across = (min(w, h) - side) // 2
    box = (start, across, start + side, across + side) if w >= h else (across, start, across + side, start + side)
    return image.crop(box)


def flush(image: Image.Image, position: float) -> Image.Image:
    """The largest square, ``position`` of the way (0 to 1) from the left or top edge to the right or bottom."""
    w, h = image.size
    side = min(w, h)
    return square(image, (round((max(w, h) - side) * position) + side / 2) / max(w, h))


def scale(image: Image.Image, factor: float) -> Image.Image:
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    return image.resize(size, Image.Resampling.LANCZOS)


def brightness(image: Image.Image, factor: float) -> Image.Image:
    return ImageEnhance.Brightness(image).enhance(factor)


def contrast(image: Image.Image, factor: float) -> Image.Image:
    return ImageEnhance.Contrast(image).enhance(factor)


@dataclass(frozen=True)
class Edit:
    """A named edit; ``jpeg`` is the quality the copy is saved at when JPEG is part of the edit."""

    name: str
    apply: Callable[[Image.Image], Image.Image]
    jpeg: int | None = None


def _edits() -> list[Edit]:
    edits = [
        Edit("resize 1/3", lambda im: scale(im, 1 / 3)),
        Edit("JPEG quality 30", lambda im: im, jpeg=30),
        Edit("brightness x1.25", lambda im: brightness(im, 1.25)),
        Edit("contrast x0.75", lambda im: contrast(im, 0.75)),
    ]
    for fraction in (0.10, 0.15, 0.20):
        for corner in ("centre", "top-left", "top-right", "bottom-left", "bottom-right"):
            edits.append(Edit(f"crop {fraction:.0%} {corner}", lambda im, f=fraction, c=corner: crop(im, f, c)))
    edits.append(Edit("mirror", ImageOps.mirror))
    for degrees in (-5, -3, 3, 5):
        edits.append(Edit(f"rotate {degrees:+d} black corners", lambda im, d=degrees: rotate(im, d, "black")))
        edits.append(Edit(f"rotate {degrees:+d} flat fill", lambda im, d=degrees: rotate(im, d, "flat")))
        edits.append(Edit(f"rotate {degrees:+d} then crop 10%", lambda im, d=degrees: crop(rotate(im, d), 0.10)))
    edits += [
        Edit("mirror+crop 10% top-left+rotate +3+resize 1/2+JPEG 30",
             lambda im: scale(rotate(crop(ImageOps.mirror(im), 0.10, "top-left"), 3), 0.5), jpeg=30),
        Edit("brightness x1.25+mirror+crop 15%+JPEG 30",
             lambda im: crop(ImageOps.mirror(brightness(im, 1.25)), 0.15), jpeg=30),
        Edit("crop 10% bottom-right+rotate -3 flat+JPEG 30",
             lambda im: rotate(crop(im, 0.10, "bottom-right"), -3, "flat"), jpeg=30),
        Edit("contrast x0.75+mirror+crop 10%+resize 1/3",
             lambda im: scale(crop(ImageOps.mirror(contrast(im, 0.75)), 0.10), 1 / 3)),
    ]
    return edits


EDITS = _edits()


def _avatar_edits() -> list[Edit]:
    """Issue 19: the square avatar crop of a non-square photo, and small rotations with white or black corners."""
    edits = [Edit("square centre", square),
             Edit("square left/top third", lambda im: square(im, 1 / 3)),
             Edit("square right/bottom third", lambda im: square(im, 2 / 3)),
             Edit("square centre+resize 200 px+JPEG 75",
                  lambda im: square(im).resize((200, 200), Image.Resampling.LANCZOS), jpeg=75),
             Edit("square left/top third+mirror+resize 160 px",
                  lambda im: ImageOps.mirror(square(im, 1 / 3)).resize((160, 160), Image.Resampling.LANCZOS))]
    for degrees in (-4, -3, -2, 2, 3, 4):
        for fill in ("white", "black"):
            edits.append(Edit(f"rotate {degrees:+d} {fill} corners", lambda im, d=degrees, f=fill: rotate(im, d, f)))
    return edits


AVATAR_EDITS = _avatar_edits()
#: Avatar crops the index has no variant for: printed (``pytest -s``), not asserted. pHash moves with the
#: picture, so a square cut a few percent of its side away from an indexed one is mostly missed.
UNINDEXED_AVATAR_EDITS = [
    Edit("square flush with the left/top edge", lambda im: flush(im, 0.0)),
    Edit("square flush with the right/bottom edge", lambda im: flush(im, 1.0)),
    Edit("square 1/4 of the way across", lambda im: flush(im, 0.25)),
    Edit("square 2/5 of the way across", lambda im: flush(im, 0.4)),
    Edit("square centre, 90% of the shorter side", lambda im: square(im, share=0.9)),
    Edit("square centre+rotate +3 white corners", lambda im: rotate(square(im), 3, "white")),
]
#: Shapes of the non-square frames cut from the photographs (width / height): landscape and portrait.
FRAME_ASPECTS = (4 / 3, 3 / 2, 16 / 9, 2.0, 3 / 4, 2 / 3, 9 / 16, 1 / 2)


def upload(image: Image.Image, *, jpeg: int | None, png: bool) -> Image.Image:
    """The picture as the photo extractor sees it after a round trip through file bytes and the guarded loader."""
    data = encode(image, "JPEG", quality=jpeg) if jpeg else (
        encode(image, "PNG", compress_level=0) if png else encode(image, "JPEG", quality=90))
    return decode_image(data, min_side=HASH_SIDE).image


def rate(count: int, total: int) -> str:
    return f"{count}/{total} = {count / total:.3%}" if total else "0/0"


# --------------------------------------------------------------------------------------------------
# Robustness over real photographs


@dataclass(frozen=True)
class Query:
    photo: str
    edit: str
    container: str
    matches: tuple[str, ...]


@pytest.fixture(scope="module")
def photos() -> dict[str, Image.Image]:
    found = bundled_photos()
    if len(found) < 5:
        pytest.skip(f"only {len(found)} bundled photographs available offline")
    return found


def index_of(images: dict[str, Image.Image]) -> KnownImageIndex:
    index = KnownImageIndex()
    assert index.add_images(images.items()) == len(images)
    assert index.skipped == []
    return index


def edited_copies(index: KnownImageIndex, images: dict[str, Image.Image], edits: list[Edit]) -> list[Query]:
    """Every edit of every picture, queried against ``index``."""
    queries = []
    for number, (name, image) in enumerate(images.items()):
        for k, edit in enumerate(edits):
            # Half the copies of each photo and of each edit travel as PNG, half as JPEG (quality 90 unless the
            # edit says otherwise).
            png = (number + k) % 2 == 0
            seen = upload(edit.apply(image), jpeg=edit.jpeg, png=png)
            container = f"JPEG {edit.jpeg or 90}" if edit.jpeg or not png else "PNG"
            queries.append(Query(name, edit.name, container, tuple(m.name for m in index.query(seen))))
    return queries


@pytest.fixture(scope="module")
def photo_index(photos) -> KnownImageIndex:
    return index_of(photos)


@pytest.fixture(scope="module")
def edited_queries(photos, photo_index) -> list[Query]:
    """Every edit of every photograph, queried against an index of all of them."""
    return edited_copies(photo_index, photos, EDITS)


def non_square(images: dict[str, Image.Image]) -> dict[str, Image.Image]:
    """The pictures whose longer side is at least 10% longer than the shorter (their square crop is an edit)."""
    return {name: image for name, image in images.items() if max(image.size) >= 1.1 * min(image.size)}


def frames_of(photos: dict[str, Image.Image]) -> dict[str, Image.Image]:
    """One non-square frame cut from the middle of each photograph, the shapes taken in turn from FRAME_ASPECTS."""
    frames = {}
    for number, (name, image) in enumerate(photos.items()):
        aspect = FRAME_ASPECTS[number % len(FRAME_ASPECTS)]
        w, h = image.size
        cw, ch = (round(h * aspect), h) if w / h > aspect else (w, round(w / aspect))
        x, y = (w - cw) // 2, (h - ch) // 2
        frames[f"{name} {aspect:.2f}:1"] = image.crop((x, y, x + cw, y + ch))
    return frames


@pytest.fixture(scope="module")
def frames(photos) -> dict[str, Image.Image]:
    return frames_of(photos)


@pytest.fixture(scope="module")
def frame_index(frames) -> KnownImageIndex:
    return index_of(frames)


@pytest.fixture(scope="module")
def avatar_queries(photos, photo_index, frames, frame_index) -> dict[str, list[Query]]:
    """The avatar edits of the non-square photographs, and of the frames (their own index), as uploads.

    The rotations apply to every picture; the square crops only to non-square ones (a square picture is its own
    square crop). Keys: "photographs", "frames", and "unindexed" for the crops the index has no variant for.
    """
    rotations = [edit for edit in AVATAR_EDITS if edit.name.startswith("rotate")]
    squares = [edit for edit in AVATAR_EDITS if edit not in rotations]
    wide = non_square(photos)
    return {
        "photographs": (edited_copies(photo_index, photos, rotations)
                        + edited_copies(photo_index, wide, squares)),
        "frames": edited_copies(frame_index, frames, AVATAR_EDITS),
        "unindexed": (edited_copies(photo_index, wide, UNINDEXED_AVATAR_EDITS)
                      + edited_copies(frame_index, frames, UNINDEXED_AVATAR_EDITS)),
    }


def test_edited_copies_of_real_photographs_are_found(photos, edited_queries):
    hits = [q.photo in q.matches for q in edited_queries]
    recall = sum(hits) / len(hits)
    misses_by_edit = Counter(q.edit for q, hit in zip(edited_queries, hits, strict=True) if not hit)
    misses_by_photo = Counter(q.photo for q, hit in zip(edited_queries, hits, strict=True) if not hit)
    worst, worst_misses = misses_by_photo.most_common(1)[0] if misses_by_photo else ("", 0)
    print(f"\n{len(photos)} photographs x {len(EDITS)} edits = {len(hits)} edited copies: "
          f"recall {recall:.2%} ({len(hits) - sum(hits)} missed)")
    if worst:
        rest = [hit for q, hit in zip(edited_queries, hits, strict=True) if q.photo != worst]
        print(f"  without {worst} ({worst_misses}/{len(EDITS)} missed): recall {sum(rest) / len(rest):.2%}")
    print("  missed per edit: " + ", ".join(f"{e} {n}/{len(photos)}" for e, n in misses_by_edit.most_common()))
    print("  missed per photo: " + ", ".join(f"{p} {n}/{len(EDITS)}" for p, n in misses_by_photo.most_common()))
    assert recall >= MIN_RECALL, (f"recall {recall:.2%} < {MIN_RECALL:.0%}; missed per edit: {dict(misses_by_edit)}; "
                                  f"per photo: {dict(misses_by_photo)}")


def test_edited_copies_do_not_match_other_photographs(photos, edited_queries):
    false = [(q.photo, q.edit, m) for q in edited_queries for m in q.matches if m != q.photo]
    pairs = len(edited_queries) * (len(photos) - 1)
    print(f"\nfalse matches between different photographs: {rate(len(false), pairs)} of (copy, other photo) pairs")
    for photo, edit, other in false:
        print(f"  {photo} ({edit}) matched {other}")
    assert len(false) <= MAX_FALSE_MATCH_RATE * pairs, false


def recall_by_edit(queries: list[Query]) -> dict[str, tuple[int, int]]:
    """Edit -> (copies found, copies)."""
    counts: dict[str, list[int]] = {}
    for q in queries:
        found = counts.setdefault(q.edit, [0, 0])
        found[0] += q.photo in q.matches
        found[1] += 1
    return {edit: (found, total) for edit, (found, total) in counts.items()}


def test_avatar_crops_and_small_rotations_of_real_photographs_are_found(photos, frames, avatar_queries):
    """Issue 19: square crops at the centre and thirds (0 of 7 found before) and +-2 to +-4 degree rotations with
    white or black corners (+2 to +4 white: none found before) are found, in landscape and portrait pictures."""
    indexed = avatar_queries["photographs"] + avatar_queries["frames"]
    found = sum(q.photo in q.matches for q in indexed)
    recall = found / len(indexed)
    print(f"\navatar edits of {len(non_square(photos))} non-square photographs (rotations: all {len(photos)}) and "
          f"{len(frames)} frames ({', '.join(f'{a:.2f}' for a in FRAME_ASPECTS)}:1): "
          f"recall {rate(found, len(indexed))}")
    for label in ("photographs", "frames", "unindexed"):
        print(f"  {label}: " + ", ".join(f"{edit} {hit}/{total}"
                                           for edit, (hit, total) in recall_by_edit(avatar_queries[label]).items()))
    missed = Counter(q.edit for q in indexed if q.photo not in q.matches)
    assert recall >= MIN_AVATAR_RECALL, f"recall {recall:.2%} < {MIN_AVATAR_RECALL:.0%}; missed: {dict(missed)}"
    assert all(recall_by_edit(avatar_queries[label])[edit.name][1] > 0
               for label in ("photographs", "frames") for edit in AVATAR_EDITS)


def test_avatar_edits_do_not_match_other_photographs(photos, frames, avatar_queries):
    false = [(q.photo, q.edit, m) for label in avatar_queries for q in avatar_queries[label]
             for m in q.matches if m != q.photo]
    pairs = sum(len(avatar_queries[label]) for label in avatar_queries) * (len(photos) - 1)
    print(f"\nfalse matches of avatar edits: {rate(len(false), pairs)} of (copy, other picture) pairs")
    assert false == []


# --------------------------------------------------------------------------------------------------
# Faces


FACE_EDITS = [
    Edit("JPEG quality 30", lambda im: im, jpeg=30),
    Edit("crop 10% centre", lambda im: crop(im, 0.10)),
    Edit("mirror", ImageOps.mirror),
    Edit("rotate +3", lambda im: rotate(im, 3)),
]


@pytest.fixture(scope="module")
def lfw() -> tuple[list[Image.Image], list[Image.Image]]:
    """(100 faces, 100 non-face patches) of scikit-image's LFW subset, upscaled from 25x25 to 100x100."""
    if not _skimage_file_present("lfw_subset.npy"):
        pytest.skip("scikit-image's lfw_subset.npy is not available offline")
    images = [to_rgb(a).resize((100, 100), Image.Resampling.BICUBIC) for a in skimage_data.lfw_subset()]
    return images[:100], images[100:]


def test_faces_are_found_and_do_not_match_other_faces(lfw):
    faces, others = lfw
    index = KnownImageIndex()
    assert index.add_images((f"face-{i:03d}", face) for i, face in enumerate(faces)) == len(faces)

    def matches(image: Image.Image, edit: Edit, number: int) -> set[int]:
        seen = upload(edit.apply(image), jpeg=edit.jpeg, png=number % 2 == 0)
        return {int(m.name.split("-")[1]) for m in index.query(seen)}

    found = false_faces = false_others = 0
    for i, face in enumerate(faces):
        for edit in FACE_EDITS:
            hits = matches(face, edit, i)
            found += i in hits
            false_faces += len(hits - {i})
    for i, other in enumerate(others):
        for edit in FACE_EDITS:
            false_others += len(matches(other, edit, i))
    queries = len(faces) * len(FACE_EDITS)
    recall = found / queries
    face_pairs, other_pairs = queries * (len(faces) - 1), len(others) * len(FACE_EDITS) * len(faces)
    print(f"\nLFW faces ({len(FACE_EDITS)} light edits each): recall {recall:.2%} of {queries}; "
          f"false matches face-to-other-face {rate(false_faces, face_pairs)}, "
          f"non-face-to-face {rate(false_others, other_pairs)}")
    assert recall >= MIN_RECALL
    assert false_faces <= MAX_FALSE_MATCH_RATE * face_pairs
    assert false_others <= MAX_FALSE_MATCH_RATE * other_pairs


def test_faces_do_not_match_the_known_photographs(lfw, photo_index, frame_index):
    """Genuine profile photos (LFW faces), lightly edited or rotated with white or black corners, match none of the
    known photographs or frames, whose index now holds square crops and rotations too. The non-face patches may
    match at the rate allowed between photographs: one, nearly blank (grey std 6.2 of 255), rotated -4 degrees with
    white corners, matches the nearly blank microaneurysms picture (std 9.6) rotated +4 with white corners, mirrored
    (pHash 10, dHash 13): the two pictures' corners are most of what either hash sees."""
    faces, others = lfw
    edits = FACE_EDITS + [edit for edit in AVATAR_EDITS if edit.name.startswith("rotate")]
    false: dict[str, list[tuple[int, str, str]]] = {"faces": [], "non-faces": []}
    for kind, images in (("faces", faces), ("non-faces", others)):
        for i, image in enumerate(images):
            for edit in edits:
                seen = upload(edit.apply(image), jpeg=edit.jpeg, png=i % 2 == 0)
                false[kind] += [(i, edit.name, m.name)
                                for index in (photo_index, frame_index) for m in index.query(seen)]
    pairs = len(faces) * len(edits) * (len(photo_index) + len(frame_index))
    print(f"\nLFW x {len(edits)} edits against {len(photo_index)} photographs and {len(frame_index)} frames: "
          f"faces {rate(len(false['faces']), pairs)}, non-faces {rate(len(false['non-faces']), pairs)} "
          f"of (copy, picture) pairs {false['non-faces']}")
    assert false["faces"] == []
    assert len(false["non-faces"]) <= MAX_FALSE_MATCH_RATE * pairs


# --------------------------------------------------------------------------------------------------
# Near-uniform images


def gradient(low: int, high: int, size: tuple[int, int] = (200, 200)) -> Image.Image:
    """A grey horizontal gradient from ``low`` to ``high``."""
    row = np.linspace(low, high, size[0])
    return Image.fromarray(np.tile(row, (size[1], 1)).round().astype(np.uint8)).convert("RGB")


def _near_uniform_images() -> dict[str, Image.Image]:
    rng = np.random.default_rng(0)
    noisy = np.clip(np.full((200, 200, 3), (40, 90, 160), float) + rng.normal(0, 2, (200, 200, 3)), 0, 255)
    return {
        "white": Image.new("RGB", (200, 200), "white"),
        "black": Image.new("RGB", (120, 90), "black"),
        "grey": Image.new("RGB", (64, 64), (128, 128, 128)),
        "blue": Image.new("RGB", (300, 300), (0, 119, 181)),
        "blue with noise": Image.fromarray(noisy.astype(np.uint8)),
        "white with a faint gradient": gradient(255, 240),
    }


NEAR_UNIFORM = _near_uniform_images()


@pytest.mark.parametrize("name", sorted(NEAR_UNIFORM))
def test_near_uniform_images_are_flagged_and_never_indexed(name):
    image = NEAR_UNIFORM[name]
    assert is_near_uniform(image)
    index = KnownImageIndex()
    assert index.add_images([(name, image)]) == 0
    assert len(index) == 0 and index.n_hashes == 0
    assert index.skipped == [(name, "near-uniform image: blank images all hash alike")]


def test_near_uniform_images_never_match_anything(photos, tmp_path):
    uniformish = gradient(255, 225)  # grey std ~8.7: just textured enough to be indexed
    assert not is_near_uniform(uniformish)
    index = KnownImageIndex()
    index.add_images([("uniformish", uniformish), *list(NEAR_UNIFORM.items()), ("astronaut", photos["astronaut"])])
    assert index.names == ["uniformish", "astronaut"]
    faint = NEAR_UNIFORM["white with a faint gradient"]
    # Without the guard the faint gradient would match the indexed one: their pHashes are within the radius.
    assert bin(hash_image(faint)[0] ^ hash_image(uniformish)[0]).count("1") <= PHASH_RADIUS
    for name, image in NEAR_UNIFORM.items():
        assert index.query(image) == [], name
        assert index.query(upload(image, jpeg=None, png=True)) == [], name
        path = tmp_path / f"{name}.png"
        path.write_bytes(encode(image, "PNG"))
        found = analyse_photo(str(path), index)
        assert found.readable and found.near_uniform and found.phash is None and found.matches == (), name


def test_real_photographs_are_not_flagged_near_uniform(photos):
    assert not any(is_near_uniform(image) for image in photos.values())


# --------------------------------------------------------------------------------------------------
# Persistence


@pytest.fixture(scope="module")
def small_photos(photos) -> dict[str, Image.Image]:
    out = {}
    for name in ("astronaut", "coffee", "chelsea", "rocket"):
        image = photos[name].copy()
        image.thumbnail((256, 256))
        out[f"{name}.jpg"] = image
    return out


@pytest.fixture(scope="module")
def small_index(small_photos) -> KnownImageIndex:
    index = KnownImageIndex()
    index.add_images(list(small_photos.items())[:3])
    return index


def npz_arrays(path: Path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as arrays:
        return {key: arrays[key] for key in arrays.files}


def test_save_and_load_round_trip(small_index, small_photos, tmp_path):
    path = small_index.save(tmp_path / "known.npz")
    assert path == tmp_path / "known.npz" and not (tmp_path / "known.npz.tmp").exists()
    loaded = KnownImageIndex.load(path)
    assert loaded.names == small_index.names and loaded.n_hashes == small_index.n_hashes
    assert loaded.digest() == small_index.digest()
    assert loaded.stats() == small_index.stats()
    for name, image in small_photos.items():
        for query in (image, ImageOps.mirror(crop(image, 0.15, "top-left")), rotate(image, 3)):
            assert loaded.query(query) == small_index.query(query), name


def test_images_added_after_load_are_found(small_index, small_photos, tmp_path):
    loaded = KnownImageIndex.load(small_index.save(tmp_path / "known.npz"))
    new_name, new_image = list(small_photos.items())[-1]
    assert loaded.query(new_image) == []
    assert loaded.add_images([(new_name, new_image)]) == 1
    assert loaded.n_hashes == small_index.n_hashes + len(INDEX_VARIANTS)
    assert [m.name for m in loaded.query(ImageOps.mirror(new_image))] == [new_name]
    for name, image in list(small_photos.items())[:-1]:
        assert [m.name for m in loaded.query(image)] == [name]
    assert loaded.digest() != small_index.digest()
    assert KnownImageIndex.load(loaded.save(tmp_path / "bigger.npz")).digest() == loaded.digest()


def test_an_edited_hash_is_refused_by_the_checksum(small_index, tmp_path):
    arrays = npz_arrays(small_index.save(tmp_path / "known.npz"))
    arrays["phash"] = arrays["phash"].copy()
    arrays["phash"][5] ^= np.uint64(1)  # one bit of one hash, the old meta (and its digest) kept
    np.savez(tmp_path / "tampered.npz", **arrays)
    with pytest.raises(IndexMismatch, match="checksum"):
        KnownImageIndex.load(tmp_path / "tampered.npz")


@pytest.mark.parametrize("library", ["pillow", "recipe"])
def test_an_index_built_with_other_versions_is_refused_and_the_message_says_rebuild(small_index, tmp_path, library):
    arrays = npz_arrays(small_index.save(tmp_path / "known.npz"))
    meta = json.loads(str(arrays["meta"]))
    meta[library] = "0.0.1"
    arrays["meta"] = np.array(json.dumps(meta))
    np.savez(tmp_path / "old.npz", **arrays)
    with pytest.raises(IndexMismatch) as info:
        KnownImageIndex.load(tmp_path / "old.npz")
    message = str(info.value)
    assert f"{library} 0.0.1" in message
    assert "Rebuild" in message and "fakeprofile index build" in message


def test_an_index_of_the_previous_version_is_refused_with_a_clear_message(small_photos, tmp_path, monkeypatch):
    """Issue 19 changed the variants (recipe 3, 34 a picture): a version-2 file says so and how to rebuild."""
    assert photos_module.RECIPE_VERSION == 3 and len(INDEX_VARIANTS) == 34
    with monkeypatch.context() as old:
        old.setattr(photos_module, "RECIPE_VERSION", 2)
        old.setattr(photos_module, "INDEX_VARIANTS", INDEX_VARIANTS[:25])
        index = KnownImageIndex()
        index.add_images(small_photos.items())
        path = index.save(tmp_path / "v2.npz")
        assert KnownImageIndex.load(path).n_hashes == 25 * len(small_photos)
    with pytest.raises(IndexMismatch, match=r"v2.npz: built with recipe 2 \(this installation has 3\); hash values "
                                            r"change across these versions, so matches would be wrong. Rebuild it "
                                            r"here with `fakeprofile index build`"):
        KnownImageIndex.load(path)


def test_the_shipped_index_cached_by_the_previous_version_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setattr(photos_module, "user_cache_dir", lambda: tmp_path)
    with monkeypatch.context() as old:
        old.setattr(photos_module, "RECIPE_VERSION", 2)
        old.setattr(photos_module, "INDEX_VARIANTS", INDEX_VARIANTS[:25])
        before = photos_module._shipped_index()
    if not len(before):
        pytest.skip("no shipped known images here")
    [v2_file] = list(tmp_path.glob("known_images-*.npz"))
    now = photos_module._shipped_index()
    assert now.names == before.names and now.n_hashes == len(INDEX_VARIANTS) * len(now)
    [v3_file] = [path for path in tmp_path.glob("known_images-*.npz") if path != v2_file]
    assert KnownImageIndex.load(v3_file).digest() == now.digest()
    with pytest.raises(IndexMismatch, match="built with recipe 2"):
        KnownImageIndex.load(v2_file)


def test_files_that_are_not_an_index_are_refused(small_index, tmp_path):
    (tmp_path / "text.npz").write_text("not an index")
    (tmp_path / "empty.npz").write_bytes(b"")
    np.save(tmp_path / "plain.npy", np.arange(5))
    arrays = npz_arrays(small_index.save(tmp_path / "known.npz"))
    del arrays["variant"]
    np.savez(tmp_path / "missing.npz", **arrays)
    np.savez(tmp_path / "foreign.npz", meta=np.array(json.dumps({"format": "something else"})),
             **{k: v for k, v in arrays.items() if k != "meta"}, variant=np.zeros(len(arrays["dhash"]), np.int16))
    (tmp_path / "pickle.npz").write_bytes(pickle.dumps({"names": ["a"]}))
    for name in ("text.npz", "empty.npz", "plain.npy", "missing.npz", "foreign.npz", "pickle.npz"):
        with pytest.raises(IndexMismatch, match="not a fakeprofile known-image index") as info:
            KnownImageIndex.load(tmp_path / name)
        assert "allow_pickle" not in str(info.value), "numpy's advice to unpickle is no message for a user"
    with pytest.raises(IndexMismatch, match=r"missing \['variant'\]"):
        KnownImageIndex.load(tmp_path / "missing.npz")
    with pytest.raises(FileNotFoundError):
        KnownImageIndex.load(tmp_path / "absent.npz")


UNPICKLED: list[str] = []


def _unpickled(tag: str) -> str:
    UNPICKLED.append(tag)
    return tag


class _Tripwire:
    """Unpickling this records it: proof that a loader did or did not unpickle."""

    def __reduce__(self):
        return _unpickled, ("tripwire",)


def test_a_pickled_object_array_is_refused_without_unpickling(small_index, tmp_path, monkeypatch):
    arrays = npz_arrays(small_index.save(tmp_path / "known.npz"))
    arrays["names"] = np.array([_Tripwire()] + list(arrays["names"][1:]), dtype=object)
    np.savez(tmp_path / "pickled.npz", **arrays)
    calls = []
    real_load = np.load

    def spy(*args, **kwargs):
        calls.append(kwargs.get("allow_pickle"))
        return real_load(*args, **kwargs)

    monkeypatch.setattr(np, "load", spy)
    UNPICKLED.clear()
    with pytest.raises(IndexMismatch, match=r"not a fakeprofile known-image index \(member names.npy: .*object"):
        KnownImageIndex.load(tmp_path / "pickled.npz")
    assert True not in calls, "np.load is never asked to unpickle (the loader reads the .npy headers itself)"
    assert UNPICKLED == []
    # The tripwire is live: a loader that allowed pickle would have run it.
    with real_load(tmp_path / "pickled.npz", allow_pickle=True) as unsafe:
        unsafe["names"]
    assert UNPICKLED == ["tripwire"]


def write_npz(path: Path, arrays: dict[str, np.ndarray], *, deflated: tuple[str, ...] = ()) -> Path:
    """``arrays`` as an .npz, as np.savez writes it, but with the members named in ``deflated`` compressed."""
    with zipfile.ZipFile(path, "w") as archive:
        for key, array in arrays.items():
            info = zipfile.ZipInfo(f"{key}.npy")
            info.compress_type = zipfile.ZIP_DEFLATED if key in deflated else zipfile.ZIP_STORED
            with archive.open(info, "w", force_zip64=True) as member:
                np.lib.format.write_array(member, np.asanyarray(array), allow_pickle=False)
    return path


@pytest.fixture()
def decompressions(monkeypatch) -> list[int]:
    """The compression method of every compressed zip member opened from here on (stored ones need none)."""
    calls: list[int] = []
    real = zipfile._get_decompressor

    def spy(method: int):
        if method != zipfile.ZIP_STORED:
            calls.append(method)
        return real(method)

    monkeypatch.setattr(zipfile, "_get_decompressor", spy)
    return calls


def test_a_member_declaring_more_than_an_index_can_hold_is_refused_before_decompression(
        small_index, tmp_path, monkeypatch, decompressions):
    """Issue 17: 2.8 MB holding 3 GB of zeros took 3.17 GB. Here at scale: the cap follows MAX_IMAGES."""
    monkeypatch.setattr(photos_module, "MAX_IMAGES", 100)  # caps phash.npy at 4,096 + 100 x 34 x 8 bytes
    arrays = npz_arrays(small_index.save(tmp_path / "known.npz"))
    arrays["phash"] = np.zeros(1_000_000, np.uint64)  # 8 MB of zeros, deflated to 8 kB
    bomb = write_npz(tmp_path / "bomb.npz", arrays, deflated=("phash",))
    assert bomb.stat().st_size < 100_000
    with pytest.raises(IndexMismatch, match=r"bomb.npz: not a fakeprofile known-image index \(member phash.npy: "
                                            r"declares 8,000,128 bytes, more than the 31,296 an index of at most "
                                            r"100 images needs\)"):
        KnownImageIndex.load(bomb)
    assert decompressions == []


def test_compressed_and_extra_members_are_refused_before_decompression(small_index, tmp_path, decompressions):
    arrays = npz_arrays(small_index.save(tmp_path / "known.npz"))
    np.savez_compressed(tmp_path / "compressed.npz", **arrays)
    with pytest.raises(IndexMismatch, match=r"member meta.npy: compressed; `fakeprofile index build` stores"):
        KnownImageIndex.load(tmp_path / "compressed.npz")
    write_npz(tmp_path / "extra.npz", {**arrays, "zeros": np.zeros(10**6, np.uint8)}, deflated=("zeros",))
    with pytest.raises(IndexMismatch, match=r"unexpected member 'zeros.npy'; an index holds only meta.npy, "):
        KnownImageIndex.load(tmp_path / "extra.npz")
    assert decompressions == []


def test_a_zip_directory_of_many_members_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    with zipfile.ZipFile(tmp_path / "many.npz", "w") as archive:
        for number in range(10_000):
            archive.writestr(f"{number}.npy", b"")
    parsed = []
    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", lambda self: parsed.append(self))
    with pytest.raises(IndexMismatch, match=r"its zip directory lists 10,000 members in [0-9,]+ bytes; an index has "
                                            r"6 members"):
        KnownImageIndex.load(tmp_path / "many.npz")
    assert parsed == []


def _npy_lying_about_its_shape(array: np.ndarray, declared: int) -> bytes:
    out = io.BytesIO()
    np.lib.format.write_array_header_1_0(out, {"descr": np.lib.format.dtype_to_descr(array.dtype),
                                               "fortran_order": False, "shape": (declared,)})
    return out.getvalue() + array.tobytes()


def _edit(key: str, change: Callable[[np.ndarray], np.ndarray]) -> Callable[[dict], dict]:
    return lambda arrays: {**arrays, key: change(arrays[key])}


def _drop_last_image(arrays: dict) -> dict:
    n = len(INDEX_VARIANTS)
    return {**arrays, **{k: arrays[k][:-n] for k in ("phash", "dhash", "image", "variant")}}


def _recount(arrays: dict) -> dict:
    meta = json.loads(str(arrays["meta"]))
    return {**arrays, "meta": np.array(json.dumps({**meta, "n_images": meta["n_images"] + 1}))}


_V = len(INDEX_VARIANTS)  # hashes per image (34)
BAD_MEMBERS = {
    "signed pHashes": (_edit("phash", lambda a: a.astype(np.int64)),
                       r"member phash.npy: holds a 1-D array of int64, not a 1-D array of uint64 values"),
    "2-D dHashes": (_edit("dhash", lambda a: a.reshape(-1, 1)),
                    r"member dhash.npy: holds a 2-D array of uint64, not a 1-D array of uint64 values"),
    "names too long": (_edit("names", lambda a: a.astype(f"<U{MAX_NAME_CHARS + 1}")),
                       rf"member names.npy: holds a 1-D array of <U{MAX_NAME_CHARS + 1}, not a 1-D array of strings "
                       rf"of at most {MAX_NAME_CHARS} characters"),
    "variants missing": (_edit("variant", lambda a: a[:-1]),
                         rf"3 names but {3 * _V} phash, {3 * _V} dhash, {3 * _V} image, {3 * _V - 1} variant"),
    "an image's hashes missing": (_drop_last_image, rf"3 names but {2 * _V} phash, {2 * _V} dhash, {2 * _V} image, "
                                                    rf"{2 * _V} variant; an index has {_V} of each per image"),
    "metadata miscounts": (_recount, r"its metadata counts 4 images, its names array 3"),
}


@pytest.mark.parametrize(("change", "message"), BAD_MEMBERS.values(), ids=BAD_MEMBERS.keys())
def test_members_of_the_wrong_type_or_length_are_refused_naming_the_member(small_index, tmp_path, change, message):
    arrays = change(npz_arrays(small_index.save(tmp_path / "known.npz")))
    np.savez(tmp_path / "bad.npz", **arrays)
    with pytest.raises(IndexMismatch, match=rf"bad.npz: not a fakeprofile known-image index \(.*{message}"):
        KnownImageIndex.load(tmp_path / "bad.npz")


def test_an_npy_header_that_does_not_fit_its_member_is_refused_before_reading(small_index, tmp_path):
    arrays = npz_arrays(small_index.save(tmp_path / "known.npz"))
    np.savez(tmp_path / "lying.npz", **arrays)
    with zipfile.ZipFile(tmp_path / "lying.npz") as source, zipfile.ZipFile(tmp_path / "bad.npz", "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "dhash.npy":  # declares 10 million hashes, holds 102
                data = _npy_lying_about_its_shape(arrays["dhash"], 10_000_000)
            target.writestr(info.filename, data)
    with pytest.raises(IndexMismatch, match=r"member dhash.npy: its .npy header declares shape \(10000000,\) of "
                                            r"uint64, which does not fill the 944 bytes the zip directory declares"):
        KnownImageIndex.load(tmp_path / "bad.npz")


def test_an_index_holds_at_most_max_images_and_names_of_at_most_max_name_chars(small_index, small_photos, tmp_path,
                                                                                monkeypatch):
    path = small_index.save(tmp_path / "known.npz")
    monkeypatch.setattr(photos_module, "MAX_IMAGES", 2)
    with pytest.raises(IndexMismatch, match="it names 3 images, more than the 2 an index may hold"):
        KnownImageIndex.load(path)
    index = KnownImageIndex()
    images = list(small_photos.values())
    assert index.add_images([("a" * (MAX_NAME_CHARS + 1), images[0]), ("b", images[1]), ("c", images[2])]) == 2
    assert index.skipped == [("a" * (MAX_NAME_CHARS + 1), f"name longer than {MAX_NAME_CHARS} characters")]
    with pytest.raises(ValueError, match="holds at most 2 images"):
        index.add_images([("d", images[3])])
    assert index.names == ["b", "c"], "nothing is saved that loading would refuse"
    assert KnownImageIndex.load(index.save(tmp_path / "full.npz")).names == ["b", "c"]


@pytest.fixture()
def fifo(tmp_path) -> Path:
    """A FIFO, and a writer that releases whatever opens it for reading: a loader that opened it fails, not hangs."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    path = tmp_path / "fifo.npz"
    os.mkfifo(path)
    stop = threading.Event()

    def release() -> None:
        while not stop.is_set():
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))  # succeeds only while someone reads
            except OSError:
                stop.wait(0.01)

    writer = threading.Thread(target=release, daemon=True)
    writer.start()
    yield path
    stop.set()
    writer.join()


@pytest.mark.parametrize(("kind", "message"), [
    ("fifo", r"fifo.npz: not a fakeprofile known-image index \(it is a FIFO \(named pipe\), not a regular file\)"),
    ("link to fifo", r"link.npz: not a fakeprofile known-image index \(it is a FIFO \(named pipe\), not a regular "),
    ("folder", r"folder.npz: not a fakeprofile known-image index \(it is a directory, not a regular file\)"),
    ("device", r"null: not a fakeprofile known-image index \(it is a device, not a regular file\)"),
])
def test_anything_but_a_regular_file_is_refused_before_it_is_opened(fifo, tmp_path, kind, message):
    path = {"fifo": fifo, "link to fifo": tmp_path / "link.npz", "folder": tmp_path / "folder.npz",
            "device": Path(os.devnull)}[kind]
    if kind == "link to fifo":
        path.symlink_to(fifo)
    elif kind == "folder":
        path.mkdir()
    elif not path.exists():
        pytest.skip(f"no {path} here")
    with pytest.raises(IndexMismatch, match=message):
        KnownImageIndex.load(path)


# --------------------------------------------------------------------------------------------------
# The index command (test_cli.py belongs to other work; these are the photo-index parts of issue 17)


def test_index_stats_on_a_file_that_is_not_an_index_says_so_plainly(small_index, tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("not an index\n")
    (tmp_path / "model.pkl").write_bytes(pickle.dumps({"a": 1}))
    np.save(tmp_path / "objects.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    for name in ("notes.txt", "model.pkl", "objects.npy"):
        assert main(["index", "stats", str(tmp_path / name)]) == 2
        err = capsys.readouterr().err
        assert f"{name}: not a fakeprofile known-image index (not an .npz file: it is not a zip archive)" in err
        assert "allow_pickle" not in err
    assert main(["index", "stats", str(small_index.save(tmp_path / "known.npz"))]) == 0
    assert json.loads(capsys.readouterr().out)["images"] == 3


def test_index_query_exits_3_for_a_missing_or_unreadable_photo(small_index, small_photos, tmp_path, capsys):
    index = str(small_index.save(tmp_path / "known.npz"))
    name, image = next(iter(small_photos.items()))
    good = tmp_path / "good.jpg"
    good.write_bytes(encode(image, "JPEG", quality=90))
    (tmp_path / "broken.jpg").write_bytes(b"<html>not a photo</html>")
    (tmp_path / "empty").mkdir()
    assert main(["index", "query", index, str(good)]) == 0
    assert capsys.readouterr().out.startswith(f"{good}: photo matches known image {name!r} (pHash distance 0")
    for bad, reason in (("missing.jpg", "photo file not found"), ("broken.jpg", "not an image (looks like HTML)"),
                        ("empty", "no image files in it")):
        assert main(["index", "query", index, str(good), str(tmp_path / bad)]) == 3, bad
        captured = capsys.readouterr()
        assert captured.out.startswith(f"{good}: photo matches"), "the readable photos are still looked up"
        assert f"rejected {tmp_path / bad}: {reason}" in captured.err
        assert "index query: 1 input(s) rejected" in captured.err
    assert main(["index", "query", index, str(tmp_path / "missing.jpg"), "--fail-on-no-match"]) == 3
    assert main(["index", "query", index]) == 2
    assert "give the photos to look up" in capsys.readouterr().err


def test_index_commands_and_predict_refuse_a_fifo_without_blocking(fifo, small_index, tmp_path, capsys):
    assert main(["index", "stats", str(fifo)]) == 2
    assert "not a regular file" in capsys.readouterr().err
    assert main(["index", "add", str(fifo), str(tmp_path)]) == 2
    assert "not a regular file" in capsys.readouterr().err
    (tmp_path / "profiles.jsonl").write_text(json.dumps(make_profile_dict()) + "\n")
    assert main(["--quiet", "predict", "--data", str(tmp_path / "profiles.jsonl"), "--known-images", str(fifo)]) == 2
    assert f"{fifo}: not a fakeprofile known-image index (it is a FIFO" in capsys.readouterr().err
    lists = tmp_path / "lists"
    lists.mkdir()
    os.symlink(fifo, lists / "photos.txt")
    assert main(["--quiet", "index", "build", str(tmp_path / "new.npz"), str(lists / "photos.txt")]) == 2
    assert "photos.txt: a list of image paths must be a regular file" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------------
# Building from files


def test_add_folder_indexes_good_images_and_skips_bad_ones_with_reasons(small_photos, tmp_path):
    images = list(small_photos.values())
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "first.jpg").write_bytes(encode(images[0], "JPEG", quality=90))
    (tmp_path / "second.png").write_bytes(encode(images[1], "PNG"))
    whole = encode(images[2], "JPEG", quality=90)
    (tmp_path / "broken.jpg").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "notes.jpg").write_text("these are not the photos you are looking for\n")
    (tmp_path / "readme.txt").write_text("not picked up: not an image suffix")

    index = KnownImageIndex()
    assert index.add_folder(tmp_path) == 2
    assert index.names == [os.path.join("people", "first.jpg"), "second.png"]
    assert dict(index.skipped) == {
        "broken.jpg": "truncated or corrupt JPEG",
        "notes.jpg": "not an image in an accepted format (JPEG, PNG, WEBP, GIF)",
    }
    assert [m.name for m in index.query(ImageOps.mirror(images[0]))] == [os.path.join("people", "first.jpg")]
    assert [m.name for m in index.query(crop(images[1], 0.1))] == ["second.png"]

    by_files = KnownImageIndex()
    paths = sorted(p for p in tmp_path.rglob("*.*") if p.suffix != ".txt")
    assert by_files.add_files(paths) == 2
    assert by_files.names == ["first.jpg", "second.png"]  # without root, named by the file name
    assert {name for name, _ in by_files.skipped} == {"broken.jpg", "notes.jpg"}


# --------------------------------------------------------------------------------------------------
# Describing a match


@pytest.mark.parametrize(("match", "words"), [
    (PhotoMatch("x.jpg", 4, 6, True, "cropped 15% towards the top-left"),
     "photo matches known image 'x.jpg' (mirrored, cropped 15% towards the top-left, pHash distance 4, dHash 6)"),
    (PhotoMatch("x.jpg", 0, 0, False, "original"), "photo matches known image 'x.jpg' (pHash distance 0, dHash 0)"),
    (PhotoMatch("stock/ceo.png", 7, 9, True, "original"),
     "photo matches known image 'stock/ceo.png' (mirrored, pHash distance 7, dHash 9)"),
    (PhotoMatch("a", 3, 2, False, "rotated +4 degrees"),
     "photo matches known image 'a' (rotated +4 degrees, pHash distance 3, dHash 2)"),
])
def test_photo_match_describes_how_the_copy_was_edited(match, words):
    assert match.describe() == words
    assert match.edited == (match.mirrored or match.variant != "original")


def test_a_mirrored_crop_is_described_as_such(small_index, small_photos):
    name, image = next(iter(small_photos.items()))
    best = small_index.query(ImageOps.mirror(crop(image, 0.15, "top-left")))[0]
    assert best.describe() == f"photo matches known image {name!r} (mirrored, cropped 15% towards the top-left, " \
                              f"pHash distance {best.phash_distance}, dHash {best.dhash_distance})"
    assert best.phash_distance <= 2 and best.edited
    exact = small_index.query(image)[0]
    assert (exact.name, exact.phash_distance, exact.edited) == (name, 0, False)


# --------------------------------------------------------------------------------------------------
# Graphics against photographs


def rendered_text() -> Image.Image:
    image = Image.new("RGB", (400, 200), (0, 119, 181))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 380, 180), outline="white", width=6)
    draw.text((60, 70), "ACME CONSULTING", fill="white", font_size=28)
    return image


def test_graphic_share_is_high_for_rendered_graphics_and_low_for_colour_photographs(photos):
    graphics = {"rendered text": rendered_text()}
    if "logo" in photos:
        graphics["skimage logo"] = photos["logo"]
    colour = {name: photos[name] for name in COLOUR_PHOTOS if name in photos}
    shares = {name: graphic_share(image) for name, image in {**graphics, **colour}.items()}
    print("\ngraphic_share: " + ", ".join(f"{name} {share:.2f}" for name, share in shares.items()))
    assert all(shares[name] >= 0.6 for name in graphics), shares
    assert all(shares[name] < 0.6 for name in colour), shares
    assert min(shares[name] for name in graphics) - max(shares[name] for name in colour) > 0.2
