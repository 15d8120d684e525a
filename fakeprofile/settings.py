"""Defaults shared by the library and the command line (kept light: the CLI imports it at start-up)."""

DEFAULT_SEED = 0
#: The false-positive rate the operating threshold is chosen for.
DEFAULT_TARGET_FPR = 0.01
