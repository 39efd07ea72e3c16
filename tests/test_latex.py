"""Tests for the fast LaTeX -> rich text converter."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxcontrib_researchtopics.bib.latex import to_rich, to_text
from sphinxcontrib_researchtopics.bib.records import Segment

NBSP = "\u00a0"


def seg(text: str, style: str = "") -> Segment:
    """Shorthand for a segment."""
    return Segment(text, style)


ACCENTS = [
    (r"{\"o}", "\u00f6"),
    (r"\"{o}", "\u00f6"),
    (r"\"o", "\u00f6"),
    (r"\'e", "\u00e9"),
    (r"\'{e}", "\u00e9"),
    (r"{\'e}", "\u00e9"),
    (r"\^o", "\u00f4"),
    (r"\`a", "\u00e0"),
    (r"\~n", "\u00f1"),
    (r"\=a", "\u0101"),
    (r"\.z", "\u017c"),
    (r"\u{a}", "\u0103"),
    (r"\v{c}", "\u010d"),
    (r"\H{o}", "\u0151"),
    (r"\c{c}", "\u00e7"),
    (r"{\c C}", "\u00c7"),
    (r"\c C", "\u00c7"),
    (r"\k{a}", "\u0105"),
    (r"\r{a}", "\u00e5"),
    (r"{\i}", "\u0131"),
    (r"\i", "\u0131"),
    (r"\j", "\u0237"),
    (r"\ae", "\u00e6"),
    (r"\AE", "\u00c6"),
    (r"\oe", "\u0153"),
    (r"\OE", "\u0152"),
    (r"\aa", "\u00e5"),
    (r"\AA", "\u00c5"),
    (r"\o", "\u00f8"),
    (r"\O", "\u00d8"),
    (r"\ss", "\u00df"),
    (r"\l", "\u0142"),
    (r"\L", "\u0141"),
    (r"\'{\i}", "\u00ed"),
    (r"\'\i", "\u00ed"),
    (r"\v{S}", "\u0160"),
    (r"\d{a}", "\u1ea1"),
]


@pytest.mark.parametrize(("source", "expected"), ACCENTS)
def test_accents_are_precomposed(source: str, expected: str) -> None:
    assert to_text(source) == expected
    assert to_rich(source) == (seg(expected),)


def test_accents_inside_words() -> None:
    assert to_text(r"G{\"o}del and Erd\H{o}s and M\"uller and Fran\c{c}ois") == (
        "G\u00f6del and Erd\u0151s and M\u00fcller and Fran\u00e7ois"
    )
    assert to_text(r"Stra\ss e \ss{} {\o}re") == "Stra\u00dfe \u00df \u00f8re"


def test_accent_takes_only_first_letter_and_skips_space() -> None:
    assert to_text(r"\'ecole") == "\u00e9cole"
    assert to_text(r"\" o") == "\u00f6"


def test_accent_on_empty_argument_prints_spacing_accent() -> None:
    assert to_text(r"a\~{}b") == "a~b"
    assert to_text(r"\^{}") == "^"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a--b", "a\u2013b"),
        ("a---b", "a\u2014b"),
        ("a-b", "a-b"),
        ("a~b", f"a{NBSP}b"),
        (r"\& \% \$ \# \_ \{ \}", "& % $ # _ { }"),
        (r"a\\b", "a b"),
        (r"a\,b\ c\;d", "a b c d"),
        (r"\textendash\textemdash", "\u2013\u2014"),
        (r"\dag\textdagger", "\u2020\u2020"),
        (r"\ddag\textdaggerdbl", "\u2021\u2021"),
        (r"\textregistered\texttrademark\copyright", "\u00ae\u2122\u00a9"),
        (r"\S 3 \P", "\u00a73 \u00b6"),
        (r"wait\ldots{} and\dots", "wait\u2026 and\u2026"),
        ("``quoted''", "\u201cquoted\u201d"),
        (r"\TeX{} and \LaTeX\ and \BibTeX", "TeX and LaTeX and BibTeX"),
        (r"\pounds 5", "\u00a35"),
    ],
)
def test_symbols(source: str, expected: str) -> None:
    assert to_text(source) == expected


def test_protective_and_nested_braces_removed() -> None:
    assert to_rich("{{The {B}est}}") == (seg("The Best"),)
    assert to_text("{BERT}: {P}re-training") == "BERT: Pre-training"


def test_stray_braces_are_dropped() -> None:
    assert to_text("}a{b") == "ab"
    assert to_text("{unclosed") == "unclosed"


def test_links_keep_their_text() -> None:
    assert to_text(r"\url{https://x.org/a\_b~c}") == "https://x.org/a_b~c"
    assert to_text(r"see \href{https://x.org/~a}{the \emph{site}}") == "see the site"
    assert to_rich(r"\href{u}{the \emph{site}}") == (seg("the "), seg("site", "emph"))


def test_unknown_commands() -> None:
    assert to_text(r"\foo{arg} tail") == "arg tail"
    assert to_text(r"a \foo b") == "a b"
    assert to_text(r"\foo[opt]{arg}") == "arg"
    assert to_text(r"\textbf[x]{y}") == "y"
    assert to_text(r"\foo [not optional]") == "[not optional]"


def test_super_and_subscripts_keep_text() -> None:
    assert to_text(r"Smith\textsuperscript{*}") == "Smith*"
    assert to_text(r"H\textsubscript{2}O") == "H2O"


def test_sort_helpers() -> None:
    assert to_text(r"\noopsort{a}Zeta") == "Zeta"
    assert to_text(r"\NoCaseChange{iPhone} apps") == "iPhone apps"


@pytest.mark.parametrize(
    ("source", "style"),
    [
        (r"\emph{x}", "emph"),
        (r"\textit{x}", "emph"),
        (r"\textsl{x}", "emph"),
        (r"{\em x}", "emph"),
        (r"{\it x}", "emph"),
        (r"\textbf{x}", "strong"),
        (r"{\bf x}", "strong"),
        (r"\textsc{x}", "smallcaps"),
        (r"{\sc x}", "smallcaps"),
        (r"\texttt{x}", "mono"),
        (r"{\tt x}", "mono"),
        (r"\mkbibquote{x}", "quote"),
        (r"\enquote{x}", "quote"),
    ],
)
def test_styles(source: str, style: str) -> None:
    assert to_rich(source) == (seg("x", style),)


def test_styles_merge_and_nest() -> None:
    assert to_rich(r"\emph{a}\textit{b} c") == (seg("ab", "emph"), seg(" c"))
    assert to_rich(r"\emph{a \textbf{b} c}") == (
        seg("a ", "emph"),
        seg("b", "strong"),
        seg(" c", "emph"),
    )
    assert to_rich(r"{\em a {\bf b}} c") == (seg("a ", "emph"), seg("b", "strong"), seg(" c"))
    assert to_rich(r"\textbf{\textrm{x}}") == (seg("x", "strong"),)


def test_declaration_lasts_to_end_of_group() -> None:
    assert to_rich(r"a {b \em c} d") == (seg("a b "), seg("c", "emph"), seg(" d"))


def test_quotes_in_plain_text() -> None:
    assert to_text(r"\enquote{Hi} there") == "\u201cHi\u201d there"
    assert to_text(r"\mkbibquote{a \emph{b}}") == "\u201ca b\u201d"


def test_math() -> None:
    # simple math (symbols, one-character scripts) is text; formulas stay math
    assert to_rich("$x^2$") == (seg("x\u00b2"),)
    assert to_rich("$x^{10}$") == (seg("x^{10}", "math"),)
    assert to_rich(r"Bound $O(n \log n)$ holds") == (
        seg("Bound "),
        seg(r"O(n \log n)", "math"),
        seg(" holds"),
    )
    assert to_rich(r"\(a_{1}\)") == (seg("a\u2081"),)
    assert to_rich(r"\(a_{12}\)") == (seg("a_{12}", "math"),)
    assert to_rich("$$a+b$$") == (seg("a+b"),)
    assert to_rich(r"\ensuremath{\alpha}") == (seg("\u03b1"),)
    assert to_rich(r"$\frac{a}{b}$") == (seg(r"\frac{a}{b}", "math"),)
    assert to_text(r"$\{x\}$") == r"\{x\}"


def test_dollar_that_is_not_math() -> None:
    assert to_rich(r"costs \$5") == (seg("costs $5"),)
    assert to_rich("costs $5") == (seg("costs $5"),)
    assert to_rich(r"\$5 and \$6") == (seg("$5 and $6"),)


def test_whitespace_normalised() -> None:
    assert to_rich("  a \n\t b  ") == (seg("a b"),)
    assert to_rich(r" \emph{ a }  b ") == (seg("a ", "emph"), seg("b"))
    assert to_rich("a ~ b") == (seg(f"a {NBSP} b"),)
    assert to_rich("") == ()
    assert to_rich("  {} ") == ()


def test_fast_path_for_plain_text() -> None:
    assert to_rich("Plain  title,\nno specials") == (seg("Plain title, no specials"),)
    assert to_text("Plain, no specials") == "Plain, no specials"


def test_single_quotes_print_as_tex_prints_them() -> None:
    # TeX's ' and ` are typographic quotes; hand-written pages get the same from
    # docutils' smart quotes, so a converted page must not show straight ones.
    assert to_text("Don't panic") == "Don\u2019t panic"
    assert to_rich("O'Brien's `tool'") == (seg("O\u2019Brien\u2019s \u2018tool\u2019"),)
    assert to_rich(r"It's \emph{Bob's}") == (seg("It\u2019s "), seg("Bob\u2019s", "emph"))
    assert to_rich("``double''") == (seg("\u201cdouble\u201d"),)
    assert to_rich("$f'(x)$") == (seg("f\u2032(x)"),)  # simple math: a prime, as text
    assert to_rich("$f'(x)^{2n}$") == (seg("f'(x)^{2n}", "math"),)


def test_memoised() -> None:
    assert to_rich(r"\emph{memo}") is to_rich(r"\emph{memo}")
    assert to_rich.cache_info().maxsize == 65536
    assert to_text.cache_info().maxsize == 65536


def test_deep_nesting_does_not_overflow() -> None:
    assert to_text("{" * 5000 + "x" + "}" * 5000) == "x"
    assert to_text(r"\emph" * 3000 + "{x}") == "x"
    assert "\\" not in to_text('\\"' * 3000 + "o")


LATEX_CHARS = st.sampled_from(list("\\{}$~-`'[]^_\"%&# \nabcXYZ01\u00e9"))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    result = to_rich(text)
    assert isinstance(result, tuple)
    assert all(isinstance(s, Segment) for s in result)
    assert isinstance(to_text(text), str)


@settings(max_examples=300, deadline=None)
@given(st.lists(LATEX_CHARS, max_size=60).map("".join))
def test_never_raises_on_latex_soup(text: str) -> None:
    result = to_rich(text)
    assert all(isinstance(s, Segment) for s in result)
    assert all(s.text for s in result)
    assert all(a.style != b.style for a, b in itertools.pairwise(result))


WORDS = st.text(alphabet="abcdefXYZ", min_size=1, max_size=6)
ATOMS = st.one_of(
    WORDS,
    st.just(" "),
    st.just("--"),
    st.just("~"),
    st.sampled_from(
        [
            r"\"o",
            r"\'{e}",
            r"{\c C}",
            r"\ss{}",
            r"\'{\i}",
            r"\LaTeX{}",
            r"\dag{}",
            r"\ldots{}",
            r"\&",
            r"\_",
            r"\url{abc}",
            r"\foo{}",
            r"\unknown ",
        ]
    ),
)
COMMANDS = ["emph", "textbf", "textsc", "texttt", "enquote", "foo", "noopsort", "NoCaseChange"]


def _well_formed(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Balanced groups, commands with arguments and declarations around *children*."""
    body = st.lists(children, max_size=4).map("".join)
    return st.one_of(
        body.map(lambda b: "{" + b + "}"),
        st.tuples(st.sampled_from(COMMANDS), body).map(lambda t: f"\\{t[0]}{{{t[1]}}}"),
        st.tuples(st.sampled_from(["em", "bf", "it", "sc"]), body).map(
            lambda t: f"{{\\{t[0]} {t[1]}}}"
        ),
        st.tuples(body, body).map(lambda t: f"\\href{{{t[0]}}}{{{t[1]}}}"),
    )


WELL_FORMED = st.lists(st.recursive(ATOMS, _well_formed, max_leaves=20), max_size=6).map("".join)


@settings(max_examples=300, deadline=None)
@given(WELL_FORMED)
def test_well_formed_latex_leaves_no_markup(text: str) -> None:
    for segment in to_rich(text):
        assert "\\" not in segment.text
        assert "{" not in segment.text
        assert "}" not in segment.text
    plain = to_text(text)
    assert "\\" not in plain
    assert "{" not in plain and "}" not in plain


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"Euler-\kern-1pt VM: fonts", "Euler-VM: fonts"),
        (r"T\kern-.1667em\lower.5ex\hbox{E}\kern-.125emX", "TEX"),
        (r"a\hskip 1em plus 2fil b", "ab"),
        (r"a\kern x", "ax"),  # no length: nothing to drop
        (r"a\kern-", "a-"),
    ],
)
def test_spacing_primitives_drop_their_length(source: str, expected: str) -> None:
    assert to_text(source) == expected
