"""Paper pages: Scholar/OpenGraph/Twitter tags, escaping, ids, links, builders, sitemap,
incremental re-writes."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import ROOTS, assert_warned, edit, soup, warnings_of

from sphinxcontrib_researchtopics.sphinxext.paperpages import assign_ids, safe_id
from sphinxcontrib_researchtopics.sphinxext.state import get_state


def metas(page: BeautifulSoup, name: str) -> list[str]:
    found = page.head.find_all("meta", attrs={"name": name}) or page.head.find_all(
        "meta", attrs={"property": name}
    )
    return [tag["content"] for tag in found]


@pytest.mark.sphinx("html", testroot="pages", freshenv=True)
def test_scholar_tags(app: Any) -> None:
    app.build()
    page = soup(app, "papers/xiong23")
    assert metas(page, "citation_title") == ["Light Field Super-Resolution with Transformers"]
    assert metas(page, "citation_author") == ["Xiong, Zhiwei", "van der Berg, Jan", "Xiao, Zeyu"]
    assert metas(page, "citation_publication_date") == ["2023/05"]
    assert metas(page, "citation_journal_title") == ["IEEE Transactions on Image Processing"]
    assert metas(page, "citation_conference_title") == []
    assert metas(page, "citation_volume") == ["32"]
    assert metas(page, "citation_issue") == ["4"]
    assert metas(page, "citation_firstpage") == ["1203"]
    assert metas(page, "citation_lastpage") == ["1215"]
    assert metas(page, "citation_pdf_url") == ["https://example.org/papers/xiong23.pdf"]
    assert metas(page, "citation_doi") == ["10.1109/TIP.2023.1234567"]
    assert metas(page, "citation_arxiv_id") == ["2301.01234"]
    # OpenGraph uses property=, Twitter name=
    assert page.head.find("meta", attrs={"property": "og:title"})["content"].startswith("Light")
    assert metas(page, "og:description") == [
        "We study light field super-resolution. It works well."
    ]
    assert metas(page, "og:image") == ["https://example.org/img/xiong23.png"]
    assert metas(page, "og:url") == ["https://lab.example.org/papers/xiong23.html"]
    assert metas(page, "twitter:card") == ["summary_large_image"]
    assert metas(page, "twitter:image") == ["https://example.org/img/xiong23.png"]
    canonical = page.head.find("link", rel="canonical")
    assert canonical["href"] == "https://lab.example.org/papers/xiong23.html"
    scripts = page.head.find_all("script", type="application/ld+json")
    assert len(scripts) == 1 and '"identifier":"xiong23"' in scripts[0].string


@pytest.mark.sphinx("html", testroot="pages", freshenv=True)
def test_conference_local_pdf_and_thesis(app: Any) -> None:
    app.build()
    page = soup(app, "papers/Gao22")
    assert metas(page, "citation_conference_title") == ["British Machine Vision Conference (BMVC)"]
    assert metas(page, "citation_journal_title") == []
    # a local PDF: its published copy, absolute with html_baseurl
    (pdf,) = metas(page, "citation_pdf_url")
    assert pdf.startswith("https://lab.example.org/_downloads/") and pdf.endswith("/gao22.pdf")
    assert (Path(app.outdir) / pdf.removeprefix("https://lab.example.org/")).is_file()
    assert metas(page, "citation_doi") == [] and metas(page, "twitter:card") == ["summary"]
    thesis = soup(app, "papers/thesis17")
    assert metas(thesis, "citation_dissertation_institution") == [
        "University of Science and Technology of China"
    ]


@pytest.mark.sphinx("html", testroot="pages", freshenv=True)
def test_page_body(app: Any) -> None:
    app.build()
    page = soup(app, "papers/xiong23")
    body = page.find("section", class_="rt-page")
    assert body.h1.get_text().startswith("Light Field Super-Resolution with Transformers")
    entry = body.find("div", class_="rt-publication")
    assert entry.find(class_="rt-title") is None  # the heading is the title
    # what the entry shows on list pages shows here too: venue badge, thumbnail, Cite
    assert entry.select_one(".rt-title-badges .rt-venue-badge").get_text().strip() == "TIP"
    assert entry.select_one(".rt-preview img")["src"] == "https://example.org/img/xiong23.png"
    cite = entry.select_one("details.rt-cite")
    assert cite is not None and "Light Field Super-Resolution" in cite.get_text()
    assert entry.find("details", class_="rt-abstract").has_attr("open")
    bibtex = entry.find("details", class_="rt-bibtex")
    assert bibtex is not None and "@article{xiong23," in bibtex.get_text()
    assert "<!--rt-bibtex" not in str(page)  # no marker left for a later step
    assert [a.get_text() for a in entry.select(".rt-links a")] == ["Paper", "arXiv", "DOI", "Code"]
    members = [a["href"] for a in entry.select(".rt-member a")]
    assert members == ["../people/zhiwei-xiong.html", "../people/zeyu-xiao.html"]
    back = [a["href"] for a in body.select(".rt-shown-on a")]
    assert back == ["../light-field.html#xiong23"]
    # the theme's page: its stylesheet and the extension's
    assert page.find("link", href=lambda h: h and "researchtopics.css" in h)
    # its schema.org data once, in the head (the entry on its own page adds none)
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1 and scripts[0].find_parent("head") is not None


@pytest.mark.sphinx("html", testroot="pages", freshenv=True)
def test_hostile_title_escaped(app: Any) -> None:
    app.build()
    path = Path(app.outdir) / "papers" / "hostile-1.html"
    raw = path.read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "<img src=x" not in raw
    page = BeautifulSoup(raw, "lxml")
    assert metas(page, "citation_title") == ['"><script>alert(1)</script> & \u2019quotes\u2019']
    assert metas(page, "citation_author")[0].startswith("O\u2019Brien")
    assert metas(page, "citation_journal_title") == ["Journal of <b>Bold</b> Claims"]
    # only the page's own scripts: nothing injected
    assert all(
        script.get("src")
        or script.get("type") == "application/ld+json"
        or "alert" not in str(script)
        for script in page.find_all("script")
    )
    assert page.find("img", src="x") is None


@pytest.mark.sphinx("html", testroot="pages", freshenv=True)
def test_bad_input(app: Any) -> None:
    app.build()
    warnings = warnings_of(app)
    assert_warned(warnings, r"pages\.bib:30: WARNING: gao22: its paper page name collides")
    assert_warned(warnings, r"pages\.bib:47: WARNING: hostile-1: its paper page name collides")
    assert_warned(warnings, r"pages\.bib:54: WARNING: notitle: no title.*paper_page")
    assert_warned(warnings, r"pages\.bib:60: WARNING: noyear: no year.*paper_page")
    names = sorted(p.name for p in (Path(app.outdir) / "papers").iterdir())
    assert len({name.lower() for name in names}) == len(names) == 8
    assert "Gao22.html" in names and "hostile-1.html" in names
    notitle = soup(app, "papers/notitle")
    assert metas(notitle, "citation_title") == []
    assert notitle.find("section", class_="rt-page").h1.get_text().startswith("notitle")
    assert metas(soup(app, "papers/noyear"), "citation_publication_date") == []


def test_ids() -> None:
    assert safe_id("Knuth:1984:TB") == "Knuth-1984-TB"
    assert safe_id("../../etc/passwd") == "etc-passwd"
    assert safe_id("Müller2020") == "Muller2020"
    assert safe_id("con") == "paper-con"
    assert safe_id("???") == "paper"


def test_ids_first_in_file_keeps_its_name() -> None:
    from sphinxcontrib_researchtopics.bib.records import Publication

    later = Publication(key="smith20", entry_type="misc", order=5)
    first = Publication(key="Smith20", entry_type="misc", order=1)
    ids, renamed = assign_ids([later, first])
    assert ids["Smith20"] == "Smith20"
    assert ids["smith20"].startswith("smith20-") and renamed == [("smith20", ids["smith20"])]


@pytest.mark.sphinx("html", testroot="pages", freshenv=True)
def test_list_titles_link_to_paper_pages(app: Any) -> None:
    app.build()
    page = soup(app, "video")
    titles = {
        entry["data-rt-key"]: entry.select_one(".rt-title a.rt-paper-link")["href"]
        for entry in page.select("div.rt-publication")
    }
    assert titles["Gao22"] == "papers/Gao22.html"
    assert titles["gao22"].startswith("papers/gao22-")
    # :pub: links to the entry by default
    assert soup(app).select_one("a .rt-pub").parent["href"] == "light-field.html#xiong23"


@pytest.mark.sphinx(
    "html", testroot="pages", freshenv=True, confoverrides={"researchtopics_pub_target": "page"}
)
def test_pub_targets_paper_page(app: Any) -> None:
    app.build()
    assert soup(app).select_one("a .rt-pub").parent["href"] == "papers/xiong23.html"


@pytest.mark.sphinx(
    "html", testroot="pages", freshenv=True, confoverrides={"researchtopics_pub_target": "paper"}
)
def test_pub_target_not_entry_or_page_warns_and_links_the_entry(app: Any) -> None:
    """An invalid value is a config warning, as for every enumerated value, not silence."""
    app.build()
    assert_warned(
        warnings_of(app),
        r"researchtopics_pub_target = 'paper' is not one of entry, page; using 'entry' "
        r"\[researchtopics\.config\]",
    )
    assert soup(app).select_one("a .rt-pub").parent["href"] == "light-field.html#xiong23"


def test_off_by_default(make_app: Any, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-pages", src)
    app = make_app("html", srcdir=src, confoverrides={"researchtopics_paper_pages": None})
    app.build()
    assert not (Path(app.outdir) / "papers").exists()
    assert soup(app, "video").select(".rt-title a") == []


@pytest.mark.sphinx("html", testroot="pages", freshenv=True, confoverrides={"html_baseurl": ""})
def test_no_canonical_without_baseurl(app: Any) -> None:
    app.build()
    page = soup(app, "papers/xiong23")
    assert page.head.find("link", rel="canonical") is None
    assert metas(page, "og:url") == []


@pytest.mark.sphinx("dirhtml", testroot="pages", freshenv=True)
def test_dirhtml(app: Any) -> None:
    app.build()
    out = Path(app.outdir)
    assert (out / "papers" / "xiong23" / "index.html").is_file()
    video = soup(app, "video/index")
    assert video.select_one('[data-rt-key="Gao22"] .rt-title a')["href"] == "../papers/Gao22/"
    page = soup(app, "papers/xiong23/index")
    assert [a["href"] for a in page.select(".rt-shown-on a")] == ["../../light-field/#xiong23"]
    assert page.select_one(".rt-member a")["href"] == "../../people/zhiwei-xiong/"


@pytest.mark.sphinx("singlehtml", testroot="pages", freshenv=True)
def test_singlehtml(app: Any) -> None:
    app.build()
    assert not (Path(app.outdir) / "papers").exists()
    page = soup(app)
    assert page.select(".rt-title a.rt-paper-link") == []
    # :pub: keeps pointing at the entry: there are no paper pages to point at
    assert page.select_one("a .rt-pub").parent["href"].endswith("#xiong23")


@pytest.mark.parametrize("builder", ["text", "latex", "man", "epub", "texinfo"])
def test_other_builders(builder: str, make_app: Any, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-pages", src)
    app = make_app(builder, srcdir=src)
    app.build()
    assert not (Path(app.outdir) / "papers").exists()
    assert [w for w in warnings_of(app) if "ERROR" in w] == []


@pytest.mark.sphinx(
    "html",
    testroot="pages",
    freshenv=True,
    confoverrides={"extensions": ["sphinxcontrib_researchtopics", "sphinx_sitemap"]},
)
def test_sitemap(app: Any) -> None:
    pytest.importorskip("sphinx_sitemap")
    app.build()
    text = (Path(app.outdir) / "sitemap.xml").read_text(encoding="utf-8")
    # (the tests' language "en" makes sphinx-sitemap put /en/ in every URL)
    assert "papers/xiong23.html</loc>" in text
    assert "people/zeyu-xiao.html</loc>" in text


# -- incremental builds ------------------------------------------------------------------


def _mtimes(out: Path) -> dict[str, int]:
    return {
        str(path.relative_to(out)): path.stat().st_mtime_ns
        for folder in ("papers", "people")
        for path in (out / folder).iterdir()
    } | {"publications.atom": (out / "publications.atom").stat().st_mtime_ns}


def test_incremental(make_app: Any, tmp_path: Path) -> None:
    pytest.importorskip("sphinx_sitemap")
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-pages", src)
    with open(src / "conf.py", "a", encoding="utf-8") as stream:
        stream.write('extensions.append("sphinx_sitemap")\n')

    def build() -> Any:
        app = make_app("html", srcdir=src)
        app.build()
        return app

    app = build()
    out = Path(app.outdir)
    first = _mtimes(out)
    app = build()  # nothing changed: nothing re-written, the sitemap still lists them
    assert _mtimes(out) == first
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "papers/xiong23.html" in sitemap and "people/zeyu-xiao.html" in sitemap

    edit(src / "pages.bib", "A Thesis}", "A Better Thesis}")
    build()
    after = _mtimes(out)
    changed = {name for name in first if after.get(name) != first[name]}
    # the entry's page, its author's member page, and the feed (thesis17 is its newest?
    # no: the feed holds 5 newest, thesis17 is not among them, so the feed is unchanged)
    assert changed == {"papers/thesis17.html", "people/zeyu-xiao.html"}
    assert "A Better Thesis" in (out / "papers" / "thesis17.html").read_text(encoding="utf-8")

    edit(src / "pages.bib", "Light Field Super-Resolution with", "LF SR with")
    build()
    again = _mtimes(out)
    changed = {name for name in after if again.get(name) != after[name]}
    assert changed == {
        "papers/xiong23.html",
        "people/zeyu-xiao.html",
        "people/zhiwei-xiong.html",
        "publications.atom",
    }

    text = (src / "pages.bib").read_text(encoding="utf-8")
    start = text.index("@phdthesis{thesis17")
    (src / "pages.bib").write_text(text[:start], encoding="utf-8")
    build()
    assert not (out / "papers" / "thesis17.html").exists()
    assert (out / "papers" / "xiong23.html").exists()


@pytest.mark.sphinx("html", testroot="pages", freshenv=True)
def test_the_title_link_is_named_by_the_title_alone(app: Any) -> None:
    """The venue badge sits beside the title: ``.rt-title`` and the link's accessible name
    are the title, without the abbreviation."""
    app.build()
    entries = get_state(app.env).bibliography.entries
    badged = 0
    pages = [soup(app, page.stem) for page in Path(app.outdir).glob("*.html")]
    for entry in (entry for page in pages for entry in page.select("div.rt-publication")):
        if entry.select_one("a.rt-paper-link") is None:
            continue
        record = entries[entry["data-rt-key"]]
        title = "".join(segment.text for segment in record.title) or record.key
        link = entry.select_one(".rt-title a.rt-paper-link")
        assert entry.select_one(".rt-title").get_text() == title
        assert link is not None and link.get_text() == title
        badge = entry.select_one(".rt-heading > .rt-venue-badge")
        if record.abbr:
            badged += 1
            assert badge is not None and badge.find_parent(class_="rt-title") is None
    assert badged
