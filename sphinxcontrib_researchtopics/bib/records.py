"""Frozen, picklable records shared by every stage: no docutils, no pybtex.

The environment and the on-disk cache keep only these, so they must stay plain data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

#: Styles a :class:`Segment` can carry.  ``""`` is plain text, ``"math"`` is inline
#: LaTeX math kept as LaTeX source (rendered by Sphinx's math support).
SEGMENT_STYLES = ("", "emph", "strong", "mono", "smallcaps", "quote", "math", "link")


#: Fields shown only on the web page, left out of the BibTeX view.
DISPLAY_ONLY = frozenset(
    [
        "abstract",
        "topics",
        "keywords",
        "badge",
        "award",
        "award_name",
        "abbr",
        "selected",
        "preview",
        "bibtex_show",
        "code",
        "project",
        "website",
        "dataset",
        "video",
        "slides",
        "poster",
        "supp",
        "blog",
        "annotation",
        "additional_info",
    ]
)
#: Fields that reference managers and bibliography services keep for their own records
#: (when and by whom an entry was added, where its PDF lies on the author's computer,
#: reading marks, the service's own link): not citation data, and ``file`` names folders
#: of someone's home, so no view or download shows them.  A name ending in ``*`` stands
#: for every field that begins so (BibDesk's ``bdsk-url-1``, ``bdsk-url-2``, ...).
BOOKKEEPING = (
    "acknowledgement",  # Beebe's bibliographies (TUGboat, ...): who entered it
    "bdsk-*",  # BibDesk
    "bibdate",  # Beebe's bibliographies: when it was entered
    "biburl",  # dblp
    "bibsource",  # dblp, Beebe's bibliographies
    "date-added",  # BibDesk
    "date-modified",  # BibDesk
    "file",  # JabRef, Zotero, Mendeley: a path on the author's computer
    "groups",  # JabRef
    "local-url",  # BibDesk, Papers
    "mendeley-*",  # Mendeley
    "owner",  # JabRef
    "printed",  # JabRef
    "priority",  # JabRef
    "qualityassured",  # JabRef
    "ranking",  # JabRef
    "readstatus",  # JabRef
    "relevance",  # JabRef
    "timestamp",  # JabRef, dblp
)
#: Left out of an entry written back: the display-only fields, the bookkeeping fields
#: named in full, and ``crossref``, whose entry's fields the record already holds (a
#: copied entry or a page's .bib download named a parent that is not in it, which bibtex
#: reports as a bad cross reference).
NOT_WRITTEN_BACK = (
    DISPLAY_ONLY | {"crossref"} | {name for name in BOOKKEEPING if not name.endswith("*")}
)
#: The bookkeeping fields named by how they begin.
NOT_WRITTEN_BACK_PREFIXES = tuple(name[:-1] for name in BOOKKEEPING if name.endswith("*"))


def written_back(name: str) -> bool:
    """Whether a field (its lower-case name) goes into an entry written back as BibTeX."""
    return name not in NOT_WRITTEN_BACK and not name.startswith(NOT_WRITTEN_BACK_PREFIXES)


def write_bibtex(entry_type: str, key: str, fields: Iterable[tuple[str, str]]) -> str:
    """An entry as BibTeX, from its parsed fields, as far as :func:`written_back`."""
    lines = [f"@{entry_type}{{{key},"]
    lines.extend(f"  {name} = {{{value}}}," for name, value in fields if written_back(name.lower()))
    lines.append("}")
    return "\n".join(lines)


def pack_fields(pairs: Iterable[tuple[str, str]]) -> str:
    """(name, value) pairs -> :attr:`Publication.field_lines` (values on one line)."""
    return "".join(
        f"{name}\t{' '.join(value.split())}\n"
        if "\n" in value or "\t" in value
        else f"{name}\t{value}\n"
        for name, value in pairs
    )


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of converted text with one style (see :data:`SEGMENT_STYLES`)."""

    text: str
    style: str = ""
    #: The target of a ``"link"`` segment (a safe URL; Markdown fields only).
    url: str = ""


#: Rich text: converted LaTeX as a tuple of segments.
Rich = tuple[Segment, ...]


def plain(rich: Rich) -> str:
    """The text of *rich* without styles (math keeps its LaTeX source)."""
    return "".join(seg.text for seg in rich)


