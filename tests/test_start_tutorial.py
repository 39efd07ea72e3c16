"""docs/start.rst works exactly as written: each ``$`` command after the install runs,
in order, in a folder holding the demo's .bib as ``papers.bib``, and succeeds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import run_doc_commands

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "start.rst"


def test_tutorial_commands_work_as_written(tmp_path: Path) -> None:
    shutil.copyfile(ROOT / "docs" / "papers" / "lab.bib", tmp_path / "papers.bib")
    run_doc_commands(PAGE, tmp_path)
    html = tmp_path / "mylab" / "_build" / "html"
    assert (html / "index.html").is_file()
    index = (html / "index.html").read_text(encoding="utf-8")
    assert "Computational Imaging Lab" in index
    assert re.search(r'href="video\.html"', index)
