"""Progress bars: drawn on a terminal, and off a terminal or when disabled the iterable untouched."""

import io
import sys

from fakeprofile.progress import progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Closed(io.StringIO):
    def isatty(self) -> bool:
        raise ValueError("I/O operation on closed file")


def test_a_terminal_gets_a_bar_with_its_description(monkeypatch):
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    bar = progress(range(3), desc="scoring", unit=" profiles", total=3)
    assert list(bar) == [0, 1, 2]
    bar.close()
    assert "scoring" in terminal.getvalue() and "3/3" in terminal.getvalue()


def test_off_a_terminal_or_disabled_the_items_pass_through_and_nothing_is_written(monkeypatch):
    for stream, enabled in ((io.StringIO(), True), (_Closed(), True), (_Terminal(), False)):
        monkeypatch.setattr(sys, "stderr", stream)
        bar = progress(iter("abc"), desc="scoring", enabled=enabled)
        bar.update(5)
        assert list(bar) == ["a", "b", "c"]
        bar.close()
        assert stream.getvalue() == ""
