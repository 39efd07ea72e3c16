"""HTML-only shapes: ``<details>`` toggles, entry divs, group headings, the topic nav.

A post-transform limited to HTML formats swaps the plain nodes for these, so other
builders never see them; the visitors write the HTML that ``docs/html.rst`` documents,
escaping all text.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..bib.jsonld import script_text
from ..sphinxext.compat import builder_of
from ..sphinxext.directives import rt_group
from ..sphinxext.render import NO_SEARCH, rt_bibtex_view
from ..sphinxext.resolve import NavItem, rt_nav
from ..sphinxext.state import get_state
from . import actions, downloads, media
from .bibview import entry_html, visit_bibtex_view


class rt_entry(nodes.General, nodes.Element):
    """``div.rt-publication`` carrying the raw key for ``page.html#KEY``."""


class rt_details(nodes.General, nodes.Element):
    """A ``<details>`` toggle: abstract, BibTeX or the rest of a long author list."""


class rt_summary(nodes.TextElement):
    """The ``<summary>`` of an :class:`rt_details`."""


class rt_div(nodes.General, nodes.Element):
    """A ``<div>`` standing in for a paragraph that must hold a block (``<details>``)."""


class rt_html(nodes.General, nodes.Element):
    """An entry already written as HTML (``html``); its one Text child is for search."""


def visit_html(self: Any, node: rt_html) -> None:
    self.body.append(entry_html(self, node["html"]))
    raise nodes.SkipNode


def is_entry(node: nodes.Node) -> bool:
    """An entry as made by the Sphinx side, or as written before (see :mod:`.memo`)."""
    return isinstance(node, (nodes.container, rt_html)) and "rt_key" in node


def _closed(node: nodes.Element) -> bool:
    """An entry without directive content (shaped entries: content only in unplain places)."""
    return isinstance(node, rt_entry) or (is_entry(node) and "rt_body" not in node)


def outside_entries(root: nodes.Element) -> Iterator[nodes.Element]:
    """The elements under *root* in document order, entries included but not their own
    nodes (most of a list page's nodes): only an entry's directive content is entered,
    where more entries may be.  What ``root.findall`` gives, minus the entries' insides."""
    stack = [iter(root.children)]
    while stack:
        for node in stack[-1]:
            if not isinstance(node, nodes.Element):
                continue
            yield node
            if node.children and not _closed(node):
                stack.append(iter(node.children))
                break
        else:
            stack.pop()


