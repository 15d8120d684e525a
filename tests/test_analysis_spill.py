"""The first pass's photo analyses and note readings kept on disk for the second: read back exactly, and each
photo and each note of a batch analysed once however small the memory's cache."""

from __future__ import annotations

import functools
import math
import pickle
import threading

import pytest

from fakeprofile.analysis_spill import FILE_NAME, AnalysisSpill, analysis_from_text, analysis_text
from fakeprofile.cli import main
from fakeprofile.extractors import invitation as invitation_extractor
from fakeprofile.extractors import photo as photo_extractor
from fakeprofile.extractors.invitation import NOTES, NoteReading
from fakeprofile.extractors.photo import ANALYSES
from fakeprofile.photos import PhotoAnalysis, PhotoMatch
from fakeprofile.templates import Match, TemplateIndex
from tests.test_score_frame import AS_OF, write_campaign_input

ANALYSES_KINDS = [
    PhotoAnalysis(readable=False, problem="not an image: 'x.txt' starts with b'hello'"),
    PhotoAnalysis(readable=True, width=400, height=300, format="JPEG", graphic_share=0.1 + 0.2,
                  phash=2**64 - 1, faces=None, face_area_share=None),
    PhotoAnalysis(readable=True, width=64, height=64, format="PNG", near_uniform=True, graphic_share=math.nan,
                  phash=None, faces=0, face_area_share=0.0),
    PhotoAnalysis(readable=True, width=512, height=512, format="WEBP", graphic_share=1 / 3, phash=12345,
                  matches=(PhotoMatch("stock/ceo.jpg", 3, 7, True, "crop 10% top-left"),
                           PhotoMatch("celebrity «é».png", 9, 11, False, "original")),
                  faces=2, face_area_share=0.123456789012345),
]


@pytest.mark.parametrize("found", ANALYSES_KINDS)
def test_an_analysis_reads_back_as_it_was_written(found):
    back = analysis_from_text(analysis_text(found))
    assert analysis_text(back) == analysis_text(found)  # NaN != NaN: compared as text, which is exact
    assert back.matches == found.matches and type(back.matches) is tuple
    assert math.isnan(back.graphic_share) if math.isnan(found.graphic_share) else back == found


def test_the_spill_keeps_the_first_analysis_of_a_key_and_crosses_processes_as_its_path(tmp_path):
    spill = AnalysisSpill(tmp_path)
    assert spill.get("faces:a.jpg") is None and len(spill) == 0
    assert not (tmp_path / FILE_NAME).exists(), "reading creates nothing"
    spill.add({})
    assert not (tmp_path / FILE_NAME).exists(), "an input without photos makes no file"
    written = AnalysisSpill(tmp_path)
    written.add({"faces:a.jpg": analysis_text(ANALYSES_KINDS[1])})
    written.add([("faces:a.jpg", analysis_text(ANALYSES_KINDS[0])), ("plain:b.png", analysis_text(ANALYSES_KINDS[3]))])
    copied = pickle.loads(pickle.dumps(written))
    assert copied.get("faces:a.jpg") == ANALYSES_KINDS[1] and copied.get("plain:b.png") == ANALYSES_KINDS[3]
    assert copied.get("faces:b.png") is None and len(copied) == 2
    written.close()
    copied.close()


def test_recording_and_reading_are_for_the_thread_of_the_pass(tmp_path, monkeypatch):
    """A server's other threads neither record into a run's first pass nor read a run's analyses."""
    calls = []
    monkeypatch.setattr(photo_extractor, "analyse_photo", lambda ref, index, find_faces: calls.append(ref)
                        or ANALYSES_KINDS[1])
    monkeypatch.setattr(ANALYSES, "_cache", type(ANALYSES._cache)())
    ctx = type("Ctx", (), {"known_images": object.__new__(_FakeIndex)})()
    spill = AnalysisSpill(tmp_path)
    spill.add({ANALYSES.spill_key("kept.jpg", find_faces=True): analysis_text(ANALYSES_KINDS[3])})
    elsewhere = []
    with ANALYSES.records() as recorded, ANALYSES.reads(spill, ctx.known_images):
        assert ANALYSES.get("kept.jpg", ctx) == ANALYSES_KINDS[3]  # from the spill, not analysed
        ANALYSES.get("new.jpg", ctx)
        thread = threading.Thread(target=lambda: elsewhere.append(ANALYSES.get("other.jpg", ctx)))
        thread.start()
        thread.join()
    assert calls == ["new.jpg", "other.jpg"]
    assert set(recorded) == {"faces:kept.jpg", "faces:new.jpg"}
    spill.close()


class _FakeIndex:
    version = (0, 0)


def _scored_with_defaults(folder):
    """A campaign input (photos and notes that recur, bad lines) and its output with the default caches."""
    data = write_campaign_input(folder, n=40)
    expected = folder / "expected.jsonl"
    assert main(["--quiet", "predict", "--data", str(data), "--out", str(expected), "--as-of", AS_OF]) == 3
    return data, expected


def test_a_batch_analyses_each_photo_once_however_small_the_cache(tmp_path, monkeypatch):
    """Past the cache's size, the second pass used to analyse every photo again; now it reads the first pass's."""
    data, expected = _scored_with_defaults(tmp_path)
    analysed = []
    real = photo_extractor.analyse_photo
    monkeypatch.setattr(photo_extractor, "analyse_photo",
                        lambda ref, index, find_faces: analysed.append((ref, find_faces)) or real(ref, index,
                                                                                                  find_faces=find_faces))
    monkeypatch.setattr(ANALYSES, "_size", 3)
    monkeypatch.setattr(ANALYSES, "_cache", type(ANALYSES._cache)())
    out = tmp_path / "out.jsonl"
    assert main(["--quiet", "predict", "--data", str(data), "--out", str(out), "--as-of", AS_OF]) == 3
    assert out.read_bytes() == expected.read_bytes()
    photos = [ref for ref, find_faces in analysed if find_faces]  # banners are analysed in the second pass only
    assert photos, "the input has photos"
    assert len(photos) == len(set(photos)), "no photo is analysed twice, the one that recurs in the input neither"
    assert not list(tmp_path.glob(f"**/{FILE_NAME}")), "the spill goes with the run's spill folder"


