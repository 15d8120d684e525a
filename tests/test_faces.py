"""Face presence (fakeprofile.faces): real faces against non-faces, the guarded path, determinism.

The pictures are the ones scikit-image ships (read offline): its LFW subset (100 faces then 100 non-faces,
25 x 25 pixels, upscaled here) and its photographs (the astronaut's portrait; a cat, coffee, a rocket, ...).
"""

from __future__ import annotations

import base64
import io
import struct
import threading
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from fakeprofile.faces import DETECT_SIDE, FaceResult, detect_faces
from fakeprofile.images import load_photo
from fakeprofile.photos import KnownImageIndex, analyse_photo

skimage_data = pytest.importorskip("skimage.data")

#: What the detector achieved when it was chosen (91 of 100 faces, 0 of 100 non-faces), with some slack.
MIN_FACES_FOUND = 85
MAX_NON_FACES_FLAGGED = 2


def lfw_pictures() -> tuple[list[Image.Image], list[Image.Image]]:
    """LFW's faces and non-faces, upscaled from 25 to 100 pixels (bicubic), in colour as photos are."""
    images = (skimage_data.lfw_subset() * 255).round().astype(np.uint8)
    pictures = [Image.fromarray(a).resize((100, 100), Image.Resampling.BICUBIC).convert("RGB") for a in images]
    return pictures[:100], pictures[100:]


def photograph(name: str) -> Image.Image:
    return Image.fromarray(getattr(skimage_data, name)()).convert("RGB")


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` pixels (and whose data is a few bytes)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def jpeg(image: Image.Image, path: Path) -> str:
    image.save(path, "JPEG", quality=90)
    return str(path)


def test_faces_are_found_in_real_faces_and_not_in_non_faces():
    faces, non_faces = lfw_pictures()
    found = sum(detect_faces(p).faces > 0 for p in faces)
    flagged = sum(detect_faces(p).faces > 0 for p in non_faces)
    assert found >= MIN_FACES_FOUND, f"faces found in {found} of 100 LFW faces"
    assert flagged <= MAX_NON_FACES_FLAGGED, f"a face found in {flagged} of 100 LFW non-faces"


def test_a_portrait_has_one_face_and_a_cat_or_objects_none():
    astronaut = detect_faces(photograph("astronaut"))
    assert astronaut.faces == 1
    assert 0.02 < astronaut.largest_share < 0.2  # her face in a 512-pixel half-body shot
    x, y, w, h = astronaut.boxes[0]
    assert 0.3 < x + w / 2 < 0.7 and y < 0.5  # the top middle of the picture
    for name in ("chelsea", "coffee", "rocket", "horse", "coins", "moon", "text", "brick", "grass"):
        assert detect_faces(photograph(name)).faces == 0, name


def test_an_upscaled_face_fills_most_of_the_picture():
    faces, _ = lfw_pictures()
    shares = [r.largest_share for r in map(detect_faces, faces) if r.faces]
    assert 0.3 < float(np.median(shares)) <= 1.0


def test_nothing_is_found_in_blank_tiny_or_flat_pictures():
    assert detect_faces(Image.new("RGB", (300, 300), "white")) == FaceResult(0, 0.0)
    assert detect_faces(Image.new("RGB", (1, 1), "black")) == FaceResult(0, 0.0)
    assert detect_faces(Image.new("L", (19, 400), 128)) == FaceResult(0, 0.0)  # narrower than the window


def test_the_result_depends_only_on_the_pixels():
    picture = photograph("astronaut")
    first = detect_faces(picture)
    assert detect_faces(picture.copy()) == first
    assert detect_faces(picture.convert("L")) == first  # grey is what the cascade sees anyway
    # and the same from several threads at once (the detector is loaded once, lazily, under a lock)
    results: list[FaceResult] = []
    threads = [threading.Thread(target=lambda: results.append(detect_faces(picture))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [first] * 4


def test_a_large_picture_is_reduced_first(tmp_path):
    big = photograph("astronaut").resize((3000, 3000), Image.Resampling.BICUBIC)
    start = time.process_time()
    result = detect_faces(big)
    assert time.process_time() - start < 1.0  # searched at DETECT_SIDE pixels, not 3,000
    assert result.faces == 1
    assert DETECT_SIDE <= 256


def test_photos_reach_the_detector_through_the_guarded_loader(tmp_path):
    index = KnownImageIndex()
    portrait = analyse_photo(jpeg(photograph("astronaut"), tmp_path / "astronaut.jpg"), index)
    assert portrait.readable and portrait.faces == 1 and 0.0 < portrait.face_area_share < 1.0
    # what the analysis saw is what the detector finds on the guarded loader's own decode
    decoded = load_photo(str(tmp_path / "astronaut.jpg"), min_side=128).image
    assert detect_faces(decoded).faces == portrait.faces
    cat = analyse_photo(jpeg(photograph("chelsea"), tmp_path / "cat.jpg"), index)
    assert cat.readable and cat.faces == 0 and cat.face_area_share == 0.0


@pytest.mark.parametrize("case", ["corrupt", "truncated", "huge", "tiny", "not an image"])
def test_bad_files_are_refused_or_measured_never_raised(tmp_path, case):
    buffer = io.BytesIO()
    photograph("astronaut").save(buffer, "JPEG")
    good = buffer.getvalue()
    path = tmp_path / "photo.jpg"
    if case == "corrupt":
        path.write_bytes(good[:200] + bytes(len(good) - 200))
    elif case == "truncated":
        path.write_bytes(good[: len(good) // 3])
    elif case == "huge":  # a header claiming 20,000 x 20,000 pixels: refused before decoding
        path.write_bytes(png_claiming(20_000, 20_000))
    elif case == "tiny":
        Image.new("RGB", (4, 3), "red").save(path, "PNG")
    else:
        path.write_bytes(b"<html><body>not found</body></html>")
    found = analyse_photo(str(path), KnownImageIndex())
    if case in ("tiny", "truncated") and found.readable:  # Pillow may decode what is left of a truncated JPEG
        assert found.faces >= 0 and 0.0 <= found.face_area_share <= 1.0
        if case == "tiny":
            assert found.faces == 0
    else:
        assert not found.readable and found.problem
        assert found.faces == 0 and found.face_area_share == 0.0


def test_threads_each_get_their_own_detector_and_agree_with_one_thread():
    """OpenCV's classifier keeps scratch state per call: one shared by threads failed an internal assertion."""
    from concurrent.futures import ThreadPoolExecutor

    from skimage import data

    pictures = [Image.fromarray(data.astronaut()).resize((s, s)) for s in range(100, 220, 4)] * 4
    alone = [detect_faces(p) for p in pictures]
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(detect_faces, pictures))
    assert together == alone


def test_a_detector_failure_is_an_unknown_face_not_a_crashed_batch(monkeypatch):
    from skimage import data

    import fakeprofile.faces as faces

    class Broken:
        def detectMultiScale(self, *args, **kwargs):  # noqa: N802  (OpenCV's name)
            import cv2
            raise cv2.error("simulated")

    monkeypatch.setattr(faces, "_detector", lambda: Broken())
    buffer = io.BytesIO()
    Image.fromarray(data.astronaut()).save(buffer, "PNG")
    ref = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    found = analyse_photo(ref, KnownImageIndex())
    assert found.readable and found.faces is None and found.face_area_share is None