@dataclass(frozen=True, slots=True)
class Person:
    """One name of an author or editor list, already converted to Unicode.

    ``first``/``von``/``last``/``jr`` are the BibTeX name parts; ``display`` is the
    name as lab pages write it ("First von Last, Jr").  ``marker`` holds the
    ``*``/``†``/``‡`` written after the name.  ``others`` marks "and others".
    """

    display: str
    first: str = ""
    von: str = ""
    last: str = ""
    jr: str = ""
    marker: str = ""
    others: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    """One link of the link row.  ``local`` links are paths relative to the srcdir.

    ``field_name`` and ``line`` say where the value was written, so a warning about
    the linked file (missing, outside the source folder) can point at it.  The loader
    fills ``line`` for local links only (0: unknown, use the entry's line).  Neither
    takes part in comparisons: two links are equal when they show the same thing.
    """

    kind: str
    label: str
    url: str
    local: bool = False
    field_name: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem found in a .bib file, reported as a Sphinx warning.

    ``subtype`` goes into ``suppress_warnings`` as ``researchtopics.<subtype>``.
    """

    subtype: str
    message: str
    source: str = ""
    line: int = 0
    #: The field the problem is in: its line is looked up when the file's text is at hand.
    field: str = ""


@dataclass(frozen=True, slots=True)
class Publication:
    """One bibliography entry, ready to render."""

    key: str
    entry_type: str
    title: Rich = ()
    authors: tuple[Person, ...] = ()
    #: True when ``authors`` came from the ``editor`` field.
    editors: bool = False
    venue: Rich = ()
    abbr: str = ""
    #: The year as written ("2022", "in press"); ``year_num`` when it is a number.
    year: str = ""
    year_num: int | None = None
    #: 1..12, or 0 when unknown.
    month: int = 0
    note: Rich = ()
    links: tuple[Link, ...] = ()
    abstract: Rich = ()
    badges: tuple[str, ...] = ()
    #: Longer award text (al-folio's ``award`` when ``award_name`` is the badge).
    award: Rich = ()
    #: al-folio's ``additional_info`` (after the venue) and ``annotation`` (after the
    #: authors), Markdown made rich text; ``preview`` is the thumbnail's path or URL.
    additional_info: Rich = ()
    annotation: Rich = ()
    preview: str = ""
    #: The line of the ``preview`` field (a missing file is warned about there).
    preview_line: int = 0
    topics: tuple[str, ...] = ()
    #: Every field but the abstract, as written (LaTeX source), in file order: one
    #: ``name<TAB>value`` line each (see :func:`pack_fields`).  Names are lower case but
    #: ``url_<Label>``.  One string, not pairs, keeps thousands of records small.
    field_lines: str = ""
    source: str = ""
    line: int = 0
    #: Position in the bibliography (file order, then entry order).
    order: int = 0
    #: A hash of everything above, for per-entry incremental rebuilds.
    digest: str = field(default="", compare=False)
    #: From the enrichment data file (:mod:`.enrich_data`), not the .bib: where a missing
    #: abstract came from, and the citation count with its source and date.
    abstract_source: str = ""
    citations: int | None = None
    citations_source: str = ""
    citations_date: str = ""
    #: OpenAlex's ``counts_by_year``: (year, citations that year), oldest first.
    citations_by_year: tuple[tuple[int, int], ...] = ()

    @property
    def fields(self) -> tuple[tuple[str, str], ...]:
        """The fields as (name, value) pairs, in file order."""
        return tuple(
            (name, value)
            for name, _, value in (line.partition("\t") for line in self.field_lines.splitlines())
        )

    @property
    def bibtex(self) -> str:
        """The entry written back as BibTeX, as far as :func:`written_back` (made on demand,
        so the record does not hold the entry's text twice)."""
        lines = [f"@{self.entry_type}{{{self.key},"]
        for line in self.field_lines.splitlines():  # as write_bibtex, without the pairs
            name, _, value = line.partition("\t")
            if written_back(name.lower()):
                lines.append(f"  {name} = {{{value}}},")
        lines.append("}")
        return "\n".join(lines)

    def field(self, name: str, default: str = "") -> str:
        """A field's value as written (LaTeX source), by lower-case name."""
        prefix = name + "\t"
        for line in self.field_lines.splitlines():
            if line.startswith(prefix):
                return line[len(prefix) :]
        return default


def pickle_by_fields(cls: type) -> None:
    """Pickle *cls* as ``cls(*fields)``: the ``__getstate__`` that ``slots=True`` adds
    walks :func:`dataclasses.fields` per object, most of the time of loading a cache
    of 48,000 records."""
    import dataclasses
    import operator

    names = [item.name for item in dataclasses.fields(cls)]
    getter = operator.attrgetter(*names)

    def __reduce__(self: object) -> tuple[type, tuple[object, ...]]:
        return (cls, getter(self))

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]


for _record in (Segment, Person, Link, Problem, Publication):
    pickle_by_fields(_record)