def test_a_run_on_the_default_index_reads_the_spill_only_for_that_index(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(photo_extractor, "analyse_photo", lambda ref, index, find_faces: calls.append(ref)
                        or ANALYSES_KINDS[1])
    monkeypatch.setattr(ANALYSES, "_cache", type(ANALYSES._cache)())
    default = type("Ctx", (), {"known_images": None})()
    other = type("Ctx", (), {"known_images": object.__new__(_FakeIndex)})()
    spill = AnalysisSpill(tmp_path)
    spill.add({ANALYSES.spill_key("kept.jpg", find_faces=True): analysis_text(ANALYSES_KINDS[3])})
    with ANALYSES.reads(spill, None):
        assert ANALYSES.get("kept.jpg", default) == ANALYSES_KINDS[3]
        assert ANALYSES.get("kept.jpg", other) == ANALYSES_KINDS[1]  # another index: analysed, not read
    assert calls == ["kept.jpg"]
    spill.close()


def test_a_spill_that_cannot_be_written_is_an_os_error_naming_it_and_one_that_cannot_be_read_is_analysed(tmp_path):
    """A run's spill errors say where, as the campaign counts' do (a full disk is the spill folder's fault)."""
    gone = AnalysisSpill(tmp_path / "no such folder")
    with pytest.raises(OSError, match="analyses could not be written to .*no such folder"):
        gone.add({"faces:a.jpg": analysis_text(ANALYSES_KINDS[1])})
    (tmp_path / FILE_NAME).write_bytes(b"not a database" * 100)
    assert AnalysisSpill(tmp_path).get("faces:a.jpg") is None


def test_a_full_disk_under_the_spill_is_told_as_a_full_disk(tmp_path, monkeypatch):
    import errno
    import sqlite3

    class Full:
        def execute(self, *args):
            raise sqlite3.OperationalError("database or disk is full")

    spill = AnalysisSpill(tmp_path)
    monkeypatch.setattr(spill, "_connect", Full)
    with pytest.raises(OSError, match="analyses could not be written to") as caught:
        spill.add({"faces:a.jpg": analysis_text(ANALYSES_KINDS[1])})
    assert caught.value.errno == errno.ENOSPC


# ------------------------------------------------------------------------------------------------ notes
READINGS = [
    NoteReading(None, None),
    NoteReading(None, "hi {name} we help companies like yours grow {number}x reply yes for a quick call"),
    NoteReading(Match("pitch-07", "sales-pitch", 0.1 + 0.2, "Hi {name}, «grow» 10x?"), None),
    NoteReading(Match("generic-01", "generic-networking", 1.0, "I'd like to join your network."), "key"),
]


@pytest.mark.parametrize("reading", READINGS)
def test_a_note_reading_reads_back_as_it_was_written(reading):
    assert NoteReading.from_text(reading.to_text()) == reading


def test_note_readings_are_recorded_and_read_for_the_thread_of_the_pass_and_its_corpus(tmp_path, monkeypatch):
    """A server's other threads neither record into a run's first pass nor read a run's readings; after the
    corpus changes (templates added), a note is matched against the new one."""
    computed = []
    monkeypatch.setattr(invitation_extractor, "_reading", lambda index, message, names: computed.append(message)
                        or READINGS[1])
    monkeypatch.setattr(NOTES, "_cached", functools.lru_cache(maxsize=8)(NOTES._compute))
    spill = AnalysisSpill(tmp_path)
    spill.add({NOTES.spill_key("kept note", ("Ann",)): READINGS[3].to_text()})
    elsewhere = []
    with NOTES.records() as recorded, NOTES.reads(spill):
        assert NOTES.read("kept note", ("Ann",)) == READINGS[3]  # from the spill, not matched
        assert NOTES.read("new note", ("Ann",)) == READINGS[1]
        thread = threading.Thread(target=lambda: elsewhere.append(NOTES.read("other note", ())))
        thread.start()
        thread.join()
        monkeypatch.setattr(invitation_extractor, "default_index", lambda: TemplateIndex())  # another corpus
        assert NOTES.read("kept note", ("Ann",)) == READINGS[1]
    assert computed == ["new note", "other note", "kept note"]
    assert set(recorded) == {NOTES.spill_key(m, ("Ann",)) for m in ("kept note", "new note")}
    spill.close()


def test_a_batch_matches_each_note_once_however_small_the_cache(tmp_path, monkeypatch):
    """Past the cache's size (or in another worker), the second pass used to match every note again; now it reads
    the first pass's readings, and the output is the same."""
    data, expected = _scored_with_defaults(tmp_path)
    matched = []
    real = invitation_extractor._reading
    monkeypatch.setattr(invitation_extractor, "_reading",
                        lambda index, message, names: matched.append((message, names)) or real(index, message, names))
    monkeypatch.setattr(NOTES, "_cached", functools.lru_cache(maxsize=2)(NOTES._compute))
    out = tmp_path / "out.jsonl"
    assert main(["--quiet", "predict", "--data", str(data), "--out", str(out), "--as-of", AS_OF]) == 3
    assert out.read_bytes() == expected.read_bytes()
    assert len(set(matched)) > 10, "the input has notes"
    assert len(matched) == len(set(matched)), "no note is matched twice, the campaign's recurring one neither"
