"""``publication-stats``' numbers (bib/stats.py) and figure (html/chart.py), without Sphinx:
the counting invariants, enrich's ``counts_by_year`` read as untrusted data, and a figure
that is deterministic, escaped and readable at 30 years."""

from __future__ import annotations

import itertools
import random
import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxcontrib_researchtopics.bib import enrich_data as ed
from sphinxcontrib_researchtopics.bib.people import MemberIndex, parse_people
from sphinxcontrib_researchtopics.bib.records import Publication
from sphinxcontrib_researchtopics.bib.stats import MAX_YEARS, OTHER, count
from sphinxcontrib_researchtopics.html.chart import (
    LABEL_WIDTH,
    WIDTH,
    chart_html,
    nice_scale,
    year_step,
)

TYPES = ("article", "inproceedings", "book", "phdthesis", "misc")
TOPICS = ("video", "image", "spectrum", "light-field", "x", "y", "z", "w")
VENUES = ("CVPR", "TIP", "ECCV", "", "")
MEMBERS = ("Ada Lovelace", "Alan Turing", "Grace Hopper")
PEOPLE = (*MEMBERS, "Some One", "Another Person")

publications = st.lists(
    st.builds(
        lambda n, kind, year, topics, venue, authors, by_year: Publication(
            key=f"k{n}",
            entry_type=kind,
            year=str(year) if year else "",
            year_num=year,
            topics=tuple(topics),
            abbr=venue,
            authors=parse_people(" and ".join(authors)) if authors else (),
            citations_by_year=tuple(sorted(by_year.items())),
        ),
        st.integers(0, 10**6),
        st.sampled_from(TYPES),
        st.one_of(st.none(), st.integers(1990, 2026)),
        st.lists(st.sampled_from(TOPICS), max_size=3, unique=True),
        st.sampled_from(VENUES),
        st.lists(st.sampled_from(PEOPLE), max_size=3, unique=True),
        st.dictionaries(st.integers(2000, 2026), st.integers(0, 50), max_size=4),
    ),
    max_size=40,
    unique_by=lambda pub: pub.key,
)
BY = st.sampled_from(("none", "type", "topic", "venue", "member"))


def members() -> MemberIndex:
    return MemberIndex(list(MEMBERS))


@settings(max_examples=150, deadline=None)
@given(publications, BY, st.integers(1, 8))
def test_totals_count_each_entry_once_and_series_add_up(pubs, by, limit) -> None:
    stats = count(pubs, by, "publications", limit, members())
    dated = [pub for pub in pubs if pub.year_num is not None]
    # each dated entry once in the totals, once in its year's
    assert stats.total == len(dated) == stats.entries
    assert stats.left_out == len(pubs) - len(dated)
    for year, total in zip(stats.years, stats.totals, strict=True):
        assert total == sum(1 for pub in dated if pub.year_num == year)
    assert len(stats.series) <= limit + 1
    assert [s.label for s in stats.series].count(OTHER) <= 1
    for counts, total in zip(stats.counts, stats.totals, strict=True):
        if stats.overlapping:  # in each of its series, at least one
            assert all(n <= total for n in counts)
            assert sum(counts) >= total
        else:  # in exactly one series
            assert sum(counts) == total
    if stats.years:  # every year from the first to the last, no gaps
        assert list(stats.years) == list(range(stats.years[0], stats.years[-1] + 1))


@settings(max_examples=100, deadline=None)
@given(publications, BY, st.integers(1, 8))
def test_the_order_of_the_entries_changes_nothing(pubs, by, limit) -> None:
    shuffled = list(pubs)
    random.Random(len(pubs)).shuffle(shuffled)
    assert count(pubs, by, "publications", limit, members()) == count(
        shuffled, by, "publications", limit, members()
    )


@settings(max_examples=100, deadline=None)
@given(publications, st.sampled_from(("topic", "member")))
def test_a_shown_series_counts_exactly_its_entries(pubs, by) -> None:
    stats = count(pubs, by, "publications", 8, members())
    index = members()
    for j, series in enumerate(stats.series):
        if not series.value:
            continue
        for i, year in enumerate(stats.years):
            if by == "topic":
                mine = [p for p in pubs if p.year_num == year and series.value in p.topics]
            else:
                names = lambda p: {index.member_name(a) for a in p.authors}  # noqa: E731
                mine = [p for p in pubs if p.year_num == year and series.value in names(p)]
            assert stats.counts[i][j] == len(mine)


@settings(max_examples=100, deadline=None)
@given(publications, BY)
def test_citations_per_year_add_up(pubs, by) -> None:
    stats = count(pubs, by, "citations", 6, members())
    expected: dict[int, int] = {}
    for pub in pubs:
        for year, n in pub.citations_by_year:
            expected[year] = expected.get(year, 0) + n
    for year, total in zip(stats.years, stats.totals, strict=True):
        assert total == expected.get(year, 0)
    assert stats.total == sum(expected.values())


def test_other_holds_the_rest_and_entries_without_a_value() -> None:
    pubs = [
        Publication("a", "article", year="2020", year_num=2020, topics=("one",)),
        Publication("b", "article", year="2020", year_num=2020, topics=("one", "two")),
        Publication("c", "article", year="2021", year_num=2021, topics=("three", "four")),
        Publication("d", "article", year="2021", year_num=2021),
        Publication("e", "article", year="in press"),
    ]
    stats = count(pubs, "topic", limit=1)
    assert [s.label for s in stats.series] == ["one", OTHER]
    # c (two folded topics) counts once in Other; d (no topic) is there too
    assert stats.rows() == [(2020, 2, 1, 2), (2021, 0, 2, 2)]
    assert stats.left_out == 1


