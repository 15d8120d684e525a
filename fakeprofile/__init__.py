"""fakeprofile: tell fake profiles on professional networks from real ones, and say why.

The public names below are imported on first use, so that ``fakeprofile --help`` and other light
entry points do not pay for importing scikit-learn and pandas.
"""

from importlib import import_module
from typing import TYPE_CHECKING

from fakeprofile._version import __version__

_EXPORTS = {
    "Model": "fakeprofile.scoring",
    "ModelLoadError": "fakeprofile.artifact",
    "Prediction": "fakeprofile.schema",
    "Profile": "fakeprofile.schema",
    "Reason": "fakeprofile.schema",
    "RecordError": "fakeprofile.io.records",
    "cross_validate": "fakeprofile.training",
    "load_model": "fakeprofile.artifact",
    "predict": "fakeprofile.api",
    "save_model": "fakeprofile.artifact",
    "score_jsonl": "fakeprofile.parallel",
    "train": "fakeprofile.training",
}
__all__ = [
    "Model",
    "ModelLoadError",
    "Prediction",
    "Profile",
    "Reason",
    "RecordError",
    "__version__",
    "cross_validate",
    "load_model",
    "predict",
    "save_model",
    "score_jsonl",
    "train",
]

if TYPE_CHECKING:
    from fakeprofile.api import predict
    from fakeprofile.artifact import ModelLoadError, load_model, save_model
    from fakeprofile.io.records import RecordError
    from fakeprofile.schema import Prediction, Profile, Reason
    from fakeprofile.scoring import Model
    from fakeprofile.training import cross_validate, train


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'fakeprofile' has no attribute {name!r}")
