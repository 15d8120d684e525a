"""Defaults shared by the library and the command line (kept light: the CLI imports it at start-up)."""

import os
import sys
from pathlib import Path

DEFAULT_SEED = 0
#: The false-positive rate the operating threshold is chosen for.
DEFAULT_TARGET_FPR = 0.01
#: Confidence with which training's threshold keeps new profiles' false-positive rate within the target.
DEFAULT_FPR_CONFIDENCE = 0.9


def user_cache_dir() -> Path:
    """Per-user cache folder for indexes built from shipped data: $FAKEPROFILE_CACHE_DIR, else the
    platform's usual place. Anything in it can be deleted; it is rebuilt on next use."""
    if env := os.environ.get("FAKEPROFILE_CACHE_DIR"):
        return Path(env)
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "fakeprofile" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "fakeprofile"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "fakeprofile"
