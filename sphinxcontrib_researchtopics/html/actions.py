"""One action row per entry: its links and the Abstract, BibTeX and Cite controls.

``div.rt-actions`` holds ``span.rt-links`` and the panels' ``<details>``: closed, only
their ``<summary>`` shows, in the row; opened without JavaScript, a panel takes the full
width below the row (CSS).  researchtopics.js turns each summary into a button in the row
and moves the ``<details>`` below it, so several panels can be open at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from docutils import nodes

from ..bib.cite import available, format_entry
from ..bib.records import Publication
from ..sphinxext.labels import ENGLISH, Labels
from ..sphinxext.render import rich_nodes
from .nodes import rt_cite_text, rt_div, rt_span


def cite_body(
    publication: Publication, styles: Sequence[str], labels: Labels = ENGLISH, locale: str = ""
) -> list[nodes.Node]:
    """Each style's text (in citeproc-py's *locale*) with its label and copy button;
    empty without citeproc-py."""
    if not styles or not available():
        return []
    body: list[nodes.Node] = []
    copy = labels("Copy")
    for label, rich in format_entry(publication, styles, locale):
        box = nodes.container(classes=["rt-cite-style"])
        box += nodes.paragraph(label, label, classes=["rt-cite-label"])
        box += rt_cite_text("", "", *rich_nodes(rich), classes=["rt-cite-text"], copy=copy)
        body.append(box)
    return body


#: The order of the panels' controls in the row.
PANEL_ORDER = ("abstract", "bibtex", "cite")


def action_row(children: list[nodes.Node]) -> list[nodes.Node]:
    """The links paragraph and the panels gathered into one ``div.rt-actions``.

    The row takes the place of the first of them; the rest of the entry keeps its order.
    """
    links: nodes.Element | None = None
    panels: list[nodes.Element] = []
    rest: list[nodes.Node] = []
    position = -1
    for child in children:
        if isinstance(child, nodes.paragraph) and "rt-links" in child["classes"]:
            links = child
        elif isinstance(child, nodes.Element) and child.get("kind") in PANEL_ORDER:
            panels.append(child)
        else:
            rest.append(child)
            continue
        if position < 0:
            position = len(rest)
    if links is None and not panels:
        return children
    row = rt_div("", classes=["rt-actions"])
    if links is not None:
        row += rt_span("", "", *links.children, classes=links["classes"])
    panels.sort(key=lambda panel: PANEL_ORDER.index(panel["kind"]))
    row.extend(panels)
    return [*rest[:position], row, *rest[position:]]


def visit_span(self: Any, node: rt_span) -> None:
    self.body.append(self.starttag(node, "span", ""))


def depart_span(self: Any, node: rt_span) -> None:
    self.body.append("</span>")


def visit_cite_text(self: Any, node: rt_cite_text) -> None:
    self.body.append(self.starttag(node, "p", ""))


def depart_cite_text(self: Any, node: rt_cite_text) -> None:
    copy = escape(node.get("copy") or "Copy", quote=False)
    self.body.append(
        f'</p><button type="button" class="rt-copy" hidden>{copy}</button>'
        '<span class="rt-copy-status" role="status" aria-live="polite"></span>\n'
    )


ACTION_NODES: tuple[tuple[type[nodes.Element], Any, Any], ...] = (
    (rt_span, visit_span, depart_span),
    (rt_cite_text, visit_cite_text, depart_cite_text),
)
