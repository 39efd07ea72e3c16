"""``topic-nav`` bars: explicit and toctree-based, current page, counts, builders."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import assert_warned, soup, warnings_of


def nav_items(page: Any, index: int = 0) -> list[tuple[str, str, bool]]:
    nav = page.select("nav.rt-topic-nav")[index]
    return [
        (a.get_text(" ", strip=True), a["href"], a.get("aria-current") == "page")
        for a in nav.select("a")
    ]


@pytest.mark.sphinx("html", testroot="site", freshenv=True)
def test_auto_nav_lists_the_toctree_marks_current_and_counts(app: Any) -> None:
    app.build()
    page = soup(app, "topics/video")
    navs = page.select("nav.rt-topic-nav")
    assert len(navs) == 2, "top and bottom"
    assert nav_items(page, 0) == nav_items(page, 1)
    assert nav_items(page) == [
        ("Image 2", "image.html", False),
        ("Video 2", "#", True),
        ("Spectrum 2", "spectrum.html", False),
    ]
    assert navs[0].select_one(".rt-count").get_text() == "2"


@pytest.mark.sphinx("html", testroot="site", freshenv=True)
def test_top_and_bottom_navs_have_distinct_names(app: Any) -> None:
    """Two landmarks of one role need two names (axe's landmark-unique): the second bar
    is "Research topics (2)"."""
    app.build()
    names = [nav["aria-label"] for nav in soup(app, "topics/video").select("nav.rt-topic-nav")]
    assert names == ["Research topics", "Research topics (2)"]


@pytest.mark.sphinx("html", testroot="site", freshenv=True, confoverrides={"language": "de"})
def test_nav_names_are_translated(app: Any) -> None:
    app.build()
    names = [nav["aria-label"] for nav in soup(app, "topics/video").select("nav.rt-topic-nav")]
    assert names == ["Forschungsthemen", "Forschungsthemen (2)"]


@pytest.mark.sphinx("html", testroot="site", freshenv=True)
def test_each_topic_page_shows_exactly_its_entries(app: Any) -> None:
    app.build()
    expected = {"image": ["a1", "a2"], "video": ["a2", "a3"], "spectrum": ["a4", "a5"]}
    for topic, keys in expected.items():
        page = soup(app, f"topics/{topic}")
        assert [d["data-rt-key"] for d in page.select("div.rt-publication")] == keys


@pytest.mark.sphinx("html", testroot="site", freshenv=True)
def test_explicit_nav_titles_and_missing_document(app: Any) -> None:
    app.build()
    assert nav_items(soup(app, "explicit")) == [
        ("Pictures", "topics/image.html", False),
        ("Video", "topics/video.html", False),
    ]
    assert_warned(
        warnings_of(app),
        r"explicit\.rst:8: WARNING: topic-nav: no document 'topics/nonexistent' "
        r"\[researchtopics\.nav\]",
    )


@pytest.mark.sphinx("dirhtml", testroot="site", freshenv=True)
def test_nav_links_in_dirhtml(app: Any) -> None:
    app.build()
    page = soup(app, "topics/video/index")
    assert [href for _, href, _ in nav_items(page)] == ["../image/", "#", "../spectrum/"]


@pytest.mark.sphinx("singlehtml", testroot="site", freshenv=True)
def test_nav_links_in_singlehtml(app: Any) -> None:
    app.build()
    page = soup(app, "index")
    hrefs = [href for _, href, _ in nav_items(page)]
    assert hrefs == [
        "#document-topics/image",
        "#document-topics/video",
        "#document-topics/spectrum",
    ]
    for href in hrefs:
        assert page.find(id=href[1:]) is not None


@pytest.mark.sphinx("html", testroot="site", freshenv=True)
def test_myst_page_uses_every_directive_and_the_role(app: Any) -> None:
    app.build()
    page = soup(app, "refs")
    single = page.select_one("div.rt-publication#a3")
    assert [b.get_text() for b in single.select(".rt-badge")] == ["Best Paper"]
    # the directive's MyST body (the Cite panel's styles use <em> too)
    assert [em.get_text() for em in single.select("em")].count("Markdown") == 1
    listed = page.select_one("div.rt-publications")
    assert [d["data-rt-key"] for d in listed.select("div.rt-publication")] == ["a4", "a5"]
    assert [h.get_text() for h in listed.select(".rt-group")] == ["2021"]
    links = {a.get_text(): a["href"] for a in page.select("a.reference.internal")}
    assert links["Xiong and Bee, CVPR 2024"] == "topics/image.html#a1"
    assert links["the beta paper"] == "topics/image.html#a2"
    # the MyST page sits in the "Other" toctree: its nav lists that toctree
    assert [t for t, _, _ in nav_items(page)] == ["References 3", "Explicit 0"]
