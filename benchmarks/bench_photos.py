"""Photo hashing throughput, known-image index build and query latency, on one core.

    python benchmarks/bench_photos.py [--photos 400] [--runs 5] [--known 1000] [--queries 200]
                                      [--sizes 1000000 10000000] [--seed 0] [--quick] [--faces-only]

The pictures are the photographs scikit-image and scikit-learn ship (read offline; never downloaded):
  * hashing: ``--photos`` 400x400 JPEGs at quality 85 (random square crops of the photographs, half of them
    mirrored), written to a temporary folder and read by path, as profile photos are. Per photo:
    ``load_photo(path, min_side=HASH_SIDE, grey=True)`` (JPEG draft decoding straight to grey, what
    ``index build`` does) then ``hash_image`` (pHash and dHash), as photos/s on one core, median of
    ``--runs`` runs; its two halves (decode only, hash only); the same hashed by imagehash itself, decoded
    in colour (as ``analyse_photo`` must, for the graphic share) and decoded at full size, for the ratios;
    and the whole ``analyse_photo`` against the default known-image index (colour decode, hashes, graphic
    share, lookup of the photo and its mirror, face detection). As a floor, Pillow's own draft decode of the
    same bytes from memory with no checks: no hashing can be faster than that. The variants take turns within
    each run.
  * face detection (:func:`fakeprofile.faces.detect_faces`, OpenCV's Haar cascade) on the same photos decoded
    in colour at ``min_side=HASH_SIDE`` (what ``analyse_photo`` hands it), as photos/s on one core and ms of CPU
    per photo, next to anchors timed in the same runs: the bare draft decode, the guarded colour decode,
    pHash + dHash of a decoded picture and imagehash's. ``--faces-only`` runs just this part.
  * known-image index: ``--known`` known images (crops of the photographs with tone changes, 300-600
    pixels) indexed with ``KnownImageIndex.add_images`` (each image as its 25 variants), and the same
    images as JPEG files with ``add_folder`` (what ``fakeprofile index build`` does: decoded at reduced
    scale, so the variants are cheaper); per image and in total. Then ``KnownImageIndex.query`` latency
    (median and p99, ms) for edited copies of known images (mirror, 10% crop, JPEG 70: how many are
    found is printed too) and for the hashing photos.
  * ``--sizes``: the same query latency with that many pHashes indexed. Indexing millions of real images
    would take hours, so the index's arrays are filled with synthetic codes shaped like real ones (per
    image, 25 variants within a few bits of each other; images clustered as near-duplicate photos are,
    using ``bench_hamming``'s generators), and the real known images are added on top so that edited
    copies still find theirs. ``bench_hamming.py --radius 10`` times ``HammingIndex`` alone at these sizes
    against a scan and faiss.
  * hostile files: how long the guarded loader takes to refuse the files ``tests/test_images.py`` holds it
    to refusing before any pixel is decoded (headers claiming 20,000 x 20,000 pixels, a JPEG with more than
    ``MAX_JPEG_SCANS`` scans), median of 5; then ``--hostile`` random byte strings behind an image format's
    magic and corrupted valid files (the tests' property-based inputs): median, p99 and worst ms.
Prints figures; asserts nothing. ``--quick`` shrinks every count (a minute or two instead of six).
"""

from __future__ import annotations

import os

# One thread, set before numpy is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import contextlib  # noqa: E402
import gc  # noqa: E402
import io  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from PIL import Image, ImageEnhance, ImageOps  # noqa: E402

