"""``researchtopics sync FILE.bib``: the file it edits is a regular file, edited in place.

``sync`` read FILE.bib without asking what it is: a FIFO blocked it forever, and a
device was *replaced* by a regular file holding the new entries (``sync /dev/null`` as
root destroyed /dev/null: the atomic rename put a file in its place).  A symlinked .bib
became a copy (the link replaced), a read-only .bib was rewritten, and a folder it
cannot write gave a traceback.  Now, as ``enrich --write-bib``: anything but a regular
file is refused before any request, a symlink is written through, a read-only file is
left alone, and a write that fails is one line.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from enrich_server import FixtureServer, serving_at_once

from sphinxcontrib_researchtopics.bib.load import parse_file
from sphinxcontrib_researchtopics.cli import main

BIB = "@article{mine,\n  title = {Mine},\n  author = {Jane Doe},\n  year = {2020},\n}\n"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FixtureServer]:
    with serving_at_once(monkeypatch) as fixture:
        yield fixture


def test_a_fifo_is_refused_before_any_request(tmp_path: Path) -> None:
    fifo = tmp_path / "lab.bib"
    os.mkfifo(fifo)
    command = [sys.executable, "-m", "sphinxcontrib_researchtopics.cli", "sync", str(fifo)]
    done = subprocess.run(
        [*command, "--dblp", "99/0101", "--no-cache"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT), "RESEARCHTOPICS_DBLP_URL": "http://127.0.0.1:9"},
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "is a FIFO (named pipe), not a file; nothing written" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_symlinked_bib_is_written_through(
    server: FixtureServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "shared" / "lab.bib"
    real.parent.mkdir()
    real.write_text(BIB, encoding="utf-8")
    link = tmp_path / "site" / "lab.bib"
    link.parent.mkdir()
    link.symlink_to(real)
    assert main(["sync", str(link), "--dblp", "99/0101", "--no-cache"]) == 0
    assert link.is_symlink()
    entries = parse_file(str(real), "topics").entries
    assert entries[0].key == "mine" and len(entries) > 1


def test_a_read_only_bib_is_left_alone_before_any_request(
    server: FixtureServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "lab.bib"
    bib.write_text(BIB, encoding="utf-8")
    bib.chmod(0o444)
    assert main(["sync", str(bib), "--dblp", "99/0101", "--no-cache"]) == 2
    assert "is read-only; nothing written" in capsys.readouterr().err
    assert bib.read_text(encoding="utf-8") == BIB
    assert server.log == []
    assert main(["sync", str(bib), "--dblp", "99/0101", "--no-cache", "--dry-run"]) == 0
