"""HTML-only shapes of one entry, and the visitors of every HTML-only node.

:class:`EntryShaper` turns one entry's plain nodes (:func:`..sphinxext.render.publication_node`)
into the HTML nodes: the title linked to its paper page, members to theirs, toggles as
``<details>`` in one action row, the venue badge coloured, the thumbnail beside the text,
the "Cited by" tooltip, the BibTeX and Cite panels.  The visitors write the HTML that
``docs/html.rst`` documents, escaping all text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from docutils import nodes

from ..bib.jsonld import script_text
from ..bib.records import Publication
from ..sphinxext.labels import ENGLISH, Labels
from ..sphinxext.nodes import rt_group, rt_topic_nav
from ..sphinxext.pageplan import PagePlan
from ..sphinxext.render import NO_SEARCH
from ..sphinxext.resolve import NavItem
from ..sphinxext.state import get_state
from ..sphinxext.venues import Venue
from . import actions, media
from .highlight import toggle_html
from .nodes import (
    rt_bibtex,
    rt_details,
    rt_div,
    rt_entry,
    rt_summary,
    rt_titled,
)


@dataclass(frozen=True)
class PageLinks:
    """Where an entry's title and member names link on this page (URIs, "" for none;
    no title link on the entry's own paper page, where the heading is the title)."""

    paper: str
    own_page: bool
    members: tuple[str, ...]

    def key(self) -> tuple[object, ...]:
        return (self.paper, self.own_page, self.members)


def page_links(plan: PagePlan | None, builder: Any, docname: str, key: str) -> PageLinks:
    """The links of KEY's entry on *docname* (none where the builder writes no pages)."""
    if plan is None:
        return PageLinks("", False, ())
    page = plan.paper_page(key)
    paper = builder.get_relative_uri(docname, page) if page and page != docname else ""
    members: list[str] = []
    if plan.member_folder is not None:
        for member in plan.member_authors.get(key, ()):
            if member is None:  # an author matched by no member page
                continue
            target = plan.member_page(member)
            uri = builder.get_relative_uri(docname, target) if target and target != docname else ""
            members.append(uri)
    return PageLinks(paper, page == docname, tuple(members))