from fakeprofile.hamming import HammingIndex  # noqa: E402
from fakeprofile.images import MAX_JPEG_SCANS, ImageRejected, decode_image, load_photo  # noqa: E402
from fakeprofile.photos import (  # noqa: E402
    HASH_SIDE,
    INDEX_VARIANTS,
    KnownImageIndex,
    _thumbnail,
    analyse_photo,
    default_known_index,
    hash_image,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_hamming import clustered_codes, flip_bits  # noqa: E402

#: skimage.data function -> the file it reads; only files already on disk are used.
SKIMAGE_PHOTOS = {
    "astronaut": "astronaut.png", "camera": "camera.png", "coffee": "coffee.png", "chelsea": "chelsea.png",
    "rocket": "rocket.jpg", "coins": "coins.png", "moon": "moon.png", "cell": "cell.png",
    "hubble_deep_field": "hubble_deep_field.jpg", "retina": "retina.jpg", "immunohistochemistry": "ihc.png",
    "clock": "clock_motion.png", "grass": "grass.png", "gravel": "gravel.png", "brick": "brick.png",
}
PHOTO_SIDE = 400
#: Bits flipped between an image's variants, and its dHash variants, in the synthetic index.
VARIANT_FLIPS = 8


def source_photos() -> list[Image.Image]:
    """The offline photographs as RGB pictures."""
    out = []
    try:
        import skimage.data as data

        folder = Path(data.__file__).parent
        for name, filename in SKIMAGE_PHOTOS.items():
            if (folder / filename).is_file() or (Path(getattr(data, "data_dir", ".")) / filename).is_file():
                array = getattr(data, name)()
                out.append(Image.fromarray(array).convert("RGB"))
    except ImportError:
        pass
    try:
        from sklearn.datasets import load_sample_images

        out += [Image.fromarray(a) for a in load_sample_images().images]
    except ImportError:
        pass
    if not out:
        sys.exit("needs scikit-image or scikit-learn for their bundled photographs (pip install -e '.[test]')")
    return out


def random_crop(image: Image.Image, rng: np.random.Generator, low: float, high: float,
                aspect: float = 1.0) -> Image.Image:
    """A crop of ``low``..``high`` of the shorter side, of the given aspect ratio, at a random place."""
    w, h = image.size
    side = min(w, h) * rng.uniform(low, high)
    cw, ch = min(w, round(side * aspect)), min(h, round(side))
    x, y = int(rng.integers(0, w - cw + 1)), int(rng.integers(0, h - ch + 1))
    return image.crop((x, y, x + cw, y + ch))


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def make_profile_photos(sources: Sequence[Image.Image], n: int, folder: Path, rng: np.random.Generator) -> list[str]:
    """``n`` 400x400 JPEG files (quality 85): random square crops, half mirrored."""
    paths = []
    for i in range(n):
        image = random_crop(sources[i % len(sources)], rng, 0.6, 1.0)
        image = image.resize((PHOTO_SIDE, PHOTO_SIDE), Image.Resampling.LANCZOS)
        if rng.random() < 0.5:
            image = ImageOps.mirror(image)
        path = folder / f"photo-{i:05d}.jpg"
        path.write_bytes(encode(image, "JPEG", quality=85))
        paths.append(str(path))
    return paths


def make_known_images(sources: Sequence[Image.Image], n: int, rng: np.random.Generator) -> list[Image.Image]:
    """``n`` distinct pictures: crops of the photographs, 300-600 pixels, with tone changes."""
    out = []
    for i in range(n):
        image = random_crop(sources[i % len(sources)], rng, 0.5, 1.0, aspect=rng.uniform(0.75, 1.33))
        factor = int(rng.integers(300, 601)) / max(image.size)
        image = image.resize((round(image.width * factor), round(image.height * factor)), Image.Resampling.LANCZOS)
        image = ImageEnhance.Brightness(image).enhance(rng.uniform(0.8, 1.2))
        image = ImageEnhance.Contrast(image).enhance(rng.uniform(0.8, 1.2))
        out.append(ImageEnhance.Color(image).enhance(rng.uniform(0.7, 1.3)))
    return out


def edited_copy(image: Image.Image) -> Image.Image:
    """Mirrored, 10% cropped towards the centre, re-saved as JPEG 70: a typical stolen profile photo."""
    w, h = image.size
    dx, dy = round(w * 0.05), round(h * 0.05)
    data = encode(ImageOps.mirror(image.crop((dx, dy, w - dx, h - dy))), "JPEG", quality=70)
    return Image.open(io.BytesIO(data)).convert("RGB")


def per_second(fns: dict[str, Callable[[str], object]], refs: Sequence[str],
               runs: int) -> dict[str, tuple[float, float]]:
    """Medians over ``runs`` of how many refs per second each of ``fns`` handles: by this process's CPU time
    (what one core does, even when other processes share it) and by the wall clock. The functions take turns
    within each run, so a slow spell on a shared machine costs them alike and their ratios stay fair."""
    cpu: dict[str, list[float]] = {name: [] for name in fns}
    wall: dict[str, list[float]] = {name: [] for name in fns}
    for fn in fns.values():
        for ref in refs[: max(1, len(refs) // 10)]:  # warm up: page cache, lazy imports, cached weights
            fn(ref)
    for _ in range(runs):
        for name, fn in fns.items():
            start_cpu, start = time.process_time(), time.perf_counter()
            for ref in refs:
                fn(ref)
            cpu[name].append(len(refs) / (time.process_time() - start_cpu))
            wall[name].append(len(refs) / (time.perf_counter() - start))
    return {name: (statistics.median(cpu[name]), statistics.median(wall[name])) for name in fns}


def rate_line(label: str, rates: tuple[float, float], extra: str = "") -> str:
    return f"  {label:<46} {rates[0]:7,.0f} /s per core ({1e3 / rates[0]:5.2f} ms), {rates[1]:7,.0f} /s wall{extra}"


def latencies(fn: Callable[[Image.Image], object], items: Sequence[Image.Image]) -> tuple[str, list]:
    """Median and p99 of ``fn`` over ``items`` in ms, wall clock and this process's CPU time; and the results."""
    wall, cpu, results = [], [], []
    for item in items:
        start, start_cpu = time.perf_counter(), time.process_time()
        results.append(fn(item))
        wall.append((time.perf_counter() - start) * 1e3)
        cpu.append((time.process_time() - start_cpu) * 1e3)
    wall.sort()
    cpu.sort()
    p99 = min(len(items) - 1, int(0.99 * len(items)))
    return (f"median {statistics.median(wall):5.2f} ms (CPU {statistics.median(cpu):5.2f}), "
            f"p99 {wall[p99]:5.2f} ms (CPU {cpu[p99]:5.2f})"), results


def fill_synthetic(index: KnownImageIndex, n_hashes: int, rng: np.random.Generator) -> None:
    """Give an empty index ``n_hashes`` synthetic hashes (whole images of 25 variants), as ``load`` would."""
    n_variants = len(INDEX_VARIANTS)
    n_images = n_hashes // n_variants
    image = np.repeat(np.arange(n_images, dtype=np.int64), n_variants)
    phash = flip_bits(clustered_codes(n_images, rng)[image], VARIANT_FLIPS, rng)
    dhash = flip_bits(rng.integers(0, 1 << 64, n_images, dtype=np.uint64)[image], VARIANT_FLIPS, rng)
    index.names = [f"synthetic-{i:08d}" for i in range(n_images)]
    index._phash = HammingIndex(phash, np.arange(len(phash), dtype=np.int64))
    index._dhash, index._image = dhash, image
    index._variant = np.tile(np.arange(n_variants, dtype=np.int16), n_images)


def _decode_ms(data: bytes) -> float:
    """Milliseconds to decode ``data`` or refuse it."""
    start = time.perf_counter()
    with contextlib.suppress(ImageRejected):
        decode_image(data, min_side=8)
    return (time.perf_counter() - start) * 1e3


def hostile_files(rng: np.random.Generator, n_random: int) -> None:
    """Time the hostile inputs of tests/test_images.py (which asserts what happens to them, not how fast)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.test_images import _MAGICS, _VALID, _jpeg_claiming, _png_claiming, encode, noise

    progressive = encode(noise((64, 64)), "JPEG", progressive=True)
    last_scan = progressive[progressive.rindex(b"\xff\xda") : -2]
    cases = {
        "PNG header claiming 20,000 x 20,000": _png_claiming(20_000, 20_000),
        "JPEG header claiming 20,000 x 20,000": _jpeg_claiming(20_000, 20_000),
        f"JPEG with {MAX_JPEG_SCANS + 1} scans": progressive[:-2] + last_scan * MAX_JPEG_SCANS + b"\xff\xd9",
    }
    print("\nhostile files, refused before decoding (median of 5, ms):")
    for label, data in cases.items():
        print(f"  {label:<40} {statistics.median(_decode_ms(data) for _ in range(5)):8.3f}")
    times = []
    for i in range(n_random):
        if i % 2:
            data = _MAGICS[rng.integers(len(_MAGICS))] + rng.bytes(int(rng.integers(0, 2049)))
        else:
            corrupted = bytearray(_VALID[rng.integers(len(_VALID))])
            for where in rng.integers(0, len(corrupted), int(rng.integers(1, 7))):
                corrupted[where] = int(rng.integers(0, 256))
            data = bytes(corrupted[: int(rng.integers(1, len(corrupted) + 1))] if rng.random() < 0.5 else corrupted)
        times.append(_decode_ms(data))
    times.sort()
    print(f"  {n_random} random byte strings and corrupted files: median {statistics.median(times):.3f}, "
          f"p99 {times[int(0.99 * (len(times) - 1))]:.3f}, worst {times[-1]:.3f}")


def face_cost(refs: Sequence[str], runs: int) -> None:
    """The face detector's cost per photo, with anchors timed in the same runs (their functions take turns)."""
    from fakeprofile.faces import detect_faces

    colour = {r: load_photo(r, min_side=HASH_SIDE).image for r in refs}
    grey = {r: load_photo(r, min_side=HASH_SIDE, grey=True).image for r in refs}
    in_memory = {r: Path(r).read_bytes() for r in refs}

    def bare_decode(ref: str) -> Image.Image:
        with Image.open(io.BytesIO(in_memory[ref])) as im:
            im.draft("RGB", (HASH_SIDE, HASH_SIDE))
            im.load()
            return im

    fns: dict[str, Callable[[str], object]] = {
        "floor": bare_decode,
        "decode": lambda r: load_photo(r, min_side=HASH_SIDE),
        "hash only": lambda r: hash_image(grey[r]),
        "faces": lambda r: detect_faces(colour[r]),
    }
    try:
        import imagehash

        def imagehash_only(ref: str) -> tuple[object, object]:
            thumb = Image.fromarray(_thumbnail(grey[ref]))
            return imagehash.phash(thumb), imagehash.dhash(thumb)

        fns["imagehash"] = imagehash_only
    except ImportError:
        pass
    rates = per_second(fns, refs, runs)
    with_face = sum(detect_faces(colour[r]).faces > 0 for r in refs)
    sides = sorted({min(image.size) for image in colour.values()})
    print(f"\nface detection: {len(refs)} photos decoded in colour at min_side={HASH_SIDE} (shorter side "
          f"{sides[0]}-{sides[-1]} px, searched at most {_detect_side()} px), one thread, median of {runs} runs")
    faces = rates["faces"]
    print(rate_line("detect_faces alone (decoded picture in)", faces, f"  (a face in {with_face}/{len(refs)})"))
    print(rate_line("  anchor: Pillow's own draft decode (colour)", rates["floor"],
                    f"  (faces cost {rates['floor'][0] / faces[0]:.2f}x its time)"))
    print(rate_line("  anchor: load_photo in colour (guarded)", rates["decode"],
                    f"  (faces cost {rates['decode'][0] / faces[0]:.2f}x its time)"))
    print(rate_line("  anchor: pHash + dHash alone", rates["hash only"],
                    f"  (faces cost {rates['hash only'][0] / faces[0]:.2f}x its time)"))
    if "imagehash" in rates:
        print(rate_line("  anchor: imagehash pHash + dHash", rates["imagehash"],
                        f"  (faces cost {rates['imagehash'][0] / faces[0]:.2f}x its time)"))


def _detect_side() -> int:
    from fakeprofile.faces import DETECT_SIDE

    return DETECT_SIDE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--photos", type=int, default=400, help="400x400 JPEGs hashed per run")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--known", type=int, default=1000, help="known images indexed")
    parser.add_argument("--queries", type=int, default=200, help="edited copies queried (and as many other photos)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000_000, 10_000_000],
                        help="pHashes indexed for the large-index query latency")
    parser.add_argument("--hostile", type=int, default=2000, help="random and corrupted image files timed")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--faces-only", action="store_true", help="only the face detector's cost and its anchors")
    parser.add_argument("--quick", action="store_true",
                        help="100 photos, 3 runs, 200 known images, 1M only, 500 hostile files")
    args = parser.parse_args()
    if args.quick:
        args.photos, args.runs, args.known, args.queries, args.sizes = 100, 3, 200, 50, [1_000_000]
        args.hostile = 500
    args.queries = min(args.queries, args.known)

    rng = np.random.default_rng(args.seed)
    sources = source_photos()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{len(sources)} source photographs; one thread; load average {load:.2f} on {os.cpu_count()} CPUs")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        refs = make_profile_photos(sources, args.photos, folder, rng)
        for ref in refs:  # warm the page cache and Pillow's plugins
            load_photo(ref, min_side=HASH_SIDE)
        if args.faces_only:
            face_cost(refs, args.runs)
            return

        # ---- hashing throughput
        print(f"\nhashing {args.photos} 400x400 JPEGs (quality 85), one thread, median of {args.runs} runs "
              "(per core: by CPU time)")
        default = default_known_index()
        decoded = {r: load_photo(r, min_side=HASH_SIDE, grey=True).image for r in refs}
        in_memory = {r: Path(r).read_bytes() for r in refs}

        def bare_decode(ref: str) -> Image.Image:
            # Pillow and libjpeg-turbo alone, from bytes in memory, no guards: the floor any hashing sits on.
            with Image.open(io.BytesIO(in_memory[ref])) as im:
                im.draft("L", (HASH_SIDE, HASH_SIDE))
                im.load()
                return im

        fns = {
            "floor": bare_decode,
            "hash": lambda r: hash_image(load_photo(r, min_side=HASH_SIDE, grey=True).image),
            "colour": lambda r: hash_image(load_photo(r, min_side=HASH_SIDE).image),
            "full": lambda r: hash_image(load_photo(r, grey=True).image),
            "decode": lambda r: load_photo(r, min_side=HASH_SIDE, grey=True),
            "hash only": lambda r: hash_image(decoded[r]),
            "analyse": lambda r: analyse_photo(r, default),
        }
        try:
            import imagehash

            def with_imagehash(ref: str) -> tuple[object, object]:
                thumb = Image.fromarray(_thumbnail(load_photo(ref, min_side=HASH_SIDE, grey=True).image))
                return imagehash.phash(thumb), imagehash.dhash(thumb)

            fns["imagehash"] = with_imagehash
        except ImportError:
            pass
        rates = per_second(fns, refs, args.runs)
        hashed = rates["hash"]
        print(rate_line(f"decode (grey, draft, min_side={HASH_SIDE}) + pHash + dHash", hashed))
        print(rate_line("  decode alone", rates["decode"]))
        print(rate_line("    of which Pillow's own draft decode from memory", rates["floor"],
                        f"  (the whole hashing takes {rates['floor'][0] / hashed[0]:.2f}x its time)"))
        print(rate_line("  pHash + dHash alone (decoded picture in)", rates["hash only"]))
        if "imagehash" in rates:
            print(rate_line("the same hashed by imagehash itself", rates["imagehash"],
                            f"  (ours {hashed[0] / rates['imagehash'][0]:.2f}x faster)"))
        print(rate_line("decode in colour (as analyse_photo) + hashes", rates["colour"],
                        f"  (grey {hashed[0] / rates['colour'][0]:.2f}x faster)"))
        print(rate_line("decode at full size + hashes", rates["full"],
                        f"  (draft {hashed[0] / rates['full'][0]:.2f}x faster)"))
        print(rate_line(f"analyse_photo, default index ({len(default)} images)", rates["analyse"]))
        print("  (decode in colour, hashes, graphic share, lookups of the photo and its mirror, face detection)")
        face_cost(refs, args.runs)

        # ---- known-image index
        known = make_known_images(sources, args.known, rng)
        named = [(f"known-{i:05d}.jpg", image) for i, image in enumerate(known)]
        print(f"\nknown-image index: {args.known} images (longest side {min(max(k.size) for k in known)}-"
              f"{max(max(k.size) for k in known)} pixels), {len(INDEX_VARIANTS)} variants each")
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        index = KnownImageIndex()
        index.add_images(named)
        build, build_cpu = time.perf_counter() - start, time.process_time() - start_cpu
        print(f"  add_images (full-size pictures): {build:6.2f} s wall, {build_cpu / args.known * 1e3:6.2f} ms CPU "
              f"per image ({build_cpu / index.n_hashes * 1e3:.2f} ms per variant)")
        known_dir = folder / "known"
        known_dir.mkdir()
        for name, image in named:
            (known_dir / name).write_bytes(encode(image, "JPEG", quality=90))
        start, start_cpu = time.perf_counter(), time.process_time()
        from_files = KnownImageIndex()
        from_files.add_folder(known_dir)
        build, build_cpu = time.perf_counter() - start, time.process_time() - start_cpu
        print(f"  add_folder (JPEG files, as `fakeprofile index build`): {build:6.2f} s wall, "
              f"{build_cpu / args.known * 1e3:6.2f} ms CPU per image")

        picks = rng.choice(args.known, args.queries, replace=False)
        copies = [edited_copy(known[i]) for i in picks]
        others = [decoded[r] for r in refs[: args.queries]]

        def query_rows(index: KnownImageIndex, label: str) -> None:
            index.query(copies[0])  # warm-up
            timing, results = latencies(index.query, copies)
            found = sum(f"known-{i:05d}.jpg" in {m.name for m in r} for i, r in zip(picks, results, strict=True))
            timing_others, _ = latencies(index.query, others)
            print(f"  {label:>18} hashes | edited copies (found {found}/{len(copies)}): {timing}")
            print(f"  {'':>18}        | other photos: {'':>{len(str(found)) * 2 + 10}}{timing_others}")

        print(f"\nKnownImageIndex.query (decoded picture in: thumbnail, hashes of it and its mirror, lookups); "
              f"{len(copies)} edited copies (mirror, 10% crop, JPEG 70), {len(others)} other photos")
        query_rows(index, f"{index.n_hashes:,}")
        index = from_files = None
        for size in args.sizes:
            gc.collect()
            big = KnownImageIndex()
            start = time.perf_counter()
            fill_synthetic(big, size, np.random.default_rng(args.seed + size))
            fill = time.perf_counter() - start
            big.add_images(named)
            query_rows(big, f"{big.n_hashes:,}")
            print(f"  {'':>18}        | (synthetic codes and tables built in {fill:.1f} s; HammingIndex "
                  f"{big._phash.nbytes / 2**20:,.0f} MiB)")
            big = None
    print("\nHammingIndex alone at these sizes, against a scan and faiss: "
          "python benchmarks/bench_hamming.py --radius 10 --sizes " + " ".join(str(s) for s in args.sizes))
    hostile_files(rng, args.hostile)


if __name__ == "__main__":
    main()
