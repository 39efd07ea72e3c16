"""Member pages: a member's entries grouped by year, homepage link, linked names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import soup

from sphinxcontrib_researchtopics.bib.scan import parse_bib_text


@pytest.mark.sphinx("html", testroot="pages", freshenv=True)
def test_member_page(app: Any) -> None:
    app.build()
    page = soup(app, "people/zeyu-xiao")
    body = page.find("section", class_="rt-page")
    assert body.h1.get_text().startswith("Zeyu Xiao")
    assert page.title.get_text().startswith("Zeyu Xiao")
    years = [h.get_text() for h in body.select("h2.rt-group")]
    assert years == ["2023", "2022", "2021", "2019", "2018", "2017"]
    keys = [div["data-rt-key"] for div in body.select("div.rt-publication")]
    assert keys == ["xiong23", "Gao22", "gao22", "hostile-1", "notitle", "thesis17"]
    # titles go to paper pages; the member's own name is not a link to this page
    first = body.select_one("div.rt-publication")
    assert first.select_one(".rt-title a")["href"] == "../papers/xiong23.html"
    names = {a.get_text(): a["href"] for a in first.select(".rt-member a")}
    assert names == {"Zhiwei Xiong": "zhiwei-xiong.html"}
    assert body.select(".rt-member-homepage") == []  # no URL configured


@pytest.mark.sphinx("html", testroot="pages", freshenv=True)
def test_homepage_and_empty_member(app: Any) -> None:
    app.build()
    xiong = soup(app, "people/zhiwei-xiong")
    assert xiong.select_one(".rt-member-homepage a")["href"] == "https://example.org/xiong"
    nobody = soup(app, "people/nobody-without-papers")
    body = nobody.find("section", class_="rt-page")
    assert body.select_one(".rt-empty").get_text() == "No publications."
    # an unsafe homepage is not linked
    assert body.select(".rt-member-homepage") == []
    assert (
        "javascript:"
        not in (Path(app.outdir) / "people" / "nobody-without-papers.html").read_text()
    )


@pytest.mark.sphinx("html", testroot="pages", freshenv=True)
def test_names_link_to_member_pages(app: Any) -> None:
    app.build()
    entry = soup(app, "light-field").select_one('div[data-rt-key="xiong23"]')
    links = [(a.get_text(), a["href"]) for a in entry.select(".rt-authors a")]
    assert links == [
        ("Zhiwei Xiong", "people/zhiwei-xiong.html"),
        ("Zeyu Xiao", "people/zeyu-xiao.html"),
    ]
    # non-members stay plain text
    assert "Jan van der Berg" in entry.select_one(".rt-authors").get_text()


@pytest.mark.sphinx(
    "html",
    testroot="pages",
    freshenv=True,
    confoverrides={"researchtopics_member_pages": None},
)
def test_member_pages_off_keep_homepage_links(app: Any) -> None:
    app.build()
    entry = soup(app, "light-field").select_one('div[data-rt-key="xiong23"]')
    assert [a["href"] for a in entry.select(".rt-authors a")] == ["https://example.org/xiong"]


@pytest.mark.sphinx(
    "html", testroot="pages", freshenv=True, confoverrides={"researchtopics_finder": True}
)
def test_member_page_gets_the_finder(app: Any) -> None:
    """A member's list is a list like any other: the finder comes with it when the
    setting asks for one (``auto``: 10 entries or more)."""
    app.build()
    body = soup(app, "people/zeyu-xiao").find("section", class_="rt-page")
    data = body.select_one("div.rt-member-publications > script.rt-finder-data")
    assert data is not None and '"hostile-1"' not in data.get_text()  # keys are not copied


@pytest.mark.sphinx("html", testroot="pages", freshenv=True)
def test_short_member_page_has_no_finder(app: Any) -> None:
    app.build()
    assert soup(app, "people/zeyu-xiao").select("script.rt-finder-data") == []


@pytest.mark.sphinx("html", testroot="pages", freshenv=True)
def test_member_page_download_link_has_its_file(app: Any) -> None:
    """A member page's "Download these publications as BibTeX" link points to a file
    that exists (in a rebuild too) and holds the page's entries in the page's order."""
    app.build()
    app.build()  # nothing changed: the member page is not re-written, its file is kept
    page = soup(app, "people/zeyu-xiao")
    link = page.select_one("p.rt-download a.rt-download-bib")
    assert link is not None
    path = (Path(app.outdir) / "people" / link["href"]).resolve()
    assert path.is_file(), link["href"]
    entries, problems = parse_bib_text(path.read_text(encoding="utf-8"), str(path))
    assert problems == []
    shown = [div["data-rt-key"] for div in page.select("section.rt-page div.rt-publication")]
    assert [entry.key for entry in entries] == shown
    path.unlink()  # deleted by hand: the next build writes it again, as a document's file
    app.build()
    assert path.is_file()