class EntryShaper:
    """Shapes the entries of one build for HTML (see the module docstring)."""

    def __init__(
        self,
        venues: Mapping[str, Venue],
        cite_styles: tuple[str, ...],
        fast_views: bool,
        labels: Labels = ENGLISH,
        cite_locale: str = "",
    ) -> None:
        self.venues = venues
        self.cite_styles = cite_styles
        self.fast_views = fast_views
        #: The build's labels, and citeproc-py's locale for its language ("": the style's).
        self.labels = labels
        self.cite_locale = cite_locale

    def entry(
        self, box: nodes.container, publication: Publication, links: PageLinks, bibtex: bool
    ) -> rt_entry:
        """``div.rt-publication`` from the plain entry *box* (made without its BibTeX
        toggle: with *bibtex*, the panel is written here from the record)."""
        children: list[nodes.Node] = []
        preview: nodes.Element | None = None
        for child in box.children:
            if isinstance(child, nodes.container) and "rt_toggle" in child:
                child = self.toggle(child)
            elif isinstance(child, nodes.paragraph) and "rt-authors" in child["classes"]:
                child = self.authors(child, links.members)
            elif isinstance(child, nodes.paragraph) and "rt-heading" in child["classes"]:
                heading = self.heading(child, links)
                if heading is None:
                    continue
                child = heading
            elif isinstance(child, nodes.paragraph) and "rt-badges" in child["classes"]:
                self.titled(child)
            elif isinstance(child, nodes.container) and "rt-preview" in child["classes"]:
                thumbs = [
                    media.thumbnail(c) for c in child.children if isinstance(c, nodes.Element)
                ]
                preview = rt_div("", *thumbs, classes=["rt-preview"])
                continue
            children.append(child)
        if bibtex:  # where the plain entry has its toggle (a record's BibTeX is never empty)
            labels = self.labels
            panel = rt_bibtex(
                text=publication.bibtex,
                fast=self.fast_views,
                kind="bibtex",
                # Translators: the toggle showing an entry's BibTeX source (a format's name)
                summary=labels("BibTeX"),
                copy=labels("Copy"),
            )
            also = [
                i
                for i, child in enumerate(children)
                if isinstance(child, nodes.paragraph) and "rt-also-in" in child["classes"]
            ]
            children.insert(also[0] if also else len(children), panel)
        if box.get("rt_cite"):
            cite = self.cite(publication)
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
            key=publication.key,
            # its schema.org data, but on its own paper page, whose head carries it
            publication=None if links.own_page else publication,
        )

    def heading(self, para: nodes.paragraph, links: PageLinks) -> nodes.Element | None:
        """The venue badge coloured and linked, beside the title; the title linked to its
        paper page (on the paper page itself, whose heading is the title, only the badge
        stays, on a line of its own)."""
        children: list[nodes.Node] = []
        for child in para.children:
            if isinstance(child, nodes.inline) and "rt_venue" in child:
                child = media.venue_badge(child, self.venues)
            elif isinstance(child, nodes.inline) and "rt-title" in child["classes"]:
                if links.own_page:
                    continue
                if links.paper:
                    ref = nodes.reference("", "", *child.children, internal=True)
                    ref["refuri"] = links.paper
                    ref["classes"].append("rt-paper-link")
                    child = nodes.inline("", "", ref, classes=child["classes"])
            children.append(child)
        if links.own_page:
            badges = [c for c in children if isinstance(c, nodes.Element)]
            if not badges:
                return None
            return nodes.paragraph("", "", *badges, classes=["rt-title-badges"])
        return nodes.paragraph("", "", *children, classes=para["classes"])

    @staticmethod
    def titled(para: nodes.paragraph) -> None:
        """Inlines that carry ``rt_title`` ("Cited by N") get it as a tooltip."""
        for index, child in enumerate(para.children):
            if isinstance(child, nodes.inline) and "rt_title" in child:
                titled = rt_titled("", "", *child.children, classes=child["classes"])
                titled["title"] = child["rt_title"]
                para.children[index] = titled
                titled.parent = para

    def cite(self, publication: Publication) -> rt_details | None:
        """The Cite panel (nothing without citeproc-py)."""
        labels = self.labels
        body = actions.cite_body(publication, self.cite_styles, labels, self.cite_locale)
        if not body:
            return None
        # Translators: the toggle showing an entry formatted in citation styles (APA, ...)
        label = labels("Cite")
        return rt_details(
            "",
            rt_summary(label, label),
            *body,
            classes=["rt-cite", *NO_SEARCH],
            open=False,
            kind="cite",
        )

    @staticmethod
    def toggle(box: nodes.container) -> rt_details:
        summary, *body = box.children
        return rt_details(
            "",
            rt_summary(summary.astext(), summary.astext()),
            *body,
            classes=box["classes"],
            open=box["rt_open"],
            kind=box["rt_toggle"],
        )

    def authors(self, para: nodes.paragraph, member_uris: tuple[str, ...]) -> nodes.Element:
        """Members linked to their pages; "and K more" that opens without JavaScript
        (its paragraph then becomes a div)."""
        if member_uris:
            inlines = [n for n in para.findall(nodes.inline) if "rt-member" in n["classes"]]
            if len(inlines) == len(member_uris):
                for inline, uri in zip(inlines, member_uris, strict=True):
                    if uri:
                        text = inline.astext()
                        inline.children = []
                        inline += nodes.reference(
                            text, text, internal=True, refuri=uri, classes=["rt-member-link"]
                        )
        more = next(
            (c for c in para.children if isinstance(c, nodes.inline) and "rt-more" in c["classes"]),
            None,
        )
        if more is None:
            return para
        labels = self.labels
        count = int(more["more"])
        # Translators: shows the authors past researchtopics_max_authors ("A, B and 3 more")
        label = labels.plural("and {count} more", "and {count} more", count).format(count=count)
        details = rt_details(
            "",
            rt_summary(label, label),
            *more.children,
            classes=["rt-more-authors"],
            open=False,
            kind="more",
        )
        children: list[nodes.Node] = []
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
    publication = node.get("publication")
    if isinstance(publication, Publication):
        self.body.append(f'<script type="application/ld+json">{script_text(publication)}</script>')
    self.body.append("</div>\n")


