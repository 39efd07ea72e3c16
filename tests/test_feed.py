"""The Atom feed: parsed with feedparser and lxml, linked from every page's head."""

from __future__ import annotations

import builtins
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS, assert_warned, soup, warnings_of
from lxml import etree

feedparser = pytest.importorskip("feedparser")
pytest.importorskip("feedgen")

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.sphinx("html", testroot="pages", freshenv=True)
def test_feed_parses(app: Any) -> None:
    app.build()
    path = Path(app.outdir) / "publications.atom"
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.title == "Pages Lab publications"
    assert len(feed.entries) == 5  # researchtopics_feed_size
    assert [e.link for e in feed.entries][:2] == [
        "https://lab.example.org/papers/xiong23.html",
        "https://lab.example.org/papers/Gao22.html",
    ]
    first = feed.entries[0]
    assert first.title == "Light Field Super-Resolution with Transformers"
    assert [a.name for a in first.authors] == ["Zhiwei Xiong", "Jan van der Berg", "Zeyu Xiao"]
    assert first.summary.startswith("We study")
    assert first.updated.startswith("2023-05-01")
    # Atom's required elements, read with lxml
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None
    for entry in root.iter(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}") is not None
    # the hostile entry: text, not markup
    hostile = next(e for e in feed.entries if "quotes" in e.title)
    assert "<script>" in hostile.title  # as text, escaped in the XML
    assert b"<script>" not in path.read_bytes()


@pytest.mark.sphinx("html", testroot="pages", freshenv=True)
def test_autodiscovery(app: Any) -> None:
    app.build()
    for page, href in (
        ("index", "publications.atom"),
        ("papers/xiong23", "../publications.atom"),
        ("people/zeyu-xiao", "../publications.atom"),
    ):
        link = soup(app, page).head.find("link", type="application/atom+xml")
        assert link["rel"] == ["alternate"] and link["href"] == href


