"""The shortest path from a profile to an explained prediction."""

from __future__ import annotations

from collections.abc import Sequence

from fakeprofile.artifact import default_model
from fakeprofile.schema import Prediction, Profile
from fakeprofile.templates import warn_if_corpus_differs


def predict(profile: Profile | dict | Sequence[Profile | dict]) -> Prediction | list[Prediction]:
    """Score one profile (or a list) with the shipped default model.

    Parameters
    ----------
    profile : dict, Profile, or a list (any iterable) of them
        One profile gives one :class:`Prediction`; a list gives a list, in order, scored as one batch.

    Returns
    -------
    Prediction or list of Prediction

    Raises
    ------
    RecordError
        An item that is not a valid profile (not a dict or a Profile, or a dict that breaks the schema):
        the message names its position and the field, or what was given instead.

    Warns
    -----
    TemplateCorpusWarning
        Once, when the template corpus in use (your own templates added) is not the one the model was
        trained with.

    Examples
    --------
    >>> from fakeprofile import predict
    >>> predict({"id": "x", "connections": 2}).verdict in {"fake", "genuine", "insufficient"}
    True
    """
    model = default_model()
    warn_if_corpus_differs(model.info.get("resources"))
    return model.predict(profile)
