"""Photos: the pictures synthetic profiles show, rendered from a :class:`PhotoSpec` into JPEG or PNG bytes.

Kinds
-----
``portrait``
    A head-and-shoulders photograph of a person who exists nowhere else. The backdrop is a blurred,
    re-coloured crop of a real photograph, a smooth random field, a drawn room or landscape or a studio
    gradient; framing (close-up to half-body, anywhere across the frame), clothing, hair, lighting
    direction, colour cast, vignetting and sensor grain are all drawn from the seed.
``logo``
    A flat company logo: shapes and the initials in ``spec.text`` on a plain or two-tone ground.
``avatar``
    The platform's blank default picture: a faint silhouette on a pale ground, near uniform
    (:func:`fakeprofile.photos.is_near_uniform` holds for every one).
``drawing``
    An illustrated avatar in flat colours: a cartoon head, a pop-art four-up of a face, an identicon
    or a geometric pattern. No grain, so most of its pixels sit in a few colours (high ``graphic_share``).
``object``
    A photograph that is not a face: a pet or a car drawn into a real or drawn setting, flowers, a
    landscape; photographic (grain, blur, real-photo textures), so its ``graphic_share`` is low.
``known``
    A copy of known image number ``spec.known`` (:func:`known_images`): ``edit="light"`` only resizes and
    recompresses it, ``edit="heavy"`` also crops 5-20% (centre or a corner), mirrors, rotates up to 4
    degrees and changes tone, each with some probability and at least one of them.

The style of a picture depends only on its spec, never on whether the profile is fake: the caller
chooses kind, size and format. ``spec.size`` is the longer side in pixels, honoured exactly; most kinds
are square or up to 4:3 either way (by seed), avatars and drawings square. Pictures are drawn at an
internal size between 96 and 384 pixels and resized, so a tiny photo is a real downscale and a
2,000-pixel photo costs little more than encoding it.

Why a genuine picture never matches a known image
-------------------------------------------------
Drawn portraits are alike where perceptual hashes look (the coarse layout of light and dark): the
previous renderer's portraits, a head on a smooth backdrop at a similar place and scale, matched one of
the 64 known images in 12-15% of cases. Two things keep that from happening now:

1. The pictures vary far more at low frequencies (real-photograph backdrops, framing anywhere from a
   close-up to half-body across the frame, light falling from any side, pools of light or shade,
   vignettes), so that even unchecked only 0.27% of portraits (11 of 4,000, sizes 96-400) matched a
   known image, and two different portraits are within ``SAME_PHOTO_RADIUS`` (4 bits of pHash) of each
   other for 3.8e-7 of pairs.
2. :func:`render` checks every new picture (all kinds but ``known``) against the known images it is
   given the way :func:`fakeprofile.photos.analyse_photo` would (its own bytes, decoded by
   :func:`fakeprofile.images.decode_image`, against every index variant of the known images saved as
   JPEG at quality 92, as ``generate`` writes them and ``fakeprofile index build`` indexes them; as
   itself and mirrored) with radii 2 bits wider than the index's, and redraws it from a derived seed
   when it comes that close. So no genuine picture matches, as long as the index holds those known
   images; the widened radii absorb a different decoder or quality. :func:`known_images` likewise
   redraws a known image that comes that close to an earlier one, so a copy is found as the image it
   was copied from.

Limits: a JPEG logo or drawing of 16-48 pixels is mostly edges and block noise, so its
``graphic_share`` is low (median 0.55 for logos, 0.21 for drawings; as PNG 0.83 and 0.92). PNG
encoding of photographs is slow at large sizes (zlib: about 0.2 s for a 2,000-pixel portrait). The same
spec gives the same bytes for the same known images, Pillow, libjpeg and zlib.

Sources
-------
Everything is drawn with Pillow and numpy from ``spec.seed``, except the textures of backdrops and
objects, which are crops of the two photographs scikit-learn ships inside its package
(``sklearn/datasets/images``: ``china.jpg`` and ``flower.jpg``, read from disk, never downloaded). They
are photographs by Flickr users, released under the Creative Commons Attribution 2.0 licence
(https://creativecommons.org/licenses/by/2.0/) and retrieved for scikit-learn by Robert Layton, as its
``sklearn/datasets/images/README.txt`` states: ``china.jpg`` by danielbuechele, ``flower.jpg`` from
vultilion's photostream (the README's attribution line for it repeats danielbuechele). Crops of them are
blurred, re-coloured, mirrored and drawn over here.
"""

from __future__ import annotations

import importlib.util
import io
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont

from fakeprofile.hamming import hamming_distances
from fakeprofile.images import decode_image
from fakeprofile.perceptual import THUMB_SIDE, hashes
from fakeprofile.photos import (
    DHASH_RADIUS,
    HASH_SIDE,
    INDEX_VARIANTS,
    PHASH_RADIUS,
    UNIFORM_STD,
    hash_image,
    is_near_uniform,
)

__all__ = [
    "EDITS",
    "KINDS",
    "KNOWN_IMAGES_SEED",
    "KNOWN_KINDS",
    "N_KNOWN_CELEBRITY",
    "N_KNOWN_STOCK",
    "PhotoSpec",
    "known_images",
    "render",
]

#: What a profile photo can show (see the module docstring).
KINDS = ("portrait", "logo", "avatar", "drawing", "object", "known")
#: How a ``known`` copy is edited.
EDITS = ("light", "heavy")
#: The kinds of known image: ``known_images()[k]`` is a stock portrait for ``k < N_KNOWN_STOCK``, then
#: celebrity pictures.
KNOWN_KINDS = ("stock", "celebrity")
#: How many stock / celebrity pictures :func:`known_images` draws (``generate`` writes them to ``known_images/``).
N_KNOWN_STOCK, N_KNOWN_CELEBRITY = 52, 12
#: The known pictures are the same for every seed, as the internet's stock photos are the same for every
#: data set: fakeprofile ships their index (:func:`fakeprofile.photos.default_known_index`), so stolen
#: photos in any synthetic set are found by the real matching path.
KNOWN_IMAGES_SEED = 2026
#: Longer side of the known images.
KNOWN_SIDE = 256
#: JPEG quality ``generate`` saves known images with; the match check indexes them the same way.
KNOWN_JPEG_QUALITY = 92
#: Pictures are drawn with their longer side in this range, then resized to ``spec.size``.
WORK_MIN, WORK_MAX = 96, 384
#: Accepted ``spec.size`` (longer side, pixels).
MIN_SIZE, MAX_SIZE = 8, 4000
#: Attempts at a picture that matches no known image before the last one is kept.
_MAX_ATTEMPTS = 8

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class PhotoSpec:
    """What picture a profile shows; turned into file bytes by :func:`render`.

    Attributes
    ----------
    kind
        One of :data:`KINDS`.
    seed
        Everything random about the picture (a non-negative integer, 63 bits in practice).
    ext
        ``"jpg"`` or ``"png"``: the file format.
    size
        Longer side in pixels (:data:`MIN_SIZE` to :data:`MAX_SIZE`).
    known
        For ``kind="known"``: which of :func:`known_images` is copied.
    text
        For ``kind="logo"``: the initials on it.
    edit
        For ``kind="known"``: ``"light"`` (resize and recompress) or ``"heavy"`` (crop, mirror, rotation, tone).
    """

    kind: str
    seed: int
    ext: str
    size: int
    known: int = -1
    text: str = ""
    edit: str = "heavy"


SKIN_TONES: tuple[RGB, ...] = (
    (255, 224, 196), (241, 194, 160), (224, 172, 105), (198, 134, 66), (141, 85, 36), (92, 58, 38),
    (255, 205, 178), (234, 192, 134), (170, 110, 70), (120, 75, 50), (60, 40, 30), (210, 160, 130),
)
HAIR_COLOURS: tuple[RGB, ...] = (
    (20, 16, 14), (59, 42, 30), (110, 72, 40), (170, 120, 60), (222, 190, 120), (140, 140, 140),
    (205, 205, 205), (120, 30, 20), (35, 30, 40), (90, 60, 45),
)
CLOTHES: tuple[RGB, ...] = (
    (20, 20, 24), (30, 40, 70), (60, 60, 66), (120, 120, 125), (235, 235, 230), (200, 185, 160), (90, 60, 40),
    (40, 70, 110), (110, 20, 30), (60, 80, 50), (170, 190, 210),
)
_POP_PALETTES: tuple[tuple[RGB, RGB, RGB], ...] = (
    ((255, 0, 128), (255, 230, 0), (0, 200, 255)), ((0, 160, 80), (255, 120, 0), (250, 250, 250)),
    ((120, 0, 200), (0, 255, 180), (255, 255, 120)), ((255, 60, 0), (40, 40, 255), (255, 200, 220)),
    ((20, 20, 20), (230, 50, 50), (250, 240, 210)), ((0, 90, 160), (250, 180, 0), (240, 240, 240)),
)