def test_a_stray_year_does_not_stretch_the_axis() -> None:
    pubs = [
        Publication("old", "misc", year="1066", year_num=1066),
        Publication("new", "misc", year="2024", year_num=2024),
    ]
    stats = count(pubs)
    assert len(stats.years) == MAX_YEARS and stats.years[-1] == 2024
    assert stats.total == 1 and stats.left_out == 1


# --------------------------------------------------------------- enrich's counts_by_year


def test_counts_by_year_are_checked_as_untrusted_data() -> None:
    raw = {
        "format": ed.FORMAT,
        "entries": {
            "a": {
                "counts_by_year": {
                    "value": [
                        {"year": 2024, "cited_by_count": 7},
                        {"year": 2023, "cited_by_count": 5},
                        {"year": 2023, "cited_by_count": 99},
                        {"year": "2022", "cited_by_count": 1},
                        {"year": 2021, "cited_by_count": -1},
                        {"year": True, "cited_by_count": 1},
                        ["2020", 1],
                    ],
                    "source": "openalex",
                    "fetched": "2026-01-05",
                }
            },
            "b": {
                "counts_by_year": {"value": "many", "source": "openalex", "fetched": "2026-01-05"}
            },
        },
    }
    data, problems = ed.parse_data(raw, "enrich.json")
    assert data["a"]["counts_by_year"].value == ((2023, 5), (2024, 7))
    assert "b" not in data
    assert any("b: counts_by_year: invalid value" in p.message for p in problems)
    # written back in the shape it is read in: the same data again
    again, problems = ed.parse_data(ed.to_json(data))
    assert again == data and not problems
    enriched = ed.enrich_publication(Publication("a", "article"), data["a"])
    assert enriched.citations_by_year == ((2023, 5), (2024, 7))
    assert enriched.digest  # a change of the counts re-reads the pages that chart them


# ------------------------------------------------------------------------- the figure


def sample(by: str = "topic") -> list[Publication]:
    pubs = []
    for n in range(60):
        year = 1995 + n % 30
        pubs.append(
            Publication(
                f"k{n}",
                TYPES[n % len(TYPES)],
                year=str(year),
                year_num=year,
                topics=(TOPICS[n % 3], TOPICS[(n + 1) % 5]),
                abbr=VENUES[n % 3],
            )
        )
    return pubs


def test_same_data_same_bytes() -> None:
    pubs = sample()
    href = lambda year, series: f"all.html?rt-year={year}"  # noqa: E731
    one = chart_html(count(pubs, "topic"), "Per year", "c1", "note", href)
    two = chart_html(count(list(reversed(pubs)), "topic"), "Per year", "c1", "note", href)
    assert one == two


def test_labels_and_titles_are_escaped() -> None:
    pubs = [
        Publication("a", "article", year="2020", year_num=2020, abbr='<script>x</script>&"'),
        Publication("b", "article", year="2021", year_num=2021, abbr="</svg><b>y</b>"),
    ]
    html = chart_html(count(pubs, "venue"), "</title><i>t</i>", "c1", "", lambda y, s: "?x=<")
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    ET.fromstring(html)  # well-formed: nothing closed an element early
    soup = BeautifulSoup(html, "lxml")
    assert soup.find("svg").find("title").string == "</title><i>t</i>"
    heads = [th.string for th in soup.select("thead th")]
    assert heads == ["Year", "</svg><b>y</b>", '<script>x</script>&"', "Total"]
    assert {a["href"] for a in soup.select("a.rt-stats-bar")} == {"?x=<"}


def test_thirty_years_of_labels_do_not_collide() -> None:
    html = chart_html(count(sample(), "type"), "Per year", "c1")
    soup = BeautifulSoup(html, "lxml")
    xs = [float(t["x"]) for t in soup.select("g.rt-stats-years text")]
    assert len(xs) >= 5, "the axis is labelled"
    assert all(b - a >= LABEL_WIDTH for a, b in itertools.pairwise(xs))
    assert all(0 <= x <= WIDTH for x in xs)
    assert year_step(30) > 1 and year_step(5) == 1


def test_the_figure_is_accessible() -> None:
    stats = count(sample(), "topic")
    soup = BeautifulSoup(chart_html(stats, "Per year", "c1", "overlap"), "lxml")
    svg = soup.find("svg")
    assert svg["role"] == "img"
    assert svg["aria-labelledby"] == "c1-title c1-desc"
    assert soup.find(id="c1-title").name == "title" and soup.find(id="c1-desc").name == "desc"
    assert "1995 to 2024" in soup.find("desc").string
    rows = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in soup.select("tbody tr")]
    assert [row[0] for row in rows] == [str(year) for year in range(1995, 2025)]
    assert [int(row[-1]) for row in rows] == list(stats.totals)
    assert soup.select_one("details.rt-stats-numbers > summary")
    legend = [li.get_text() for li in soup.select("ul.rt-stats-legend li")]
    assert legend[:-1] == [s.label for s in stats.series]
    assert not soup.select("a"), "no links without a finder"


def test_nice_scale() -> None:
    assert nice_scale(0) == (1, 1)
    assert nice_scale(4) == (4, 1)
    assert nice_scale(7) == (8, 2)
    assert nice_scale(42) == (50, 10)
    assert nice_scale(1234) == (1500, 500)
