"""Rebuilds read and write exactly what changed: the re-read and re-write sets of edits.

Sphinx itself also re-writes the page whose toctree lists a re-written page (``index``
here), so every write set below includes it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import edit, rebuild_site, soup, tracked_build

from sphinxcontrib_researchtopics.sphinxext import state as rt_state


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return rebuild_site(tmp_path, "")


Build = Callable[[], tuple[Any, set[str], set[str]]]


@pytest.fixture
def build(site: Path, make_app: Any) -> Build:
    """A fresh application per build, as each sphinx-build run is: (app, read, written)."""

    def run() -> tuple[Any, set[str], set[str]]:
        app, read, written = tracked_build(make_app, site)
        return app, read, written - {"genindex", "search"}

    return run


ALL = {
    "index", "topics/alpha", "topics/beta", "cite", "cite_other", "single", "notes1", "notes2",
    "recent",
}  # fmt: skip


def test_no_op_rebuild_reads_no_bib_file(build: Build, site: Path) -> None:
    _, read, written = build()
    assert read == ALL and written == ALL
    app, read, written = build()
    assert (read, written) == (set(), set())
    state = rt_state.get_state(app.env)
    assert state.parse_stats.loads == 0, "the records were loaded though nothing used them"
    assert state.parse_stats.files == 0


def test_title_edit_rewrites_only_the_pages_showing_the_entry(build: Build, site: Path) -> None:
    build()
    edit(site / "papers.bib", "Three Beta Paper", "Three Beta Paper, Revised")
    app, read, written = build()
    stats = rt_state.get_state(app.env).parse_stats
    assert stats.entries == 1, "only the edited entry is re-parsed"
    assert read == {"topics/beta"}
    # not the alpha page (its nav shows beta's count, unchanged), not cite_other (its
    # short citation "Cc, TPAMI 2022" is unchanged), not the pages showing nothing
    assert written == {"topics/beta", "index"}
    beta = soup(app, "topics/beta")
    assert "Three Beta Paper, Revised" in beta.select_one("#k3 .rt-title").get_text()


def test_count_change_rewrites_the_navs_showing_the_count(build: Build, site: Path) -> None:
    build()
    edit(site / "papers.bib", "topics = {gamma}", "topics = {gamma, beta}")
    app, read, written = build()
    assert read == {"topics/beta"}
    assert written == {"topics/beta", "topics/alpha", "index"}
    alpha = soup(app, "topics/alpha")
    counts = [c.get_text() for c in alpha.select("nav.rt-topic-nav .rt-count")]
    assert counts[:2] == ["2", "3"]  # alpha, beta (then the other pages of the toctree)


def test_short_citation_change_rewrites_its_citers(build: Build, site: Path) -> None:
    build()
    edit(site / "papers.bib", "author = {Cid Cc}", "author = {Cid Cx}")
    app, read, written = build()
    assert read == {"topics/beta"}
    assert written == {"topics/beta", "cite_other", "index"}
    cite = soup(app, "cite_other")
    assert cite.select_one(".rt-pub").get_text() == "Cx, TPAMI 2022"
    # and a further rebuild re-writes nothing: the citer's new text was recorded
    _, read, written = build()
    assert (read, written) == (set(), set())


def test_a_cited_entry_shown_nowhere_still_updates_its_citers(build: Build, site: Path) -> None:
    (site / "cite.rst").write_text("Cite\n====\n\nSee :pub:`k4`.\n", encoding="utf-8")
    build()
    edit(site / "papers.bib", "author = {Dee Dd}", "author = {Dee Dx}")
    app, read, written = build()
    assert read == set()
    assert written == {"cite", "index"}
    assert soup(app, "cite").select_one(".rt-pub").get_text() == "Dx, TPAMI 2021"


def test_moving_an_entry_between_pages_rewrites_its_also_in_and_citers(
    build: Build, site: Path
) -> None:
    build()
    edit(site / "papers.bib", "topics = {alpha}}", "topics = {beta}}")
    app, read, written = build()
    # recent shows k1, whose fields changed: it is re-read too
    assert read == {"topics/alpha", "topics/beta", "recent"}
    # both counts changed (navs), k1's home moved (cite)
    assert written == {"topics/alpha", "topics/beta", "cite", "recent", "index"}
    assert "Beta" in soup(app, "recent").select_one("#k1 .rt-also-in").get_text()
    # the first page showing k1 (in docname order) is now "recent", no longer alpha
    assert soup(app, "cite").select_one("a:has(.rt-pub)")["href"] == "recent.html#k1"


def test_an_entry_newly_passing_a_limited_filter_rereads_the_list(build: Build, site: Path) -> None:
    """k4 (2021) is shown nowhere; made the newest, it tops ``recent`` (limit 1)."""
    build()
    edit(site / "papers.bib", "year = {2021}", "year = {2025}")
    app, read, _written = build()
    assert read == {"recent"}
    assert [d["data-rt-key"] for d in soup(app, "recent").select("div.rt-publication")] == ["k4"]


def test_an_entry_changed_outside_every_selection_rereads_nothing(build: Build, site: Path) -> None:
    build()
    edit(site / "papers.bib", "Four Gamma Paper", "Four Gamma Paper, Revised")
    _, read, written = build()
    assert (read, written) == (set(), set())
