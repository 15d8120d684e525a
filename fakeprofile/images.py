"""The one guarded way to read a profile photo: bytes in, an RGB picture (or a reason it cannot be used) out.

Every photo goes through :func:`load_photo` (or :func:`read_photo_bytes` then :func:`decode_image`), so a
corrupt, truncated, huge, hostile or non-image file costs a short :class:`ImageRejected` reason ("truncated or
corrupt JPEG", "not an image (looks like HTML)") that a caller can put in evidence, never a crash, a hang or
gigabytes of memory.

How a photo is read
-------------------
1. :func:`read_photo_bytes`: a local path or a ``data:...;base64,`` URI, never a URL. Files that are not
   regular files (a directory, a FIFO that would block, ``/dev/zero``) or larger than ``MAX_PHOTO_BYTES``
   are refused from ``stat`` alone, before anything is read.
2. The format is sniffed from the magic bytes: JPEG, PNG, WEBP and GIF go on; anything else is refused,
   naming what it looks like when that is cheap to tell. Pillow then opens it with only that format allowed.
3. The header's width x height is checked against ``MAX_PHOTO_PIXELS`` before any pixel is decoded, and a
   JPEG with more than ``MAX_JPEG_SCANS`` scans is refused (each scan re-walks the whole picture: 1,000
   copies of one scan in a 125 kB file took 18 s to decode).
4. Only the first frame is decoded. With ``min_side``, a JPEG decodes at 1/2, 1/4 or 1/8 scale (libjpeg's
   DCT scaling) and every format is then box-reduced by a whole factor while its shorter side stays at least
   ``min_side``.
5. The picture becomes RGB (alpha composited on white, 16-bit scaled to 8-bit) and is turned upright by its
   EXIF orientation; a broken EXIF block is ignored rather than costing the photo.
6. With ``grey``, it becomes 8-bit grey (ITU-R 601 luma) instead, and a colour JPEG is decoded straight to
   grey: libjpeg then skips the colour planes' inverse DCT, upsampling and colour conversion (decoding and
   hashing a 400 x 400 photo: 1.33 times faster, ``benchmarks/bench_photos.py``). Perceptual hashes need
   nothing else.

Known limits
------------
A hostile file within the byte cap can still be slow, never unbounded: Pillow walks the chunks or markers
before the pixels in Python, about 0.6 s per MB of tiny PNG chunks or JPEG markers. Pillow's
``DecompressionBombWarning`` is made an error with ``warnings.catch_warnings``, which on Python < 3.14 swaps
the process-wide filter list; threads decoding at the same time can see each other's filters. That only
matters if someone lowers ``PIL.Image.MAX_IMAGE_PIXELS`` below ``MAX_PHOTO_PIXELS``: the pixel check in
step 3 refuses everything Pillow would warn about at its default limit.
"""

from __future__ import annotations

import base64
import binascii
import io
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import ExifTags, Image, UnidentifiedImageError, features

from fakeprofile.schema import _URL_RE

#: Files larger than this are refused without reading them whole.
MAX_PHOTO_BYTES = 20 * 1024 * 1024
#: width * height, from the header, above which a photo is refused before decoding (a 7,000 x 6,000 photo
#: fits; RGB at this size is 120 MB).
MAX_PHOTO_PIXELS = 40_000_000
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
#: Animation frames are counted up to this many, so a 100,000-frame GIF is not walked to the end.
MAX_FRAMES_COUNTED = 1_000
#: libjpeg writes 10 scans for a progressive colour JPEG (6 for grey) and mozjpeg about 20; more is an attack.
MAX_JPEG_SCANS = 100

