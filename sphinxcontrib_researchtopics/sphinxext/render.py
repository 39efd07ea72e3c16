"""Publication -> plain docutils nodes that every builder understands.

HTML-only shapes (``<details>``, ``<nav>``) are made later by :mod:`..html`; here every
part is a paragraph, inline, reference, container or literal block with the classes that
``docs/html.rst`` documents, so LaTeX, text, man and epub output carry the same content.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from docutils import nodes
from sphinx import addnodes

from ..bib.enrich_data import SOURCES
from ..bib.links import label_for
from ..bib.mathtext import latex_math_problem
from ..bib.people import MemberIndex, short_citation_names
from ..bib.records import Link, Person, Publication, Rich, Segment
from .labels import ENGLISH, Labels

#: Sphinx's search index skips elements with this class: link labels ("Paper | Code")
#: and the BibTeX source (every field name, every entry) would make every page match.
NO_SEARCH = ("no-search",)


@dataclass(frozen=True)
class RenderOptions:
    """How one directive renders its entries (config plus directive options)."""

    abstract: str = "collapsed"
    bibtex: bool = True
    badges: tuple[str, ...] = ()
    max_authors: int = 0
    link_labels: Mapping[str, str] = field(default_factory=dict)
    also_in: bool = False
    #: Name the source of an abstract taken from the enrichment data.
    abstract_source: bool = False
    #: Show a Cite panel (made by the HTML step, at write time, when citeproc-py is there).
    cite: bool = False
    #: With a field name, the BibTeX toggle only on entries whose field is true.
    bibtex_field: str = ""

    def shows_bibtex(self, publication: Publication) -> bool:
        """The entry gets a BibTeX toggle: on, and (with :attr:`bibtex_field`) its field
        is true, as al-folio shows the BibTeX button only for ``bibtex_show={true}``."""
        if not self.bibtex:  # a record's BibTeX is never empty (``@type{key,``)
            return False
        if not self.bibtex_field:
            return True
        value = publication.field(self.bibtex_field.lower()).strip().strip("{}").strip()
        return value.lower() in TRUE_WORDS


#: The values of a yes/no field that mean yes (``bibtex_show={true}``).
TRUE_WORDS = frozenset({"true", "yes", "1"})


_E = TypeVar("_E", bound=nodes.Element)


def _adopt(parent: _E, *children: nodes.Node) -> _E:
    """*parent* with *children* appended, as ``parent += child`` does for a node not yet
    in a document, without asking each time for the document (a lookup that fails by an
    exception for every node of a detached tree: a tenth of making an entry)."""
    for child in children:
        child.parent = parent
    parent.children.extend(children)
    return parent


def _text(kind: type[_E], text: str, **attributes: Any) -> _E:
    """``kind(text, text, **attributes)``, made as :func:`_adopt` makes trees."""
    node = kind(text, **attributes)
    return _adopt(node, nodes.Text(text)) if text else node


def rich_nodes(rich: Rich) -> list[nodes.Node]:
    """Converted LaTeX -> inline nodes (math becomes a Sphinx math node)."""
    return [_segment_node(segment) for segment in rich]


def _segment_node(segment: Segment) -> nodes.Node:
    style, text = segment.style, segment.text
    if not style:
        return nodes.Text(text)
    if style == "emph":
        return _text(nodes.emphasis, text)
    if style == "strong":
        return _text(nodes.strong, text)
    if style == "mono":
        return _text(nodes.literal, text)
    if style == "smallcaps":
        return _text(nodes.inline, text, classes=["rt-smallcaps"])
    if style == "quote":
        return nodes.Text(f"“{text}”")
    if style == "math":
        # Sphinx writes math as it is, into a .tex file and for MathJax (whose \\href
        # takes javascript: URLs): other than plain math is text (warned when loaded)
        return nodes.Text(text) if latex_math_problem(text) else _text(nodes.math, text)
    if style == "link" and segment.url:
        return _text(nodes.reference, text, refuri=segment.url)
    return nodes.Text(text)


def venue_text(publication: Publication, badge: bool = False) -> str:
    """The plain venue line: "Venue (ABBR), Year" as lab pages write it; "Venue, Year"
    when the abbreviation has a badge of its own (*badge*)."""
    venue = "".join(seg.text for seg in publication.venue)
    parts = [venue] if venue else []
    if publication.abbr and publication.abbr not in venue and not badge:
        parts = [f"{venue} ({publication.abbr})" if venue else publication.abbr]
    if publication.year:
        parts.append(publication.year)
    return ", ".join(parts)


def _person_nodes(person: Person, members: MemberIndex, labels: Labels) -> list[nodes.Node]:
    if person.others:  # "and others" in the .bib
        return [nodes.Text(labels("et al."))]
    is_member, url, role = members.lookup(person)
    name: nodes.Node = nodes.Text(person.display)
    if url:
        name = _text(nodes.reference, person.display, refuri=url)
    if is_member:
        classes = ["rt-member", f"rt-member-{role}"] if role else ["rt-member"]
        name = _adopt(nodes.inline("", classes=classes), name)
    result = [name]
    if person.marker:
        result.append(_text(nodes.superscript, person.marker, classes=["rt-marker"]))
    return result


def authors_node(
    publication: Publication, members: MemberIndex, max_authors: int, labels: Labels = ENGLISH
) -> nodes.paragraph:
    """The author list; past ``max_authors`` the rest goes in a ``.rt-more`` inline."""
    people = publication.authors
    shown = people if max_authors <= 0 or len(people) <= max_authors + 1 else people[:max_authors]
    children: list[nodes.Node] = []
    for index, person in enumerate(shown):
        if index:
            children.append(nodes.Text(", "))
        children.extend(_person_nodes(person, members, labels))
    rest = people[len(shown) :]
    if rest:
        hidden: list[nodes.Node] = []
        for person in rest:
            hidden.append(nodes.Text(", "))
            hidden.extend(_person_nodes(person, members, labels))
        children.append(_adopt(nodes.inline(classes=["rt-more"], more=len(rest)), *hidden))
    if publication.editors:
        # Translators: after the names of a book's editors ("A, B (eds.)"), then one editor
        eds = labels("(eds.)") if len(people) > 1 else labels("(ed.)")
        children.append(nodes.Text(f" {eds}"))
    return _adopt(nodes.paragraph(classes=["rt-authors"]), *children)


def _link_classes(link: Link) -> list[str]:
    return ["rt-link", f"rt-link-{link.kind}"]


def local_link_node(
    link: Link, link_labels: Mapping[str, str], key: str, labels: Labels = ENGLISH
) -> nodes.Element:
    """A link to a file in the source folder: made while reading, so Sphinx copies it."""
    label = label_for(link, link_labels, labels)
    target = link.url if link.url.startswith("/") else "/" + link.url
    return addnodes.download_reference(
        label,
        "",
        nodes.Text(label),
        reftarget=target,
        refexplicit=True,
        classes=_link_classes(link),
        rt_key=key,
        rt_url=link.url,
    )


def _links_node(
    publication: Publication,
    link_labels: Mapping[str, str],
    local: Mapping[str, nodes.Element],
    labels: Labels,
) -> nodes.paragraph | None:
    children: list[nodes.Node] = []
    count = 0
    for link in publication.links:
        ref: nodes.Element | None
        if link.local:
            ref = local.get(link.url)
            if ref is None:  # the file does not exist: warned about while reading
                continue
        else:
            label = label_for(link, link_labels, labels)
            ref = _text(nodes.reference, label, refuri=link.url, classes=_link_classes(link))
        if count:
            children.append(_text(nodes.inline, " | ", classes=["rt-sep"]))
        children.append(ref)
        count += 1
    if not count:
        return None
    return _adopt(nodes.paragraph(classes=["rt-links", *NO_SEARCH]), *children)


def _toggle(
    kind: str, summary: str, body: list[nodes.Node], is_open: bool, classes: Iterable[str] = ()
) -> nodes.container:
    """A block the HTML step turns into ``<details>``; plain elsewhere."""
    box = nodes.container(classes=[f"rt-{kind}", *classes], rt_toggle=kind, rt_open=is_open)
    return _adopt(box, _text(nodes.paragraph, summary, classes=["rt-summary"]), *body)


def venue_badge(abbr: str) -> nodes.inline:
    """The abbreviation as a ``.rt-venue-badge`` (its link and colour come in HTML)."""
    return _text(nodes.inline, abbr, classes=["rt-venue-badge"], rt_venue=abbr)


def preview_node(preview: nodes.Element | None) -> nodes.container | None:
    """The thumbnail's box, first in the entry (HTML puts it left of, or above, the text)."""
    if preview is None:
        return None
    return nodes.container("", preview.deepcopy(), classes=["rt-preview"])


