"""``researchtopics import SITE_DIR``: an al-folio site becomes a site with the same
publications, links, badges and thumbnails, and everything else is reported.

The site under tests/data/alfolio-site is written in al-folio's layout for these tests;
its ``_bibliography/papers.bib`` is al-folio's own example bibliography.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

from sphinxcontrib_researchtopics.bib.load import parse_file
from sphinxcontrib_researchtopics.cli import main

SITE = Path(__file__).parent / "data" / "alfolio-site"
BIB = SITE / "_bibliography" / "papers.bib"


def _import(site: Path, out: Path, *extra: str) -> int:
    return main(["import", str(site), "-o", str(out), *extra])


def _build(out: Path) -> int:
    return build_main(["-W", "-q", "-b", "html", str(out), str(out / "_build" / "html")])


def _page(out: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((out / "_build" / "html" / f"{name}.html").read_text(), "lxml")


def _line_of(path: Path, pattern: str) -> int:
    """The line of *path* matching *pattern*: the report must name exactly this line."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if re.search(pattern, line):
            return number
    raise AssertionError(f"{pattern!r} not in {path}")


def _conf(out: Path) -> dict[str, Any]:
    values: dict[str, Any] = {}
    exec((out / "conf.py").read_text(), values)  # the file we just wrote
    return values


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str]:
    """The example site imported and built once for the tests that only read it."""
    out = tmp_path_factory.mktemp("alfolio") / "site"
    code = _import(SITE, out)
    report = (out / "import-report.txt").read_text(encoding="utf-8")
    assert _build(out) == 0  # -W: not one warning
    return out, code, report


def test_every_entry_is_on_the_publications_page(imported: tuple[Path, int, str]) -> None:
    out, code, _ = imported
    assert code == 0
    keys = [pub.key for pub in parse_file(str(BIB), "topics").entries]
    assert len(keys) == 9
    page = _page(out, "publications")
    shown = [div["data-rt-key"] for div in page.select("div.rt-publication")]
    assert sorted(shown) == sorted(keys)
    # al-folio's year loop: one heading per year, newest first.
    headings = [h.get_text().strip("¶ ") for h in page.select("h2.rt-group")]
    assert headings == ["1967", "1956", "1950", "1935", "1920", "1905"]
    assert page.select_one("h1").get_text().strip("¶") == "publications"
    text = page.get_text()
    assert "publications by year, newest first." in text  # the front matter description
    assert "Papers with a preview image show it beside the entry." in text  # Markdown -> text


def test_same_links_and_copied_files(imported: tuple[Path, int, str]) -> None:
    out, _, _ = imported
    page = _page(out, "publications")
    by_key = {div["data-rt-key"]: div for div in page.select("div.rt-publication")}

    def links(key: str) -> dict[str, str]:
        return {a.get_text(): a["href"] for a in by_key[key].select(".rt-links a")}

    epr = links("PhysRev.47.777")
    assert epr["Paper"].endswith("/example_pdf.pdf")  # pdf = {example_pdf.pdf}
    built = out / "_build" / "html" / epr["Paper"]
    assert built.read_bytes() == (SITE / "assets" / "pdf" / "example_pdf.pdf").read_bytes()
    assert epr["Project"] == "https://journals.aps.org/pr/abstract/10.1103/PhysRev.47.777"
    assert epr["Video"] == "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"
    assert epr["DOI"] == "https://doi.org/10.1103/PhysRev.47.777"
    # html = {relativity.html} is not in the site: linked where al-folio published it.
    assert links("einstein1920relativity") == {
        "Project": "https://alshedivat.github.io/al-folio/assets/html/relativity.html"
    }
    assert links("einstein1905photoelectriceffect") == {
        "DOI": "https://doi.org/10.1002/andp.19053220607"
    }
    for key in set(by_key) - {
        "PhysRev.47.777",
        "einstein1920relativity",
        "einstein1905photoelectriceffect",
    }:
        assert links(key) == {}, key
    # The files entries name are copied where al-folio keeps them, the fields rewritten.
    for relative in (
        "assets/pdf/example_pdf.pdf",
        "assets/img/publication_preview/brownian-motion.gif",
        "assets/img/publication_preview/wave-mechanics.gif",
    ):
        assert (out / relative).read_bytes() == (SITE / relative).read_bytes()
    bib = (out / "_bibliography" / "papers.bib").read_text(encoding="utf-8")
    assert "pdf={assets/pdf/example_pdf.pdf}" in bib
    assert "preview={assets/img/publication_preview/brownian-motion.gif}" in bib
    assert "preview={assets/img/publication_preview/wave-mechanics.gif}" in bib
    # Only rewritten fields changed: every line keeps its number.
    assert len(bib.splitlines()) == len(BIB.read_text(encoding="utf-8").splitlines())


