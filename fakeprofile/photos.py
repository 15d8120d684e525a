"""Photo clues: perceptual hashes, an index of known images robust to the edits fakers make, and
what a profile photo looks like.

What it measures
----------------
A profile photo is hashed with imagehash's 64-bit pHash (DCT of a 32x32 grey thumbnail) and dHash
(gradients of a 9x8 thumbnail), both taken from one 64x64 grey thumbnail and computed bit for bit by
:mod:`fakeprofile.perceptual`, after the guarded decode in :mod:`fakeprofile.images` (EXIF rotation
applied, alpha composited on white, first frame of an animation). The known-image index holds the
hashes of stock photos, celebrity photos and photos taken from reported fakes; a photo *matches* a
known image when some variant of the two is within :data:`PHASH_RADIUS` bits of pHash and, as a
second opinion, :data:`DHASH_RADIUS` bits of dHash.

Why variants
------------
Plain pHash at distance 10 finds about half of edited copies and no mirrored ones. Each known image is
therefore indexed as :data:`INDEX_VARIANTS` (34: the original; 5-20% crops from the centre and each
corner; the largest square at the centre and centred on each third line, the avatar crop of a landscape
or portrait photo; +-2 and +-4 degree rotations with white and black corners, +-4 also with a flat
fill), and each query is hashed as itself and mirrored. On the real photographs in ``tests/test_photos.py``
(22 of scikit-image's and scikit-learn's bundled pictures x 36 edits: resize, recompression, tone, 10-20%
crops at the centre and corners, mirror, +-3 and +-5 degree rotations, and combinations) that finds 95.8%
of edited copies (97.6% without the brick-wall texture, whose hash is unstable) with no false match
between different photos; of the avatar edits (square crops at the centre and thirds, also shrunk and
re-saved, and +-2 to +-4 degree rotations with white or black corners) it finds all. pHash moves with
the picture, though: a square cut 4% of its side away from an indexed one is found about half the time,
6% away almost never, so squares cut elsewhere are mostly missed. The dHash
check matters for faces: different faces sit closer in pHash space than general photos; on
scikit-image's LFW subset, 0.043% of different-face pairs match at dHash radius 14, against 0.16% on
pHash alone (radius 12: 0.020%, but 94.6% recall). Solid or near-uniform images (default avatars) all
hash alike: they are flagged and never match.

Search is exact radius search in Hamming space by multi-index hashing (:mod:`fakeprofile.hamming`).

Known false positives: a person's own photo that is also published elsewhere (a conference bio, a
company page) matches a known image if someone indexed it; the photo clue says "this picture exists
elsewhere", not "this is a fake".
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import stat
import threading
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import PIL
from PIL import Image

from fakeprofile.hamming import HammingIndex, hamming_distances
from fakeprofile.images import ImageRejected, load_photo
from fakeprofile.perceptual import THUMB_SIDE, hashes
from fakeprofile.progress import progress as progress_bar
from fakeprofile.settings import user_cache_dir

__all__ = [
    "DHASH_RADIUS",
    "INDEX_VARIANTS",
    "MAX_IMAGES",
    "MAX_NAME_CHARS",
    "PHASH_RADIUS",
    "IndexMismatch",
    "KnownImageIndex",
    "PhotoAnalysis",
    "PhotoMatch",
    "analyse_photo",
    "default_known_index",
    "hash_image",
    "is_near_uniform",
]

#: Largest pHash distance (bits of 64) at which two variants are the same picture.
PHASH_RADIUS = 10
#: Largest dHash distance at which a pHash match is confirmed.
DHASH_RADIUS = 14
#: Grey-level standard deviation (0-255 scale) below which an image is blank or near-uniform.
UNIFORM_STD = 6.0
#: pHash bits within which two photos of one batch are the same photo (re-encoded or resized copies).
SAME_PHOTO_RADIUS = 4
#: Shorter side decoded for hashing; JPEGs are decoded at a reduced scale down to it. Twice the thumbnail:
#: decoding a 400 x 400 photo at 1/4 scale (100 x 100) instead of 1/2 saves 5% of the time but costs 1.5
#: points of recall on edited copies (tests/test_photos.py: 94.3% against 95.8%).
HASH_SIDE = 2 * THUMB_SIDE
#: Bumped whenever hash values or variants change: an index built otherwise is refused.
#: 2: grey first (the thumbnail averages luma, not colours), hashes computed by :mod:`fakeprofile.perceptual`.
#: 3: 34 variants, not 25: square avatar crops (centre and thirds) and rotations of +-2 and +-4 degrees with
#: white and black corners (+-4 also flat).
RECIPE_VERSION = 3
_FORMAT = "fakeprofile-known-images"
#: Most images an index may hold: 34 million hashes, 884 MB of arrays and about 1.5 GB of search tables
#: (:mod:`fakeprofile.hamming`). Every member of an index file is capped from it before anything is read, so
#: a file cannot make :meth:`KnownImageIndex.load` allocate more, whatever it declares; adding beyond it fails.
MAX_IMAGES = 1_000_000
#: Longest image name, in characters. numpy stores names padded to the longest (4 bytes a character), so this
#: caps the names array at 1 GB for :data:`MAX_IMAGES` images; a longer name is skipped when indexing.
MAX_NAME_CHARS = 256
#: The members of an index file (``<key>.npy``) and the dtype of each; None: an array of unicode strings.
_MEMBERS: dict[str, np.dtype | None] = {
    "meta": None, "names": None, "phash": np.dtype(np.uint64), "dhash": np.dtype(np.uint64),
    "image": np.dtype(np.int64), "variant": np.dtype(np.int16),
}
_MAX_META_CHARS = 4096  # the metadata JSON is about 200 characters
_MAX_NPY_HEADER = 4096  # numpy writes 128 bytes of .npy header for these arrays
#: numpy writes about 500 bytes of zip directory for six members; ZipFile parses all of it on opening (an 88 MB
#: directory of a million empty members took 576 MB and 10 s), so anything larger is refused before that.
_MAX_ZIP_DIRECTORY = 64 * 1024
#: Image files ``index build`` picks up from a folder.
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
_ENV_INDEX = "FAKEPROFILE_KNOWN_IMAGES"
_DATA_DIRS = (
    Path(__file__).resolve().parent / "data" / "known_images",
    Path(__file__).resolve().parent.parent / "data" / "sample" / "known_images",
)


class IndexMismatch(ValueError):
    """A known-image index file that this installation must not use (other versions, tampered, not one)."""


# ------------------------------------------------------------------------------------------ hashing
def _grey(image: Image.Image) -> Image.Image:
    return image if image.mode == "L" else image.convert("RGB").convert("L")


def _thumbnail(image: Image.Image) -> np.ndarray:
    # Both hashes squash the image to a few dozen grey pixels anyway; shrinking once to a grey thumbnail
    # makes hashing independent of the upload's size and hashing the mirrored copy nearly free.
    return np.asarray(_grey(image).resize((THUMB_SIDE, THUMB_SIDE), Image.Resampling.BOX))


def hash_image(image: Image.Image) -> tuple[int, int]:
    """(pHash, dHash) of an image as unsigned 64-bit integers."""
    return hashes(_thumbnail(image))


def _uniform(thumb: np.ndarray) -> bool:
    return float(thumb.std()) < UNIFORM_STD


def is_near_uniform(image: Image.Image) -> bool:
    """True for blank, solid or nearly solid images, whose hashes say nothing about the picture."""
    return _uniform(_thumbnail(image))


def graphic_share(image: Image.Image) -> float:
    """Share of pixels in the 8 commonest colours (6 bits per channel): high for logos and drawings.

    A photograph spreads over many colours, grey ones included; a logo, a cartoon or a flat avatar puts
    most of its pixels in a handful. Six bits, not four, keep black-and-white photographs (which have
    only grey levels) from looking like graphics.
    """
    thumb = np.asarray(image.convert("RGB").resize((64, 64), Image.Resampling.NEAREST), dtype=np.uint32) >> 2
    keys = (thumb[..., 0] << 12) | (thumb[..., 1] << 6) | thumb[..., 2]
    counts = np.bincount(keys.ravel(), minlength=1 << 18)
    return float(np.sort(counts)[-8:].sum() / keys.size)


def _crop(image: Image.Image, fraction: float, corner: str) -> Image.Image:
    w, h = image.size
    cw, ch = max(1, round(w * (1 - fraction))), max(1, round(h * (1 - fraction)))
    x = {"centre": (w - cw) // 2, "top-left": 0, "bottom-left": 0}.get(corner, w - cw)
    y = {"centre": (h - ch) // 2, "top-left": 0, "top-right": 0}.get(corner, h - ch)
    return image.crop((x, y, x + cw, y + ch))


def _square(image: Image.Image, line: float) -> Image.Image:
    """The largest square of ``image`` centred on the line at ``line`` (0 to 1) of its longer side, kept inside.

    Centred on the third lines rather than flush with the edges: an avatar is cut around the subject, and the
    rule of thirds puts the subject on a third line. For pictures up to 3:2 (camera photos: 4:3 and 3:2) the
    square centred on a third line is the one flush with the edge anyway; the two differ for wider ones.
    A square picture is its own square.
    """
    w, h = image.size
    side, length = min(w, h), max(w, h)
    start = min(max(round(length * line - side / 2), 0), length - side)
    if w >= h:
        return image.crop((start, (h - side) // 2, start + side, (h - side) // 2 + side))
    return image.crop(((w - side) // 2, start, (w - side) // 2 + side, start + side))


def _rotate(image: Image.Image, degrees: float, fill: str) -> Image.Image:
    """``image`` (grey) rotated, the corners filled with its mean grey ("flat"), "black" or "white"."""
    level = int(np.asarray(image).mean()) if fill == "flat" else {"black": 0, "white": 255}[fill]
    return image.rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=level)


#: Square avatar crops indexed: (line of the longer side the square is centred on, description).
_SQUARES = ((0.5, "square crop at the centre"), (1 / 3, "square crop on the left or top third"),
            (2 / 3, "square crop on the right or bottom third"))
#: Rotations indexed: (degrees, corner fills). White corners are what most editors leave, black some; a flat
#: (mean grey) fill at 4 degrees keeps the copies rotated with a mean-colour fill found as before.
_ROTATIONS = ((2, ("white", "black")), (4, ("white", "black", "flat")))


def _index_variants() -> tuple[tuple[str, Callable[[Image.Image], Image.Image]], ...]:
    variants: list[tuple[str, Callable[[Image.Image], Image.Image]]] = [("original", lambda im: im)]
    for fraction in (0.05, 0.10, 0.15, 0.20):
        for corner in ("centre", "top-left", "top-right", "bottom-left", "bottom-right"):
            variants.append((f"cropped {fraction:.0%} towards the {corner}",
                             lambda im, f=fraction, c=corner: _crop(im, f, c)))
    for line, description in _SQUARES:
        variants.append((description, lambda im, x=line: _square(im, x)))
    for degrees, fills in _ROTATIONS:
        for signed in (-degrees, degrees):
            for fill in fills:
                variants.append((f"rotated {signed:+d} degrees", lambda im, d=signed, f=fill: _rotate(im, d, f)))
    return tuple(variants)


#: How each known image is indexed: (description, transform). Queries are hashed as-is and mirrored.
INDEX_VARIANTS = _index_variants()


# ------------------------------------------------------------------------------------------ index
@dataclass(frozen=True)
class PhotoMatch:
    """A known image a photo matches, and how (best variant; distances in bits of 64)."""

    name: str
    phash_distance: int
    dhash_distance: int
    mirrored: bool
    variant: str

    @property
    def edited(self) -> bool:
        """The match needed a mirror, crop or rotation: the copy was edited, not just re-saved."""
        return self.mirrored or self.variant != "original"

    def describe(self) -> str:
        how = (["mirrored"] if self.mirrored else []) + ([self.variant] if self.variant != "original" else [])
        how.append(f"pHash distance {self.phash_distance}, dHash {self.dhash_distance}")
        return f"photo matches known image {self.name!r} ({', '.join(how)})"


def _versions() -> dict[str, str]:
    # Pillow decodes and shrinks; the hashes themselves are this package's (fakeprofile.perceptual).
    return {"pillow": PIL.__version__, "recipe": str(RECIPE_VERSION)}


_INDEX_UIDS = itertools.count()


class KnownImageIndex:
    """Hashes of known images (every variant), searchable by a profile photo.

    Build with :meth:`build` (files) or :meth:`add_image`, persist with :meth:`save` and :meth:`load`
    (plain numpy arrays, never pickle). Adding images to a loaded index does not rebuild it.
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self._phash = HammingIndex()
        self._dhash = np.empty(0, dtype=np.uint64)
        self._image = np.empty(0, dtype=np.int64)
        self._variant = np.empty(0, dtype=np.int16)
        self._lock = threading.Lock()
        self._uid = next(_INDEX_UIDS)
        #: Files skipped by :meth:`build`/:meth:`add_files`, with the reason.
        self.skipped: list[tuple[str, str]] = []

    def __len__(self) -> int:
        return len(self.names)

    @property
    def n_hashes(self) -> int:
        return len(self._dhash)

    @property
    def version(self) -> tuple[int, int]:
        """Changes whenever the index changes: what caches of lookups are keyed by."""
        return (self._uid, self.n_hashes)

    # ---- adding
    def add_images(self, named: Iterable[tuple[str, Image.Image]]) -> int:
        """Index images under their names in one update; returns how many were indexed.

        Near-uniform images (they would match every blank avatar) and names longer than
        :data:`MAX_NAME_CHARS` are not indexed; they are listed in :attr:`skipped`.

        Raises
        ------
        ValueError
            The index would hold more than :data:`MAX_IMAGES` images (the images of this call are not added).
        """
        phashes, dhashes, images, variants, names = [], [], [], [], []
        for name, image in named:
            if len(name) > MAX_NAME_CHARS:
                self.skipped.append((name, f"name longer than {MAX_NAME_CHARS} characters"))
                continue
            if len(self.names) + len(names) >= MAX_IMAGES:
                raise ValueError(f"a known-image index holds at most {MAX_IMAGES:,} images (MAX_IMAGES)")
            grey = _grey(image).copy()
            # Variants are hashed from a small grey copy: cropping and rotating it gives the same hashes as
            # the full picture at a fraction of the cost.
            grey.thumbnail((4 * THUMB_SIDE, 4 * THUMB_SIDE), Image.Resampling.BOX)
            if is_near_uniform(grey):
                self.skipped.append((name, "near-uniform image: blank images all hash alike"))
                continue
            number = len(self.names) + len(names)
            names.append(name)
            for k, (_, transform) in enumerate(INDEX_VARIANTS):
                ph, dh = hash_image(transform(grey))
                phashes.append(ph)
                dhashes.append(dh)
                images.append(number)
                variants.append(k)
        if names:
            with self._lock:
                rows = np.arange(len(self._dhash), len(self._dhash) + len(phashes), dtype=np.int64)
                self._phash.add(np.array(phashes, dtype=np.uint64), rows)
                self._dhash = np.concatenate([self._dhash, np.array(dhashes, dtype=np.uint64)])
                self._image = np.concatenate([self._image, np.array(images, dtype=np.int64)])
                self._variant = np.concatenate([self._variant, np.array(variants, dtype=np.int16)])
                self.names.extend(names)
        return len(names)

    def add_files(self, paths: Iterable[str | os.PathLike[str]], *, root: str | os.PathLike[str] | None = None,
                  progress: bool = False) -> int:
        """Index image files, named by their path relative to ``root`` (default: the file name).

        Unreadable or near-uniform files are listed in :attr:`skipped` with the reason. Returns how
        many files were indexed.
        """
        paths = list(paths)
        added = 0
        batch: list[tuple[str, Image.Image]] = []
        for path in progress_bar(paths, total=len(paths), enabled=progress, unit=" images", desc="hashing"):
            name = os.path.relpath(path, root) if root is not None else os.path.basename(path)
            try:
                batch.append((name, load_photo(str(path), min_side=HASH_SIDE, grey=True).image))
            except ImageRejected as exc:
                self.skipped.append((name, str(exc)))
            if len(batch) >= 256:
                added += self.add_images(batch)
                batch = []
        return added + self.add_images(batch)

    def add_folder(self, folder: str | os.PathLike[str], *, progress: bool = False) -> int:
        """Index every image file under ``folder`` (recursively, in sorted order)."""
        return self.add_files(image_files(folder), root=folder, progress=progress)

    # ---- searching
    def query(self, image: Image.Image) -> list[PhotoMatch]:
        """Known images this image matches, best first (one entry per known image)."""
        thumb = _thumbnail(image)
        return [] if _uniform(thumb) else self._query_thumbnail(thumb, hashes(thumb))

    def _query_thumbnail(self, thumb: np.ndarray, own: tuple[int, int]) -> list[PhotoMatch]:
        if not self.names:
            return []
        best: dict[int, PhotoMatch] = {}
        for mirrored, (ph, dh) in ((False, own), (True, hashes(thumb[:, ::-1]))):
            rows, distances = self._phash.query(ph, PHASH_RADIUS)
            if not len(rows):
                continue
            d_distances = hamming_distances(dh, self._dhash[rows])
            for row, distance, d_distance in zip(rows, distances, d_distances, strict=True):
                if d_distance > DHASH_RADIUS:
                    continue
                number = int(self._image[row])
                match = PhotoMatch(self.names[number], int(distance), int(d_distance), mirrored,
                                   INDEX_VARIANTS[int(self._variant[row])][0])
                if number not in best or _rank(match) < _rank(best[number]):
                    best[number] = match
        return sorted(best.values(), key=_rank)

    # ---- persistence
    def digest(self) -> str:
        """sha256 of the index content (names and hashes): what the model manifest records."""
        h = hashlib.sha256()
        h.update(json.dumps(self.names, ensure_ascii=False).encode())
        for array in (self._phash_codes(), self._dhash, self._image, self._variant):
            h.update(np.ascontiguousarray(array).tobytes())
        return h.hexdigest()

    def _phash_codes(self) -> np.ndarray:
        codes = np.empty(len(self._dhash), dtype=np.uint64)
        codes[self._phash.ids] = self._phash.codes
        return codes

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the index as a ``.npz`` of plain arrays (atomically); returns the path written."""
        path = Path(path)
        meta = {"format": _FORMAT, **_versions(), "n_images": len(self.names), "digest": self.digest()}
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "wb") as handle:
            np.savez(handle, meta=np.array(json.dumps(meta)), names=np.array(self.names, dtype=str),
                     phash=self._phash_codes(), dhash=self._dhash, image=self._image, variant=self._variant)
        os.replace(tmp, path)
        return path

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> KnownImageIndex:
        """Read an index written by :meth:`save`, refusing other versions, tampered and hostile files.

        Everything is checked before any array is read, from the file's type, the zip directory and each
        member's ``.npy`` header: a regular file (a FIFO would block); exactly the six members :meth:`save`
        writes, stored uncompressed (a small compressed member can expand to gigabytes), so the arrays read
        take no more memory than the file's size on disk; each member no larger than an index of :data:`MAX_IMAGES`
        images needs, of the expected dtype, with the shape its header declares filling it exactly; and
        the metadata's format and versions. Nothing is ever unpickled.

        Raises
        ------
        FileNotFoundError
            No file at ``path``.
        IndexMismatch
            Anything else; the message names the file and, when one is at fault, the member.
        """
        path = Path(path)
        meta, data = _read_index_file(path)
        n = len(data["dhash"])
        index = cls()
        index.names = [str(name) for name in data["names"]]
        if n and (data["image"].min() < 0 or data["image"].max() >= len(index.names)
                  or data["variant"].min() < 0 or data["variant"].max() >= len(INDEX_VARIANTS)):
            raise IndexMismatch(f"{path}: the index refers to images or variants it does not have")
        index._phash = HammingIndex(data["phash"], np.arange(n, dtype=np.int64))
        index._dhash, index._image, index._variant = data["dhash"], data["image"], data["variant"]
        if index.digest() != meta.get("digest"):
            raise IndexMismatch(f"{path}: the index's content does not match its checksum (edited or corrupt)")
        return index

    def stats(self) -> dict[str, object]:
        """What the index holds, for ``fakeprofile index stats``."""
        return {"images": len(self.names), "hashes": self.n_hashes, "variants_per_image": len(INDEX_VARIANTS),
                "phash_radius": PHASH_RADIUS, "dhash_radius": DHASH_RADIUS, **_versions(),
                "digest": self.digest()}


# ------------------------------------------------------------------------------------------ reading index files
def _not_index(path: Path, why: str) -> IndexMismatch:
    return IndexMismatch(f"{path}: not a fakeprofile known-image index ({why})")


def _bad_member(path: Path, info: zipfile.ZipInfo, why: str) -> IndexMismatch:
    return _not_index(path, f"member {info.filename}: {why}")


_FILE_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
               (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


def _open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading if it is a regular file (after symbolic links), else :class:`IndexMismatch`.

    Stat before open, as :func:`fakeprofile.images.read_photo_bytes` does for photos: opening a FIFO blocks until
    something writes to it, and opening a device can do anything. The file is then opened without blocking and
    checked again, in case it was swapped in between. A missing file raises :class:`FileNotFoundError`.
    """
    def refuse(mode: int) -> IndexMismatch:
        kind = next((name for test, name in _FILE_KINDS if test(mode)), "not a file")
        return _not_index(path, f"it is {kind}, not a regular file")

    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        raise refuse(mode)
    handle = open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb")  # noqa: SIM115 (returned)
    mode = os.fstat(handle.fileno()).st_mode
    if not stat.S_ISREG(mode):
        handle.close()
        raise refuse(mode)
    return handle


