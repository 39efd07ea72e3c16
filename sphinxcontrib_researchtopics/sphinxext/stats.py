"""``publication-stats``: publications (or citations) per year, counted while reading.

The directive selects like ``publications`` (the same options, the same
:func:`.directives.select_publications`), records its query and the digests of what it
counts in the Domain, so a .bib edit re-reads the pages whose chart it changes, and leaves
an :class:`.nodes.rt_stats` holding the numbers and their plain table: LaTeX, text, man
and EPUB show the table, HTML builders draw the chart (``html/stats.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import docname_join
from sphinx.util.docutils import SphinxDirective

from ..bib.filters import OptionError
from ..bib.stats import BY_CHOICES, MAX_SERIES, METRICS, Series, Stats, count
from ..config import WARNING_TYPE
from ..locale import N_
from .directives import SELECTION_OPTIONS, query_of, select_publications
from .domain import get_domain
from .labels import ENGLISH, Labels
from .log import get_logger
from .nodes import rt_stats
from .state import get_state

logger = get_logger(__name__)

#: The default title of each (metric, ``:by:``): whole messages, for translators.
TITLES: dict[tuple[str, str], str] = {
    ("publications", "none"): N_("Publications per year"),
    ("publications", "type"): N_("Publications per year, by type"),
    ("publications", "topic"): N_("Publications per year, by topic"),
    ("publications", "venue"): N_("Publications per year, by venue"),
    ("publications", "member"): N_("Publications per year, by lab member"),
    ("citations", "none"): N_("Citations per year"),
    ("citations", "type"): N_("Citations per year, by type"),
    ("citations", "topic"): N_("Citations per year, by topic"),
    ("citations", "venue"): N_("Citations per year, by venue"),
    ("citations", "member"): N_("Citations per year, by lab member"),
}

#: What the legend says of stacks an entry may be in several of (metric, ``:by:``).
OVERLAP_NOTES: dict[tuple[str, str], str] = {
    ("publications", "topic"): N_(
        "With several topics, an entry counts once in each of them;"
        " the total counts each entry once."
    ),
    ("publications", "member"): N_(
        "With several lab members, an entry counts once in each of them;"
        " the total counts each entry once."
    ),
    ("citations", "topic"): N_(
        "With several topics, citations of an entry count once in each of them;"
        " the total counts each entry once."
    ),
    ("citations", "member"): N_(
        "With several lab members, citations of an entry count once in each of them;"
        " the total counts each entry once."
    ),
}

#: ``:series:`` when not given.
DEFAULT_SERIES = 6


def default_title(stats: Stats, labels: Labels = ENGLISH) -> str:
    """ "Publications per year, by topic"."""
    metric = "citations" if stats.metric == "citations" else "publications"
    title = TITLES.get((metric, stats.by)) or TITLES[metric, "none"]
    return labels(title)


def overlap_note(stats: Stats, labels: Labels = ENGLISH) -> str:
    """What the legend says when an entry may count in several series ("" otherwise)."""
    if not stats.overlapping:
        return ""
    metric = "citations" if stats.metric == "citations" else "publications"
    note = OVERLAP_NOTES.get((metric, stats.by))
    return labels(note) if note else ""


def series_label(stats: Stats, series: Series, labels: Labels = ENGLISH) -> str:
    """A stack's label as shown: the default ones ("Other", a type heading, "Publications")
    in the build's language; topics, venues and members as written."""
    if stats.by in ("none", "type") or not series.value:
        return labels(series.label)
    return series.label