_MAGIC = (  # (prefix, format we decode)
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
)
_REFUSED_IMAGES = (  # (prefix, image format we do not decode)
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"II+\x00", "TIFF"),
    (b"MM\x00+", "TIFF"),
    (b"BM", "BMP"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"8BPS", "PSD"),
    (b"\xff\x4f\xff\x51", "JPEG 2000"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "JPEG 2000"),
    (b"\xff\x0a", "JPEG XL"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "JPEG XL"),
)
_NOT_IMAGES = (  # (prefix, what the bytes are)
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a program"),
)
_HEIF_BRANDS = {b"heic": "HEIC", b"heix": "HEIC", b"hevc": "HEIC", b"mif1": "HEIF", b"msf1": "HEIF",
                b"avif": "AVIF", b"avis": "AVIF"}
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SWAPS_SIDES = {Image.Transpose.TRANSPOSE, Image.Transpose.ROTATE_270, Image.Transpose.TRANSVERSE,
                Image.Transpose.ROTATE_90}
_ALPHA_MODES = {"RGBA", "LA", "PA", "RGBa", "La"}


class ImageRejected(ValueError):
    """The photo cannot be used; ``str(exc)`` is a short reason a person can read (no traceback text)."""


@dataclass(frozen=True)
class DecodedImage:
    """A decoded photo.

    Attributes
    ----------
    image
        Mode ``"RGB"`` (``"L"`` when decoded with ``grey``), upright (EXIF orientation applied), alpha
        composited on white, the first frame of an animation; smaller than ``width`` x ``height`` when
        ``min_side`` asked for less.
    width, height
        Of the whole original picture, upright.
    format
        ``"JPEG"``, ``"PNG"``, ``"WEBP"`` or ``"GIF"``.
    n_frames
        Frames in the file (1 unless animated), counted up to ``MAX_FRAMES_COUNTED``.
    """

    image: Image.Image
    width: int
    height: int
    format: str
    n_frames: int