class HtmlShapes(SphinxPostTransform):
    """Make the HTML-only nodes from the plain ones (HTML formats only)."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        # One pass finds the entries; each parent's children are then rebuilt at once
        # (replace_self per entry would search the parent's children each time).
        parents: dict[int, nodes.Element] = {}
        first_list: nodes.Element | None = None  # the first list that shows an entry
        for box in outside_entries(self.document):
            if not is_entry(box):
                continue
            if isinstance(box, nodes.container):
                parents[id(box.parent)] = box.parent
            if first_list is None and "rt-publications" in box.parent["classes"]:
                first_list = box.parent
        for parent in parents.values():
            children = [
                self.entry(child)
                if isinstance(child, nodes.container) and "rt_key" in child
                else child
                for child in parent.children
            ]
            parent.children = []
            parent.extend(children)
        if first_list is not None:
            self.download_link(first_list)

    def entry(self, box: nodes.container) -> rt_entry:
        """``div.rt-publication``: toggles made ``<details>`` in one action row, the venue
        badge coloured, the thumbnail beside the text."""
        children: list[nodes.Node] = []
        preview: nodes.Element | None = None
        for child in box.children:
            if isinstance(child, nodes.container) and "rt_toggle" in child:
                child = self.toggle(child)
            elif isinstance(child, nodes.paragraph) and "rt-authors" in child["classes"]:
                child = self.authors(child)
            elif isinstance(child, nodes.paragraph) and "rt-title" in child["classes"]:
                self.title(child)
            elif isinstance(child, nodes.container) and "rt-preview" in child["classes"]:
                thumbs = [
                    media.thumbnail(c) for c in child.children if isinstance(c, nodes.Element)
                ]
                preview = rt_div("", *thumbs, classes=["rt-preview"])
                continue
            children.append(child)
        if box.get("rt_cite"):
            cite = self.cite(box["rt_key"])
            if cite is not None:
                children.append(cite)
        children = actions.action_row(children)
        classes = list(box["classes"])
        if preview is not None:
            classes.append("rt-has-preview")
            children = [preview, rt_div("", *children, classes=["rt-entry-body"])]
        return rt_entry(
            "",
            *children,
            ids=box["ids"],
            classes=classes,
            key=box["rt_key"],
            memo=box.get("rt_memo", ""),
        )

    def title(self, para: nodes.paragraph) -> None:
        """The venue badge gets its configured link and colours."""
        venues = get_state(self.env).venues
        for index, child in enumerate(para.children):
            if isinstance(child, nodes.inline) and "rt_venue" in child:
                para.children[index] = media.venue_badge(child, venues)
                para.children[index].parent = para

    def cite(self, key: str) -> rt_details | None:
        """The Cite panel (formatted now, at write time; nothing without citeproc-py)."""
        publication = get_state(self.env).bibliography.entries.get(key)
        if publication is None:
            return None
        body = actions.cite_body(publication, tuple(self.config.researchtopics_cite_styles))
        if not body:
            return None
        return rt_details(
            "",
            rt_summary("Cite", "Cite"),
            *body,
            classes=["rt-cite", *NO_SEARCH],
            open=False,
            kind="cite",
        )

    def download_link(self, box: nodes.Element) -> None:
        """After the page's first list that shows entries: a link to the page's .bib file
        (a list that selects nothing gets none: there is no file to download)."""
        builder = builder_of(self.env)
        if not downloads.supports(builder):
            return
        uri = downloads.bib_uri(builder, self.env.docname)
        ref = nodes.reference(
            downloads.LABEL, downloads.LABEL, refuri=uri, classes=["rt-download-bib"]
        )
        box += nodes.paragraph("", "", ref, classes=["rt-download"])

    def toggle(self, box: nodes.container) -> rt_details:
        summary, *body = box.children
        return rt_details(
            "",
            rt_summary(summary.astext(), summary.astext()),
            *body,
            classes=box["classes"],
            open=box["rt_open"],
            kind=box["rt_toggle"],
        )

    def authors(self, para: nodes.paragraph) -> nodes.Element:
        """ "and K more" that opens without JavaScript; its paragraph becomes a div."""
        more = next(
            (c for c in para.children if isinstance(c, nodes.inline) and "rt-more" in c["classes"]),
            None,
        )
        if more is None:
            return para
        label = f"and {more['more']} more"
        details = rt_details(
            "",
            rt_summary(label, label),
            *more.children,
            classes=["rt-more-authors"],
            open=False,
            kind="more",
        )
        children = []
        for child in para.children:
            if child is more:
                children.extend([nodes.Text(" "), details])
            else:
                children.append(child)
        return rt_div("", *children, classes=para["classes"])


# -- visitors ----------------------------------------------------------------------------


def visit_entry(self: Any, node: rt_entry) -> None:
    self.body.append(self.starttag(node, "div", "", **{"data-rt-key": node["key"]}))


def depart_entry(self: Any, node: rt_entry) -> None:
    publication = get_state(self.builder.env).bibliography.entries.get(node["key"])
    if publication is not None:
        self.body.append(f'<script type="application/ld+json">{script_text(publication)}</script>')
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


HTML_NODES: tuple[tuple[type[nodes.Element], Any, Any], ...] = (
    *media.MEDIA_NODES,
    (actions.rt_span, actions.visit_span, actions.depart_span),
    (actions.rt_cite_text, actions.visit_cite_text, actions.depart_cite_text),
    (rt_entry, visit_entry, depart_entry),
    (rt_details, visit_details, depart_details),
    (rt_summary, visit_summary, depart_summary),
    (rt_div, visit_div, depart_div),
    (rt_html, visit_html, None),
    (rt_nav, visit_nav, None),
    (rt_bibtex_view, visit_bibtex_view, None),
)
