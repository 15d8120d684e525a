"""``fakeprofile predict`` under hostile conditions (issue 17): piped input, an output replaced only when
complete and marked by a manifest, resuming an interrupted run, a full disk, workers whose parent is
killed, temporary folders after SIGTERM, SIGINT or SIGKILL, and inputs that never end.

Real processes, pipes and signals; the runs that are killed are started as ``python -m fakeprofile.cli``
in a session of their own. Nothing here measures time: a wait only bounds how long a hung run may take.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from fakeprofile.artifact import DEFAULT_MODEL_DIR, load_model
from fakeprofile.cli import main
from fakeprofile.io.jsonl import read_jsonl
from fakeprofile.io.readers import DataSource
from fakeprofile.io.records import RecordError
from fakeprofile.parallel import Output, output_files, score_sources
from fakeprofile.tally import SPILL_PREFIX, spill_folder
from tests.conftest import REPO
from tests.test_score_frame import AS_OF, SAMPLE, write_campaign_input

CLI = [sys.executable, "-m", "fakeprofile.cli", "--quiet", "predict", "--as-of", AS_OF]
#: How long a run may take before the test gives up on it (a bound against hanging, not a measure).
PATIENCE = 180
needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")


@pytest.fixture(scope="module")
def model():
    model = load_model(DEFAULT_MODEL_DIR)
    model.scoring_as_of = AS_OF
    return model


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """46 records, bad ones among them, in a folder of their own."""
    return write_campaign_input(tmp_path_factory.mktemp("small"), n=40)


@pytest.fixture(scope="module")
def large(tmp_path_factory, model) -> tuple[Path, bytes, object]:
    """606 records, bad ones among them, and what an uninterrupted run writes and counts for them."""
    folder = tmp_path_factory.mktemp("large")
    path = write_campaign_input(folder, n=600)
    summary = score_sources(model, [DataSource(path)], folder / "reference.jsonl", chunk_rows=100)
    return path, (folder / "reference.jsonl").read_bytes(), summary


@pytest.fixture(scope="module")
def five(tmp_path_factory) -> Path:
    """Five sample profiles whose photos are absolute paths (a pipe has no folder to read them from)."""
    records = [json.loads(line) for line in (SAMPLE / "profiles.jsonl").read_text().splitlines()[:5]]
    for record in records:
        if record.get("photo"):
            record["photo"] = str(SAMPLE / record["photo"])
    path = tmp_path_factory.mktemp("five") / "five.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    return path


def _reference(model, path: Path, folder: Path, times: int = 1) -> bytes:
    """What a run writes for ``path`` read from disk (``times`` over)."""
    out = folder / f"reference-{path.stem}.jsonl"
    score_sources(model, [DataSource(path)] * times, out)
    return out.read_bytes()


def _start(args: list[str], folder: Path) -> subprocess.Popen:
    """A run of ``fakeprofile predict`` in a session of its own, its output streams in ``folder``."""
    return subprocess.Popen([*CLI, *args], cwd=REPO, start_new_session=True, stdin=subprocess.DEVNULL,
                            stdout=open(folder / "stdout", "wb"), stderr=open(folder / "stderr", "wb"))  # noqa: SIM115


def _wait_for_chunks(run: subprocess.Popen, progress: Path, folder: Path, chunks: int = 1) -> None:
    """Wait until ``progress`` records ``chunks`` complete chunks (the run is then in its second pass)."""
    deadline = time.monotonic() + PATIENCE
    while run.poll() is None and time.monotonic() < deadline:
        if progress.exists() and len(progress.read_bytes().splitlines()) > chunks:
            return
        time.sleep(0.01)
    _end(run)
    pytest.fail(f"the run ended (or hung) before it could be interrupted: {(folder / 'stderr').read_text()}")


def _end(run: subprocess.Popen) -> None:
    """SIGKILL whatever is left of a run's session (its workers too)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(run.pid, signal.SIGKILL)
    run.wait(timeout=PATIENCE)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------------------------- 1: piped input
