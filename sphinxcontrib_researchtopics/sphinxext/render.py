"""Publication -> plain docutils nodes that every builder understands.

HTML-only shapes (``<details>``, ``<nav>``) are made later by :mod:`..html`; here every
part is a paragraph, inline, reference, container or literal block with the classes that
``docs/html.rst`` documents, so LaTeX, text, man and epub output carry the same content.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from docutils import nodes
from sphinx import addnodes

from ..bib.enrich_data import SOURCES
from ..bib.links import label_for
from ..bib.people import MemberIndex, short_citation_names
from ..bib.records import Link, Person, Publication, Rich, Segment

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


class rt_bibtex_view(nodes.General, nodes.Element):
    """HTML builders only: an entry's whole BibTeX toggle, written from the record.

    One leaf node, not a toggle, a summary and a literal block: the thousands of views
    of a large list then cost no tree walks in the post-transforms and no text in the
    doctree; :mod:`..html.highlight` writes it as the toggle would be written.
    """


def rich_nodes(rich: Rich) -> list[nodes.Node]:
    """Converted LaTeX -> inline nodes (math becomes a Sphinx math node)."""
    return [_segment_node(segment) for segment in rich]


def _segment_node(segment: Segment) -> nodes.Node:
    style, text = segment.style, segment.text
    if style == "emph":
        return nodes.emphasis(text, text)
    if style == "strong":
        return nodes.strong(text, text)
    if style == "mono":
        return nodes.literal(text, text)
    if style == "smallcaps":
        return nodes.inline(text, text, classes=["rt-smallcaps"])
    if style == "quote":
        return nodes.Text(f"“{text}”")
    if style == "math":
        return nodes.math(text, text)
    if style == "link" and segment.url:
        return nodes.reference(text, text, refuri=segment.url)
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


def _person_nodes(person: Person, members: MemberIndex) -> list[nodes.Node]:
    if person.others:
        return [nodes.Text(person.display)]
    is_member, url, role = members.lookup(person)
    name: nodes.Node = nodes.Text(person.display)
    if url:
        name = nodes.reference(person.display, person.display, refuri=url)
    if is_member:
        classes = ["rt-member", f"rt-member-{role}"] if role else ["rt-member"]
        name = nodes.inline("", "", name, classes=classes)
    result = [name]
    if person.marker:
        result.append(nodes.superscript(person.marker, person.marker, classes=["rt-marker"]))
    return result


def authors_node(
    publication: Publication, members: MemberIndex, max_authors: int
) -> nodes.paragraph:
    """The author list; past ``max_authors`` the rest goes in a ``.rt-more`` inline."""
    para = nodes.paragraph(classes=["rt-authors"])
    people = publication.authors
    shown = people if max_authors <= 0 or len(people) <= max_authors + 1 else people[:max_authors]
    for index, person in enumerate(shown):
        if index:
            para += nodes.Text(", ")
        para.extend(_person_nodes(person, members))
    rest = people[len(shown) :]
    if rest:
        more = nodes.inline(classes=["rt-more"], more=len(rest))
        for person in rest:
            more += nodes.Text(", ")
            more.extend(_person_nodes(person, members))
        para += more
    if publication.editors:
        para += nodes.Text(" (eds.)" if len(people) > 1 else " (ed.)")
    return para


def _link_classes(link: Link) -> list[str]:
    return ["rt-link", f"rt-link-{link.kind}"]


def local_link_node(link: Link, labels: Mapping[str, str], key: str) -> nodes.Element:
    """A link to a file in the source folder: made while reading, so Sphinx copies it."""
    label = label_for(link, labels)
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
    publication: Publication, labels: Mapping[str, str], local: Mapping[str, nodes.Element]
) -> nodes.paragraph | None:
    para = nodes.paragraph(classes=["rt-links", *NO_SEARCH])
    count = 0
    for link in publication.links:
        ref: nodes.Element | None
        if link.local:
            ref = local.get(link.url)
            if ref is None:  # the file does not exist: warned about while reading
                continue
        else:
            label = label_for(link, labels)
            ref = nodes.reference(label, label, refuri=link.url, classes=_link_classes(link))
        if count:
            para += nodes.inline(" | ", " | ", classes=["rt-sep"])
        para += ref
        count += 1
    return para if count else None


def _toggle(
    kind: str, summary: str, body: list[nodes.Node], is_open: bool, classes: Iterable[str] = ()
) -> nodes.container:
    """A block the HTML step turns into ``<details>``; plain elsewhere."""
    box = nodes.container(classes=[f"rt-{kind}", *classes], rt_toggle=kind, rt_open=is_open)
    box += nodes.paragraph(summary, summary, classes=["rt-summary"])
    box.extend(body)
    return box


def venue_badge(abbr: str) -> nodes.inline:
    """The abbreviation as a ``.rt-venue-badge`` (its link and colour come in HTML)."""
    return nodes.inline(abbr, abbr, classes=["rt-venue-badge"], rt_venue=abbr)


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
    html: bool = False,
) -> nodes.container:
    """One entry as ``div.rt-publication`` with its parts (see ``docs/html.rst``).

    *local* maps a local link's path to its :func:`local_link_node` (existing files only);
    *preview* is the thumbnail's image (or video) node, if any.
    """
    entry = nodes.container(
        classes=["rt-publication"], ids=[node_id], rt_key=publication.key, rt_cite=options.cite
    )
    thumbnail = preview_node(preview)
    if thumbnail is not None:
        entry += thumbnail
    title = nodes.paragraph(classes=["rt-title"])
    if publication.abbr:
        title += venue_badge(publication.abbr)
        title += nodes.Text(" ")
    title += nodes.strong("", "", *rich_nodes(publication.title or (Segment(publication.key),)))
    entry += title
    if publication.authors:
        entry += authors_node(publication, members, options.max_authors)
    if publication.annotation:
        entry += nodes.paragraph(
            "", "", *rich_nodes(publication.annotation), classes=["rt-annotation"]
        )
    venue = venue_text(publication, badge=True)
    if venue or publication.additional_info:
        line = nodes.paragraph(venue, venue, classes=["rt-venue"])
        if publication.additional_info:
            extra = nodes.inline("", "", classes=["rt-additional-info"])
            if venue and publication.additional_info[0].text[:1].isalnum():
                line += nodes.Text(" ")
            extra.extend(rich_nodes(publication.additional_info))
            line += extra
        entry += line
    badges = tuple(dict.fromkeys(options.badges + publication.badges))
    if badges or publication.citations is not None:
        row = nodes.paragraph(classes=["rt-badges"])
        for index, badge in enumerate(badges):
            if index:
                row += nodes.Text(" ")
            row += nodes.inline(badge, badge, classes=["rt-badge"])
        if publication.citations is not None:
            if badges:
                row += nodes.Text(" ")
            row += cited_by_node(publication)
        entry += row
    if publication.award:
        entry += nodes.paragraph("", "", *rich_nodes(publication.award), classes=["rt-award"])
    if publication.note:
        entry += nodes.paragraph("", "", *rich_nodes(publication.note), classes=["rt-note"])
    links = _links_node(publication, options.link_labels, local or {})
    if links is not None:
        entry += links
    if publication.abstract and options.abstract != "hidden":
        parts: list[nodes.Node] = [nodes.paragraph("", "", *rich_nodes(publication.abstract))]
        if options.abstract_source and publication.abstract_source:
            parts.append(abstract_source_node(publication.abstract_source))
        entry += _toggle("abstract", "Abstract", parts, options.abstract == "expanded")
    if options.bibtex and html:
        entry += rt_bibtex_view(key=publication.key, kind="bibtex")  # a panel of the row
    elif options.bibtex and publication.bibtex:
        code = nodes.literal_block(publication.bibtex, publication.bibtex, language="bibtex")
        entry += _toggle("bibtex", "BibTeX", [code], False, NO_SEARCH)
    entry.extend(body)
    return entry


def cited_by_node(publication: Publication) -> nodes.inline:
    """ "Cited by N", its source and date in ``rt_title`` (HTML makes it the ``title``)."""
    text = f"Cited by {publication.citations}"
    source = SOURCES.get(publication.citations_source, publication.citations_source)
    about = ", ".join(part for part in (source, publication.citations_date) if part)
    return nodes.inline(
        text,
        text,
        classes=["rt-badge", "rt-cited-by"],
        rt_title=f"{text} ({about})" if about else text,
    )


def abstract_source_node(source: str) -> nodes.paragraph:
    """Where an abstract that the .bib lacks came from."""
    text = f"Abstract from {SOURCES.get(source, source)}."
    return nodes.paragraph(text, text, classes=["rt-abstract-source"])


def missing_node(key: str) -> nodes.container:
    """The visible placeholder for a key that no .bib file defines."""
    box = nodes.container(classes=["rt-publication", "rt-missing"])
    text = f"[missing publication: {key}]"
    box += nodes.paragraph(text, text, classes=["rt-title"])
    return box


def short_citation(publication: Publication) -> str:
    """ "Gao et al., BMVC 2022": the default text of ``:pub:``."""
    names = short_citation_names(publication.authors)
    venue = publication.abbr or "".join(seg.text for seg in publication.venue)
    tail = " ".join(part for part in (venue, publication.year) if part)
    return ", ".join(part for part in (names, tail) if part) or publication.key
