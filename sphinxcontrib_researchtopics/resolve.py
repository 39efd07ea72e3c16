"""Post-transforms for every builder: placeholders that need other pages' data.

Topic navs and "Also in" links are resolved here, after all documents are read, so
titles and counts are complete; HTML builders get HTML-only nodes, others plain ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .compat import builder_of
from .directives import rt_topic_nav
from .domain import ResearchTopicsDomain

#: Builders whose readers cannot follow a link: show the URL after its label.
URL_SHOWING_FORMATS = ("text", "man", "texinfo")


@dataclass(frozen=True)
class NavItem:
    """One resolved link of a topic bar."""

    title: str
    docname: str
    uri: str
    current: bool
    count: int | None


class rt_nav(nodes.General, nodes.Element):
    """HTML-only: ``<nav class="rt-topic-nav">`` with resolved items."""


def page_title(env: Any, docname: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


class ResolvePlaceholders(SphinxPostTransform):
    """Turn ``rt_topic_nav`` placeholders and entries marked ``rt_also_in`` into links."""

    default_priority = 20

    @property
    def domain(self) -> ResearchTopicsDomain:
        return cast("ResearchTopicsDomain", self.env.get_domain("rt"))

    @property
    def builder(self) -> Any:
        return builder_of(self.env)

    def is_html(self) -> bool:
        return bool(self.builder.format == "html")

    def run(self, **kwargs: Any) -> None:
        docname = self.env.docname
        for nav in list(self.document.findall(rt_topic_nav)):
            nav.replace_self(self.nav(nav, docname))
        for entry in self.document.findall(nodes.container):
            if entry.get("rt_also_in"):
                also = self.also_in(entry["rt_key"], docname)
                if also is not None:
                    entry += also
        if self.builder.format in URL_SHOWING_FORMATS:
            self.show_urls()

    def uri(self, fromdoc: str, todoc: str, anchor: str = "") -> str:
        uri = self.builder.get_relative_uri(fromdoc, todoc)
        if anchor:  # singlehtml's page URIs are fragments themselves: replace them
            return f"{uri.partition('#')[0]}#{anchor}"
        return uri or "#"

    def nav(self, node: rt_topic_nav, docname: str) -> nodes.Node:
        pairs = node["items"] or [("", doc) for doc in self.domain.siblings(docname)]
        items = [
            NavItem(
                title or page_title(self.env, target),
                target,
                self.uri(docname, target) if self.is_html() else "",
                target == docname,
                self.domain.count(target) if node["counts"] else None,
            )
            for title, target in pairs
            if target in self.env.all_docs
        ]
        if self.is_html():
            return rt_nav(items=items, classes=node["classes"])
        para = nodes.paragraph(classes=node["classes"])
        for index, item in enumerate(items):
            if index:
                para += nodes.Text(" | ")
            label = item.title if item.count is None else f"{item.title} ({item.count})"
            para += nodes.strong(label, label) if item.current else nodes.Text(label)
        return para

    def also_in(self, key: str, docname: str) -> nodes.Node | None:
        others = [
            (doc, anchor)
            for doc, anchor, _single, topical in self.domain.pages_showing(key)
            if topical and doc != docname
        ]
        if not others:
            return None
        para = nodes.paragraph(classes=["rt-also-in"])
        para += nodes.Text("Also in: ")
        for index, (doc, anchor) in enumerate(others):
            if index:
                para += nodes.Text(", ")
            title = page_title(self.env, doc)
            if self.is_html():
                para += nodes.reference(title, title, refuri=self.uri(docname, doc, anchor))
            else:
                para += nodes.Text(title)
        return para

    def show_urls(self) -> None:
        """Text and man pages cannot follow links: append each link's URL."""
        for ref in list(self.document.findall(nodes.reference)):
            if "rt-link" in ref["classes"] and ref.get("refuri"):
                ref.parent.insert(ref.parent.index(ref) + 1, nodes.Text(f" <{ref['refuri']}>"))
