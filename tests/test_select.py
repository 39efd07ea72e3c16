"""Tests for select.py: the safe filter language, sorting, grouping and small options."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxcontrib_researchtopics.bib.filters import OptionError, compile_filter
from sphinxcontrib_researchtopics.bib.order import (
    DEFAULT_SORT,
    group_publications,
    parse_keys,
    parse_limit,
    parse_sort,
    sort_publications,
)
from sphinxcontrib_researchtopics.bib.records import Person, Publication, Segment, pack_fields


def make(
    key: str = "k",
    entry_type: str = "article",
    *,
    title: str = "",
    authors: tuple[str, ...] = (),
    venue: str = "",
    year: str = "",
    month: int = 0,
    topics: tuple[str, ...] = (),
    fields: dict[str, str] | None = None,
    order: int = 0,
) -> Publication:
    """A publication built directly; year_num derived as the bib reader would."""
    return Publication(
        key=key,
        entry_type=entry_type,
        title=(Segment(title),) if title else (),
        authors=tuple(Person(display=name, last=name.split()[-1]) for name in authors),
        venue=(Segment(venue),) if venue else (),
        year=year,
        year_num=int(year) if year.isdigit() else None,
        month=month,
        topics=topics,
        field_lines=pack_fields((fields or {}).items()),
        order=order,
    )


PUB = make(
    "gao22",
    "InProceedings",
    title="Super-Resolution of Video",
    authors=("Zhiwei Xiong", "Zeyu Xiao"),
    venue="BMVC",
    year="2022",
    month=11,
    topics=("Video", "sr"),
    fields={"note": "Oral", "pages": "1--10", "selected": "true"},
)


def check(expr: str, pub: Publication = PUB) -> bool:
    return compile_filter(expr)(pub)


# ------------------------------------------------------------------ filter: names


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("key == 'gao22'", True),
        ("key == 'GAO22'", False),  # case-sensitive outside type/topics
        ("type == 'inproceedings'", True),
        ("type == 'InProceedings'", True),
        ("type == 'ARTICLE'", False),
        ("year == 2022", True),
        ("month == 11", True),
        ("title == 'Super-Resolution of Video'", True),
        ("venue == 'BMVC'", True),
        ("note == 'Oral'", True),
        ("pages == '1\u201310'", True),  # fields are LaTeX: compared as text
        ("nosuchfield == ''", True),
        ("nosuchfield", False),
        ("selected", True),
        ("authors == ('Zhiwei Xiong', 'Zeyu Xiao')", True),
        ("topics == ['video', 'sr']", True),
        ("True", True),
        ("False", False),
        ("None", False),
        ("year == None", False),
    ],
)
def test_names(expr: str, expected: bool) -> None:
    assert check(expr) is expected


def test_year_not_a_number_is_none() -> None:
    assert check("year == None", make(year="in press"))
    assert check("year == None", make())


# -------------------------------------------------------------- filter: operators


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("year == 2022", True),
        ("year != 2022", False),
        ("year != 2021", True),
        ("year < 2023", True),
        ("year < 2022", False),
        ("year <= 2022", True),
        ("year > 2021", True),
        ("year > 2022", False),
        ("year >= 2022", True),
        ("year >= 2022.5", False),
        ("year > -1", True),
        ("2020 < year < 2023", True),
        ("2020 < year < 2022", False),
        ("2020 < year <= 2022 != 2021", True),
        ("'a' < 'b'", True),
        ("'b' <= 'a'", False),
        ("year >= 2020 and month > 6", True),
        ("year >= 2020 and month > 11", False),
        ("year > 2030 or month == 11", True),
        ("year > 2030 or month == 1", False),
        ("not year > 2030", True),
        ("not (year > 2030 or month == 11)", False),
        ("(year > 2030) or (type == 'inproceedings' and not note == 'Poster')", True),
        ("'video' in topics", True),
        ("'VIDEO' in topics", True),
        ("'image' in topics", False),
        ("'image' not in topics", True),
        ("'video' not in topics", False),
        ("'Xiong' in authors", True),
        ("'xio' in authors", True),
        ("'Gao' in authors", False),
        ("'Gao' not in authors", True),
        ("'super' in title", True),
        ("'VIDEO' in title", True),
        ("'image' in title", False),
        ("'image' not in title", True),
        ("year in (2021, 2022)", True),
        ("year in [2020, 2021]", False),
        ("year not in {2020, 2021}", True),
        ("type in ('article', 'InProceedings')", True),
        ("key in ('GAO22',)", False),
        ("key in ('gao22', 'xu21')", True),
        ("year in ()", False),
    ],
)
def test_operators(expr: str, expected: bool) -> None:
    assert check(expr) is expected


@pytest.mark.parametrize(
    "expr",
    [
        "year < 2020",
        "year > 2020",
        "year <= 2020",
        "year >= 2020",
        "year == 2020",
        "year < 'x'",
        "'x' < 3",
        "title > 3",
        "topics > 'a'",
        "authors < 1",
        "3 in title",
        "'a' in year",
        "'a' in month",
        "1 in 2",
        "year == '2022'",
        "True < 2",
        "None < None",
    ],
)
def test_incompatible_comparisons_are_false(expr: str) -> None:
    assert check(expr, make(title="t")) is False


def test_incompatible_inequality_is_true() -> None:
    assert check("year != 'x'")
    assert check("'x' != 3")


def test_membership_of_field_text_and_numbers() -> None:
    assert check("'1\u2013' in pages")  # '1--10' in the .bib is an en dash as text
    assert check("month in (10, 11, 12)")
    assert not check("month in ('11',)")


def test_filter_whitespace_and_newlines() -> None:
    assert check("  year >= 2020\n and 'video' in topics ")


def test_filter_is_compiled_once_and_reusable() -> None:
    keep = compile_filter("year >= 2022")
    pubs = [make("a", year="2021"), make("b", year="2022"), make("c", year="in press")]
    assert [pub.key for pub in pubs if keep(pub)] == ["b"]


# ---------------------------------------------------------- filter: rejected input


@pytest.mark.parametrize(
    ("expr", "fragment"),
    [
        ("__import__('os')", "function call"),
        ("().__class__", "attribute access"),
        ("open('x')", "function call"),
        ("lambda: 1", "lambda"),
        ("[x for x in y]", "comprehension"),
        ("{x for x in y}", "comprehension"),
        ("{x: 1 for x in y}", "comprehension"),
        ("(x for x in y)", "generator expression"),
        ("a if b else c", "conditional expression"),
        ("1+1", "operator '+'"),
        ("year + 1 > 2020", "operator '+'"),
        ("year - 1", "operator '-'"),
        ("year * 2", "operator '*'"),
        ("year / 2", "operator '/'"),
        ("year // 2", "operator '//'"),
        ("year % 2", "operator '%'"),
        ("year ** 2", "operator '**'"),
        ("year | 2", "operator '|'"),
        ("year & 2", "operator '&'"),
        ("year ^ 2", "operator '^'"),
        ("year << 2", "operator '<<'"),
        ("~year", "operator '~'"),
        ("-year", "operator '-'"),
        ("x is None", "operator 'is'"),
        ("x is not None", "operator 'is not'"),
        ("(x := 1)", "assignment expression"),
        ("f'{x}'", "f-string"),
        ("title[0]", "subscript"),
        ("{'a': 1}", "dict"),
        ("b'x'", "literal b'x'"),
        ("...", "literal Ellipsis"),
        ("1j", "literal 1j"),
        ("year in (year, 1)", "non-literal 'year'"),
        ("year in ((1, 2),)", "non-literal"),
        ("'os'.system", "attribute access"),
        ("'os'.system('ls')", "function call"),
        ("getattr(key, 'x')", "function call"),
    ],
)
def test_rejected_constructs(expr: str, fragment: str) -> None:
    with pytest.raises(OptionError) as info:
        compile_filter(expr)
    message = str(info.value)
    assert message.startswith("unsupported ")
    assert fragment in message
    assert repr(expr) in message


def test_rejected_message_format() -> None:
    with pytest.raises(OptionError, match=r"^unsupported operator '\+' in filter "):
        compile_filter("year + 1 > 2020")


@pytest.mark.parametrize("expr", ["year >", "and", "(", "year = 2020", "x y", "'open", "\x00"])
def test_syntax_errors(expr: str) -> None:
    with pytest.raises(OptionError, match=r"^invalid filter expression "):
        compile_filter(expr)


@pytest.mark.parametrize("expr", ["", "   ", "\n"])
def test_empty_filter(expr: str) -> None:
    with pytest.raises(OptionError, match="empty"):
        compile_filter(expr)


def test_too_deep_nesting() -> None:
    with pytest.raises(OptionError, match="nested too deeply"):
        compile_filter("not " * 500 + "year")


def test_option_error_is_value_error() -> None:
    assert issubclass(OptionError, ValueError)


# ------------------------------------------------------------ filter: properties

_SAMPLE_PUBS = [
    PUB,
    make(),
    make("x", "misc", year="in press", topics=("A",), fields={"year": "in press"}),
]

_FILTER_TOKENS = [
    "year",
    "month",
    "title",
    "authors",
    "topics",
    "type",
    "key",
    "note",
    "x",
    "and",
    "or",
    "not",
    "in",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "is",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    "'video'",
    "'a'",
    "2022",
    "-1",
    "1.5",
    "None",
    "True",
    "+",
    ".",
    ":",
    "lambda",
    "if",
    "else",
    "for",
    "not in",
    "is not",
]
_TOKENS = st.sampled_from(_FILTER_TOKENS)


def _apply_all(expr: str) -> None:
    try:
        keep = compile_filter(expr)
    except OptionError:
        return
    for pub in _SAMPLE_PUBS:
        assert isinstance(keep(pub), bool)


@settings(max_examples=300)
@given(st.text())
def test_arbitrary_text_compiles_or_raises_option_error(expr: str) -> None:
    _apply_all(expr)


@settings(max_examples=500)
@given(st.lists(_TOKENS, max_size=12).map(" ".join))
def test_token_soup_compiles_or_raises_option_error(expr: str) -> None:
    _apply_all(expr)


# ----------------------------------------------------------------------- parse_sort


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("-year, -month, title", (("year", True), ("month", True), ("title", False))),
        ("year", (("year", False),)),
        ("+Title  -year", (("title", False), ("year", True))),
        ("-year,-year", (("year", True),)),
        ("pages,url_Code", (("pages", False), ("url_code", False))),
        ("", DEFAULT_SORT),
        ("  ,  ", DEFAULT_SORT),
    ],
)
def test_parse_sort(spec: str, expected: tuple[tuple[str, bool], ...]) -> None:
    assert parse_sort(spec) == expected


def test_default_sort() -> None:
    assert DEFAULT_SORT == (("year", True), ("month", True))


@pytest.mark.parametrize("spec", ["-", "--year", "year!", "1year", "-year, (title)"])
def test_parse_sort_rejects(spec: str) -> None:
    with pytest.raises(OptionError, match="invalid sort key"):
        parse_sort(spec)


# ------------------------------------------------------------------------- sorting


def keys(pubs: list[Publication]) -> list[str]:
    return [pub.key for pub in pubs]


def test_default_sort_newest_first_in_press_first_undated_last() -> None:
    pubs = [
        make("old", year="2019", order=0),
        make("undated", year="", order=1),
        make("press", year="in press", order=2),
        make("new", year="2024", order=3),
        make("mid", year="2022", order=4),
        make("forthcoming", year="Forthcoming", order=5),
    ]
    result = sort_publications(pubs, DEFAULT_SORT)
    assert keys(result) == ["press", "forthcoming", "new", "mid", "old", "undated"]


def test_ascending_year_keeps_undated_last() -> None:
    pubs = [
        make("u", year="", order=0),
        make("p", year="in press", order=1),
        make("a", year="2020", order=2),
        make("b", year="2018", order=3),
    ]
    assert keys(sort_publications(pubs, (("year", False),))) == ["b", "a", "p", "u"]


def test_sort_is_stable_by_bib_order() -> None:
    pubs = [make(f"k{i}", year="2022", order=i) for i in (3, 1, 2, 0)]
    assert keys(sort_publications(pubs, DEFAULT_SORT)) == ["k0", "k1", "k2", "k3"]
    assert keys(sort_publications(pubs, (("year", False),))) == ["k0", "k1", "k2", "k3"]


def test_sort_by_month_within_year() -> None:
    pubs = [
        make("jan", year="2022", month=1, order=0),
        make("none", year="2022", month=0, order=1),
        make("dec", year="2022", month=12, order=2),
        make("old", year="2021", month=12, order=3),
    ]
    assert keys(sort_publications(pubs, DEFAULT_SORT)) == ["dec", "jan", "none", "old"]
    spec = (("year", True), ("month", False))
    assert keys(sort_publications(pubs, spec)) == ["jan", "dec", "none", "old"]


def test_sort_strings_case_insensitive_empty_last() -> None:
    pubs = [
        make("b", title="beta", order=0),
        make("e", title="", order=1),
        make("a", title="Alpha", order=2),
        make("g", title="gamma", order=3),
    ]
    assert keys(sort_publications(pubs, (("title", False),))) == ["a", "b", "g", "e"]
    assert keys(sort_publications(pubs, (("title", True),))) == ["g", "b", "a", "e"]


def test_sort_by_field_mixed_numbers_and_text() -> None:
    pubs = [
        make("t", fields={"volume": "x"}, order=0),
        make("ten", fields={"volume": "10"}, order=1),
        make("two", fields={"volume": "2"}, order=2),
        make("none", order=3),
    ]
    assert keys(sort_publications(pubs, (("volume", False),))) == ["two", "ten", "t", "none"]


def test_sort_by_other_keys_never_crashes() -> None:
    pubs = [
        make("b", "Book", authors=("Ann Zed",), venue="V", topics=("x",), order=1),
        make("a", "article", authors=("Bob Ay",), year="in press", order=0),
        make("c", "misc", order=2),
    ]
    for name in ("key", "type", "authors", "venue", "topics", "month", "unknown"):
        for descending in (False, True):
            assert sorted(keys(sort_publications(pubs, ((name, descending),)))) == ["a", "b", "c"]
    assert keys(sort_publications(pubs, (("authors", False),))) == ["a", "b", "c"]
    assert keys(sort_publications(pubs, (("key", True),))) == ["c", "b", "a"]


def test_sort_accepts_iterables_and_empty_spec() -> None:
    pubs = (make(str(i), order=i) for i in (2, 0, 1))
    assert keys(sort_publications(pubs, ())) == ["0", "1", "2"]


# ------------------------------------------------------------------------ grouping


def test_group_none() -> None:
    pubs = [make("a"), make("b")]
    assert group_publications(pubs, "none") == [("", pubs)]
    assert group_publications(pubs, "") == [("", pubs)]


def test_group_by_year_in_order_met() -> None:
    pubs = [
        make("p", year="In press"),
        make("a", year="2024"),
        make("b", year="2022"),
        make("c", year="2024"),
        make("u", year=""),
    ]
    groups = group_publications(pubs, "year")
    assert [(h, keys(g)) for h, g in groups] == [
        ("In press", ["p"]),
        ("2024", ["a", "c"]),
        ("2022", ["b"]),
        ("Undated", ["u"]),
    ]


def test_group_by_type_fixed_order() -> None:
    pubs = [
        make("misc", "misc"),
        make("thesis", "PhdThesis"),
        make("conf", "inproceedings"),
        make("art", "Article"),
        make("chap", "incollection"),
        make("book", "book"),
        make("rep", "techreport"),
        make("conf2", "conference"),
        make("inbook", "inbook"),
        make("ms", "mastersthesis"),
        make("report", "report"),
        make("pre", "unpublished"),
    ]
    groups = group_publications(pubs, "Type")
    assert [(h, keys(g)) for h, g in groups] == [
        ("Journal articles", ["art"]),
        ("Conference papers", ["conf", "conf2"]),
        ("Books", ["book"]),
        ("Book chapters", ["chap", "inbook"]),
        ("Theses", ["thesis", "ms"]),
        ("Technical reports", ["rep", "report"]),
        ("Preprints and other", ["misc", "pre"]),
    ]


def test_group_by_type_skips_empty_groups() -> None:
    groups = group_publications([make("a", "article")], "type")
    assert [h for h, _ in groups] == ["Journal articles"]


def test_group_by_topic() -> None:
    pubs = [
        make("a", topics=("video", "sr")),
        make("b", topics=()),
        make("c", topics=("sr", "sr")),
        make("d", topics=("Image",)),
    ]
    titles = {"sr": "Super-resolution", "image": "Images"}
    groups = group_publications(pubs, "topic", titles)
    assert [(h, keys(g)) for h, g in groups] == [
        ("video", ["a"]),
        ("Super-resolution", ["a", "c"]),
        ("Images", ["d"]),
        ("Other", ["b"]),
    ]
    plain_groups = group_publications(pubs, "topic")
    assert [h for h, _ in plain_groups] == ["video", "sr", "Image", "Other"]


def test_group_empty_input() -> None:
    assert group_publications([], "year") == []
    assert group_publications([], "none") == [("", [])]


def test_group_unknown_value_lists_valid_ones() -> None:
    with pytest.raises(OptionError, match="none, year, type, topic"):
        group_publications([], "venue")


# ---------------------------------------------------------------- simple options


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("gao22, xu21", ("gao22", "xu21")),
        ("gao22 xu21\nli20", ("gao22", "xu21", "li20")),
        ("b,a,,b ,  a", ("b", "a")),
        ("", ()),
        (" , ", ()),
    ],
)
def test_parse_keys(value: str, expected: tuple[str, ...]) -> None:
    assert parse_keys(value) == expected


@pytest.mark.parametrize(("value", "expected"), [("10", 10), (" 3 ", 3), ("+1", 1)])
def test_parse_limit(value: str, expected: int) -> None:
    assert parse_limit(value) == expected


@pytest.mark.parametrize("value", ["0", "-1", "", "ten", "1.5", "1e3"])
def test_parse_limit_rejects(value: str) -> None:
    with pytest.raises(OptionError, match="positive integer"):
        parse_limit(value)


def test_straight_quotes_find_typographic_ones() -> None:
    # The reader prints TeX's ' as a right quote; a filter typed with ' must still find it.
    pub = make(title="Don\u2019t \u201cpanic\u201d", authors=("Miles O\u2019Brien",))
    assert check('"Don\'t" in title', pub)
    assert check("'\"panic\"' in title", pub)
    assert check('"O\'Brien" in authors', pub)
    assert not check('"Won\'t" in title', pub)