def _member_cap(key: str) -> int:
    """Most bytes member ``key`` holds in an index of :data:`MAX_IMAGES` images, .npy header included."""
    dtype = _MEMBERS[key]
    if dtype is None:
        data = 4 * (_MAX_META_CHARS if key == "meta" else MAX_NAME_CHARS * MAX_IMAGES)
    else:
        data = dtype.itemsize * MAX_IMAGES * len(INDEX_VARIANTS)
    return _MAX_NPY_HEADER + data


def _read_index_file(path: Path) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The metadata and arrays of an index file; every size, dtype and shape is checked before data is read."""
    with _open_regular(path) as handle:
        try:
            # ZipFile parses the whole zip directory as it opens: check what the end record declares first.
            # (_EndRecData is what ZipFile itself reads it with.)
            end = zipfile._EndRecData(handle)
            if end is None:
                raise _not_index(path, "not an .npz file: it is not a zip archive")
            entries, directory_bytes = end[zipfile._ECD_ENTRIES_TOTAL], end[zipfile._ECD_SIZE]
            if directory_bytes > _MAX_ZIP_DIRECTORY:
                raise _not_index(path, f"its zip directory lists {entries:,} members in {directory_bytes:,} bytes; "
                                       f"an index has {len(_MEMBERS)} members")
            with zipfile.ZipFile(handle) as archive:
                members = _index_members(path, archive, os.fstat(handle.fileno()).st_size)
                headers = {"meta": _npy_header(path, archive, members["meta"])}
                meta = _check_meta(path, _npy_data(path, archive, members["meta"], headers["meta"]))
                headers |= {key: _npy_header(path, archive, members[key]) for key in _MEMBERS if key != "meta"}
                _check_lengths(path, meta, headers)
                return meta, {key: _npy_data(path, archive, members[key], headers[key])
                              for key in _MEMBERS if key != "meta"}
        except IndexMismatch:
            raise
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise _not_index(path, f"not a readable .npz file: {exc}") from None


def _index_members(path: Path, archive: zipfile.ZipFile, file_size: int) -> dict[str, zipfile.ZipInfo]:
    """The zip entry of each member, after checking names, storage and declared sizes from the directory alone."""
    found: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        if info.filename in found:
            raise _bad_member(path, info, "listed twice")
        found[info.filename] = info
    expected = {f"{key}.npy": key for key in _MEMBERS}
    extra = [name for name in found if name not in expected]
    if extra:
        raise _not_index(path, f"unexpected member {extra[0][:80]!r}; an index holds only {', '.join(expected)}")
    missing = sorted(key for name, key in expected.items() if name not in found)
    if missing:
        raise _not_index(path, f"missing {missing}")
    for info in found.values():
        cap = _member_cap(expected[info.filename])
        if info.file_size > cap:
            raise _bad_member(path, info, f"declares {info.file_size:,} bytes, more than the {cap:,} an index of at "
                                          f"most {MAX_IMAGES:,} images needs")
        if info.flag_bits & 0x1:
            raise _bad_member(path, info, "encrypted")
        if info.compress_type != zipfile.ZIP_STORED:
            raise _bad_member(path, info, "compressed; `fakeprofile index build` stores members uncompressed, and a "
                                          "compressed member could expand to many times the file's size")
        if info.compress_size != info.file_size or info.header_offset + info.compress_size > file_size:
            raise _bad_member(path, info, "its sizes in the zip directory do not fit the file (truncated or edited)")
    return {key: found[name] for name, key in expected.items()}


def _npy_header(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[np.dtype, tuple[int, ...], int]:
    """(dtype, shape, header bytes) of a member from its .npy header, checked against what the member must hold."""
    key = info.filename.removesuffix(".npy")
    try:
        with archive.open(info) as member:
            version = np.lib.format.read_magic(member)
            if version not in ((1, 0), (2, 0)):
                raise _bad_member(path, info, f".npy format version {version[0]}.{version[1]}, not 1.0 or 2.0")
            read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            shape, _, dtype = read(member, max_header_size=_MAX_NPY_HEADER)
            offset = member.tell()
    except IndexMismatch:
        raise
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise _bad_member(path, info, f"not a readable .npy array ({exc})") from None
    expected = _MEMBERS[key]
    ndim = 0 if key == "meta" else 1
    if expected is None:
        chars = _MAX_META_CHARS if key == "meta" else MAX_NAME_CHARS
        ok, wanted = dtype.kind == "U" and 4 <= dtype.itemsize <= 4 * chars, f"strings of at most {chars} characters"
    else:
        ok, wanted = dtype == expected, f"{expected} values"
    if not ok or len(shape) != ndim:
        raise _bad_member(path, info, f"holds a {len(shape)}-D array of {dtype}, not a {ndim}-D array of {wanted}")
    if offset + math.prod(shape) * dtype.itemsize != info.file_size:
        raise _bad_member(path, info, f"its .npy header declares shape {shape} of {dtype}, which does not fill the "
                                      f"{info.file_size:,} bytes the zip directory declares")
    return dtype, shape, offset


def _npy_data(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo,
              header: tuple[np.dtype, tuple[int, ...], int]) -> np.ndarray:
    """A member's array, read in blocks straight into an array of the checked dtype and shape (CRC checked)."""
    dtype, shape, offset = header
    array = np.empty(shape, dtype=dtype)
    buffer = memoryview(array.reshape(-1).view(np.uint8))
    try:
        with archive.open(info) as member:
            member.read(offset)
            done = 0
            while done < len(buffer):  # the last block also checks the member's CRC
                block = member.read(min(1 << 20, len(buffer) - done))
                if not block:
                    raise EOFError("truncated")
                buffer[done:done + len(block)] = block
                done += len(block)
    except (zipfile.BadZipFile, EOFError) as exc:
        raise _bad_member(path, info, f"{exc} (corrupt or truncated)") from None
    return array


