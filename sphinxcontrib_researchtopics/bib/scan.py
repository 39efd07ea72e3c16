"""Lenient .bib parsing: raw entries and located problems, one file at a time.

pybtex's low-level scanner does the tokenising, but each entry is scanned on its own
slice of the file, so an unbalanced brace or a stray ``@`` costs one entry, never the
rest of the file (the failure that makes other tools drop most of a real file).
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate, chain

from pybtex.database.input.bibtex import LowLevelParser, SkipEntry
from pybtex.scanner import PybtexSyntaxError

from .fieldlines import field_lines as lines_of_fields
from .records import Problem
from .scan_fast import MAX_MACRO, Macros, fast_scan

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

#: Where an entry starts: ``@name{`` or ``@name(`` at the start of a line (the fallback
#: boundary of an entry whose braces never close).
_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z][\w-]*)[ \t]*[{(]", re.MULTILINE)
#: Where BibTeX starts an entry: ``@name{`` or ``@name(`` anywhere between entries.
_ANY_START = re.compile(r"@[ \t]*([A-Za-z][\w-]*)[ \t]*([{(])")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
#: Lines BibTeX ignores that are plainly meant as comments: ``%`` and ``@comment ...``.
_COMMENT_LINE = re.compile(r"^[ \t]*(?:%|@[ \t]*comment\b).*$", re.MULTILINE | re.IGNORECASE)
_COMMENTED = re.compile(r"[ \t]*%")
_NEWLINES = re.compile(r"\r\n?")


@dataclass(frozen=True, slots=True)
class RawEntry:
    """An entry as written: fields in file order, values as LaTeX source."""

    entry_type: str
    key: str
    fields: tuple[tuple[str, str], ...]
    line: int


class _EntryScanner(LowLevelParser):  # type: ignore[misc]
    """pybtex's scanner, collecting errors instead of raising or printing them."""

    def __init__(self, text: str, macros: Macros, sink: list[tuple[str, str, int]]) -> None:
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


