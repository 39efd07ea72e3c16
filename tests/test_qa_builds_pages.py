"""``publication``, ``publications`` and ``:pub:`` across pages, in more than one builder.

tests/roots/test-qa-pages: two topic pages share ``xiao23``; ``wu24`` is listed on one
and shown by ``publication`` on the other; the index cites both with ``:pub:``.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import soup, warnings_of


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
