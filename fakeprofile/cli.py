"""The ``fakeprofile`` command: synth, train, evaluate, predict, explain, schema, templates, index.

Every subcommand is a function ``cmd_<name>(args) -> int``; :func:`main` takes ``argv`` so tests run the
whole command in-process. Errors print as one line unless ``--debug`` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

# Only light modules at the top (numpy is not one of them): `fakeprofile --help` must not wait for scikit-learn and
# pandas, and main() can set OpenBLAS's threads before numpy loads.
from fakeprofile.io.readers import DataSource, read_sources
from fakeprofile.io.records import ReadSummary, RecordError
from fakeprofile.settings import DEFAULT_FPR_CONFIDENCE, DEFAULT_SEED, DEFAULT_TARGET_FPR


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _sources(args: argparse.Namespace) -> list[DataSource]:
    return [DataSource.parse(spec, mapping=args.mapping) for spec in args.data]


def _read_all(args: argparse.Namespace, what: str) -> tuple[list, ReadSummary]:
    """Read every record; report the rejected ones and go on, or stop at the first with --strict."""
    summary = ReadSummary()
    profiles = []
    for item in read_sources(_sources(args)):
        if not item.ok and args.strict:
            raise RecordError(f"{item.where()}: {item.error}")
        summary.add(item)
        if item.ok:
            profiles.append(item.profile)
            if item.repairs and summary.repaired <= summary.max_listed_errors:  # the first few, not thousands
                _err(f"repaired {item.where()}: {'; '.join(item.repairs)}")
        else:
            _err(f"rejected {item.where()}: {item.error}")
    _err(f"{what}: read {summary.read:,} records, {summary.scored:,} usable, {summary.rejected:,} rejected, "
         f"{summary.repaired:,} repaired")
    return profiles, summary


def _known_images(args: argparse.Namespace):
    """The known-image index named by --known-images (None: the default one)."""
    if not getattr(args, "known_images", None):
        return None
    from fakeprofile.photos import KnownImageIndex

    return KnownImageIndex.load(args.known_images)


def _print_json(obj: object) -> None:
    """Strict JSON on standard output: NaN (a metric undefined for one class) becomes null."""
    from fakeprofile.artifact import jsonable

    print(json.dumps(jsonable(obj), indent=2, ensure_ascii=False, allow_nan=False))


# ------------------------------------------------------------------------------------------ commands
def cmd_schema(args: argparse.Namespace) -> int:
    from fakeprofile.schema import profile_json_schema

    _print_json(profile_json_schema())
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    from fakeprofile.synth import generate

    summary = generate(args.n, args.seed, Path(args.out), progress=not args.quiet)
    _err(f"wrote {summary.n:,} profiles ({summary.n_fake:,} fake) to {Path(args.out) / 'profiles.jsonl'}")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from fakeprofile.artifact import check_model_folder, save_model
    from fakeprofile.training import train

    check_model_folder(Path(args.out))  # before the training, not after it
    profiles, _ = _read_all(args, "training data")
    model, report = train(profiles, seed=args.seed, target_fpr=args.target_fpr, fpr_confidence=args.fpr_confidence,
                          as_of=args.as_of,
                          known_images=_known_images(args), progress=not args.quiet)
    print(report.describe())
    for warning in report.warnings:
        _err(f"warning: {warning}")
    if report.problems and not args.force:
        for problem in report.problems:
            _err(f"error: the model is useless: {problem}")
        _err(f"not saved to {args.out}: give more (and more varied) labelled profiles, or --force to save it anyway")
        return 2
    folder = save_model(model, args.out)
    _err(f"model saved to {folder}")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    import numpy as np

    from fakeprofile.artifact import DEFAULT_MODEL_DIR
    from fakeprofile.evaluate import judged_metrics
    from fakeprofile.training import cross_validate

    if args.cv and args.report:
        raise ValueError("--report evaluates a saved model; it does not combine with --cv")
    if args.report:
        _require_matplotlib()
    profiles, _ = _read_all(args, "evaluation data")
    if args.cv:
        result = cross_validate(profiles, seed=args.seed, n_folds=args.cv, as_of=args.as_of,
                                known_images=_known_images(args), progress=not args.quiet)
        metrics = {"cross_validation_folds": args.cv, **result["mean"]}
        if args.json:
            _print_json(metrics)
        else:
            for key, title in (("at_threshold", "at each fold model's threshold"), ("at_0.5", "at p >= 0.5")):
                _print_metrics(f"{args.cv}-fold cross-validation, {title}", result["mean"][key])
        return 0
    model = _load(args)
    labelled = [p for p in profiles if p.label is not None]
    if len(labelled) < len(profiles):
        _err(f"{len(profiles) - len(labelled):,} profiles have no label and are not evaluated")
    if not labelled:
        raise RecordError("no labelled profiles to evaluate")
    if args.report:
        from fakeprofile.report import evaluate_model, write_model_card, write_report

        evaluation = evaluate_model(model, labelled, seed=args.seed, n_bootstrap=args.bootstrap,
                                    prevalence=args.prevalence, model_name=str(args.model or DEFAULT_MODEL_DIR),
                                    data_name=", ".join(args.data), progress=not args.quiet)
        # The card goes beside the report: a file the manifest does not list would make the model unloadable.
        write_model_card(model, Path(args.report) / "card.md", evaluation)
        _err(f"report written to {write_report(evaluation, args.report)['html']}")
        probabilities, labels, judged = evaluation.probabilities, evaluation.labels, evaluation.judged
    else:
        probabilities, judged = model.probabilities_and_judged(labelled)
        labels = np.array([p.label for p in labelled])
    metrics = judged_metrics(probabilities, labels, model.threshold, judged)
    # As --cv reports them: at the model's threshold, and at p >= 0.5 (ROC-AUC does not depend on either).
    at_half = judged_metrics(probabilities, labels, 0.5, judged)
    if args.json:
        _print_json(metrics | {"at_0.5": at_half})
    else:
        _print_metrics(f"model {args.model or DEFAULT_MODEL_DIR} on {metrics['n']:,} of {len(labelled):,} labelled "
                       f"profiles; {metrics['n_insufficient']:,} ({metrics['abstention_rate']:.1%}) too thin to "
                       f"judge ({metrics['n_fake_insufficient']:,} of them fake)", metrics)
        _print_metrics("the same profiles at p >= 0.5", at_half)
    return 0


def _require_matplotlib() -> None:
    """The report's figures need matplotlib, an extra: say so before the evaluation, not after it."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ValueError("--report draws its figures with matplotlib, which is not installed: it comes with "
                         "fakeprofile's report extra (from a checkout: pip install -e '.[report]')") from None


