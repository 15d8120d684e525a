"""The shortest path, ``fakeprofile.predict``: what it takes, what it refuses, and that the model loads once."""

from __future__ import annotations

import warnings

import pytest

import fakeprofile
from fakeprofile import RecordError, artifact, templates
from fakeprofile.artifact import load_scoring_model
from fakeprofile.schema import Prediction
from tests.conftest import make_profile, make_profile_dict


@pytest.mark.parametrize(("given", "position", "got"), [
    (None, 0, "got None"),
    (42, 0, "got int 42"),
    ("a profile", 0, "got str 'a profile'"),
    (b"{}", 0, "got bytes b'{}'"),
    ([make_profile_dict(id="ok"), None], 1, "got None"),
    ([make_profile_dict(id="ok"), 3.5], 1, "got float 3.5"),
    ((make_profile_dict(id="ok"), ["id", "x"]), 1, "got list ['id', 'x']"),
], ids=["None", "int", "str", "bytes", "None in a list", "float in a list", "list in a tuple"])
def test_anything_but_a_profile_is_a_record_error_naming_position_and_what_it_got(given, position, got):
    with pytest.raises(RecordError, match=rf"^record {position}: expected a profile \(a dict or a Profile\), ") as err:
        fakeprofile.predict(given)
    assert str(err.value).endswith(got)


def test_a_dict_that_breaks_the_schema_is_still_named_by_record_and_field():
    with pytest.raises(RecordError, match=r"record 1 \(id bad\): connections"):
        fakeprofile.predict([make_profile_dict(id="ok"), make_profile_dict(id="bad", connections="many")])


def test_one_profile_gives_one_prediction_and_any_iterable_a_list():
    assert isinstance(fakeprofile.predict(make_profile_dict()), Prediction)
    assert isinstance(fakeprofile.predict(make_profile()), Prediction)
    by_list = fakeprofile.predict([make_profile_dict(id="a"), make_profile(id="b")])
    by_generator = fakeprofile.predict(p for p in [make_profile_dict(id="a"), make_profile(id="b")])
    assert [p.id for p in by_list] == [p.id for p in by_generator] == ["a", "b"]


def test_predict_loads_the_default_model_once(monkeypatch):
    loads = []

    def counting_load_model(path=None):
        loads.append(path)
        return load_model(path)

    load_model = artifact.load_model
    monkeypatch.setattr(artifact, "load_model", counting_load_model)
    artifact.default_model.cache_clear()
    try:
        first = fakeprofile.predict(make_profile_dict(id="one"))
        second = fakeprofile.predict([make_profile_dict(id="two")])
    finally:
        artifact.default_model.cache_clear()  # no model loaded through the spy outlives the test
    assert loads == [None]
    assert first.id == "one" and second[0].id == "two"


def test_load_scoring_model_gives_independent_models():
    # Each caller sets its own 'now' and known-image index on the model it gets: no shared, cached instance.
    first = load_scoring_model(None, as_of="2020-01")
    second = load_scoring_model(None)
    assert first is not second
    assert (first.scoring_as_of, second.scoring_as_of) == ("2020-01", None)
    second.scoring_as_of = "2024-06"
    assert first.scoring_as_of == "2020-01"


@pytest.fixture
def own_template(tmp_path, monkeypatch):
    """One template of your own added to a fresh user corpus; yields the corpus file."""
    user = tmp_path / "templates.tsv"
    monkeypatch.setenv("FAKEPROFILE_TEMPLATES", str(user))
    monkeypatch.setattr(templates, "_WARNED", set())
    mine = tmp_path / "mine.tsv"
    mine.write_text("mine-01\tsales-pitch\tHi {name}, our drones inspect wind turbines in one hour flat.\n",
                    encoding="utf-8")
    try:
        templates.add_templates_file(mine)
        yield user
    finally:
        templates.default_index.cache_clear()


def test_predict_warns_once_when_your_own_templates_make_the_corpus_differ(own_template):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fakeprofile.predict(make_profile_dict(id="a"))
        fakeprofile.predict(make_profile_dict(id="b"))
    assert [w.category for w in caught] == [templates.TemplateCorpusWarning]
    assert f"1 of them your own in {own_template}" in str(caught[0].message)
    assert caught[0].filename == __file__, "the warning points at the caller's line"


def test_a_loaded_model_warns_once_when_your_own_templates_make_the_corpus_differ(own_template):
    """Not only fakeprofile.predict: Model.predict on any loaded model says so too, at the caller's line."""
    from fakeprofile.artifact import load_model

    model = load_model()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.predict(make_profile_dict(id="a"))
        model.predict(make_profile_dict(id="b"))
    assert [w.category for w in caught] == [templates.TemplateCorpusWarning]
    assert caught[0].filename == __file__
