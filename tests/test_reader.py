"""The reader's entry: action row, venue badges, thumbnails, Markdown fields, simple math,
Cite panel, nested grouping and member roles (tests/roots/test-reader)."""

# ruff: noqa: RUF001  (Greek letters, dashes and signs are the point here)
from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import assert_warned, soup, warnings_of

from sphinxcontrib_researchtopics.bib.cite import available
from sphinxcontrib_researchtopics.bib.markdown_fields import markdown_rich
from sphinxcontrib_researchtopics.bib.mathtext import math_to_text
from sphinxcontrib_researchtopics.sphinxext.venues import contrast, parse_venues

needs_citeproc = pytest.mark.skipif(not available(), reason="citeproc-py is not installed")


@pytest.fixture(scope="module")
def built(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One build of the root for the module (its pages and warnings are only read)."""
    from sphinx.testing.util import SphinxTestApp

    src = tmp_path_factory.mktemp("reader") / "src"
    shutil.copytree(rootdir / "test-reader", src)
    warnings = io.StringIO()
    app = SphinxTestApp(
        "html",
        srcdir=src,
        builddir=src / "_build",
        freshenv=True,
        status=io.StringIO(),
        warning=warnings,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return SimpleNamespace(outdir=app.outdir, _warning=warnings)


def test_action_row_holds_links_and_panel_controls(built: Any) -> None:
    entry = soup(built).select_one("div.rt-publication#stance24")
    rows = entry.select("div.rt-actions")
    assert len(rows) == 1
    row = rows[0]
    assert [a.get_text() for a in row.select(".rt-links a.rt-link")] == ["Paper", "Code"]
    # the panels are <details> in the row (openable without script), in a fixed order
    panels = row.select(":scope > details")
    assert [p["class"][0] for p in panels] == ["rt-abstract", "rt-bibtex", "rt-cite"]
    assert [p.summary.get_text() for p in panels] == ["Abstract", "BibTeX", "Cite"]
    assert "no-search" not in row["class"]  # the abstract stays searchable
    assert entry.select_one("details.rt-abstract p").get_text() == "We stance."


def test_venue_badge_colour_link_and_contrast(built: Any) -> None:
    page = soup(built)
    badge = page.select_one("#stance24 .rt-heading > span.rt-venue-badge")
    assert badge.get_text() == "CVPR"
    assert badge.a["href"] == "https://cvpr.thecvf.com/"
    assert badge["style"] == "--rt-venue-bg: #00369f; --rt-venue-fg: #ffffff"
    light = page.select_one("#einstein1950meaning span.rt-venue-badge")
    assert light["style"] == "--rt-venue-bg: #ffd54f; --rt-venue-fg: #000000"
    # the venue line keeps the full name, without the abbreviation
    venue = page.select_one("#stance24 .rt-venue").get_text()
    assert venue == "IEEE/CVF Conference on Computer Vision and Pattern Recognition, 2024"
    # an unsafe URL or a colour that is not #hex never reaches the page
    bad = page.select_one("#remote23 span.rt-venue-badge")
    assert bad.get_text() == "BAD" and bad.a is None and not bad.has_attr("style")
    plain = page.select_one("#preprint25 span.rt-venue-badge")
    assert plain.get_text() == "arXiv" and not plain.has_attr("style")


def test_venue_colours_meet_aa_whatever_the_background() -> None:
    grey = [f"#{v:02x}{v:02x}{v:02x}" for v in range(0, 256, 5)]
    hues = ["#ff0000", "#00ff00", "#0000ff", "#ffff00", "#00ffff", "#ff00ff", "#777777"]
    spec = {str(i): {"color": colour} for i, colour in enumerate(grey + hues)}
    venues, problems = parse_venues(spec)
    assert not problems
    for venue in venues.values():
        assert contrast(venue.background, venue.foreground) >= 4.5, venue


def test_thumbnails_image_video_remote_and_missing(built: Any) -> None:
    page = soup(built)
    image = page.select_one("#stance24 .rt-preview img")
    assert image["loading"] == "lazy"
    assert image["alt"].startswith("δ-Stance")
    assert (Path(built.outdir) / image["src"]).is_file()  # published with the site
    entry = page.select_one("#stance24")
    assert "rt-has-preview" in entry["class"]
    assert entry.select_one(":scope > .rt-entry-body > .rt-heading") is not None
    video = page.select_one("#einstein1950meaning .rt-preview video")
    for flag in ("muted", "loop", "autoplay", "playsinline"):
        assert video.has_attr(flag), flag
    assert (Path(built.outdir) / video["src"]).is_file()
    remote = page.select_one("#remote23 .rt-preview img")
    assert remote["src"] == "https://example.org/remote.png"
    assert page.select_one("#preprint25 .rt-preview") is None
    assert page.select_one("#unsafe23 .rt-preview") is None
    warnings = warnings_of(built)
    assert_warned(
        warnings,
        r"papers\.bib:37: WARNING: preprint25: preview file 'img/nope\.png' not found"
        r".*used on page index, line 4.*missing_file",
    )
    assert_warned(warnings, r"papers\.bib:55: WARNING: unsafe23: preview .*unsafe_url")


def test_markdown_fields_award_additional_info_annotation(built: Any) -> None:
    entry = soup(built).select_one("#einstein1950meaning")
    award = entry.select_one("p.rt-award")
    assert award.strong.get_text() == "Nobel Prize in Physics"
    assert award.em.get_text() == "for services"
    assert award.code.get_text() == "code"
    assert [a["href"] for a in award.select("a")] == ["https://www.nobelprize.org/"]
    assert "javascript" not in str(award)
    assert [b.get_text() for b in entry.select(".rt-badge")] == ["Nobel Prize"]
    info = entry.select_one(".rt-venue .rt-additional-info")
    assert info.em.get_text() == "More Information"
    assert info.a["href"] == "https://github.com/alshedivat/al-folio/"
    annotation = entry.select_one("p.rt-annotation")
    assert annotation.select("script") == [] and "<script>" in annotation.get_text()
    assert_warned(
        warnings_of(built),
        r"papers\.bib:\d+: WARNING: einstein1950meaning: award: Markdown link .*unsafe_url",
    )


def test_markdown_subset_is_linear_and_keeps_the_rest_as_text() -> None:
    rich, problems = markdown_rich("snake_case_name and <b>x</b> **bold** [a](https://x.org)")
    assert [(s.text, s.style) for s in rich] == [
        ("snake_case_name and <b>x</b> ", ""),
        ("bold", "strong"),
        (" ", ""),
        ("a", "link"),
    ]
    assert not problems
    rich, problems = markdown_rich("[x](data:text/html,hi)")
    assert all(s.style != "link" for s in rich) and problems
    rich, _ = markdown_rich("* superscripts<br>† A<BR/>B <br />C <br x>")
    assert [(s.text, s.style) for s in rich] == [("* superscripts † A B  C <br x>", "")]
    hostile = "*_`[](" * 20000  # no closers to speak of: one pass, no blow-up
    assert "".join(s.text for s in markdown_rich(hostile)[0])


def test_simple_math_becomes_text_and_formulas_stay_math(built: Any) -> None:
    assert math_to_text(r"\delta") == "δ"
    assert math_to_text("^2") == "²"
    assert math_to_text(r"\times") == "×"
    assert math_to_text(r"\to") == "→"
    assert math_to_text("_2") == "₂"
    assert math_to_text(r"\mathbf{x}^{10}") is None
    assert math_to_text("x^{10}") is None
    title = soup(built).select_one("#stance24 .rt-title strong")
    assert title.get_text().startswith("δ-Stance: α-Blending × 2 for H₂O and ")
    assert [m.get_text() for m in title.select(".math")] == ["\\(\\mathbf{x}^{10}\\)"]
    data = json.loads(soup(built).select_one("#stance24 script").string)
    assert data["name"].startswith("δ-Stance: α-Blending")


@needs_citeproc
def test_cite_panel_styles_names_accents_pages(built: Any) -> None:
    entry = soup(built, "single").select_one("div.rt-publication")
    styles = entry.select("details.rt-cite .rt-cite-style")
    assert [s.select_one(".rt-cite-label").get_text() for s in styles] == ["APA", "IEEE"]
    apa, ieee = (s.select_one(".rt-cite-text").get_text() for s in styles)
    assert apa.startswith("Einstein, A., van der Berg, J., Müller, J., & Smith, J., Jr. (1950).")
    assert "403–404" in apa and "https://doi.org/10.1119/1.1932449" in apa
    assert ieee.startswith("A. Einstein, J. van der Berg, J. Müller, and J. Smith Jr.,")
    assert "pp. 403–404" in ieee and not ieee.startswith("[1]")
    for style in styles:
        assert style.select_one("button.rt-copy").has_attr("hidden")
    assert_warned(
        warnings_of(built),
        r"conf\.py: researchtopics_cite_styles: no CSL style 'no-such-style'.*cite_style",
    )
    # :no-cite: turns it off
    assert soup(built, "bad").select("details.rt-cite") == []


def test_nested_grouping_names_and_order(built: Any) -> None:
    page = soup(built)
    headings = [(h.name, h.get_text()) for h in page.select(".rt-group")]
    assert headings == [
        ("h2", "Preprints and other"),
        ("h3", "2025"),
        ("h2", "Journals"),
        ("h3", "2023"),
        ("h3", "1950"),
        ("h2", "Conference papers"),
        ("h3", "2024"),
    ]
    status = [h.get_text() for h in soup(built, "status").select(".rt-group")]
    assert status == ["under review", "Accepted papers", "Other"]  # as met: newest first
    assert_warned(
        warnings_of(built),
        r"bad\.rst:4: WARNING: group-by: no entry has a field 'nosuchfield'.*option",
    )
    assert soup(built, "bad").select(".rt-group") == []
    assert len(soup(built, "bad").select("div.rt-publication")) == 5


def test_member_roles(built: Any) -> None:
    authors = soup(built).select_one("#stance24 .rt-authors")
    pi = authors.select_one(".rt-member.rt-member-pi")
    assert pi.a["href"] == "https://example.org/xiong"
    assert authors.select_one(".rt-member.rt-member-student").get_text() == "Zeyu Xiao"
    plain = [m for m in authors.select(".rt-member") if m.get_text() == "Ana Alumna"]
    assert plain and plain[0]["class"] == ["rt-member"]


def test_thumbnails_off_and_other_builders(make_app: Any, rootdir: Path, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-reader", src)
    app = make_app("html", srcdir=src, confoverrides={"researchtopics_thumbnails": False})
    app.build()
    assert soup(app).select(".rt-preview") == []
    assert not any("preview" in line for line in warnings_of(app))
    text = make_app("text", srcdir=src, freshenv=True)
    text.build()
    output = (Path(text.outdir) / "index.txt").read_text(encoding="utf-8")
    assert "δ-Stance" in output and "Abstract" in output and "CVPR" in output


@needs_citeproc
def test_cite_panel_doi_written_as_url(make_app: Any, tmp_path: Path) -> None:
    """``doi = {https://doi.org/...}`` (a spelling the link row accepts): the Cite panel
    shows the DOI once, as the paper page's citation_doi does, not a doubled resolver."""
    (tmp_path / "conf.py").write_text(
        'extensions = ["sphinxcontrib_researchtopics"]\n'
        'researchtopics_bibfiles = ["lab.bib"]\n'
        'researchtopics_cite = "all"\n',
        encoding="utf-8",
    )
    (tmp_path / "lab.bib").write_text(
        "@article{k,\n  title = {T},\n  author = {Doe, Jane},\n  journal = {J},\n"
        "  year = {2021},\n  doi = {https://doi.org/10.1109/TIP.2021.1},\n}\n",
        encoding="utf-8",
    )
    (tmp_path / "index.rst").write_text("Lab\n===\n\n.. publications::\n", encoding="utf-8")
    app = make_app("html", srcdir=tmp_path)
    app.build()
    texts = [t.get_text() for t in soup(app, "index").select(".rt-cite-text")]
    assert len(texts) == 2
    apa, ieee = texts
    assert "https://doi.org/10.1109/TIP.2021.1" in apa and apa.count("doi.org") == 1
    assert "doi: 10.1109/TIP.2021.1" in ieee and "doi.org" not in ieee