def _check_meta(path: Path, meta_array: np.ndarray) -> dict[str, Any]:
    try:
        meta = json.loads(str(meta_array[()]))
    except ValueError:
        raise IndexMismatch(f"{path}: the index's metadata is not JSON") from None
    if not isinstance(meta, dict) or meta.get("format") != _FORMAT:
        raise _not_index(path, "its metadata is not a fakeprofile index's")
    ours = _versions()
    theirs = {key: str(meta.get(key)) for key in ours}
    if theirs != ours:
        differs = ", ".join(f"{k} {theirs[k]} (this installation has {ours[k]})" for k in ours if theirs[k] != ours[k])
        raise IndexMismatch(
            f"{path}: built with {differs}; hash values change across these versions, so matches would be "
            "wrong. Rebuild it here with `fakeprofile index build`")
    return meta


def _check_lengths(path: Path, meta: dict[str, Any], headers: dict[str, tuple[np.dtype, tuple[int, ...], int]]) -> None:
    n_images = headers["names"][1][0]
    if n_images > MAX_IMAGES:
        raise _not_index(path, f"it names {n_images:,} images, more than the {MAX_IMAGES:,} an index may hold")
    lengths = {key: headers[key][1][0] for key in ("phash", "dhash", "image", "variant")}
    if set(lengths.values()) != {n_images * len(INDEX_VARIANTS)}:
        found = ", ".join(f"{n:,} {key}" for key, n in lengths.items())
        raise _not_index(path, f"{n_images:,} names but {found}; an index has {len(INDEX_VARIANTS)} of each per image")
    if meta.get("n_images") != n_images:
        raise _not_index(path, f"its metadata counts {meta.get('n_images')!r} images, its names array {n_images:,}")


