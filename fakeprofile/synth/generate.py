"""Writing synthetic data sets: records only (:func:`generate_profiles`) or records with photos (:func:`generate`)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fakeprofile.progress import progress as progress_bar
from fakeprofile.synth.draw import draw_profile
from fakeprofile.synth.photos import PhotoSpec, known_images, render


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
        Image files written to ``photos/`` and ``known_images/``.
    profiles_path, photos_dir, known_images_dir
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


def _check_args(n: int, seed: int) -> None:
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValueError(f"n must be a non-negative integer, got {n!r}")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")


def _iter_profiles(n: int, seed: int) -> Iterator[tuple[dict[str, Any], PhotoSpec | None, int]]:
    for index in range(n):
        yield draw_profile(seed, index)


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
    return [profile for profile, _, _ in _iter_profiles(n, seed)]


def generate(n: int, seed: int, out_dir: str | Path, *, progress: bool = False) -> SynthSummary:
    """Write a synthetic data set: profiles, their photos, and the known images photos are copied from.

    Writes ``out_dir/profiles.jsonl`` (one profile per line, the same records as
    :func:`generate_profiles` except that ``photo`` holds a path relative to ``out_dir`` such as
    ``photos/p000123.jpg``), ``out_dir/photos/`` (one small JPEG or PNG per profile with a picture) and
    ``out_dir/known_images/`` (the stock and celebrity pictures that stolen-photo personas use, edited).
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
    photos_dir, known_dir = out / "photos", out / "known_images"
    photos_dir.mkdir(parents=True, exist_ok=True)
    known_dir.mkdir(parents=True, exist_ok=True)
    known = known_images()
    for k, image in enumerate(known):
        image.save(known_dir / f"known_{k:03d}.jpg", "JPEG", quality=92)
    counts: Counter[str] = Counter()
    n_fake = n_flipped = n_photos = 0
    profiles_path = out / "profiles.jsonl"
    with open(profiles_path, "w", encoding="utf-8", newline="\n") as handle:
        for profile, spec, label in progress_bar(_iter_profiles(n, seed), total=n, enabled=progress, unit="profile",
                                          desc="synthetic profiles"):
            if spec is not None:
                relative = f"photos/{profile['id']}.{spec.ext}"
                (out / relative).write_bytes(render(spec, known))
                profile["photo"] = relative
                n_photos += 1
            handle.write(json.dumps(profile, ensure_ascii=False) + "\n")
            counts[profile["archetype"]] += 1
            n_fake += profile["label"]
            n_flipped += profile["label"] != label
    return SynthSummary(
        n=n, n_fake=n_fake, n_flipped=n_flipped, archetypes=dict(sorted(counts.items())), n_photos=n_photos,
        n_known_images=len(known), profiles_path=profiles_path, photos_dir=photos_dir,
        known_images_dir=known_dir, seed=seed,
    )