def _print_metrics(title: str, m: dict) -> None:
    print(title)
    print(f"  ROC-AUC {m['roc_auc']:.4f}   average precision {m['average_precision']:.4f}   Brier {m['brier']:.4f}")
    print(f"  at threshold {m['threshold']:.4f}: precision {m['precision']:.3f}  recall {m['recall']:.3f}  "
          f"F1 {m['f1']:.3f}  false-positive rate {m['false_positive_rate']:.4f}")


def _load(args: argparse.Namespace):
    from fakeprofile.artifact import load_scoring_model
    from fakeprofile.templates import corpus_mismatch

    model = load_scoring_model(args.model, known_images=getattr(args, "known_images", None),
                               as_of=getattr(args, "as_of", None))
    if problem := corpus_mismatch(model.info.get("resources")):
        _err(f"warning: {problem}")
    # A command is one process for one input: a few rows are explained leaf by leaf rather than paying half a
    # second for the tables (see Model.contributions); serve switches this off again for its long life.
    model.direct_for_few_rows = True
    return model


def cmd_predict(args: argparse.Namespace) -> int:
    from fakeprofile.parallel import Interrupted, check_resumable, check_sources, output_files, signals_raise

    if args.jobs < 0 or args.chunk_size < 1:
        raise ValueError("--jobs must be 0 (one per core) or more, and --chunk-size at least 1")
    if args.resume:
        if args.dask:
            raise ValueError("--resume is for runs on this machine, not under --dask")
        check_resumable(args.out)
    check_sources(_sources(args))  # a device (/dev/zero) is refused before the model is loaded
    model = _load(args)
    options = {"n_reasons": args.reasons, "strict": args.strict, "progress": not args.quiet}
    # Campaign clues (one photo or note across many profiles) are counted over the whole input in a
    # first pass, so every chunk of the second pass sees the same counts; the output is created after it,
    # so an input that cannot be read leaves none behind. SIGTERM and SIGINT raise, so that temporary
    # folders are deleted and a partial output is kept for --resume.
    try:
        with signals_raise():
            if args.dask:
                if args.spill_dir:
                    raise ValueError("--spill-dir is for runs on this machine: under --dask the campaign counts "
                                     "are reduced on the cluster")
                from fakeprofile.dask import score_sources as score_on_cluster

                summary = score_on_cluster(model, _sources(args), args.out, scheduler=args.dask, **options)
            else:
                from fakeprofile.parallel import default_jobs, score_sources

                summary = score_sources(model, _sources(args), args.out, jobs=args.jobs or default_jobs(),
                                        chunk_rows=args.chunk_size, spill_dir=args.spill_dir, resume=args.resume,
                                        **options)
    except Interrupted as exc:
        partial = output_files(args.out)[0]
        if args.out == "-":
            kept = "the output on standard output is incomplete"
        elif partial.exists():
            kept = f"the complete chunks are kept in {partial}: the same command with --resume continues"
        else:
            kept = f"{args.out} is as it was"
        _err(f"fakeprofile predict: interrupted by {exc.name}; {kept}")
        return 128 + exc.signum
    for line in summary.errors:
        _err(f"rejected {line}")
    if summary.rejected > len(summary.errors):
        _err(f"... and {summary.rejected - len(summary.errors):,} more rejected records (see the output file)")
    _err(summary.describe())
    return 0 if summary.rejected == 0 else 3