def test_badges_thumbnails_members(imported: tuple[Path, int, str]) -> None:
    out, _, _ = imported
    page = _page(out, "publications")
    by_key = {div["data-rt-key"]: div for div in page.select("div.rt-publication")}
    venues = {key: div.select_one(".rt-venue").get_text() for key, div in by_key.items()}
    assert venues["einstein1950meaning"] == "American Journal of Physics, 1950"
    assert venues["PhysRev.47.777"].startswith("Phys. Rev., 1935")
    assert venues["einstein1905movement"] == "Ann. Phys., 1905"
    nobel = by_key["einstein1905photoelectriceffect"]
    assert [b.get_text() for b in nobel.select(".rt-badge")] == ["Nobel Prize"]
    assert "Nobel Prize in Physics" in nobel.select_one(".rt-award").get_text()
    # the example's annotation breaks its line with <br>: a space, never markup as text
    note = by_key["PhysRev.47.777"].select_one(".rt-annotation").get_text()
    assert note == "* Example use of superscripts \u2020 Albert Einstein"
    # selected = {true}: a "Selected publications" list on the home page, no page of its own.
    home = _page(out, "index")
    assert [d["data-rt-key"] for d in home.select("div.rt-publication")] == ["PhysRev.47.777"]
    assert "Selected publications" in home.select_one("section section h2").get_text()
    assert not (out / "selected.rst").exists()
    # The owner is highlighted; co-authors are linked; max_author_limit = 3.
    epr = by_key["PhysRev.47.777"]
    assert [m.get_text() for m in epr.select(".rt-member")] == [
        "A. Einstein",
        "B. Podolsky",
        "N. Rosen",
    ]
    # Member pages are on: names link them; the member page links the co-author's URL.
    owner, podolsky = epr.select(".rt-member")[:2]
    assert owner["class"] == ["rt-member", "rt-member-owner"]
    assert podolsky.select_one("a")["href"] == "people/boris-podolsky.html"
    member = _page(out, "people/boris-podolsky")
    homepage = member.select_one(".rt-member-homepage a")["href"]
    assert homepage == "https://en.wikipedia.org/wiki/Boris_Podolsky"
    letters = by_key["przibram1967letters"]
    hidden = letters.select_one(".rt-more-authors")
    assert hidden.select_one("summary").get_text() == "and 2 more"
    # Thumbnails (al-folio's preview images, copied) and venue badges.
    previews = {
        key: div.select_one(".rt-preview img")
        for key, div in by_key.items()
        if div.select_one(".rt-preview img")
    }
    assert set(previews) == {"einstein1956investigations", "przibram1967letters"}
    assert previews["przibram1967letters"]["src"].endswith("wave-mechanics.gif")
    badge = by_key["einstein1950meaning"].select_one(".rt-venue-badge")
    assert badge.get_text().strip() == "AJP"


