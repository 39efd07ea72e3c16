"""Exports for readers and search engines: per-page BibTeX files and JSON-LD."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import soup

from sphinxcontrib_researchtopics.bib.scan import parse_bib_text


@pytest.mark.sphinx("html", testroot="exports", freshenv=True)
def test_page_bibtex_download(app: Any) -> None:
    app.build()
    link = soup(app, "index").select_one("p.rt-download a.rt-download-bib")
    assert link.get_text() == "Download these publications as BibTeX"
    path = Path(app.outdir) / link["href"]
    entries, problems = parse_bib_text(path.read_text(encoding="utf-8"), str(path))
    assert problems == []
    assert [entry.key for entry in entries] == ["safe1", "plain2"]
    fields = dict(entries[0].fields)
    assert "topics" not in fields and "abstract" not in fields
    assert fields["doi"] == "10.1000/xyz"


@pytest.mark.sphinx("epub", testroot="exports", freshenv=True)
def test_no_download_in_ebooks(app: Any) -> None:
    app.build()
    assert "rt-download" not in (Path(app.outdir) / "index.xhtml").read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="exports", freshenv=True)
def test_jsonld_is_valid_and_cannot_break_out(app: Any) -> None:
    app.build()
    page = soup(app, "index")
    scripts = page.select('div.rt-publication script[type="application/ld+json"]')
    assert len(scripts) == 2
    # every <script> of the page is either the theme's or ours: nothing came from the .bib
    assert not any(
        "alert(1)" in (s.string or "") and s.get("type") != "application/ld+json"
        for s in page.find_all("script")
    )
    data = json.loads(scripts[0].string)
    assert data["@type"] == "ScholarlyArticle"
    assert data["name"] == "Closing </script><script>alert(1)</script> Tags & <!\u2013 Comments"
    assert [a["name"] for a in data["author"]] == ["Ann Author", "Bob Builder"]
    assert data["datePublished"] == "2023-07"
    assert data["url"] == "https://example.org/paper.pdf"
    assert data["sameAs"] == ["https://doi.org/10.1000/xyz"]
    raw = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in raw
    title = page.select_one("#safe1 .rt-title").get_text()
    assert title == "Closing </script><script>alert(1)</script> Tags & <!\u2013 Comments"
