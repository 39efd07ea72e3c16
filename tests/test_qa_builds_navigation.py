"""The theme's sidebar on generated pages after a toctree or title edit, as a clean
build's (tests/roots/test-qa-pages with paper and member pages, furo as ``researchtopics
new`` sets it)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from conftest import ROOTS, edit, soup

SITE = {
    "html_theme": "furo",
    "html_title": "Pages Lab",
    "researchtopics_paper_pages": "papers",
    "researchtopics_member_pages": "people",
    "researchtopics_members": {"Zhiwei Xiong": ""},
}


def _sidebar(app: Any, docname: str) -> list[str]:
    """The titles the sidebar's navigation lists on *docname*."""
    tree = soup(app, docname).select_one(".sidebar-tree")
    return [" ".join(a.get_text().split()) for a in tree.select("a.reference")]


def _build(make_app: Any, site: Path, out: Path) -> Any:
    app = make_app("html", srcdir=site, builddir=out, confoverrides=SITE)
    app.build()
    return app


def test_sidebar_of_member_pages_follows_toctree_and_titles(tmp_path: Path, make_app: Any) -> None:
    """A page taken out of the toctree (and deleted), then a page's title changed: the
    member pages' sidebars listed the deleted page and the old title, while Sphinx
    re-wrote its own pages and a clean build had neither."""
    site = tmp_path / "site"
    shutil.copytree(ROOTS / "test-qa-pages", site)
    out = tmp_path / "out"
    app = _build(make_app, site, out)
    assert _sidebar(app, "people/zhiwei-xiong") == ["Video", "Light fields"]
    edit(site / "index.rst", "   video\n   light\n", "   video\n")
    edit(site / "index.rst", "See :pub:`xiao23` and :pub:`wu24`.", "")
    (site / "light.rst").unlink()
    app = _build(make_app, site, out)
    assert _sidebar(app, "video") == ["Video"]
    assert _sidebar(app, "people/zhiwei-xiong") == ["Video"]
    edit(site / "video.rst", "Video\n=====", "Videos\n======")
    app = _build(make_app, site, out)
    assert _sidebar(app, "people/zhiwei-xiong") == ["Videos"]
    clean = _build(make_app, site, tmp_path / "clean")
    assert _sidebar(clean, "people/zhiwei-xiong") == ["Videos"]