def publication_node(
    publication: Publication,
    options: RenderOptions,
    members: MemberIndex,
    node_id: str,
    local: Mapping[str, nodes.Element] | None = None,
    body: Iterable[nodes.Node] = (),
    preview: nodes.Element | None = None,
    bibtex: bool = True,
    labels: Labels = ENGLISH,
) -> nodes.container:
    """One entry as ``div.rt-publication`` with its parts (see ``docs/html.rst``).

    *local* maps a local link's path to its :func:`local_link_node` (existing files only);
    *preview* is the thumbnail's image (or video) node, if any.  Without *bibtex* the
    BibTeX toggle is left to the caller (HTML writes it highlighted, from the record).
    """
    parts: list[nodes.Node] = []
    thumbnail = preview_node(preview)
    if thumbnail is not None:
        parts.append(thumbnail)
    heading: list[nodes.Node] = []
    if publication.abbr:  # beside the title, not in it: .rt-title is the title alone
        heading += (venue_badge(publication.abbr), nodes.Text(" "))
    rich_title = rich_nodes(publication.title or (Segment(publication.key),))
    strong = _adopt(nodes.strong(), *rich_title)
    heading.append(_adopt(nodes.inline(classes=["rt-title"]), strong))
    parts.append(_adopt(nodes.paragraph(classes=["rt-heading"]), *heading))
    if publication.authors:
        parts.append(authors_node(publication, members, options.max_authors, labels))
    if publication.annotation:
        annotation = rich_nodes(publication.annotation)
        parts.append(_adopt(nodes.paragraph(classes=["rt-annotation"]), *annotation))
    venue = venue_text(publication, badge=True)
    if venue or publication.additional_info:
        line = _text(nodes.paragraph, venue, classes=["rt-venue"])
        if publication.additional_info:
            if venue and publication.additional_info[0].text[:1].isalnum():
                _adopt(line, nodes.Text(" "))
            extra = rich_nodes(publication.additional_info)
            _adopt(line, _adopt(nodes.inline(classes=["rt-additional-info"]), *extra))
        parts.append(line)
    badges = tuple(dict.fromkeys(options.badges + publication.badges))
    if badges or publication.citations is not None:
        row: list[nodes.Node] = []
        for index, badge in enumerate(badges):
            if index:
                row.append(nodes.Text(" "))
            row.append(_text(nodes.inline, badge, classes=["rt-badge"]))
        if publication.citations is not None:
            if badges:
                row.append(nodes.Text(" "))
            row.append(cited_by_node(publication, labels))
        parts.append(_adopt(nodes.paragraph(classes=["rt-badges"]), *row))
    if publication.award:
        award = rich_nodes(publication.award)
        parts.append(_adopt(nodes.paragraph(classes=["rt-award"]), *award))
    if publication.note:
        parts.append(_adopt(nodes.paragraph(classes=["rt-note"]), *rich_nodes(publication.note)))
    links = _links_node(publication, options.link_labels, local or {}, labels)
    if links is not None:
        parts.append(links)
    if publication.abstract and options.abstract != "hidden":
        abstract: list[nodes.Node] = [_adopt(nodes.paragraph(), *rich_nodes(publication.abstract))]
        if options.abstract_source and publication.abstract_source:
            abstract.append(abstract_source_node(publication.abstract_source, labels))
        summary = labels("Abstract")
        parts.append(_toggle("abstract", summary, abstract, options.abstract == "expanded"))
    if bibtex and options.shows_bibtex(publication):
        code = nodes.literal_block(publication.bibtex, publication.bibtex, language="bibtex")
        # Translators: the toggle showing an entry's BibTeX source (a format's name)
        parts.append(_toggle("bibtex", labels("BibTeX"), [code], False, NO_SEARCH))
    entry = nodes.container(
        classes=["rt-publication"], ids=[node_id], rt_key=publication.key, rt_cite=options.cite
    )
    if body:  # directive content: walks that skip an entry's own nodes look inside it
        entry["rt_body"] = True
    return _adopt(entry, *parts, *body)


