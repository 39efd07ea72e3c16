"""The build reads the enrichment data file: abstracts, "Cited by N", filters, re-reads.

The data in tests/roots/test-enrich/enrich.json is example data for fictional entries.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOTS, assert_warned, soup, warnings_of


@pytest.fixture
def site(tmp_path: Path) -> Path:
    src = tmp_path / "site"
    shutil.copytree(ROOTS / "test-enrich", src)
    return src


Builder = Callable[..., tuple[Any, set[str]]]


@pytest.fixture
def build(site: Path, make_app: Any) -> Builder:
    def run(builder: str = "html", **overrides: Any) -> tuple[Any, set[str]]:
        app = make_app(builder, srcdir=site, confoverrides=overrides)
        read: set[str] = set()
        app.connect("env-before-read-docs", lambda app, env, docs: read.update(docs))
        app.build()
        return app, read

    return run


def entry(page: Any, key: str) -> Any:
    return page.select_one(f'.rt-publication[data-rt-key="{key}"]')


def test_counts_and_abstracts_from_the_data_file(build: Builder) -> None:
    app, _ = build()
    page = soup(app)
    badge = entry(page, "ex-doi").select_one(".rt-badges .rt-cited-by")
    assert badge.name == "span" and badge.get_text() == "Cited by 42"
    assert badge["title"] == "Cited by 42 (OpenAlex, 2026-11-30)"
    crossref = entry(page, "ex-crossref").select_one(".rt-cited-by")
    assert crossref["title"] == "Cited by 9 (Crossref, 2026-11-29)"
    abstract = entry(page, "ex-doi").select_one(".rt-abstract")
    assert "Example abstract one, from the fixtures." in abstract.get_text()
    assert abstract.select_one(".rt-abstract-source").get_text() == "Abstract from OpenAlex."
    own = entry(page, "ex-has-abstract").select_one(".rt-abstract")
    assert "written in the .bib file" in own.get_text()
    assert own.select_one(".rt-abstract-source") is None  # the .bib's own abstract
    assert entry(page, "ex-plain").select_one(".rt-cited-by") is None
    assert len(warnings_of(app)) == 1  # the hostile PDF link (see below)


def test_abstract_source_is_off_by_default(build: Builder) -> None:
    app, _ = build(researchtopics_abstract_source=False)
    page = soup(app)
    assert "Example abstract one" in entry(page, "ex-doi").select_one(".rt-abstract").get_text()
    assert page.select(".rt-abstract-source") == []


def test_hostile_values_are_escaped_or_dropped(build: Builder) -> None:
    app, _ = build()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    hostile = entry(soup(app), "ex-hostile")
    assert '<script>alert("abstract")</script>' in hostile.select_one(".rt-abstract").get_text()
    assert hostile.select("b") == []
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(" in html
    assert "javascript:" not in html
    assert_warned(
        warnings_of(app),
        r"enrich\.json: ex-hostile: pdf: invalid value 'javascript:alert\(1\)'; ignored "
        r"\[researchtopics\.enrich_data\]",
    )


def test_filter_and_sort_by_citations(build: Builder) -> None:
    app, _ = build()
    keys = [node["data-rt-key"] for node in soup(app, "cited").select(".rt-publication")]
    assert keys == ["ex-doi", "ex-crossref", "ex-has-abstract"]


def test_without_the_data_file_nothing_is_added(build: Builder) -> None:
    app, _ = build(researchtopics_enrich_data=None)
    page = soup(app)
    assert page.select(".rt-cited-by") == []
    assert entry(page, "ex-doi").select_one(".rt-abstract") is None
    assert warnings_of(app) == []


def test_a_missing_or_broken_data_file_is_a_warning(build: Builder, site: Path) -> None:
    app, _ = build(researchtopics_enrich_data="nope.json")
    assert_warned(warnings_of(app), r"nope\.json: cannot read.*\[researchtopics\.enrich_data\]")
    (site / "enrich.json").write_text("{not json", encoding="utf-8")
    app, _ = build()
    assert_warned(warnings_of(app), r"not valid JSON.*\[researchtopics\.enrich_data\]")
    assert soup(app).select(".rt-cited-by") == []


def test_other_builders_show_the_count_as_text(build: Builder) -> None:
    app, _ = build("text")
    text = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    assert "Cited by 42" in text
    app, _ = build("latex")
    assert not [
        w for w in warnings_of(app) if "already registered" not in w and "ex-hostile" not in w
    ]


def test_the_build_never_touches_the_network(
    build: Builder, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the build opened a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    app, _ = build()
    assert soup(app).select(".rt-cited-by")


def bump(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data["entries"])
    path.write_text(json.dumps(data), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_a_changed_count_rereads_only_the_pages_showing_it(build: Builder, site: Path) -> None:
    _, read = build()
    assert read == {"index", "one", "two", "cited"}
    _, read = build()
    assert read == set()
    bump(site / "enrich.json", lambda e: e["ex-doi"]["citations"].update(value=43))
    app, read = build()
    assert read == {"index", "one", "cited"}
    assert entry(soup(app, "one"), "ex-doi").select_one(".rt-cited-by").get_text() == "Cited by 43"
    new = {"value": 1, "source": "openalex", "fetched": "2026-12-07"}
    bump(site / "enrich.json", lambda e: e.setdefault("ex-plain", {}).update(citations=new))
    _, read = build()
    assert read == {"index", "two"}
