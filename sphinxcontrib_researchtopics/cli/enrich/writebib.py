"""``--write-bib``: add missing fields to a .bib file, changing no other byte.

Each new field is inserted just before its entry's closing brace, in the entry's own
indentation and line endings; everything else (whitespace, comments, other entries,
field order) stays as it was.  An entry that cannot be located exactly is left alone.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ...bib.files import not_a_file, replace_file
from ...bib.scan import parse_bib_text

__all__ = ["FileEdit", "bib_value", "edit_text", "locate_entry", "write_fields"]

#: LaTeX specials in plain text (an abstract) -> what reads back as that text.
_SPECIALS = {
    "\\": "\\textbackslash{}",
    "{": "\\{",
    "}": "\\}",
    "%": "\\%",
    "&": "\\&",
    "#": "\\#",
    "_": "\\_",
    "$": "\\$",
    "~": "\\textasciitilde{}",
    "^": "\\^{}",
}
#: Fields written verbatim (identifiers, URLs): they must not need escaping.
VERBATIM = frozenset({"doi", "pdf", "url", "eprint"})


def bib_value(name: str, value: str) -> str | None:
    """*value* as the inside of ``{...}``, or None when it cannot be written safely."""
    text = " ".join(value.split())
    if not text:
        return None
    if name in VERBATIM:
        return None if any(char in text for char in "{}\\ %") else text
    if not _balanced(text):  # BibTeX counts even escaped braces: \{ alone breaks the file
        return None
    return "".join(_SPECIALS.get(char, char) for char in text)


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


@dataclass(frozen=True)
class Span:
    """Where an entry is: its header's offset and its closing delimiter's offset."""

    start: int
    close: int


def _line_offset(text: str, line: int) -> int:
    offset = 0
    for _ in range(max(line - 1, 0)):
        found = text.find("\n", offset)
        if found < 0:
            return -1
        offset = found + 1
    return offset


def locate_entry(text: str, line: int, key: str) -> Span | None:
    """The entry *key* whose ``@`` is on *line* (1-based), if its delimiters balance."""
    offset = _line_offset(text, line)
    if offset < 0:
        return None
    header = re.compile(rf"[ \t]*@[ \t]*[A-Za-z]+[ \t]*([{{(])\s*{re.escape(key)}\s*,")
    match = header.match(text, offset)
    if match is None:
        return None
    opener = match.group(1)
    depth = 0
    for index in range(match.start(1) + 1, len(text)):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return Span(match.start(), index) if opener == "{" else None
            depth -= 1
        elif char == ")" and opener == "(" and depth == 0:
            return Span(match.start(), index)
        elif char == "@" and depth == 0 and text[index - 1] == "\n":
            return None  # a new entry before this one closed: unbalanced
    return None


def _insertion(
    text: str, span: Span, fields: Sequence[tuple[str, str]], newline: str
) -> tuple[int, str]:
    """(offset, text) that adds *fields* before the entry's closing delimiter."""
    last = span.close - 1
    while last > span.start and text[last].isspace():
        last -= 1
    line_start = text.rfind("\n", 0, last) + 1
    indent = re.match(r"[ \t]*", text[line_start:]).group()  # type: ignore[union-attr]
    if line_start <= span.start:  # a one-line entry: no field line to copy
        indent = "  "
    lines = [f"{indent}{name} = {{{value}}}" for name, value in fields]
    if text[last] == ",":
        added = "".join(f"{newline}{item}," for item in lines)
    else:
        added = "".join(f",{newline}{item}" for item in lines)
    return last + 1, added


@dataclass
class FileEdit:
    """What writing one file did."""

    path: str
    added: dict[str, list[str]]
    skipped: dict[str, str]


def edit_text(
    text: str, entries: Mapping[str, tuple[int, Sequence[tuple[str, str]]]]
) -> tuple[str, dict[str, list[str]], dict[str, str]]:
    """*text* with each entry's fields added: entries maps key -> (line, [(name, value)]).

    Returns the new text, the fields added per key, and why a key was skipped.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    inserts: list[tuple[int, str]] = []
    added: dict[str, list[str]] = {}
    skipped: dict[str, str] = {}
    for key, (line, fields) in entries.items():
        writable = [
            (name, value) for name, raw in fields if (value := bib_value(name, raw)) is not None
        ]
        if not writable:
            continue
        span = locate_entry(text, line, key)
        if span is None:
            skipped[key] = f"entry not found at line {line} (or its braces do not balance)"
            continue
        inserts.append(_insertion(text, span, writable, newline))
        added[key] = [name for name, _ in writable]
    for offset, piece in sorted(inserts, reverse=True):
        text = text[:offset] + piece + text[offset:]
    return text, added, skipped


def write_fields(
    path: str, entries: Mapping[str, tuple[int, Sequence[tuple[str, str]]]]
) -> FileEdit:
    """Add fields to the .bib file *path* in place (atomically); see :func:`edit_text`.

    A symlink is written through to its target (the link stays a link); a read-only file,
    or one that is not a regular file, is left alone with the reason."""
    real = os.path.realpath(path)
    reason = not_a_file(real)
    if not reason and (not os.access(real, os.W_OK) or not os.stat(real).st_mode & 0o222):
        reason = "is read-only"  # its mode says so: even a root user leaves it
    if reason:
        return FileEdit(path, {}, {key: f"the file {reason}: not edited" for key in entries})
    try:
        data = Path(real).read_bytes()
    except OSError as error:
        why = error.strerror or str(error)
        return FileEdit(
            path, {}, {key: f"cannot read the file ({why}): not edited" for key in entries}
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return FileEdit(path, {}, {key: "the file is not UTF-8: not edited" for key in entries})
    new_text, added, skipped = edit_text(text, entries)
    if not added:
        return FileEdit(path, {}, skipped)
    before, _ = parse_bib_text(text, path)
    after, _ = parse_bib_text(new_text, path)
    if [raw.key for raw in before] != [raw.key for raw in after]:
        reason = "adding the fields would change how the file parses: not edited"
        return FileEdit(path, {}, {**skipped, **dict.fromkeys(added, reason)})
    try:
        replace_file(real, new_text.encode("utf-8"))
    except OSError as error:
        why = f"cannot write the file ({error.strerror or error}): not edited"
        return FileEdit(path, {}, {**skipped, **dict.fromkeys(added, why)})
    return FileEdit(path, added, skipped)
