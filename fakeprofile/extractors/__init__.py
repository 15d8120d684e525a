"""Clue families. Importing this package registers every built-in extractor.

``DEFAULT_EXTRACTORS`` is the order their columns take in a model (:func:`fakeprofile.features.make_extractors`
without names); it is the shipped default model's order, so it changes only with a retrained model.
An extractor registered elsewhere is used only when asked for by name.
"""

from fakeprofile.extractors import (  # noqa: F401  (importing registers them)
    activity,
    banner,
    completeness,
    connections,
    face,
    geography,
    grammar,
    identity,
    invitation,
    machine_text,
    name,
    network,
    note_language,
    photo,
    timeline,
    writing,
)
from fakeprofile.extractors.base import REGISTRY, BatchCounts, CampaignCounts, Context, Extractor, register

#: The built-in extractors, in the order of their columns.
DEFAULT_EXTRACTORS: tuple[str, ...] = (
    "activity",
    "completeness",
    "connections",
    "timeline",
    "geography",
    "invitation",
    "name",
    "photo",
    "writing",
    "machine_text",
    "note_language",
    "network",
    "identity",
    "grammar",
    "face",
    "banner",
)

__all__ = ["DEFAULT_EXTRACTORS", "REGISTRY", "BatchCounts", "CampaignCounts", "Context", "Extractor", "register"]