def visit_details(self: Any, node: rt_details) -> None:
    attributes = {"open": "open"} if node["open"] else {}
    self.body.append(self.starttag(node, "details", "", **attributes))


def depart_details(self: Any, node: rt_details) -> None:
    self.body.append("</details>\n")


def visit_bibtex(self: Any, node: rt_bibtex) -> None:
    """The BibTeX panel, from the record the entry writer attached (``text``)."""
    self.body.append(
        toggle_html(self, node["text"], node["fast"], node.get("summary"), node.get("copy"))
    )
    raise nodes.SkipNode


def visit_summary(self: Any, node: rt_summary) -> None:
    self.body.append(self.starttag(node, "summary", ""))


def depart_summary(self: Any, node: rt_summary) -> None:
    self.body.append("</summary>")


def visit_div(self: Any, node: rt_div) -> None:
    self.body.append(self.starttag(node, "div", ""))


def depart_div(self: Any, node: rt_div) -> None:
    self.body.append("</div>\n")


def visit_titled(self: Any, node: rt_titled) -> None:
    self.body.append(self.starttag(node, "span", "", title=node["title"]))


def depart_titled(self: Any, node: rt_titled) -> None:
    self.body.append("</span>")


def visit_group(self: Any, node: rt_group) -> None:
    level = int(node.get("level", 2))
    self.body.append(self.starttag(node, f"h{level}", ""))


def depart_group(self: Any, node: rt_group) -> None:
    self.body.append(f"</h{int(node.get('level', 2))}>\n")


def _nav_item(item: NavItem, labels: Labels) -> str:
    current = ' aria-current="page"' if item.current else ""
    count = ""
    if item.count is not None:
        n = item.count
        said = labels.plural("{count} publication", "{count} publications", n).format(count=n)
        count = f' <span class="rt-count" aria-label="{escape(said)}">{n}</span>'
    return (
        f'<li><a class="rt-topic-link" href="{escape(item.uri)}"{current}>'
        f"{escape(item.title)}{count}</a></li>"
    )


def visit_nav(self: Any, node: rt_topic_nav) -> None:
    """A topic bar, from the items :class:`..sphinxext.resolve.ResolvePlaceholders` found."""
    classes = " ".join(escape(name) for name in node["classes"]) or "rt-topic-nav"
    resolved: list[NavItem] = node.get("resolved", [])
    labels = get_state(self.builder.env).labels
    items = "".join(_nav_item(item, labels) for item in resolved)
    # Landmarks of one role need distinct names: the page's second bar (the bottom one
    # the docs advise) is "Research topics (2)".
    number = next(n for n, nav in enumerate(self.document.findall(rt_topic_nav), 1) if nav is node)
    if number == 1:
        name = escape(labels("Research topics"))
    else:
        # Translators: the name of a page's second (third, ...) bar of topic links
        name = escape(labels("Research topics ({number})").format(number=number))
    self.body.append(f'<nav class="{classes}" aria-label="{name}"><ul>{items}</ul></nav>\n')
    raise nodes.SkipNode


HTML_NODES: tuple[tuple[type[nodes.Element], Any, Any], ...] = (
    *media.MEDIA_NODES,
    *actions.ACTION_NODES,
    (rt_entry, visit_entry, depart_entry),
    (rt_details, visit_details, depart_details),
    (rt_summary, visit_summary, depart_summary),
    (rt_div, visit_div, depart_div),
    (rt_titled, visit_titled, depart_titled),
    (rt_bibtex, visit_bibtex, None),
)
