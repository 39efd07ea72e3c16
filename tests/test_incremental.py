"""Incremental builds: per-entry re-reads, and re-writes for navs, counts and titles."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOTS, edit, soup, tracked_build, warnings_of


@pytest.fixture
def site(tmp_path: Path) -> Path:
    src = tmp_path / "site"
    shutil.copytree(ROOTS / "test-site", src)
    return src


Builder = Callable[[], tuple[Any, set[str], set[str]]]


@pytest.fixture
def build(site: Path, make_app: Any) -> Builder:
    """A fresh Sphinx application per build (as each sphinx-build run is): read and written."""

    def run() -> tuple[Any, set[str], set[str]]:
        return tracked_build(make_app, site)

    return run


PAGES = {"index", "refs", "explicit", "topics/image", "topics/video", "topics/spectrum"}


def test_nothing_changed_reads_nothing(build: Builder) -> None:
    _, read, _ = build()
    assert read == PAGES
    app, read, written = build()
    assert read == set()
    assert not written & PAGES
    # (a second app in one process warns that docutils nodes are registered again)
    assert [w for w in warnings_of(app) if "already registered" not in w] == []


def test_editing_one_entry_rereads_only_its_pages(build: Builder, site: Path) -> None:
    build()
    edit(site / "papers.bib", "Gamma Video Paper", "Gamma Video Paper, Revised")
    app, read, _ = build()
    # a3 is on the video topic page and shown by `publication` on refs
    assert read == {"topics/video", "refs"}
    video = soup(app, "topics/video")
    assert "Gamma Video Paper, Revised" in video.select_one("#a3 .rt-title").get_text()


def test_retagging_an_entry_rereads_the_lists_that_now_select_it(
    build: Builder, site: Path
) -> None:
    build()
    edit(
        site / "papers.bib",
        "topics = {spectrum}}\n@article{a5",
        "topics = {spectrum, image}}\n@article{a5",
    )
    app, read, written = build()
    assert read == {"topics/image", "topics/spectrum", "refs"}
    image = soup(app, "topics/image")
    assert [d["data-rt-key"] for d in image.select("div.rt-publication")] == ["a1", "a2", "a4"]
    # the count in every nav that shows the image page is re-written
    assert {"topics/video"} <= written
    video = soup(app, "topics/video")
    assert video.select_one("nav.rt-topic-nav .rt-count").get_text() == "3"


def test_a_page_title_change_rewrites_the_navs_that_show_it(build: Builder, site: Path) -> None:
    build()
    edit(site / "topics" / "image.rst", "Image\n=====", "Pictures\n========")
    app, read, written = build()
    assert "topics/image" in read
    assert "topics/video" not in read, "navs are re-written, not re-read"
    assert {"topics/video", "topics/spectrum", "explicit"} <= written
    video = soup(app, "topics/video")
    assert video.select_one("nav.rt-topic-nav a").get_text(" ", strip=True) == "Pictures 2"
