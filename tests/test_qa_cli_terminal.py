"""What the commands print is text, never terminal commands.

A .bib key, a field value or an imported page's link that holds ESC (``\\x1b[2J`` clears
the screen, ``\\x1b]0;...\\x07`` sets the window title, colours hide a line) or a
direction override (U+202E) reached the terminal as is in ``check``'s, ``new``'s,
``enrich``'s and ``topics``' lines and ``import``'s messages; each is now shown as its
escape, and the rest of the line is unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from enrich_server import FixtureServer, serving_at_once
from hypothesis import given
from hypothesis import strategies as st

from sphinxcontrib_researchtopics.cli import main
from sphinxcontrib_researchtopics.cli.messages import printable

#: What a terminal acts on: C0/C1 controls but the line feed, and direction overrides.
ACTING = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

BIB = (
    "@article{k\x1b[31m1,\n  title = {One},\n  author = {Jane Doe},\n  year = {2020},\n"
    "  journal = {J},\n  url = {javascript:\x1b[2Jx},\n  month = {\x1b]0;T\x07},\n}\n"
    "@article{\u202eevil,\n  title = {Two},\n  year = {2021},\n  journal = {J},\n}\n"
)
PAGE = (
    "## Video\n\n**Paper One** <br>\n_Ada Lovelace, Alan Turing_ <br>\n"
    "<pub>Conference (C), 2022</pub> <br>\n"
    "[Paper](javascript:\x1b[31mRED\x1b[0m) | [Code](files/\x1b]0;TITLE\x07x.zip)\n"
)


def _printed(capsys: pytest.CaptureFixture[str]) -> str:
    out, err = capsys.readouterr()
    printed = out + err
    acting = [line for line in printed.splitlines() if ACTING.search(line)]
    assert not acting, acting
    return printed


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FixtureServer]:
    with serving_at_once(monkeypatch) as fixture:
        yield fixture


@pytest.fixture
def bib(tmp_path: Path) -> Path:
    path = tmp_path / "lab.bib"
    path.write_text(BIB, encoding="utf-8")
    return path


def test_check_and_new_print_keys_and_values_as_text(
    bib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(bib)]) == 1
    printed = _printed(capsys)
    assert f"{bib}:6: WARNING: k\\x1b[31m1: url: unsafe URL" in printed
    assert main(["new", str(tmp_path / "site"), "--bib", str(bib)]) == 0
    printed = _printed(capsys)
    assert "no topic and show only on the All page: k\\x1b[31m1, \\u202eevil" in printed


def test_import_messages_are_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "video.md"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["import", str(page), "-o", str(tmp_path / "out")]) == 0
    printed = _printed(capsys)
    assert "link 'Paper' (javascript:\\x1b[31mRED\\x1b[0m) ignored" in printed


def test_enrich_and_topics_print_keys_as_text(
    server: FixtureServer, bib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "enrich.json"
    assert main(["enrich", str(bib), "--data", str(data), "--no-cache"]) == 0
    assert "skipped    k\\x1b[31m1" in _printed(capsys)
    assert main(["topics", str(bib), "--data", str(data)]) == 0
    assert "k\\x1b[31m1" in _printed(capsys)


@given(st.text())
def test_printable_leaves_nothing_a_terminal_acts_on(text: str) -> None:
    shown = printable(text)
    assert not ACTING.search(shown.replace("\n", ""))
    assert "\n" not in shown
    assert shown == text or "\\" in shown
