"""HTML tags inside Markdown lines, read with the standard library's HTML parser.

A page is Markdown with bits of HTML in it (``<pub>``, ``<a onclick=...>``, ``<div
class=abs>``), so it is not fed to the parser whole: a linear scan cuts out each
candidate tag (``<`` + letter up to the next ``>``, never past another ``<``) and only
that piece goes through :class:`html.parser.HTMLParser`, which reads the name and the
attributes (quotes, entities, case).  Every character is looked at a bounded number of
times, so hostile input (``<a<a<a...``) stays linear; text between tags is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

_ANGLE = re.compile(r"[<>]")


@dataclass(frozen=True, slots=True)
class Tag:
    """One start, end or empty tag of a line: its name, attributes and span."""

    name: str
    attrs: dict[str, str]
    closing: bool
    start: int
    end: int

    def attr(self, name: str) -> str:
        """The value of attribute *name* ('' if absent or empty)."""
        return self.attrs.get(name, "")


class _OneTag(HTMLParser):
    """Reads a single tag (the piece :func:`tags` cut out) into name and attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: tuple[str, dict[str, str], bool] | None = None

    def read(self, piece: str) -> tuple[str, dict[str, str], bool] | None:
        self.reset()
        self.found = None
        self.feed(piece)
        self.close()
        return self.found

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.found is None:
            values: dict[str, str] = {}
            for name, value in attrs:
                values.setdefault(name, value or "")
            self.found = (tag, values, False)

    def handle_endtag(self, tag: str) -> None:
        if self.found is None:
            self.found = (tag, {}, True)


_READER = _OneTag()


@lru_cache(maxsize=4096)
def _read(piece: str) -> tuple[str, dict[str, str], bool] | None:
    """One tag's name, attributes, closing flag (pages repeat the same few tags)."""
    return _READER.read(piece)


def tags(text: str) -> list[Tag]:
    """The HTML tags of *text*, in order; anything that is not a whole tag is text."""
    found: list[Tag] = []
    index = text.find("<")
    length = len(text)
    while 0 <= index < length - 1:
        following = text[index + 1]
        is_end = following == "/"
        name_start = text[index + 2] if is_end and index + 2 < length else following
        if not (name_start.isascii() and name_start.isalpha()):
            index = text.find("<", index + 1)
            continue
        bound = _ANGLE.search(text, index + 1)
        if bound is None:
            break
        if bound.group() == "<":
            index = bound.start()
            continue
        end = bound.end()
        read = _read(text[index:end])
        if read is not None:
            name, attrs, closing = read
            found.append(Tag(name, attrs, closing, index, end))
        index = text.find("<", end)
    return found


def replace_tags(
    text: str, replace: Callable[[Tag], str], only: Iterator[Tag] | None = None
) -> str:
    """*text* with each tag (of *only*, default all) replaced by ``replace(tag)``."""
    out: list[str] = []
    position = 0
    for tag in only if only is not None else tags(text):
        out.append(text[position : tag.start])
        out.append(replace(tag))
        position = tag.end
    out.append(text[position:])
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Element:
    """A start tag, the raw text up to its matching end tag, and where it ends."""

    tag: Tag
    inner: str
    end: int


def elements(text: str, names: frozenset[str], nested: bool = False) -> list[Element]:
    """``<name ...>inner</name>`` spans of *text* for the given (lower-case) *names*.

    The end tag is the first one of the same name (*nested*: the one at the same depth);
    a start tag without its end tag is left out.  One pass over the tags: linear.
    """
    found: list[Element] = []
    open_tag: Tag | None = None
    depth = 0
    for tag in tags(text):
        if open_tag is None:
            if tag.name in names and not tag.closing:
                open_tag, depth = tag, 1
            continue
        if tag.name != open_tag.name:
            continue
        if not tag.closing:
            depth += 1 if nested else 0
            continue
        depth -= 1
        if depth == 0:
            found.append(Element(open_tag, text[open_tag.end : tag.start], tag.end))
            open_tag = None
    return found