# ------------------------------------------------------------------------------------------ helpers
def _colour(g: np.random.Generator, low: int = 0, high: int = 256) -> RGB:
    r, gr, b = (int(v) for v in g.integers(low, high, size=3))
    return (r, gr, b)


def _jitter(colour: Sequence[int], g: np.random.Generator, amount: int) -> RGB:
    r, gr, b = (int(np.clip(c + g.integers(-amount, amount + 1), 0, 255)) for c in colour)
    return (r, gr, b)


def _scaled(colour: Sequence[int], factor: float) -> RGB:
    r, gr, b = (int(np.clip(c * factor, 0, 255)) for c in colour)
    return (r, gr, b)


def _pick(g: np.random.Generator, options: Sequence[RGB]) -> RGB:
    return options[int(g.integers(len(options)))]


def _dims(g: np.random.Generator, size: int, *, square: bool = False) -> tuple[int, int]:
    """(width, height) with the longer side ``size``: square half the time, else up to 4:3 either way."""
    if square or g.random() < 0.5:
        return size, size
    short = max(1, round(size / g.uniform(1.05, 4 / 3)))
    return (short, size) if g.random() < 0.6 else (size, short)


def _work_dims(dims: tuple[int, int]) -> tuple[int, int]:
    """The size a picture of ``dims`` is drawn at: longer side clipped to [WORK_MIN, WORK_MAX]."""
    w, h = dims
    side = min(max(max(w, h), WORK_MIN), WORK_MAX)
    scale = side / max(w, h)
    return max(1, round(w * scale)), max(1, round(h * scale))


def _to_size(img: Image.Image, dims: tuple[int, int]) -> Image.Image:
    if img.size == dims:
        return img
    if dims[0] >= img.width:  # upscaling: smooth and cheap
        return img.resize(dims, Image.Resampling.BILINEAR)
    return img.resize(dims, Image.Resampling.LANCZOS, reducing_gap=2.0)


@lru_cache(maxsize=1)
def _sources() -> tuple[Image.Image, ...]:
    """scikit-learn's two bundled photographs (640 x 427), decoded once per process."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("scikit-learn is needed for the photographs backdrops are cropped from")
    folder = Path(spec.origin).parent / "datasets" / "images"
    images = []
    for name in ("china.jpg", "flower.jpg"):
        path = folder / name
        if not path.is_file():
            raise FileNotFoundError(f"{path}: scikit-learn's sample photograph is missing (reinstall scikit-learn)")
        with Image.open(path) as im:
            images.append(im.convert("RGB"))
    return tuple(images)


@lru_cache(maxsize=1)
def _grain_tile() -> np.ndarray:
    """Unit Gaussian noise, drawn once; pictures take windows of it at seeded offsets (cheap grain)."""
    return np.random.default_rng(0x6772_6169_6E).standard_normal((2 * WORK_MAX, 2 * WORK_MAX, 3)).astype(np.float32)


def _grain(arr: np.ndarray, g: np.random.Generator, sigma: float) -> np.ndarray:
    """Add sensor-like noise of standard deviation ``sigma`` to ``arr`` (float32, h x w x 1 or 3) in place."""
    h, w, channels = arr.shape
    tile = _grain_tile()
    y, x = int(g.integers(0, tile.shape[0] - h + 1)), int(g.integers(0, tile.shape[1] - w + 1))
    window = tile[y:y + h, x:x + w, :channels]
    arr += window * np.float32(sigma)
    return arr


def _smooth_field(g: np.random.Generator, w: int, h: int, cells: int) -> np.ndarray:
    """Smooth random values in [0, 1] (h x w): a random grid of about ``cells`` cells, upscaled bicubically."""
    gw, gh = (cells, max(2, round(cells * h / w))) if w >= h else (max(2, round(cells * w / h)), cells)
    grid = g.random((gh, gw)).astype(np.float32)
    img = Image.fromarray(grid, "F").resize((w, h), Image.Resampling.BICUBIC)
    field = np.asarray(img)
    lo, hi = float(field.min()), float(field.max())
    return (field - lo) / (hi - lo + 1e-6)


def _palette_map(t: np.ndarray, colours: Sequence[RGB]) -> np.ndarray:
    """Values in [0, 1] mapped through a piecewise-linear ramp of ``colours`` (float32 h x w x 3)."""
    stops = np.linspace(0.0, 1.0, len(colours))
    table = np.asarray(colours, np.float32)
    return np.stack([np.interp(t, stops, table[:, c]) for c in range(3)], axis=-1).astype(np.float32)


def _colour_grade(img: Image.Image, g: np.random.Generator, strength: float) -> Image.Image:
    """Random white balance, saturation, contrast and channel order (a re-coloured photograph)."""
    arr = np.asarray(img, np.float32)
    if g.random() < 0.25 * strength:
        arr = arr[..., g.permutation(3)]
    saturation = g.uniform(0.2, 1.5) if g.random() < 0.8 else 0.0
    contrast = g.uniform(0.6, 1.3)
    gains = 1.0 + g.uniform(-0.25, 0.25, size=3) * strength
    shift = (128.0 * (1.0 - contrast) + g.uniform(-60, 60) * strength) * gains
    grey = arr.mean(axis=2, keepdims=True)
    arr -= grey
    arr *= np.float32(saturation)
    arr += grey
    arr *= (gains * contrast).astype(np.float32)
    arr += shift.astype(np.float32)
    return Image.fromarray(np.clip(arr, 0, 255, out=arr).astype(np.uint8), "RGB")


# ------------------------------------------------------------------------------------------ backdrops
def _photo_crop(g: np.random.Generator, w: int, h: int, *, zoom: tuple[float, float] = (0.12, 0.9),
                source: int | None = None) -> Image.Image:
    """A random crop of one of scikit-learn's photographs, resized to ``w`` x ``h``, maybe mirrored."""
    sources = _sources()
    src = sources[int(g.integers(len(sources))) if source is None else source]
    sw, sh = src.size
    aspect = w / h
    cw = g.uniform(*zoom) * sw
    ch = cw / aspect
    if ch > sh * 0.95:
        ch = sh * g.uniform(0.3, 0.95)
        cw = ch * aspect
    x0, y0 = g.uniform(0, max(sw - cw, 0)), g.uniform(0, max(sh - ch, 0))
    img = src.resize((w, h), Image.Resampling.BILINEAR, box=(x0, y0, min(x0 + cw, sw), min(y0 + ch, sh)))
    if g.random() < 0.5:
        img = img.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    if g.random() < 0.15:
        img = img.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    return img


def _field_backdrop(g: np.random.Generator, w: int, h: int) -> Image.Image:
    """A smooth random field in two to four colours: a wall, foliage or lights out of focus."""
    t = _smooth_field(g, w, h, int(g.integers(2, 7)))
    if g.random() < 0.6:
        t = 0.65 * t + 0.35 * _smooth_field(g, w, h, int(g.integers(6, 14)))
    colours = [_colour(g, 10, 250) for _ in range(int(g.integers(2, 5)))]
    return Image.fromarray(np.clip(_palette_map(t, colours), 0, 255).astype(np.uint8), "RGB")


def _gradient(g: np.random.Generator, w: int, h: int, first: RGB, second: RGB) -> Image.Image:
    """A linear gradient from ``first`` to ``second`` in a random direction, with a soft radial light."""
    y = np.linspace(-0.5, 0.5, h, dtype=np.float32)[:, None]
    x = np.linspace(-0.5, 0.5, w, dtype=np.float32)[None, :]
    angle = g.uniform(0, 2 * math.pi)
    t = np.clip(0.5 + g.uniform(0.5, 1.6) * (math.sin(angle) * y + math.cos(angle) * x), 0.0, 1.0)
    cx, cy = g.uniform(-0.4, 0.4), g.uniform(-0.4, 0.4)
    t = np.clip(t + g.uniform(-0.5, 0.5) * np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 0.08), 0.0, 1.0)
    arr = _palette_map(t, (first, second))
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


