"""Post-transforms for every builder: placeholders that need other pages' data.

Entries, their "Also in" links and topic navs are made here, after all documents are
read, so titles and counts are complete; HTML builders get HTML-only nodes (later, from
:mod:`.html`), others plain ones.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import Any, NamedTuple

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..bib.records import Publication
from .compat import builder_of
from .directives import rt_entries, rt_topic_nav
from .domain import ResearchTopicsDomain, get_domain
from .render import RenderOptions, missing_node, publication_node
from .state import BuildState, get_state

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


#: Whether the cyclic collector was on when :func:`pause_collector` paused it (empty when
#: it is not paused).
_paused: list[bool] = []


def pause_collector() -> None:
    """Pause the cyclic collector while a page's entries are made, shaped and written.

    The nodes are many objects, all kept until the entries are written; the collector,
    run every few hundred new objects, rescans the growing tree again and again (a tenth
    of a cold build of 4,839 entries).  :func:`resume_collector` turns it back on once
    the page's entries are written (``WriteEntries``, the end of the build at the latest).
    """
    if not _paused:
        _paused.append(gc.isenabled())
        gc.disable()


def resume_collector() -> None:
    """Undo :func:`pause_collector` (nothing if it did not pause)."""
    if _paused and _paused.pop():
        gc.enable()


class Planned(NamedTuple):
    """One entry of a list as :class:`ExpandEntries` plans it."""

    key: str
    node_id: str
    publication: Publication | None
    inner: list[nodes.Node]
    others: tuple[tuple[str, str, str], ...]
    memo_key: str
    #: Its HTML, written by an earlier build (see :mod:`..html.memo`).
    written: nodes.Element | None


class Plan(NamedTuple):
    """One list's entries, planned: what the placeholder read, and each entry."""

    options: RenderOptions
    local: dict[str, dict[str, nodes.Element]]
    previews: dict[str, nodes.Element]
    body: list[nodes.Node]
    items: list[Planned]


class _Resolver(SphinxPostTransform):
    """What the post-transforms here share: the Domain, the builder, page URIs."""

    @property
    def domain(self) -> ResearchTopicsDomain:
        return get_domain(self.env)

    @property
    def builder(self) -> Any:
        return builder_of(self.env)

    def is_html(self) -> bool:
        return bool(self.builder.format == "html")

    def uri(self, fromdoc: str, todoc: str, anchor: str = "") -> str:
        uri = self.builder.get_relative_uri(fromdoc, todoc)
        if anchor:  # singlehtml's page URIs are fragments themselves: replace them
            return f"{uri.partition('#')[0]}#{anchor}"
        return uri or "#"