def cmd_explain(args: argparse.Namespace) -> int:
    from contextlib import closing

    from fakeprofile.parallel import Interrupted, explain_sources, signals_raise

    model = _load(args)
    shown = rejected = 0
    # Campaign clues count over the whole input first, as `predict` counts them: the same profile gets the
    # same score and verdict from both. SIGTERM and SIGINT raise, so that the temporary folder is deleted.
    try:
        with signals_raise(), closing(explain_sources(model, _sources(args), ids=set(args.id) if args.id else None,
                                                      n_reasons=args.reasons, progress=not args.quiet)) as explained:
            for item, prediction in explained:
                if prediction is None:
                    print(f"{item.where()}: rejected: {item.error}")
                    rejected += 1
                    continue
                print(prediction.describe())
                shown += 1
                if args.limit and shown >= args.limit:
                    break
    except Interrupted as exc:
        _err(f"fakeprofile explain: interrupted by {exc.name}")
        return 128 + exc.signum
    if args.id and shown == 0:
        raise RecordError(f"no profile with id {', '.join(args.id)} in {', '.join(args.data)}")
    return 3 if rejected else 0  # as `predict`: some records were rejected


def cmd_index(args: argparse.Namespace) -> int:
    from fakeprofile.photos import KnownImageIndex, image_files

    def listed(path: Path) -> list[Path]:
        """The image paths a .txt list names, one a line; a FIFO or other non-file named .txt is refused, not read."""
        if path.exists() and not path.is_file():
            raise ValueError(f"{path}: a list of image paths must be a regular file")
        return [Path(line.strip()) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    if args.action == "query" and not args.images:
        raise ValueError("index query: give the photos to look up (image files, folders or .txt lists of paths)")
    if args.action == "build":
        if Path(args.index).exists() and not args.force:
            raise ValueError(f"{args.index} exists; use `fakeprofile index add` to extend it, or --force to rebuild")
        index = KnownImageIndex()
    else:
        index = KnownImageIndex.load(args.index)
    if args.action in ("build", "add"):
        before = len(index)
        for source in args.images:
            path = Path(source)
            if path.is_dir():
                index.add_folder(path, progress=not args.quiet)
            elif path.suffix.lower() == ".txt":
                index.add_files(listed(path), root=path.parent, progress=not args.quiet)
            else:
                index.add_files([path])
        for name, reason in index.skipped:
            _err(f"skipped {name}: {reason}")
        index.save(args.index)
        _err(f"indexed {len(index) - before:,} image(s) ({len(index.skipped):,} skipped); "
             f"{args.index} holds {len(index):,} known images")
        return 3 if index.skipped else 0
    if args.action == "stats":
        _print_json(index.stats())
        return 0
    from fakeprofile.images import ImageRejected, load_photo
    from fakeprofile.photos import HASH_SIDE

    found_any, rejected = False, 0
    for source in map(Path, args.images):
        paths = (image_files(source) if source.is_dir() else listed(source) if source.suffix.lower() == ".txt"
                 else [source])
        if not paths:
            _err(f"rejected {source}: no image files in it")
            rejected += 1
        for path in paths:
            try:
                matches = index.query(load_photo(str(path), min_side=HASH_SIDE, grey=True).image)
            except ImageRejected as exc:
                _err(f"rejected {path}: {exc}")
                rejected += 1
                continue
            found_any |= bool(matches)
            print(f"{path}: " + ("; ".join(m.describe() for m in matches) if matches else "matches no known image"))
    if rejected:  # as `predict`: some inputs were rejected
        _err(f"index query: {rejected:,} input(s) rejected")
        return 3
    return 0 if found_any or not args.fail_on_no_match else 1


def cmd_templates(args: argparse.Namespace) -> int:
    from fakeprofile import templates

    user = templates.user_corpus_path()
    if args.templates_command == "add":
        added = templates.add_templates_file(args.file)
        _err(f"added {added:,} template(s) from {args.file} to your own corpus, {user} "
             "($FAKEPROFILE_TEMPLATES moves it)")
        _err("every model now matches invitation notes against them too, and a model trained without them warns "
             "that its corpus differs; `fakeprofile templates list` shows the corpus, `fakeprofile templates "
             "remove ID` takes one out")
        return 0
    if args.templates_command == "remove":
        templates.remove_template(args.id)
        _err(f"removed {args.id} from your own corpus, {user}")
        return 0
    entries = templates.corpus_entries()
    print("id\tcategory\tsource\ttext")
    for entry, source in entries:
        print(f"{entry.id}\t{entry.category}\t{source}\t{' '.join(entry.text.split())}")
    own = sum(source != "shipped" for _, source in entries)
    _err(f"{len(entries) - own:,} shipped template(s) and {own:,} of your own"
         + (f" (in {user})" if user.is_file() else f"; yours would go to {user}"))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from fakeprofile.serve import create_app
    except ImportError as exc:
        raise ValueError(f"{exc.name} is not installed: it comes with fakeprofile's serve extra (from a checkout: "
                         "pip install -e '.[serve]')") from None
    if args.workers < 1:
        raise ValueError("--workers must be at least 1")
    model = _load(args)  # before the port is taken: a bad --model or --known-images fails here, in one line
    log_level = "warning" if args.quiet else "info"
    if not args.quiet:  # the address a person opens: uvicorn's own line names the socket, not the page
        shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
        print(f"fakeprofile: the page for checking one invitation will be at http://{shown}:{args.port}/ "
              f"(the JSON API under /v1/)", file=sys.stderr, flush=True)
    if args.workers == 1:
        app = create_app(model, max_batch=args.max_batch, max_body_bytes=args.max_body_bytes,
                         allow_local_photos=args.allow_local_photos)
        uvicorn.run(app, host=args.host, port=args.port, log_level=log_level)
        return 0
    from fakeprofile.serve import WORKER_SETTINGS_ENV

    # uvicorn starts each worker process by importing the app: the settings go with them in the environment.
    os.environ[WORKER_SETTINGS_ENV] = json.dumps({
        "model": str(Path(args.model).resolve()) if args.model else None,
        "known_images": str(Path(args.known_images).resolve()) if args.known_images else None,
        "as_of": args.as_of, "max_batch": args.max_batch, "max_body_bytes": args.max_body_bytes,
        "allow_local_photos": args.allow_local_photos,
    })
    uvicorn.run("fakeprofile.serve:app_from_environment", factory=True, workers=args.workers, host=args.host,
                port=args.port, log_level=log_level)
    return 0


# ------------------------------------------------------------------------------------------- parser
def _add_data(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    parser.add_argument("--data", action="append", required=required, metavar="PATH[@LABEL]",
                        help="JSONL, CSV or Parquet file (repeatable); CSV/Parquet need --mapping, except the "
                             "LinkedIn research format of Ayoobi et al. 2023, recognised by its header; "
                             "PATH@1 or PATH@0 labels every record of that file fake or genuine")
    parser.add_argument("--mapping", help="TOML column mapping for CSV/Parquet input (see data/mappings/), or "
                                          "ayoobi2023 for that LinkedIn research format")
    parser.add_argument("--strict", action="store_true", help="stop at the first bad record")


def _month(text: str) -> str:
    """argparse type for --as-of: a real YYYY-MM month."""
    from fakeprofile.schema import _date_problem

    problem = _date_problem(text) if len(text) == 7 else f"{text[:40]!r} is not in the form YYYY-MM"
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return text


def _non_negative_int(text: str) -> int:
    """argparse type for counts such as --reasons: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; give 0 or more")
    return value


def _add_known_images(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--known-images", metavar="INDEX.npz",
                        help="known-image index built with `fakeprofile index build` (default: the shipped one, "
                             "or $FAKEPROFILE_KNOWN_IMAGES)")


def _add_model(parser: argparse.ArgumentParser) -> None:
    _add_known_images(parser)
    parser.add_argument("--model", help="model folder (default: the shipped models/default)")
    parser.add_argument("--as-of", type=_month, help="YYYY-MM that 'present' means for profiles without observed_at "
                                        "(default: this month)")


def _with_common(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> argparse._SubParsersAction:
    """Give every parser ``subparsers`` makes the ``common`` flags, so they may follow any subcommand."""
    add_parser = subparsers.add_parser

    def add_with_common(name: str, **kwargs: object) -> argparse.ArgumentParser:
        return add_parser(name, parents=[common], **kwargs)

    subparsers.add_parser = add_with_common  # type: ignore[method-assign]
    return subparsers


def build_parser() -> argparse.ArgumentParser:
    # --debug and --quiet are accepted before or after the subcommand; SUPPRESS keeps a value given
    # before the subcommand from being reset by the subcommand's own default.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show full tracebacks")
    common.add_argument("--quiet", action="store_true", default=argparse.SUPPRESS, help="no progress bars")
    parser = argparse.ArgumentParser(
        prog="fakeprofile", parents=[common],
        description="Tell fake profiles on professional networks from real ones, and say why.",
        epilog="exit codes: 0 ok; 2 error (one line, or a traceback with --debug); 3 some records rejected",
    )
    sub = _with_common(parser.add_subparsers(dest="command", required=True), common)

    p = sub.add_parser("schema", help="print the profile JSON Schema")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("synth", help="generate realistic synthetic labelled profiles with photos")
    p.add_argument("--n", type=int, default=2000, help="number of profiles (default 2000)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--out", required=True, help="output folder (profiles.jsonl, photos/, known_images/)")
    p.set_defaults(func=cmd_synth)

    p = sub.add_parser("train", help="train, calibrate and threshold a model; save the artifact folder")
    _add_data(p)
    p.add_argument("--out", required=True, help="model folder to write")
    _add_known_images(p)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--target-fpr", type=float, default=DEFAULT_TARGET_FPR,
                   help="false-positive rate the threshold is chosen for (default 0.01)")
    p.add_argument("--fpr-confidence", type=float, default=DEFAULT_FPR_CONFIDENCE,
                   help="confidence that new profiles' false-positive rate stays within the target (default 0.9; "
                        "0.5 is about the plain out-of-fold rate)")
    p.add_argument("--as-of", type=_month,
                   help="YYYY-MM 'now' for profiles without observed_at (default: latest date in data)")
    p.add_argument("--force", action="store_true",
                   help="save the model even when it is useless (held-out ROC-AUC below 0.6, or no fake flagged)")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("evaluate", help="metrics of a model on labelled data, or cross-validation with --cv")
    _add_data(p)
    _add_model(p)
    p.add_argument("--cv", type=int, metavar="K", help="cross-validate the training recipe in K folds instead")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--json", action="store_true", help="print the metrics as JSON")
    p.add_argument("--report", metavar="DIR",
                   help="also write report.html, report.json, figures/*.png and card.md (the model card) to DIR")
    p.add_argument("--prevalence", type=float,
                   help="share of fakes the report's threshold guidance assumes (default: the data's own)")
    p.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples for the report's 95%% intervals")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("predict", help="score profiles to JSONL, one output line per input record")
    _add_data(p)
    _add_model(p)
    p.add_argument("--out", default="-", help="output JSONL (default: standard output), or Parquet for a name "
                                              "ending .parquet; a file is written as OUT.partial and renamed "
                                              "when complete, with OUT.done beside it (--data - reads standard "
                                              "input)")
    p.add_argument("--resume", action="store_true",
                   help="continue the JSONL output of an interrupted run of the same command from its last "
                        "complete chunk (OUT.partial and OUT.progress); the result is the bytes of an "
                        "uninterrupted run")
    p.add_argument("--reasons", type=_non_negative_int, default=3,
                   help="clues per side, raising and lowering suspicion, per prediction (default 3; 0 for none)")
    p.add_argument("--jobs", type=int, default=0, metavar="N",
                   help="worker processes (default 0: one per core); the output does not depend on it")
    p.add_argument("--chunk-size", type=int, default=1000, metavar="ROWS",
                   help="profiles sent to a worker at a time (default 1000)")
    p.add_argument("--spill-dir", metavar="DIR",
                   help="where the first pass's campaign counts and analyses spill, about 300 bytes per note and "
                        "400 per photo, and piped input is copied (it is read twice), deleted at the end (default: "
                        "the system's temporary folder, $TMPDIR; give a disk if that is in memory)")
    p.add_argument("--dask", metavar="SCHEDULER",
                   help="score on a Dask cluster (address of its scheduler, e.g. tcp://host:8786); JSONL input "
                        "only, read by the workers, which must see the same paths; needs fakeprofile[dask]")
    p.set_defaults(func=cmd_predict)

    p = sub.add_parser("index", help="build, extend, query or describe a known-image index (stock, celebrity and "
                                     "reported fakes' photos)")
    p.add_argument("action", choices=["build", "add", "query", "stats"])
    p.add_argument("index", metavar="INDEX.npz", help="the index file")
    p.add_argument("images", nargs="*", metavar="IMAGES",
                   help="image files, folders (searched recursively) or .txt lists of paths (build/add/query)")
    p.add_argument("--force", action="store_true", help="build: replace an existing index")
    p.add_argument("--fail-on-no-match", action="store_true",
                   help="query: exit 1 when nothing matches (a photo that cannot be read makes it exit 3)")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("templates", help="list, add or remove your own known template invitations")
    templates = _with_common(p.add_subparsers(dest="templates_command", required=True), common)
    add = templates.add_parser("add", help="append the entries of a TSV file (id, category, text) to your own "
                                           "corpus, a per-user file every model reads too")
    add.add_argument("file", help="a file in the format of data/templates/README.md")
    add.set_defaults(func=cmd_templates)
    listing = templates.add_parser("list", help="every template in use (TSV: id, category, source, text); the "
                                                "source is 'shipped' or your corpus file")
    listing.set_defaults(func=cmd_templates)
    remove = templates.add_parser("remove", help="take one of your own templates out (shipped ones stay)")
    remove.add_argument("id", help="the template's id (see `fakeprofile templates list`)")
    remove.set_defaults(func=cmd_templates)

    p = sub.add_parser("explain", help="print predictions with their reasons in words")
    _add_data(p)
    _add_model(p)
    p.add_argument("--id", action="append", help="only these profile ids (repeatable)")
    p.add_argument("--limit", type=_non_negative_int, default=0, help="stop after this many profiles (default 0: all)")
    p.add_argument("--reasons", type=_non_negative_int, default=3,
                   help="clues shown on each side, raising and lowering suspicion (default 3)")
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser("serve", help="serve the model over HTTP: the JSON API under /v1/ and a page for checking one "
                                     "invitation at / (needs the serve extra: pip install -e '.[serve]')")
    _add_model(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    p.add_argument("--workers", type=int, default=1,
                   help="server processes, each with its own copy of the model (default 1; one per core to use "
                        "every core)")
    p.add_argument("--max-batch", type=int, default=100, metavar="N", help="most profiles in one request (default 100)")
    p.add_argument("--max-body-bytes", type=int, default=2_000_000, metavar="BYTES",
                   help="largest request body accepted (default 2000000)")
    p.add_argument("--allow-local-photos", action="store_true",
                   help="read photo values that are paths on this machine; only for trusted clients (default: "
                        "inline data: URIs only)")
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 2 error, 3 some records rejected)."""
    # Before numpy loads: OpenBLAS's worker threads spin while numpy is imported (0.08 s of CPU, half of numpy's
    # import), and a command's matrix products are small (its worker processes run one thread each anyway). Set
    # here, not when the module is imported: only running a command changes the process. A value you set stays.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    # Given neither before nor after the subcommand, the SUPPRESSed flags are absent: default them here
    # (set_defaults would change the Action objects the subcommands share and undo a flag given first).
    args.debug = getattr(args, "debug", False)
    args.quiet = getattr(args, "quiet", False)
    from fakeprofile.artifact import ModelLoadError

    try:
        return args.func(args)
    except BrokenPipeError:
        # `fakeprofile schema | head`: the reader went away; that is not an error.
        sys.stderr.close()
        return 0
    except (RecordError, ModelLoadError, OSError, ValueError, KeyError) as exc:
        if args.debug:
            raise
        message = str(exc) if not isinstance(exc, KeyError) else str(exc.args[0])
        _err(f"fakeprofile {args.command}: error: {message}")
        return 2
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except Exception as exc:  # noqa: BLE001  (a bug: one line and how to see more, not a wall of traceback)
        if args.debug:
            raise
        _err(f"fakeprofile {args.command}: unexpected error ({type(exc).__name__}: {exc}); "
             "rerun with --debug for the traceback and please report it")
        return 1


if __name__ == "__main__":
    sys.exit(main())
