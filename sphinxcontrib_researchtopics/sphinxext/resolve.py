"""Post-transforms for every builder: placeholders that need other pages' data.

Entries, their "Also in" links and topic navs are resolved here, after all documents are
read, so titles and counts are complete.  :class:`EntryPlanner` decides what each entry
of a list is (its id, the other pages showing it); :class:`ExpandEntries` makes the plain
nodes for every builder but HTML, whose entries are planned with the same planner and
written as the page is translated (``html/entrylist.py``), where ``-j`` writes pages in
parallel.  Topic navs become paragraphs, except in HTML, whose visitor writes the nav
from the resolved items.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..bib.records import Publication
from .domain import ResearchTopicsDomain, get_domain
from .nodes import rt_entries, rt_topic_nav
from .render import RenderOptions, also_in_node, missing_node, publication_node
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


def page_title(env: Any, docname: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


class Planned(NamedTuple):
    """One entry of a list, planned."""

    key: str
    #: Its element id, unique in the document ("" for a key no .bib file defines).
    node_id: str
    publication: Publication | None
    #: The directive's body (the last entry of a list gets it).
    inner: list[nodes.Node]
    #: The other topic pages showing it: (title, URI) in HTML, (title, "") elsewhere.
    others: tuple[tuple[str, str], ...]


class Plan(NamedTuple):
    """One list's entries, planned: what the placeholder read, and each entry."""

    options: RenderOptions
    #: key -> local file URL -> its link node (made while reading, so Sphinx copies it).
    local: dict[str, dict[str, nodes.Element]]
    #: key -> its thumbnail node (HTML only).
    previews: dict[str, nodes.Element]
    #: A body left over (the last key is missing): it follows the entries.
    body: list[nodes.Node]
    items: list[Planned]


