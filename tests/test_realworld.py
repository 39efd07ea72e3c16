"""Real bibliographies: al-folio's example and TeX Live's examples (kept under
``tests/data/realworld``), plus every TeX Live file where ``texlive-bibtex-extra`` is
installed.

Every entry with a key renders, no LaTeX markup reaches a title, author list or venue,
and every problem names its file and line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOTS, soup, warnings_of

from sphinxcontrib_researchtopics.bib.load import parse_file
from sphinxcontrib_researchtopics.bib.records import Publication, Rich
from sphinxcontrib_researchtopics.bib.scan import decode_bib, parse_bib_text
from sphinxcontrib_researchtopics.cli.check import check

ALFOLIO = ROOTS / "test-faults-alfolio" / "papers.bib"
TEXLIVE = Path("/usr/share/texlive/texmf-dist/bibtex/bib")
VENDORED = sorted((Path(__file__).parent / "data" / "realworld").glob("*.bib"))
#: The vendored files, and every installed TeX Live bibliography beside them.
REAL_FILES = VENDORED + (sorted(TEXLIVE.rglob("*.bib")) if TEXLIVE.is_dir() else [])

#: ``@type{key,`` of a real entry (not @string, @preamble or @comment).
_ENTRY = re.compile(r"^[ \t]*@[ \t]*([A-Za-z][\w-]*)[ \t]*[{(][ \t]*([^,\s{}()]+)[ \t]*,", re.M)
_NOT_ENTRIES = frozenset(("string", "preamble", "comment"))
_MARKUP = re.compile(r"[\\{}]")


def keys_in(path: Path) -> list[str]:
    """The keys of *path* as a plain regex sees them, independent of the parser."""
    text, _ = decode_bib(path.read_bytes(), str(path))
    return [key for kind, key in _ENTRY.findall(text) if kind.lower() not in _NOT_ENTRIES]


def _text(rich: Rich) -> str:
    return "".join(segment.text for segment in rich if segment.style != "math")


def leaks(publication: Publication, raw_fields: dict[str, str]) -> list[str]:
    """Markup left in the title, authors or venue (an escaped ``\\{`` is a real brace)."""
    found = []
    parts = {
        "title": _text(publication.title),
        "authors": " ; ".join(person.display for person in publication.authors),
        "venue": _text(publication.venue),
    }
    escaped = "".join(raw_fields.values())
    for name, text in parts.items():
        for char in set(_MARKUP.findall(text)):
            if char in "{}" and ("\\" + char) in escaped:
                continue
            found.append(f"{publication.key}: {name} {text!r}")
    return found


def _raw_fields(path: Path) -> list[dict[str, str]]:
    text, _ = decode_bib(path.read_bytes(), str(path))
    raws, _ = parse_bib_text(text, str(path))
    return [{name.lower(): value for name, value in raw.fields} for raw in raws]


def _check_file(path: Path) -> None:
    result = parse_file(str(path), "topics")
    assert sorted(publication.key for publication in result.entries) == sorted(keys_in(path))
    if any(leaks(publication, {}) for publication in result.entries):
        # only then is it worth reading the raw fields, for escaped braces
        raws = _raw_fields(path)
        assert len(raws) == len(result.entries)
        problems = [
            leak
            for publication, raw in zip(result.entries, raws, strict=True)
            for leak in leaks(publication, raw)
        ]
        assert problems == [], problems[:10]
    for problem in result.problems:
        assert problem.source == str(path) and problem.line >= 1, problem


# -- al-folio -------------------------------------------------------------------------


def test_alfolio_file_is_clean_and_complete() -> None:
    _check_file(ALFOLIO)
    assert check([ALFOLIO]).problems == ()
    assert len(keys_in(ALFOLIO)) == 9


@pytest.mark.sphinx("html", testroot="faults-alfolio")
def test_alfolio_renders_every_entry(app: Any) -> None:
    app.build()
    page = soup(app)
    entries = page.select("div.rt-publication")
    assert sorted(div["data-rt-key"] for div in entries) == sorted(keys_in(ALFOLIO))
    for div in entries:
        for part in div.select(".rt-title, .rt-authors, .rt-venue"):
            for math in part.select(".math"):
                math.decompose()
            assert not _MARKUP.search(part.get_text()), (div["data-rt-key"], part.get_text())
    by_key = {div["data-rt-key"]: div for div in entries}
    epr = by_key["PhysRev.47.777"]
    assert epr.select_one(".rt-authors").get_text() == "A. Einstein*†, B. Podolsky*, N. Rosen*"
    assert [sup.get_text() for sup in epr.select(".rt-authors sup")] == ["*†", "*", "*"]
    assert epr.select_one(".rt-venue").get_text().startswith("Phys. Rev., 1935")
    assert epr.select_one(".rt-venue-badge").get_text().strip() == "PhysRev"
    title = by_key["einstein1905molekularkinetischen"].select_one(".rt-title").get_text()
    assert title.startswith("Über die von der molekularkinetischen Theorie der Wärme")
    # Only the two local files and two previews the example names (not shipped) are
    # reported, each at its field's line in the .bib, naming the page that shows it.
    warnings = [w for w in warnings_of(app) if "[researchtopics." in w]
    assert len(warnings) == 4
    for warning in warnings:
        assert re.search(
            r"papers\.bib:\d+: WARNING: .*\(used on page index, line \d+\) "
            r"\[researchtopics\.missing_file\]",
            warning,
        ), warning
    assert sum("preview file" in warning for warning in warnings) == 2


# -- TeX Live -------------------------------------------------------------------------


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda path: path.name)
def test_real_file(path: Path) -> None:
    _check_file(path)


def test_real_problems_name_file_and_line() -> None:
    result = check(REAL_FILES)
    assert result.entry_count > 100
    for problem in result.problems:
        assert problem.source.endswith(".bib") and problem.line >= 1, problem


def test_texlive_examples_render(make_app: Any, tmp_path: Path) -> None:
    """biblatex's and BibTeX's own example files, built: every key is on the page."""
    chosen = VENDORED
    assert {p.name for p in chosen} == {"biblatex-examples.bib", "xampl.bib"}
    names = []
    for index, path in enumerate(chosen):
        name = f"tl{index}.bib"
        (tmp_path / name).write_bytes(path.read_bytes())
        names.append(name)
    (tmp_path / "conf.py").write_text(
        'extensions = ["sphinxcontrib_researchtopics"]\n'
        f"researchtopics_bibfiles = {names!r}\n"
        'researchtopics_cache_dir = ""\n'
        "researchtopics_bibtex = False\n"
    )
    (tmp_path / "index.rst").write_text("TeX Live\n========\n\n.. publications::\n")
    app = make_app("html", srcdir=tmp_path)
    app.build()
    expected = {key for path in chosen for key in keys_in(path)}
    shown = [div["data-rt-key"] for div in soup(app).select("div.rt-publication")]
    assert set(shown) == expected and len(shown) == len(expected)
    for warning in warnings_of(app):
        if "[researchtopics." in warning:
            assert re.search(r"tl\d\.bib:\d+: WARNING", warning), warning
