"""A configuration change between two builds: the generated pages follow it, as a clean
build's do (tests/roots/test-qa-multibib: paper pages on)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from conftest import ROOTS, soup

#: As ``researchtopics new`` writes conf.py: a theme and an ``html_title`` of its own (the
#: default title, "<project> documentation", follows ``language`` and so changed the build
#: info's hash, which hid the defect).
SITE = {"html_theme": "furo", "html_title": "Multibib Lab"}


def _build(make_app: Any, site: Path, out: Path, **overrides: Any) -> Any:
    app = make_app("html", srcdir=site, builddir=out, confoverrides={**SITE, **overrides})
    app.build()
    return app


def test_a_new_language_rewrites_the_paper_pages(tmp_path: Path, make_app: Any) -> None:
    """``language`` rebuilds Sphinx's environment, so it is not in the build info's
    configuration hash the generated pages were keyed by: after ``en`` then ``de`` the
    paper pages stayed English (``<html lang="en">``, "Cite") while every other page and a
    clean build were German."""
    site = tmp_path / "site"
    shutil.copytree(ROOTS / "test-qa-multibib", site)
    _build(make_app, site, tmp_path / "out", language="en")
    app = _build(make_app, site, tmp_path / "out", language="de")
    clean = _build(make_app, site, tmp_path / "clean", language="de")
    for built in (app, clean):
        page = soup(built, "papers/li24")
        assert page.html["lang"] == "de"
        assert page.select_one("details.rt-bibtex summary").get_text() == "BibTeX"
        assert "Kopieren" in page.select_one("details.rt-bibtex").get_text()
    mine = (Path(app.outdir) / "papers" / "li24.html").read_text(encoding="utf-8")
    theirs = (Path(clean.outdir) / "papers" / "li24.html").read_text(encoding="utf-8")
    index = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    clean_index = (Path(clean.outdir) / "index.html").read_text(encoding="utf-8")
    assert _scripts(mine) == _scripts(index)  # the same build's files, as Sphinx's pages
    assert _without_scripts(mine) == _without_scripts(theirs)
    assert _without_scripts(index) == _without_scripts(clean_index)


_SCRIPT = re.compile(r'<script src="[^"]*"></script>')


def _scripts(html: str) -> list[str]:
    return [tag.replace("../", "") for tag in _SCRIPT.findall(html)]


def _without_scripts(html: str) -> str:
    """*html* without its script tags: their checksums differ between two build folders
    with Sphinx's own pages too."""
    return _SCRIPT.sub("", html)


def test_renamed_page_folders_leave_no_empty_folder(tmp_path: Path, make_app: Any) -> None:
    """``researchtopics_paper_pages`` and ``researchtopics_member_pages`` renamed: the old
    pages and downloads are deleted, and so are their folders (``papers/``, ``people/``
    and ``_bibtex/people/`` were left empty, to be published), as in a clean build."""
    site = tmp_path / "site"
    shutil.copytree(ROOTS / "test-qa-multibib", site)
    out = tmp_path / "out"
    pages = {"researchtopics_member_pages": "people", "researchtopics_members": {"Wei Li": ""}}
    app = _build(make_app, site, out, **pages)
    html = Path(app.outdir)
    assert (html / "papers" / "li24.html").is_file()
    assert (html / "people" / "wei-li.html").is_file()
    assert (html / "_bibtex" / "people" / "wei-li.bib").is_file()
    renamed = {**pages, "researchtopics_paper_pages": "pubs", "researchtopics_member_pages": "team"}
    app = _build(make_app, site, out, **renamed)
    assert (html / "pubs" / "li24.html").is_file()
    assert (html / "team" / "wei-li.html").is_file()
    for gone in ("papers", "people", "_bibtex/people"):
        assert not (html / gone).exists(), gone
