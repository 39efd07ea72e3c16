"""An entry's HTML, written as the page's translator would write it, but faster.

A 4,839-entry list is 130,000 nodes; the translator dispatches each through two method
lookups and a generic ``starttag``.  This module walks an entry as
:meth:`docutils.nodes.Node.walkabout` does and calls the translator's visitors, except for
the commonest node types (text, paragraphs, inline, strong/emphasis, links and the
extension's own containers), which it writes directly as the stock HTML5 translator
does.  A translator whose visitors of those types are not the stock ones (a subclass, an
``add_node`` override) never takes the shortcut.  The shortcut is checked: the first
entries of every document are also written through the visitors alone, and one difference
turns it off for the rest of that document.  So how a page's entries are written depends
on the page and its translator alone, never on the pages a process wrote before: under
``-j`` each writer process sees only some pages (and an incremental build only the
changed ones), and a page must come out as a serial, clean build writes it.
An entry holding anything not in :data:`WRITABLE` (images, downloads, cross-references,
``only``...) is written by the page's own translator.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.writers.html5 import HTML5Translator

from ..sphinxext.log import get_logger
from .nodes import (
    rt_bibtex,
    rt_cite_text,
    rt_details,
    rt_div,
    rt_entry,
    rt_span,
    rt_summary,
    rt_titled,
    rt_venue_badge,
)
from .state import HtmlState

logger = get_logger(__name__)


#: Node types an entry may hold to be written here (exact types: a subclass may be
#: visited differently).
WRITABLE: frozenset[type[nodes.Node]] = frozenset({
    nodes.Text, nodes.paragraph, nodes.inline, nodes.strong, nodes.emphasis,
    nodes.reference, nodes.superscript, nodes.subscript, nodes.literal, nodes.container,
    rt_entry, rt_div, rt_details, rt_summary, rt_span, rt_cite_text, rt_venue_badge,
    rt_titled, rt_bibtex,
})  # fmt: skip

#: Reference attributes the shortcut leaves to the translator's visitor.
_VISITED_REFERENCE_ATTRIBUTES = frozenset(("reftitle", "target", "rel", "secnumber"))

#: Entries per document written both ways to check the shortcut.
CHECKED_PER_DOCUMENT = 8

#: The docutils node types whose visitors the shortcut stands in for.
_SHORTCUT_TYPES = ("Text", "paragraph", "inline", "strong", "emphasis", "reference")


def stock_visitors(translator: Any) -> bool:
    """Whether *translator* visits the node types the shortcut writes with the stock
    HTML5 translator's own methods (a theme's subclass or another extension's
    ``add_node(..., override=True)`` may write them otherwise, for some entries only)."""
    if not isinstance(translator, HTML5Translator):
        return False
    for name in _SHORTCUT_TYPES:
        for method in (f"visit_{name}", f"depart_{name}"):
            found = getattr(getattr(translator, method, None), "__func__", None)
            if found is not getattr(HTML5Translator, method, None):
                return False
    return True


class _Unwritable(Exception):
    """The entry holds a node this module does not write."""


class EntryWriter:
    """Writes nodes into ``translator.body`` (one per translator, reused by its entries)."""

    def __init__(self, translator: Any, shortcut: bool) -> None:
        self.translator = translator
        self.shortcut = shortcut
        self.chars: dict[int, str] = translator.special_characters
        #: ``attval``: control whitespace made spaces, then encoded.
        self.attribute_chars = {**dict.fromkeys(map(ord, "\n\r\t\v\f"), " "), **self.chars}
        #: Each list of classes met (most entries have the same few) as its ``class``
        #: attribute, "" for none, None where ``starttag`` would do more than this.
        self.class_attributes: dict[tuple[str, ...], str | None] = {}
        self.fast = (
            {
                nodes.Text: self._text,
                nodes.paragraph: self._paragraph,
                nodes.inline: self._inline,
                nodes.strong: self._strong,
                nodes.emphasis: self._emphasis,
                nodes.reference: self._reference,
                rt_div: self._div,
                rt_span: self._span,
                rt_summary: self._summary,
            }
            if shortcut
            else {}
        )

    def html(self, entry: nodes.Element) -> str:
        """The entry's HTML (raises :class:`_Unwritable`)."""
        translator = self.translator
        saved, translator.body = translator.body, []
        try:
            self.write(entry)
            return "".join(translator.body)
        finally:
            translator.body = saved

    def write(self, node: nodes.Node) -> None:
        kind = type(node)
        if kind not in WRITABLE:
            raise _Unwritable(kind.__name__)
        fast = self.fast.get(kind)
        if fast is not None and fast(node):
            return
        self._visit(node)

    def _visit(self, node: nodes.Node) -> None:
        """As :meth:`docutils.nodes.Node.walkabout`, children written by :meth:`write`."""
        translator = self.translator
        call_depart = True
        try:
            try:
                translator.dispatch_visit(node)
            except nodes.SkipNode:
                return
            except nodes.SkipDeparture:
                call_depart = False
            try:
                for child in node.children[:]:
                    self.write(child)
            except nodes.SkipSiblings:
                pass
        except nodes.SkipChildren:
            pass
        if call_depart:
            translator.dispatch_departure(node)

    # -- the shortcut: as the stock HTML5 translator writes them -------------------------

    def _children(self, node: nodes.Element) -> None:
        for child in node.children:
            self.write(child)

    def _start(
        self, node: nodes.Element, tag: str, extra: str = "", more: tuple[str, ...] = ()
    ) -> str | None:
        """``<tag ...>`` as ``starttag`` writes it (*more*: the visitor's own classes), or
        None where it would do more than this."""
        attributes = node.attributes
        names = (*attributes["classes"], *more)
        cache = self.class_attributes
        if names in cache:
            class_attribute = cache[names]
        else:
            class_attribute = cache[names] = self._class_attribute(names)
        ids = attributes["ids"]
        if class_attribute is None or len(ids) > 1:
            return None
        parts = [tag]
        if class_attribute:
            parts.append(class_attribute)
        if extra:
            parts.append(extra)
        if ids:
            parts.append(f'id="{self._attribute(ids[0])}"')
        return f"<{' '.join(parts)}>"

    def _class_attribute(self, names: tuple[str, ...]) -> str | None:
        """``class="..."`` as ``starttag`` writes *names*, "" for none, or None."""
        classes: list[str] = []
        for name in names:
            if name.strip() and name not in classes:
                classes.append(name)
        if any(name.startswith("language-") for name in classes):
            return None
        return f'class="{self._attribute(" ".join(classes))}"' if classes else ""

    def _attribute(self, value: str) -> str:
        return value.translate(self.attribute_chars)

    def _text(self, node: nodes.Node) -> bool:
        translator = self.translator
        if getattr(translator, "protect_literal_text", False) or translator.in_mailto:
            return False
        translator.body.append(node.astext().translate(self.chars))
        return True

    def _simple(self, node: nodes.Element, tag: str, end: str = "") -> bool:
        return self._wrapped(node, self._start(node, tag), end or f"</{tag}>")

    def _wrapped(self, node: nodes.Element, start: str | None, end: str) -> bool:
        """*node*'s children between *start* and *end* (nothing when *start* is None)."""
        if start is None:
            return False
        body = self.translator.body
        body.append(start)
        self._children(node)
        body.append(end)
        return True

    def _div(self, node: Any) -> bool:
        return self._simple(node, "div", "</div>\n")

    def _span(self, node: Any) -> bool:
        return self._simple(node, "span")

    def _summary(self, node: Any) -> bool:
        return self._simple(node, "summary")

    def _strong(self, node: Any) -> bool:
        return self._simple(node, "strong")

    def _emphasis(self, node: Any) -> bool:
        return self._simple(node, "em")

    def _inline(self, node: Any) -> bool:
        if isinstance(node.parent, (nodes.literal, nodes.literal_block)):
            return False
        if set(node["classes"]) & self.translator.supported_inline_tags:
            return False
        return self._simple(node, "span")

    def _paragraph(self, node: Any) -> bool:
        if isinstance(node.parent, (nodes.list_item, nodes.entry)) or self.translator.messages:
            return False
        return self._wrapped(node, self._start(node, "p"), "</p>\n")

    def _reference(self, node: Any) -> bool:
        attributes = node.attributes
        if (
            not isinstance(node.parent, nodes.TextElement)
            or "refuri" not in attributes
            or attributes["refuri"].startswith("mailto:")
            or not _VISITED_REFERENCE_ATTRIBUTES.isdisjoint(attributes)
        ):
            return False
        kind = "internal" if attributes.get("internal") else "external"
        href = f'href="{self._attribute(attributes["refuri"] or "#")}"'
        start = self._start(node, "a", href, ("reference", kind))
        return self._wrapped(node, start, "</a>")


