"""``publication-stats`` in builds: the chart's numbers equal the lists', bars link to a
finder, other builders get the table, bad options warn, and a .bib edit re-reads the pages
whose chart it changes."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import ROOTS, assert_warned, edit, soup, tracked_build, warnings_of

from sphinxcontrib_researchtopics.sphinxext.state import get_state


def chart_rows(figure: Any) -> list[list[str]]:
    return [
        [cell.get_text() for cell in tr.find_all(["th", "td"])]
        for tr in figure.select("table.rt-stats-table tr")
    ]


def year_of(app: Any, key: str) -> int | None:
    return get_state(app.env).bibliography.entries[key].year_num


@pytest.mark.sphinx("html", testroot="stats", freshenv=True)
def test_the_chart_counts_what_the_list_shows(app: Any) -> None:
    app.build()
    assert not warnings_of(app)
    page = soup(app)
    figure = page.select_one("figure.rt-stats")
    rows = chart_rows(figure)
    assert rows[0] == ["Year", "Conference papers", "Journal articles", "Preprints and other",
                       "Theses", "Total"]  # fmt: skip
    keys = [div["data-rt-key"] for div in page.select("div.rt-publication[data-rt-key]")]
    per_year = Counter(year_of(app, key) for key in keys)
    assert {int(row[0]): int(row[-1]) for row in rows[1:]} == {
        year: n for year, n in per_year.items() if year is not None
    }
    svg = figure.select_one("svg")
    assert svg["role"] == "img" and svg.find("title").string == "Publications per year, by type"
    assert "15 publications per year from 2019 to 2024" in svg.find("desc").string
    # the list on this page has a finder: bars choose its year and type
    hrefs = [a["href"] for a in figure.select("a.rt-stats-bar")]
    assert "?rt-year=2024&rt-type=journal-articles" in hrefs
    assert all(href.startswith("?rt-year=") for href in hrefs)


@pytest.mark.sphinx("html", testroot="stats", freshenv=True)
def test_bars_link_to_the_named_page_or_nowhere(app: Any) -> None:
    app.build()
    figures = soup(app, "topics").select("figure.rt-stats")
    by_topic, by_member, by_venue = figures
    links = [urlsplit(a["href"]) for a in by_topic.select("a.rt-stats-bar")]
    assert {link.path for link in links} == {"index.html"}
    chosen = [parse_qs(link.query) for link in links]
    assert {"rt-year": ["2024"], "rt-topic": ["light-field"]} in chosen
    assert {"rt-year": ["2019"]} in chosen  # "Other": the year only
    # no :link: and no list with a finder on the page: nothing to link to
    assert not by_member.select("a") and not by_venue.select("a")
    assert by_member.select_one("figcaption").string == "Members' papers since 2021"
    legend = [li.get_text() for li in by_member.select(".rt-stats-legend li")]
    assert legend == ["Zhiwei Xiong", "Zeyu Xiao", "José Núñez", "Other",
                      "Total (each entry once)"]  # fmt: skip
    assert "counts once in each" in by_member.select_one(".rt-stats-note").get_text()


@pytest.mark.sphinx("singlehtml", testroot="stats", freshenv=True)
def test_singlehtml_bars_put_the_query_before_the_fragment(app: Any) -> None:
    """On one page, ``:link:`` is ``#document-index``: the query goes before it, where the
    finder reads it (``#document-index?rt-year=...`` was a fragment naming no element)."""
    app.build()
    page = soup(app)
    hrefs = [a["href"] for a in page.select("figure.rt-stats a.rt-stats-bar")]
    assert hrefs
    for href in hrefs:
        link = urlsplit(href)
        assert parse_qs(link.query)["rt-year"] and link.fragment in ("", "document-index"), href
    assert "?rt-year=2024&rt-topic=light-field#document-index" in hrefs


@pytest.mark.sphinx("html", testroot="stats", freshenv=True)
def test_citations_per_year_from_the_enrichment_data(app: Any) -> None:
    app.build()
    figure = soup(app, "citations").select_one("figure.rt-stats")
    rows = chart_rows(figure)
    assert rows == [
        ["Year", "video", "image", "Total"],
        ["2021", "2", "2", "2"],  # smith.2020:deep, on both topics, counts once in the total
        ["2022", "0", "0", "0"],
        ["2023", "5", "0", "5"],
        ["2024", "8", "4", "11"],
        ["2025", "0", "4", "4"],
    ]


@pytest.mark.sphinx("html", testroot="stats", freshenv=True)
def test_markup_in_a_badge_or_topic_stays_text(app: Any) -> None:
    app.build()
    html = (Path(app.outdir) / "topics.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    page = soup(app, "topics")
    assert page.select_one("figure.rt-stats svg title")  # nothing closed the SVG early
    assert all(fig.select_one("table") for fig in page.select("figure.rt-stats"))


@pytest.mark.sphinx("text", testroot="stats", freshenv=True)
def test_the_text_builder_gets_the_table(app: Any) -> None:
    app.build()
    text = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    assert "| Year | Conference papers | Journal articles |" in text
    assert "| 2024 | 2 " in text


@pytest.mark.sphinx("latex", testroot="stats", freshenv=True)
def test_the_latex_builder_gets_the_table(app: Any) -> None:
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert "Publications per year, by type" in tex
    assert "\\begin{tabulary}" in tex or "\\begin{tabular}" in tex
    assert "Conference papers" in tex and "<svg" not in tex


@pytest.mark.sphinx("epub", testroot="stats", freshenv=True)
def test_epub_gets_the_table(app: Any) -> None:
    app.build()
    page = soup(app, "index", ".xhtml")
    assert not page.select("svg")
    assert page.select_one(".rt-stats table")


def test_bad_options_are_warned_and_defaulted(make_app: Any, tmp_path: Path) -> None:
    src = tmp_path / "site"
    shutil.copytree(ROOTS / "test-stats", src)
    (src / "index.rst").write_text(
        "Bad\n===\n\n.. toctree::\n\n   topics\n   citations\n\n"
        ".. publication-stats::\n   :by: colour\n   :series: 99\n   :metric: likes\n"
        "   :link: nowhere\n\n"
        ".. publication-stats::\n   :filter: year >>> 2\n\n"
        ".. publication-stats::\n   :keys: gao22, nosuchkey\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=src)
    app.build()
    warnings = warnings_of(app)
    assert_warned(warnings, r"index.rst:\d+: WARNING: publication-stats: :by: 'colour'")
    assert_warned(warnings, r":series: '99' is not a number from 1 to 8")
    assert_warned(warnings, r":metric: 'likes' is not one of publications, citations")
    assert_warned(warnings, r":link: no document 'nowhere'")
    assert_warned(warnings, r"publication-stats: .*\[researchtopics.option\]")
    assert_warned(warnings, r"'nosuchkey' is not in any .bib file")
    figures = soup(app).select("figure.rt-stats")
    assert len(figures) == 2  # the bad filter left nothing; the others use the defaults
    assert chart_rows(figures[1]) == [["Year", "Publications", "Total"], ["2022", "1", "1"]]


def test_a_bib_edit_rereads_the_pages_whose_chart_it_changes(make_app: Any, tmp_path: Path) -> None:
    src = tmp_path / "site"
    shutil.copytree(ROOTS / "test-stats", src)
    (src / "spectrum.rst").write_text(
        "Spectrum\n========\n\n.. publication-stats::\n   :topic: spectrum\n", encoding="utf-8"
    )
    (src / "index.rst").write_text(
        (src / "index.rst")
        .read_text(encoding="utf-8")
        .replace("   citations\n", "   citations\n   spectrum\n"),
        encoding="utf-8",
    )
    tracked_build(make_app, src)
    # li23 (image) moves from 2023 to 2022: every chart that counts it changes
    edit(
        src / "papers.bib",
        "year = {2023},\n  topics = {image},",
        "year = {2022},\n  topics = {image},",
    )
    app, read, _written = tracked_build(make_app, src)
    assert read == {"index", "topics", "citations"}
    rows = chart_rows(soup(app, "topics").select_one("figure.rt-stats"))
    assert ["2022", "2", "2", "0", "0", "4"] in rows  # image in 2022: zhang22 and li23
    # yao23 (spectrum, image) gains a topic: the spectrum chart is read again too
    edit(src / "papers.bib", "topics = {spectrum, image}", "topics = {spectrum, image, video}")
    app, read, _written = tracked_build(make_app, src)
    assert read == {"index", "topics", "citations", "spectrum"}
    # a new entry that only the spectrum chart selects: the charts that count everything
    # and the spectrum chart, whose selection it joins
    with open(src / "papers.bib", "a", encoding="utf-8") as stream:
        stream.write(
            "\n@misc{new25,\n  title = {New},\n  year = {2025},\n  topics = {spectrum},\n}\n"
        )
    stat = (src / "papers.bib").stat()
    os.utime(src / "papers.bib", ns=(stat.st_atime_ns, stat.st_mtime_ns + 4_000_000_000))
    app, read, _written = tracked_build(make_app, src)
    assert "spectrum" in read
    rows = chart_rows(soup(app, "spectrum").select_one("figure.rt-stats"))
    assert rows[-1] == ["2025", "1", "1"]


DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_the_demo_chart_counts_what_the_topic_pages_list(make_app: Any, tmp_path: Path) -> None:
    """The demo's home page chart (docs/demo/index.rst, as published) against its lists:
    each topic's bar segment is the entries of that year on the topic's page, and each
    year's total the entries of that year on any of the four pages, each once."""
    src = tmp_path / "docs"
    shutil.copytree(DOCS / "demo", src / "demo")
    shutil.copytree(DOCS / "papers", src / "papers")
    (src / "conf.py").write_text(
        f"exec(compile(open({str(DOCS / 'conf.py')!r}).read(), 'conf.py', 'exec'))\n"
        'extensions = ["sphinxcontrib_researchtopics", "myst_parser"]\n'
        'researchtopics_paper_pages = researchtopics_member_pages = researchtopics_feed = ""\n'
        "suppress_warnings = ['researchtopics']\nresearchtopics_cache_dir = ''\n",
        encoding="utf-8",
    )
    (src / "index.rst").write_text(
        "Docs\n====\n\n.. toctree::\n   :glob:\n\n   demo/*\n", encoding="utf-8"
    )
    app = make_app("html", srcdir=src)
    app.build()
    figure = soup(app, "demo/index").select_one("figure.rt-stats")
    assert figure is not None, "the demo's home page shows a chart"
    rows = chart_rows(figure)
    header, body = rows[0], rows[1:]
    topics = ("image", "video", "spectrum", "light-field")
    assert set(topics) <= set(header)
    shown: dict[str, list[str]] = {}
    for topic in topics:
        page = soup(app, f"demo/sr-{topic}")
        shown[topic] = [d["data-rt-key"] for d in page.select("div.rt-publication[data-rt-key]")]
        assert shown[topic], topic
    for row in body:
        year = int(row[0])
        for topic in topics:
            on_page = [key for key in shown[topic] if year_of(app, key) == year]
            assert int(row[header.index(topic)]) == len(on_page), (year, topic)
        distinct = {key for keys in shown.values() for key in keys if year_of(app, key) == year}
        assert int(row[-1]) == len(distinct), year
    assert sum(int(row[-1]) for row in body) == len(
        {key for keys in shown.values() for key in keys}
    )
    # its bars open the "All" page's finder with the year and topic chosen
    hrefs = {a["href"] for a in figure.select("a.rt-stats-bar")}
    assert "all.html?rt-year=2023&rt-topic=image" in hrefs
    assert soup(app, "demo/all").select_one("script.rt-finder-data")
