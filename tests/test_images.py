"""The guarded photo loader: every way a photo can be bad ends in ImageRejected with a readable reason.

* Non-images and refused formats are named ("looks like HTML", "TIFF images are not accepted").
* Truncated files are rejected, never half-decoded; ``LOAD_TRUNCATED_IMAGES`` stays False throughout.
* Pixel bombs are refused from the header, before any pixel is decoded, and fast.
* Every mode an accepted format can carry becomes sensible RGB; EXIF orientation is applied, broken EXIF
  tolerated; animations give their first frame and a (capped) frame count.
* Files are refused from ``stat`` when they are too big or not regular files.
* No bytes make ``decode_image`` raise anything but ImageRejected, or take long.

Every fixture is built here with Pillow or by hand; no binary file is committed.
"""

from __future__ import annotations

import base64
import io
import os
import random
import struct
import warnings
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageFile, features

from fakeprofile import images
from fakeprofile.images import (
    MAX_JPEG_SCANS,
    DecodedImage,
    ImageRejected,
    decode_image,
    load_photo,
    read_photo_bytes,
)

HAS_WEBP = features.check("webp")


@pytest.fixture(autouse=True)
def _truncated_images_stay_refused():
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    yield
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def reason(data: bytes, **kwargs) -> str:
    """The rejection reason for ``data``, checked to be one short line."""
    with pytest.raises(ImageRejected) as info:
        decode_image(data, **kwargs)
    text = str(info.value)
    assert text and "\n" not in text and "Traceback" not in text and len(text) < 200
    return text


def noise(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    return Image.effect_noise(size, 60).convert(mode)


def gradient(size: tuple[int, int]) -> Image.Image:
    """A smooth picture: cheap to encode at any size, unlike noise."""
    bands = [Image.linear_gradient("L"), Image.radial_gradient("L"), Image.linear_gradient("L").rotate(90)]
    return Image.merge("RGB", bands).resize(size)


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def assert_close(pixel, expected, tolerance: int = 6) -> None:
    assert all(abs(a - b) <= tolerance for a, b in zip(pixel, expected, strict=True)), (pixel, expected)


@pytest.fixture
def no_decoding(monkeypatch):
    """Any attempt to decode pixels fails the reason check (the guard would call it corrupt)."""

    def refuse(self):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


# --------------------------------------------------------------------------------------------------
# What is not an accepted image


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty"),
        (random.Random(0).randbytes(4096), "not an image"),
        (b"<!DOCTYPE html>\n<html><body>Access denied</body></html>", "HTML"),
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', "SVG"),
        (encode(Image.new("RGB", (8, 8)), "TIFF"), "TIFF"),
        (encode(Image.new("RGB", (8, 8)), "BMP"), "BMP"),
        (b"%PDF-1.7\n1 0 obj", "PDF"),
    ],
    ids=["empty", "random", "html", "svg", "tiff", "bmp", "pdf"],
)
def test_non_images_and_refused_formats_are_named(data, expected):
    assert expected in reason(data)


# --------------------------------------------------------------------------------------------------
# Truncation and bombs


