"""The site in the lab's language: every label the extension makes on the Sphinx side is
translated (HTML, paper and member pages, the feed, other builders), the lab's own words
win, CJK text is kept as written, and dates stay machine-readable.

The browser's strings (the finder, "Copied") are tested with the finder; the test root
turns the finder off.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from conftest import ROOTS, soup, warnings_of

from sphinxcontrib_researchtopics.bib.cite import available, cite_locale
from sphinxcontrib_researchtopics.html.feed import feedgen_available
from sphinxcontrib_researchtopics.locale.catalogs import POT, po_path, read_catalog
from sphinxcontrib_researchtopics.sphinxext.directives import month_names

ROOT = "languages"

#: Labels that are names and stay as they are in every language.
NAMES = {"BibTeX", "arXiv", "DOI"}

#: Elements whose text is the entries' own data (title, venue, abstract, BibTeX source,
#: citation text), or the page's title (a paper's title, a member's name).
DATA_CLASSES = {"rt-title", "rt-venue", "rt-annotation", "highlight", "rt-cite-text"}
DATA_TAGS = {"script", "style", "title", "h1"}


def english_labels(language: str) -> dict[str, tuple[bool, re.Pattern[str]]]:
    """Each English message of the .pot (both forms of a plural) as a pattern, its
    ``{placeholders}`` matching any text; whether to look for it inside longer text
    (messages with placeholders, and the short marks "(eds.)", "et al.")."""
    template = read_catalog(POT)
    catalog = read_catalog(po_path(language), language)
    patterns: dict[str, tuple[bool, re.Pattern[str]]] = {}
    for message in template:
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        if ids[0] in NAMES:
            continue
        found = catalog.get(message.id)
        assert found is not None
        strings = (found.string,) if isinstance(found.string, str) else found.string
        assert ids[0] not in strings, f"{language} leaves {ids[0]!r} in English"
        for text in ids:
            parts = re.split(r"\{[a-z_]+\}", str(text))
            body = ".+?".join(re.escape(part) for part in parts)
            inside = len(parts) > 1 or text.startswith("(") or text == "et al."
            patterns[str(text)] = (inside, re.compile(rf"\s*{body}\s*"))
    return patterns


def _is_data(text: NavigableString) -> bool:
    for parent in text.parents:
        if parent.name in DATA_TAGS:
            return True
        classes = set(parent.get("class") or [])
        if classes & DATA_CLASSES:
            return True
        box = parent.parent
        # the abstract's own paragraph, not the line naming its source
        if (
            parent.name == "p"
            and not classes
            and box is not None
            and "rt-abstract" in (box.get("class") or [])
        ):
            return True
    return False


def shown_texts(page: BeautifulSoup) -> Iterator[str]:
    """Every text a reader meets that is not data: element text, aria-label, title, alt."""
    for text in page.find_all(string=True):
        if not isinstance(text, Comment) and not _is_data(text) and text.strip():
            yield str(text)
    for element in page.find_all(True):
        assert isinstance(element, Tag)
        for name in ("aria-label", "title", "alt"):
            value = element.get(name)
            if isinstance(value, str) and value.strip():
                yield value


def english_found(outdir: Path, language: str) -> list[tuple[str, str, str]]:
    """(page, English message, text) for each label of ours left in English."""
    patterns = english_labels(language)
    found = []
    for path in sorted(outdir.rglob("*.html")):
        if path.name in ("genindex.html", "search.html"):
            continue
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for text in shown_texts(page):
            for message, (inside, pattern) in patterns.items():
                if pattern.search(text) if inside else pattern.fullmatch(text):
                    found.append((path.relative_to(outdir).as_posix(), message, text.strip()))
    return found


# -- the done-when test ---------------------------------------------------------------


@pytest.mark.sphinx("html", testroot=ROOT, confoverrides={"language": "zh_CN"})
def test_a_zh_cn_site_shows_no_english_label_of_ours(app: Any) -> None:
    app.build()
    assert warnings_of(app) == []
    outdir = Path(app.outdir)
    # every page kind is there: topic pages, paper pages, member pages, stats
    for name in ("index", "video", "light-field", "stats", "papers/xiong23", "people/zeyu-xiao"):
        assert (outdir / f"{name}.html").is_file(), name
    assert english_found(outdir, "zh_CN") == []
    # and what it scans holds the labels, translated
    texts = set(shown_texts(soup(app, "video")))
    assert {"摘要", "期刊论文", "会议论文", "预印本及其他", "另见\uff1a"} <= {
        text.strip() for text in texts
    }


def test_the_scan_finds_english_labels() -> None:
    """The scan itself: it finds labels among the texts of an English page (and not the
    data), so an empty result above means translated labels."""
    html = (
        '<div class="rt-publication"><p class="rt-heading"><span class="rt-title">'
        "<strong>Abstract Art and Code</strong></span></p>"
        '<details class="rt-abstract"><summary>Abstract</summary><p>Total recall.</p>'
        '<p class="rt-abstract-source">Abstract from OpenAlex.</p></details>'
        '<p class="rt-authors">A, B (eds.)</p>'
        '<nav aria-label="Research topics"></nav></div>'
    )
    page = BeautifulSoup(html, "lxml")
    found = set()
    for text in shown_texts(page):
        for message, (inside, pattern) in english_labels("zh_CN").items():
            if pattern.search(text) if inside else pattern.fullmatch(text):
                found.add(message)
    assert found == {"Abstract", "Abstract from {source}.", "(eds.)", "Research topics"}


# -- German: specific labels, plurals, groups, other builders, the feed ------------------


@pytest.mark.sphinx("html", testroot=ROOT, confoverrides={"language": "de"})
def test_german_labels(app: Any) -> None:
    app.build()
    assert warnings_of(app) == []
    video = soup(app, "video")
    summaries = [s.get_text() for s in video.select("details.rt-abstract > summary")]
    assert summaries and set(summaries) == {"Zusammenfassung"}
    headings = [h.get_text() for h in video.select(".rt-group")]
    assert headings == ["Zeitschriftenartikel", "Konferenzbeiträge", "Preprints und Sonstiges"]
    # their anchors are the English ones: links to them hold in every language
    assert [h["id"] for h in video.select(".rt-group")] == [
        "type-journal-articles",
        "type-conference-papers",
        "type-preprints-and-other",
    ]
    more = video.select_one(".rt-more-authors > summary")
    assert more is not None and more.get_text() == "und 3 weitere"
    labels = [a.get_text() for a in video.select(".rt-actions .rt-link")]
    assert {"Paper", "Code", "Projekt", "Folien", "Datensatz", "Zusatzmaterial"} <= set(labels)
    assert "arXiv" in labels  # a name stays
    also = video.select_one(".rt-also-in")
    assert also is not None and also.get_text().startswith("Auch in: ")
    cited = video.select_one(".rt-cited-by")
    assert cited is not None and cited.get_text() == "12-mal zitiert"
    assert str(cited["title"]).startswith("12-mal zitiert (OpenAlex")
    source = video.select_one(".rt-abstract-source")
    assert source is not None and source.get_text() == "Zusammenfassung aus OpenAlex."
    download = video.select_one("a.rt-download-bib")
    assert download is not None
    assert download.get_text() == "Diese Publikationen als BibTeX herunterladen"
    nav = video.select_one("nav.rt-topic-nav")
    assert nav is not None and nav["aria-label"] == "Forschungsthemen"
    counts = [span["aria-label"] for span in nav.select(".rt-count")]
    assert "3 Publikationen" in counts
    assert all(re.fullmatch(r"\d+ Publikation(en)?", str(c)) for c in counts)
    for panel in video.select("details.rt-bibtex"):
        assert panel.summary is not None and panel.summary.get_text() == "BibTeX"
        assert panel.select_one("button.rt-copy").get_text() == "Kopieren"  # type: ignore[union-attr]

    light = soup(app, "light-field")
    assert [h.get_text() for h in light.select(".rt-group")] == [
        "2023",
        "2021",
        "2020",
        "Ohne Datum",
    ]
    editors = light.select_one("#berg20 .rt-authors")
    assert editors is not None and editors.get_text().endswith(" (Hrsg.)")

    index = soup(app, "index")
    assert [h.get_text() for h in index.select(".rt-group")] == ["Mai", "Sonstige"]
    assert [p.get_text() for p in index.select(".rt-empty")] == ["Keine Publikationen."]
    assert "Xiong et al., TIP 2023" in [t.get_text() for t in index.select(".rt-pub")]
    if available():
        cite = index.select_one("details.rt-cite")
        assert cite is not None and cite.summary is not None
        assert cite.summary.get_text() == "Zitieren"
        texts = " ".join(t.get_text() for t in cite.select(".rt-cite-text"))
        assert "Mai 2023" in texts and "May 2023" not in texts  # IEEE, in de-DE
        assert {b.get_text() for b in cite.select("button.rt-copy")} == {"Kopieren"}

    stats = soup(app, "stats")
    captions = [c.get_text() for c in stats.select("figcaption")]
    assert captions[:4] == [
        "Publikationen pro Jahr, nach Art",
        "Publikationen pro Jahr, nach Thema",
        "Publikationen pro Jahr, nach Labormitglied",
        "Zitationen pro Jahr",
    ]
    table = stats.select_one("table.rt-stats-table")
    assert table is not None
    head = [th.get_text() for th in table.select("thead th")]
    assert head[0] == "Jahr" and head[-1] == "Gesamt"
    assert "Zeitschriftenartikel" in head
    assert stats.select_one("details.rt-stats-numbers > summary").get_text() == "Die Zahlen"  # type: ignore[union-attr]
    desc = stats.select_one("svg desc")
    assert desc is not None and desc.get_text().startswith("Balkendiagramm von ")

    paper = soup(app, "papers/xiong23")
    shown = paper.select_one(".rt-shown-on .rubric, .rt-shown-on p.rubric")
    assert shown is not None and shown.get_text() == "Aufgeführt auf"
    member = soup(app, "people/zhiwei-xiong")
    home = member.select_one("a.rt-homepage")
    assert home is not None and home.get_text() == "Homepage"


@pytest.mark.sphinx("html", testroot=ROOT, confoverrides={"language": "de"})
def test_german_feed_and_machine_dates(app: Any) -> None:
    """The feed's words follow the language; its dates, the JSON-LD and the meta tags
    stay ISO (machine-readable) in any language."""
    app.build()
    _machine_dates(app)
    if not feedgen_available():
        pytest.skip("feedgen is not installed")
    atom = (Path(app.outdir) / "publications.atom").read_text(encoding="utf-8")
    assert "<title>Languages Lab: Publikationen</title>" in atom
    assert "12-mal zitiert." in atom and "Cited by" not in atom


@pytest.mark.sphinx("html", testroot=ROOT, confoverrides={"language": "zh_CN"})
def test_chinese_machine_dates_and_feed(app: Any) -> None:
    app.build()
    _machine_dates(app)
    if not feedgen_available():
        pytest.skip("feedgen is not installed")
    atom = (Path(app.outdir) / "publications.atom").read_text(encoding="utf-8")
    assert "被引用 12 次" in atom and "Cited by" not in atom
    assert "<title>Languages Lab 论文</title>" in atom


def _machine_dates(app: Any) -> None:
    outdir = Path(app.outdir)
    paper = soup(app, "papers/xiong23")
    data = json.loads(paper.select_one('script[type="application/ld+json"]').string)  # type: ignore[union-attr,arg-type]
    assert data["datePublished"] == "2023-05"
    meta = paper.select_one('meta[name="citation_publication_date"]')
    assert meta is not None and meta["content"] == "2023/05"
    if feedgen_available():
        atom = (outdir / "publications.atom").read_text(encoding="utf-8")
        dates = re.findall(r"<published>([^<]*)</published>", atom)
        assert dates and all(
            re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", date) for date in dates
        )
        assert "<published>2023-05-01T00:00:00+00:00</published>" in atom


@pytest.mark.sphinx("text", testroot=ROOT, confoverrides={"language": "de"})
def test_other_builders_carry_the_translated_labels(app: Any) -> None:
    app.build()
    video = (Path(app.outdir) / "video.txt").read_text(encoding="utf-8")
    for label in ("Zusammenfassung", "Zeitschriftenartikel", "Auch in: ", "12-mal zitiert"):
        assert label in video, label
    assert "Projekt <https://example.org/lfsr>" in video
    assert "Abstract" not in video.replace("Zusammenfassung", "")
    index = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    assert "Keine Publikationen." in index and "Mai" in index
    stats = (Path(app.outdir) / "stats.txt").read_text(encoding="utf-8")
    assert "Publikationen pro Jahr, nach Art" in stats and "Jahr" in stats and "Gesamt" in stats
    light = (Path(app.outdir) / "light-field.txt").read_text(encoding="utf-8")
    assert "(Hrsg.)" in light and "Ohne Datum" in light


# -- the lab's own words ---------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "zh_CN", "en"])
def test_the_labs_words_win_in_any_language(make_app: Any, tmp_path: Path, language: str) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / f"test-{ROOT}", srcdir)
    app = make_app(
        "html",
        srcdir=srcdir,
        confoverrides={
            "language": language,
            "researchtopics_labels": {
                "Abstract": "Summary",
                "Code": "Source",
                "Paper": "Manuscript",
                "and {count} more": "+{count}",
                "Cited by {count}": "Cited: {n}",  # a placeholder the label lacks: ignored
            },
            "researchtopics_link_labels": {"code": "GitHub"},
        },
    )
    app.build()
    video = soup(app, "video")
    assert {s.get_text() for s in video.select("details.rt-abstract > summary")} == {"Summary"}
    links = [a.get_text() for a in video.select(".rt-actions .rt-link")]
    assert "GitHub" in links and "Manuscript" in links  # link_labels, then the lab's labels
    assert "Source" not in links
    more = video.select_one(".rt-more-authors > summary")
    assert more is not None and more.get_text() == "+3"
    cited = video.select_one(".rt-cited-by")
    assert cited is not None and "Cited: " not in cited.get_text()
    assert re.search(r"\b12\b", cited.get_text())


def test_a_new_language_is_not_served_from_the_last_build(make_app: Any, tmp_path: Path) -> None:
    """Building again with another language (the same source, output and cache folders)
    shows the new language's labels everywhere: no entry is recalled from the memo."""
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / f"test-{ROOT}", srcdir)
    first = make_app("html", srcdir=srcdir, confoverrides={"language": "de"})
    first.build()
    assert "Zusammenfassung" in (Path(first.outdir) / "video.html").read_text(encoding="utf-8")
    first.cleanup()  # as a new sphinx-build process: Sphinx's translators start empty
    second = make_app("html", srcdir=srcdir, confoverrides={"language": "zh_CN"})
    second.build()
    assert second.outdir == first.outdir
    for name in ("video", "light-field", "index", "papers/xiong23", "people/zeyu-xiao"):
        text = (Path(second.outdir) / f"{name}.html").read_text(encoding="utf-8")
        assert "Zusammenfassung" not in text and "Kopieren" not in text, name
    assert english_found(Path(second.outdir), "zh_CN") == []
    assert "摘要" in (Path(second.outdir) / "video.html").read_text(encoding="utf-8")