def read_photo_bytes(ref: str) -> bytes:
    """The bytes of a photo given as a local path or a ``data:...;base64,`` URI; URLs are never fetched.

    Raises
    ------
    ImageRejected
        The file is missing, unreadable, not a regular file or larger than ``MAX_PHOTO_BYTES``; the URI is
        not valid base64 or too large; ``ref`` is a URL.
    """
    if ref[:5].lower() == "data:":
        return _data_uri_bytes(ref)
    if _URL_RE.match(ref[:64]):
        raise ImageRejected("photo is a URL; fakeprofile reads only local files and data: URIs")
    if "\0" in ref:  # os.stat would raise ValueError
        raise ImageRejected("photo path is not a valid file name")
    path = Path(ref)
    try:
        # stat before open: opening a FIFO blocks, and a huge file must be refused unread.
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ImageRejected("photo path is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise ImageRejected("photo path is not a regular file")
        if info.st_size > MAX_PHOTO_BYTES:
            raise ImageRejected(f"photo file is {info.st_size:,} bytes, more than the {MAX_PHOTO_BYTES:,} accepted")
        with path.open("rb") as handle:
            data = handle.read(MAX_PHOTO_BYTES + 1)
    except FileNotFoundError:
        raise ImageRejected("photo file not found") from None
    except PermissionError:
        raise ImageRejected("photo file cannot be read (permission denied)") from None
    except OSError as exc:
        raise ImageRejected(f"photo file cannot be read ({exc.strerror or type(exc).__name__})") from None
    if len(data) > MAX_PHOTO_BYTES:  # the file grew after stat
        raise ImageRejected(f"photo file is more than the {MAX_PHOTO_BYTES:,} bytes accepted")
    return data


def _data_uri_bytes(ref: str) -> bytes:
    header, sep, payload = ref.partition(",")
    if not sep or ";base64" not in header.lower():
        raise ImageRejected("inline photo is not a data:image/...;base64, URI")
    # Base64 without whitespace (validate=True) is exactly 4 characters per 3 bytes: refuse before decoding.
    if len(payload) > 4 * -(-MAX_PHOTO_BYTES // 3):
        raise ImageRejected(f"inline photo is more than the {MAX_PHOTO_BYTES:,} bytes accepted")
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise ImageRejected("inline photo is not valid base64") from None
    if len(data) > MAX_PHOTO_BYTES:
        raise ImageRejected(f"inline photo is more than the {MAX_PHOTO_BYTES:,} bytes accepted")
    return data


def load_photo(ref: str, *, min_side: int | None = None, grey: bool = False) -> DecodedImage:
    """:func:`read_photo_bytes` then :func:`decode_image`; raises :class:`ImageRejected` with the reason."""
    return decode_image(read_photo_bytes(ref), min_side=min_side, grey=grey)


def decode_image(data: bytes, *, min_side: int | None = None, grey: bool = False) -> DecodedImage:
    """Decode a JPEG, PNG, WEBP or GIF photo, guarded against every way the bytes can be bad.

    Parameters
    ----------
    data
        The file's bytes.
    min_side
        The caller needs only this many pixels on the shorter side (perceptual hashing needs about 64): the
        image returned is reduced by a whole factor while its shorter side stays at least ``min_side``, and
        a JPEG is decoded at that reduced scale directly (measured 1.3-1.6x faster for a 400 x 400 photo,
        2.5x at 1600 x 1600: the entropy decoding it cannot skip dominates small files). ``None``: full size.
    grey
        Return an 8-bit grey picture (mode ``"L"``); a colour JPEG is decoded to grey directly.

    Raises
    ------
    ImageRejected
        The bytes are not an accepted image, or are truncated, corrupt, too large or too costly to decode.
        No other exception escapes.
    """
    if min_side is not None and min_side < 1:
        raise ValueError(f"min_side must be at least 1, not {min_side}")
    fmt = _sniff(data)
    try:
        with warnings.catch_warnings():
            # Every problem below becomes a reason or is tolerated (broken EXIF), so Pillow's warnings are noise.
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return _decode(data, fmt, min_side, grey)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(f"{fmt} image has too many pixels to decode safely") from None
    except MemoryError:
        raise ImageRejected(f"not enough memory to decode the {fmt} image") from None
    except UnidentifiedImageError:
        raise ImageRejected(f"corrupt {fmt} header") from None
    except Exception:  # zlib, struct, OSError, SyntaxError, ...: Pillow's decoders raise all kinds
        raise ImageRejected(f"truncated or corrupt {fmt}") from None


def _sniff(data: bytes) -> str:
    """The accepted format the magic bytes announce, or :class:`ImageRejected` saying what the bytes look like."""
    if not data:
        raise ImageRejected("photo is empty (0 bytes)")
    for prefix, fmt in _MAGIC:
        if data.startswith(prefix):
            return fmt
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        if not features.check("webp"):
            raise ImageRejected("WEBP images cannot be read here (Pillow was built without WebP)")
        return "WEBP"
    refused = next((name for prefix, name in _REFUSED_IMAGES if data.startswith(prefix)), None)
    if refused is None and data[4:8] == b"ftyp":
        refused = _HEIF_BRANDS.get(data[8:12])
        if refused is None:
            raise ImageRejected("not an image (looks like a video)")
    if refused:
        raise ImageRejected(f"{refused} images are not accepted (only {', '.join(ALLOWED_FORMATS)})")
    kind = next((name for prefix, name in _NOT_IMAGES if data.startswith(prefix)), None) or _text_kind(data)
    if kind:
        raise ImageRejected(f"not an image (looks like {kind})")
    raise ImageRejected(f"not an image in an accepted format ({', '.join(ALLOWED_FORMATS)})")


def _text_kind(data: bytes) -> str | None:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "HTML"
    if b"<svg" in head:
        return "SVG"
    if head.startswith(b"<"):
        return "XML"
    if head.startswith((b"{", b"[")):
        return "JSON"
    return None


def _decode(data: bytes, fmt: str, min_side: int | None, grey: bool) -> DecodedImage:
    if fmt == "JPEG":
        # Entropy-coded data cannot hold FF DA (FF is always stuffed), so this counts scans, plus a rare
        # chance hit in metadata.
        scans = data.count(b"\xff\xda")
        if scans > MAX_JPEG_SCANS:
            raise ImageRejected(f"JPEG has {scans:,} scans, more than the {MAX_JPEG_SCANS} accepted")
    with Image.open(io.BytesIO(data), formats=(fmt,)) as im:
        width, height = im.size
        if width * height > MAX_PHOTO_PIXELS:
            raise ImageRejected(
                f"image is {width:,} x {height:,} = {width * height:,} pixels, more than the "
                f"{MAX_PHOTO_PIXELS:,} accepted"
            )
        n_frames = _gif_frames(data) if fmt == "GIF" else min(getattr(im, "n_frames", 1), MAX_FRAMES_COUNTED)
        if fmt == "JPEG" and (min_side or grey):
            # The largest of 1/2, 1/4, 1/8 scale keeping min_side; "L" makes a YCbCr JPEG decode only its luma.
            im.draft("L" if grey else "RGB", (min_side or width, min_side or height))
        im.load()
        transpose = _exif_transpose(im)
        image = _to_picture(im, grey)
    factor = min(image.size) // min_side if min_side else 1
    if factor >= 2:
        image = image.reduce(factor)
    if transpose is not None:
        image = image.transpose(transpose)
        if transpose in _SWAPS_SIDES:
            width, height = height, width
    return DecodedImage(image=image, width=width, height=height, format=fmt, n_frames=n_frames)


def _exif_transpose(im: Image.Image) -> Image.Transpose | None:
    """The transpose that makes ``im`` upright according to its EXIF orientation, or None."""
    # Not ImageOps.exif_transpose: it re-serialises the EXIF block, which fails on exactly the broken EXIF
    # this must tolerate, and it would transpose the full-size picture rather than the reduced one.
    try:
        return _TRANSPOSE.get(im.getexif().get(ExifTags.Base.Orientation))
    except Exception:  # a broken EXIF block must not cost an otherwise readable photo
        return None


def _to_picture(im: Image.Image, grey: bool) -> Image.Image:
    """``im`` as 8-bit RGB, or grey: high bit depths scaled (not clipped), transparency composited on white."""
    if im.mode in ("I", "F") or im.mode.startswith("I;16"):
        im = _to_8bit(im)
    if im.mode in _ALPHA_MODES or "transparency" in im.info:
        rgba = im.convert("RGBA")
        out = Image.new("RGB", im.size, "white")
        out.paste(rgba, mask=rgba.getchannel("A"))
        return out.convert("L") if grey else out
    if grey and im.mode == "L":
        return im  # already what is wanted: no copy
    return im.convert("L" if grey else "RGB")


def _to_8bit(im: Image.Image) -> Image.Image:
    # Pillow's own conversion clips 16-bit values to 255, which turns anything above 1/256 grey white.
    values = np.asarray(im)
    if im.mode == "F":  # float pictures hold 0..1
        scaled = np.nan_to_num(values, nan=0.0).clip(0.0, 1.0) * 255.0 + 0.5
    else:  # 16-bit, whether read as I;16* or as 32-bit I
        scaled = values.clip(0, 65535) >> 8
    return Image.fromarray(scaled.astype(np.uint8))


def _gif_frames(data: bytes) -> int:
    """Image descriptors in a GIF up to ``MAX_FRAMES_COUNTED``, walking the block structure without decoding.

    Pillow's ``n_frames`` walks every frame of the file in Python.
    """
    frames = 0
    try:
        pos = 13 + _colour_table_size(data[10])
        while frames < MAX_FRAMES_COUNTED:
            block = data[pos]
            if block == 0x2C:  # image descriptor, local colour table, LZW code size, then data sub-blocks
                frames += 1
                pos += 10 + _colour_table_size(data[pos + 9]) + 1
            elif block == 0x21:  # extension: label, then data sub-blocks
                pos += 2
            else:  # trailer, or garbage Pillow will not read either
                break
            while data[pos]:
                pos += data[pos] + 1
            pos += 1
    except IndexError:  # truncated after the first frame: count what is there
        pass
    return max(frames, 1)


def _colour_table_size(flags: int) -> int:
    return 3 << ((flags & 7) + 1) if flags & 0x80 else 0