def test_truncated_jpeg_is_rejected():
    data = encode(noise((128, 128)), "JPEG")
    assert "truncated" in reason(data[: len(data) // 2])


def test_png_truncated_mid_idat_is_rejected():
    data = encode(noise((128, 128)), "PNG")
    idat = data.index(b"IDAT")
    length = struct.unpack(">I", data[idat - 4 : idat])[0]
    assert "truncated" in reason(data[: idat + 4 + length // 2])


def _png_claiming(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(b"\0" * 100))
            + png_chunk(b"IEND", b""))


def _jpeg_claiming(width: int, height: int) -> bytes:
    data = bytearray(encode(Image.new("RGB", (16, 16), "red"), "JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


@pytest.mark.parametrize("craft", [_png_claiming, _jpeg_claiming], ids=["png-ihdr", "jpeg-sof"])
def test_header_claiming_20000_square_is_refused_before_decoding(craft, no_decoding):
    # How long the refusal takes is printed by benchmarks/bench_photos.py; here: no pixel is decoded.
    assert "pixels" in reason(craft(20_000, 20_000))


def test_solid_png_over_the_pixel_cap_is_refused_without_decoding(no_decoding):
    data = encode(Image.new("L", (7_000, 7_000), 90), "PNG", compress_level=1)
    assert len(data) < 1_000_000  # small on disk: only the pixel count gives it away
    assert "40,000,000" in reason(data)


def test_png_just_under_the_pixel_cap_decodes():
    side = int(images.MAX_PHOTO_PIXELS**0.5)
    decoded = decode_image(encode(Image.new("L", (side, side), 90), "PNG", compress_level=1), min_side=64)
    assert (decoded.width, decoded.height) == (side, side)
    assert_close(decoded.image.getpixel((0, 0)), (90, 90, 90), 0)


def test_an_ordinary_progressive_jpeg_decodes():
    assert decode_image(encode(noise((64, 64)), "JPEG", progressive=True)).width == 64


def test_jpeg_with_hundreds_of_scans_is_refused_before_decoding(no_decoding):
    # Each scan would re-walk the whole picture: none is decoded (benchmarks/bench_photos.py times the refusal).
    data = encode(noise((64, 64)), "JPEG", progressive=True)
    last_scan = data[data.rindex(b"\xff\xda") : -2]
    hostile = data[:-2] + last_scan * MAX_JPEG_SCANS + b"\xff\xd9"
    assert "scans" in reason(hostile)


# --------------------------------------------------------------------------------------------------
# Modes, orientation, frames


def test_cmyk_jpeg_becomes_rgb():
    decoded = decode_image(encode(Image.new("CMYK", (16, 16), (0, 255, 255, 0)), "JPEG", quality=95))
    assert decoded.image.mode == "RGB"
    assert_close(decoded.image.getpixel((8, 8)), (255, 0, 0))


def test_palette_png_transparency_becomes_white():
    image = Image.new("P", (8, 8), 0)
    image.putpalette([255, 0, 0, 0, 0, 255])
    image.paste(1, (4, 0, 8, 8))
    decoded = decode_image(encode(image, "PNG", transparency=0))
    assert decoded.image.getpixel((0, 0)) == (255, 255, 255)
    assert decoded.image.getpixel((7, 0)) == (0, 0, 255)


def test_rgba_png_is_composited_on_white():
    image = Image.new("RGBA", (3, 1))
    image.putdata([(0, 0, 0, 0), (255, 0, 0, 255), (0, 0, 0, 128)])
    decoded = decode_image(encode(image, "PNG")).image
    assert decoded.mode == "RGB"
    assert decoded.getpixel((0, 0)) == (255, 255, 255)
    assert decoded.getpixel((1, 0)) == (255, 0, 0)
    assert_close(decoded.getpixel((2, 0)), (127, 127, 127), 2)


def test_16_bit_greyscale_png_is_scaled_not_clipped():
    values = np.array([[0, 32768, 65535]], dtype=np.uint16)
    decoded = decode_image(encode(Image.fromarray(values), "PNG")).image
    assert [decoded.getpixel((x, 0)) for x in range(3)] == [(0, 0, 0), (128, 128, 128), (255, 255, 255)]


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        (Image.new("1", (4, 4), 1), (255, 255, 255)),
        (Image.new("L", (4, 4), 100), (100, 100, 100)),
        (Image.new("LA", (4, 4), (0, 0)), (255, 255, 255)),
        (Image.new("P", (4, 4), 1), (0, 0, 255)),
    ],
    ids=["1-bit", "L", "LA-transparent", "P"],
)
def test_png_modes_become_rgb(image, expected):
    if image.mode == "P":
        image.putpalette([255, 0, 0, 0, 0, 255])
    decoded = decode_image(encode(image, "PNG")).image
    assert decoded.mode == "RGB"
    assert decoded.getpixel((0, 0)) == expected


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        (Image.new("F", (4, 4), 0.5), (128, 128, 128)),
        (Image.new("I", (4, 4), 65535), (255, 255, 255)),
        (Image.new("I", (4, 4), 32768), (128, 128, 128)),
        (Image.new("I;16B", (4, 4), 32768), (128, 128, 128)),
    ],
    ids=["float", "32-bit-I-max", "32-bit-I-mid", "16-bit-big-endian"],
)
def test_wide_modes_are_scaled_to_8_bit(image, expected):
    # No accepted format's file opens in these modes today; this checks the conversion itself.
    converted = images._to_picture(image, grey=False)
    assert converted.mode == "RGB"
    assert converted.getpixel((0, 0)) == expected
    grey = images._to_picture(image, grey=True)
    assert grey.mode == "L"
    assert grey.getpixel((0, 0)) == expected[0]


def test_grey_decoding_gives_the_luma_of_the_colour_decoding():
    rng = np.random.default_rng(4)
    image = Image.fromarray(rng.integers(0, 256, (8, 8, 3), dtype=np.uint8)).resize((320, 240))
    for fmt, options in (("JPEG", {"quality": 90}), ("PNG", {}), ("WEBP", {"quality": 90}), ("GIF", {})):
        data = encode(image, fmt, **options)
        colour = decode_image(data, min_side=64)
        grey = decode_image(data, min_side=64, grey=True)
        assert grey.image.mode == "L" and (grey.width, grey.height, grey.format) == (320, 240, fmt)
        assert grey.image.size == colour.image.size
        # A JPEG's own luma plane and Pillow's conversion of the decoded colours, and grey-then-reduce against
        # reduce-then-grey, differ by rounding only.
        difference = np.abs(np.asarray(grey.image, dtype=int) - np.asarray(colour.image.convert("L"), dtype=int))
        assert difference.max() <= (3 if fmt == "JPEG" else 1), fmt


def test_grey_decoding_composites_transparency_on_white():
    image = Image.new("LA", (4, 4), (0, 0))
    assert decode_image(encode(image, "PNG"), grey=True).image.getpixel((0, 0)) == 255
    paletted = Image.new("P", (4, 4), 0)
    paletted.putpalette([0, 0, 0] * 256)
    assert decode_image(encode(paletted, "PNG", transparency=0), grey=True).image.getpixel((0, 0)) == 255


def test_grey_decoding_of_a_cmyk_jpeg_gives_the_luma_of_its_colour():
    data = encode(Image.new("CMYK", (16, 16), (0, 255, 255, 0)), "JPEG", quality=95)
    colour = decode_image(data).image
    grey = decode_image(data, grey=True).image
    assert grey.mode == "L" and grey.getpixel((0, 0)) == colour.convert("L").getpixel((0, 0))


def test_animated_gif_gives_first_frame_and_frame_count():
    frames = [Image.new("RGB", (8, 8), colour) for colour in ("red", "lime", "blue")]
    decoded = decode_image(encode(frames[0], "GIF", save_all=True, append_images=frames[1:]))
    assert decoded.n_frames == 3
    assert decoded.format == "GIF"
    assert decoded.image.getpixel((4, 4)) == (255, 0, 0)


def test_gif_frames_are_counted_only_up_to_the_cap(monkeypatch):
    monkeypatch.setattr(images, "MAX_FRAMES_COUNTED", 5)
    frames = [Image.new("L", (4, 4), 20 * i) for i in range(12)]
    decoded = decode_image(encode(frames[0], "GIF", save_all=True, append_images=frames[1:]))
    assert decoded.n_frames == 5


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF"])
def test_one_pixel_image_is_not_upscaled(fmt):
    decoded = decode_image(encode(Image.new("RGB", (1, 1), "red"), fmt), min_side=64)
    assert decoded.image.size == (1, 1)
    assert (decoded.width, decoded.height, decoded.n_frames) == (1, 1, 1)


def _exif_jpeg(orientation: int) -> bytes:
    image = Image.new("RGB", (40, 20), "blue")
    image.paste((255, 0, 0), (0, 0, 8, 8))  # marker in the stored top-left corner
    exif = Image.Exif()
    exif[0x0112] = orientation
    return encode(image, "JPEG", quality=95, exif=exif.tobytes())


def test_exif_orientation_6_is_applied():
    decoded = decode_image(_exif_jpeg(6))
    # Orientation 6: the stored picture is shown turned 90 degrees clockwise, so its top-left corner
    # ends up at the top right.
    assert (decoded.width, decoded.height) == (20, 40)
    assert decoded.image.size == (20, 40)
    assert_close(decoded.image.getpixel((17, 2)), (255, 0, 0), 40)
    assert_close(decoded.image.getpixel((2, 2)), (0, 0, 255), 40)


@pytest.mark.parametrize(
    "exif",
    [
        b"Exif\x00\x00" + b"\x13\x37" * 40,  # not TIFF at all
        b"Exif\x00\x00II*\x00\xff\xff\xff\x7f",  # first IFD far past the end
        b"Exif\x00\x00II*\x00\x08\x00\x00\x00\xff\xff" + b"\x12\x01\x03\x00" * 3,  # 65535 entries claimed
        b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x63\x00\x00"
        b"\x00\x00\x00\x00",  # orientation 99
    ],
    ids=["garbage", "bad-offset", "too-many-entries", "bad-orientation"],
)
def test_jpeg_with_corrupt_exif_still_loads(exif):
    data = encode(Image.new("RGB", (30, 20), "green"), "JPEG")
    segment = b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif
    decoded = decode_image(data[:2] + segment + data[2:])
    assert (decoded.width, decoded.height) == (30, 20)


# --------------------------------------------------------------------------------------------------
# Reduced decoding


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_min_side_decodes_smaller_but_reports_the_original_size(fmt):
    data = encode(gradient((2000, 2000)), fmt)
    full = decode_image(data)
    small = decode_image(data, min_side=64)
    assert full.image.size == (2000, 2000)
    assert 64 <= min(small.image.size) < 128
    assert (small.width, small.height) == (2000, 2000)


@pytest.mark.skipif(not HAS_WEBP, reason="Pillow built without WebP")
def test_webp_still_and_animated():
    still = decode_image(encode(Image.new("RGB", (16, 16), "red"), "WEBP", quality=95))
    assert (still.format, still.n_frames) == ("WEBP", 1)
    assert_close(still.image.getpixel((8, 8)), (255, 0, 0), 12)
    frames = [Image.new("RGBA", (16, 16), (0, 0, 0, 0)), Image.new("RGBA", (16, 16), "blue")]
    animated = decode_image(encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], lossless=True))
    assert animated.n_frames == 2
    assert animated.image.getpixel((8, 8)) == (255, 255, 255)


