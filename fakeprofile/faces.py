"""Faces in a photo: how many frontal faces a decoded picture shows, and how much of it the largest covers.

The seeds' clue: "a pet, a car or flowers instead of a face". The detector is OpenCV's Haar cascade
``haarcascade_frontalface_alt2.xml``, which opencv-python-headless 4.x ships inside its wheel
(``cv2.data.haarcascades``; the 5.x wheels no longer carry the cascade files, hence the ``<5`` pin). Nothing
is downloaded: the cascade is read from the installed package, once per process, lazily and under a lock.

How a picture is searched
-------------------------
The picture (already decoded by the guarded loader, :func:`fakeprofile.images.load_photo`; this module never
opens files) becomes 8-bit grey and is box-reduced so that its longer side is at most :data:`DETECT_SIDE`
pixels; the cascade then scans windows from ``max(20, shorter side / 6)`` pixels up, scale step 1.2, and keeps
windows confirmed by at least 2 neighbours. A face smaller than about a sixth of the picture's shorter side
(a crowd, a distant figure) is not looked for: profile photos show one person up close. The result depends
only on the pixels (OpenCV runs single-threaded here), so the same picture always gives the same answer.

Measured (the brief's protocol, ``issues show 19``; 2 shared cores, CPU time by ``time.process_time``):
scikit-image's LFW subset upscaled from 25 to 100 pixels, 87 of 100 faces found and 0 of 100 non-faces
flagged; on scikit-image's photographs the astronaut's face is found and nothing in the cat, coffee, rocket
or camera pictures; 3.0 ms of CPU per 300-pixel crop of those textured photographs (335 photos/s on one
core) and 2.0 ms per synthetic profile photo (513/s), ``benchmarks/bench_photos.py``. Scale step 1.2 with 2
neighbours was chosen over 1.1 with 3 (91 of 100 LFW faces, but 5.2 ms and 192 photos/s on the photographs,
below the 300 photos/s target); a smallest face of a quarter of the picture was as fast but lost the
astronaut (a half-body shot). Rejected: mediapipe's short-range detector found 98 of 100
LFW faces but also the cat, and the only releases that still bundle its model (0.10.21 and older) need
numpy < 2; scikit-image's LBP cascade found 69 of 100 at a third of the speed.

Known limits: frontal faces only (a profile view, a face turned more than about 30 degrees or mostly hidden
by sunglasses is often missed); a drawn or cartoon face with eyes, nose and mouth can count as a face.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from PIL import Image

__all__ = ["DETECT_SIDE", "FaceDetectionError", "FaceResult", "detect_faces"]

#: The picture's longer side is reduced to at most this many pixels before the search.
DETECT_SIDE = 128
#: The cascade file, from opencv-python-headless's ``cv2.data.haarcascades``.
CASCADE_FILE = "haarcascade_frontalface_alt2.xml"
#: The smallest face looked for: this fraction of the reduced picture's shorter side, and never under
#: the cascade's own 20-pixel window.
MIN_FACE_FRACTION = 1 / 6
SCALE_FACTOR = 1.2
MIN_NEIGHBOURS = 2

#: One classifier per thread: OpenCV's ``detectMultiScale`` keeps per-call scratch state in the classifier, and
#: two threads sharing one fail an internal assertion (opencv/opencv#4287).
_local = threading.local()


class FaceDetectionError(RuntimeError):
    """The detector could not search a picture (its cascade is missing, or OpenCV failed on it)."""


@dataclass(frozen=True)
class FaceResult:
    """What the detector found in one picture.

    Attributes
    ----------
    faces
        How many faces were found.
    largest_share
        The largest face's box as a share of the picture's area (0.0 with no face).
    boxes
        The faces' boxes ``(x, y, width, height)`` as fractions of the picture's width and height, largest first.
    """

    faces: int
    largest_share: float
    boxes: tuple[tuple[float, float, float, float], ...] = ()


def _detector():
    """This thread's cascade classifier, loaded on its first use; OpenCV is imported only then."""
    classifier = getattr(_local, "cascade", None)
    if classifier is None:
        import cv2

        # One thread inside OpenCV: the photo pipeline parallelises across processes, and results stay
        # reproducible.
        cv2.setNumThreads(1)
        classifier = cv2.CascadeClassifier(cv2.data.haarcascades + CASCADE_FILE)
        if classifier.empty():
            raise FaceDetectionError(f"OpenCV's {CASCADE_FILE} could not be loaded from {cv2.data.haarcascades}")
        _local.cascade = classifier
    return classifier


def _prepared(image: Image.Image) -> np.ndarray:
    """``image`` as 8-bit grey with its longer side at most :data:`DETECT_SIDE` pixels (box filter)."""
    grey = image if image.mode == "L" else image.convert("L")
    longer = max(grey.size)
    if longer > DETECT_SIDE:
        ratio = DETECT_SIDE / longer
        size = (max(1, round(grey.width * ratio)), max(1, round(grey.height * ratio)))
        grey = grey.resize(size, Image.Resampling.BOX)
    return np.ascontiguousarray(np.asarray(grey, dtype=np.uint8))


def detect_faces(image: Image.Image) -> FaceResult:
    """Frontal faces in a decoded picture (any mode, any size: it is reduced first).

    Parameters
    ----------
    image
        A picture decoded by :func:`fakeprofile.images.load_photo` or :func:`~fakeprofile.images.decode_image`.

    Returns
    -------
    FaceResult
        The number of faces and the largest one's share of the picture's area; a picture too small to hold
        the smallest face window (under 20 pixels a side) has no face.
    """
    grey = _prepared(image)
    height, width = grey.shape
    smallest = max(20, round(min(height, width) * MIN_FACE_FRACTION))
    if min(height, width) < smallest:
        return FaceResult(0, 0.0)
    import cv2

    try:
        found = _detector().detectMultiScale(grey, scaleFactor=SCALE_FACTOR, minNeighbors=MIN_NEIGHBOURS,
                                             minSize=(smallest, smallest))
    except cv2.error as exc:  # never the end of a batch: the caller records the faces as unknown
        raise FaceDetectionError(f"the face detector failed on this picture ({str(exc).strip()[:200]})") from None
    boxes = sorted(((int(x), int(y), int(w), int(h)) for x, y, w, h in found), key=lambda b: (-b[2] * b[3], b))
    if not boxes:
        return FaceResult(0, 0.0)
    area = float(width * height)
    largest = boxes[0][2] * boxes[0][3] / area
    relative = tuple((x / width, y / height, w / width, h / height) for x, y, w, h in boxes)
    return FaceResult(len(boxes), min(largest, 1.0), relative)