def _rank(match: PhotoMatch) -> tuple[int, int, bool, str]:
    return (match.phash_distance + match.dhash_distance, match.phash_distance, match.mirrored, match.name)


def image_files(folder: str | os.PathLike[str]) -> list[Path]:
    """Image files under ``folder``, recursively, sorted (so an index is built the same way every time)."""
    return sorted(p for p in Path(folder).rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)


_default: KnownImageIndex | None = None
_default_lock = threading.Lock()


def default_known_index() -> KnownImageIndex:
    """The known-image index photos are checked against unless a caller gives its own.

    ``$FAKEPROFILE_KNOWN_IMAGES`` names an index file built with ``fakeprofile index build``;
    otherwise the index of the known images shipped with fakeprofile (the synthetic stock and
    celebrity pictures the sample data's stolen-photo personas copy) is used: built on first use
    (about two seconds) and cached in :func:`fakeprofile.settings.user_cache_dir`.
    """
    global _default
    with _default_lock:
        if _default is None:
            env = os.environ.get(_ENV_INDEX)
            _default = KnownImageIndex.load(env) if env else _shipped_index()
        return _default


def _shipped_index() -> KnownImageIndex:
    folder = next((d for d in _DATA_DIRS if d.is_dir()), None)
    if folder is None:
        return KnownImageIndex()
    files = image_files(folder)
    key = hashlib.sha256(json.dumps(_versions(), sort_keys=True).encode())
    for path in files:
        key.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    cached = user_cache_dir() / f"known_images-{key.hexdigest()[:16]}.npz"
    try:
        return KnownImageIndex.load(cached)
    except (OSError, IndexMismatch):
        pass  # not built yet, or damaged: build it again
    index = KnownImageIndex()
    index.add_files(files, root=folder)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        index.save(cached)
    except OSError:
        pass  # a read-only home still works, only slower to start
    return index


