"""``import PAGE.md``: pages saved as UTF-16 or UTF-32 and pages too large to be pages.

A page saved as "Unicode" by a Windows editor (UTF-16 with its byte order mark) was read
as Latin-1: no entry found, exit status 0, and the messages full of NUL characters.  A
page of any size was read whole into memory (about a second of parsing per megabyte).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sphinxcontrib_researchtopics.bib.load import parse_file
from sphinxcontrib_researchtopics.cli import main
from sphinxcontrib_researchtopics.cli.importer.reading import MAX_PAGE

PAGE = Path(__file__).parent / "data" / "import" / "sr-video.md"


def _entries(folder: Path) -> list[tuple[str, str, str]]:
    result = parse_file(str(folder / "publications.bib"), "topics")
    assert not result.problems
    return [(pub.key, pub.field("title"), pub.field("abstract")) for pub in result.entries]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_a_page_in_a_unicode_encoding_with_its_mark_imports_as_in_utf8(
    encoding: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = PAGE.read_text(encoding="utf-8")
    page = tmp_path / "pages" / "sr-video.md"
    page.parent.mkdir()
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = "\ufeff".encode(encoding) + data
    page.write_bytes(data)
    assert main(["import", str(PAGE), "-o", str(tmp_path / "utf8")]) == 0
    capsys.readouterr()
    assert main(["import", str(page), "-o", str(tmp_path / "other")]) == 0
    err = capsys.readouterr().err
    assert "Latin-1" not in err and "\x00" not in err
    expected = _entries(tmp_path / "utf8")
    assert len(expected) == 6
    assert _entries(tmp_path / "other") == expected


def test_a_page_larger_than_a_page_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "huge.md"
    with page.open("wb") as stream:  # sparse: no disk used
        stream.truncate(MAX_PAGE + 1)
    assert os.path.getsize(page) == MAX_PAGE + 1
    out = tmp_path / "out"
    out.mkdir()
    (out / "publications.bib").write_text("@misc{kept, title = {Kept}}\n", encoding="utf-8")
    assert main(["import", str(page), "-o", str(out), "--force"]) == 2
    err = capsys.readouterr().err
    assert f"{page}: error: larger than {MAX_PAGE // 2**20} MB; not read" in err
    assert "no page could be read; nothing written" in err
    assert "Traceback" not in err
    # the last import's .bib is not replaced by an empty one
    assert (out / "publications.bib").read_text(encoding="utf-8").startswith("@misc{kept")


def test_ctrl_c_during_an_import_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    """SIGINT while a large page is parsed: exit 130 with one line, no traceback, and
    no output file (files are written only after the parse, each one whole)."""
    block = PAGE.read_text(encoding="utf-8").split("## Video", 1)[1]
    page = tmp_path / "big.md"
    with page.open("w", encoding="utf-8") as stream:
        stream.write("## Video\n")
        for number in range(700):  # about 8 MB: seconds of parsing
            stream.write(block.replace("gao22", f"gao22n{number}"))
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    command = [sys.executable, "-m", "sphinxcontrib_researchtopics.cli", "import", str(page)]
    process = subprocess.Popen(
        [*command, "-o", str(out)], stderr=subprocess.PIPE, text=True, env=env
    )
    time.sleep(2.0)
    assert process.poll() is None, "the import ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Traceback" not in err and "interrupted" in err
    assert not out.exists()
