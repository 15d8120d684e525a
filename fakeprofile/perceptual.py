"""imagehash's 64-bit pHash and dHash, bit for bit, at a fraction of the cost.

Why not call imagehash
----------------------
Both of imagehash's hashes start by shrinking the picture with Pillow's Lanczos filter (64x64 to 32x32
for pHash, to 9x8 for dHash). Pillow recomputes the filter's weights, a few thousand sines, on every call:
about 100 microseconds of the 300 that hashing one photo took, and the numbers in issue 4 ask for under a
millisecond per photo, decode included. Here the weights are computed once per size and the two passes
are matrix products. The result is the same 8-bit picture Pillow gives (same fixed-point weights, same
rounding and clipping between the two passes), so the hashes are imagehash's exactly:
``tests/test_perceptual.py`` compares them on real photographs, on random pictures of many sizes and on
symmetric pictures, whose DCT coefficients tie.

How the exact match is kept
---------------------------
* Weights: Lanczos-3 (``sinc(x) * sinc(x / 3)`` on ``[-3, 3)``) widened by the reduction factor, taken
  at the centres of the input pixels each output pixel covers, normalised to sum to one, then rounded
  half away from zero to :data:`_PRECISION_BITS` fractional bits.
* Passes: horizontal first, each output rounded (add half, shift right) and clipped to 0-255, then
  vertical likewise. Every product and partial sum is an integer far below 2**53, so float64 matrix
  products (BLAS) compute them exactly. Pillow 13 starts with the vertical pass for some other shapes
  (tall inputs), which rounds differently; this module therefore resizes only the square grey thumbnail
  :mod:`fakeprofile.photos` hashes, for which the tests check the match.
* pHash: ``scipy.fftpack.dct`` along each axis of the 32x32 picture, as imagehash does (a matrix DCT
  would differ in the last bits, and on symmetric pictures, where coefficients tie with the median,
  those bits decide the hash); the median of the 8x8 low frequencies by sorting.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

__all__ = ["THUMB_SIDE", "hashes"]

#: Side of the square grey thumbnail both hashes are computed from.
THUMB_SIDE = 64

_PRECISION_BITS = 22
_HALF = float(1 << (_PRECISION_BITS - 1))
_SCALE = float(1 << _PRECISION_BITS)
_LANCZOS_LOBES = 3.0


def _sinc(x: float) -> float:
    if x == 0.0:
        return 1.0
    x *= math.pi
    return math.sin(x) / x


def _lanczos(x: float) -> float:
    return _sinc(x) * _sinc(x / _LANCZOS_LOBES) if -_LANCZOS_LOBES <= x < _LANCZOS_LOBES else 0.0


@lru_cache(maxsize=256)
def _weights(in_size: int, out_size: int) -> np.ndarray:
    """(out_size, in_size) fixed-point Lanczos weights, as float64 holding integers."""
    scale = in_size / out_size
    widen = max(scale, 1.0)
    support = _LANCZOS_LOBES * widen
    inverse = 1.0 / widen
    weights = np.zeros((out_size, in_size))
    for out in range(out_size):
        centre = (out + 0.5) * scale
        first = max(int(centre - support + 0.5), 0)
        stop = min(int(centre + support + 0.5), in_size)
        row = [_lanczos((x - centre + 0.5) * inverse) for x in range(first, stop)]
        total = sum(row)
        for offset, w in enumerate(row):
            w = w / total if total != 0.0 else w
            weights[out, first + offset] = math.trunc(w * _SCALE + (0.5 if w >= 0 else -0.5))
    weights.setflags(write=False)
    return weights


@lru_cache(maxsize=1)
def _plan() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Horizontal weights of both hashes stacked (one product for both), and the two vertical ones."""
    across = np.vstack([_weights(THUMB_SIDE, 32), _weights(THUMB_SIDE, 9)]).T.copy()
    return across, _weights(THUMB_SIDE, 32), _weights(THUMB_SIDE, 8)


def _round_to_8bit(sums: np.ndarray) -> np.ndarray:
    """Fixed-point sums to 0-255 in place: add half, shift right (exact: powers of two), clip."""
    sums += _HALF
    sums *= 1.0 / _SCALE
    np.floor(sums, out=sums)
    return np.clip(sums, 0.0, 255.0, out=sums)


def _bits(flags: np.ndarray) -> int:
    return int.from_bytes(np.packbits(flags.ravel()).tobytes(), "big")


def hashes(thumbnail: np.ndarray) -> tuple[int, int]:
    """(pHash, dHash) of the grey thumbnail (``THUMB_SIDE`` x ``THUMB_SIDE`` uint8), as imagehash computes
    them from the same picture, as unsigned 64-bit integers."""
    if thumbnail.shape != (THUMB_SIDE, THUMB_SIDE):
        raise ValueError(f"expected a {THUMB_SIDE} x {THUMB_SIDE} grey thumbnail, got shape {thumbnail.shape}")
    across_weights, down_32, down_8 = _plan()
    across = _round_to_8bit(thumbnail.astype(np.float64) @ across_weights)
    small = _round_to_8bit(down_32 @ across[:, :32])
    import scipy.fftpack  # on first use: 0.1-0.2 s of import that a profile without a photo never needs

    low = scipy.fftpack.dct(scipy.fftpack.dct(small, axis=0), axis=1)[:8, :8]
    ordered = np.sort(low, axis=None)
    gradient = _round_to_8bit(down_8 @ across[:, 32:])
    return _bits(low > (ordered[31] + ordered[32]) / 2), _bits(gradient[:, 1:] > gradient[:, :-1])