def test_piped_standard_input_is_read_twice_and_scored(five, model, tmp_path):
    command = " ".join([*CLI, "--data", "/dev/stdin", "--out", "-", "--jobs", "1"])
    done = subprocess.run(f"cat {five} | {command}", shell=True, cwd=REPO, capture_output=True, timeout=PATIENCE)
    assert done.returncode == 0, done.stderr.decode()
    assert "read 5, scored 5, rejected 0" in done.stderr.decode()
    assert done.stdout == _reference(model, five, tmp_path)


def test_dash_and_a_process_substitution_pipe_are_read_twice(five, model, tmp_path, monkeypatch, capsys):
    data = five.read_bytes()
    stdin_read, stdin_write = os.pipe()
    other_read, other_write = os.pipe()  # what bash's <(cat five.jsonl) gives: /dev/fd/N

    def feed(fd: int) -> None:
        with open(fd, "wb") as handle:
            handle.write(data)

    feeders = [threading.Thread(target=feed, args=(fd,)) for fd in (stdin_write, other_write)]
    for feeder in feeders:
        feeder.start()
    monkeypatch.setattr(sys, "stdin", open(stdin_read, encoding="utf-8"))  # noqa: SIM115
    out = tmp_path / "out.jsonl"
    try:
        code = main(["--quiet", "predict", "--as-of", AS_OF, "--jobs", "1", "--data", "-",
                     "--data", f"/dev/fd/{other_read}", "--out", str(out), "--spill-dir", str(tmp_path)])
    finally:
        os.close(other_read)
        for feeder in feeders:
            feeder.join()
    assert code == 0 and "read 10, scored 10, rejected 0" in capsys.readouterr().err
    assert out.read_bytes() == _reference(model, five, tmp_path, times=2)
    manifest = json.loads(output_files(out)[2].read_text())
    assert [i["path"] for i in manifest["identity"]["inputs"]] == ["-", f"/dev/fd/{other_read}"]
    assert {i["sha256"] for i in manifest["identity"]["inputs"]} == {hashlib.sha256(data).hexdigest()}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(SPILL_PREFIX)] == [], "the copies are deleted"


def test_a_record_of_piped_input_is_named_stdin_in_errors(model, tmp_path, monkeypatch):
    read_end, write_end = os.pipe()
    os.write(write_end, b'{"id": "a", "connections": -1}\n')
    os.close(write_end)
    monkeypatch.setattr(sys, "stdin", open(read_end, encoding="utf-8"))  # noqa: SIM115
    summary = score_sources(model, [DataSource(Path("-"))], tmp_path / "out.jsonl")
    assert summary.read == 1 and summary.errors[0].startswith("<stdin>:1 (id a): connections")


