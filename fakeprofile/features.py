"""Profiles in, feature table out: the chosen extractors (the built-in ones by default), in batches.

Column names are ``"{extractor}__{feature}"`` so a column always says which clue family it came from; a
column's clue (what a person checks, which may give several columns) is ``"{extractor}.{clue}"``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from fakeprofile.extractors import DEFAULT_EXTRACTORS, REGISTRY, BatchCounts, CampaignCounts, Context, Extractor
from fakeprofile.schema import Profile

if TYPE_CHECKING:
    import pandas as pd

    from fakeprofile.photos import KnownImageIndex


def make_extractors(names: Sequence[str] | None = None) -> list[Extractor]:
    """Instances of the named extractors, in that order (by default the built-in ones, in
    :data:`~fakeprofile.extractors.DEFAULT_EXTRACTORS` order; any other registered one must be named)."""
    if names is None:
        names = DEFAULT_EXTRACTORS
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise KeyError(f"unknown extractor(s) {unknown}; registered: {sorted(REGISTRY)}")
    return [REGISTRY[n]() for n in names]


class FeatureBuilder:
    """Turns profiles into the model's feature matrix and, on demand, evidence in words.

    Parameters
    ----------
    extractors
        Extractor instances, in the order their columns appear.
    as_of
        ``YYYY-MM`` that "present" means for profiles without ``observed_at``.
    known_images
        The index photos are checked against (None: the default one).

    Attributes
    ----------
    feature_names : list of str
        The qualified column names, ``"{extractor}__{feature}"``.
    directions : list of int
        Each column's declared direction (+1, -1 or 0).
    clue_names : list of str
        The qualified clues, ``"{extractor}.{clue}"``, in order of first appearance over the columns.
    clue_columns : numpy.ndarray of intp
        For each column, the index into ``clue_names`` of its clue.
    clue_members : list of list of int
        For each clue, its columns, in column order.
    batch_columns : numpy.ndarray of bool
        For each column, whether it is its extractor's ``batch_feature`` (a campaign count, which exists
        only in a batch).
    """

    def __init__(self, extractors: Sequence[Extractor], as_of: str,
                 known_images: KnownImageIndex | None = None) -> None:
        self.extractors = list(extractors)
        self.context = Context(as_of=as_of, known_images=known_images)
        self.feature_names = [ex.qualified(f) for ex in self.extractors for f in ex.feature_names]
        #: Each column's declared direction (+1, -1 or 0), as training passes it to the classifier.
        self.directions = [ex.directions[f] for ex in self.extractors for f in ex.feature_names]
        #: Each qualified feature's extractor (its position in ``extractors``) and unqualified name.
        self._slot = {ex.qualified(f): (i, f) for i, ex in enumerate(self.extractors) for f in ex.feature_names}
        #: Where each extractor's columns start (they are contiguous, in its feature order).
        self._starts = np.cumsum([0] + [len(ex.feature_names) for ex in self.extractors])[:-1].tolist()
        clue_of_column = [clue if "." in (clue := ex.clue_of[f]) else f"{ex.name}.{clue}"
                          for ex in self.extractors for f in ex.feature_names]
        self.clue_names = list(dict.fromkeys(clue_of_column))
        position = {clue: i for i, clue in enumerate(self.clue_names)}
        self.clue_columns = np.array([position[clue] for clue in clue_of_column], dtype=np.intp)
        #: For each clue, its columns in column order.
        self.clue_members = [[j for j, c in enumerate(self.clue_columns.tolist()) if c == i]
                             for i in range(len(self.clue_names))]
        self.batch_columns = np.array([f == ex.batch_feature for ex in self.extractors for f in ex.feature_names],
                                      dtype=bool)

    def batch_counts(self, profiles: Iterable[Profile]) -> BatchCounts:
        """Campaign counts (same photo, same note) over a whole input, for :meth:`matrix`'s ``batch``."""
        return BatchCounts.collect(profiles, self.extractors, self.context)

    def matrix(self, profiles: Sequence[Profile], batch: CampaignCounts | None = None) -> np.ndarray:
        """Feature matrix, one row per profile, columns in ``feature_names`` order.

        Campaign features count over ``batch`` (see :meth:`batch_counts`) when given, else over
        ``profiles`` themselves; a single profile on its own has no batch and gets NaN for them.
        """
        if not profiles:
            return np.empty((0, len(self.feature_names)))
        ctx = replace(self.context, batch=batch if batch is not None else self.batch_counts(profiles))
        blocks = [ex.extract_batch(profiles, ctx) for ex in self.extractors]
        return np.hstack(blocks)

    def frame(self, profiles: Sequence[Profile], batch: CampaignCounts | None = None) -> pd.DataFrame:
        """The feature matrix as a DataFrame indexed by profile id."""
        import pandas as pd  # only here: scoring one profile should not pay pandas' 0.2 s import

        return pd.DataFrame(
            self.matrix(profiles, batch), columns=self.feature_names,
            index=pd.Index([p.id for p in profiles], name="id"),
        )

    def evidence(self, profile: Profile, features: Sequence[str], row: np.ndarray) -> dict[str, str]:
        """Words for the given qualified features of one profile whose feature row is ``row``."""
        # A reason asks for a few features of a few extractors: visit only those, in the extractors' order.
        by_extractor: dict[int, list[tuple[str, str]]] = {}
        for feature in features:
            position, name = self._slot[feature]
            by_extractor.setdefault(position, []).append((feature, name))
        out: dict[str, str] = {}
        for position in sorted(by_extractor):
            ex, start, wanted = self.extractors[position], self._starts[position], by_extractor[position]
            values = dict(zip(ex.feature_names, row[start:start + len(ex.feature_names)].tolist(), strict=True))
            words = ex.evidence_for(profile, values, self.context, {name for _, name in wanted})
            for feature, name in wanted:
                out[feature] = words[name]
        return out

    def coverage(self, matrix: np.ndarray) -> dict[str, float]:
        """Share of the matrix's profiles for which each extractor measured at least one feature."""
        coverage = {}
        for ex in self.extractors:
            cols = [self.feature_names.index(ex.qualified(f)) for f in ex.feature_names]
            coverage[ex.name] = float((~np.isnan(matrix[:, cols])).any(axis=1).mean()) if len(matrix) else 0.0
        return coverage

    def extractor_of(self, feature: str) -> str:
        """Name of the extractor that produces a qualified feature."""
        return self.extractors[self._slot[feature][0]].name