def test_conf_py_carries_the_settings(imported: tuple[Path, int, str]) -> None:
    out, _, _ = imported
    conf = _conf(out)
    assert conf["project"] == "Albert Einstein"  # title: blank -> the owner's name
    assert conf["researchtopics_bibfiles"] == ["_bibliography/papers.bib"]
    assert conf["researchtopics_max_authors"] == 3
    members = conf["researchtopics_members"]
    # The owner (first_name: [Albert, A.]) is one member with role owner: "A." is an
    # initial of "Albert", matched by the build (one person, one member page).
    assert members["Albert Einstein"] == {"url": "", "role": "owner"}
    assert "A. Einstein" not in members and "B. Podolsky" not in members
    assert members["Boris Podolsky"] == "https://en.wikipedia.org/wiki/Boris_Podolsky"
    assert members["Max Planck"] == "https://en.wikipedia.org/wiki/Max_Planck"
    # scholar: details_dir, style, group_by/group_order; the whole product, as new has it.
    assert conf["researchtopics_paper_pages"] == "bibliography"
    assert conf["researchtopics_cite_styles"] == ["apa", "ieee"]
    assert conf["researchtopics_member_pages"] == "people"
    assert conf["researchtopics_feed"] == "publications.atom"
    assert conf["researchtopics_cite"] == "all"
    assert conf["html_baseurl"] == "https://alshedivat.github.io/al-folio/"
    assert conf["researchtopics_bibtex_field"] == "bibtex_show"  # 4 of 9 entries
    assert "[feed,cite]" in (out / "requirements.txt").read_text()
    assert ":sort: -year, -month" in (out / "publications.rst").read_text()
    assert conf["researchtopics_venues"] == {
        "AJP": {"url": "https://pubs.aip.org/aapt/ajp", "color": "#00369f"},
        "PhysRev": {"url": "https://journals.aps.org/", "color": "#e74c3c"},
    }


def test_report_names_file_and_line(imported: tuple[Path, int, str]) -> None:
    _, _, report = imported
    config = SITE / "_config.yml"
    page = SITE / "_pages" / "publications.md"
    expected = [
        (config, r"^  bibliography_template:", "warning: scholar: bibliography_template"),
        (config, r"^  locale:", "warning: scholar: locale"),
        (config, r"^enable_publication_badges:", "note: enable_publication_badges: citation"),
        (page, r"bib_search", "note: al-folio's bibliography search box: the list gets the"),
        (BIB, r"^\s*altmetric", "warning: PhysRev.47.777: altmetric"),
        (BIB, r"^\s*annotation", "warning: PhysRev.47.777: annotation"),
        (BIB, r"relativity\.html", "warning: einstein1920relativity: html"),
    ]
    for path, pattern, text in expected:
        where = f"{path.as_posix()}:{_line_of(path, pattern)}: {text}"
        assert where in report, (where, report)
    # Carried settings are not reported (additional_info shows after the venue, as there).
    for carried in (
        "additional_info",
        "scholar: last_name",
        "scholar: first_name",
        "scholar: group_by",
        "scholar: group_order",
        "query",
        "scholar: style",
        "scholar: details_",
        "enable_publication_thumbnails",
        "max_author_limit",
    ):
        assert carried not in report
    assert all(
        re.match(r"\S+:(\d+:)? (note|warning|error): ", line) for line in report.splitlines()
    )


def test_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    assert _import(SITE, out) == 0
    (out / "conf.py").write_text("# mine\n")
    assert _import(SITE, out) == 2
    assert "already exist" in capsys.readouterr().err
    assert (out / "conf.py").read_text() == "# mine\n"
    assert _import(SITE, out, "--force") == 0
    assert "researchtopics_members" in (out / "conf.py").read_text()


