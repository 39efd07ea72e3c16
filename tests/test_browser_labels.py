"""The scripts' words as page data: translated at build time, per plural category, escaped.

The scripts reading them run in Chromium: tests/browser/test_browser_languages.py.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import soup, warnings_of

from sphinxcontrib_researchtopics.html.browser_labels import (
    ELEMENT_ID,
    MESSAGES,
    browser_labels,
    plural_samples,
)
from sphinxcontrib_researchtopics.locale.catalogs import POT, read_catalog
from sphinxcontrib_researchtopics.sphinxext.labels import ENGLISH, Labels

STATUS = "{shown} of {count} publications"
SELECTED = "({count} selected)"


def page_labels(app: Any, docname: str = "index") -> dict[str, Any] | None:
    script = soup(app, docname).select_one(f"head > script#{ELEMENT_ID}")
    if script is None:
        return None
    assert script.get("type") == "application/json"
    data: dict[str, Any] = json.loads(script.string)
    return data


def facets(app: Any) -> list[dict[str, Any]]:
    script = soup(app).select_one("div.rt-publications > script.rt-finder-data")
    data: dict[str, Any] = json.loads(script.string)
    return list(data["facets"])


@pytest.mark.sphinx("html", testroot="finder-languages", confoverrides={"language": "de"})
def test_german_page_carries_the_scripts_words_in_german(app: Any) -> None:
    app.build()
    assert not warnings_of(app)
    data = page_labels(app)
    assert data is not None
    assert set(data["text"]) == set(MESSAGES)
    assert data["text"]["Search publications"] == "Publikationen durchsuchen"
    assert data["text"]["Copied"] == "Kopiert"
    assert data["text"]["Expand all abstracts"] == "Alle Zusammenfassungen ausklappen"
    # German has two plural categories; each carries the catalog's form for it.
    assert data["counted"][STATUS] == {
        "one": "{shown} von {count} Publikation",
        "other": "{shown} von {count} Publikationen",
    }
    assert data["counted"][SELECTED]["other"] == "({count} ausgewählt)"
    # The finder's own labels: facet names and "Undated"; values stay English (URLs).
    found = {facet["id"]: facet for facet in facets(app)}
    assert [facet["label"] for facet in found.values()] == [
        "Jahr",
        "Typ",
        "Thema",
        "Gruppenmitglied",
        "Publikationsort",
    ]
    assert found["year"]["values"][-1] == "Undated"
    assert found["year"]["labels"] == ["2024", "2023", "2022", "2021", "Ohne Datum"]
    assert found["type"]["values"][0] == "journal-articles"


@pytest.mark.sphinx("html", testroot="finder-languages", confoverrides={"language": "zh_CN"})
def test_chinese_page_has_one_form_and_no_english_word(app: Any) -> None:
    app.build()
    data = page_labels(app)
    assert data is not None
    assert data["counted"][STATUS] == {"other": "{shown} / {count} 篇论文"}
    assert not set(MESSAGES) & set(data["text"].values())
    assert soup(app).html["lang"] == "zh-CN"


@pytest.mark.sphinx("html", testroot="finder-languages")
def test_english_is_unchanged_and_pages_without_entries_carry_nothing(app: Any) -> None:
    app.build()
    data = page_labels(app)
    assert data is not None
    assert all(key == value for key, value in data["text"].items())
    assert data["counted"][STATUS] == {
        "one": "{shown} of {count} publication",
        "other": STATUS,
    }
    assert [facet["label"] for facet in facets(app)] == [
        "Year",
        "Type",
        "Topic",
        "Lab member",
        "Venue",
    ]
    assert "labels" in facets(app)[0] and facets(app)[0]["labels"][-1] == "Undated"
    assert page_labels(app, "plain") is None


@pytest.mark.sphinx(
    "html",
    testroot="finder-languages",
    confoverrides={
        "language": "de",
        "researchtopics_labels": {
            "Search publications": "</script><b>Papers</b>",
            "Year": "Jahrgang",
            "{shown} of {count} publication": "{shown}/{count}",
        },
    },
)
def test_lab_words_win_and_land_as_data(app: Any) -> None:
    """``researchtopics_labels`` wins over the catalog, for every count of a counted
    message, and cannot close the data's ``<script>``."""
    app.build()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "</script><b>" not in html
    data = page_labels(app)
    assert data is not None
    assert data["text"]["Search publications"] == "</script><b>Papers</b>"
    assert data["counted"][STATUS] == {"one": "{shown}/{count}", "other": "{shown}/{count}"}
    assert facets(app)[0]["label"] == "Jahrgang"


@pytest.mark.parametrize(
    ("language", "categories"),
    [
        ("zh_CN", {"other"}),
        ("de", {"one", "other"}),
        ("fr", {"one", "many", "other"}),
        ("ar", {"zero", "one", "two", "few", "many", "other"}),
        (None, {"one", "other"}),
        ("no-such-language", {"one", "other"}),
    ],
)
def test_each_plural_category_has_a_sample(language: str | None, categories: set[str]) -> None:
    samples = dict(plural_samples(language))
    assert set(samples) == categories
    if language == "de":
        assert samples["one"] == 1


def test_every_message_is_in_the_catalog_and_english_without_one() -> None:
    ids = {m if isinstance(m, str) else m[1] for m in (x.id for x in read_catalog(POT)) if m}
    assert set(MESSAGES) | {STATUS, SELECTED} <= ids
    data = browser_labels(ENGLISH, None)
    assert data["text"] == {message: message for message in MESSAGES}
    assert browser_labels(Labels({"Copy": "Copy text"}), "en")["text"]["Copy"] == "Copy text"


@pytest.mark.parametrize("builder", ["epub", "dirhtml"])
def test_only_formats_that_run_scripts_carry_the_words(
    make_app: Any, rootdir: Path, tmp_path: Path, builder: str
) -> None:
    srcdir = tmp_path / "finder-languages"
    shutil.copytree(rootdir / "test-finder-languages", srcdir)
    app = make_app(builder, srcdir=srcdir, freshenv=True, confoverrides={"language": "de"})
    app.build()
    text = "".join(
        path.read_text(encoding="utf-8")
        for path in Path(app.outdir).rglob("*")
        if path.is_file() and path.suffix in (".html", ".xhtml")
    )
    assert "Light Field Super-Resolution" in text
    assert (f'id="{ELEMENT_ID}"' in text) == (builder == "dirhtml")
    if builder == "dirhtml":
        assert "Publikationen durchsuchen" in text
