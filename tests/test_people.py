"""Tests for author-list parsing, member matching and short citations."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxcontrib_researchtopics.bib.people import (
    MemberIndex,
    parse_people,
    short_citation_names,
)
from sphinxcontrib_researchtopics.bib.records import Person


def one(raw: str) -> Person:
    people = parse_people(raw)
    assert len(people) == 1, people
    return people[0]


def parts(person: Person) -> tuple[str, str, str, str]:
    return person.first, person.von, person.last, person.jr


# ------------------------------------------------------------------ splitting


@pytest.mark.parametrize(
    "raw",
    [
        "Alice Smith and Bob Jones",
        "Alice Smith AND Bob Jones",
        "Alice Smith\n   and\tBob Jones",
        "Alice Smith and   Bob Jones  ",
        "Alice Smith And Bob Jones",
    ],
)
def test_split_on_and(raw: str) -> None:
    assert [p.display for p in parse_people(raw)] == ["Alice Smith", "Bob Jones"]


def test_and_inside_braces_does_not_split() -> None:
    person = one("{Barnes and Noble}")
    assert person.display == "Barnes and Noble"
    assert person.last == "Barnes and Noble"
    assert person.first == ""


def test_and_inside_a_word_does_not_split() -> None:
    assert [p.display for p in parse_people("Sandy Anderson and Andrea Band")] == [
        "Sandy Anderson",
        "Andrea Band",
    ]


def test_empty_and_stray_separators() -> None:
    assert parse_people("") == ()
    assert parse_people("   ") == ()
    assert parse_people("and") == ()
    assert [p.display for p in parse_people("and Alice Smith and")] == ["Alice Smith"]


# ---------------------------------------------------------------- name forms


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Donald E. Knuth", ("Donald E.", "", "Knuth", "")),
        ("Knuth, Donald E.", ("Donald E.", "", "Knuth", "")),
        ("Knuth", ("", "", "Knuth", "")),
        ("Ludwig van Beethoven", ("Ludwig", "van", "Beethoven", "")),
        ("van Beethoven, Ludwig", ("Ludwig", "van", "Beethoven", "")),
        ("Jean de la Fontaine", ("Jean", "de la", "Fontaine", "")),
        ("de la Fontaine, Jean", ("Jean", "de la", "Fontaine", "")),
        ("Charles Louis Xavier Joseph de la Vallée Poussin",
         ("Charles Louis Xavier Joseph", "de la", "Vallée Poussin", "")),
        ("Smith, Jr., John", ("John", "", "Smith", "Jr.")),
        ("van der Waals, III, Johannes", ("Johannes", "van der", "Waals", "III")),
        ("Jean-Paul Sartre", ("Jean-Paul", "", "Sartre", "")),
        ("Z.-J. Zha", ("Z.-J.", "", "Zha", "")),
        ("D.~E. Knuth", ("D. E.", "", "Knuth", "")),
        ("Xiong, Zhiwei", ("Zhiwei", "", "Xiong", "")),
        ("Ludwig {van} Beethoven", ("Ludwig van", "", "Beethoven", "")),
    ],
)  # fmt: skip
def test_bibtex_name_forms(raw: str, expected: tuple[str, str, str, str]) -> None:
    assert parts(one(raw)) == expected


@pytest.mark.parametrize(
    ("raw", "display"),
    [
        ("Knuth, Donald E.", "Donald E. Knuth"),
        ("van Beethoven, Ludwig", "Ludwig van Beethoven"),
        ("Smith, Jr., John", "John Smith, Jr."),
        ("Smith, Jr.,", "Smith, Jr."),
        (", Zhiwei", "Zhiwei"),
        ("Xiong,", "Xiong"),
    ],
)
def test_display(raw: str, display: str) -> None:
    assert one(raw).display == display


def test_corporate_name_stays_whole() -> None:
    person = one("{Corporate Names Ltd}")
    assert parts(person) == ("", "", "Corporate Names Ltd", "")
    assert person.display == "Corporate Names Ltd"


def test_corporate_name_among_others() -> None:
    people = parse_people("{IEEE Computer Society} and Zhiwei Xiong")
    assert [p.display for p in people] == ["IEEE Computer Society", "Zhiwei Xiong"]


@pytest.mark.parametrize(
    ("raw", "display", "last"),
    [
        (r"J{\"o}rg M{\"u}ller", "Jörg Müller", "Müller"),
        (r"M\"{u}ller, J\"{o}rg", "Jörg Müller", "Müller"),
        (r"{\'E}mile Zola", "Émile Zola", "Zola"),
        (r"{\v{C}}apek, Karel", "Karel Čapek", "Čapek"),
        (r"Pe\~na, Jos\'e", "José Peña", "Peña"),
        (r"Erd{\H{o}}s, Paul", "Paul Erdős", "Erdős"),
        (r"Gau{\ss}, Carl", "Carl Gauß", "Gauß"),
    ],
)
def test_latex_converted(raw: str, display: str, last: str) -> None:
    person = one(raw)
    assert person.display == display
    assert person.last == last


def test_lower_case_accent_starts_von() -> None:
    # {\'e} counts as the lower-case letter it makes.
    assert parts(one(r"Jean {\'e}t{\'e} Dupont")) == ("Jean", "été", "Dupont", "")


@pytest.mark.parametrize(
    "raw",
    ["Alice Smith and others", "Alice Smith and Others", "Alice Smith and others  "],
)
def test_and_others(raw: str) -> None:
    people = parse_people(raw)
    assert people[0].display == "Alice Smith"
    assert people[-1] == Person(display="et al.", others=True)


# ------------------------------------------------------------------- markers


@pytest.mark.parametrize(
    ("raw", "display", "marker"),
    [
        ("Einstein*†, A.", "A. Einstein", "*†"),
        ("Albert Einstein*", "Albert Einstein", "*"),
        ("Xiong, Zhiwei*", "Zhiwei Xiong", "*"),
        ("Albert Einstein‡", "Albert Einstein", "‡"),
        (r"Albert Einstein\dag", "Albert Einstein", "†"),
        (r"Albert Einstein\ddag", "Albert Einstein", "‡"),
        (r"Albert Einstein$^*$", "Albert Einstein", "*"),
        (r"Albert Einstein$^\dagger$", "Albert Einstein", "†"),
        (r"Albert Einstein$^{\ddagger}$", "Albert Einstein", "‡"),
        (r"Albert Einstein\textsuperscript{*}", "Albert Einstein", "*"),
        (r"Albert Einstein\textsuperscript{\dag}", "Albert Einstein", "†"),
        (r"Albert Einstein^*", "Albert Einstein", "*"),
        (r"Albert Einstein^{*}", "Albert Einstein", "*"),
        (r"Albert Einstein*$^\dagger$", "Albert Einstein", "*†"),
        (r"Albert Einstein$^{*,\dagger}$", "Albert Einstein", "*†"),
        (r"Albert Einstein\textsuperscript{*,\dag}", "Albert Einstein", "*†"),
        (r"Albert Einstein \dag", "Albert Einstein", "†"),
        (r"Einstein\dag, Albert", "Albert Einstein", "†"),
        (r"Einstein, Albert\ddag*", "Albert Einstein", "‡*"),
        (r"Albert Einstein{*}", "Albert Einstein", "*"),
    ],
)
def test_markers(raw: str, display: str, marker: str) -> None:
    person = one(raw)
    assert person.display == display
    assert person.marker == marker
    assert "*" not in person.last and "†" not in person.last


def test_markers_in_a_list() -> None:
    people = parse_people(r"Zeyu Xiao* and Zhiwei Xiong*\dag and Feng Wu")
    assert [(p.display, p.marker) for p in people] == [
        ("Zeyu Xiao", "*"),
        ("Zhiwei Xiong", "*†"),
        ("Feng Wu", ""),
    ]


def test_dag_prefix_of_a_word_is_not_a_marker() -> None:
    assert one(r"Albert \dagname").marker == ""


# ---------------------------------------------------------------- robustness


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_never_raises(raw: str) -> None:
    people = parse_people(raw)
    assert all(isinstance(p, Person) for p in people)


_LATEXY = st.text(alphabet="aZ \t,~{}\\$^*'\"-.and", max_size=60)


@settings(max_examples=400, deadline=None)
@given(_LATEXY)
def test_never_raises_on_latex_like_text(raw: str) -> None:
    for person in parse_people(raw):
        assert person.display.strip() == person.display


@settings(max_examples=200, deadline=None)
@given(st.lists(st.from_regex(r"[A-Z][a-z]{1,8}", fullmatch=True), min_size=2, max_size=6))
def test_first_last_round_trip(words: list[str]) -> None:
    person = one(" ".join(words))
    assert person.last == words[-1]
    assert person.first == " ".join(words[:-1])
    assert one(f"{words[-1]}, {' '.join(words[:-1])}") == person


#: Inputs that would make a careless tokenizer quadratic or recursive.
ADVERSARIAL_NAMES = [
    "{" + "*" * 5000 + "x}",
    "$" * 5000,
    "{" * 5000,
    "}" * 5000,
    " and " * 2000,
    "a," * 3000,
    "\\" * 5000,
    "$^{" + "*," * 2000 + "x}$",
]


def test_adversarial_inputs_parse() -> None:
    # How fast these go is measured by benchmarks/micro.py, not here.
    for raw in ADVERSARIAL_NAMES:
        people = parse_people(raw)
        assert isinstance(people, tuple)
        assert all(isinstance(person, Person) for person in people)
    assert len(parse_people(" and " * 2000)) == 0
    assert len(parse_people("a," * 3000)) <= 3000


def test_parse_is_memoised() -> None:
    raw = "Memo Test and Cache Check"
    assert parse_people(raw) is parse_people(raw)


# --------------------------------------------------------------- member index


MEMBERS = ["Zhiwei Xiong", "Zeyu Xiao", "Zha, Zheng-Jun", "Jörg Müller", "Ludwig van Beethoven"]


@pytest.mark.parametrize(
    "raw",
    [
        "Zhiwei Xiong",
        "Xiong, Zhiwei",
        "Z. Xiong",
        "Xiong, Z.",
        "Z Xiong",
        "ZHIWEI XIONG",
        "zhiwei xiong",
        "{Zhiwei} {Xiong}",
        "Xiong, Zhiwei*",
        "XIONG Zhiwei",
        "{Zhiwei Xiong}",
        "Zheng-Jun Zha",
        "Zheng Jun Zha",
        "Zhengjun Zha",
        "Z.-J. Zha",
        "Z. J. Zha",
        "Zha, Z.-J.",
        "Z. Zha",
        "Zheng J. Zha",
        r"J{\"o}rg M{\"u}ller",
        "Jorg Muller",
        "J. Müller",
        "van Beethoven, Ludwig",
        "L. van Beethoven",
    ],
)
def test_member_matches(raw: str) -> None:
    index = MemberIndex(MEMBERS)
    assert index.match(one(raw)) == (True, "")


@pytest.mark.parametrize(
    "raw",
    [
        "Zhang Xiong",
        "Xiong, Zhang",
        "Y. Xiong",
        "Xiong",
        "Zhiwei Xiang",
        "Zhiwei",
        "Zheng Zha",
        "Z.-Y. Zha",
        "Zeyu Xiong",
        "Jorge Muller",
    ],
)
def test_member_does_not_match(raw: str) -> None:
    index = MemberIndex(MEMBERS)
    assert index.match(one(raw)) == (False, "")


def test_initial_member_does_not_match_a_full_name() -> None:
    # An initial matches only when the author's first name is the initial.
    index = MemberIndex(["Z. Xiong"])
    assert index.match(one("Z. Xiong")) == (True, "")
    assert index.match(one("Zhang Xiong")) == (False, "")


def test_member_urls() -> None:
    index = MemberIndex({"Zhiwei Xiong": "https://x.example/", "Xiao, Zeyu": ""})
    assert index.match(one("Z. Xiong")) == (True, "https://x.example/")
    assert index.match(one("Zeyu Xiao")) == (True, "")
    assert index.match(one("Dong Liu")) == (False, "")


def test_member_tuple_and_others() -> None:
    index = MemberIndex(("Zhiwei Xiong",))
    assert len(index) == 1
    assert index.match(Person(display="et al.", others=True)) == (False, "")


def test_empty_index() -> None:
    assert MemberIndex([]).match(one("Zhiwei Xiong")) == (False, "")


def test_same_last_name_members() -> None:
    index = MemberIndex({"Dong Liu": "a", "Dan Liu": "b"})
    assert index.match(one("Dan Liu")) == (True, "b")
    assert index.match(one("Liu, Dong")) == (True, "a")


# ------------------------------------------------------------ short citations


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        ("Gao, Si", "Gao"),
        ("Si Gao and Zeyu Xiao", "Gao and Xiao"),
        ("Si Gao and Zeyu Xiao and Zhiwei Xiong", "Gao et al."),
        ("Si Gao and others", "Gao et al."),
        ("Ludwig van Beethoven", "van Beethoven"),
        ("{Corporate Names Ltd}", "Corporate Names Ltd"),
    ],
)
def test_short_citation_names(raw: str, expected: str) -> None:
    assert short_citation_names(parse_people(raw)) == expected