def test_page_import_still_takes_a_folder_as_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder that is not an al-folio site is still a usage error of the page import."""
    (tmp_path / "pages").mkdir()
    assert main(["import", str(tmp_path / "pages"), "-o", str(tmp_path / "out")]) == 2
    assert "is a folder, not a page" in capsys.readouterr().err


def test_without_pyyaml_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Forget yaml and the modules that imported it, so that they are imported again.
    prefixes = ("yaml.", "sphinxcontrib_researchtopics.cli.alfolio.")
    for name in list(sys.modules):
        reimported = name == "yaml" or name.startswith(prefixes)
        if reimported and not name.endswith(".command"):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "yaml", None)  # import yaml -> ImportError
    assert _import(SITE, tmp_path / "out") == 2
    assert "sphinxcontrib-researchtopics[alfolio]" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def _hostile_site(tmp_path: Path) -> Path:
    site = tmp_path / "old"
    shutil.copytree(SITE, site)
    bib = site / "_bibliography" / "papers.bib"
    text = bib.read_text(encoding="utf-8")
    text = text.replace("pdf={example_pdf.pdf}", "pdf={../../_config.yml}")
    text = text.replace("preview={wave-mechanics.gif}", "preview={missing.png}")
    bib.write_text(text, encoding="utf-8")
    (site / "_data" / "coauthors.yml").write_text(
        '"rosen":\n  - firstname: ["N."]\n    url: "javascript:alert(1)"\n', encoding="utf-8"
    )
    (site / "_data" / "venues.yml").write_text(
        '"AJP":\n  color: "red;background:url(x)"\n  url: [1, 2]\n  logo: x.png\n',
        encoding="utf-8",
    )
    page = site / "_pages" / "publications.md"
    page.write_text(
        "---\ntitle: '.. raw:: html'\ndescription: '`x <javascript:alert(1)>`_ *y*'\n---\n"
        "\n.. include:: /etc/passwd\n\n{% bibliography --group_by type -q @article %}\n"
        "{{ site.secret }}\n",
        encoding="utf-8",
    )
    config = site / "_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("url: https://alshedivat.github.io", "url:"),
        encoding="utf-8",
    )
    return site


def test_hostile_site_is_reported_and_builds(tmp_path: Path) -> None:
    site = _hostile_site(tmp_path)
    out = tmp_path / "new"
    assert _import(site, out) == 1  # links were lost: errors
    report = (out / "import-report.txt").read_text(encoding="utf-8")
    bib = site / "_bibliography" / "papers.bib"
    page = site / "_pages" / "publications.md"
    for path, pattern, text in [
        (bib, r"_config\.yml", "error: PhysRev.47.777: pdf = {../../_config.yml} is not a safe"),
        (bib, r"missing\.png", "error: przibram1967letters: preview"),
        (bib, r"relativity\.html", "error: einstein1920relativity: html"),  # no url: not linked
        (page, r"bibliography --group_by", "warning: bibliography query '@article'"),
        (page, r"site\.secret", "warning: Liquid output"),
        (site / "_data" / "coauthors.yml", r"rosen", "warning: rosen: 'javascript:alert(1)'"),
        (site / "_data" / "venues.yml", r"color", "warning: AJP: colour not kept"),
        (site / "_data" / "venues.yml", r"logo", "warning: logo: not kept"),
    ]:
        where = f"{path.as_posix()}:{_line_of(path, pattern)}: {text}"
        assert where in report, (where, report)
    # The tag's --group_by is jekyll-scholar's group_by for this list: carried over.
    assert "bibliography option" not in report
    assert ":group-by: type\n" in (out / "publications.rst").read_text(encoding="utf-8")
    new_bib = (out / "_bibliography" / "papers.bib").read_text(encoding="utf-8")
    assert "_config.yml" not in new_bib and "missing.png" not in new_bib
    assert not (out / "_config.yml").exists()
    conf = _conf(out)
    assert conf["researchtopics_members"]["N. Rosen"] == ""
    assert conf["researchtopics_venues"] == {"AJP": {}}
    assert _build(out) == 0
    html = _page(out, "publications")
    assert html.select_one("h1").get_text().strip("¶") == ".. raw:: html"
    assert not html.select('a[href^="javascript"]')
    assert "x <javascript:alert(1)> y" in html.get_text()  # Markdown marks dropped, text kept
    assert ".. include:: /etc/passwd" in html.get_text()
    assert len(html.select("div.rt-publication")) == 9


def test_years_not_listed_stay_hidden_and_are_reported(tmp_path: Path) -> None:
    site = tmp_path / "old"
    shutil.copytree(SITE, site)
    page = site / "_pages" / "publications.md"
    page.write_text(
        page.read_text().replace("years: [1967, 1956, 1950, 1935, 1920, 1905]", "years: [1905]")
    )
    out = tmp_path / "new"
    assert _import(site, out) == 0
    assert ":filter: year in (1905,)" in (out / "publications.rst").read_text()
    report = (out / "import-report.txt").read_text()
    assert "5 entries are in no year of the page's years list" in report
    assert _build(out) == 0
    shown = _page(out, "publications").select("div.rt-publication")
    assert len(shown) == 4