def stats_table(stats: Stats, title: str, labels: Labels = ENGLISH) -> nodes.Element:
    """The numbers as a plain table: a row per year (the year first), a column per
    series, the total last."""
    if not stats.years:
        if stats.metric == "citations":
            text = labels("No citations.")
        else:
            text = labels("No publications.")
        return nodes.paragraph(text, text, classes=["rt-empty"])
    series = [series_label(stats, one, labels) for one in stats.series]
    # Translators: the first and last column headings of a table of counts per year
    header = [labels("Year"), *series, labels("Total")]
    table = nodes.table(classes=["rt-stats-table"])
    table += nodes.title(title, title)
    group = nodes.tgroup(cols=len(header))
    table += group
    rows = [[str(number) for number in row] for row in stats.rows()]
    for column in zip(header, *rows, strict=True):  # widths for the text builder
        group += nodes.colspec(colwidth=max(len(text) for text in column))
    head = nodes.thead()
    group += head
    head += _row(header)
    body = nodes.tbody()
    group += body
    for row in rows:
        body += _row(row)
    return table


def _row(cells: list[str]) -> nodes.row:
    row = nodes.row()
    for text in cells:
        row += nodes.entry("", nodes.paragraph(text, text))
    return row


class PublicationStatsDirective(SphinxDirective):
    """``.. publication-stats::``: a bar chart of publications (or citations) per year."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        **SELECTION_OPTIONS,
        "by": directives.unchanged,
        "series": directives.unchanged,
        "metric": directives.unchanged,
        "link": directives.unchanged_required,
        "title": directives.unchanged,
        "class": directives.class_option,
    }

    def warn(self, message: str, subtype: str) -> None:
        logger.warning(message, type=WARNING_TYPE, subtype=subtype, location=self.get_location())

    def run(self) -> list[nodes.Node]:
        query = query_of(self.options)
        state = get_state(self.env)
        domain = get_domain(self.env)
        docname = self.env.docname
        try:
            selected, missing = select_publications(state, query)
        except OptionError as error:
            self.warn(f"publication-stats: {error}", "option")
            domain.note_query(docname, query, ())
            return []
        for key in missing:
            self.warn(f"publication key {key!r} is not in any .bib file", "missing_key")
        domain.note_query(docname, query, tuple(pub.key for pub in selected))
        domain.note_digests(docname, {pub.key: pub.digest for pub in selected})
        by = self.choice("by", BY_CHOICES, "none")
        metric = self.choice("metric", METRICS, "publications")
        stats = count(selected, by, metric, self.series(), state.members, state.topic_titles)
        labels = state.labels
        title = " ".join(self.options.get("title", "").split()) or default_title(stats, labels)
        node = rt_stats(
            stats=stats,
            title=title,
            note=overlap_note(stats, labels),
            link=self.link(),
            classes=["rt-stats", *self.options.get("class", [])],
        )
        node["ids"].append(f"rt-stats-{self.env.new_serialno('rt-stats')}")
        self.set_source_info(node)
        node += stats_table(stats, title, labels)
        if node["note"]:
            node += nodes.paragraph(node["note"], node["note"], classes=["rt-stats-note"])
        return [node]

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        """An option that is one of *choices*; anything else is warned about."""
        value = (self.options.get(name) or default).strip().lower()
        if value in choices:
            return value
        self.warn(
            f"publication-stats: :{name}: {value!r} is not one of {', '.join(choices)};"
            f" using {default!r}",
            "option",
        )
        return default

    def series(self) -> int:
        """``:series:``: 1 to :data:`MAX_SERIES` (else warned and the default)."""
        text = (self.options.get("series") or "").strip()
        if not text:
            return DEFAULT_SERIES
        if text.isdigit() and 1 <= int(text) <= MAX_SERIES:
            return int(text)
        self.warn(
            f"publication-stats: :series: {text!r} is not a number from 1 to {MAX_SERIES};"
            f" using {DEFAULT_SERIES}",
            "option",
        )
        return DEFAULT_SERIES

    def link(self) -> str:
        """``:link:``: the page whose list the bars link to (a docname), or ""."""
        target = (self.options.get("link") or "").strip()
        if not target:
            return ""
        name = target.removesuffix(".rst").removesuffix(".md").removesuffix(".html")
        docname = name.lstrip("/") if name.startswith("/") else docname_join(self.env.docname, name)
        for found in (docname, f"{docname}/index"):
            if found in self.env.found_docs:
                return found
        self.warn(f"publication-stats: :link: no document {target!r}; bars not linked", "option")
        return ""
