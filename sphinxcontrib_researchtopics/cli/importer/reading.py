"""Reading a page: decoding, comments, front matter, and what kind of line a line is.

Each recogniser is a plain string scan (strip, startswith, find) rather than an anchored
regular expression with lazy groups, whose backtracking is polynomial on long runs of
spaces; every function here is linear in the length of its input.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ...bib.scan import decode_bib
from .model import Log

#: Arrow characters that mark a navigation link (``[▶ Image](...)``).
ARROWS = "▶▼▲►▸▾▴▽△▷◀◁→←↓↑»«⯈⯆⯅"
_BR_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
#: The largest page read: hand-written pages are kilobytes.
MAX_PAGE = 16 * 2**20
#: Private-use characters the importer uses as placeholders: never taken from a page.
_PRIVATE = re.compile("[\ue000-\ue1ff]")


def read_page(path: Path, source: str, log: Log, limit: int = MAX_PAGE) -> str | None:
    """The text of *path* with ``\\n`` line ends (None, with an error, if unreadable or
    larger than *limit* bytes: a page's parse takes about a second per megabyte)."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        log.add(source, 0, "error", f"cannot read: {error.strerror or error}")
        return None
    if len(data) > limit:
        log.add(source, 0, "error", f"larger than {limit // 2**20} MB; not read")
        return None
    # as the build reads a .bib: a BOM names the encoding (Windows editors save "Unicode"
    # as UTF-16), else UTF-8, else Latin-1; line ends made LF
    text, problems = decode_bib(data, source)
    for problem in problems:
        log.add(source, problem.line, "warning", problem.message)
    return _PRIVATE.sub("", text)


def mask_comments(text: str, commented: Callable[[int, str], None]) -> tuple[str, int]:
    """*text* with each ``<!-- -->`` blanked out (line numbers kept).

    ``commented(first_line, body)`` is called for each comment; the second value is the
    line of an unclosed ``<!--`` (0 if none), whose marker is blanked too.
    """
    out: list[str] = []
    position = 0
    unclosed = 0
    while True:
        start = text.find("<!--", position)
        if start < 0:
            break
        end = text.find("-->", start + 4)
        out.append(text[position:start])
        if end < 0:
            unclosed = text.count("\n", 0, start) + 1
            out.append("    ")
            position = start + 4
            break
        inner = text[start : end + 3]
        commented(text.count("\n", 0, start) + 1, inner[4:-3])
        out.append("".join("\n" if char == "\n" else " " for char in inner))
        position = end + 3
    out.append(text[position:])
    masked = "".join(out)
    if unclosed:
        masked = masked.replace("<!--", "    ")
    return masked, unclosed


def front_field(line: str) -> tuple[str, str] | None:
    """``name: value`` of a front matter line."""
    name, colon, value = line.partition(":")
    name = name.rstrip()
    if not colon or not re.fullmatch(r"[A-Za-z_][\w-]*", name):
        return None
    return name, value.strip()


def heading(line: str) -> str | None:
    """The text of an ATX heading line (``## Text ##``), or None."""
    stripped = line.lstrip()
    if len(line) - len(stripped) > 3 or not stripped.startswith("#"):
        return None
    rest = stripped.lstrip("#")
    if len(stripped) - len(rest) > 6 or not rest[:1].isspace():
        return None
    text = rest.strip()
    closed = text.rstrip("#")
    # A closing run of ``#`` counts only after a space (``## C#`` is about C#).
    return closed.rstrip() if not closed or closed[-1].isspace() else text


def is_rule(line: str) -> bool:
    """A thematic break: three or more ``-``, ``*`` or ``_`` (spaces allowed between)."""
    stripped = line.lstrip()
    if len(line) - len(stripped) > 3 or stripped[:1] not in ("-", "*", "_") or not stripped:
        return False
    marks = "".join(stripped.split())
    return len(marks) >= 3 and marks == stripped[0] * len(marks)


def is_block_ial(line: str) -> bool:
    """A line that is only a kramdown attribute list ``{: .class}``."""
    stripped = line.strip()
    inner = stripped[2:-1]
    return (
        stripped.startswith("{:")
        and stripped.endswith("}")
        and len(stripped) >= 3
        and "{" not in inner
        and "}" not in inner
    )


def _strip_break(text: str) -> str:
    """*text* without trailing spaces, one trailing ``<br>`` or ``\\``, and spaces."""
    text = text.rstrip()
    if text.endswith("\\"):
        return text[:-1].rstrip()
    if text.endswith(">"):
        start = text.rfind("<")
        if start >= 0 and _BR_TAG.fullmatch(text, start):
            return text[:start].rstrip()
    return text


def _list_mark(text: str) -> str:
    """*text* without a leading list marker (``- ``, ``* ``, ``+ ``, ``1. ``, ``1) ``)."""
    if text[:1] in ("-", "*", "+") and text[1:2].isspace():
        return text[1:].lstrip()
    digits = len(text) - len(text.lstrip("0123456789"))
    if (
        digits
        and text[digits : digits + 1] in (".", ")")
        and text[digits + 1 : digits + 2].isspace()
    ):
        return text[digits + 1 :].lstrip()
    return text


def title(line: str) -> str | None:
    """The raw text of a title line (the whole line bold, then an optional break)."""
    body = _strip_break(_list_mark(line.lstrip()))
    for mark in ("**", "__"):
        if body.startswith(mark) and body.endswith(mark) and len(body) >= 5 and body[2] != mark[0]:
            return body[2:-2]
    lower = body.lower()
    for name in ("b", "strong"):
        opening, closing = f"<{name}>", f"</{name}>"
        if (
            lower.startswith(opening)
            and lower.endswith(closing)
            and len(body) > len(opening) + len(closing)
        ):
            return body[len(opening) : -len(closing)]
    return None


def emphasis_wrapped(text: str) -> bool:
    """The whole of *text* in ``*...*``, ``_..._``, ``<i>`` or ``<em>`` (an author line)."""
    body = _strip_break(text.lstrip())
    lower = body.lower()
    if body[:1] in ("*", "_") and body[1:2] != body[:1]:
        opened = 1
    elif lower.startswith("<i>"):
        opened = 3
    elif lower.startswith("<em>"):
        opened = 4
    else:
        return False
    rest = body[opened:]
    if lower.endswith(("</i>", "</em>")) and len(rest) >= 4:
        return True
    last = rest[-1:]
    return last in ("*", "_") and rest[-2:-1] != last


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    href: str


def _nav_item(line: str, index: int) -> tuple[NavItem, int] | None:
    """``**[label](href){: ...}**`` at *index*: the item and the index after it."""
    length = len(line)
    if line.startswith(("**", "__"), index):
        index += 2
    if index >= length or line[index] != "[":
        return None
    close = line.find("]", index + 1)
    if close <= index + 1 or close + 1 >= length or line[close + 1] != "(":
        return None
    end = close + 2
    while end < length and line[end] not in "()" and not line[end].isspace():
        end += 1
    if end == close + 2 or end >= length or line[end] != ")":
        return None
    item = NavItem(line[index + 1 : close], line[close + 2 : end])
    index = end + 1
    if line.startswith("{:", index):
        ial_end = index + 2
        while ial_end < length and line[ial_end] not in "{}":
            ial_end += 1
        if ial_end < length and line[ial_end] == "}":
            index = ial_end + 1
    if line.startswith(("**", "__"), index):
        index += 2
    return item, index


def nav_items(line: str) -> list[NavItem] | None:
    """The links of a line made only of links (separated by ``|``, ``·`` or ``•``)."""
    items: list[NavItem] = []
    index = len(line) - len(line.lstrip())
    length = len(line)
    while True:
        found = _nav_item(line, index)
        if found is None:
            break
        item, index = found
        items.append(item)
        while index < length and line[index].isspace():
            index += 1
        if index < length and line[index] in "|·•":
            index += 1
            while index < length and line[index].isspace():
                index += 1
    if not items:
        return None
    rest = line[index:].rstrip()
    if rest and not _BR_TAG.fullmatch(rest):
        return None
    return items
