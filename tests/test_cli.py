"""Every subcommand end to end, in-process through main(argv)."""

from __future__ import annotations

import json

import pytest

from fakeprofile.artifact import load_model
from fakeprofile.cli import main
from tests.conftest import make_profile_dict


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A small synthetic data set with photos and a model trained on it through the CLI.

    400 profiles hold about 60 genuine ones in the test split, too few for a 1% false-positive threshold to
    flag any held-out fake reliably, so `train` may call the model useless: these tests are about the CLI's
    plumbing, not the model, hence --force (the refusal itself is tested below)."""
    root = tmp_path_factory.mktemp("cli")
    assert main(["--quiet", "synth", "--n", "400", "--seed", "5", "--out", str(root / "data")]) == 0
    assert main(["--quiet", "train", "--data", str(root / "data" / "profiles.jsonl"),
                 "--out", str(root / "model"), "--seed", "1", "--force"]) == 0
    return root


@pytest.mark.parametrize("command",
                         ["synth", "train", "evaluate", "predict", "explain", "schema", "index", "templates", "serve"])
def test_every_subcommand_has_help(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert "usage: fakeprofile " + command in capsys.readouterr().out


def test_schema_prints_json_schema(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Profile"


def test_synth_and_train_write_data_and_a_loadable_model(workspace):
    lines = (workspace / "data" / "profiles.jsonl").read_text().splitlines()
    assert len(lines) == 400
    assert (workspace / "data" / "photos").is_dir()
    model = load_model(workspace / "model")
    assert model.info["training_data"]["n"] == 400


def test_train_reports_held_out_metrics(workspace, capsys):
    # An operating point 400 profiles can support (see the workspace), so the model is saved without --force.
    assert main(["--quiet", "train", "--data", str(workspace / "data" / "profiles.jsonl"),
                 "--out", str(workspace / "model2"), "--target-fpr", "0.05", "--fpr-confidence", "0.5"]) == 0
    out = capsys.readouterr().out
    assert "ROC-AUC" in out and "held out" in out


def test_train_refuses_a_folder_with_other_files_before_training(workspace, tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["--quiet", "train", "--data", str(workspace / "data" / "profiles.jsonl"),
                 "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "not a fakeprofile model" in err and "training data:" not in err
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_evaluate_prints_metrics_and_json(workspace, capsys):
    data = str(workspace / "data" / "profiles.jsonl")
    assert main(["evaluate", "--model", str(workspace / "model"), "--data", data, "--json"]) == 0
    metrics = json.loads(capsys.readouterr().out)
    assert metrics["n"] == 400 and 0.5 < metrics["roc_auc"] <= 1.0
    # Also at p >= 0.5, as --cv reports: the same ranking, another operating point.
    assert metrics["at_0.5"]["threshold"] == 0.5 and metrics["at_0.5"]["roc_auc"] == metrics["roc_auc"]
    assert main(["evaluate", "--model", str(workspace / "model"), "--data", data]) == 0
    assert "at p >= 0.5" in capsys.readouterr().out


def test_evaluate_cross_validates(workspace, capsys):
    data = str(workspace / "data" / "profiles.jsonl")
    assert main(["--quiet", "evaluate", "--data", data, "--cv", "3", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["cross_validation_folds"] == 3 and 0.5 < result["at_0.5"]["roc_auc"] <= 1.0


def test_predict_keeps_every_record_and_reports_the_bad_ones(workspace, tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([json.dumps(make_profile_dict(id="good1")), "not json",
                              json.dumps({"id": "bad", "created_at": "2020-13"}),
                              json.dumps(make_profile_dict(id="good2"))]) + "\n")
    out = tmp_path / "out.jsonl"
    code = main(["--quiet", "predict", "--model", str(workspace / "model"), "--data", str(src),
                 "--out", str(out)])
    assert code == 3, "some records were rejected: the exit code says so"
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r.get("id") for r in rows] == ["good1", None, "bad", "good2"]
    err = capsys.readouterr().err
    assert "read 4, scored 2, rejected 2" in err
    assert f"{src}:3 (id bad): created_at" in err


def test_predict_strict_stops_at_the_first_bad_record(workspace, tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in [make_profile_dict(id="good"), {"id": "bad", "connections": -1},
                                                      make_profile_dict(id="after")]) + "\n")
    out = tmp_path / "o.jsonl"
    code = main(["predict", "--strict", "--model", str(workspace / "model"), "--data", str(src),
                 "--out", str(out), "--quiet"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "connections" in err and "Traceback" not in err
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["good"]


def test_no_output_file_is_left_when_the_input_cannot_be_read(workspace, tmp_path, capsys):
    csv = tmp_path / "x.csv"
    csv.write_text("id\n1\n")
    out = tmp_path / "never.jsonl"
    assert main(["predict", "--model", str(workspace / "model"), "--data", str(csv), "--out", str(out)]) == 2
    assert not out.exists()


def test_predict_refuses_to_overwrite_its_input(workspace, tmp_path, capsys):
    src = tmp_path / "same.jsonl"
    src.write_text(json.dumps(make_profile_dict(id="a")) + "\n")
    before = src.read_text()
    assert main(["predict", "--model", str(workspace / "model"), "--data", str(src), "--out", str(src)]) == 2
    assert src.read_text() == before and "overwrite the input" in capsys.readouterr().err


def test_predict_names_a_spill_folder_that_does_not_exist(workspace, tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(make_profile_dict(id="a")) + "\n")
    assert main(["predict", "--model", str(workspace / "model"), "--data", str(src), "--out", str(tmp_path / "o"),
                 "--spill-dir", str(tmp_path / "missing")]) == 2
    assert f"spill folder {tmp_path / 'missing'}: not a folder" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_predict_refuses_a_spill_folder_with_dask(workspace, tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(make_profile_dict(id="a")) + "\n")
    assert main(["predict", "--model", str(workspace / "model"), "--data", str(src), "--out", str(tmp_path / "o"),
                 "--dask", "tcp://127.0.0.1:1", "--spill-dir", str(tmp_path)]) == 2
    assert "--spill-dir is for runs on this machine" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_evaluate_json_is_strict_json_even_for_one_class(workspace, tmp_path, capsys):
    src = tmp_path / "genuine.jsonl"
    src.write_text(json.dumps(make_profile_dict(id="a", label=0)) + "\n")
    assert main(["evaluate", "--model", str(workspace / "model"), "--data", str(src), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["roc_auc"] is None


@pytest.mark.parametrize("bad", ["foo", "2024-13", "2024-1", "2024"])
def test_as_of_must_be_a_real_month(workspace, bad, capsys):
    with pytest.raises(SystemExit) as done:
        main(["predict", "--model", str(workspace / "model"), "--data", "x.jsonl", "--as-of", bad])
    assert done.value.code == 2 and "--as-of" in capsys.readouterr().err


def test_common_flags_work_after_the_subcommand(tmp_path, capsys):
    with pytest.raises(Exception, match="no model folder"):
        main(["predict", "--model", str(tmp_path / "missing"), "--data", str(tmp_path / "x.jsonl"), "--debug"])


def test_explain_prints_reasons_in_words(workspace, capsys):
    data = str(workspace / "data" / "profiles.jsonl")
    first_id = json.loads((workspace / "data" / "profiles.jsonl").read_text().splitlines()[0])["id"]
    assert main(["explain", "--model", str(workspace / "model"), "--data", data, "--id", first_id]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{first_id}: ") and "p(fake)=" in out
    assert "raises suspicion:" in out and "lowers suspicion:" in out and "log-odds]" in out


def _headers(text: str) -> dict[str, str]:
    """``id -> "VERDICT p"`` from explain's first line per profile ("id: VERDICT  p(fake)=0.123  (...)")."""
    out = {}
    for line in text.splitlines():
        if not line.startswith(" ") and "p(fake)=" in line:
            ident, rest = line.split(": ", 1)
            verdict, p = rest.split()[:2]
            out[ident] = f"{verdict.lower()} {p.removeprefix('p(fake)=')}"
    return out


