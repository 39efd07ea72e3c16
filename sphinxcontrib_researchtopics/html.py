"""HTML-only shapes: ``<details>`` toggles, entry divs, group headings, the topic nav.

A post-transform limited to HTML formats swaps the plain nodes for these, so other
builders never see them; the visitors write the contract's HTML, escaping all text.
"""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import downloads
from .compat import builder_of
from .directives import rt_group
from .jsonld import script_text
from .resolve import NavItem, rt_nav
from .state import get_state


class rt_entry(nodes.General, nodes.Element):
    """``div.rt-publication`` carrying the raw key for ``page.html#KEY``."""


class rt_details(nodes.General, nodes.Element):
    """A ``<details>`` toggle: abstract, BibTeX or the rest of a long author list."""


class rt_summary(nodes.TextElement):
    """The ``<summary>`` of an :class:`rt_details`."""


class rt_div(nodes.General, nodes.Element):
    """A ``<div>`` standing in for a paragraph that must hold a block (``<details>``)."""


class HtmlShapes(SphinxPostTransform):
    """Make the HTML-only nodes from the plain ones (HTML formats only)."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        entries = get_state(self.env).bibliography.entries
        for box in list(self.document.findall(nodes.container)):
            if "rt_toggle" in box:
                self.toggle(box)
            elif "rt_key" in box:
                publication = entries.get(box["rt_key"])
                entry = rt_entry(
                    "",
                    *box.children,
                    ids=box["ids"],
                    classes=box["classes"],
                    key=box["rt_key"],
                    jsonld=script_text(publication) if publication else "",
                )
                box.replace_self(entry)
        for more in list(self.document.findall(nodes.inline)):
            if "rt-more" in more["classes"]:
                self.more_authors(more)
        self.download_link()

    def download_link(self) -> None:
        """After the page's first list: a link to the page's own .bib file."""
        builder = builder_of(self.env)
        if not downloads.supports(builder):
            return
        for box in self.document.findall(nodes.container):
            if "rt-publications" in box["classes"]:
                uri = downloads.bib_uri(builder, self.env.docname)
                ref = nodes.reference(
                    downloads.LABEL, downloads.LABEL, refuri=uri, classes=["rt-download-bib"]
                )
                box += nodes.paragraph("", "", ref, classes=["rt-download"])
                return

    def toggle(self, box: nodes.container) -> None:
        summary, *body = box.children
        details = rt_details(
            "",
            rt_summary(summary.astext(), summary.astext()),
            *body,
            classes=box["classes"],
            open=box["rt_open"],
            kind=box["rt_toggle"],
        )
        box.replace_self(details)

    def more_authors(self, more: nodes.inline) -> None:
        """ "and K more" that opens without JavaScript; its paragraph becomes a div."""
        count = len([c for c in more.children if not isinstance(c, nodes.Text)])
        label = f"and {more.get('more', count)} more"
        details = rt_details(
            "",
            rt_summary(label, label),
            *more.children,
            classes=["rt-more-authors"],
            open=False,
            kind="more",
        )
        para = more.parent
        para.insert(para.index(more), nodes.Text(" "))
        more.replace_self(details)
        para.replace_self(rt_div("", *para.children, classes=para["classes"]))


# -- visitors ----------------------------------------------------------------------------


def visit_entry(self: Any, node: rt_entry) -> None:
    self.body.append(self.starttag(node, "div", "", **{"data-rt-key": node["key"]}))


def depart_entry(self: Any, node: rt_entry) -> None:
    if node.get("jsonld"):
        self.body.append(f'<script type="application/ld+json">{node["jsonld"]}</script>')
    self.body.append("</div>\n")


def visit_details(self: Any, node: rt_details) -> None:
    attributes = {"open": "open"} if node["open"] else {}
    self.body.append(self.starttag(node, "details", "", **attributes))


def depart_details(self: Any, node: rt_details) -> None:
    if node["kind"] == "bibtex":
        self.body.append(
            '<button type="button" class="rt-copy" hidden>Copy</button>'
            '<span class="rt-copy-status" role="status" aria-live="polite"></span>'
        )
    self.body.append("</details>\n")


def visit_summary(self: Any, node: rt_summary) -> None:
    self.body.append(self.starttag(node, "summary", ""))


def depart_summary(self: Any, node: rt_summary) -> None:
    self.body.append("</summary>")


def visit_div(self: Any, node: rt_div) -> None:
    self.body.append(self.starttag(node, "div", ""))


def depart_div(self: Any, node: rt_div) -> None:
    self.body.append("</div>\n")


def visit_group(self: Any, node: rt_group) -> None:
    level = int(node.get("level", 2))
    self.body.append(self.starttag(node, f"h{level}", ""))


def depart_group(self: Any, node: rt_group) -> None:
    self.body.append(f"</h{int(node.get('level', 2))}>\n")


def _nav_item(item: NavItem) -> str:
    current = ' aria-current="page"' if item.current else ""
    count = (
        f' <span class="rt-count" aria-label="{item.count} publications">{item.count}</span>'
        if item.count is not None
        else ""
    )
    return (
        f'<li><a class="rt-topic-link" href="{escape(item.uri)}"{current}>'
        f"{escape(item.title)}{count}</a></li>"
    )


def visit_nav(self: Any, node: rt_nav) -> None:
    classes = " ".join(escape(name) for name in node["classes"]) or "rt-topic-nav"
    items = "".join(_nav_item(item) for item in node["items"])
    self.body.append(
        f'<nav class="{classes}" aria-label="Research topics"><ul>{items}</ul></nav>\n'
    )
    raise nodes.SkipNode


def visit_rubric_group(self: Any, node: rt_group) -> None:
    """Other builders: a group heading is a rubric."""
    self.visit_rubric(node)


def depart_rubric_group(self: Any, node: rt_group) -> None:
    self.depart_rubric(node)


HTML_NODES: tuple[tuple[type[nodes.Element], Any, Any], ...] = (
    (rt_entry, visit_entry, depart_entry),
    (rt_details, visit_details, depart_details),
    (rt_summary, visit_summary, depart_summary),
    (rt_div, visit_div, depart_div),
    (rt_nav, visit_nav, None),
)
