"""Lenient .bib parsing: raw entries and located problems, one file at a time.

pybtex's low-level scanner does the tokenising, but each entry is scanned on its own
slice of the file, so an unbalanced brace or a stray ``@`` costs one entry, never the
rest of the file (the failure that makes other tools drop most of a real file).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from pybtex.database.input.bibtex import LowLevelParser, SkipEntry, month_names
from pybtex.scanner import PybtexSyntaxError

from .records import Problem

#: Entry types of BibTeX and biblatex; others render but are reported.
KNOWN_TYPES = frozenset(
    ["article", "book", "booklet", "inbook", "incollection", "inproceedings", "conference", "manual", "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished", "online", "report", "thesis", "software", "dataset", "patent", "collection", "mvbook", "mvcollection", "mvproceedings", "bookinbook", "suppbook", "suppcollection", "suppperiodical", "periodical", "reference", "mvreference", "inreference", "set", "xdata", "artwork", "audio", "image", "jurisdiction", "legislation", "legal", "letter", "movie", "music", "performance", "review", "standard", "video", "electronic", "www"]
)

#: Where an entry starts: ``@name{`` or ``@name(`` at the start of a line.
_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z][\w-]*)[ \t]*[{(]", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?:.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_COMMENT_LINE = re.compile(r"^[ \t]*%.*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class RawEntry:
    """An entry as written: fields in file order, values as LaTeX source."""

    entry_type: str
    key: str
    fields: tuple[tuple[str, str], ...]
    line: int


class _Macros(dict[str, str]):
    """@string macros; BibTeX macro names are case-insensitive."""

    def __setitem__(self, name: str, value: str) -> None:
        super().__setitem__(name.lower(), value)

    def __getitem__(self, name: str) -> str:
        return super().__getitem__(name.lower())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and super().__contains__(name.lower())


class _EntryScanner(LowLevelParser):  # type: ignore[misc]
    """pybtex's scanner, collecting errors instead of raising or printing them."""

    def __init__(self, text: str, macros: _Macros, sink: list[tuple[str, str, int]]) -> None:
        super().__init__(text, macros=macros)
        self.sink = sink

    def handle_error(self, error: Exception) -> None:
        lineno = getattr(error, "lineno", 1) or 1
        subtype = "undefined_macro" if "undefined string" in str(error) else "bib_syntax"
        self.sink.append((subtype, _error_text(error), lineno))

    def substitute_macro(self, name: str) -> str:
        """An undefined macro is kept as its own text (``bibtex_show = true``)."""
        try:
            return str(self.macros[name])
        except KeyError:
            self.sink.append(
                ("undefined_macro", f"undefined macro or unbraced value {name!r}", self.lineno)
            )
            return name


def _error_text(error: Exception) -> str:
    text = str(error)
    return re.sub(r" in line \d+", "", text)