# ------------------------------------------------------------------------------ 7: inputs with no end
@pytest.mark.parametrize("path", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused_naming_it(path, tmp_path, capsys):
    if not Path(path).exists():
        pytest.skip(f"no {path} here")
    out = tmp_path / "out.jsonl"
    assert main(["predict", "--data", path, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: is a device, not a file of profiles" in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(RecordError, match=f"{path}: is a device"):
        list(read_jsonl(path))


def test_a_folder_is_refused_naming_it(tmp_path, capsys):
    assert main(["predict", "--data", str(tmp_path), "--out", str(tmp_path / "out.jsonl")]) == 2
    assert f"{tmp_path}: is a folder, not a file of profiles" in capsys.readouterr().err


def test_an_overlong_line_is_one_rejected_record_and_reading_goes_on(model, tmp_path, monkeypatch):
    monkeypatch.setattr("fakeprofile.io.jsonl.MAX_LINE_BYTES", 2000)
    good = json.dumps({"id": "ok", "name": "Ana Lee"})
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([good, json.dumps({"id": "huge", "summary": "x" * 50_000}), good]) + "\n")
    summary = score_sources(model, [DataSource(src)], tmp_path / "out.jsonl")
    assert (summary.read, summary.scored, summary.rejected) == (3, 2, 1)
    assert summary.errors == [f"{src}:2: line is longer than 2,000 bytes"]


# ---------------------------------------------------------------------------- 2: atomic, marked output
def test_a_complete_output_is_renamed_into_place_with_a_done_manifest(model, small, tmp_path):
    out = tmp_path / "out.jsonl"
    summary = score_sources(model, [DataSource(small)], out, chunk_rows=10)
    partial, progress, done = output_files(out)
    assert not partial.exists() and not progress.exists()
    manifest = json.loads(done.read_text())
    assert (manifest["read"], manifest["scored"], manifest["rejected"]) == (summary.read, summary.scored,
                                                                             summary.rejected)
    assert manifest["output_sha256"] == _sha256(out) and manifest["output_bytes"] == out.stat().st_size
    assert manifest["identity"]["model_manifest_sha256"] == model.manifest["manifest_sha256"]
    (source,) = manifest["identity"]["inputs"]
    assert (source["path"], source["bytes"]) == (str(small), small.stat().st_size)


def test_a_full_disk_names_the_output_and_leaves_the_earlier_one_untouched(model, small, tmp_path, monkeypatch):
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"the earlier output\n")
    output_files(out)[2].write_text("the earlier manifest\n")
    real_write, calls = Output.write, []

    class FullDisk:
        """The partial file, on a disk that has just filled up."""

        def __init__(self, file):
            self._file = file

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name):
            return getattr(self._file, name)

    def write(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            self._file = FullDisk(self._file)
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(Output, "write", write)
    with pytest.raises(OSError, match=r"out\.jsonl: the output could not be written \(No space left on device\) "
                                      r"after [\d.]+ KB; the whole output needs about [\d.]+ KB for 46 records, "
                                      r"and .* are free there") as caught:
        score_sources(model, [DataSource(small)], out, chunk_rows=10, spill_dir=tmp_path)
    assert caught.value.errno == errno.ENOSPC
    assert out.read_bytes() == b"the earlier output\n"
    assert output_files(out)[2].read_text() == "the earlier manifest\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "out.jsonl.done"], "nothing else is left"


# ---------------------------------------------------------------------------------------- 2: --resume
def _interrupt_after(monkeypatch, chunks: int, signum: int | None = None) -> None:
    """Interrupt the run as it writes chunk ``chunks + 1``: by a real signal to this process, or (None)
    by raising KeyboardInterrupt."""
    real_write, calls = Output.write, []

    def write(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == chunks + 1:
            if signum is None:
                raise KeyboardInterrupt
            os.kill(os.getpid(), signum)
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(Output, "write", write)


@pytest.fixture
def interrupted(model, small, tmp_path, monkeypatch) -> Path:
    """An output that a run interrupted after 2 chunks of 10 records left behind (partial and progress)."""
    out = tmp_path / "out.jsonl"
    with monkeypatch.context() as patched:
        _interrupt_after(patched, 2)
        with pytest.raises(KeyboardInterrupt):
            score_sources(model, [DataSource(small)], out, chunk_rows=10)
    partial, progress, done = output_files(out)
    assert not out.exists() and not done.exists() and partial.exists()
    assert len(progress.read_text().splitlines()) == 3, "a header and two chunks"
    return out


def test_resume_drops_a_chunk_torn_by_the_interruption_and_writes_the_bytes_of_one_run(model, small, interrupted,
                                                                                      tmp_path):
    partial, progress, done = output_files(interrupted)
    with open(partial, "ab") as handle:  # the third chunk, half written when the run was killed
        handle.write(b'{"id":"p000020","probability":0.1')
    with open(progress, "ab") as handle:  # and its progress line, torn
        handle.write(b'{"records": 30, "bytes": 99')
    clean = tmp_path / "clean.jsonl"
    expected = score_sources(model, [DataSource(small)], clean, chunk_rows=10)
    summary = score_sources(model, [DataSource(small)], interrupted, chunk_rows=7, resume=True)
    assert interrupted.read_bytes() == clean.read_bytes()
    assert summary == expected, "the counts and messages of the records before the interruption are kept"
    assert not partial.exists() and not progress.exists() and json.loads(done.read_text())["read"] == 46


def test_resume_refuses_the_partial_output_of_another_run(model, small, interrupted):
    with pytest.raises(RecordError, match=r"cannot resume .*: reasons: 3 then, 0 now; run without --resume"):
        score_sources(model, [DataSource(small)], interrupted, n_reasons=0, resume=True)
    small.write_bytes(small.read_bytes() + b"\n")
    try:
        with pytest.raises(RecordError, match=rf"{small} changed \(bytes {small.stat().st_size - 1} then, "):
            score_sources(model, [DataSource(small)], interrupted, resume=True)
    finally:
        small.write_bytes(small.read_bytes()[:-1])
    assert output_files(interrupted)[0].exists(), "a refused resume leaves the partial output alone"


def test_resume_of_a_complete_output_does_nothing_and_without_state_starts_afresh(model, small, tmp_path):
    out = tmp_path / "out.jsonl"
    first = score_sources(model, [DataSource(small)], out, resume=True)  # nothing to resume: a full run
    written = out.stat().st_mtime_ns
    again = score_sources(model, [DataSource(small)], out, resume=True)
    assert out.stat().st_mtime_ns == written and (again.read, again.rejected) == (first.read, first.rejected)


@pytest.mark.parametrize("out", ["-", "out.parquet"])
def test_resume_is_refused_for_standard_output_and_parquet(out, small, capsys):
    assert main(["predict", "--data", str(small), "--out", out, "--resume"]) == 2
    assert "--resume" in capsys.readouterr().err


def test_a_run_killed_with_sigkill_resumes_to_the_bytes_of_an_uninterrupted_run(large, tmp_path, capsys):
    path, reference, summary = large
    out = tmp_path / "out.jsonl"
    args = ["--data", str(path), "--out", str(out), "--jobs", "1", "--chunk-size", "10"]
    run = _start(args, tmp_path)
    try:
        _wait_for_chunks(run, output_files(out)[1], tmp_path)
        run.send_signal(signal.SIGKILL)
        assert run.wait(timeout=PATIENCE) == -signal.SIGKILL
    finally:
        _end(run)
    partial, progress, done = output_files(out)
    assert not out.exists() and partial.exists() and progress.exists()
    assert len(partial.read_bytes()) < len(reference)
    assert main(["--quiet", "predict", "--as-of", AS_OF, *args, "--resume"]) == 3
    assert out.read_bytes() == reference
    err = capsys.readouterr().err
    assert summary.describe() in err and all(f"rejected {message}" in err for message in summary.errors)
    assert json.loads(done.read_text())["output_sha256"] == hashlib.sha256(reference).hexdigest()


# ---------------------------------------------------------------------- 5: temporary folders on signals
def test_sigterm_deletes_the_spill_folder_and_keeps_the_partial_output_for_resume(large, tmp_path):
    path, reference, _ = large
    spill, out = tmp_path / "spill", tmp_path / "out.jsonl"
    spill.mkdir()
    run = _start(["--data", str(path), "--out", str(out), "--jobs", "1", "--chunk-size", "10", "--spill-dir",
                  str(spill)], tmp_path)
    try:
        _wait_for_chunks(run, output_files(out)[1], tmp_path)
        assert [p.name for p in spill.iterdir() if p.name.startswith(SPILL_PREFIX)], "the run spills there"
        run.send_signal(signal.SIGTERM)  # what `timeout` sends
        assert run.wait(timeout=PATIENCE) == 128 + signal.SIGTERM
    finally:
        _end(run)
    assert list(spill.iterdir()) == []
    partial = output_files(out)[0]
    assert not out.exists() and reference.startswith(partial.read_bytes())
    assert "interrupted by SIGTERM" in (tmp_path / "stderr").read_text() and "--resume" in (
        tmp_path / "stderr").read_text()


def test_sigint_deletes_the_spill_folder_and_restores_the_handler(small, tmp_path, monkeypatch, capsys):
    spill, out = tmp_path / "spill", tmp_path / "out.jsonl"
    spill.mkdir()
    before = signal.getsignal(signal.SIGINT)
    _interrupt_after(monkeypatch, 1, signal.SIGINT)
    code = main(["--quiet", "predict", "--as-of", AS_OF, "--data", str(small), "--out", str(out), "--jobs", "1",
                 "--chunk-size", "10", "--spill-dir", str(spill)])
    assert code == 128 + signal.SIGINT and "interrupted by SIGINT" in capsys.readouterr().err
    assert list(spill.iterdir()) == [] and output_files(out)[0].exists() and not out.exists()
    assert signal.getsignal(signal.SIGINT) is before


def test_spill_folders_whose_owner_is_gone_are_deleted_at_start(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    dead, host = int(gone.stdout), socket.gethostname()

    def folder(name: str, owner: dict | None) -> Path:
        path = tmp_path / name
        path.mkdir()
        (path / "pairs.00").write_bytes(b"x" * 16)
        if owner is not None:
            (path / "owner.json").write_text(json.dumps(owner))
        return path

    stale = folder(f"{SPILL_PREFIX}{dead}-abc", {"pid": dead, "host": host})
    alive = folder(f"{SPILL_PREFIX}{os.getpid()}-def", {"pid": os.getpid(), "host": host})
    elsewhere = folder(f"{SPILL_PREFIX}{dead}-ghi", {"pid": dead, "host": host + "-another"})
    unowned = folder(f"{SPILL_PREFIX}{dead}-jkl", None)
    older = folder(f"{SPILL_PREFIX}mno123", None)
    other = folder(f"another-tool-{dead}-pqr", {"pid": dead, "host": host})
    with spill_folder(tmp_path) as mine:
        assert Path(mine).name.startswith(f"{SPILL_PREFIX}{os.getpid()}-")
        assert json.loads((Path(mine) / "owner.json").read_text()) == {"pid": os.getpid(), "host": host}
    assert not stale.exists() and not Path(mine).exists()
    assert all(p.exists() for p in (alive, elsewhere, unowned, older, other))


# ----------------------------------------------------------------------------------- 4: orphaned workers
def _processes() -> dict[int, tuple[int, str]]:
    """Every process: its parent and state (Z: a zombie, dead but not yet collected)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        state, parent = text[text.rindex(")") + 2:].split()[:2]
        found[int(stat.parent.name)] = (int(parent), state)
    return found


def _descendants(pid: int) -> set[int]:
    processes = _processes()
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, (parent, _) in processes.items() if parent in frontier} - found
        found |= frontier
    return found


@needs_proc
def test_workers_exit_when_their_parent_is_killed(large, tmp_path):
    path, _, _ = large
    run = _start(["--data", str(path), "--out", str(tmp_path / "out.jsonl"), "--jobs", "2", "--chunk-size", "10"],
                 tmp_path)
    try:
        deadline = time.monotonic() + PATIENCE
        while run.poll() is None and time.monotonic() < deadline:
            family = _descendants(run.pid)  # the forkserver, the resource tracker and two workers
            if len(family) >= 4:
                break
            time.sleep(0.01)
        else:
            pytest.fail(f"no workers were seen: {(tmp_path / 'stderr').read_text()}")
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=PATIENCE)
        deadline = time.monotonic() + 20  # a bound for the processes to go, not a measure of their speed
        while time.monotonic() < deadline:
            processes = _processes()
            left = {pid for pid in family if pid in processes and processes[pid][1] != "Z"}
            if not left:
                break
            time.sleep(0.05)
        assert not left, f"processes of the killed run still running: {sorted(left)}"
    finally:
        _end(run)
