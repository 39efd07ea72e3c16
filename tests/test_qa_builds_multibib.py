"""Several .bib files read as one bibliography: what crosses from one file to the other.

tests/roots/test-qa-multibib: ``b.bib``'s entries ``crossref`` proceedings in ``a.bib``
and use an ``@string`` macro ``a.bib`` defines.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOTS, edit, soup, tracked_build, warnings_of

from sphinxcontrib_researchtopics.bib.load import parse_files

CVPR = "IEEE Conference on Computer Vision and Pattern Recognition (CVPR)"
TPAMI = "IEEE Transactions on Pattern Analysis and Machine Intelligence"


def _booktitles(bibtex: str, key: str) -> list[str]:
    """The ``booktitle`` values of entry *key* in *bibtex*."""
    entry = bibtex[bibtex.index(f"{{{key},") :].split("\n}", 1)[0]
    return re.findall(r"^\s*booktitle = \{(.*)\},$", entry, re.MULTILINE)


@pytest.mark.sphinx("html", testroot="qa-multibib")
def test_crossref_gives_one_booktitle(app: Any) -> None:
    """A parent with a ``title`` and a ``booktitle`` gives its child one ``booktitle``, the
    parent's (as BibTeX does); the view, the download and the venue agree.  The child had
    two ``booktitle`` fields in its BibTeX view and the page's .bib download (which
    ``bibtex`` rejects), and showed the parent's title as the venue."""
    app.build()
    assert warnings_of(app) == []
    page = soup(app)
    entry = page.select_one('div.rt-publication[data-rt-key="li24"]')
    assert entry is not None
    view = entry.select_one("details.rt-bibtex pre").get_text()
    assert _booktitles(view, "li24") == [CVPR]
    assert " ".join(entry.select_one(".rt-venue").get_text(" ").split()) == f"{CVPR}, 2024"
    download = (Path(app.outdir) / "_bibtex" / "index.bib").read_text(encoding="utf-8")
    assert _booktitles(download, "li24") == [CVPR]
    paper = soup(app, "papers/li24")
    assert paper.find("meta", attrs={"name": "citation_conference_title"})["content"] == CVPR


@pytest.mark.sphinx("html", testroot="qa-multibib")
def test_crossref_title_becomes_booktitle(app: Any) -> None:
    """A parent without a ``booktitle`` still gives its title as the child's venue."""
    app.build()
    view = soup(app).select_one('div.rt-publication[data-rt-key="wu24"] details.rt-bibtex pre')
    assert _booktitles(view.get_text(), "wu24") == ["Proceedings of ECCV 2024"]


def _venue(page: Any, key: str) -> str:
    entry = page.select_one(f'div.rt-publication[data-rt-key="{key}"] .rt-venue')
    return " ".join(entry.get_text(" ").split())


@pytest.mark.sphinx("html", testroot="qa-multibib")
def test_string_of_an_earlier_file(app: Any) -> None:
    """BibTeX reads its files as one database: an ``@string`` of ``a.bib`` is defined in
    ``b.bib``.  It was an ``undefined_macro`` warning, and the venue showed "tpami"."""
    app.build()
    assert warnings_of(app) == []
    assert _venue(soup(app), "xiao23") == f"{TPAMI} (TPAMI), 2023"
    paper = soup(app, "papers/xiao23")
    assert paper.find("meta", attrs={"name": "citation_journal_title"})["content"] == (
        f"{TPAMI} (TPAMI)"
    )


def test_editing_a_string_of_an_earlier_file(tmp_path: Path, make_app: Any) -> None:
    """An ``@string`` edited in ``a.bib`` reaches ``b.bib``'s entry in the next build
    (``b.bib`` unchanged: its caches are keyed by the macros it starts with), as in a
    clean build; removing it is the warning a clean build gives."""
    site = tmp_path / "site"
    shutil.copytree(ROOTS / "test-qa-multibib", site)
    tracked_build(make_app, site)
    edit(site / "a.bib", "Machine Intelligence", "Machine Intelligence, Revised")
    app, read, _ = tracked_build(make_app, site)
    assert read == {"index"}
    assert _venue(soup(app), "xiao23") == f"{TPAMI}, Revised (TPAMI), 2023"
    edit(site / "a.bib", "@string{tpami", "@string{other")
    app, _, _ = tracked_build(make_app, site)
    assert any("undefined macro" in w and "b.bib:" in w for w in warnings_of(app))
    assert _venue(soup(app), "xiao23") == "tpami (TPAMI), 2023"


def test_parse_files_reads_one_database() -> None:
    """``bib.load.parse_files`` (for ``researchtopics check``, which parsed each file on
    its own) gives ``b.bib`` the macros of ``a.bib``, as the build does."""
    root = ROOTS / "test-qa-multibib"
    paths = [str(root / "a.bib"), str(root / "b.bib")]
    first, second = parse_files(paths, "topics")
    assert ("tpami", TPAMI) in first.strings
    assert second.problems == ()
    (xiao,) = [entry for entry in second.entries if entry.key == "xiao23"]
    assert xiao.field("journal") == f"{TPAMI} (TPAMI)"


@pytest.mark.sphinx("html", testroot="qa-multibib")
def test_crossref_is_not_written_back(app: Any) -> None:
    """The child already holds what it takes from its parent: its BibTeX view and the
    page's .bib download name no ``crossref``, which a reader's copy (or the download,
    where the parent is not listed) could not resolve; the inherited fields stay."""
    app.build()
    view = soup(app).select_one('div.rt-publication[data-rt-key="li24"] details.rt-bibtex pre')
    download = (Path(app.outdir) / "_bibtex" / "index.bib").read_text(encoding="utf-8")
    for text in (view.get_text(), download):
        entry = text[text.index("{li24,") :].split("\n}", 1)[0]
        assert "crossref" not in entry.lower()
        assert _booktitles(text, "li24") == [CVPR]
        assert "publisher = {IEEE}" in entry
