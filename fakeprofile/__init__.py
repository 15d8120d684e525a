"""fakeprofile: tell fake profiles on professional networks from real ones, and say why."""

from fakeprofile._version import __version__
from fakeprofile.api import predict
from fakeprofile.artifact import ModelLoadError, load_model, save_model
from fakeprofile.io.records import RecordError
from fakeprofile.model import Model, cross_validate, train
from fakeprofile.schema import Prediction, Profile, Reason

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
    "train",
]
