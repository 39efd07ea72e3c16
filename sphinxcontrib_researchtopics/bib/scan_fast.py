"""The fast path of the .bib scanner: well-formed entries read with a few regexes.

Kept apart from :mod:`.scan` (which falls back to pybtex's scanner) so each stays small.
"""

from __future__ import annotations

import re
from string import ascii_letters, digits

from pybtex.database.input.bibtex import month_names

#: The longest @string value kept (characters): ``@string{b = a # a}`` repeated doubles
#: a macro per line, so a 1 kB file could otherwise ask for more memory than exists.
MAX_MACRO = 65536


#: ``@string`` macros as (lower-case name, value) pairs, in definition order.
Strings = tuple[tuple[str, str], ...]


class Macros(dict[str, str]):
    """@string macros; BibTeX macro names are case-insensitive.  A value longer than
    :data:`MAX_MACRO` is cut there and its name noted in :attr:`cut` (a warning)."""

    def __init__(self) -> None:
        super().__init__()
        self.cut: list[str] = []

    def __setitem__(self, name: str, value: str) -> None:
        if len(value) > MAX_MACRO:
            value = value[:MAX_MACRO]
            self.cut.append(name)
        super().__setitem__(name.lower(), value)

    def __getitem__(self, name: str) -> str:
        return super().__getitem__(name.lower())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and super().__contains__(name.lower())

    @classmethod
    def starting(cls, strings: Strings = ()) -> Macros:
        """BibTeX's month macros, then *strings* (what the files before this one defined:
        BibTeX reads its files as one database, so ``@string`` carries over)."""
        macros = cls()
        for name, value in month_names.items():
            macros[name] = value
        for name, value in strings:
            macros[name] = value
        return macros

    def defined(self) -> Strings:
        """The macros a later file starts with: all but the month macros left as BibTeX
        defines them (so a file without ``@string`` hands on nothing)."""
        return tuple(
            (name, value) for name, value in self.items() if month_names.get(name) != value
        )


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


#: Text with braces nested one deep (``The {\TeX} book``), as one unrolled run.
_ONE_DEEP = r"[^{}]*(?:\{[^{}]*\}[^{}]*)*"
_ONE_DEEP_QUOTED = r'[^"{}]*(?:\{[^{}]*\}[^"{}]*)*'
#: The common field, ``name = {text}`` / ``"text"`` / ``123`` / ``macro`` (braces nested
#: at most one deep, no ``#``), then an optional comma: one match instead of a dozen.
_FAST_FIELD = re.compile(
    rf"\s*({_NAME_RE})\s*=\s*"
    rf'(?:\{{({_ONE_DEEP})\}}|"({_ONE_DEEP_QUOTED})"|([0-9]+)|({_NAME_RE}))\s*(,?)'
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


def _fast_value(chunk: str, pos: int, macros: Macros) -> tuple[list[str], int]:
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


def fast_scan(
    chunk: str, macros: Macros
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
                    value = (
                        braced if braced is not None else quoted if quoted is not None else number
                    )
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