def walked(translator: Any, node: nodes.Node) -> str:
    """*node*'s HTML as the translator's own walk writes it."""
    saved, translator.body = translator.body, []
    try:
        node.walkabout(translator)
        return "".join(translator.body)
    finally:
        translator.body = saved


def entry_html(
    writers: dict[bool, EntryWriter],
    translator: Any,
    page: Any,
    entry: rt_entry,
    html: HtmlState,
    docname: str,
) -> tuple[str, bool]:
    """*entry*'s HTML, and whether it depends on nothing but the entry.

    Written with *translator* (a translator of the page's kind, apart from the page's
    own, whose state the entry then leaves as it was) by the shortcut, checked on the
    first entries of each page, and off for the rest of a page where it differed
    (*writers*: the writers of *translator*, made on first use, by whether they take
    the shortcut); an entry holding other nodes (a directive's body, a
    download, a thumbnail, math) by the page's translator *page*, which notes what the
    page then needs (MathJax): such HTML is not to be kept for another build."""
    kind = type(translator)
    shortcut = html.shortcut_ok.get(kind)
    if shortcut is None:
        shortcut = html.shortcut_ok[kind] = stock_visitors(translator)
    shortcut = shortcut and docname not in html.differed
    check = shortcut and html.checked.get(docname, 0) < CHECKED_PER_DOCUMENT
    try:
        writer = writers.get(shortcut)
        if writer is None:
            writer = writers[shortcut] = EntryWriter(translator, shortcut)
        text = writer.html(entry)
    except _Unwritable:
        return walked(page, entry), False
    if check:
        html.checked[docname] = html.checked.get(docname, 0) + 1
        slow = walked(translator, entry.deepcopy())
        if slow != text:
            html.differed.add(docname)
            logger.debug("[researchtopics] entry writer shortcut off: %r", entry["key"])
            return slow, True
    return text, True