class ExpandEntries(_Resolver):
    """Make each :class:`rt_entries` the entries' plain nodes, with "Also in" links.

    Runs after Sphinx's own post-transforms for references, ``only`` and images (up to
    priority 100), which find nothing to do in entries made from records: they then walk
    a page of thousands of entries as its few placeholders, not as 130,000 nodes.  What a
    ``publication`` body, a local link or a thumbnail holds was read into the placeholder,
    so those transforms still see it there.  The later steps (topic navs, HTML shapes,
    shown URLs) see ordinary nodes.
    """

    default_priority = 120
    #: Ids the entries were given while reading, and those given out so far.
    ids_taken: set[str]
    ids_used: set[str]

    def run(self, **kwargs: Any) -> None:
        pendings = list(self.document.findall(rt_entries))
        if not pendings:
            return
        state = get_state(self.env)
        if self.is_html():  # until WriteEntries has written them (it resumes it)
            pause_collector()
        # singlehtml, LaTeX and Texinfo resolve all pages as one document, where two
        # pages showing one key would give two elements one id: rename the later ones.
        self.ids_taken = {node_id for pending in pendings for _, node_id in pending["entries"]}
        self.ids_used = set()
        plans = [self.plan(pending, state) for pending in pendings]
        memo = state.entry_memo if self.is_html() else None
        # HTML builders may have some entries written by a second process (see
        # :mod:`..html.aside`): those get a placeholder, filled when entries are written.
        aside: set[str] = memo.aside(self, pendings, plans) if memo is not None else set()
        for pending, plan in zip(pendings, plans, strict=True):
            pending.replace_self(self.build(plan, state, aside))

    def unique(self, node_id: str) -> str:
        """*node_id*, or with a number added if an earlier entry has it."""
        result, number = node_id, 1
        while result in self.ids_used or (number > 1 and result in self.ids_taken):
            number += 1
            result = f"{node_id}-{number}"
        self.ids_used.add(result)
        return result

    def plan(self, pending: rt_entries, state: BuildState) -> Plan:
        """What each entry of *pending* becomes: its id, links, and its written HTML when
        the memo has it."""
        options: RenderOptions = pending["options"]
        local: dict[str, dict[str, nodes.Element]] = {}
        previews: dict[str, nodes.Element] = {}
        body: list[nodes.Node] = []
        html = self.is_html()
        for child in pending.children:
            if isinstance(child, nodes.Element) and "rt_preview" in child:
                if html:  # thumbnails are for screens: other formats keep the text only
                    previews[child["rt_key"]] = child
            elif isinstance(child, nodes.Element) and "rt_key" in child:
                local.setdefault(child["rt_key"], {})[child["rt_url"]] = child
            else:
                body.append(child)
        entries = state.bibliography.entries
        docname = self.env.docname
        memo = state.entry_memo if html else None
        items: list[Planned] = []
        last = len(pending["entries"]) - 1
        for index, (key, node_id) in enumerate(pending["entries"]):
            publication = entries.get(key) if node_id else None
            if publication is None:
                items.append(Planned(key, "", None, [], (), "", None))
                continue
            inner = body if index == last else []
            body = [] if inner else body
            node_id = self.unique(node_id)
            others = self.also_in(key, docname) if options.also_in else ()
            memo_key, written = "", None
            if memo is not None and not inner and key not in local and key not in previews:
                memo_key = memo.key(docname, publication, options, node_id, others)
                written = memo.recall(memo_key, key, node_id)
            items.append(Planned(key, node_id, publication, inner, others, memo_key, written))
        return Plan(options, local, previews, body, items)

    def build(self, plan: Plan, state: BuildState, aside: set[str]) -> list[nodes.Node]:
        """The entries' nodes; a body left over (the last key is missing) follows."""
        html = self.is_html()
        docname = self.env.docname
        memo = state.entry_memo
        result: list[nodes.Node] = []
        for item in plan.items:
            publication = item.publication
            if publication is None:
                result.append(missing_node(item.key))
            elif item.written is not None:
                result.append(item.written)
            elif item.memo_key in aside and memo is not None:
                result.append(memo.later(item.memo_key, item.key, item.node_id, plan.options))
            else:
                node = publication_node(
                    publication,
                    plan.options,
                    state.members,
                    item.node_id,
                    plan.local.get(item.key),
                    item.inner,
                    plan.previews.get(item.key),
                    html,
                )
                if item.memo_key:
                    node["rt_memo"] = item.memo_key
                if item.others:
                    node += self.also_in_node(item.others, docname)
                result.append(node)
        return result + plan.body

    def also_in(self, key: str, docname: str) -> tuple[tuple[str, str, str], ...]:
        """The other topic pages showing KEY: (docname, anchor, title)."""
        state = get_state(self.env)
        if state.topical_pages is None:  # all pages are read: one pass, not one per entry
            index: dict[str, list[tuple[str, str]]] = {}
            for doc, shown in sorted(self.domain.shown_on_all().items()):
                for shown_key, (anchor, _single, topical) in shown.items():
                    if topical:
                        index.setdefault(shown_key, []).append((doc, anchor))
            state.topical_pages = index
        return tuple(
            (doc, anchor, page_title(self.env, doc))
            for doc, anchor in state.topical_pages.get(key, ())
            if doc != docname
        )

    def also_in_node(self, others: tuple[tuple[str, str, str], ...], docname: str) -> nodes.Node:
        para = nodes.paragraph(classes=["rt-also-in"])
        para += nodes.Text("Also in: ")
        for index, (doc, anchor, title) in enumerate(others):
            if index:
                para += nodes.Text(", ")
            if self.is_html():
                para += nodes.reference(title, title, refuri=self.uri(docname, doc, anchor))
            else:
                para += nodes.Text(title)
        return para


class ResolvePlaceholders(_Resolver):
    """Turn ``rt_topic_nav`` placeholders into topic bars; show URLs where links can't go
    (after :class:`ExpandEntries`: entries have links)."""

    default_priority = 121

    def run(self, **kwargs: Any) -> None:
        docname = self.env.docname
        for nav in list(self.document.findall(rt_topic_nav)):
            nav.replace_self(self.nav(nav, docname))
        if self.builder.format in URL_SHOWING_FORMATS:
            self.show_urls()

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

    def show_urls(self) -> None:
        """Text and man pages cannot follow links: append each link's URL."""
        for ref in list(self.document.findall(nodes.reference)):
            if "rt-link" in ref["classes"] and ref.get("refuri"):
                ref.parent.insert(ref.parent.index(ref) + 1, nodes.Text(f" <{ref['refuri']}>"))
