"""``researchtopics new --language`` and al-folio's ``lang``: the site in the lab's language.

conf.py sets ``language`` (a literal, read back with :mod:`ast`), the pages' titles are
written in it from the catalog, headings are underlined as wide as docutils counts CJK
text, and a language without a catalog of ours falls back to English titles.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils.utils import column_width
from hypothesis import given
from hypothesis import strategies as st
from sphinx.cmd.build import build_main

from sphinxcontrib_researchtopics.cli import main
from sphinxcontrib_researchtopics.cli.scaffold.language import has_catalog, site_language
from sphinxcontrib_researchtopics.locale import LANGUAGES

LAB = Path(__file__).resolve().parents[1] / "docs" / "papers" / "lab.bib"
ALFOLIO_LAB = Path(__file__).parent / "data" / "alfolio-lab"


def _build(site: Path) -> int:
    return build_main(["-W", "-q", "-b", "html", str(site), str(site / "_build" / "html")])


def _conf_values(site: Path) -> dict[str, object]:
    """The module-level literals of the generated conf.py, parsed, never run."""
    tree = ast.parse((site / "conf.py").read_text(encoding="utf-8"))
    values: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            values[node.targets[0].id] = ast.literal_eval(node.value)
    return values


def _page(site: Path, name: str) -> BeautifulSoup:
    path = site / "_build" / "html" / f"{name}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _h1(site: Path, name: str) -> str:
    heading = _page(site, name).select_one("h1")
    assert heading is not None
    return heading.get_text().strip("¶ \n")


def _headings(text: str) -> list[tuple[str, str]]:
    """(title, underline) pairs of a generated .rst page."""
    lines = text.splitlines()
    return [
        (lines[n - 1], line)
        for n, line in enumerate(lines)
        if n and line and set(line) <= {"=", "-"} and lines[n - 1].strip()
    ]


def test_new_language_de_sets_language_and_german_titles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    assert main(["new", str(site), "--bib", str(LAB), "--language", "de"]) == 0
    assert "No catalog" not in capsys.readouterr().out
    conf = _conf_values(site)
    assert conf["language"] == "de"
    assert conf["project"] == "Publikationen"  # no --title: the word in the language
    assert _build(site) == 0
    assert _h1(site, "all") == "Alle Publikationen"
    assert _h1(site, "recent") == "Neueste"
    assert "Publikationen seit" in _page(site, "recent").get_text()
    home = _page(site, "index")
    html = home.select_one("html")
    assert html is not None and html["lang"] == "de"
    captions = {caption.get_text().strip("¶ ") for caption in home.select("p.caption")}
    assert {"Forschungsthemen", "Publikationen"} <= captions
    assert "Unsere Publikationen, nach Forschungsthema." in home.get_text()


def test_new_language_zh_cn_underlines_cjk_headings(tmp_path: Path) -> None:
    site = tmp_path / "site"
    title = "光场成像实验室"
    assert main(["new", str(site), "--bib", str(LAB), "--language", "zh_CN", "--title", title]) == 0
    assert _conf_values(site)["language"] == "zh_CN"
    for page in ("index.rst", "all.rst", "recent.rst"):
        for text, underline in _headings((site / page).read_text(encoding="utf-8")):
            assert column_width(text) <= len(underline), (page, text)
            assert any(ord(char) > 0x2E80 for char in text), (page, text)  # CJK titles
    assert _build(site) == 0  # -W: a short underline would fail it
    assert _h1(site, "all") == "全部论文"
    assert _h1(site, "recent") == "近期论文"
    assert _h1(site, "index") == title


@pytest.mark.parametrize("code", ["nl", "xx"])
def test_a_language_without_catalog_gets_english_titles(
    tmp_path: Path, code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    assert main(["new", str(site), "--bib", str(LAB), "--language", code]) == 0
    assert f"No catalog of this extension for {code}" in capsys.readouterr().out
    assert _conf_values(site)["language"] == code
    assert _build(site) == 0
    assert _h1(site, "all") == "All publications"
    assert _h1(site, "recent") == "Recent"


def test_english_is_no_missing_catalog(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    assert main(["new", str(site), "--bib", str(LAB), "--language", "en"]) == 0
    assert "No catalog" not in capsys.readouterr().out
    assert _conf_values(site)["language"] == "en"
    assert "All publications" in (site / "all.rst").read_text(encoding="utf-8")


@pytest.mark.parametrize("code", ["", "../../etc", "de\nimport os", "d", "de_DE_x_y", "'de'"])
def test_a_code_that_is_no_language_is_refused(
    tmp_path: Path, code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    assert main(["new", str(site), "--bib", str(LAB), "--language", code]) == 2
    assert "--language" in (err := capsys.readouterr().err) and "give a language code" in err
    assert not site.exists()


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("de", "de"),
        ("DE", "de"),
        ("zh-cn", "zh_CN"),
        ("zh_CN", "zh_CN"),
        ("pt-BR", "pt_BR"),
        ("en-us", "en_US"),
        ("zh-Hans", "zh_CN"),
        ("zh-Hant", "zh_TW"),
        ("cn", "zh_CN"),  # al-folio's own example for Chinese
        ("sr@latin", "sr@latin"),
        ("es-419", "es_419"),
    ],
)
def test_codes_are_spelled_as_sphinx_spells_them(code: str, expected: str) -> None:
    assert site_language(code) == expected


@given(st.text(max_size=40))
def test_any_text_becomes_a_plain_code_or_nothing(text: str) -> None:
    code = site_language(text)
    assert code is None or re.fullmatch(r"[a-z]{2,3}(_[A-Za-z0-9]{2,4}){0,2}(@[a-z]+)?", code)


def test_every_shipped_language_has_a_catalog() -> None:
    assert all(has_catalog(language) for language in LANGUAGES)
    assert has_catalog("de_DE") and not has_catalog("nl") and not has_catalog("en")


def _alfolio_site(tmp_path: Path, lang: str) -> Path:
    site = tmp_path / "alfolio"
    shutil.copytree(ALFOLIO_LAB, site)
    config = site / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"lang: {lang}\n", encoding="utf-8")
    return site


def test_alfolio_lang_becomes_the_language(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["import", str(_alfolio_site(tmp_path, "de-DE")), "-o", str(out)]) == 0
    assert _conf_values(out)["language"] == "de_DE"
    index = (out / "index.rst").read_text(encoding="utf-8")
    assert ":caption: Publikationen" in index
    assert "Ausgewählte Publikationen" in index
    assert ": lang:" not in (out / "import-report.txt").read_text(encoding="utf-8")
    assert _build(out) == 0
    assert _page(out, "index").select_one("html")["lang"] == "de-DE"  # type: ignore[index]


def test_alfolio_lang_that_is_no_code_is_reported(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["import", str(_alfolio_site(tmp_path, "'<script>'")), "-o", str(out)]) == 0
    assert "language" not in _conf_values(out)
    report = (out / "import-report.txt").read_text(encoding="utf-8")
    assert re.search(r"_config\.yml:\d+: warning: lang: '<script>' is not a language code", report)
    assert ":caption: Publications" in (out / "index.rst").read_text(encoding="utf-8")
