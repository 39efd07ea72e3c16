"""The BibTeX view's direct highlighting gives Pygments' HTML (the same token classes), with
the white-space and punctuation spans unwrapped."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOTS, soup
from hypothesis import given, settings
from hypothesis import strategies as st
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name

from sphinxcontrib_researchtopics.bib.load import load_bibliography
from sphinxcontrib_researchtopics.bib.records import write_bibtex
from sphinxcontrib_researchtopics.html import highlight as fast

HERE = Path(__file__).resolve().parent
REAL_BIBS = sorted(
    [
        *(path for path in ROOTS.glob("*/*.bib") if path.is_file()),
        *(HERE.parent / "docs" / "papers").glob("*.bib"),
    ]
)
TUGBOAT = Path("/usr/share/texlive/texmf-dist/bibtex/bib/beebe/tugboat.bib")


#: Pygments' spans around white space and punctuation, which the direct path leaves out.
UNCOLOURED = re.compile(r'<span class="[wp]">([^<]*)</span>')


def pygments_html(text: str) -> str:
    """Pygments' HTML for *text*, its ``w`` and ``p`` spans unwrapped."""
    return UNCOLOURED.sub(r"\1", highlight(text, get_lexer_by_name("bibtex"), HtmlFormatter()))


def real_views() -> list[str]:
    views = []
    for path in REAL_BIBS:
        bibliography = load_bibliography([str(path)], "/", cache_dir="")
        views.extend(pub.bibtex for pub in bibliography.entries.values())
    return views


def test_real_entries_match_pygments() -> None:
    views = real_views()
    assert len(views) > 250
    fast_count = 0
    for text in views:
        mine = fast.highlight_bibtex(text)
        if mine is not None:
            fast_count += 1
            assert mine == pygments_html(text), text
    # the direct path is the rule, not the exception
    assert fast_count >= len(views) * 0.95


@pytest.mark.skipif(not TUGBOAT.is_file(), reason="TeX Live's tugboat.bib is not installed")
def test_tugboat_entries_match_pygments() -> None:
    bibliography = load_bibliography([str(TUGBOAT)], "/", cache_dir="")
    views = [pub.bibtex for pub in list(bibliography.entries.values())[::7]]
    fast_count = 0
    for text in views:
        mine = fast.highlight_bibtex(text)
        if mine is not None:
            fast_count += 1
            assert mine == pygments_html(text), text
    assert fast_count >= len(views) * 0.95


_names = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=12
) | st.sampled_from(["author", "title", "url_GitHub", "x-y", "a.b", "@at", "9lives", "_"])
_values = st.text(
    st.sampled_from(list("ab {}\\\"'&<>=,@#%\t\r\n\x0c\u00a0é")) | st.characters(), max_size=30
)
_types = _names | st.sampled_from(
    ["article", "comment", "commentary", "String", "preamble", "inproceedings", "Misc"]
)


@settings(max_examples=400, deadline=None)
@given(
    _types,
    _names,
    st.lists(st.tuples(_names, _values), max_size=5),
)
def test_any_text_matches_pygments_or_falls_back(
    entry_type: str, key: str, fields: list[tuple[str, str]]
) -> None:
    text = write_bibtex(entry_type, key, fields)
    mine = fast.highlight_bibtex(text)
    if mine is not None:
        assert mine == pygments_html(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_text_matches_pygments_or_falls_back(text: str) -> None:
    mine = fast.highlight_bibtex(text)
    if mine is not None:
        assert mine == pygments_html(text)


def test_shapes_it_cannot_vouch_for_fall_back() -> None:
    assert fast.highlight_bibtex("@article{k,\n  title = {a{b}c},\n}") is not None
    assert fast.highlight_bibtex("@article{k,\n  title = {a}}b{},\n}") is None
    assert fast.highlight_bibtex("@comment{k,\n}") is None
    assert fast.highlight_bibtex("@commentary{k,\n}") is not None
    assert fast.highlight_bibtex("@string{k,\n}") is None
    assert fast.highlight_bibtex("@article{k,\n  title = {a\rb},\n}") is None
    assert fast.highlight_bibtex("@article{k k,\n}") is None


@pytest.mark.parametrize(
    "values",
    [
        ["x = {y}", "plain"],  # " = {" in a value: the line-by-line path
        ["{a},b", "{c}, = {d}"],
        ["{x} = {y} = {z}", "q"],
        ["", "&<>\"' = {é}"],
        [" = {}", " = {}", " = {}"],
    ],
)
def test_values_that_look_like_field_syntax(values: list[str]) -> None:
    fields = [(f"f{number}", value) for number, value in enumerate(values)]
    text = write_bibtex("article", "k", fields)
    mine = fast.highlight_bibtex(text)
    assert mine is not None and mine == pygments_html(text), text


def _entry_html(app: Any) -> list[str]:
    page = soup(app)
    return [UNCOLOURED.sub(r"\1", str(block)) for block in page.select("div.highlight-bibtex")]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_built_pages_equal_pygments_highlighting(
    app: Any, make_app: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app.build()
    direct = _entry_html(app)
    assert direct, "the test root shows BibTeX views"
    monkeypatch.setattr(fast, "highlight_bibtex", lambda text: None)
    other = make_app("html", srcdir=app.srcdir, builddir=tmp_path / "pygments")
    other.build()
    assert _entry_html(other) == direct


def test_the_fast_path_follows_each_configuration() -> None:
    """Whether ``highlight_options`` set ``bibtex`` is remembered per configuration only."""
    from types import SimpleNamespace

    plain = SimpleNamespace(highlight_options={})
    styled = SimpleNamespace(highlight_options={"bibtex": {"x": 1}})
    assert fast.fast_path_allowed(plain)
    assert not fast.fast_path_allowed(styled)
    assert fast.fast_path_allowed(plain)
    assert not fast.fast_path_allowed(styled)