def test_explain_counts_campaigns_over_its_input_as_predict_does(workspace, tmp_path, capsys):
    """The README's plan: score with --reasons 0, then explain the flagged ones; both must agree."""
    records = [json.loads(line) for line in (workspace / "data" / "profiles.jsonl").read_text().splitlines()[:40]]
    note = "Hello! Our agency offers guaranteed lead generation for your company, book a quick call this week."
    for record in records[:6]:  # one campaign: six profiles send the same note
        record["invitation"] = {"message": note}
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records))
    model = str(workspace / "model")
    assert main(["--quiet", "predict", "--model", model, "--data", str(src), "--out", str(tmp_path / "out.jsonl"),
                 "--reasons", "0"]) == 0
    predicted = {r["id"]: f"{r['verdict']} {r['probability']:.3f}"
                 for r in map(json.loads, (tmp_path / "out.jsonl").read_text().splitlines())}
    assert all(r["batch_size"] == 40 for r in map(json.loads, (tmp_path / "out.jsonl").read_text().splitlines()))
    capsys.readouterr()
    assert main(["--quiet", "explain", "--model", model, "--data", str(src), "--reasons", "1"]) == 0
    assert _headers(capsys.readouterr().out) == predicted
    assert main(["--quiet", "explain", "--model", model, "--data", str(src), "--id", records[0]["id"]]) == 0
    assert _headers(capsys.readouterr().out) == {records[0]["id"]: predicted[records[0]["id"]]}


