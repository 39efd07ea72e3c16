"""Entries are made at resolve time: the read doctree holds keys; output is complete."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import pytest
from conftest import soup, warnings_of
from docutils import nodes
from sphinx import addnodes

from sphinxcontrib_researchtopics.html.nodes import rt_entry_list
from sphinxcontrib_researchtopics.sphinxext.nodes import rt_entries


def _parameters(function: Any) -> set[str]:
    return set(inspect.signature(function).parameters)


def _entry_boxes(doctree: nodes.document) -> list[nodes.Element]:
    """Entries as plain containers or (in HTML) the entry nodes made from them."""
    return [box for box in doctree.findall(nodes.Element) if "rt-publication" in box["classes"]]


def _entry_ids(doctree: nodes.document) -> list[list[str]]:
    """Each entry's ids, made as nodes or planned (HTML: ``rt_entry_list``)."""
    ids: list[list[str]] = []
    for node in doctree.findall(nodes.Element):
        if isinstance(node, rt_entry_list):
            ids.extend([item.node_id] if item.node_id else [] for item in node["plan"].items)
        elif "rt-publication" in node["classes"]:
            ids.append(node["ids"])
    return ids


@pytest.mark.sphinx("html", testroot="expand", freshenv=True)
def test_read_doctree_holds_keys_not_entry_nodes(app: Any) -> None:
    app.build()
    read = app.env.get_doctree("index")
    assert _entry_boxes(read) == []
    pending = list(read.findall(rt_entries))
    assert [node["entries"] for node in pending] == [
        [("local24", "local24"), ("quote23", "quote23")],  # newest first
        [("quote23", "quote23-2"), ("nosuchkey", "")],
    ]
    # The local file's link is made while reading, so Sphinx registers the download.
    (download,) = read.findall(addnodes.download_reference)
    assert download["rt_key"] == "local24" and download.get("filename")

    extra = {"tags": app.tags} if "tags" in _parameters(app.env.get_and_resolve_doctree) else {}
    resolved = app.env.get_and_resolve_doctree("index", app.builder, **extra)
    assert list(resolved.findall(rt_entries)) == []
    ids = _entry_ids(resolved)
    assert ids == [["local24"], ["quote23"], ["quote23-2"], []]  # [] is the missing key


@pytest.mark.sphinx("html", testroot="expand", freshenv=True)
def test_expanded_entries_render_completely(app: Any) -> None:
    app.build()
    page = soup(app, "index")
    first = page.select_one("div.rt-publication#quote23")
    assert first.select_one(".rt-title").get_text() == "Don\u2019t Panic: \u2018Quoted\u2019 Titles"
    assert "Miles O\u2019Brien" in first.select_one(".rt-authors").get_text()
    also = first.select_one(".rt-also-in a")
    assert also.get_text() == "Other" and also["href"].startswith("other.html#quote23")
    # The body follows the placeholder of a missing last key, its reference resolved.
    missing = page.select_one(".rt-missing")
    body = missing.find_next_sibling("p")
    assert body.get_text(" ", strip=True).startswith("Body after a missing last key")
    assert body.select_one("a")["href"] == "#target"
    href = page.select_one("div.rt-publication#local24 a.rt-link-paper")["href"]
    assert (Path(app.outdir) / href).is_file()
    assert any("'nosuchkey' is not in any .bib file" in line for line in warnings_of(app))


@pytest.mark.sphinx("text", testroot="expand", freshenv=True)
def test_other_builders_get_the_expanded_entries(app: Any) -> None:
    app.build()
    text = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    assert text.count("Don\u2019t Panic") == 2
    assert "[missing publication: nosuchkey]" in text
    assert "Also in: Other" in text


@pytest.mark.sphinx("singlehtml", testroot="expand", freshenv=True)
def test_one_key_on_two_pages_gets_two_ids_in_singlehtml(app: Any) -> None:
    app.build()
    page = soup(app, "index")
    ids = [div["id"] for div in page.select("div.rt-publication[id]")]
    assert len(ids) == len(set(ids)), ids
    # index shows quote23 twice (quote23, quote23-2) and other once: its copy, first in
    # the single page (the toctree comes first), keeps the id; the next free number goes
    # to the later one.
    assert [div["id"] for div in page.select('div[data-rt-key="quote23"]')] == [
        "quote23",
        "quote23-3",
        "quote23-2",
    ]
    assert [div["id"] for div in page.select('div[data-rt-key="local24"]')] == [
        "local24",
        "local24-2",
    ]


@pytest.mark.sphinx(
    "linkcheck", testroot="expand", freshenv=True, confoverrides={"linkcheck_timeout": 2}
)
def test_linkcheck_checks_entry_links(app: Any) -> None:
    # Entries are made after reading: linkcheck must still see their links (this one
    # points at a closed local port, so it is reported broken without any network).
    import json

    app.build()
    lines = (Path(app.outdir) / "output.json").read_text(encoding="utf-8").splitlines()
    results = {entry["uri"]: entry for entry in map(json.loads, lines)}
    assert results["http://127.0.0.1:9/paper"]["status"] == "broken"
    assert results["http://127.0.0.1:9/paper"]["filename"] == "other.rst"
