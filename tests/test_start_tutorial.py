"""docs/start.rst works exactly as written: each ``$`` command after the install runs,
in order, in a folder holding the demo's .bib as ``papers.bib``, and succeeds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup
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
    # The whole product, at the address --url gave: paper pages (with Scholar's tags and a
    # canonical link), member pages, the feed, the finder.
    paper = BeautifulSoup((html / "papers" / "gao22.html").read_text(encoding="utf-8"), "lxml")
    assert paper.find("meta", attrs={"name": "citation_title"}) is not None
    canonical = paper.find("link", rel="canonical")
    assert canonical["href"] == "https://lab.example.org/papers/gao22.html"
    assert (html / "people" / "zhiwei-xiong.html").is_file()
    feed = (html / "publications.atom").read_text(encoding="utf-8")
    assert "<id>https://lab.example.org/papers/" in feed
    everything = BeautifulSoup((html / "all.html").read_text(encoding="utf-8"), "lxml")
    assert everything.select_one("script.rt-finder-data") is not None
    requirements = (tmp_path / "mylab" / "requirements.txt").read_text(encoding="utf-8")
    assert requirements.startswith("sphinxcontrib-researchtopics[feed,cite]\n")
