"""``publication-stats`` on HTML pages: the chart's links resolved, and its visitor.

A post-transform after the lists are planned (so it sees whether the page has a finder)
makes each :class:`..sphinxext.nodes.rt_stats` an :class:`.nodes.rt_stats_chart`: its bars
link to the finder of the page named by ``:link:``, else of this page when a list here
has one, else nowhere.  EPUB keeps the plain table (its readers run no finder).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..bib.stats import Series
from ..sphinxext.nodes import rt_stats
from ..sphinxext.state import get_state
from .chart import Href, chart_html
from .finder import NO_SCRIPT_BUILDERS, slug
from .nodes import rt_finder_data, rt_stats_chart

#: The finder's URL parameter of each ``:by:`` (``?rt-year=2024&rt-type=books``).
PARAMS: dict[str, str] = {"type": "type", "topic": "topic", "venue": "venue", "member": "member"}


def finder_href(uri: str, by: str) -> Href:
    """A bar's link: *uri* with the finder's year (and series) chosen, the query before
    any fragment (singlehtml's ``#document-index``), where the finder reads it."""
    page, hash_sign, fragment = uri.partition("#")

    def href(year: int, series: Series | None) -> str:
        params = [("rt-year", str(year))]
        if series is not None and by in PARAMS:
            value = slug(series.value) if by == "type" else series.value
            params.append((f"rt-{PARAMS[by]}", value))
        return f"{page}?{urlencode(params)}{hash_sign}{fragment}"

    return href


class ChartStats(SphinxPostTransform):
    """Each chart with the finder it links to (after ``PlanEntries``, priority 120)."""

    default_priority = 130
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        charts = list(self.document.findall(rt_stats))
        if not charts:
            return
        builder: Any = get_state(self.env).builder
        if builder.name.startswith(NO_SCRIPT_BUILDERS):
            return  # the plain table
        docname = self.env.docname
        here = any(True for _ in self.document.findall(rt_finder_data))
        for node in charts:
            link = node.get("link", "")
            uri: str | None = None
            if link:
                uri = builder.get_relative_uri(docname, link)
            elif here:
                uri = ""
            chart = rt_stats_chart(
                stats=node["stats"],
                title=node["title"],
                note=node.get("note", ""),
                uri=uri,
                classes=list(node["classes"]),
                ids=list(node["ids"]),
            )
            chart.source, chart.line = node.source, node.line
            node.replace_self(chart)


def visit_stats_chart(self: Any, node: rt_stats_chart) -> None:
    stats = node["stats"]
    uri = node["uri"]
    href = finder_href(uri, stats.by) if uri is not None else None
    chart_id = node["ids"][0] if node["ids"] else "rt-stats"
    labels = get_state(self.builder.env).labels
    classes = tuple(node["classes"])
    title, note = node["title"], node["note"]
    self.body.append(chart_html(stats, title, chart_id, note, href, classes, labels))
    raise nodes.SkipNode
