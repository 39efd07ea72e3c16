"""``name == literal`` filters get their own closure: it decides as the general one does."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxcontrib_researchtopics.bib.filters import compile_filter
from sphinxcontrib_researchtopics.bib.load import load_bibliography
from sphinxcontrib_researchtopics.bib.records import Publication

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