def test_a_lone_profile_has_no_batch_in_predict_or_explain_and_both_say_so(workspace, tmp_path, capsys):
    src = tmp_path / "one.jsonl"
    src.write_text((workspace / "data" / "profiles.jsonl").read_text().splitlines()[0] + "\n")
    model = str(workspace / "model")
    assert main(["--quiet", "predict", "--model", model, "--data", str(src), "--out", str(tmp_path / "o.jsonl")]) == 0
    assert json.loads((tmp_path / "o.jsonl").read_text())["batch_size"] == 1
    capsys.readouterr()
    assert main(["--quiet", "explain", "--model", model, "--data", str(src)]) == 0
    assert "scored alone" in capsys.readouterr().out


def test_train_refuses_a_useless_model_unless_forced(workspace, tmp_path, capsys):
    # 50 copies of one profile, half of them labelled fake: nothing to learn, so ROC-AUC 0.5 on any split.
    profile = make_profile_dict()
    src = tmp_path / "tiny.jsonl"
    src.write_text("".join(json.dumps(profile | {"id": f"c{i}", "label": i % 2}) + "\n" for i in range(50)))
    out = tmp_path / "model"
    assert main(["--quiet", "train", "--data", str(src), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "the model is useless" in err and "--force" in err and not (out / "manifest.json").exists()
    assert "genuine profiles" in err and "needs at least 230" in err
    assert main(["--quiet", "train", "--data", str(src), "--out", str(out), "--force"]) == 0
    assert (out / "manifest.json").exists()


def test_errors_are_one_line_without_debug(tmp_path, capsys):
    assert main(["predict", "--model", str(tmp_path / "missing"), "--data", str(tmp_path / "x.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fakeprofile predict: error:") and "Traceback" not in err


def test_debug_shows_the_traceback(tmp_path):
    with pytest.raises(Exception, match="no model folder"):
        main(["--debug", "predict", "--model", str(tmp_path / "missing"), "--data", str(tmp_path / "x.jsonl")])


def test_csv_without_mapping_is_a_clear_error(workspace, tmp_path, capsys):
    csv = tmp_path / "x.csv"
    csv.write_text("id\n1\n")
    assert main(["predict", "--model", str(workspace / "model"), "--data", str(csv)]) == 2
    assert "needs a column mapping" in capsys.readouterr().err


def test_templates_add_appends_to_the_user_corpus(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FAKEPROFILE_TEMPLATES", str(tmp_path / "user.tsv"))
    new = tmp_path / "mine.tsv"
    new.write_text("cli-01\tsales-pitch\tOur drones inspect your wind turbines in one hour flat, book a demo\n")
    assert main(["templates", "add", str(new)]) == 0
    assert "added 1 template(s)" in capsys.readouterr().err
    assert main(["templates", "add", str(new)]) == 2
    assert "cli-01" in capsys.readouterr().err


def test_index_build_query_add_and_stats(workspace, tmp_path, capsys):
    index = tmp_path / "known.npz"
    known = workspace / "data" / "known_images"
    assert main(["--quiet", "index", "build", str(index), str(known)]) == 0
    images = len(list(known.iterdir()))  # the stock and celebrity photos, and the stock banners
    assert images >= 64 and f"holds {images} known images" in capsys.readouterr().err
    assert main(["index", "build", str(index), str(known)]) == 2, "an existing index is not silently replaced"
    assert "use `fakeprofile index add`" in capsys.readouterr().err

    stolen = [json.loads(line) for line in (workspace / "data" / "profiles.jsonl").read_text().splitlines()]
    stolen = [r["photo"] for r in stolen if r["archetype"] == "stolen_photo" and r["photo"]]
    assert main(["index", "query", str(index)] + [str(workspace / "data" / p) for p in stolen]) == 0
    out = capsys.readouterr().out.splitlines()
    # A fifth of stolen-photo personas wear an ordinary portrait instead (photo_override in synth/fakes.py).
    assert sum("photo matches known image 'known_" in line for line in out) >= 0.6 * len(stolen)

    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "broken.jpg").write_bytes(b"<html>not a photo</html>")
    (extra / "new.jpg").write_bytes((workspace / "data" / stolen[0]).read_bytes())
    assert main(["--quiet", "index", "add", str(index), str(extra)]) == 3, "a skipped file is reported"
    err = capsys.readouterr().err
    assert "skipped broken.jpg: not an image" in err and f"holds {images + 1} known images" in err
    assert main(["index", "stats", str(index)]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["images"] == images + 1 and stats["hashes"] == (images + 1) * stats["variants_per_image"]


def test_predict_with_a_known_image_index_and_campaign_counts_over_the_whole_input(workspace, tmp_path, capsys):
    index = tmp_path / "known.npz"
    assert main(["--quiet", "index", "build", str(index), str(workspace / "data" / "known_images")]) == 0
    out_default, out_index = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    data = str(workspace / "data" / "profiles.jsonl")
    assert main(["--quiet", "predict", "--model", str(workspace / "model"), "--data", data, "--out",
                 str(out_default)]) == 0
    assert main(["--quiet", "predict", "--model", str(workspace / "model"), "--data", data, "--out",
                 str(out_index), "--known-images", str(index)]) == 0
    # The shipped index is built from the same known images: the same scores either way.
    assert out_default.read_text() == out_index.read_text()
    # Scoring in chunks gives what scoring the whole input at once gives (campaign counts are global).
    model = load_model(workspace / "model")
    from fakeprofile.io.jsonl import read_jsonl

    items = list(read_jsonl(data))
    batch = model.batch_counts(item.profile for item in items if item.ok)
    chunked = list(model.score_stream(items, chunk_size=7, batch=batch))
    whole = model.score_items(items)
    assert [r["probability"] for r in chunked] == [r["probability"] for r in whole]
    assert [json.loads(line)["probability"] for line in out_default.read_text().splitlines()] == \
        [r["probability"] for r in whole]


def test_a_tampered_known_image_index_is_refused(workspace, tmp_path, capsys):
    index = tmp_path / "known.npz"
    index.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["predict", "--model", str(workspace / "model"), "--data",
                 str(workspace / "data" / "profiles.jsonl"), "--known-images", str(index)]) == 2
    assert "not a fakeprofile known-image index" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------------
# Hostile-input audit (issue 17): argument checks, exit codes, flags after nested subcommands, templates


@pytest.mark.parametrize(("command", "flag"), [("predict", "--reasons"), ("explain", "--reasons"),
                                               ("explain", "--limit")])
def test_negative_counts_are_refused_by_the_parser(command, flag, tmp_path, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--data", str(tmp_path / "x.jsonl"), flag, "-1"])
    assert done.value.code == 2
    assert f"argument {flag}: -1 is negative; give 0 or more" in capsys.readouterr().err


def test_explain_exits_3_when_it_printed_a_rejected_record_and_still_prints_the_rest(workspace, tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([json.dumps(make_profile_dict(id="good1")), "not json",
                              json.dumps(make_profile_dict(id="good2"))]) + "\n")
    assert main(["--quiet", "explain", "--model", str(workspace / "model"), "--data", str(src)]) == 3
    out = capsys.readouterr().out
    assert out.startswith("good1: ") and f"{src}:2: rejected: " in out and "\ngood2: " in out


def _leaf_parsers(parser, path=()):
    """(command path, parser) of every subcommand that takes no further subcommand."""
    import argparse

    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        yield path, parser
    for action in subparsers:
        for name, child in action.choices.items():
            yield from _leaf_parsers(child, (*path, name))


def test_common_flags_are_accepted_after_every_subcommand_nested_ones_too():
    from fakeprofile.cli import build_parser

    leaves = dict(_leaf_parsers(build_parser()))
    assert ("templates", "add") in leaves and ("schema",) in leaves
    missing = [" ".join(path) for path, parser in leaves.items()
               if not {"--debug", "--quiet"} <= set(parser._option_string_actions)]
    assert not missing, f"--debug/--quiet not accepted after: {missing}"


def test_templates_add_list_remove_with_flags_after_them(tmp_path, monkeypatch, capsys):
    user = tmp_path / "user.tsv"
    monkeypatch.setenv("FAKEPROFILE_TEMPLATES", str(user))
    new = tmp_path / "mine.tsv"
    new.write_text("cli-01\tsales-pitch\tOur drones inspect your wind turbines in one hour flat, book a demo\n")
    try:
        assert main(["templates", "add", str(new), "--debug"]) == 0
        err = capsys.readouterr().err
        assert f"to your own corpus, {user}" in err and "every model now matches" in err
        assert main(["templates", "list", "--quiet"]) == 0
        listed = capsys.readouterr()
        rows = [line.split("\t") for line in listed.out.splitlines()]
        assert rows[0] == ["id", "category", "source", "text"]
        assert {r[2] for r in rows[1:-1]} == {"shipped"} and rows[-1][:3] == ["cli-01", "sales-pitch", str(user)]
        assert f"shipped template(s) and 1 of your own (in {user})" in listed.err
        assert main(["templates", "remove", rows[1][0]]) == 2, "a shipped template is not removed"
        assert "shipped corpus, which is not changed" in capsys.readouterr().err
        assert main(["templates", "remove", "cli-01", "--quiet"]) == 0
        assert f"removed cli-01 from your own corpus, {user}" in capsys.readouterr().err
        assert main(["templates", "list"]) == 0
        assert "cli-01" not in capsys.readouterr().out
    finally:
        from fakeprofile.templates import default_index

        default_index.cache_clear()


def test_a_model_used_with_another_template_corpus_warns_once(workspace, tmp_path, monkeypatch, capsys):
    src = tmp_path / "one.jsonl"
    src.write_text(json.dumps(make_profile_dict(id="one")) + "\n")
    command = ["--quiet", "explain", "--model", str(workspace / "model"), "--data", str(src)]
    assert main(command) == 0
    assert "warning" not in capsys.readouterr().err, "the model was trained with this corpus"
    monkeypatch.setenv("FAKEPROFILE_TEMPLATES", str(tmp_path / "user.tsv"))
    new = tmp_path / "mine.tsv"
    new.write_text("cli-02\tsales-pitch\tOur drones inspect your wind turbines in one hour flat, book a demo\n")
    try:
        assert main(["templates", "add", str(new)]) == 0
        capsys.readouterr()
        assert main(command) == 0
        warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("warning:")]
        assert len(warnings) == 1 and "1 of them your own" in warnings[0] and "templates remove ID" in warnings[0]
    finally:
        from fakeprofile.templates import default_index

        default_index.cache_clear()


def test_evaluate_report_without_matplotlib_says_which_extra_before_any_work(workspace, tmp_path, monkeypatch,
                                                                            capsys):
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib raises ImportError
    assert main(["--quiet", "evaluate", "--model", str(workspace / "model"), "--data",
                 str(workspace / "data" / "profiles.jsonl"), "--report", str(tmp_path / "report")]) == 2
    err = capsys.readouterr().err
    assert "report extra" in err and "pip install -e '.[report]'" in err
    assert "evaluation data:" not in err and not (tmp_path / "report").exists()


def test_explain_interrupted_by_a_signal_deletes_its_temporary_folder(workspace, tmp_path, monkeypatch, capsys):
    """SIGINT during explain (a real signal to this process) ends it with 130 and no spill folder left."""
    import os
    import signal
    import tempfile

    from fakeprofile.scoring import Model

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    real = Model.predict_profiles

    def interrupted(self, profiles, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        return real(self, profiles, **kwargs)

    monkeypatch.setattr(Model, "predict_profiles", interrupted)
    data = str(workspace / "data" / "profiles.jsonl")
    assert main(["--quiet", "explain", "--model", str(workspace / "model"), "--data", data]) == 130
    assert "interrupted by SIGINT" in capsys.readouterr().err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("fakeprofile-campaigns-")]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_command_explains_a_few_rows_leaf_by_leaf_and_the_library_builds_tables():
    """A command is one short process: one profile's reasons must not wait half a second for the tables."""
    import argparse

    from fakeprofile import cli
    from fakeprofile.artifact import load_model

    assert cli._load(argparse.Namespace(model=None, known_images=None, as_of=None)).direct_for_few_rows
    assert not load_model().direct_for_few_rows


@pytest.mark.parametrize("given", [None, "4"])
def test_the_command_runs_openblas_on_one_thread_unless_told_otherwise(given):
    """Its worker threads only spin while numpy loads (half of numpy's import in CPU); a value set is kept."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"} | (
        {"OPENBLAS_NUM_THREADS": given} if given else {})
    code = ("import os, sys, fakeprofile.cli\n"
            f"assert 'numpy' not in sys.modules and ('OPENBLAS_NUM_THREADS' in os.environ) == {bool(given)!r}\n"
            "fakeprofile.cli.main(['schema'])\n"
            "import numpy\n"
            "print(os.environ['OPENBLAS_NUM_THREADS'], file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stderr.strip() == (given or "1")