# ------------------------------------------------------------------------------------------ analysis
@dataclass(frozen=True)
class PhotoAnalysis:
    """Everything the photo extractor measures about one photo reference."""

    readable: bool
    problem: str | None = None
    width: int = 0
    height: int = 0
    format: str = ""
    near_uniform: bool = False
    graphic_share: float = float("nan")
    phash: int | None = None
    matches: tuple[PhotoMatch, ...] = field(default_factory=tuple)
    #: Frontal faces found (:func:`fakeprofile.faces.detect_faces`) and the largest one's share of the area;
    #: None when the detector could not search the picture (unknown, not "no face").
    faces: int | None = 0
    face_area_share: float | None = 0.0


def analyse_photo(ref: str, index: KnownImageIndex, *, find_faces: bool = True) -> PhotoAnalysis:
    """Decode (guarded), hash and look up one photo; an unusable photo says why instead of raising.

    ``find_faces=False`` skips the face search (a banner is not searched: it costs milliseconds and nothing
    reads it), leaving the faces unknown (None)."""
    try:
        decoded = load_photo(ref, min_side=HASH_SIDE)
    except ImageRejected as exc:
        return PhotoAnalysis(readable=False, problem=str(exc))
    thumb = _thumbnail(decoded.image)
    uniform = _uniform(thumb)
    own = None if uniform else hashes(thumb)
    # The same decoded picture: a blank one holds no face and is not searched. (Imported here, within this
    # function, so OpenCV loads only when a photo is analysed.)
    from fakeprofile.faces import FaceDetectionError, FaceResult, detect_faces

    try:
        found: FaceResult | None = (None if not find_faces else FaceResult(0, 0.0) if uniform
                                    else detect_faces(decoded.image))
    except FaceDetectionError:
        found = None
    return PhotoAnalysis(
        readable=True, width=decoded.width, height=decoded.height, format=decoded.format, near_uniform=uniform,
        graphic_share=graphic_share(decoded.image), phash=own[0] if own else None,
        matches=tuple(index._query_thumbnail(thumb, own)) if own else (),
        faces=None if found is None else found.faces, face_area_share=None if found is None else found.largest_share,
    )