def test_turning_the_feed_on_or_off_rewrites_the_pages_heads(
    make_app: Any, tmp_path: Path
) -> None:
    """Every page's head names the feed, so a build that turns it on (or off) writes every
    page again, not only the feed file."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-pages", src)

    def feed_link(app: Any, page: str = "index") -> Any:
        return soup(app, page).head.find("link", type="application/atom+xml")

    app = make_app("html", srcdir=src, confoverrides={"researchtopics_feed": None})
    app.build()
    assert feed_link(app) is None
    app = make_app("html", srcdir=src, confoverrides={"researchtopics_feed": "news.atom"})
    app.build()
    assert (Path(app.outdir) / "news.atom").is_file()
    assert feed_link(app)["href"] == "news.atom"
    assert feed_link(app, "papers/xiong23")["href"] == "../news.atom"
    assert feed_link(app, "people/zeyu-xiao")["href"] == "../news.atom"
    app = make_app("html", srcdir=src, confoverrides={"researchtopics_feed": None})
    app.build()
    assert feed_link(app) is None
    assert feed_link(app, "papers/xiong23") is None


def test_feed_links_anchors_without_paper_pages(make_app: Any, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-pages", src)
    app = make_app(
        "html",
        srcdir=src,
        confoverrides={"researchtopics_paper_pages": None, "html_baseurl": ""},
    )
    app.build()
    feed = feedparser.parse((Path(app.outdir) / "publications.atom").read_bytes())
    assert not feed.bozo
    assert feed.entries[0].link == "light-field.html#xiong23"
    assert feed.entries[0].id.startswith("urn:uuid:")


def test_feed_without_feedgen(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_feedgen(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("feedgen"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_feedgen)
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-pages", src)
    app = make_app("html", srcdir=src)
    app.build()
    assert_warned(warnings_of(app), r"feedgen is not installed.*researchtopics\.feed")
    assert not (Path(app.outdir) / "publications.atom").exists()
    assert soup(app).head.find("link", type="application/atom+xml") is None


@pytest.mark.sphinx(
    "html", testroot="pages", freshenv=True, confoverrides={"researchtopics_feed": "../x.atom"}
)
def test_bad_feed_name(app: Any) -> None:
    app.build()
    assert_warned(warnings_of(app), r"researchtopics_feed = '\.\./x\.atom' is not a relative")
    assert not (Path(app.outdir).parent / "x.atom").exists()


@pytest.mark.parametrize("builder", ["json", "pickle"])
def test_serializing_builders_link_the_feed(make_app: Any, tmp_path: Path, builder: str) -> None:
    """sphinxcontrib-serializinghtml's ``pathto`` takes one argument: the link is made
    without it (the build crashed in ``html-page-context``), relative to the page."""
    import json
    import pickle

    src = tmp_path / "site"
    shutil.copytree(ROOTS / "test-pages", src)
    app = make_app(builder, srcdir=src, freshenv=True)
    app.build()
    assert (Path(app.outdir) / "publications.atom").is_file()
    suffix, load = (".fjson", json.loads) if builder == "json" else (".fpickle", pickle.loads)
    page = Path(app.outdir) / f"papers/xiong23{suffix}"
    context = load(page.read_bytes() if builder == "pickle" else page.read_text("utf-8"))
    link = BeautifulSoup(context["metatags"], "lxml").find("link", type="application/atom+xml")
    assert link is not None
    # the serializing builders' pages are folders ("papers/xiong23/"), like dirhtml's
    assert link["href"] == "../../publications.atom"


def _feed_links(app: Any, docname: str) -> list[str]:
    page = soup(app, docname)
    return [link["href"] for link in page.find_all("link", type="application/atom+xml")]


def test_turning_the_feed_off_and_on_rewrites_every_page(make_app: Any, tmp_path: Path) -> None:
    """Every page's head links the feed: an incremental build after the setting changed
    writes what a clean build writes (no link to a feed no longer made, no stale feed
    file left published; a link on every page once the feed is back)."""
    src = tmp_path / "site"
    shutil.copytree(ROOTS / "test-pages", src)
    feed = src / "_build" / "html" / "publications.atom"
    app = make_app("html", srcdir=src)
    app.build()
    assert feed.is_file() and _feed_links(app, "index") == ["publications.atom"]
    app = make_app("html", srcdir=src, confoverrides={"researchtopics_feed": None})
    app.build()
    assert _feed_links(app, "index") == []
    assert _feed_links(app, "papers/xiong23") == []
    assert not feed.exists()
    app = make_app("html", srcdir=src, confoverrides={"researchtopics_feed": "news/all.atom"})
    app.build()
    assert _feed_links(app, "index") == ["news/all.atom"]
    assert _feed_links(app, "papers/xiong23") == ["../news/all.atom"]
    assert (src / "_build" / "html" / "news" / "all.atom").is_file() and not feed.exists()


def test_feed_author_without_author_in_conf(make_app: Any, tmp_path: Path) -> None:
    """A conf.py without ``author`` (as ``researchtopics new`` and the al-folio import
    write it): the feed names the project, not Sphinx's placeholder."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-pages", src)
    conf = src / "conf.py"
    lines = conf.read_text(encoding="utf-8").splitlines(keepends=True)
    conf.write_text("".join(x for x in lines if not x.startswith("author =")), encoding="utf-8")
    app = make_app("html", srcdir=src)
    app.build()
    feed = feedparser.parse((Path(app.outdir) / "publications.atom").read_bytes())
    assert not feed.bozo
    assert feed.feed.author == "Pages Lab"


@pytest.mark.parametrize("project", ["Publications", None])
def test_feed_title_of_a_site_named_publications(
    make_app: Any, tmp_path: Path, project: str | None
) -> None:
    """``researchtopics new`` without --title names the site "Publications"; a conf.py
    may name none (Sphinx's "Project name not set"): the feed is "Publications", not
    "Publications publications" or "Project name not set publications"."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-pages", src)
    conf = src / "conf.py"
    lines = conf.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [x for x in lines if not x.startswith(("project =", "author ="))]
    if project is not None:
        kept.insert(0, f"project = {project!r}\n")
    conf.write_text("".join(kept), encoding="utf-8")
    app = make_app("html", srcdir=src)
    app.build()
    feed = feedparser.parse((Path(app.outdir) / "publications.atom").read_bytes())
    assert not feed.bozo
    assert feed.feed.title == "Publications"
    link = soup(app, "index").head.find("link", type="application/atom+xml")
    assert link["title"] == "Publications"
