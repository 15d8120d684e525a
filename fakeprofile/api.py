"""The shortest path from a profile to an explained prediction."""

from __future__ import annotations

from collections.abc import Sequence

from fakeprofile.artifact import default_model
from fakeprofile.schema import Prediction, Profile


def predict(profile: Profile | dict | Sequence[Profile | dict]) -> Prediction | list[Prediction]:
    """Score one profile (or a list) with the shipped default model.

    >>> from fakeprofile import predict
    >>> predict({"id": "x", "connections": 2}).verdict in {"fake", "genuine"}
    True
    """
    return default_model().predict(profile)
