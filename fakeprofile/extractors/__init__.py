"""Clue families. Importing this package registers every built-in extractor, in this order."""

from fakeprofile.extractors import (  # noqa: F401  (importing registers them)
    activity,
    completeness,
    connections,
    geography,
    invitation,
    name,
    photo,
    timeline,
    writing,
)
from fakeprofile.extractors.base import REGISTRY, BatchCounts, CampaignCounts, Context, Extractor, register

__all__ = ["REGISTRY", "BatchCounts", "CampaignCounts", "Context", "Extractor", "register"]