# --------------------------------------------------------------------------------------------------
# Reading files and data URIs


def test_data_uri_round_trip():
    data = encode(Image.new("RGB", (12, 7), "red"), "PNG")
    decoded = load_photo("data:image/png;base64," + base64.b64encode(data).decode())
    assert isinstance(decoded, DecodedImage)
    assert (decoded.width, decoded.height, decoded.format) == (12, 7, "PNG")


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("data:image/png;base64,not*base64", "base64"),
        ("data:image/png,rawbytes", "base64"),
        ("https://example.com/me.jpg", "URL"),
        ("//fileserver/share/me.jpg", "URL"),
    ],
)
def test_bad_references_are_rejected(ref, expected):
    with pytest.raises(ImageRejected, match=expected):
        read_photo_bytes(ref)


def test_directory_is_rejected(tmp_path):
    with pytest.raises(ImageRejected, match="directory"):
        load_photo(str(tmp_path))


def test_missing_file_is_rejected(tmp_path):
    with pytest.raises(ImageRejected, match="not found"):
        load_photo(str(tmp_path / "nobody.jpg"))


def test_file_over_the_byte_cap_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "big.png"
    path.write_bytes(encode(noise((64, 64)), "PNG"))
    monkeypatch.setattr(images, "MAX_PHOTO_BYTES", 1_000)
    monkeypatch.setattr(Path, "open", lambda *args, **kwargs: pytest.fail("the file was opened"))
    with pytest.raises(ImageRejected, match="1,000"):
        load_photo(str(path))