class EntryPlanner:
    """Plans the lists of one document: ids unique in it, "Also in" pages with titles.

    singlehtml, LaTeX and Texinfo resolve all pages as one document, where two pages
    showing one key would give two elements one id: the later ones are renamed.
    """

    def __init__(self, env: Any, state: BuildState, pendings: list[rt_entries]) -> None:
        self.env = env
        self.state = state
        builder = state.builder
        self.builder: Any = builder
        self.html = builder is not None and builder.format == "html"
        self.docname: str = env.docname
        self.ids_taken = {node_id for pending in pendings for _, node_id in pending["entries"]}
        self.ids_used: set[str] = set()
        self.renamed = self._renamed(pendings)

    @property
    def domain(self) -> ResearchTopicsDomain:
        return get_domain(self.env)

    def uri(self, fromdoc: str, todoc: str, anchor: str = "") -> str:
        uri = str(self.builder.get_relative_uri(fromdoc, todoc))
        if anchor:  # singlehtml's page URIs are fragments themselves: replace them
            return f"{uri.partition('#')[0]}#{anchor}"
        return uri or "#"

    def unique(self, node_id: str, used: set[str] | None = None) -> str:
        """*node_id*, or with a number added if an earlier entry has it."""
        used = self.ids_used if used is None else used
        result, number = node_id, 1
        while result in used or (number > 1 and result in self.ids_taken):
            number += 1
            result = f"{node_id}-{number}"
        used.add(result)
        return result

    def _renamed(self, pendings: list[rt_entries]) -> dict[tuple[str, str], str]:
        """In one document made of several pages (singlehtml): (page, id the page read)
        -> the id :meth:`plan` will give that entry, so a link to a page's entry is to
        that page's copy (an "Also in" link went to the first page's copy)."""
        if not any(_page_of(pending, "") for pending in pendings):
            return {}
        entries = self.state.bibliography.entries
        used: set[str] = set()
        renamed: dict[tuple[str, str], str] = {}
        for pending in pendings:  # as plan() will, in the same order
            page = _page_of(pending, self.docname)
            for key, node_id in pending["entries"]:
                if node_id and entries.get(key) is not None:
                    renamed.setdefault((page, node_id), self.unique(node_id, used))
        return renamed

    def anchor(self, page: str, node_id: str) -> str:
        """The id of *page*'s entry that the page read as *node_id*, in this document."""
        return self.renamed.get((page, node_id), node_id)

    def plan(self, pending: rt_entries) -> Plan:
        """What each entry of *pending* becomes: its id and the other pages showing it."""
        options: RenderOptions = pending["options"]
        local: dict[str, dict[str, nodes.Element]] = {}
        previews: dict[str, nodes.Element] = {}
        body: list[nodes.Node] = []
        for child in pending.children:
            if isinstance(child, nodes.Element) and "rt_preview" in child:
                if self.html:  # thumbnails are for screens: other formats keep the text only
                    previews[child["rt_key"]] = child
            elif isinstance(child, nodes.Element) and "rt_key" in child:
                local.setdefault(child["rt_key"], {})[child["rt_url"]] = child
            else:
                body.append(child)
        entries = self.state.bibliography.entries
        items: list[Planned] = []
        page = _page_of(pending, self.docname) if self.renamed else self.docname
        last = len(pending["entries"]) - 1
        for index, (key, node_id) in enumerate(pending["entries"]):
            publication = entries.get(key) if node_id else None
            if publication is None:
                items.append(Planned(key, "", None, [], ()))
                continue
            inner = body if index == last else []
            body = [] if inner else body
            others = self.also_in(key, page) if options.also_in else ()
            items.append(Planned(key, self.unique(node_id), publication, inner, others))
        return Plan(options, local, previews, body, items)

    def also_in(self, key: str, page: str) -> tuple[tuple[str, str], ...]:
        """The topic pages other than *page* showing KEY: (title, URI, or "" outside HTML)."""
        state = self.state
        if state.topical_pages is None:  # all pages are read: one pass, not one per entry
            index: dict[str, list[tuple[str, str]]] = {}
            for doc, shown in sorted(self.domain.shown_on_all().items()):
                for shown_key, (anchor, _single, topical) in shown.items():
                    if topical:
                        index.setdefault(shown_key, []).append((doc, anchor))
            state.topical_pages = index
        return tuple(
            (
                page_title(self.env, doc),
                self.uri(self.docname, doc, self.anchor(doc, anchor)) if self.html else "",
            )
            for doc, anchor in state.topical_pages.get(key, ())
            if doc != page
        )

    def fix_pub_links(self, document: nodes.document) -> None:
        """``:pub:`` links in a document made of several pages: to the renamed id."""
        if not self.renamed:
            return
        for ref in document.findall(nodes.reference):
            target = ref.get("rt_target")
            if not target:
                continue
            if "refid" in ref:
                ref["refid"] = self.anchor(*target)
            elif ref.get("refuri", "").startswith("#"):
                ref["refuri"] = "#" + self.anchor(*target)


