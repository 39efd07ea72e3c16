"""Publications (or their citations) per year, per series: what ``publication-stats`` shows.

Pure: the directive counts with it, the HTML chart and the plain table show the same
:class:`Stats`, so a chart can never disagree with its table.  Invariants (tested with
hypothesis): the total of a year counts each entry once; with ``type``, ``venue`` or no
series an entry is in exactly one series, so a year's series add up to its total; with
``topic`` or ``member`` an entry counts once in *each* of its series (and once in
"Other" however many of its series were folded into it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..locale import N_
from .grouping import type_heading
from .people import MemberIndex
from .records import Publication

__all__ = [
    "BY_CHOICES",
    "MAX_SERIES",
    "MAX_YEARS",
    "METRICS",
    "OTHER",
    "OVERLAPPING",
    "Series",
    "Stats",
    "count",
]

#: What ``:by:`` may stack by: no series, the type heading, the topic, the venue badge
#: (``abbr``), the lab member.
BY_CHOICES = ("none", "type", "topic", "venue", "member")
#: What a bar counts: entries, or the citations they received that year (``enrich``).
METRICS = ("publications", "citations")
#: Stacks where an entry may belong to several series.
OVERLAPPING = frozenset({"topic", "member"})
#: The series that holds the rest (and entries without a value for ``:by:``).
OTHER = N_("Other")
#: ``:series:`` is capped: the stylesheet has this many colours (and "Other").
MAX_SERIES = 8
#: At most this many years, the latest: a stray "1066" must not make a 960-bar chart.
MAX_YEARS = 100


#: An entry's weights per year and its (value, label) series.
Row = tuple[dict[int, int], list[tuple[str, str]]]


@dataclass(frozen=True, slots=True)
class Series:
    """One stack: its label, and the finder's value for it ("" for "Other" and none)."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Stats:
    """The numbers of a chart: ``counts[i][j]`` of series ``j`` in ``years[i]``."""

    metric: str
    by: str
    series: tuple[Series, ...]
    years: tuple[int, ...]
    counts: tuple[tuple[int, ...], ...]
    #: Per year, each entry once (with overlapping series, less than the stack's sum).
    totals: tuple[int, ...]
    #: How many entries were counted (with a year, or with citation counts).
    entries: int
    #: Entries (or citations) left out: no year, or a year before the :data:`MAX_YEARS`.
    left_out: int

    @property
    def overlapping(self) -> bool:
        return self.by in OVERLAPPING

    @property
    def total(self) -> int:
        return sum(self.totals)

    def rows(self) -> list[tuple[int, ...]]:
        """One row per year: the year, a count per series, the total."""
        return [
            (year, *counts, total)
            for year, counts, total in zip(self.years, self.counts, self.totals, strict=True)
        ]


def _values(
    publication: Publication,
    by: str,
    members: MemberIndex | None,
    titles: Mapping[str, str],
) -> list[tuple[str, str]]:
    """The (value, label) pairs of the series *publication* is in, each once."""
    if by == "type":
        heading = type_heading(publication.entry_type)
        return [(heading, heading)]
    if by == "topic":
        return [(topic, titles.get(topic, topic)) for topic in dict.fromkeys(publication.topics)]
    if by == "venue":
        abbr = publication.abbr.strip()
        return [(abbr, abbr)] if abbr else []
    if by == "member" and members is not None:
        names = (members.member_name(person) for person in publication.authors)
        return [(name, name) for name in dict.fromkeys(name for name in names if name)]
    return []


def _weights(publication: Publication, metric: str) -> dict[int, int]:
    """Year -> what *publication* adds to that year's bar."""
    if metric == "citations":
        return {year: n for year, n in publication.citations_by_year if n > 0}
    return {publication.year_num: 1} if publication.year_num is not None else {}


def count(
    publications: Iterable[Publication],
    by: str = "none",
    metric: str = "publications",
    limit: int = 6,
    members: MemberIndex | None = None,
    titles: Mapping[str, str] | None = None,
) -> Stats:
    """Count *publications* per year, stacked by *by* into at most *limit* series and
    "Other".  Series are ranked by their totals (then label), so the result does not
    depend on the order of *publications*."""
    titles = titles or {}
    limit = max(1, min(limit, MAX_SERIES))
    rows: list[Row] = []
    left_out = 0
    for publication in publications:
        weights = _weights(publication, metric)
        if weights:
            rows.append((weights, _values(publication, by, members, titles)))
        elif metric == "publications":
            left_out += 1  # no year: not on a time axis
    years: tuple[int, ...] = ()
    if rows:
        last = max(year for weights, _ in rows for year in weights)
        first = max(min(year for weights, _ in rows for year in weights), last - MAX_YEARS + 1)
        years = tuple(range(first, last + 1))
        left_out += sum(n for weights, _ in rows for year, n in weights.items() if year < first)
    series = _rank(rows, by, metric, limit)
    index = {value: number for number, (label, value) in enumerate(series) if value}
    other = len(series) - 1
    position = {year: number for number, year in enumerate(years)}
    counts = [[0] * len(series) for _ in years]
    totals = [0] * len(years)
    for weights, values in rows:
        columns = {index.get(value, other) for value, _label in values} or {other}
        for year, n in weights.items():
            if year in position:
                totals[position[year]] += n
                for column in columns:
                    counts[position[year]][column] += n
    return Stats(
        metric=metric,
        by=by,
        series=tuple(Series(label, value) for label, value in series),
        years=years,
        counts=tuple(tuple(row) for row in counts),
        totals=tuple(totals),
        entries=len(rows),
        left_out=left_out,
    )


def _rank(rows: Sequence[Row], by: str, metric: str, limit: int) -> list[tuple[str, str]]:
    """(label, value) of the shown series, largest first, "Other" last when needed."""
    if by == "none" or by not in BY_CHOICES:
        label = N_("Citations") if metric == "citations" else N_("Publications")
        return [(label, "")] if rows else []
    sizes: Counter[str] = Counter()
    labels: dict[str, str] = {}
    rest = False
    for weights, values in rows:
        weight = sum(weights.values())
        rest = rest or not values
        for value, label in values:
            sizes[value] += weight
            labels.setdefault(value, label)
    ranked = sorted(sizes, key=lambda value: (-sizes[value], labels[value].casefold(), value))
    kept = [value for value in ranked if labels[value] != OTHER and value]
    rest = rest or len(kept) != len(ranked) or len(kept) > limit
    shown = [(labels[value], value) for value in kept[:limit]]
    if rest:
        shown.append((OTHER, ""))
    return shown
