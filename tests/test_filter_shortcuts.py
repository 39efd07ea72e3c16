"""``name == literal`` filters get their own closure and an index: both decide as the
general closure does."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from conftest import soup
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxcontrib_researchtopics.bib.filter_index import FilterIndex
from sphinxcontrib_researchtopics.bib.filters import compile_filter, equality
from sphinxcontrib_researchtopics.bib.load import load_bibliography
from sphinxcontrib_researchtopics.bib.records import Publication
from sphinxcontrib_researchtopics.sphinxext.state import get_state

DATA = Path(__file__).parent / "data" / "realworld"
NAMES = ("year", "type", "title", "topics", "authors", "volume", "month", "url_code", "key")


@cache
def publications() -> tuple[Publication, ...]:
    files = [str(DATA / "xampl.bib"), str(DATA / "biblatex-examples.bib")]
    return tuple(load_bibliography(files, "/", cache_dir="").entries.values())


def chosen(expr: str, specialize: bool) -> list[str]:
    keep = compile_filter(expr, specialize)
    return [pub.key for pub in publications() if keep(pub)]


def test_real_values_select_alike() -> None:
    pubs = publications()
    assert len(pubs) > 80
    literals = ["1986", "1986.0", '"1986"', '"article"', '"Article"', '"BOOK"', '""', "0", "-1"]
    literals += [repr(pubs[3].field("title")), repr(pubs[5].entry_type)]
    for name in NAMES:
        for literal in literals:
            for expr in (f"{name} == {literal}", f"{name} != {literal}", f"{literal} == {name}"):
                assert chosen(expr, True) == chosen(expr, False), expr
                assert_indexed_alike(expr)
    assert chosen("year == 1986", True)  # the test compares non-empty selections too


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(NAMES),
    value=st.one_of(
        st.integers(-3, 2030), st.floats(allow_nan=True), st.text(max_size=8), st.booleans()
    ),
    negate=st.booleans(),
)
def test_generated_literals_select_alike(name: str, value: object, negate: bool) -> None:
    literal = repr(value)
    if literal in ("nan", "inf", "-inf"):
        literal = {"nan": "1e999 - 1e999", "inf": "1e999", "-inf": "-1e999"}[literal]
    expr = f"{name} {'!=' if negate else '=='} {literal}"
    try:
        compile_filter(expr, False)
    except Exception:  # a literal the language refuses is refused alike
        try:
            compile_filter(expr, True)
        except Exception:
            return
        raise AssertionError(f"only the shortcut accepts {expr!r}") from None
    assert chosen(expr, True) == chosen(expr, False), expr
    # a literal alone (not a sign or a difference): the index answers it
    plain = not isinstance(value, bool) and literal[0] != "-" and " - " not in literal
    assert (equality(expr) is not None) == (plain and not negate), expr
    assert_indexed_alike(expr)


def index() -> FilterIndex:
    return FilterIndex({pub.key: pub for pub in publications()})


def assert_indexed_alike(expr: str) -> None:
    """An index answers an ``==`` filter as the general closure selects (in order)."""
    test = equality(expr)
    if test is not None:
        assert [pub.key for pub in index().select(test)] == chosen(expr, False), expr


def test_only_one_equality_is_indexed() -> None:
    assert equality("year == 1986") == equality("1986 == year")
    assert equality('type == "Article"') == equality('type == "article"')  # folded
    assert equality('title == "A"') != equality('title == "a"')
    for expr in ("year != 1986", "year == 1986 == year", "year == -1", "year == None",
                 "year == True", "year == volume", "year >= 1986", 'year == 1986 and type == "a"',
                 "year ==", ""):  # fmt: skip
        assert equality(expr) is None, expr


class Counting(dict[str, Publication]):
    """A bibliography that counts passes over its records."""

    passes = 0

    def values(self):  # type: ignore[no-untyped-def,override]
        self.passes += 1
        return super().values()


def test_an_index_groups_once_for_every_list() -> None:
    entries = Counting({pub.key: pub for pub in publications()})
    built = FilterIndex(entries)
    years = sorted({pub.year_num for pub in publications() if pub.year_num is not None})
    selections = [built.select(equality(f"year == {year}")) for year in years]  # type: ignore[arg-type]
    assert entries.passes == 1
    assert sum(map(len, selections)) == sum(1 for p in publications() if p.year_num is not None)
    selections[0].clear()  # a new list each time: a caller's change stays its own
    assert built.select(equality(f"year == {years[0]}"))  # type: ignore[arg-type]
    built.select(equality('type == "book"'))  # type: ignore[arg-type]
    assert entries.passes == 2


YEARS_BIB = "".join(
    f"@misc{{k{n}, title = {{T{n}}}, year = {{{2020 + n % 3}}}, author = {{A, B}}}}\n"
    for n in range(9)
)


def test_year_pages_select_through_one_index(make_app: Any, tmp_path: Path) -> None:
    """Three list pages of ``year == Y`` show what a full filter run shows, from one
    grouping of the build's records; another filter still runs over all of them."""
    (tmp_path / "papers.bib").write_text(YEARS_BIB, encoding="utf-8")
    (tmp_path / "conf.py").write_text(
        'extensions = ["sphinxcontrib_researchtopics"]\nresearchtopics_bibfiles = ["papers.bib"]\n',
        encoding="utf-8",
    )
    pages = {"y0": "year == 2020", "y1": "2021 == year", "y2": "year == 2022"}
    pages["odd"] = "year != 2021"
    (tmp_path / "index.rst").write_text(
        "Index\n=====\n\n.. toctree::\n\n" + "".join(f"   {p}\n" for p in pages), encoding="utf-8"
    )
    for page, expr in pages.items():
        text = f"{page}\n{'=' * len(page)}\n\n.. publications::\n   :filter: {expr}\n"
        (tmp_path / f"{page}.rst").write_text(text, encoding="utf-8")
    app = make_app("html", srcdir=tmp_path)
    groups: list[list[tuple[str, bool, bool]]] = []  # as the build ends, before it lets go
    app.connect("build-finished", lambda app, exc: groups.append(list(
        get_state(app.env).filter_index().groups)))  # fmt: skip
    app.build()
    assert groups == [[("year", True, False)]]
    for page, expr in pages.items():
        shown = {d["data-rt-key"] for d in soup(app, page).select("div.rt-publication")}
        keep = compile_filter(expr)
        entries = get_state(app.env).bibliography.entries
        assert shown == {key for key, pub in entries.items() if keep(pub)}, page
        assert shown
