"""Several .bib files read as one bibliography: what crosses from one file to the other.

tests/roots/test-qa-multibib: ``b.bib``'s entries ``crossref`` proceedings in ``a.bib``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import soup, warnings_of

CVPR = "IEEE Conference on Computer Vision and Pattern Recognition (CVPR)"


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
