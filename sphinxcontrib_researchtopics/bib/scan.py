"""Lenient .bib parsing: raw entries and located problems, one file at a time.

pybtex's low-level scanner does the tokenising, but each entry is scanned on its own
slice of the file, so an unbalanced brace or a stray ``@`` costs one entry, never the
rest of the file (the failure that makes other tools drop most of a real file).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from string import ascii_letters, digits

from pybtex.database.input.bibtex import LowLevelParser, SkipEntry, month_names
from pybtex.scanner import PybtexSyntaxError

from .records import Problem

#: Entry types of BibTeX and biblatex; others render but are reported.
KNOWN_TYPES = frozenset(
    [
        "article",
        "book",
        "booklet",
        "inbook",
        "incollection",
        "inproceedings",
        "conference",
        "manual",
        "mastersthesis",
        "misc",
        "phdthesis",
        "proceedings",
        "techreport",
        "unpublished",
        "online",
        "report",
        "thesis",
        "software",
        "dataset",
        "patent",
        "collection",
        "mvbook",
        "mvcollection",
        "mvproceedings",
        "bookinbook",
        "suppbook",
        "suppcollection",
        "suppperiodical",
        "periodical",
        "reference",
        "mvreference",
        "inreference",
        "set",
        "xdata",
        "artwork",
        "audio",
        "image",
        "jurisdiction",
        "legislation",
        "legal",
        "letter",
        "movie",
        "music",
        "performance",
        "review",
        "standard",
        "video",
        "electronic",
        "www",
    ]
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
        message = _error_text(error)
        if subtype == "bib_syntax" and _FIELD_START.match(self.text, self.pos):
            # "title = {A}⏎ year = 1": the ',' is missing where the previous value ends.
            lineno = self.text.count("\n", 0, len(self.text[: self.pos].rstrip())) + 1
            message = "syntax error: a ',' is missing before the next field"
        self.sink.append((subtype, message, lineno))

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
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        problems.append(
            Problem(
                "bib_encoding", "file holds binary data (NUL bytes); they are ignored", source, line
            )
        )
        data = data.replace(b"\x00", b"")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(Problem("bib_encoding", "file is not UTF-8; read as Latin-1", source, line))
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


# -- the fast path -------------------------------------------------------------------------
#
# pybtex's scanner costs about 0.2 ms per entry in Python-level token objects.  Most
# entries are well formed: this scanner reads them with a few regular expressions and
# gives exactly what pybtex's scanner would (same names, keys, value parts).  At anything
# it is not sure of (@string/@preamble/@comment, an undefined macro, unbalanced braces,
# a missing comma, deep nesting, the end of the chunk) it gives up, and the entry is
# scanned again by pybtex, which reports the problem as before.

_NAME_CHARS = re.escape(ascii_letters + "@!$&*+-./:;<>?[\\]^_`|~\x7f")
_NAME_RE = rf"[{_NAME_CHARS}][{_NAME_CHARS}{digits}]*"
_FAST_HEAD = re.compile(rf"\s*@\s*({_NAME_RE})\s*([{{(])\s*")
_FAST_NAME = re.compile(_NAME_RE)
_FAST_NUMBER = re.compile(r"[0-9]+")
_FAST_KEY = {"}": re.compile(r"[^\s,}]+"), ")": re.compile(r"[^\s,]+")}
_FAST_WS = re.compile(r"\s*")


def _skip_ws(chunk: str, pos: int) -> int:
    match = _FAST_WS.match(chunk, pos)
    return match.end() if match else pos


#: The common field, ``name = {text}`` / ``"text"`` / ``123`` / ``macro`` (no nested
#: braces, no ``#``), then an optional comma: one match instead of a dozen.
_FAST_FIELD = re.compile(
    rf'\s*({_NAME_RE})\s*=\s*(?:\{{([^{{}}]*)\}}|"([^"{{}}]*)"|([0-9]+)|({_NAME_RE}))\s*(,?)'
)
_QUOTE_SPECIAL = re.compile(r'["{}]')
_BRACE_SPECIAL = re.compile(r"[{}]")
#: pybtex stops at this brace depth ("too many nested braces").
_MAX_DEPTH = 100


class _GiveUp(Exception):
    """The fast scanner is not sure: let pybtex's scanner read the entry."""


