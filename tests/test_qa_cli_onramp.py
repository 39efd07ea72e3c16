"""The hand-written-pages on-ramp end to end: ``import`` the pages, then ``new --force``
into the same folder, then ``sphinx -W``.

``new --force`` kept the imported pages (its topic pages take other names) but listed
them in no toctree, so the build it prints ("Build it: python -m sphinx -W ...") failed
with "document isn't included in any toctree".  The folder's own pages are now listed on
the home page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

from sphinxcontrib_researchtopics.cli import main
from sphinxcontrib_researchtopics.cli.scaffold import kept_pages

PAGES = Path(__file__).parent / "data" / "import" / "site"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_imported_pages_then_new_force_build_with_every_feature(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    pages = sorted(str(path) for path in PAGES.rglob("*.md"))
    assert main(["import", *pages, "-o", str(site)]) in (0, 1)
    assert main(
        ["new", str(site), "--bib", str(site / "publications.bib"), "--force",
         "--members", "Zhiwei Xiong", "--url", "https://lab.example.org/"]
    ) == 0
    out = capsys.readouterr().out
    html = site / "_build"
    assert build_main(["-W", "-q", "-b", "html", str(site), str(html)]) == 0, out
    index = _soup(html / "index.html")
    linked = {a["href"] for a in index.select("div.toctree-wrapper a[href]")}
    assert {"manipulation/denoising.html", "super-resolution/sr-image.html"} <= linked
    page = _soup(html / "super-resolution" / "sr-image.html")
    assert page.select("nav.rt-topic-nav, .rt-topic-nav"), "topic-nav"
    scripts = [tag["src"] for tag in _soup(html / "all.html").select("script[src]")]
    assert any("researchtopics-finder.js" in src for src in scripts), "finder (auto: long lists)"
    assert list((html / "papers").glob("*.html")), "paper pages"
    assert list((html / "people").glob("*.html")), "member pages"
    assert (html / "publications.atom").is_file(), "feed"


def test_kept_pages_are_the_folders_own_sources(tmp_path: Path) -> None:
    for name in ("index.rst", "all.rst", "a.rst", "sub/b.rst", "_build/c.rst", "sub/d.md",
                 ".venv/lib/site-packages/e.rst", "odd <name>.rst"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("X\n=\n", encoding="utf-8")
    assert kept_pages(tmp_path, ["all.rst", "conf.py"]) == ["a", "sub/b"]


def test_a_tag_with_a_joiner_or_direction_mark_gets_its_entries(tmp_path: Path) -> None:
    """Persian writes some words with a zero-width non-joiner (U+200C): ``new`` dropped
    it from the page's ``:topic:``, so the page listed nothing, the entry was "on no
    topic page" and ``-W`` failed."""
    bib = tmp_path / "lab.bib"
    bib.write_text(
        "@article{fa1, title = {One}, author = {Jane Doe}, year = {2023}, journal = {J},\n"
        "  topics = {\u06cc\u0627\u062f\u06af\u06cc\u0631\u06cc"  # "machine learning"
        "\u200c\u0645\u0627\u0634\u06cc\u0646}}\n"
        "@article{rl1, title = {Two}, author = {Jane Doe}, year = {2024}, journal = {J},\n"
        "  topics = {\u202ertl}}\n",
        encoding="utf-8",
    )
    site = tmp_path / "site"
    assert main(["new", str(site), "--bib", str(bib), "--language", "fa"]) == 0
    html = site / "_build"
    assert build_main(["-W", "-q", "-b", "html", str(site), str(html)]) == 0
    shown = {}
    for page in html.glob("*.html"):
        keys = [div["data-rt-key"] for div in _soup(page).select("div.rt-publication")]
        if page.stem not in ("all", "recent", "index") and keys:
            shown[page.stem] = keys
    assert sorted(shown.values()) == [["fa1"], ["rl1"]], shown
