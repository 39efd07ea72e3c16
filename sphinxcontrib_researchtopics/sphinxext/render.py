"""Publication -> plain docutils nodes that every builder understands.

HTML-only shapes (``<details>``, ``<nav>``) are made later by :mod:`.html`; here every
part is a paragraph, inline, reference, container or literal block with the contract's
classes, so LaTeX, text, man and epub output carry the same content.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from docutils import nodes
from sphinx import addnodes

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
    return nodes.Text(text)


def venue_text(publication: Publication) -> str:
    """The plain venue line: "Venue (ABBR), Year" as lab pages write it."""
    venue = "".join(seg.text for seg in publication.venue)
    parts = [venue] if venue else []
    if publication.abbr and publication.abbr not in venue:
        parts = [f"{venue} ({publication.abbr})" if venue else publication.abbr]
    if publication.year:
        parts.append(publication.year)
    return ", ".join(parts)


def _person_nodes(person: Person, members: MemberIndex) -> list[nodes.Node]:
    if person.others:
        return [nodes.Text(person.display)]
    is_member, url = members.match(person)
    name: nodes.Node = nodes.Text(person.display)
    if url:
        name = nodes.reference(person.display, person.display, refuri=url)
    if is_member:
        name = nodes.inline("", "", name, classes=["rt-member"])
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


def publication_node(
    publication: Publication,
    options: RenderOptions,
    members: MemberIndex,
    node_id: str,
    local: Mapping[str, nodes.Element] | None = None,
    body: Iterable[nodes.Node] = (),
    html: bool = False,
) -> nodes.container:
    """One entry as the contract's ``div.rt-publication`` with its parts.

    *local* maps a local link's path to its :func:`local_link_node` (existing files only).
    """
    entry = nodes.container(classes=["rt-publication"], ids=[node_id], rt_key=publication.key)
    title = nodes.paragraph(classes=["rt-title"])
    title += nodes.strong("", "", *rich_nodes(publication.title or (Segment(publication.key),)))
    entry += title
    if publication.authors:
        entry += authors_node(publication, members, options.max_authors)
    venue = venue_text(publication)
    if venue:
        entry += nodes.paragraph(venue, venue, classes=["rt-venue"])
    badges = tuple(dict.fromkeys(options.badges + publication.badges))
    if badges:
        row = nodes.paragraph(classes=["rt-badges"])
        for index, badge in enumerate(badges):
            if index:
                row += nodes.Text(" ")
            row += nodes.inline(badge, badge, classes=["rt-badge"])
        entry += row
    if publication.award:
        entry += nodes.paragraph("", "", *rich_nodes(publication.award), classes=["rt-award"])
    if publication.note:
        entry += nodes.paragraph("", "", *rich_nodes(publication.note), classes=["rt-note"])
    links = _links_node(publication, options.link_labels, local or {})
    if links is not None:
        entry += links
    if publication.abstract and options.abstract != "hidden":
        text = nodes.paragraph("", "", *rich_nodes(publication.abstract))
        entry += _toggle("abstract", "Abstract", [text], options.abstract == "expanded")
    if options.bibtex and html:
        entry += rt_bibtex_view(key=publication.key)
    elif options.bibtex and publication.bibtex:
        code = nodes.literal_block(publication.bibtex, publication.bibtex, language="bibtex")
        entry += _toggle("bibtex", "BibTeX", [code], False, NO_SEARCH)
    entry.extend(body)
    return entry


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