def also_in_node(others: Iterable[tuple[str, str]], labels: Labels = ENGLISH) -> nodes.paragraph:
    """ "Also in: A, B": the other topic pages showing the entry, as (title, URI);
    links where there is a URI."""
    para = nodes.paragraph(classes=["rt-also-in"])
    # Translators: before the other topic pages listing an entry ("Also in: A, B")
    para += nodes.Text(labels("Also in:") + " ")
    for index, (title, uri) in enumerate(others):
        if index:
            para += nodes.Text(", ")
        para += nodes.reference(title, title, refuri=uri) if uri else nodes.Text(title)
    return para


def search_text(publication: Publication, options: RenderOptions) -> str:
    """The words an entry shows to the search index: what its nodes hold, less the parts
    marked ``no-search`` (links, the BibTeX and Cite panels), made from the record without
    making nodes."""

    def plain(rich: Rich) -> str:
        return "".join(segment.text for segment in rich)

    parts = [
        publication.abbr,
        plain(publication.title) or publication.key,
        ", ".join(person.display for person in publication.authors),
        plain(publication.annotation),
        venue_text(publication, badge=True),
        plain(publication.additional_info),
        " ".join(dict.fromkeys(options.badges + publication.badges)),
        plain(publication.award),
        plain(publication.note),
    ]
    if publication.abstract and options.abstract != "hidden":
        parts.append(plain(publication.abstract))
    return " ".join(part for part in parts if part)


