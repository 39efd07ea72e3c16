"""Reference managers' bookkeeping fields stay out of everything the site shows.

``file`` holds a path on the author's computer, and ``owner``, ``timestamp``,
``bdsk-url-1``, ``Mendeley-Groups`` ... are a tool's records, not citation data: the
BibTeX view, the page's .bib download and the paper page leave them out (any case of
the name, prefixes included); citation fields such as ``url`` and ``doi`` stay.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import soup

from sphinxcontrib_researchtopics.bib.records import BOOKKEEPING, written_back

BIB = r"""@inproceedings{kept24,
  author = {Ada Lovelace},
  title = {Engines},
  booktitle = {Proceedings},
  year = {2024},
  url = {https://example.org/engines},
  doi = {10.1000/engines},
  file = {:/home/ada/Zotero/storage/ABCD/engines.pdf:PDF},
  Owner = {ada},
  timestamp = {2024.01.02},
  bdsk-url-1 = {https://example.org/local},
  Mendeley-Groups = {reading list},
  bibsource = {dblp computer science bibliography, https://dblp.org},
  note = {Best paper},
}
"""
LEFT_OUT = ("file", "owner", "timestamp", "bdsk-url-1", "mendeley-groups", "bibsource")
KEPT = ("url = {https://example.org/engines}", "doi = {10.1000/engines}", "note = {Best paper}")


def test_the_table_decides_by_lower_case_name_and_prefix() -> None:
    assert not written_back("bdsk-file-2") and not written_back("mendeley-tags")
    assert not written_back("file") and written_back("filename")
    assert all(name == name.lower() for name in BOOKKEEPING)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    src = tmp_path / "site"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["sphinxcontrib_researchtopics"]\n'
        'researchtopics_bibfiles = ["lab.bib"]\n'
        'researchtopics_paper_pages = "papers"\n',
        encoding="utf-8",
    )
    (src / "index.rst").write_text("Lab\n===\n\n.. publications::\n", encoding="utf-8")
    (src / "lab.bib").write_text(BIB, encoding="utf-8")
    return src


def test_views_downloads_and_paper_pages_leave_bookkeeping_out(make_app: Any, site: Path) -> None:
    app = make_app("html", srcdir=site)
    app.build()
    out = Path(app.outdir)
    view = soup(app).select_one('div.rt-publication[data-rt-key="kept24"] details.rt-bibtex pre')
    assert view is not None
    download = (out / "_bibtex" / "index.bib").read_text(encoding="utf-8")
    (paper,) = list((out / "papers").rglob("*.html"))
    page = BeautifulSoup(paper.read_text(encoding="utf-8"), "html.parser")
    paper_view = "\n".join(pre.get_text() for pre in page.select("pre"))
    assert "@inproceedings{kept24," in paper_view
    texts = {"view": view.get_text(), "download": download, "paper page": paper_view}
    for where, text in texts.items():
        lowered = text.lower()
        for name in LEFT_OUT:
            assert f"{name} = " not in lowered, (where, name)
        assert "/home/ada" not in text, where
        for line in KEPT:
            assert line in text, (where, line)
    assert "/home/ada" in (site / "lab.bib").read_text(encoding="utf-8")  # the file keeps it