def _room(g: np.random.Generator, w: int, h: int) -> Image.Image:
    """A blurred setting behind a person: a window, shelves, a horizon, or lights on a wall."""
    img = _gradient(g, w, h, _colour(g, 30, 230), _colour(g, 30, 230))
    draw = ImageDraw.Draw(img)
    kind = int(g.integers(4))
    if kind == 0:  # windows or doorways
        for _ in range(int(g.integers(1, 3))):
            x0, y0 = g.uniform(-0.2, 0.8) * w, g.uniform(-0.2, 0.5) * h
            ww, hh = g.uniform(0.2, 0.6) * w, g.uniform(0.3, 0.9) * h
            draw.rectangle([x0, y0, x0 + ww, y0 + hh], fill=_colour(g, 150, 256))
            if g.random() < 0.6:
                draw.line([x0 + ww / 2, y0, x0 + ww / 2, y0 + hh], fill=_colour(g, 30, 120), width=max(1, w // 40))
    elif kind == 1:  # shelves
        colour = _colour(g, 30, 160)
        for _ in range(int(g.integers(2, 6))):
            y = g.uniform(0, h)
            draw.rectangle([0, y, w, y + h * g.uniform(0.03, 0.08)], fill=colour)
        for _ in range(int(g.integers(3, 14))):
            x, y = g.uniform(0, w), g.uniform(0, h)
            draw.rectangle([x, y, x + w * g.uniform(0.03, 0.1), y + h * g.uniform(0.08, 0.2)], fill=_colour(g))
    elif kind == 2:  # outdoors: sky above a horizon, trees
        horizon = g.uniform(0.2, 0.85) * h
        draw.rectangle([0, 0, w, horizon], fill=_jitter((140, 185, 235), g, 50))
        draw.rectangle([0, horizon, w, h], fill=_jitter((90, 130, 80), g, 60))
        for _ in range(int(g.integers(0, 7))):
            x, r = g.uniform(0, w), g.uniform(0.05, 0.25) * w
            draw.ellipse([x - r, horizon - r * 1.6, x + r, horizon + r * 0.4], fill=_jitter((50, 100, 50), g, 40))
    else:  # lights out of focus
        for _ in range(int(g.integers(3, 12))):
            cx, cy, r = g.uniform(0, w), g.uniform(0, h), g.uniform(0.04, 0.2) * w
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=_colour(g, 40, 256))
    return img.filter(ImageFilter.GaussianBlur(w / g.uniform(12, 40)))


def _backdrop(g: np.random.Generator, w: int, h: int, *, studio: bool = False) -> Image.Image:
    """The background of a portrait at ``w`` x ``h`` (drawn small, blurred, scaled up)."""
    side = 64
    bw, bh = (side, max(2, round(side * h / w))) if w >= h else (max(2, round(side * w / h)), side)
    choice = 1.0 if studio else g.random()
    if choice < 0.4:
        img = _colour_grade(_photo_crop(g, bw, bh), g, 1.0)
        img = img.filter(ImageFilter.GaussianBlur(g.uniform(0.0, 2.5)))
    elif choice < 0.6:
        img = _field_backdrop(g, bw, bh)
    elif choice < 0.85:
        img = _room(g, bw, bh)
    else:  # a studio backdrop
        base = _colour(g, 20, 245)
        img = _gradient(g, bw, bh, base, _jitter(base, g, 70))
    return img.resize((w, h), Image.Resampling.BILINEAR)


# ------------------------------------------------------------------------------------------ people
@dataclass
class _Look:
    skin: RGB
    hair: RGB
    clothes: RGB
    shirt: RGB
    style: int  # hair: 0 short, 1 long, 2 bald, 3 bun, 4 curly, 5 covered
    beard: bool
    glasses: bool
    sunglasses: bool
    eyes: RGB


def _look(g: np.random.Generator, *, sunglasses: bool = False) -> _Look:
    skin = _jitter(_pick(g, SKIN_TONES), g, 12)
    return _Look(
        skin=skin,
        hair=_jitter(_pick(g, HAIR_COLOURS), g, 10),
        clothes=_jitter(_pick(g, CLOTHES), g, 18) if g.random() < 0.6 else _colour(g, 5, 250),
        shirt=(245, 245, 245) if g.random() < 0.5 else _colour(g, 20, 256),
        style=int(g.choice(6, p=[0.3, 0.28, 0.08, 0.1, 0.16, 0.08])),
        beard=bool(g.random() < 0.15),
        glasses=bool(g.random() < 0.2),
        sunglasses=sunglasses,
        eyes=_colour(g, 10, 110),
    )


def _draw_person(img: Image.Image, g: np.random.Generator, look: _Look, *, hw: float, cx: float, cy: float,
                 outline: RGB | None = None, modelled: bool = False) -> None:
    """Shoulders, neck, head, hair and a face on ``img``: head ``hw`` pixels wide centred at (cx, cy).

    ``modelled``: the face is shaded as light falls on a real one (eye sockets, brows, the shadow under the
    nose, lips), so that a face detector finds it (:func:`_model_face`); the flat face otherwise."""
    w, h = img.size
    draw = ImageDraw.Draw(img)
    line = max(1, round(hw / 40))
    skin, hair = look.skin, look.hair
    shade = _scaled(skin, g.uniform(0.72, 0.9))
    hh = hw * g.uniform(1.15, 1.38)
    ink = {"outline": outline, "width": max(1, round(hw / 30))} if outline else {}
    # long hair behind the head
    if look.style == 1:
        draw.rounded_rectangle([cx - hw * 0.64, cy - hh * 0.55, cx + hw * 0.64, cy + hh * g.uniform(0.7, 1.3)],
                               radius=int(hw * 0.4), fill=hair, **ink)
    if look.style == 5:  # a headscarf around head and shoulders
        draw.ellipse([cx - hw * 0.78, cy - hh * 0.68, cx + hw * 0.78, cy + hh * 0.9], fill=look.shirt, **ink)
    # body: shoulders down to the bottom edge
    shoulders = hw * g.uniform(1.2, 2.0)
    top = cy + hh * g.uniform(0.62, 0.8)
    radius = int(hw * g.uniform(0.5, 0.9))
    if top < h:
        draw.rounded_rectangle([cx - shoulders, top, cx + shoulders, max(h, top + hw * 3)], radius=radius,
                               fill=look.clothes, **ink)
    collar = int(g.integers(4))  # 0 plain, 1 shirt under a jacket, 2 tie, 3 stripes
    if collar in (1, 2):
        draw.polygon([(cx - hw * 0.42, top), (cx + hw * 0.42, top), (cx, top + hw * g.uniform(0.7, 1.4))],
                     fill=look.shirt)
        if collar == 2:
            tie = _colour(g, 20, 220)
            draw.polygon([(cx - hw * 0.07, top + hw * 0.12), (cx + hw * 0.07, top + hw * 0.12),
                          (cx + hw * 0.1, top + hw * 1.2), (cx - hw * 0.1, top + hw * 1.2)], fill=tie)
    elif collar == 3:
        stripe = _jitter(look.clothes, g, 70)
        step = hw * g.uniform(0.12, 0.3)
        y, inset = top + hw * 0.45, shoulders - hw * 0.15
        while y < h:
            draw.line([cx - inset, y, cx + inset, y], fill=stripe, width=max(1, int(step / 3)))
            y += step
    # neck, ears, head
    draw.rectangle([cx - hw * 0.21, cy + hh * 0.25, cx + hw * 0.21, top + hw * 0.15], fill=shade)
    for side in (-1, 1):
        draw.ellipse([cx + side * hw * 0.49 - hw * 0.09, cy - hh * 0.08, cx + side * hw * 0.49 + hw * 0.09,
                      cy + hh * 0.16], fill=shade)
    draw.ellipse([cx - hw / 2, cy - hh / 2, cx + hw / 2, cy + hh / 2], fill=skin, **ink)
    if not outline:  # the side away from the light in shadow
        side = 1 if g.random() < 0.5 else -1
        draw.chord([cx - hw / 2, cy - hh / 2, cx + hw / 2, cy + hh / 2], start=-70 if side > 0 else 110,
                   end=70 if side > 0 else 250, fill=_scaled(skin, g.uniform(0.85, 0.95)))
    # hair on top
    if look.style in (0, 1, 3):
        draw.chord([cx - hw * 0.54, cy - hh * 0.62, cx + hw * 0.54, cy + hh * g.uniform(0.0, 0.2)],
                   start=180, end=360, fill=hair)
    elif look.style == 4:
        for _ in range(16):
            angle = g.uniform(math.pi * 0.95, 2.05 * math.pi)
            rx, ry = cx + math.cos(angle) * hw * 0.5, cy + math.sin(angle) * hh * 0.45
            r = hw * g.uniform(0.12, 0.22)
            draw.ellipse([rx - r, ry - r, rx + r, ry + r], fill=hair)
    elif look.style == 5:
        draw.chord([cx - hw * 0.6, cy - hh * 0.68, cx + hw * 0.6, cy + hh * 0.1], start=180, end=360,
                   fill=look.shirt)
    if look.style == 3:
        r = hw * 0.22
        draw.ellipse([cx - r, cy - hh * 0.62 - r, cx + r, cy - hh * 0.62 + r], fill=hair)
    # face
    eye_y = cy + hh * g.uniform(-0.02, 0.06)
    eye_dx = hw * g.uniform(0.17, 0.22)
    eye_r = hw * 0.045
    if modelled:  # shaded eyes, brows and nose (under the sunglasses, if any: its light and shade still show)
        _model_face(draw, g, look, hw=hw, hh=hh, cx=cx, eye_y=eye_y, eye_dx=eye_dx, line=line)
    if look.sunglasses:
        for side in (-1, 1):
            draw.rounded_rectangle([cx + side * eye_dx - hw * 0.13, eye_y - hw * 0.08,
                                    cx + side * eye_dx + hw * 0.13, eye_y + hw * 0.09],
                                   radius=int(hw * 0.05) + 1, fill=(15, 15, 20))
        draw.line([cx - eye_dx + hw * 0.13, eye_y, cx + eye_dx - hw * 0.13, eye_y], fill=(15, 15, 20), width=line)
    elif not modelled:
        for side in (-1, 1):
            ex = cx + side * eye_dx
            draw.ellipse([ex - eye_r * 1.6, eye_y - eye_r, ex + eye_r * 1.6, eye_y + eye_r], fill=(245, 245, 240))
            draw.ellipse([ex - eye_r, eye_y - eye_r, ex + eye_r, eye_y + eye_r], fill=look.eyes)
            draw.line([ex - eye_r * 2, eye_y - eye_r * 2.6, ex + eye_r * 2, eye_y - eye_r * 2.9], fill=hair,
                      width=line + 1)
        if look.glasses:
            for side in (-1, 1):
                ex = cx + side * eye_dx
                draw.ellipse([ex - eye_r * 3, eye_y - eye_r * 2.4, ex + eye_r * 3, eye_y + eye_r * 2.4],
                             outline=(30, 30, 30), width=line)
    if not modelled:
        draw.line([cx, eye_y + hh * 0.05, cx - hw * 0.04, eye_y + hh * 0.2], fill=shade, width=line)
    mouth_y = cy + hh * g.uniform(0.24, 0.3)
    mouth_w = hw * g.uniform(0.14, 0.22)
    draw.arc([cx - mouth_w, mouth_y - hh * 0.06, cx + mouth_w, mouth_y + hh * 0.06], start=10, end=170,
             fill=_scaled(skin, 0.6) if outline else (150, 60, 60), width=line + 1)
    if modelled:  # lips: darker than the skin around them
        lips = tuple(int(0.5 * a + 0.5 * b) for a, b in zip(_scaled(skin, 0.55), (120, 40, 45), strict=True))
        draw.ellipse([cx - mouth_w * 0.9, mouth_y + hh * 0.015, cx + mouth_w * 0.9, mouth_y + hh * 0.065], fill=lips)
    if look.beard:
        draw.chord([cx - hw * 0.48, cy - hh * 0.05, cx + hw * 0.48, cy + hh * 0.52], start=20, end=160, fill=hair)


def _model_face(draw: ImageDraw.ImageDraw, g: np.random.Generator, look: _Look, *, hw: float, hh: float, cx: float,
                eye_y: float, eye_dx: float, line: int) -> None:
    """Eyes, brows and nose of a face lit from the front: what a face detector keys on is the band of the eyes
    (sockets, brows, dark irises) darker than the forehead, the bridge of the nose and the cheeks."""
    skin = look.skin
    socket = _scaled(skin, g.uniform(0.62, 0.75))
    # light on the forehead, the bridge of the nose and the cheeks (what makes a dark face readable too)
    light = tuple(min(255, round(c * 1.12 + 22)) for c in skin)
    draw.ellipse([cx - hw * 0.3, eye_y - hh * 0.34, cx + hw * 0.3, eye_y - hh * 0.12], fill=light)
    draw.rectangle([cx - hw * 0.05, eye_y - hh * 0.12, cx + hw * 0.05, eye_y + hh * 0.17], fill=light)
    for side in (-1, 1):
        draw.ellipse([cx + side * eye_dx - hw * 0.12, eye_y + hh * 0.08, cx + side * eye_dx + hw * 0.12,
                      eye_y + hh * 0.2], fill=light)
    dark = tuple(min(a, b) for a, b in zip(_scaled(look.hair, 0.7), _scaled(skin, 0.45), strict=True))
    eye_r = hw * g.uniform(0.045, 0.055)
    for side in (-1, 1):
        ex = cx + side * eye_dx
        draw.ellipse([ex - eye_r * 2.3, eye_y - eye_r * 1.7, ex + eye_r * 2.3, eye_y + eye_r * 1.5], fill=socket)
        draw.ellipse([ex - eye_r * 1.5, eye_y - eye_r * 0.8, ex + eye_r * 1.5, eye_y + eye_r * 0.8],
                     fill=_scaled((235, 232, 228), 0.9))
        draw.ellipse([ex - eye_r * 0.85, eye_y - eye_r * 0.85, ex + eye_r * 0.85, eye_y + eye_r * 0.85],
                     fill=_scaled(look.eyes, 0.6))
        draw.ellipse([ex - eye_r * 0.4, eye_y - eye_r * 0.4, ex + eye_r * 0.4, eye_y + eye_r * 0.4], fill=(12, 10, 10))
        draw.line([ex - eye_r * 2.3, eye_y - eye_r * 2.4, ex, eye_y - eye_r * 2.9, ex + eye_r * 2.3,
                   eye_y - eye_r * 2.5], fill=dark, width=line + 2)
    if look.glasses:
        for side in (-1, 1):
            ex = cx + side * eye_dx
            draw.ellipse([ex - eye_r * 3, eye_y - eye_r * 2.4, ex + eye_r * 3, eye_y + eye_r * 2.4],
                         outline=(30, 30, 30), width=line)
    # the shadow beside and under the nose
    nose_y = eye_y + hh * g.uniform(0.18, 0.22)
    draw.line([cx + hw * 0.05, eye_y + hh * 0.04, cx + hw * 0.07, nose_y], fill=_scaled(skin, 0.85), width=line)
    draw.ellipse([cx - hw * 0.09, nose_y - hh * 0.02, cx + hw * 0.09, nose_y + hh * 0.03], fill=_scaled(skin, 0.62))


def _framing(g: np.random.Generator, w: int, h: int, *, close: bool = False,
             head: tuple[float, float] = (0.36, 0.48)) -> tuple[float, float, float]:
    """(head width, head centre x, head centre y) in pixels: a close-up (head width ``head`` of the shorter
    side), head and shoulders or half-body."""
    s = min(w, h)
    if close:
        return s * g.uniform(*head), w * g.uniform(0.4, 0.6), h * g.uniform(0.35, 0.45)
    shot = g.random()
    if shot < 0.25:
        hw = s * g.uniform(0.38, 0.6)
    elif shot < 0.8:
        hw = s * g.uniform(0.22, 0.38)
    else:
        hw = s * g.uniform(0.12, 0.22)
    cx = w * g.uniform(0.2, 0.8)
    cy = h * g.uniform(0.22, 0.6)
    return hw, cx, cy


def _photographic(img: Image.Image, g: np.random.Generator, *, grain: float, light: float = 1.0) -> Image.Image:
    """Light falling across the picture, a vignette, a colour cast, contrast, grain; 6% black and white."""
    w, h = img.size
    y = np.linspace(-0.5, 0.5, h, dtype=np.float32)[:, None]
    x = np.linspace(-0.5, 0.5, w, dtype=np.float32)[None, :]
    angle = g.uniform(0, 2 * math.pi)
    slope, vignette = light * g.uniform(0.0, 0.9), light * g.uniform(0.0, 0.9)
    contrast = g.uniform(0.75, 1.25)
    field = 1.0 + slope * (math.cos(angle) * x + math.sin(angle) * y) - vignette * (x * x + y * y)
    if g.random() < 0.6:  # a pool of light or shade somewhere (separable, so cheap)
        cx, cy, r = g.uniform(-0.5, 0.5), g.uniform(-0.5, 0.5), g.uniform(0.15, 0.5)
        field = field + light * g.uniform(-0.45, 0.6) * np.exp(-((y - cy) / r) ** 2) * np.exp(-((x - cx) / r) ** 2)
    field = field * contrast
    gains = (1.0 + g.uniform(-0.12, 0.12, size=3)).astype(np.float32)
    offset = np.float32(128.0 * (1.0 - contrast) + g.uniform(-25, 25))
    mono = g.random() < 0.06
    arr = np.asarray(img.convert("L") if mono else img, np.float32)
    if mono:
        arr = arr[..., None]
    arr *= field[..., None]
    if not mono:
        arr *= gains
    arr += offset
    _grain(arr, g, grain)
    out = np.clip(arr, 0, 255, out=arr).astype(np.uint8)
    return Image.fromarray(out[..., 0], "L").convert("RGB") if mono else Image.fromarray(out, "RGB")


def _portrait(g: np.random.Generator, dims: tuple[int, int], *, studio: bool = False,
              modelled: bool = False, head: tuple[float, float] = (0.36, 0.48)) -> Image.Image:
    """A head-and-shoulders photograph at ``dims`` (the person drawn at twice the working size and reduced).

    ``studio``: a close-up on a plain backdrop (what pop-art pictures are made from), the head ``head`` of the
    shorter side wide. ``modelled``: the face shaded so that a face detector finds it (``portrait`` photos,
    stock and celebrity pictures; the flat face is left to illustrations)."""
    w, h = _work_dims(dims)
    img = _backdrop(g, w, h, studio=studio).resize((2 * w, 2 * h), Image.Resampling.NEAREST)
    hw, cx, cy = _framing(g, 2 * w, 2 * h, close=studio, head=head)
    _draw_person(img, g, _look(g), hw=hw, cx=cx, cy=cy, modelled=modelled)
    img = img.reduce(2)
    if g.random() < 0.5:  # soft focus
        img = img.filter(ImageFilter.BoxBlur(g.uniform(0.3, 1.0)))
    img = _photographic(img, g, grain=g.uniform(1.5, 7.0))
    return _to_size(img, dims)


def _celebrity(g: np.random.Generator, dims: tuple[int, int], number: int) -> Image.Image:
    """A 'celebrity' picture: a pop-art four-up, or sunglasses on a red-carpet backdrop.

    Both show a face shaded as a photographed one is (``modelled``), as stock portraits and ``portrait``
    photos do: a stolen celebrity photo shows a face to a face detector, so a copy of one must too, or
    "no face found" would tell a copied photo (used almost only by fakes) from a rendering artefact."""
    if number % 2 == 0:
        return _pop_art(g, dims, celebrity=True)
    w, h = _work_dims(dims)
    img = Image.new("RGB", (2 * w, 2 * h), _colour(g, 10, 60))
    draw = ImageDraw.Draw(img)
    logo = _colour(g, 150, 255)
    step = 2 * w // int(g.integers(4, 8))
    for row in range(2 * h // step + 1):
        for col in range(2 * w // step + 1):
            x, y = col * step + (row % 2) * step // 2, row * step
            draw.ellipse([x, y, x + step // 3, y + step // 3], fill=logo)
    draw.rectangle([0, 2 * h * g.uniform(0.75, 0.9), 2 * w, 2 * h], fill=(170, 20, 30))
    hw, cx, cy = _framing(g, 2 * w, 2 * h)
    _draw_person(img, g, _look(g, sunglasses=True), hw=hw, cx=cx, cy=cy, modelled=True)
    return _to_size(_photographic(img.reduce(2), g, grain=2.0, light=0.5), dims)


# ------------------------------------------------------------------------------------------ graphics
def _polygon(cx: float, cy: float, r: float, sides: int, phase: float) -> list[tuple[float, float]]:
    return [(cx + r * math.cos(phase + 2 * math.pi * k / sides), cy + r * math.sin(phase + 2 * math.pi * k / sides))
            for k in range(sides)]


def _shape(draw: ImageDraw.ImageDraw, g: np.random.Generator, cx: float, cy: float, r: float, fill: RGB) -> int:
    shape = int(g.integers(7))
    if shape == 0:
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill)
    elif shape == 1:
        draw.rounded_rectangle([cx - r, cy - r, cx + r, cy + r], radius=int(r * g.uniform(0.0, 0.4)), fill=fill)
    elif shape == 2:
        draw.polygon(_polygon(cx, cy + r * 0.15, r, 3, -math.pi / 2), fill=fill)
    elif shape in (3, 4):
        draw.polygon(_polygon(cx, cy, r, 6 if shape == 3 else 4, g.uniform(0, math.pi)), fill=fill)
    elif shape == 5:
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=fill, width=max(2, int(r * 0.25)))
    else:
        draw.polygon(_star(cx, cy, r), fill=fill)
    return shape


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    return [(cx + (r if k % 2 == 0 else r * 0.45) * math.cos(-math.pi / 2 + math.pi * k / 5),
             cy + (r if k % 2 == 0 else r * 0.45) * math.sin(-math.pi / 2 + math.pi * k / 5)) for k in range(10)]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=max(6, size))


def _ink(ground: RGB) -> RGB:
    return (255, 255, 255) if sum(ground) < 380 else (20, 20, 20)


def _logo(g: np.random.Generator, dims: tuple[int, int], text: str) -> Image.Image:
    """A flat company logo: a plain or two-tone ground, an emblem and the initials in one of four layouts.

    Layouts: the initials inside a centred emblem; emblem beside or above the initials; the initials alone,
    large and maybe underlined; several emblems in a pattern with the initials over them.
    """
    w, h = _work_dims(dims)
    background = (255, 255, 255) if g.random() < 0.4 else _colour(g)
    accent = _colour(g)
    img = Image.new("RGB", (w, h), background)
    draw = ImageDraw.Draw(img)
    if g.random() < 0.25:  # two-tone ground
        split = g.uniform(0.2, 0.8)
        corner = g.random()
        if corner < 0.5:
            draw.rectangle([0, h * split, w, h] if corner < 0.25 else [w * split, 0, w, h], fill=_colour(g))
        else:
            draw.polygon([(0, h), (w, h * split), (w, h)] if corner < 0.75 else [(0, 0), (w * split, 0), (0, h)],
                         fill=_colour(g))
    label = text or "X"
    s = min(w, h)
    layout = g.random()
    if layout < 0.4:  # the initials inside an emblem
        cx, cy, r = w * g.uniform(0.3, 0.7), h * g.uniform(0.3, 0.7), s * g.uniform(0.2, 0.45)
        shape = _shape(draw, g, cx, cy, r, accent)
        ink, text_size = accent if shape == 5 else _ink(accent), r * g.uniform(0.6, 0.9)
    elif layout < 0.7:  # emblem beside or above the initials
        r = s * g.uniform(0.12, 0.26)
        beside = g.random() < 0.5
        ex, ey = (w * g.uniform(0.1, 0.35), h * g.uniform(0.2, 0.8)) if beside else (w * g.uniform(0.2, 0.8),
                                                                                 h * g.uniform(0.12, 0.4))
        _shape(draw, g, ex, ey, r, accent)
        cx, cy = (ex + r + w * g.uniform(0.15, 0.35), ey) if beside else (ex, ey + r + h * g.uniform(0.12, 0.3))
        ink, text_size = accent if g.random() < 0.5 else _ink(background), s * g.uniform(0.25, 0.45)
    elif layout < 0.85:  # the initials alone
        cx, cy = w * g.uniform(0.35, 0.65), h * g.uniform(0.35, 0.65)
        ink, text_size = accent, s * g.uniform(0.35, 0.6)
        if g.random() < 0.5:
            y = cy + text_size * 0.45
            draw.rectangle([cx - text_size * 0.8, y, cx + text_size * 0.8, y + text_size * 0.08], fill=accent)
    else:  # a pattern of emblems
        r = s * g.uniform(0.06, 0.14)
        step = r * g.uniform(2.2, 3.5)
        for row in range(int(h / step) + 2):
            for col in range(int(w / step) + 2):
                _shape(draw, g, col * step + (row % 2) * step / 2, row * step, r, accent)
        cx, cy = w * g.uniform(0.35, 0.65), h * g.uniform(0.35, 0.65)
        ink, text_size = _ink(background), s * g.uniform(0.25, 0.4)
    font = _font(int(text_size * (2 / max(2, len(label)))))
    left, top, right, bottom = draw.textbbox((0, 0), label, font=font)
    draw.text((cx - (left + right) / 2, cy - (top + bottom) / 2), label, font=font, fill=ink)
    return _to_size(img, dims)


def _avatar(g: np.random.Generator, size: int) -> Image.Image:
    """The platform's near-uniform default picture: a faint silhouette on a pale ground."""
    base = _jitter(_pick(g, ((208, 216, 224), (225, 225, 225), (200, 210, 230), (230, 220, 205), (190, 190, 190))),
                   g, 10)
    img = Image.new("RGB", (WORK_MIN, WORK_MIN), base)
    if g.random() < 0.85:
        delta = int(g.integers(3, 10)) * (1 if g.random() < 0.7 else -1)
        figure = _jitter(tuple(c + delta for c in base), g, 1)
        draw = ImageDraw.Draw(img)
        c, s = WORK_MIN / 2, WORK_MIN
        draw.ellipse([c - s * 0.17, s * 0.2, c + s * 0.17, s * 0.54], fill=figure)
        draw.ellipse([c - s * 0.36, s * 0.6, c + s * 0.36, s * 1.2], fill=figure)
    img = _to_size(img, (size, size))
    if size > WORK_MAX:
        return img
    arr = np.asarray(img, np.float32)
    return Image.fromarray(np.clip(_grain(arr, g, g.uniform(0.3, 1.2)), 0, 255).astype(np.uint8), "RGB")


def _cartoon(g: np.random.Generator, w: int, h: int) -> Image.Image:
    """A flat illustrated head and shoulders with outlines on a flat ground."""
    img = Image.new("RGB", (2 * w, 2 * h), _colour(g, 40, 256))
    draw = ImageDraw.Draw(img)
    if g.random() < 0.5:  # a disc behind the head
        r = min(w, h) * g.uniform(0.6, 0.95)
        draw.ellipse([w - r, h - r, w + r, h + r], fill=_colour(g, 40, 256))
    look = _look(g)
    look.skin = _pick(g, SKIN_TONES + ((120, 200, 120), (150, 170, 250)))
    look.clothes = _colour(g)
    hw, cx, cy = min(w, h) * 2 * g.uniform(0.22, 0.5), w * g.uniform(0.6, 1.4), h * g.uniform(0.6, 1.1)
    outline = (20, 20, 20) if g.random() < 0.6 else None
    _draw_person(img, g, look, hw=hw, cx=cx, cy=cy, outline=outline)
    return img.resize((w, h), Image.Resampling.NEAREST)


def _pop_art(g: np.random.Generator, dims: tuple[int, int], *, celebrity: bool = False) -> Image.Image:
    """A pop-art four-up: one face posterised into a shared ink and two flat colours, four palettes.

    ``celebrity``: a print of a photographed face (a celebrity picture), so the face is shaded, fills more of
    each panel and keeps its detail (a light blur), and a face detector finds it in about as many pictures as
    in portraits; an illustrated avatar (``drawing``) otherwise."""
    w, h = _work_dims(dims)
    half = (max(1, w // 2), max(1, h // 2))
    if celebrity:
        face = _portrait(g, (2 * half[0], 2 * half[1]), studio=True, modelled=True, head=(0.5, 0.65))
        face = face.convert("L").reduce(2).filter(ImageFilter.GaussianBlur(1.0))
    else:
        face = _portrait(g, (2 * half[0], 2 * half[1]), studio=True).convert("L").reduce(2)
        face = face.filter(ImageFilter.GaussianBlur(max(1.0, half[0] / 40)))
    arr = np.asarray(face)
    cuts = np.quantile(arr, [g.uniform(0.2, 0.4), g.uniform(0.55, 0.8)])
    levels = np.digitize(arr, cuts)
    ink = _pick(g, ((15, 15, 20), (40, 20, 60), (10, 40, 80)))
    out = Image.new("RGB", (half[0] * 2, half[1] * 2))
    for quadrant, p in enumerate(g.permutation(len(_POP_PALETTES))[:4]):
        palette = np.asarray((ink,) + _POP_PALETTES[int(p)][1:], np.uint8)
        out.paste(Image.fromarray(palette[levels], "RGB"), ((quadrant % 2) * half[0], (quadrant // 2) * half[1]))
    return out.resize(dims, Image.Resampling.NEAREST)


def _identicon(g: np.random.Generator, w: int, h: int) -> Image.Image:
    """A symmetric grid of squares in one colour on a pale ground, as code-hosting sites draw."""
    cells = int(g.integers(5, 9))
    left = g.random((cells, (cells + 1) // 2)) < 0.5
    grid = np.concatenate([left, left[:, : cells // 2][:, ::-1]], axis=1)
    ground = _jitter((240, 240, 240), g, 12)
    ink = _colour(g, 20, 220)
    arr = np.where(grid[..., None], np.asarray(ink, np.uint8), np.asarray(ground, np.uint8)).astype(np.uint8)
    margin = 1
    padded = np.pad(arr, ((margin, margin), (margin, margin), (0, 0)), mode="edge")
    padded[:margin], padded[-margin:], padded[:, :margin], padded[:, -margin:] = ground, ground, ground, ground
    return Image.fromarray(padded, "RGB").resize((w, h), Image.Resampling.NEAREST)


def _geometric(g: np.random.Generator, w: int, h: int) -> Image.Image:
    """Overlapping flat shapes in a small palette."""
    palette = [_colour(g) for _ in range(int(g.integers(3, 6)))]
    img = Image.new("RGB", (w, h), palette[0])
    draw = ImageDraw.Draw(img)
    for _ in range(int(g.integers(3, 9))):
        _shape(draw, g, g.uniform(0, w), g.uniform(0, h), min(w, h) * g.uniform(0.1, 0.5),
               palette[int(g.integers(1, len(palette)))])
    return img


def _drawing(g: np.random.Generator, size: int) -> Image.Image:
    """An illustrated avatar in flat colours (square)."""
    dims = (size, size)
    w, h = _work_dims(dims)
    style = g.random()
    if style < 0.5:
        img = _cartoon(g, w, h)
    elif style < 0.7:
        return _pop_art(g, dims)
    elif style < 0.85:
        img = _identicon(g, w, h)
    else:
        img = _geometric(g, w, h)
    if size < w:
        return img.resize(dims, Image.Resampling.BOX)
    return img.resize(dims, Image.Resampling.NEAREST)


# ------------------------------------------------------------------------------------------ objects
def _car(draw: ImageDraw.ImageDraw, g: np.random.Generator, x0: float, ground: float, w: float) -> None:
    h = w * g.uniform(0.25, 0.35)
    y0 = ground - h * 1.35
    body = _colour(g, 10, 245)
    draw.rounded_rectangle([x0, y0, x0 + w, y0 + h], radius=int(h * 0.3), fill=body)
    draw.polygon([(x0 + w * 0.2, y0), (x0 + w * 0.33, y0 - h * 0.7), (x0 + w * 0.7, y0 - h * 0.7),
                  (x0 + w * 0.85, y0)], fill=body)
    glass = _jitter((150, 180, 200), g, 30)
    draw.polygon([(x0 + w * 0.27, y0), (x0 + w * 0.37, y0 - h * 0.55), (x0 + w * 0.67, y0 - h * 0.55),
                  (x0 + w * 0.78, y0)], fill=glass)
    draw.line([x0 + w * 0.03, y0 + h * 0.45, x0 + w * 0.97, y0 + h * 0.45], fill=_scaled(body, 0.7),
              width=max(1, int(h * 0.05)))
    for wx in (x0 + w * 0.22, x0 + w * 0.78):
        r = h * 0.42
        draw.ellipse([wx - r, y0 + h - r, wx + r, y0 + h + r], fill=(20, 20, 20))
        draw.ellipse([wx - r / 2, y0 + h - r / 2, wx + r / 2, y0 + h + r / 2], fill=_jitter((160, 160, 160), g, 30))


def _pet(draw: ImageDraw.ImageDraw, g: np.random.Generator, x0: float, ground: float, w: float) -> None:
    fur = _pick(g, (_jitter((120, 80, 40), g, 40), (30, 30, 30), (235, 230, 220), (200, 120, 50),
                    _jitter((150, 150, 150), g, 40)))
    h = w * g.uniform(0.35, 0.55)
    y0 = ground - h * 0.5
    draw.ellipse([x0, y0 - h, x0 + w, y0], fill=fur)
    hr = h * g.uniform(0.5, 0.75)
    hx, hy = x0 + w * (1.0 if g.random() < 0.5 else 0.0), y0 - h
    draw.ellipse([hx - hr, hy - hr, hx + hr, hy + hr], fill=fur)
    ear = g.uniform(1.2, 1.8)
    for side in (-1, 1):
        draw.polygon([(hx + side * hr * 0.8, hy - hr * 0.4), (hx + side * hr * 0.45, hy - hr * ear),
                      (hx + side * hr * 0.05, hy - hr * 0.8)], fill=fur)
        e = max(1.0, hr * 0.12)
        draw.ellipse([hx + side * hr * 0.35 - e, hy - e, hx + side * hr * 0.35 + e, hy + e], fill=(10, 10, 10))
    draw.ellipse([hx - hr * 0.12, hy + hr * 0.25, hx + hr * 0.12, hy + hr * 0.4], fill=(30, 20, 20))
    for lx in (x0 + w * 0.15, x0 + w * 0.7):
        draw.rectangle([lx, y0 - h * 0.3, lx + w * 0.1, y0 + h * 0.45], fill=fur)
    tail = x0 if hx > x0 + w / 2 else x0 + w
    draw.line([tail, y0 - h * 0.6, tail + (-1 if tail == x0 else 1) * w * 0.2, y0 - h * 1.2], fill=fur,
              width=max(2, int(h * 0.12)))


def _flowers(img: Image.Image, g: np.random.Generator) -> None:
    w, h = img.size
    draw = ImageDraw.Draw(img)
    petal = _colour(g, 60, 256)
    for _ in range(int(g.integers(1, 8))):
        cx, cy, r = g.uniform(0, w), g.uniform(0, h), min(w, h) * g.uniform(0.06, 0.3)
        colour = _jitter(petal, g, 30)
        for k in range(int(g.integers(5, 11))):
            a = 2 * math.pi * k / 8 + g.uniform(-0.2, 0.2)
            px, py = cx + math.cos(a) * r * 0.6, cy + math.sin(a) * r * 0.6
            draw.ellipse([px - r * 0.45, py - r * 0.45, px + r * 0.45, py + r * 0.45], fill=colour)
        draw.ellipse([cx - r * 0.3, cy - r * 0.3, cx + r * 0.3, cy + r * 0.3], fill=_jitter((230, 190, 40), g, 40))


def _landscape(g: np.random.Generator, w: int, h: int) -> Image.Image:
    """Sky, ridges of hills or mountains and a field, drawn procedurally."""
    sky_top, sky_low = _jitter((80, 130, 210), g, 50), _jitter((200, 215, 235), g, 30)
    if g.random() < 0.25:  # dusk
        sky_top, sky_low = _jitter((60, 50, 120), g, 30), _jitter((250, 150, 80), g, 40)
    sky = _palette_map(np.linspace(0, 1, h, dtype=np.float32), (sky_top, sky_low))
    arr = np.repeat(sky[:, None, :], w, axis=1)
    rows = np.arange(h, dtype=np.float32)[:, None]
    horizon = h * g.uniform(0.35, 0.75)
    for layer in range(int(g.integers(1, 4))):
        ridge = horizon - h * g.uniform(0.05, 0.3) * _smooth_field(g, w, 2, int(g.integers(3, 12)))[0]
        arr[rows >= ridge[None, :] + layer * h * 0.06] = _jitter((70 + 30 * layer, 100 + 20 * layer, 90), g, 35)
    arr[int(horizon + h * 0.1):] = _jitter((90, 140, 60), g, 40)
    texture = _smooth_field(g, w, h, int(g.integers(8, 24)))
    texture[: int(horizon)] = 0.5 + (texture[: int(horizon)] - 0.5) * 0.15  # a smoother sky
    arr *= (0.8 + 0.4 * texture)[..., None]
    return Image.fromarray(np.clip(arr, 0, 255, out=arr).astype(np.uint8), "RGB").filter(ImageFilter.BoxBlur(0.7))


def _object(g: np.random.Generator, dims: tuple[int, int]) -> Image.Image:
    """A photograph that is not a face: a pet, a car, flowers or a landscape."""
    w, h = _work_dims(dims)
    subject = g.random()
    if subject < 0.25:  # a landscape: the temple photograph or a drawn one
        if g.random() < 0.5:
            img = _colour_grade(_photo_crop(g, w, h, zoom=(0.4, 1.0), source=0), g, 0.6)
        else:
            img = _landscape(g, w, h)
    elif subject < 0.5:  # flowers: the flower photograph, or drawn flowers on foliage
        if g.random() < 0.5:
            img = _colour_grade(_photo_crop(g, w, h, zoom=(0.15, 1.0), source=1), g, 0.8)
        else:
            img = _field_backdrop(g, w // 4 or 1, h // 4 or 1).resize((w, h), Image.Resampling.BILINEAR)
            img = _colour_grade(img, g, 0.3)
            _flowers(img, g)
            img = img.filter(ImageFilter.BoxBlur(g.uniform(0.3, 1.2)))
    else:  # a car or a pet on the ground
        if g.random() < 0.5:
            img = _colour_grade(_photo_crop(g, max(1, w // 4), max(1, h // 4)), g, 0.8)
            img = img.filter(ImageFilter.GaussianBlur(1.0)).resize((w, h), Image.Resampling.BILINEAR)
        else:
            img = _landscape(g, w, h)
        draw = ImageDraw.Draw(img)
        ground = h * g.uniform(0.6, 0.95)
        size = w * g.uniform(0.35, 0.85)
        x0 = g.uniform(0, max(w - size, 1))
        (_car if subject < 0.75 else _pet)(draw, g, x0, ground, size)
        img = img.filter(ImageFilter.BoxBlur(g.uniform(0.3, 0.8)))
    img = _photographic(img, g, grain=g.uniform(2.0, 6.0), light=0.6)
    return _to_size(img, dims)


# ------------------------------------------------------------------------------------------ known images
def _edited_copy(source: Image.Image, g: np.random.Generator, size: int, *, light: bool) -> Image.Image:
    """A copy of a known picture, edited the way copied profile photos are, with longer side ``size``.

    ``light`` keeps to resizing and recompression (a person's own headshot that also appears elsewhere);
    otherwise a random combination of crop, mirror, small rotation and tone is applied, at least one.
    """
    img = source.copy()
    if not light:
        edits = [name for name in ("crop", "mirror", "rotate", "tone") if g.random() < 0.5]
        if not edits:
            edits = [("crop", "mirror", "rotate", "tone")[int(g.integers(4))]]
        if "crop" in edits:
            w, h = img.size
            frac = g.uniform(0.05, 0.20)
            cw, ch = round(w * (1 - frac)), round(h * (1 - frac))
            corner = int(g.integers(5))
            x = (w - cw) // 2 if corner == 0 else (0 if corner in (1, 3) else w - cw)
            y = (h - ch) // 2 if corner == 0 else (0 if corner in (1, 2) else h - ch)
            img = img.crop((x, y, x + cw, y + ch))
        if "mirror" in edits:
            img = img.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        if "rotate" in edits:
            fill = tuple(int(v) for v in np.asarray(img).reshape(-1, 3).mean(axis=0)) if g.random() < 0.5 else (0, 0, 0)
            img = img.rotate(g.uniform(-4, 4), resample=Image.Resampling.BICUBIC, fillcolor=fill)
        if "tone" in edits:
            img = ImageEnhance.Brightness(img).enhance(g.uniform(0.8, 1.2))
            img = ImageEnhance.Contrast(img).enhance(g.uniform(0.8, 1.2))
            img = ImageEnhance.Color(img).enhance(g.uniform(0.6, 1.3))
    w, h = img.size
    scale = size / max(w, h)
    return _to_size(img, (max(1, round(w * scale)), max(1, round(h * scale))))


def _known_image(k: int, attempt: int) -> Image.Image:
    g = np.random.default_rng([KNOWN_IMAGES_SEED, 0x4B4E4F57, k, attempt])
    dims = _dims(g, KNOWN_SIDE)
    # Stock portraits and celebrity pictures are photographs of faces: shaded like a real face, as `portrait`
    # photos are, so that a stolen photo shows a face to the face detector as the original does. Measured
    # (`detect_faces` on the decoded JPEG, 150 seeds each): stock 85%, pop-art four-ups 81%, red-carpet
    # shots 91% (sunglasses and all); with the flat face the celebrity pictures were 5% and 70%.
    return _portrait(g, dims, modelled=True) if k < N_KNOWN_STOCK else _celebrity(g, dims, k)


@lru_cache(maxsize=1)
def _known_images() -> tuple[tuple[Image.Image, ...], _KnownHashes]:
    """The known images, each redrawn (up to ``_MAX_ATTEMPTS`` times) while it is near uniform or near an
    earlier one, and the hashes of them all."""
    hashed = _KnownHashes([])
    images: list[Image.Image] = []
    for k in range(N_KNOWN_STOCK + N_KNOWN_CELEBRITY):
        for attempt in range(_MAX_ATTEMPTS):
            image = _known_image(k, attempt)
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=KNOWN_JPEG_QUALITY)
            thumb = _thumbnail(buffer.getvalue())
            if float(thumb.std()) >= UNIFORM_STD and not hashed.near(thumb):
                break
        hashed.add(_KnownHashes([image]))
        images.append(image)
    return tuple(images), hashed


def known_images() -> list[Image.Image]:
    """The stock portraits and celebrity pictures that stolen-photo personas copy.

    The same pictures on every call and every machine with the same Pillow (drawn from
    :data:`KNOWN_IMAGES_SEED`): :data:`N_KNOWN_STOCK` portraits drawn like ``portrait`` photos, then
    :data:`N_KNOWN_CELEBRITY` celebrity pictures (pop-art four-ups and red-carpet shots), each with
    longer side :data:`KNOWN_SIDE`. No two of them match each other in the known-image index. All show a face
    shaded as a photographed one is, so a copy shows a face to :func:`fakeprofile.faces.detect_faces` about as
    often as a ``portrait`` photo does.
    Returns fresh copies; pass the same list to every :func:`render` call (its match check is built once
    per list).
    """
    images, hashed = _known_images()
    copies = [image.copy() for image in images]
    _remember(copies, hashed)
    return copies


def _as_indexed(image: Image.Image) -> Image.Image:
    """``image`` as ``fakeprofile index build`` sees it once ``generate`` has saved it as a JPEG."""

    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=KNOWN_JPEG_QUALITY)
    return decode_image(buffer.getvalue(), min_side=HASH_SIDE, grey=True).image


class _KnownHashes:
    """The pHash and dHash of every index variant of some known images, to check pictures against.

    Built the way :meth:`fakeprofile.photos.KnownImageIndex.add_images` builds its index, and queried
    the way :func:`fakeprofile.photos.analyse_photo` queries it (the picture as decoded, and mirrored), but
    with radii :data:`_GUARD_MARGIN` bits wider than the index's, so that pictures that only just miss a
    known image under one decoder do not match under another.
    """

    def __init__(self, pictures: Sequence[Image.Image]) -> None:
        phashes, dhashes = [], []
        for picture in pictures:
            grey = _as_indexed(picture)
            grey.thumbnail((4 * THUMB_SIDE, 4 * THUMB_SIDE), Image.Resampling.BOX)
            if is_near_uniform(grey):
                continue
            for _, transform in INDEX_VARIANTS:
                ph, dh = hash_image(transform(grey))
                phashes.append(ph)
                dhashes.append(dh)
        self.phash = np.array(phashes, dtype=np.uint64)
        self.dhash = np.array(dhashes, dtype=np.uint64)

    def add(self, other: _KnownHashes) -> None:
        self.phash = np.concatenate([self.phash, other.phash])
        self.dhash = np.concatenate([self.dhash, other.dhash])

    def near(self, thumb: np.ndarray) -> bool:
        """Whether the grey thumbnail (or its mirror image) is within the widened radii of a known variant."""
        if not len(self.phash):
            return False
        for view in (thumb, np.ascontiguousarray(thumb[:, ::-1])):
            ph, dh = hashes(view)
            close = (hamming_distances(ph, self.phash) <= PHASH_RADIUS + _GUARD_MARGIN) & (
                hamming_distances(dh, self.dhash) <= DHASH_RADIUS + _GUARD_MARGIN)
            if close.any():
                return True
        return False


#: Extra bits of pHash and dHash distance genuine pictures keep from every known image.
_GUARD_MARGIN = 2
_guard_lock = threading.Lock()
_guard: list[tuple[tuple[int, ...], Sequence[Image.Image], _KnownHashes]] = []


def _remember(known: Sequence[Image.Image], hashed: _KnownHashes) -> None:
    with _guard_lock:
        # The pictures are kept alive with their hashes, so their ids cannot be reused by other pictures.
        _guard.insert(0, (tuple(id(image) for image in known), list(known), hashed))
        del _guard[4:]


def _known_hashes(known: Sequence[Image.Image]) -> _KnownHashes:
    """The hashes of ``known``, computed once per list of pictures (known_images() gives them ready-made)."""
    key = tuple(id(image) for image in known)
    with _guard_lock:
        for cached_key, _, hashed in _guard:
            if cached_key == key:
                return hashed
    hashed = _KnownHashes(known)
    _remember(known, hashed)
    return hashed


def _thumbnail(data: bytes) -> np.ndarray:
    """The grey thumbnail :func:`fakeprofile.photos.analyse_photo` hashes, from the file bytes."""
    image = decode_image(data, min_side=HASH_SIDE).image.convert("L")
    return np.asarray(image.resize((THUMB_SIDE, THUMB_SIDE), Image.Resampling.BOX))


def _acceptable(spec: PhotoSpec, data: bytes, known: Sequence[Image.Image]) -> bool:
    """Avatars near uniform; other new pictures not near uniform and far from every known image."""
    if spec.kind == "known":
        return True
    thumb = _thumbnail(data)
    uniform = float(thumb.std()) < UNIFORM_STD
    if spec.kind == "avatar":
        return uniform
    return not uniform and not (known and _known_hashes(known).near(thumb))


# ------------------------------------------------------------------------------------------ render
def _check(spec: PhotoSpec, known: Sequence[Image.Image]) -> None:
    if spec.kind not in KINDS:
        raise ValueError(f"unknown photo kind {spec.kind!r} (expected one of {', '.join(KINDS)})")
    if spec.ext not in ("jpg", "png"):
        raise ValueError(f"photo ext must be 'jpg' or 'png', not {spec.ext!r}")
    if not isinstance(spec.size, (int, np.integer)) or not MIN_SIZE <= spec.size <= MAX_SIZE:
        raise ValueError(f"photo size must be an integer from {MIN_SIZE} to {MAX_SIZE}, not {spec.size!r}")
    if not isinstance(spec.seed, (int, np.integer)) or spec.seed < 0:
        raise ValueError(f"photo seed must be a non-negative integer, not {spec.seed!r}")
    if spec.kind == "known":
        if not 0 <= spec.known < len(known):
            raise ValueError(f"known image {spec.known} does not exist (there are {len(known)})")
        if spec.edit not in EDITS:
            raise ValueError(f"edit must be one of {', '.join(EDITS)}, not {spec.edit!r}")


def _draw(spec: PhotoSpec, g: np.random.Generator, known: Sequence[Image.Image]) -> Image.Image:
    if spec.kind == "known":
        return _edited_copy(known[spec.known], g, spec.size, light=spec.edit == "light")
    if spec.kind == "avatar":
        return _avatar(g, spec.size)
    if spec.kind == "drawing":
        return _drawing(g, spec.size)
    dims = _dims(g, spec.size)
    if spec.kind == "logo":
        return _logo(g, dims, spec.text)
    if spec.kind == "object":
        return _object(g, dims)
    return _portrait(g, dims, modelled=True)


def _encode(img: Image.Image, spec: PhotoSpec, g: np.random.Generator) -> bytes:
    """JPEG or PNG bytes. Photographs are saved at JPEG quality 60-94; graphics as exported by design tools
    (quality 75-95, full-resolution colour half the time); copies light 70-92, heavy 40-94 (re-saved often)."""
    buffer = io.BytesIO()
    flat = spec.kind in ("logo", "avatar", "drawing")
    if spec.ext == "png":
        # zlib at level 1 on photographs: a 400-pixel PNG photo costs 10 ms instead of 22.
        img.save(buffer, "PNG", compress_level=6 if spec.kind in ("logo", "drawing") else 1)
    elif flat:
        img.save(buffer, "JPEG", quality=int(g.integers(75, 96)), subsampling=0 if g.random() < 0.5 else 2)
    elif spec.kind == "known":
        low, high = (70, 93) if spec.edit == "light" else (40, 95)
        img.save(buffer, "JPEG", quality=int(g.integers(low, high)))
    else:
        img.save(buffer, "JPEG", quality=int(g.integers(60, 95)))
    return buffer.getvalue()


def render(spec: PhotoSpec, known: Sequence[Image.Image]) -> bytes:
    """The file bytes (JPEG or PNG) of one profile photo; the same spec always gives the same bytes.

    Parameters
    ----------
    spec
        What to draw.
    known
        The known images (:func:`known_images`): copied by ``known`` specs, and every other picture is
        checked not to match them (and redrawn if it does, which is rare).

    Raises
    ------
    ValueError
        The spec names an unknown kind, edit or format, a size out of range or a known image that does not
        exist.
    """
    _check(spec, known)
    spec = replace(spec, seed=int(spec.seed), size=int(spec.size))
    data = b""
    for attempt in range(_MAX_ATTEMPTS):
        g = np.random.default_rng([spec.seed, attempt] if attempt else spec.seed)
        img = _draw(spec, g, known)
        data = _encode(img, spec, g)
        if _acceptable(spec, data, known):
            break
    return data
