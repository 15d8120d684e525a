"""Every subcommand end to end, in-process through main(argv)."""

from __future__ import annotations

import json

import pytest

from fakeprofile.artifact import load_model
from fakeprofile.cli import main
from tests.conftest import make_profile_dict


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A small synthetic data set with photos and a model trained on it through the CLI."""
    root = tmp_path_factory.mktemp("cli")
    assert main(["--quiet", "synth", "--n", "400", "--seed", "5", "--out", str(root / "data")]) == 0
    assert main(["--quiet", "train", "--data", str(root / "data" / "profiles.jsonl"),
                 "--out", str(root / "model"), "--seed", "1"]) == 0
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
    assert main(["--quiet", "train", "--data", str(workspace / "data" / "profiles.jsonl"),
                 "--out", str(workspace / "model2")]) == 0
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
    assert "holds 64 known images" in capsys.readouterr().err
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
    assert "skipped broken.jpg: not an image" in err and "holds 65 known images" in err
    assert main(["index", "stats", str(index)]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["images"] == 65 and stats["hashes"] == 65 * stats["variants_per_image"]


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