class _Lines:
    """Character offset -> 1-based line number."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


def decode_bib(data: bytes, source: str) -> tuple[str, list[Problem]]:
    """Bytes -> text: UTF-8 (a BOM is dropped), else Latin-1 with a warning."""
    problems: list[Problem] = []
    if b"\x00" in data:
        problems.append(
            Problem("bib_encoding", "file holds binary data (NUL bytes); they are ignored", source, 1)
        )
        data = data.replace(b"\x00", b"")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(
            Problem("bib_encoding", "file is not UTF-8; read as Latin-1", source, line)
        )
        text = data.decode("latin-1")
    return text, problems


def _blank_front_matter(text: str) -> str:
    """Jekyll front matter (al-folio's ``---`` lines) is not stray text: blank it out."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text
    blanked = re.sub(r"[^\n]", " ", match.group())
    return blanked + text[match.end() :]


def parse_bib_text(text: str, source: str) -> tuple[list[RawEntry], list[Problem]]:
    """Scan *text* entry by entry; return raw entries and every problem with its line."""
    text = _blank_front_matter(text)
    lines = _Lines(text)
    macros = _Macros()
    for name, value in month_names.items():
        macros[name] = value
    entries: list[RawEntry] = []
    problems: list[Problem] = []
    starts = [m.start() for m in _ENTRY_START.finditer(text)]
    _check_stray(text[: starts[0]] if starts else text, 0, lines, source, problems)
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        first_line = lines.at(start)
        entry, consumed = _scan_entry(text[start:end], first_line, macros, source, problems)
        if entry is not None:
            entries.append(entry)
        _check_stray(text[start + consumed : end], start + consumed, lines, source, problems)
    return entries, problems


def _check_stray(chunk: str, offset: int, lines: _Lines, source: str, out: list[Problem]) -> None:
    """Text outside entries is a BibTeX comment, but usually a mistake: report it."""
    rest = _COMMENT_LINE.sub("", chunk)
    stripped = rest.strip()
    if not stripped:
        return
    line = lines.at(offset + chunk.find(stripped[0]))
    shown = stripped.splitlines()[0][:40]
    out.append(Problem("stray_text", f"text outside any entry ignored: {shown!r}", source, line))


def _scan_entry(
    chunk: str, first_line: int, macros: _Macros, source: str, problems: list[Problem]
) -> tuple[RawEntry | None, int]:
    """Scan one ``@...`` chunk; return its entry (None for @string/@comment) and its length."""
    sink: list[tuple[str, str, int]] = []
    scanner = _EntryScanner(chunk, macros, sink)
    scanner.skip_to([scanner.AT])
    scanner.command_start = scanner.pos - 1
    result: tuple[str, tuple[object, ...]] | None = None
    try:
        result = tuple(scanner.parse_command())  # type: ignore[assignment]
    except SkipEntry:
        pass
    except PybtexSyntaxError as error:
        scanner.handle_error(error)
    unclosed = _unclosed_brace_line(chunk) if sink else None
    for subtype, message, lineno in sink:
        if subtype == "bib_syntax" and unclosed is not None:
            message, lineno = "unbalanced braces: a '{' on this line is never closed", unclosed + 1
        problems.append(Problem(subtype, message, source, first_line + lineno - 1))
    syntax_error = any(subtype == "bib_syntax" for subtype, _, _ in sink)
    consumed = len(chunk) if syntax_error else scanner.pos
    if result is None:
        return None, consumed
    command, body = result
    if command.lower() in ("string", "preamble"):
        return None, consumed
    key, fields = body
    if not key:
        problems.append(Problem("bib_syntax", "entry without a key skipped", source, first_line))
        return None, consumed
    return _raw_entry(command, str(key), fields, chunk, first_line, source, problems), consumed


_ENTRY_BODY = re.compile(r"[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*([{(])")
_FIELD_START = re.compile(r"[ \t]*[A-Za-z][\w:.+-]*[ \t]*=")


def _unclosed_brace_line(chunk: str) -> int | None:
    """0-based line (in *chunk*) of the ``{`` that leaves an entry's braces unbalanced.

    pybtex notices a missing ``}`` only where the value has swallowed the next fields;
    the mistake is where that value opened: the last open value brace before a line
    that starts a field, else the entry's own line.  None when braces balance.
    """
    body = _ENTRY_BODY.match(chunk)
    if body is None or chunk.count("{") <= chunk.count("}"):
        return None
    base = 1 if body.group(1) == "{" else 0
    depth = opened = 0
    for number, line in enumerate(chunk.split("\n")):
        if depth > base and _FIELD_START.match(line):
            return opened
        for char in line:
            if char == "{":
                depth += 1
                if depth == base + 1:
                    opened = number
            elif char == "}":
                depth -= 1
    return opened if depth > base else 0


def _raw_entry(
    command: str,
    key: str,
    fields: object,
    chunk: str,
    first_line: int,
    source: str,
    problems: list[Problem],
) -> RawEntry:
    """Join value parts; keep the first of duplicate fields, reporting the others."""
    kept: dict[str, tuple[str, str]] = {}
    for name, parts in fields:  # type: ignore[attr-defined]
        lower = name.lower()
        value = " ".join("".join(parts).split())
        if lower in kept:
            line = _field_line(chunk, name, first_line)
            problems.append(
                Problem(
                    "duplicate_field",
                    f"entry {key!r} has a duplicate {lower!r} field; the first is kept",
                    source,
                    line,
                )
            )
            continue
        kept[lower] = (name, value)
    entry_type = command.lower()
    if entry_type not in KNOWN_TYPES:
        problems.append(
            Problem("entry_type", f"entry {key!r} has a non-standard type @{command}", source, first_line)
        )
    return RawEntry(entry_type, key, tuple((n, v) for n, v in kept.values()), first_line)


def _field_line(chunk: str, name: str, first_line: int) -> int:
    """The line of the second ``name =`` in the chunk (where a duplicate stands)."""
    matches = list(re.finditer(rf"(?im)^[ \t]*{re.escape(name)}[ \t]*=", chunk))
    if len(matches) < 2:
        return first_line
    return first_line + chunk.count("\n", 0, matches[1].start())
