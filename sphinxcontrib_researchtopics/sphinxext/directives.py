"""``publication``, ``publications`` and ``topic-nav``: plain nodes plus Domain records."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import docname_join
from sphinx.util.docutils import SphinxDirective

from ..bib.filters import OptionError, compile_filter, equality
from ..bib.grouping import group_nested, has_field, heading_key, parse_group_by
from ..bib.order import (
    parse_keys,
    parse_limit,
    parse_sort,
    sort_publications,
)
from ..bib.records import Link, Publication
from ..config import ABSTRACT_MODES, WARNING_TYPE
from .domain import Query, ResearchTopicsDomain, get_domain
from .log import get_logger
from .nodes import rt_entries, rt_group, rt_topic_nav
from .previews import preview_source
from .render import RenderOptions, local_link_node, search_text
from .state import BuildState, get_state

logger = get_logger(__name__)


def month_names(language: str | None) -> tuple[str, ...]:
    """January to December in *language* (Babel's CLDR names), for ``month`` group
    headings; none for English or no language: the .bib's own month text stays."""
    if not language or language.lower().startswith("en"):
        return ()
    from babel.core import UnknownLocaleError
    from babel.dates import get_month_names

    try:
        names = get_month_names("wide", context="stand-alone", locale=language)
    except (UnknownLocaleError, ValueError):
        return ()
    return tuple(str(names[number]) for number in range(1, 13))


def local_file_problem(srcdir: str, url: str) -> tuple[str, str] | None:
    """None when *url* names a file truly inside *srcdir*, else (subtype, what is wrong).

    Symlinks are followed: a link (or a linked folder) that leads out of the source
    folder would publish whatever it points at, ``/etc/passwd`` included.
    """
    root = os.path.realpath(srcdir)
    path = os.path.realpath(os.path.join(root, url.lstrip("/")))
    try:
        inside = os.path.commonpath([root, path]) == root
    except ValueError:  # another drive (Windows)
        inside = False
    if not inside:
        return "outside_source", "is outside the source folder; not published"
    if not os.path.isfile(path):
        return "missing_file", "not found in the source folder"
    return None


#: Options every directive that renders entries accepts.
ENTRY_OPTIONS: dict[str, Callable[[str], Any]] = {
    "badge": directives.unchanged,
    "abstract": directives.unchanged,  # checked in render_options: a warning, not an error
    "no-bibtex": directives.flag,
    "bibtex": directives.flag,
    "cite": directives.flag,
    "no-cite": directives.flag,
}


#: How ``publications`` selects its entries; ``publication-stats`` selects the same way.
SELECTION_OPTIONS: dict[str, Callable[[str], Any]] = {
    "topic": directives.unchanged_required,
    "keys": directives.unchanged_required,
    "filter": directives.unchanged_required,
    "sort": directives.unchanged,
    "limit": directives.unchanged_required,
}


def query_of(options: dict[str, Any]) -> Query:
    """The :class:`Query` a directive's :data:`SELECTION_OPTIONS` write."""
    return Query(
        options.get("topic", ""),
        options.get("keys", ""),
        " ".join(options.get("filter", "").split()),
        options.get("sort", ""),
        options.get("limit", ""),
    )


class EntryDirective(SphinxDirective):
    """What ``publication`` and ``publications`` share: options, ids, warnings."""

    also_in_default = False

    @property
    def rt_state(self) -> BuildState:
        return get_state(self.env)

    @property
    def rt_domain(self) -> ResearchTopicsDomain:
        return get_domain(self.env)

    def warn(self, message: str, subtype: str) -> None:
        logger.warning(message, type=WARNING_TYPE, subtype=subtype, location=self.get_location())

    def render_options(self) -> RenderOptions:
        config = self.config
        bibtex = config.researchtopics_bibtex
        if "no-bibtex" in self.options:
            bibtex = False
        elif "bibtex" in self.options:
            bibtex = True
        also_in = config.researchtopics_also_in and self.also_in_default
        if "no-also-in" in self.options:
            also_in = False
        elif "also-in" in self.options:
            also_in = True
        badges = tuple(
            part.strip() for part in self.options.get("badge", "").split(",") if part.strip()
        )
        cite = config.researchtopics_cite == "all" or (
            config.researchtopics_cite == "single" and not self.also_in_default
        )
        if "no-cite" in self.options:
            cite = False
        elif "cite" in self.options:
            cite = True
        return RenderOptions(
            abstract=self.abstract_mode(),
            bibtex=bibtex,
            badges=badges,
            max_authors=config.researchtopics_max_authors,
            link_labels=config.researchtopics_link_labels,
            also_in=also_in,
            abstract_source=config.researchtopics_abstract_source,
            cite=cite,
            bibtex_field=config.researchtopics_bibtex_field or "",
        )

    def abstract_mode(self) -> str:
        """``:abstract:``, or the configured mode when it is absent or invalid (warned)."""
        default = str(self.config.researchtopics_abstract)
        if "abstract" not in self.options:
            return default
        value = (self.options["abstract"] or "").strip().lower()
        if value in ABSTRACT_MODES:
            return value
        self.warn(
            f":abstract: {value!r} is not one of {', '.join(ABSTRACT_MODES)}; using {default!r}",
            "option",
        )
        return default

    def unique_id(self, key: str) -> str:
        """The key made into an HTML id, made unique on this page."""
        document = self.state.document
        base = nodes.make_id(key) or "publication"
        node_id, number = base, 1
        while node_id in document.ids:
            number += 1
            node_id = f"{base}-{number}"
        return node_id

    def pending(self, options: RenderOptions) -> rt_entries:
        """An empty :class:`rt_entries` for this directive's entries."""
        node = rt_entries(entries=[], words={}, options=options)
        self.set_source_info(node)
        return node

    def add_entry(
        self,
        pending: rt_entries,
        publication: Publication,
        single: bool,
        topical: bool = False,
    ) -> None:
        """Give the entry its id on this page and record it in the Domain."""
        node_id = self.unique_id(publication.key)
        self.state.document.ids[node_id] = pending
        pending["entries"].append((publication.key, node_id))
        builder = self.rt_state.builder
        if builder is not None and builder.format == "html":  # for its search index
            pending["words"][publication.key] = search_text(publication, pending["options"])
        link_labels = pending["options"].link_labels
        if publication.preview and self.config.researchtopics_thumbnails:
            srcdir = str(self.env.srcdir)
            thumbnail = preview_source(
                publication,
                lambda message, subtype: self.warn_bib(
                    publication, publication.preview_line, message, subtype
                ),
                lambda url: local_file_problem(srcdir, url),
            )
            if thumbnail is not None:
                pending += thumbnail
        for link in publication.links:
            if not link.local:
                continue
            problem = local_file_problem(str(self.env.srcdir), link.url)
            if problem is None:
                labels = self.rt_state.labels
                pending += local_link_node(link, link_labels, publication.key, labels)
            else:
                self.warn_link(publication, link, *problem)
        self.rt_domain.note_entry(
            self.env.docname, publication.key, node_id, single, publication.digest, topical
        )

    def warn_link(self, publication: Publication, link: Link, subtype: str, what: str) -> None:
        """A problem with a linked file: at the .bib field that names it, and the page."""
        message = f"{publication.key}: linked file {link.url!r} {what}"
        self.warn_bib(publication, link.line, message, subtype)

    def warn_bib(self, publication: Publication, line: int, message: str, subtype: str) -> None:
        """A problem caused by a .bib value: at FILE.bib:LINE of its field (else of the
        entry), naming the page where it was used."""
        message = f"{message} (used on page {self.env.docname}, line {self.lineno})"
        line = line or publication.line
        if not publication.source:
            self.warn(message, subtype)
            return
        location = f"{publication.source}:{line}" if line else None
        if location is None:
            message = f"{publication.source}: {message}"
        logger.warning(message, type=WARNING_TYPE, subtype=subtype, location=location)

    def add_missing(self, pending: rt_entries, key: str) -> None:
        self.warn(f"publication key {key!r} is not in any .bib file", "missing_key")
        pending["entries"].append((key, ""))
        # an entry under this key, added by a later .bib edit, re-reads the page
        self.rt_domain.note_digests(self.env.docname, {key: ""})


class PublicationDirective(EntryDirective):
    """``.. publication:: KEY [KEY ...]``: entries by key, with an optional body."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = dict(ENTRY_OPTIONS)

    def run(self) -> list[nodes.Node]:
        keys = parse_keys(self.arguments[0])
        pending = self.pending(self.render_options())
        entries = self.rt_state.bibliography.entries
        for key in keys:
            publication = entries.get(key)
            if publication is None:
                self.add_missing(pending, key)
            else:
                self.add_entry(pending, publication, True)
        if self.content:
            holder = nodes.container()
            self.state.nested_parse(self.content, self.content_offset, holder)
            pending.extend(holder.children)
        return [pending]


def select_publications(state: BuildState, query: Query) -> tuple[list[Publication], list[str]]:
    """Run a list's query: the selected entries and the keys it names that do not exist.

    Raises :class:`OptionError` for an invalid filter, sort or limit.
    """
    topic, keys_text, filter_text, sort_text, limit_text = query
    entries = state.bibliography.entries
    missing: list[str] = []
    indexed = False
    if keys_text:
        keys = parse_keys(keys_text)
        missing = [key for key in keys if key not in entries]
        selected = [entries[key] for key in keys if key in entries]
    elif (known := state.selections.get(query)) is not None:
        # A selection known from the last build and the changed entries unpickles only
        # the records it selects, not all (see incremental.selection_hints).
        selected = [entries[key] for key in known]
    elif filter_text and (test := equality(filter_text)) is not None:
        # ``name == literal``: the build's index has run it (one pass for all the lists).
        selected, indexed = state.filter_index().select(test), True
    else:
        selected = list(entries.values())
    if topic:
        wanted = {part.strip().lower() for part in topic.split(",") if part.strip()}
        selected = [pub for pub in selected if wanted.intersection(pub.topics)]
    if filter_text:
        keep = compile_filter(filter_text)  # raises for an invalid filter
        if not indexed:
            selected = [pub for pub in selected if keep(pub)]
    if sort_text or not keys_text:
        selected = sort_publications(selected, parse_sort(sort_text))
    if limit_text:
        selected = selected[: parse_limit(limit_text)]
    return selected, missing


class PublicationsDirective(EntryDirective):
    """``.. publications::``: a list selected by topic, keys or filter, sorted, grouped."""

    has_content = False
    also_in_default = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        **ENTRY_OPTIONS,
        **SELECTION_OPTIONS,
        "group-by": directives.unchanged,
        "also-in": directives.flag,
        "no-also-in": directives.flag,
        "finder": directives.flag,
        "no-finder": directives.flag,
        "class": directives.class_option,
    }

    def query(self) -> Query:
        return query_of(self.options)

    def run(self) -> list[nodes.Node]:
        query = self.query()
        box = nodes.container(classes=["rt-publications", *self.options.get("class", [])])
        # The finder (search box, filters) is HTML-only: html/finder.py reads this.
        box["rt_finder"] = next(
            (flag for flag in ("no-finder", "finder") if flag in self.options), ""
        )
        try:
            selected, missing = select_publications(self.rt_state, query)
            fields = self.group_fields()
            groups = group_nested(
                selected,
                fields,
                self.config.researchtopics_group_names,
                self.config.researchtopics_group_order,
                translate=self.rt_state.labels,
                months=month_names(self.config.language) if "month" in fields else (),
            )
        except OptionError as error:
            self.warn(str(error), "option")
            self.rt_domain.note_query(self.env.docname, query, ())
            return [box]
        self.rt_domain.note_query(self.env.docname, query, tuple(pub.key for pub in selected))
        options = self.render_options()
        if missing:
            absent = self.pending(options)
            for key in missing:
                self.add_missing(absent, key)
            box += absent
        level = max(min(self.state.memo.section_level + 1, 6), 2)
        shown: tuple[str, ...] = ()
        for headings, publications in groups:
            # a heading for each level that changed (h2 type, h3 year in it, ...)
            depth = next(
                (i for i, (a, b) in enumerate(zip(headings, shown, strict=False)) if a != b),
                min(len(headings), len(shown)),
            )
            for index in range(depth, len(headings)):
                keys = (heading_key(heading) for heading in headings[: index + 1])
                path = "-".join((*fields[: index + 1], *keys))
                box += self.heading(headings[index], path, min(level + index, 6))
            shown = headings
            pending = self.pending(options)
            for publication in publications:
                self.add_entry(pending, publication, False, topical=bool(query.topic))
            box += pending
        if not selected and not missing:
            labels = self.rt_state.labels
            text = labels("No publications.")
            box += nodes.paragraph(text, text, classes=["rt-empty"])
        return [box]

    def group_fields(self) -> tuple[str, ...]:
        """The ``:group-by:`` fields; one that no entry has is warned about and left out."""
        fields = parse_group_by(self.options.get("group-by") or "none")
        entries = self.rt_state.bibliography.entries.values()
        known = []
        for name in fields:
            if has_field(entries, name):
                known.append(name)
            else:
                self.warn(f"group-by: no entry has a field {name!r}: not grouped by it", "option")
        return tuple(known)

    def heading(self, text: str, path: str, level: int) -> rt_group:
        text = str(text)  # a plain string in the doctree
        node = rt_group(text, text, classes=["rt-group"], level=level)
        node_id = self.unique_id(path)
        node["ids"].append(node_id)
        self.state.document.ids[node_id] = node
        return node


_NAV_ENTRY = re.compile(r"^(?P<title>.+?)\s*<(?P<target>[^<>]+)>$")


class TopicNavDirective(SphinxDirective):
    """``.. topic-nav::``: a bar linking sibling topic pages, the current one marked."""

    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "counts": directives.flag,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        items: list[tuple[str, str]] = []
        for offset, line in enumerate(self.content):
            text = line.strip()
            if not text:
                continue
            match = _NAV_ENTRY.match(text)
            title, target = (match["title"], match["target"]) if match else ("", text)
            docname = self.resolve(target.strip())
            if docname is None:
                lineno = self.content_offset + offset + 1
                logger.warning(
                    "topic-nav: no document %r",
                    target,
                    type=WARNING_TYPE,
                    subtype="nav",
                    location=(self.env.docname, lineno),
                )
                continue
            items.append((title, docname))
        auto = not self.content
        domain = get_domain(self.env)
        domain.note_nav(self.env.docname, None if auto else tuple(doc for _, doc in items))
        node = rt_topic_nav(
            items=items,
            auto=auto,
            counts="counts" in self.options,
            classes=["rt-topic-nav", *self.options.get("class", [])],
        )
        self.set_source_info(node)
        return [node]

    def resolve(self, target: str) -> str | None:
        """A target as written (relative, or absolute with ``/``) -> an existing docname."""
        target = target.removesuffix(".rst").removesuffix(".md").removesuffix(".html")
        if target.startswith("/"):
            docname = target.lstrip("/")
        else:
            docname = docname_join(self.env.docname, target)
        found = self.env.found_docs
        if docname in found:
            return docname
        if f"{docname}/index" in found:
            return f"{docname}/index"
        return None