class Lines:
    """Character offset -> 1-based line number; the table of line starts is made on the
    first question (a file without problems never asks: a million lines cost 0.2 s)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.table: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        if self.table is None:
            self.table = list(accumulate(map(len, self.text.split("\n")), _next_start, initial=0))
        return self.table

    def at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def start_of(self, offset: int) -> int:
        """Offset where the line holding *offset* starts (no table needed)."""
        return self.text.rfind("\n", 0, offset) + 1


def _next_start(start: int, length: int) -> int:
    return start + length + 1


#: Byte-order marks, longest first (a UTF-32 LE mark starts like a UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR (old Mac files) become LF, so every line count agrees."""
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def _line_at(data: bytes, offset: int) -> int:
    """1-based line of a byte offset, counting CRLF, CR and LF as one break each."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def decode_bib(data: bytes, source: str) -> tuple[str, list[Problem]]:
    """Bytes -> text with LF line ends: a BOM names the encoding (UTF-8, UTF-16 or
    UTF-32, either byte order); else UTF-8, else Latin-1 with a warning."""
    problems: list[Problem] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            if "\ufffd" in text:
                line = normalize_newlines(text[: text.index("\ufffd")]).count("\n") + 1
                message = f"file is not valid {encoding.upper()}; bad bytes replaced"
                problems.append(Problem("bib_encoding", message, source, line))
            return normalize_newlines(text).replace("\x00", ""), problems
    if b"\x00" in data:
        line = _line_at(data, data.index(b"\x00"))
        problems.append(
            Problem(
                "bib_encoding", "file holds binary data (NUL bytes); they are ignored", source, line
            )
        )
        data = data.replace(b"\x00", b"")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = _line_at(data, error.start)
        problems.append(Problem("bib_encoding", "file is not UTF-8; read as Latin-1", source, line))
        text = data.decode("latin-1")
    return normalize_newlines(text), problems


def blank_front_matter(text: str) -> str:
    """Jekyll front matter (al-folio's ``---`` lines) is not stray text: blank it out."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text
    blanked = re.sub(r"[^\n]", " ", match.group())
    return blanked + text[match.end() :]


class _Closers:
    """Where each ``{`` or ``(`` that opens an entry is closed, found in O(log n).

    One pass records every ``}`` and ``)`` by the brace depth it leaves; the closer of
    an opening at depth *d* is then the first ``}`` back to *d* (or, for ``(``, the first
    ``)`` at depth *d* before the group around it ends).  Scanning forward from every
    entry instead would be quadratic in a file of unclosed entries.
    """

    def __init__(self, text: str) -> None:
        self.depth_at: dict[int, int] = {}
        self.braces: dict[int, list[int]] = {}  # depth after a '}' -> its offsets
        self.parens: dict[int, list[int]] = {}  # depth at a ')' -> its offsets
        depth = 0
        # each delimiter found by str.find (a memchr), not by a character-class regex,
        # which looks at every character (a third of loading a 40 MB file)
        offsets = sorted(chain.from_iterable(_offsets(text, char) for char in "{}()"))
        for offset in offsets:
            char = text[offset]
            if char == "{":
                self.depth_at[offset] = depth
                depth += 1
            elif char == "}":
                depth -= 1
                self.braces.setdefault(depth, []).append(offset)
            elif char == ")":
                self.parens.setdefault(depth, []).append(offset)
            else:
                self.depth_at[offset] = depth

    @staticmethod
    def _after(offsets: list[int] | None, offset: int) -> int | None:
        if not offsets:
            return None
        index = bisect.bisect_right(offsets, offset)
        return offsets[index] if index < len(offsets) else None

    def close(self, opening: int, brace: bool) -> int | None:
        """Offset just past the delimiter that closes the one at *opening*, or None."""
        depth = self.depth_at[opening]
        end_of_group = self._after(self.braces.get(depth - 1 if not brace else depth), opening)
        if brace:
            return None if end_of_group is None else end_of_group + 1
        paren = self._after(self.parens.get(depth), opening)
        if paren is None or (end_of_group is not None and end_of_group < paren):
            return None
        return paren + 1


def _offsets(text: str, char: str) -> list[int]:
    """Every offset of *char* in *text*."""
    found: list[int] = []
    find = text.find
    offset = find(char)
    while offset >= 0:
        found.append(offset)
        offset = find(char, offset + 1)
    return found


def parse_bib_text(
    text: str, source: str, macros: Macros | None = None
) -> tuple[list[RawEntry], list[Problem]]:
    """Scan *text* entry by entry, as BibTeX does; return raw entries and located problems.

    An entry starts at any ``@name{`` between entries (two may share a line) and ends
    where its braces balance, so a line starting with ``@`` inside a value is text.
    Only an entry whose braces never balance ends early: at the next line starting an
    entry, so one missing ``}`` costs one entry, not the rest of the file.  *macros*: the
    ones to start from (the files before this one's); the file's ``@string`` adds to them.
    """
    text = blank_front_matter(normalize_newlines(text))
    lines = Lines(text)
    if macros is None:
        macros = Macros.starting()
    entries: list[RawEntry] = []
    problems: list[Problem] = []
    pos = 0
    for start, end, command in entry_spans(text, lines):
        check_stray(text[pos:start], pos, lines, source, problems)
        pos = end
        if command == "comment":  # BibTeX ignores @comment; JabRef keeps its settings in one
            continue
        chunk = text[start:end]
        entry, consumed = scan_entry(chunk, lines.at(start), macros, source, problems)
        if entry is not None:
            entries.append(entry)
        if consumed < len(chunk):
            check_stray(chunk[consumed:], start + consumed, lines, source, problems)
    check_stray(text[pos:], pos, lines, source, problems)
    return entries, problems


def entry_spans(text: str, lines: Lines) -> Iterator[tuple[int, int, str]]:
    """``(start, end, command)`` of each ``@command`` of normalised *text*, in order; what
    lies between them is stray text.  One pass: the parser and the per-entry cache
    (:mod:`.entrycache`) split a file the same way."""
    closers = _Closers(text)
    search = 0
    while True:
        start_match = _ANY_START.search(text, search)
        if start_match is None:
            return
        if _COMMENTED.match(text, lines.start_of(start_match.start())):
            search = _line_end(text, start_match.end())  # "% @article{old, ..." is commented out
            continue
        command = start_match.group(1).lower()
        end = closers.close(start_match.end() - 1, start_match.group(2) == "{")
        if end is None and command == "comment":
            end = _line_end(text, start_match.end())
        elif end is None:  # braces never balance: the entry ends at the next entry line
            following = _ENTRY_START.search(text, start_match.end())
            end = following.start() if following else len(text)
        yield start_match.start(), end, command
        search = end


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end + 1


def check_stray(chunk: str, offset: int, lines: Lines, source: str, out: list[Problem]) -> None:
    """Text outside entries is a BibTeX comment, but usually a mistake: report it."""
    rest = _COMMENT_LINE.sub("", chunk)
    stripped = rest.strip()
    if not stripped:
        return
    line = lines.at(offset + chunk.find(stripped[0]))
    shown = stripped.splitlines()[0][:40]
    out.append(Problem("stray_text", f"text outside any entry ignored: {shown!r}", source, line))


def scan_entry(
    chunk: str, first_line: int, macros: Macros, source: str, problems: list[Problem]
) -> tuple[RawEntry | None, int]:
    """Scan one ``@...`` chunk; return its entry (None for @string/@comment) and its length."""
    fast = fast_scan(chunk, macros)
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
    for name in macros.cut:  # reported here: the entry cache scans chunks one by one too
        message = f"@string {name!r} grows past {MAX_MACRO} characters; cut there"
        problems.append(Problem("macro_size", message, source, first_line))
    macros.cut.clear()
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
    field_lines: dict[str, list[int]] | None = None
    repeats: dict[str, int] = {}
    for name, parts in fields:  # type: ignore[attr-defined]
        lower = name.lower()
        if sum(map(len, parts)) > MAX_VALUE:  # macros joined: each capped, their sum too
            parts = ["".join(parts[: MAX_VALUE // MAX_MACRO + 1])[:MAX_VALUE]]
            message = f"field {lower!r} of {key!r} joins to more than {MAX_VALUE} characters; cut"
            problems.append(Problem("macro_size", message, source, first_line))
        value = " ".join("".join(parts).split())
        if lower in kept:
            if field_lines is None:
                field_lines = lines_of_fields(chunk.split("\n"), first_line)
            found = field_lines.get(lower, [])
            repeats[lower] = repeats.get(lower, 0) + 1  # the n-th repeat is on its own line
            line = found[repeats[lower]] if len(found) > repeats[lower] else first_line
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
    return RawEntry(entry_type, key, tuple(kept.values()), first_line)


#: The longest field value kept (characters), however many macros it joins.
MAX_VALUE = 4 * MAX_MACRO