def cited_by_node(publication: Publication, labels: Labels = ENGLISH) -> nodes.inline:
    """ "Cited by N", its source and date in ``rt_title`` (HTML makes it the ``title``)."""
    count = publication.citations or 0
    text = labels.plural("Cited by {count}", "Cited by {count}", count).format(count=count)
    source = SOURCES.get(publication.citations_source, publication.citations_source)
    about = ", ".join(part for part in (source, publication.citations_date) if part)
    return nodes.inline(
        text,
        text,
        classes=["rt-badge", "rt-cited-by"],
        rt_title=f"{text} ({about})" if about else text,
    )


def abstract_source_node(source: str, labels: Labels = ENGLISH) -> nodes.paragraph:
    """Where an abstract that the .bib lacks came from."""
    # Translators: {source} is a database's name, e.g. "Abstract from OpenAlex."
    text = labels("Abstract from {source}.").format(source=SOURCES.get(source, source))
    return nodes.paragraph(text, text, classes=["rt-abstract-source"])


def missing_node(key: str, labels: Labels = ENGLISH) -> nodes.container:
    """The visible placeholder for a key that no .bib file defines."""
    box = nodes.container(classes=["rt-publication", "rt-missing"])
    text = labels("[missing publication: {key}]").format(key=key)
    title = nodes.inline(text, text, classes=["rt-title"])
    box += nodes.paragraph("", "", title, classes=["rt-heading"])
    return box


def short_citation(publication: Publication, labels: Labels = ENGLISH) -> str:
    """ "Gao et al., BMVC 2022": the default text of ``:pub:``."""
    names = short_citation_names(publication.authors, labels)
    venue = publication.abbr or "".join(seg.text for seg in publication.venue)
    tail = " ".join(part for part in (venue, publication.year) if part)
    return ", ".join(part for part in (names, tail) if part) or publication.key
