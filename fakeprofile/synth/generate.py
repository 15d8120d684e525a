"""Writing synthetic data sets: records only (:func:`generate_profiles`) or records with photos and banners
(:func:`generate`)."""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from fakeprofile.progress import progress as progress_bar
from fakeprofile.synth.draw import N_STOCK_BANNERS, STOCK_BANNER_SEED, draw_profile_images
from fakeprofile.synth.photos import KNOWN_JPEG_QUALITY, PhotoSpec, known_images, render


@dataclass(frozen=True)
class SynthSummary:
    """What :func:`generate` wrote.

    Attributes
    ----------
    n, n_fake
        Profiles written, and how many of them are labelled fake (after label noise).
    n_flipped
        Profiles whose label disagrees with their archetype (the deliberate label noise).
    archetypes
        Profiles per archetype.
    n_photos, n_known_images
        Image files written to ``photos/`` and ``known_images/`` (the known photos, then the stock banners).
    n_banners
        Banner image files written to ``banners/``.
    profiles_path, photos_dir, known_images_dir, banners_dir
        Where they are.
    seed
        The seed they were drawn with.
    """

    n: int
    n_fake: int
    n_flipped: int
    archetypes: dict[str, int]
    n_photos: int
    n_known_images: int
    profiles_path: Path
    photos_dir: Path
    known_images_dir: Path
    seed: int
    n_banners: int = 0
    banners_dir: Path | None = None


def _check_args(n: int, seed: int) -> None:
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValueError(f"n must be a non-negative integer, got {n!r}")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")


def _iter_profiles(n: int, seed: int) -> Iterator[tuple[dict[str, Any], PhotoSpec | None, PhotoSpec | None, int]]:
    for index in range(n):
        yield draw_profile_images(seed, index)


def stock_banner_images(known: list[Image.Image]) -> list[Image.Image]:
    """The stock banners (``stock_banner``, seed 001 #7's "field of flowers"): :data:`N_STOCK_BANNERS`
    landscape, flower and street photographs, the same for every seed (drawn from
    :data:`STOCK_BANNER_SEED` by :mod:`fakeprofile.synth.photos`' ``object`` renderer, checked against the
    ``known`` photos). A banner spec numbers them after ``known``: spec ``known = len(known) + j`` copies
    banner ``j`` when the list passed to ``render`` is ``known + stock_banner_images(known)``."""
    images = []
    for j in range(N_STOCK_BANNERS):
        data = render(PhotoSpec("object", STOCK_BANNER_SEED + j, "jpg", 320), known)
        with Image.open(io.BytesIO(data)) as image:
            images.append(image.convert("RGB"))
    return images


def generate_profiles(n: int, seed: int) -> list[dict[str, Any]]:
    """Draw ``n`` labelled profiles as plain dicts, without drawing any image.

    Parameters
    ----------
    n
        Number of profiles.
    seed
        Non-negative seed; the same ``(n, seed)`` always gives the same profiles, and profile ``i`` is
        the same whatever ``n`` is.

    Returns
    -------
    list of dict
        One dict per profile with every key of :class:`fakeprofile.schema.Profile`. ``photo`` is None
        (no file exists); ``has_photo`` says whether the profile shows a picture. ``label`` is 1 for
        fake, 0 for genuine, with about 2.5% of labels deliberately flipped; ``archetype`` names the
        kind of account the profile was drawn as.
    """
    _check_args(n, seed)
    return [profile for profile, _, _, _ in _iter_profiles(n, seed)]


def generate(n: int, seed: int, out_dir: str | Path, *, progress: bool = False) -> SynthSummary:
    """Write a synthetic data set: profiles, their photos, and the known images photos are copied from.

    Writes ``out_dir/profiles.jsonl`` (one profile per line, the same records as
    :func:`generate_profiles` except that ``photo`` and ``banner`` hold paths relative to ``out_dir`` such as
    ``photos/p000123.jpg`` and ``banners/p000123.jpg``), ``out_dir/photos/`` (one small JPEG or PNG per
    profile with a picture), ``out_dir/banners/`` (one JPEG per profile with a banner of its own) and
    ``out_dir/known_images/`` (the stock and celebrity pictures that stolen-photo personas use, edited, and
    the stock banners, ``banner_*.jpg``, that some banners copy).
    Files of the same name are overwritten; other files in ``out_dir`` are left alone.

    Parameters
    ----------
    n
        Number of profiles.
    seed
        Non-negative seed; the same ``(n, seed)`` writes byte-identical files.
    out_dir
        Folder to write into (created if needed).
    progress
        Show a progress bar over profiles.

    Returns
    -------
    SynthSummary
        Counts and paths of what was written.
    """
    _check_args(n, seed)
    out = Path(out_dir)
    photos_dir, known_dir, banners_dir = out / "photos", out / "known_images", out / "banners"
    for folder in (photos_dir, known_dir, banners_dir):
        folder.mkdir(parents=True, exist_ok=True)
    known = known_images()
    banners = stock_banner_images(known)
    for k, image in enumerate(known):
        image.save(known_dir / f"known_{k:03d}.jpg", "JPEG", quality=KNOWN_JPEG_QUALITY)
    for j, image in enumerate(banners):
        image.save(known_dir / f"banner_{j:03d}.jpg", "JPEG", quality=KNOWN_JPEG_QUALITY)
    # One list for every render: known photos and stock banners are copied from it, and every new picture is
    # checked against all of them (a landscape photo or banner of one's own never matches a stock banner).
    world = known + banners
    counts: Counter[str] = Counter()
    n_fake = n_flipped = n_photos = n_banners = 0
    profiles_path = out / "profiles.jsonl"
    with open(profiles_path, "w", encoding="utf-8", newline="\n") as handle:
        for profile, spec, banner, label in progress_bar(_iter_profiles(n, seed), total=n, enabled=progress,
                                                         unit="profile", desc="synthetic profiles"):
            if spec is not None:
                relative = f"photos/{profile['id']}.{spec.ext}"
                (out / relative).write_bytes(render(spec, world))
                profile["photo"] = relative
                n_photos += 1
            if banner is not None:
                relative = f"banners/{profile['id']}.{banner.ext}"
                (out / relative).write_bytes(render(banner, world))
                profile["banner"] = relative
                n_banners += 1
            handle.write(json.dumps(profile, ensure_ascii=False) + "\n")
            counts[profile["archetype"]] += 1
            n_fake += profile["label"]
            n_flipped += profile["label"] != label
    return SynthSummary(
        n=n, n_fake=n_fake, n_flipped=n_flipped, archetypes=dict(sorted(counts.items())), n_photos=n_photos,
        n_known_images=len(world), profiles_path=profiles_path, photos_dir=photos_dir,
        known_images_dir=known_dir, seed=seed, n_banners=n_banners, banners_dir=banners_dir,
    )
