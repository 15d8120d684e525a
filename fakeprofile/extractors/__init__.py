"""Clue families. Importing this package registers every built-in extractor, in this order."""

from fakeprofile.extractors import activity, completeness, connections, name, timeline  # noqa: F401  (registration)
from fakeprofile.extractors.base import REGISTRY, Context, Extractor, register

__all__ = ["REGISTRY", "Context", "Extractor", "register"]