def _page_of(node: nodes.Element, default: str) -> str:
    """The page *node* came from in a document made of several, else *default*: Sphinx's
    ``inline_all_toctrees`` names it on each section of an included page (and wraps the
    page in a ``start_of_file``, not always its nodes' parent)."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.start_of_file) or (
            isinstance(parent, nodes.section) and "docname" in parent
        ):
            return str(parent["docname"])
        parent = parent.parent
    return default


def build_plain(plan: Plan, state: BuildState, html: bool = False) -> list[nodes.Node]:
    """The plain nodes of a planned list; a body left over (the last key is missing)
    follows the entries."""
    result: list[nodes.Node] = []
    labels = state.labels
    for item in plan.items:
        if item.publication is None:
            result.append(missing_node(item.key, labels))
            continue
        node = publication_node(
            item.publication,
            plan.options,
            state.members,
            item.node_id,
            plan.local.get(item.key),
            item.inner,
            plan.previews.get(item.key),
            bibtex=not html,
            labels=labels,
        )
        if item.others:
            node += also_in_node(item.others, labels)
        result.append(node)
    return result + plan.body


class ExpandEntries(SphinxPostTransform):
    """Make each :class:`rt_entries` the entries' plain nodes, with "Also in" links
    (every builder but HTML: see the module's docstring).

    Runs after Sphinx's own post-transforms for references, ``only`` and images (up to
    priority 100): what a ``publication`` body, a local link or a thumbnail holds was
    read into the placeholder, so those transforms see it there.
    """

    default_priority = 120

    def is_supported(self) -> bool:
        builder = get_state(self.env).builder
        return builder is not None and builder.format != "html"

    def run(self, **kwargs: Any) -> None:
        pendings = list(self.document.findall(rt_entries))
        if not pendings:
            return
        state = get_state(self.env)
        planner = EntryPlanner(self.env, state, pendings)
        plans = [planner.plan(pending) for pending in pendings]
        latex = state.builder is not None and state.builder.format == "latex"
        for pending, plan in zip(pendings, plans, strict=True):
            made = build_plain(plan, state)
            if latex:
                _label_entries(made, plan, pending)
            pending.replace_self(made)


def _label_entries(made: list[nodes.Node], plan: Plan, pending: rt_entries) -> None:
    r"""LaTeX writes no label for a container: a target with the id the page read opens
    each entry, the one a ``:pub:`` link names (``\hyperref[page:key]``; LaTeX puts the
    page before it, so ids need no renaming there).  Every ``:pub:`` in a PDF was a link
    to an undefined label."""
    for (_key, read_id), item, node in zip(pending["entries"], plan.items, made, strict=False):
        if item.publication is not None and read_id and isinstance(node, nodes.Element):
            node.insert(0, nodes.target("", "", ids=[read_id]))


class ResolvePlaceholders(SphinxPostTransform):
    """Resolve topic navs (their items; a paragraph outside HTML); show URLs where links
    can't go (after :class:`ExpandEntries`: entries have links)."""

    default_priority = 121

    def run(self, **kwargs: Any) -> None:
        docname = self.env.docname
        builder: Any = get_state(self.env).builder
        html = builder.format == "html"
        for nav in list(self.document.findall(rt_topic_nav)):
            items = nav_items(self.env, builder, nav, docname)
            if html:  # written by the HTML visitor from these
                nav["resolved"] = items
            else:
                nav.replace_self(nav_paragraph(items, nav["classes"]))
        if builder.format in URL_SHOWING_FORMATS:
            self.show_urls()

    def show_urls(self) -> None:
        """Text and man pages cannot follow links: append each link's URL."""
        for ref in list(self.document.findall(nodes.reference)):
            if "rt-link" in ref["classes"] and ref.get("refuri"):
                ref.parent.insert(ref.parent.index(ref) + 1, nodes.Text(f" <{ref['refuri']}>"))


def nav_items(env: Any, builder: Any, node: rt_topic_nav, docname: str) -> list[NavItem]:
    """The topic bar's links: its own items, or the pages of the toctree listing it."""
    domain = get_domain(env)
    html = builder.format == "html"
    pairs = node["items"] or [("", doc) for doc in domain.siblings(docname)]
    return [
        NavItem(
            title or page_title(env, target),
            target,
            (builder.get_relative_uri(docname, target) or "#") if html else "",
            target == docname,
            domain.count(target) if node["counts"] else None,
        )
        for title, target in pairs
        if target in env.all_docs
    ]


def nav_paragraph(items: list[NavItem], classes: list[str]) -> nodes.paragraph:
    """A topic bar as text: "A | **B** | C"."""
    para = nodes.paragraph(classes=classes)
    for index, item in enumerate(items):
        if index:
            para += nodes.Text(" | ")
        label = item.title if item.count is None else f"{item.title} ({item.count})"
        para += nodes.strong(label, label) if item.current else nodes.Text(label)
    return para
