"""The extractor contract and the registry that holds every clue family.

An extractor measures one family of clues. It declares its features up front, returns a float (or NaN
when the clue cannot be measured) for each, and, only when asked, says in words what it saw. Evidence
is produced on demand rather than with every value because batch scoring needs the numbers for
millions of profiles but the words only for the handful of features that end up as reasons.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from fakeprofile.dates import month_number
from fakeprofile.schema import Profile

NAN = math.nan
#: Longest piece of a profile's own text quoted in evidence.
MAX_QUOTE = 60


def clip(text: str, limit: int = MAX_QUOTE) -> str:
    """A profile's text as evidence quotes it: at most ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass(frozen=True)
class Context:
    """What extractors need besides the profile.

    ``as_of`` is the month that "present" and account age are measured to when a profile has no
    ``observed_at`` of its own; fixing it keeps scores reproducible.
    """

    as_of: str

    def as_of_month(self, profile: Profile) -> int:
        """Month number that 'now' means for this profile."""
        return month_number(profile.observed_at or self.as_of, is_end=True)


class Extractor(ABC):
    """One clue family: declared features, values per profile, evidence in words on demand."""

    name: ClassVar[str]
    version: ClassVar[str]
    description: ClassVar[str]
    feature_names: ClassVar[tuple[str, ...]]

    @abstractmethod
    def extract(self, profile: Profile, ctx: Context) -> dict[str, float]:
        """Values for every declared feature (NaN where the clue cannot be measured)."""

    @abstractmethod
    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        """A sentence a person can check for each declared feature, given the values ``extract`` gave."""

    def extract_batch(self, profiles: Sequence[Profile], ctx: Context) -> np.ndarray:
        """Feature matrix (profiles x declared features). Batch-level clue families override this."""
        names = self.feature_names
        out = np.empty((len(profiles), len(names)), dtype=np.float64)
        for row, profile in enumerate(profiles):
            values = self.extract(profile, ctx)
            out[row] = [values[n] for n in names]
        return out

    @classmethod
    def qualified(cls, feature: str) -> str:
        """The model's column name for one of this extractor's features."""
        return f"{cls.name}__{feature}"


REGISTRY: dict[str, type[Extractor]] = {}


def register(cls: type[Extractor]) -> type[Extractor]:
    """Class decorator adding an extractor to the registry under its ``name``."""
    for attr in ("name", "version", "description", "feature_names"):
        if not hasattr(cls, attr):
            raise TypeError(f"extractor {cls.__name__} does not declare {attr!r}")
    if cls.name in REGISTRY and REGISTRY[cls.name] is not cls:
        raise ValueError(f"two extractors are named {cls.name!r}")
    if len(set(cls.feature_names)) != len(cls.feature_names):
        raise ValueError(f"extractor {cls.name!r} declares a feature twice")
    REGISTRY[cls.name] = cls
    return cls
