"""What the importer passes between its steps: messages, entries, pages, records.

Kept apart so that reading, bib writing and page writing share one vocabulary without
importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..messages import EXIT_OK as EXIT_OK
from ..messages import EXIT_PROBLEMS as EXIT_PROBLEMS
from ..messages import EXIT_USAGE as EXIT_USAGE
from ..messages import Log as Log
from ..messages import Message as Message
from ..messages import short as short

BIB_NAME = "publications.bib"

#: The label of a link on the title itself (used as the paper link when there is none).
TITLE_LINK = "Title"


@dataclass
class Link:
    label: str
    url: str
    line: int


@dataclass
class Entry:
    """One paper as a page writes it (values already LaTeX)."""

    source: str
    line: int
    title: str
    title_plain: str
    key: str = ""
    div_id: str = ""
    authors: list[str] = field(default_factory=list)
    author_line: int = 0
    venue: str = ""
    venue_plain: str = ""
    venue_line: int = 0
    year: str = ""
    abbr: str = ""
    links: list[Link] = field(default_factory=list)
    badges: list[str] = field(default_factory=list)
    awards: list[str] = field(default_factory=list)
    preview: str = ""
    abstract: str = ""
    abstract_line: int = 0


@dataclass
class Page:
    """One input page, parsed."""

    source: str
    path: Path
    text_title: str = ""
    topic: str = ""
    permalink: str = ""
    nav: list[Link] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    docname: str = ""
    keys: list[str] = field(default_factory=list)


@dataclass
class Record:
    """One paper of the output .bib file (merged over the pages that list it)."""

    key: str
    entry: Entry
    fields: list[tuple[str, str]]
    topics: list[str]


@dataclass(frozen=True)
class ImportResult:
    """What an import produces: file contents by relative path, and the messages."""

    bib: str
    pages: dict[str, str]
    messages: tuple[Message, ...]
    entry_count: int