# -- CJK ---------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot=ROOT, confoverrides={"language": "zh_CN"})
def test_cjk_members_and_titles(app: Any) -> None:
    app.build()
    video = soup(app, "video")
    entry = video.select_one("#xiao21")
    assert entry is not None
    members = [m.get_text() for m in entry.select(".rt-member")]
    assert "熊志伟" in members
    title = entry.select_one(".rt-title")
    assert title is not None and title.get_text() == "光场视频的时空超分辨率"
    paper = soup(app, "papers/xiao21")
    assert paper.h1 is not None and paper.h1.get_text().startswith("光场视频的时空超分辨率")
    # the plural of "and K more" in a language with one form, and the short citation
    xiong = video.select_one("#xiong23 .rt-more-authors > summary")
    assert xiong is not None and xiong.get_text() == "等另外 3 人"
    index = soup(app, "index")
    assert "Xiong 等, TIP 2023" in [t.get_text() for t in index.select(".rt-pub")]
    assert [h.get_text() for h in index.select(".rt-group")] == ["五月", "其他"]
    assert [h["id"] for h in index.select(".rt-group")] == ["month-may", "month-other"]
    light = soup(app, "light-field")
    assert [h["id"] for h in light.select(".rt-group")][-1] == "year-undated"
    member = soup(app, "people/zeyu-xiao")
    first = member.select_one(".rt-group")
    assert first is not None and first["id"] == "year-2023"
    domain = app.env.get_domain("rt")  # its names, as Sphinx's indexes would show them
    assert str(domain.get_type_name(domain.object_types["publication"])) == "研究方向 论文"


def test_months_and_cite_locales_follow_the_language() -> None:
    assert month_names("zh_CN")[4] == "五月"
    assert month_names("de")[4] == "Mai"
    assert month_names("en") == month_names(None) == month_names("xx_YY") == ()
    if available():
        assert cite_locale("de") == "de-DE"
        assert cite_locale("zh_CN") == "zh-CN"
        assert cite_locale("pt_BR") == "pt-BR"
        assert cite_locale("ko") == "ko-KR"
        assert cite_locale("en") == cite_locale(None) == cite_locale("xx") == ""
