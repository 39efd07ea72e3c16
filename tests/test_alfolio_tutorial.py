"""docs/alfolio.rst works exactly as written: each ``$`` command after the install runs,
in order, in a folder holding the test al-folio site as ``my-alfolio-site``, and
succeeds; the report it shows is the report the command prints."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import run_doc_commands

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "alfolio.rst"
SITE = Path(__file__).parent / "data" / "alfolio-site"


def _lines() -> list[str]:
    return [line.strip() for line in PAGE.read_text(encoding="utf-8").splitlines()]


def test_alfolio_tutorial_commands_work_as_written(tmp_path: Path) -> None:
    assert "[alfolio]" in next(line for line in _lines() if line.startswith("$ "))
    shutil.copytree(SITE, tmp_path / "my-alfolio-site")
    outputs = [done.stderr for done in run_doc_commands(PAGE, tmp_path)]
    html = tmp_path / "lab-site" / "_build" / "html" / "publications.html"
    page = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
    assert len(page.select("div.rt-publication")) == 9
    # The report lines the page quotes are the ones the import printed.
    quoted = [line for line in _lines() if line.startswith("my-alfolio-site/")]
    assert len(quoted) == 3
    for line in quoted:
        assert line in outputs[0], line
    report = (tmp_path / "lab-site" / "import-report.txt").read_text(encoding="utf-8")
    assert report == outputs[0]