def _fast_delimited(chunk: str, pos: int, quoted: bool) -> tuple[str, int]:
    """The text of a ``{...}`` or ``"..."`` value that opens just before *pos*, and its end."""
    special = _QUOTE_SPECIAL if quoted else _BRACE_SPECIAL
    depth = 0
    search = pos
    while True:
        match = (special if depth == 0 else _BRACE_SPECIAL).search(chunk, search)
        if match is None:
            raise _GiveUp
        char = match.group()
        search = match.end()
        if char == "{":
            depth += 1
            if depth >= _MAX_DEPTH:
                raise _GiveUp
        elif depth:
            depth -= 1
        elif (char == '"') == quoted:
            return chunk[pos : search - 1], search
        else:
            raise _GiveUp  # a '}' closing nothing inside "..."


def _fast_value(chunk: str, pos: int, macros: _Macros) -> tuple[list[str], int]:
    """The parts of a value (``"a" # macro # {b}``) starting at *pos*, and its end."""
    parts: list[str] = []
    while True:
        pos = _skip_ws(chunk, pos)
        char = chunk[pos : pos + 1]
        if char == "{" or char == '"':
            part, pos = _fast_delimited(chunk, pos + 1, char == '"')
        else:
            match = _FAST_NUMBER.match(chunk, pos) or _FAST_NAME.match(chunk, pos)
            if match is None:
                raise _GiveUp
            part = match.group()
            if not part[0].isdigit():
                if part not in macros:
                    raise _GiveUp  # pybtex reports the undefined macro
                part = str(macros[part])
            pos = match.end()
        parts.append(part)
        pos = _skip_ws(chunk, pos)
        if chunk.startswith("#", pos):
            pos += 1
            continue
        return parts, pos


def _fast_scan(
    chunk: str, macros: _Macros
) -> tuple[str, str, list[tuple[str, list[str]]], int] | None:
    """A well-formed entry as (command, key, [(name, parts)], end); None if unsure."""
    head = _FAST_HEAD.match(chunk)
    if head is None:
        return None
    command = head.group(1)
    if command.lower() in ("string", "preamble", "comment"):
        return None
    close = "}" if head.group(2) == "{" else ")"
    key = _FAST_KEY[close].match(chunk, head.end())
    if key is None:
        return None
    fields: list[tuple[str, list[str]]] = []
    pos = key.end()
    try:
        while True:
            simple = _FAST_FIELD.match(chunk, pos)
            if simple is not None and (simple[6] or chunk[simple.end() : simple.end() + 1] != "#"):
                name_text, braced, quoted, number, macro, comma = simple.groups()
                if macro is not None:
                    if macro not in macros:
                        return None  # pybtex reports the undefined macro
                    value = str(macros[macro])
                else:
                    value = next(part for part in (braced, quoted, number) if part is not None)
                fields.append((name_text, [value]))
                pos = simple.end()
                if comma:
                    continue
                break
            pos = _skip_ws(chunk, pos)
            name = _FAST_NAME.match(chunk, pos)
            if name is not None:
                pos = _skip_ws(chunk, name.end())
                if not chunk.startswith("=", pos):
                    return None
                parts, pos = _fast_value(chunk, pos + 1, macros)
                fields.append((name.group(), parts))
            if chunk.startswith(",", pos):
                pos += 1
                continue
            break
    except _GiveUp:
        return None
    if not chunk.startswith(close, pos):
        return None
    return command, key.group(), fields, pos + 1


def _scan_entry(
    chunk: str, first_line: int, macros: _Macros, source: str, problems: list[Problem]
) -> tuple[RawEntry | None, int]:
    """Scan one ``@...`` chunk; return its entry (None for @string/@comment) and its length."""
    fast = _fast_scan(chunk, macros)
    if fast is not None:
        fast_entry = _raw_entry(fast[0], fast[1], fast[2], chunk, first_line, source, problems)
        return fast_entry, fast[3]
    sink: list[tuple[str, str, int]] = []
    scanner = _EntryScanner(chunk, macros, sink)
    scanner.skip_to([scanner.AT])
    scanner.command_start = scanner.pos - 1
    result: tuple[str, tuple[object, ...]] | None = None
    try:
        result = tuple(scanner.parse_command())
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
            Problem(
                "entry_type",
                f"entry {key!r} has a non-standard type @{command}",
                source,
                first_line,
            )
        )
    return RawEntry(entry_type, key, tuple((n, v) for n, v in kept.values()), first_line)


def _field_line(chunk: str, name: str, first_line: int) -> int:
    """The line of the second ``name =`` in the chunk (where a duplicate stands)."""
    matches = list(re.finditer(rf"(?im)^[ \t]*{re.escape(name)}[ \t]*=", chunk))
    if len(matches) < 2:
        return first_line
    return first_line + chunk.count("\n", 0, matches[1].start())
