"""``publication``, ``publications`` and ``:pub:`` across pages, in more than one builder.

tests/roots/test-qa-pages: two topic pages share ``xiao23``; ``wu24`` is listed on one
and shown by ``publication`` on the other; the index cites both with ``:pub:``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import soup, warnings_of


def _section(page: Any, element: Any) -> str:
    """The page of singlehtml's one page that *element* is in (``document-NAME``)."""
    start = element.find_previous("span", id=lambda ident: ident and ident.startswith("doc"))
    return str(start["id"]).removeprefix("document-")


def _pub_targets(page: Any) -> list[str]:
    """The href of each ``:pub:`` link of *page*, in order."""
    return [span.parent["href"] for span in page.select("a > span.rt-pub")]


@pytest.mark.sphinx("singlehtml", testroot="qa-pages")
def test_pub_links_land_on_an_entry_in_singlehtml(app: Any) -> None:
    """In singlehtml every page is a fragment of one page: a ``:pub:`` link is the
    entry's id.  Sphinx 9's ``make_refnode`` gave ``#document-video#xiao23``, a link to
    nowhere."""
    app.build()
    assert warnings_of(app) == []
    page = soup(app)
    ids = {tag["id"] for tag in page.find_all(id=True)}
    targets = _pub_targets(page)
    assert len(targets) == 3
    for href in targets:
        assert href.startswith("#") and href.count("#") == 1, href
        assert href[1:] in ids, href
        entry = page.find(id=href[1:])
        assert "rt-publication" in entry["class"]


@pytest.mark.sphinx("html", testroot="qa-pages")
def test_pub_links_in_html(app: Any) -> None:
    """The same links in the html builder: to the page and entry, or the entry on the
    page itself."""
    app.build()
    assert warnings_of(app) == []
    assert _pub_targets(soup(app)) == ["light.html#xiao23", "light.html#wu24"]
    assert _pub_targets(soup(app, "light")) == ["#wu24"]


@pytest.mark.sphinx("singlehtml", testroot="qa-pages")
def test_links_go_to_the_named_pages_copy_in_singlehtml(app: Any) -> None:
    """singlehtml renames the second page's copy of an entry (``xiao23-2``): an "Also in:
    Light fields" link and a ``:pub:`` link to the entry on its page go to that page's
    copy.  They went to the first copy, under another page's heading (the Video copy's
    "Also in: Light fields" to itself), and each copy listed its own page too."""
    app.build()
    page = soup(app)
    titles = {"Video": "video", "Light fields": "light"}
    checked = 0
    for entry in page.select("div.rt-publication"):
        for link in entry.select(".rt-also-in a"):
            target = page.find(id=link["href"][1:])
            assert _section(page, target) == titles[link.get_text()]
            assert _section(page, entry) != titles[link.get_text()]
            checked += 1
    assert checked == 2  # xiao23 on Video and on Light fields, each naming the other
    for href in _pub_targets(page):  # each entry's home is the Light fields page
        assert _section(page, page.find(id=href[1:])) == "light", href


@pytest.mark.sphinx("latex", testroot="qa-pages")
def test_pub_links_have_their_label_in_latex(app: Any) -> None:
    """Each ``:pub:`` of the PDF is a ``\\hyperref`` to a ``\\label`` the .tex file has (at
    its entry).  Entries had no label: every ``:pub:`` was a link to an undefined label."""
    app.build()
    assert warnings_of(app) == []
    (tex,) = Path(app.outdir).glob("*.tex")
    text = tex.read_text(encoding="utf-8")
    links = re.findall(
        r"\\hyperref\[\\detokenize\{([^}]*)\}\]\{\\sphinxcrossref\{"
        r"\\DUrole\{rt-pub\}",
        text,
    )
    assert sorted(links) == ["light:wu24", "light:wu24", "light:xiao23"]
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", text))
    assert set(links) <= labels
    assert {"video:xiao23", "video:wu24"} <= labels  # every page's copy has one