def test_data_uri_over_the_byte_cap_is_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_PHOTO_BYTES", 1_000)
    with pytest.raises(ImageRejected, match="1,000"):
        read_photo_bytes("data:image/png;base64," + base64.b64encode(b"\0" * 1_001).decode())
    assert len(read_photo_bytes("data:image/png;base64," + base64.b64encode(b"\0" * 1_000).decode())) == 1_000


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "photo.jpg"
    os.mkfifo(fifo)
    with pytest.raises(ImageRejected, match="regular file"):
        load_photo(str(fifo))


def test_load_photo_reads_a_file(tmp_path):
    path = tmp_path / "me.jpg"
    path.write_bytes(encode(noise((80, 60)), "JPEG"))
    decoded = load_photo(str(path))
    assert (decoded.width, decoded.height, decoded.format, decoded.image.mode) == (80, 60, "JPEG", "RGB")


# --------------------------------------------------------------------------------------------------
# No bytes crash it

_VALID = [
    encode(noise((24, 16), "RGBA"), "PNG"),
    encode(Image.new("P", (16, 16), 3), "PNG", transparency=3),
    encode(noise((24, 16)), "JPEG"),
    encode(noise((24, 16)), "JPEG", progressive=True),
    encode(noise((16, 16), "L"), "GIF", save_all=True, append_images=[Image.new("L", (16, 16), 9)]),
] + ([encode(noise((16, 16)), "WEBP")] if HAS_WEBP else [])
_MAGICS = [b"", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"RIFF\0\0\0\0WEBPVP8 "]


def _decodes_or_is_rejected(data: bytes) -> None:
    try:
        decoded = decode_image(data, min_side=8)
    except ImageRejected as exc:
        assert str(exc)
    else:
        assert decoded.image.mode == "RGB"
        # What bounds the work: a corrupted header may still ask for a large decode, never past the cap.
        assert decoded.width * decoded.height <= images.MAX_PHOTO_PIXELS


@settings(max_examples=300, deadline=None)
@given(magic=st.sampled_from(_MAGICS), tail=st.binary(max_size=2048))
def test_arbitrary_bytes_never_raise_anything_but_image_rejected(magic, tail):
    _decodes_or_is_rejected(magic + tail)


@settings(max_examples=300, deadline=None)
@given(
    valid=st.sampled_from(_VALID),
    edits=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=6),
    cut=st.none() | st.floats(0, 1),
)
def test_corrupted_images_never_raise_anything_but_image_rejected(valid, edits, cut):
    data = bytearray(valid)
    for where, value in edits:
        data[int(where * len(data))] = value
    if cut is not None:
        data = data[: int(cut * len(data))]
    _decodes_or_is_rejected(bytes(data))


def test_module_changes_no_global_pillow_state():
    before = (Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES, list(warnings.filters))
    decode_image(encode(noise((16, 16)), "PNG"))
    with pytest.raises(ImageRejected):
        decode_image(b"<html>")
    assert (Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES, list(warnings.filters)) == before
