"""Entries in HTML: planned once every page is read, written as the page is translated.

:class:`PlanEntries` (HTML formats, at the priority where other builders expand their
entries) plans each ``rt_entries`` with the planner every builder shares and replaces it
by an :class:`~.nodes.rt_entry_list`: the plan, the entries' searchable text (Sphinx feeds
the search index in the main process, before writer processes translate pages; the words
were made while reading, where ``-j`` runs in parallel, and only the "Also in" titles,
which need every page, are added here) and what the list read (local links, thumbnails,
a body).  It also puts the finder's data at the top of each list that gets one, and the
download link after the page's first list.

:func:`visit_entry_list` writes each entry as the page is translated (in a writer process
under ``-j``): its HTML from the memo when its key matches (see :mod:`.memo`), else made
from the record, shaped (:mod:`.shapes`), written (:mod:`.writer`) and kept.  So a page is
complete when Sphinx writes it.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..bib.cite import cite_locale
from ..sphinxext.nodes import rt_entries
from ..sphinxext.pageplan import builds_pages
from ..sphinxext.paperpages import get_plan
from ..sphinxext.render import also_in_node, missing_node, publication_node, search_text
from ..sphinxext.resolve import EntryPlanner, Plan, Planned
from ..sphinxext.state import BuildState, get_state
from . import downloads
from .finder import NO_SCRIPT_BUILDERS, setting_of, wants_finder
from .memo import entry_key, options_text
from .nodes import rt_entry_list, rt_finder_data
from .shapes import EntryShaper, PageLinks, page_links
from .state import HtmlState, html_state
from .writer import EntryWriter, entry_html, walked


class PlanEntries(SphinxPostTransform):
    """Each list's entries planned, for :func:`visit_entry_list` to write."""

    default_priority = 120
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        pendings = list(self.document.findall(rt_entries))
        if not pendings:
            return
        state = get_state(self.env)
        builder: Any = state.builder
        docname = self.env.docname
        planner = EntryPlanner(self.env, state, pendings)
        planner.fix_pub_links(self.document)
        pages = get_plan(self.env) if builds_pages(builder) else None
        lists: list[tuple[rt_entry_list, Plan]] = []
        for pending in pendings:
            plan = planner.plan(pending)
            # made while reading by an HTML builder; absent from pages.py's placeholders
            # and from pages another builder read
            read: dict[str, str] = pending.get("words", {})
            links = [
                page_links(pages, builder, docname, item.key) if item.publication else None
                for item in plan.items
            ]
            words = " ".join(
                (read.get(item.key) or search_text(item.publication, plan.options))
                + "".join(f" {title}" for title, _uri in item.others)
                for item in plan.items
                if item.publication is not None
            )
            node = rt_entry_list("", nodes.Text(words), plan=plan, links=links, docname=docname)
            node.extend(pending.children)  # what the list read: Sphinx's own steps see it
            pending.replace_self(node)
            lists.append((node, plan))
        self.add_finders(state, docname, lists)
        self.add_download_link(builder, docname, lists)

    def add_finders(
        self, state: BuildState, docname: str, lists: list[tuple[rt_entry_list, Plan]]
    ) -> None:
        """The finder's data at the top of each list that gets one."""
        builder: Any = state.builder
        if builder.name.startswith(NO_SCRIPT_BUILDERS):
            return
        setting = setting_of(self.config.researchtopics_finder)
        boxes: dict[int, tuple[nodes.Element, list[Planned]]] = {}
        for node, plan in lists:
            box = node.parent
            if isinstance(box, nodes.Element) and "rt_finder" in box:
                boxes.setdefault(id(box), (box, []))[1].extend(plan.items)
        for box, items in boxes.values():
            publications = [item.publication for item in items if item.publication is not None]
            if wants_finder(setting, box["rt_finder"], len(publications)):
                # its JSON is made by the visitor, where -j writes pages in parallel
                box.insert(0, rt_finder_data(publications=publications, docname=docname))

    @staticmethod
    def add_download_link(
        builder: Any, docname: str, lists: list[tuple[rt_entry_list, Plan]]
    ) -> None:
        """After the page's first list that shows entries: a link to the page's .bib file
        (a list that selects nothing gets none: there is no file to download)."""
        if not downloads.supports(builder):
            return
        for node, plan in lists:
            box = node.parent
            if (
                isinstance(box, nodes.Element)
                and "rt-publications" in box["classes"]
                and any(item.publication is not None for item in plan.items)
            ):
                uri = downloads.bib_uri(builder, docname)
                labels = get_state(builder.env).labels
                label = labels(downloads.LABEL)
                ref = nodes.reference(label, label, refuri=uri, classes=["rt-download-bib"])
                box += nodes.paragraph("", "", ref, classes=["rt-download"])
                return


class ListWriter:
    """Writes the entries of one list with the page's translator."""

    def __init__(self, translator: Any, node: rt_entry_list) -> None:
        self.translator = translator
        builder = translator.builder
        # Entries of plain nodes are written by a translator of their own (as the page's
        # is made), so what they hold leaves the page's translator as it was.
        self.own = builder.create_translator(translator.document, builder)
        env = builder.env
        self.state = get_state(env)
        self.html: HtmlState = html_state(env)
        self.docname: str = node["docname"]
        config = translator.config
        self.shaper = EntryShaper(
            self.state.venues,
            tuple(config.researchtopics_cite_styles),
            self.html.fast_views,
            self.state.labels,
            cite_locale(config.language),
        )
        self.memo = self.html.memo if self.docname in env.found_docs else None
        #: The entry writers of ``own`` (see :func:`.writer.entry_html`).
        self.writers: dict[bool, EntryWriter] = {}

    def write(self, plan: Plan, links: list[PageLinks | None]) -> None:
        body = self.translator.body
        options = options_text(plan.options)
        for item, link in zip(plan.items, links, strict=True):
            if item.publication is None or link is None:
                body.append(walked(self.own, missing_node(item.key, self.state.labels)))
                continue
            kept = not (item.inner or item.key in plan.local or item.key in plan.previews)
            key = ""
            if kept and self.memo is not None:
                key = entry_key(item.publication, options, item.node_id, item.others, link.key())
                found = self.memo.recall(self.docname, key)
                if found is not None:
                    self.html.recalled += 1
                    body.append(found)
                    continue
            text, plain = self.entry(plan, item, link)
            self.html.written += 1
            if key and plain and self.memo is not None:
                self.memo.keep(self.docname, key, text)
            body.append(text)
        for child in plan.body:
            body.append(walked(self.translator, child))

    def entry(self, plan: Plan, item: Planned, link: PageLinks) -> tuple[str, bool]:
        """One entry made from its record, shaped and written; whether its HTML may be
        kept (see :func:`.writer.entry_html`)."""
        publication = item.publication
        assert publication is not None
        box = publication_node(
            publication,
            plan.options,
            self.state.members,
            item.node_id,
            plan.local.get(item.key),
            item.inner,
            plan.previews.get(item.key),
            bibtex=False,
            labels=self.state.labels,
        )
        if item.others:
            box += also_in_node(item.others, self.state.labels)
        entry = self.shaper.entry(box, publication, link, plan.options.shows_bibtex(publication))
        return entry_html(
            self.writers, self.own, self.translator, entry, self.html, self.docname
        )


def visit_entry_list(self: Any, node: rt_entry_list) -> None:
    ListWriter(self, node).write(node["plan"], node["links"])
    raise nodes.SkipNode
