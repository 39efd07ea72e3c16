"""Pathological input for every parser, big enough that a quadratic path would take
minutes (issue 12).  Only results are asserted, never times: benchmarks/linear.py
measures the growth.  Plus generated input: random bytes never crash the scanner, and
every entry BibTeX would read is read, however entries are laid out.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxcontrib_researchtopics.bib.filters import OptionError, compile_filter
from sphinxcontrib_researchtopics.bib.latex import dropped_commands, to_rich, to_text
from sphinxcontrib_researchtopics.bib.load import parse_file
from sphinxcontrib_researchtopics.bib.people import parse_people
from sphinxcontrib_researchtopics.bib.records import Segment
from sphinxcontrib_researchtopics.bib.scan import decode_bib, parse_bib_text

N = 100_000  # characters: a quadratic tokenizer needs about a minute for this


# -- LaTeX -------------------------------------------------------------------------------


def test_unclosed_inline_math_parens() -> None:
    assert to_text("\\(" * (N // 2)) == ""
    assert to_text("a \\(" * (N // 4)) == " ".join(["a"] * (N // 4))


def test_unclosed_inline_math_parens_then_a_close_is_one_math_segment() -> None:
    rich = to_rich("x \\(" + "a" * N + "\\)")
    # read once, whole: simple math like this one is printed as text (mathtext)
    assert "".join(segment.text for segment in rich) == "x " + "a" * N
    rich = to_rich("x \\(" + "a^{10}" * (N // 6) + "\\)")
    assert rich == (Segment("x ", ""), Segment("a^{10}" * (N // 6), "math"))


def test_emph_with_unclosed_optional_arguments() -> None:
    assert to_text("\\emph[" * (N // 6)) == "[" * (N // 6)


def test_dollar_runs_and_unclosed_escaped_dollars() -> None:
    assert to_text("$" + "\\$" * (N // 2)) == "$" * (N // 2 + 1)
    assert to_text("$x$$" * (N // 4)) == to_text("$x$$" * 4) * (N // 16)
    rich = to_rich("$" * N)
    assert {seg.style for seg in rich} <= {"", "math"}
    assert 0 < sum(len(seg.text) for seg in rich) <= N


def test_braces_deep_and_unclosed() -> None:
    assert to_text("{" * (N // 2) + "x" + "}" * (N // 2)) == "x"
    assert to_text("{" * N) == ""
    assert to_text("\\href{" * (N // 6)) == ""


def test_unknown_commands_are_listed_once() -> None:
    assert dropped_commands("\\foo{a}" * (N // 7)) == ("foo",)


# -- names -------------------------------------------------------------------------------


def test_long_author_lists() -> None:
    assert len(parse_people("a and " * (N // 6))) == N // 6
    people = parse_people("Last, First and " * (N // 16))
    assert len(people) == N // 16 and people[-1].display == "First Last"
    assert parse_people(" and " * (N // 5)) == ()
    assert parse_people("a " * (N // 2) + "Z")[0].last == "Z"


# -- the scanner -------------------------------------------------------------------------


def test_at_storms() -> None:
    entries, problems = parse_bib_text("@" * N, "x.bib")
    assert entries == [] and [p.subtype for p in problems] == ["stray_text"]
    entries, problems = parse_bib_text("@misc{a,\n" * (N // 9), "x.bib")
    assert len(entries) == N // 9 and all(p.subtype == "bib_syntax" for p in problems)
    entries, _ = parse_bib_text("@misc(a,\n" * (N // 9), "x.bib")
    assert len(entries) == N // 9


def test_entries_on_one_line_and_unclosed_values() -> None:
    entries, problems = parse_bib_text("@misc{a, t={b}}" * (N // 15), "x.bib")
    assert len(entries) == N // 15 and problems == []
    entries, problems = parse_bib_text("@misc{a, title={" + "{" * N, "x.bib")
    assert [p.subtype for p in problems] == ["bib_syntax"]


def test_duplicate_fields_and_unsafe_links_in_one_entry() -> None:
    count = N // 11
    result = parse_file("x.bib", "topics", ("@misc{a,\n" + "title={x},\n" * count + "}").encode())
    assert len(result.problems) == count - 1
    assert [p.line for p in result.problems] == list(range(3, count + 2))
    count = N // 26
    lines = "".join(f"url_x{index:05d} = {{javascript:1}},\n" for index in range(count))
    result = parse_file("x.bib", "topics", ("@misc{a,\n" + lines + "}").encode())
    assert [(p.subtype, p.line) for p in result.problems] == [
        ("unsafe_url", line) for line in range(2, count + 2)
    ]


# -- filters -----------------------------------------------------------------------------


def test_long_flat_filters_compile_or_are_refused() -> None:
    assert compile_filter(" or ".join(["year == 1"] * (N // 13)))
    assert compile_filter(" < ".join(["1"] * (N // 4)))
    try:
        compile_filter("not " * (N // 4) + "year")
    except OptionError as error:
        assert "nested too deeply" in str(error) or "invalid" in str(error)


# -- generated input ---------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_crash_the_scanner(data: bytes) -> None:
    text, _ = decode_bib(data, "x.bib")
    _, problems = parse_bib_text(text, "x.bib")
    assert all(problem.line >= 1 for problem in problems)
    parse_file("x.bib", "topics", data)


_KEY = st.from_regex(r"[A-Za-z][A-Za-z0-9_:-]{0,8}", fullmatch=True)
_VALUE = st.from_regex(r"[A-Za-z0-9 .,;@()]{0,12}", fullmatch=True)
_GAP = st.sampled_from(["", " ", "\n", "\r\n", "\r", "\n\n", " % note\n", "\t"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_KEY, _VALUE, _GAP, st.booleans()), min_size=1, max_size=8))
def test_every_entry_bibtex_reads_is_read(items: list[tuple[str, str, str, bool]]) -> None:
    parts = []
    for key, value, gap, parens in items:
        body = f"{key}, title = {{{value}}}, note = {{x\n@misc{{not_an_entry, y}} z}}"
        parts.append(f"@misc({body})" if parens else f"@misc{{{body}}}")
        parts.append(gap)
    entries, problems = parse_bib_text("".join(parts), "x.bib")
    assert [entry.key for entry in entries] == [key for key, _, _, _ in items]
    assert problems == []
