"""conf.py values of the right type whose items are not (a number among the .bib files,
a CSL style that is not a name, a group order that is not a list): a warning, no crash."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import assert_warned, soup, warnings_of


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    freshenv=True,
    confoverrides={"researchtopics_bibfiles": ["seed.bib", 1, None, "extra*.bib"]},
)
def test_bibfiles_items_that_are_not_strings(app: Any) -> None:
    app.build()
    assert_warned(
        warnings_of(app),
        r"WARNING: conf\.py: researchtopics_bibfiles: 1 is not a string; ignored"
        r" \[researchtopics\.config\]",
    )
    assert_warned(warnings_of(app), r"researchtopics_bibfiles: None is not a string")
    keys = {d["data-rt-key"] for d in soup(app, "image").select("div.rt-publication")}
    assert {"press25", "latex24"} <= keys  # both files still read


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    freshenv=True,
    confoverrides={"researchtopics_cite_styles": [1, "apa"], "researchtopics_cite": "all"},
)
def test_cite_styles_items_that_are_not_strings(app: Any) -> None:
    app.build()
    assert_warned(
        warnings_of(app),
        r"researchtopics_cite_styles: 1 is not a string; ignored \[researchtopics\.config\]",
    )
    assert app.config.researchtopics_cite_styles == ["apa"]
    assert soup(app, "image").select("div.rt-publication")


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    freshenv=True,
    confoverrides={"researchtopics_group_order": {"type": 5, "year": ["2021"]}},
)
def test_group_order_values_that_are_not_lists(app: Any) -> None:
    app.build()
    assert_warned(
        warnings_of(app),
        r"researchtopics_group_order: 'type': 5 is not a list; ignored"
        r" \[researchtopics\.config\]",
    )
    assert app.config.researchtopics_group_order == {"year": ["2021"]}
    assert soup(app, "options").select(".by-type .rt-group")
