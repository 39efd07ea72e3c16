"""Inline Markdown (links, code, emphasis) and inline HTML -> LaTeX and plain text.

Each construct is found by a forward scan that never re-reads what it passed, instead
of a backtracking regular expression: a page is untrusted input, and patterns such as
``(.+?)\\1`` take cubic time on a line of backticks or asterisks.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from .htmltags import Tag, tags
from .latex import BOLD, CLOSE, EMPH, LITERAL, MONO, SUB, SUP, plain, protect, to_latex

_STYLE_TAGS = {
    "i": EMPH,
    "em": EMPH,
    "cite": EMPH,
    "b": BOLD,
    "strong": BOLD,
    "code": MONO,
    "tt": MONO,
    "kbd": MONO,
    "sup": SUP,
    "sub": SUB,
}
#: Tags that only style or wrap text: removed without a word.
_QUIET_TAGS = frozenset(
    {"span", "font", "u", "a", "p", "div", "small", "big", "mark", "abbr", "nobr", "center"}
    | {"pub", "highlighted", "ins", "s", "del", "strike", "section", "article", "label"}
)
#: ``{: ...}`` and ``{:target="_blank"}``: kramdown attribute lists (linear: no nesting).
IAL = re.compile(r"\{:[^{}]*\}")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_BRACKET = re.compile(r"[\[\]]")


@dataclass(frozen=True, slots=True)
class MdLink:
    """``[label](url)`` or ``![label](url)`` at ``text[start:end]``."""

    start: int
    end: int
    image: bool
    label: str
    url: str


def _label_end(text: str, start: int) -> int:
    """Index of the ``]`` closing the label opened at *start*, or -1.

    A label may hold one level of ``[...]``.  The scan stops at the first bracket that
    cannot belong to the label, so scans from nested openers stay inside their group.
    """
    depth = 0
    index = start + 1
    while True:
        found = _BRACKET.search(text, index)
        if found is None:
            return -1
        index = found.start()
        if found.group() == "[":
            if depth:
                return -1
            depth = 1
        elif depth:
            depth = 0
        else:
            return index
        index += 1


def _destination(text: str, start: int) -> tuple[str, int] | None:
    """``(url "title")`` from *start* (the ``(``): the URL and the index after ``)``."""
    length = len(text)
    index = start + 1
    while index < length and text[index].isspace():
        index += 1
    if index < length and text[index] == "<":
        index += 1
    url_start = index
    while index < length:
        char = text[index]
        if char == "(":  # one level of parentheses: ([^()\s]*)
            inner = index + 1
            while inner < length and text[inner] not in "()" and not text[inner].isspace():
                inner += 1
            if inner < length and text[inner] == ")":
                index = inner + 1
                continue
            break
        if char in ")<>" or char.isspace():
            break
        index += 1
    url = text[url_start:index]
    if index < length and text[index] == ">":
        index += 1
    after_url = index
    while index < length and text[index].isspace():
        index += 1
    if index > after_url and index < length and text[index] in "\"'":
        close = text.find(text[index], index + 1)
        if close >= 0:
            titled = close + 1
            while titled < length and text[titled].isspace():
                titled += 1
            if titled < length and text[titled] == ")":
                return url, titled + 1
    if index < length and text[index] == ")":
        return url, index + 1
    return None


def md_links(text: str) -> list[MdLink]:
    """The Markdown links and images of *text*, left to right, not overlapping."""
    found: list[MdLink] = []
    position = 0
    start = text.find("[")
    while start >= 0:
        close = _label_end(text, start)
        if close >= 0 and close + 1 < len(text) and text[close + 1] == "(":
            target = _destination(text, close + 1)
            if target is not None:
                image = start > position and text[start - 1] == "!"
                url, end = target
                found.append(MdLink(start - image, end, image, text[start + 1 : close], url))
                position = end
                start = text.find("[", end)
                continue
        start = text.find("[", start + 1)
    return found


def replace_links(text: str, replace: Callable[[MdLink], str]) -> str:
    """*text* with each Markdown link replaced by ``replace(link)``."""
    out: list[str] = []
    position = 0
    for link in md_links(text):
        out.append(text[position : link.start])
        out.append(replace(link))
        position = link.end
    out.append(text[position:])
    return "".join(out)


def _code_spans(text: str) -> str:
    """```code``` spans -> MONO placeholders; a run of n backticks closes on the next run of n.

    Runs are indexed once, and the next run of each length is found from right to left,
    so a page of unmatched backticks costs one pass.
    """
    runs = [(m.start(), m.end()) for m in re.finditer(r"`+", text)]
    if len(runs) < 2:
        return text
    following: list[int] = [-1] * len(runs)
    last: dict[int, int] = {}
    for number in range(len(runs) - 1, -1, -1):
        size = runs[number][1] - runs[number][0]
        following[number] = last.get(size, -1)
        last[size] = number
    out: list[str] = []
    position = 0
    number = 0
    while number < len(runs):
        closer = following[number]
        start, end = runs[number]
        if closer < 0:
            number += 1
            continue
        out.append(text[position:start])
        out.append(MONO + protect(text[end : runs[closer][0]].strip()) + CLOSE)
        position = runs[closer][1]
        number = closer + 1
    out.append(text[position:])
    return "".join(out)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _is_ascii_word(char: str) -> bool:
    return char.isascii() and _is_word(char)


def _pairs(
    text: str,
    delimiter: str,
    opens: Callable[[int], bool],
    closes: Callable[[int], bool],
    marker: str,
) -> str:
    """Each *delimiter* that *opens*, paired with the nearest later one that *closes*.

    The same result as ``re.sub(r"D(?=\\S)(.+?)(?<=\\S)D")`` with the given look-arounds,
    but the nearest closer at or after each index is precomputed: linear time.
    """
    if delimiter not in text:
        return text
    width = len(delimiter)
    length = len(text)
    nearest = [-1] * (length + 1)
    for index in range(length - width, -1, -1):
        is_closer = text.startswith(delimiter, index) and closes(index)
        nearest[index] = index if is_closer else nearest[index + 1]
    out: list[str] = []
    position = index = 0
    while index <= length - width:
        if text.startswith(delimiter, index) and opens(index):
            closer = nearest[index + width + 1] if index + width + 1 <= length else -1
            if closer >= 0:
                out.append(text[position:index])
                out.append(marker + text[index + width : closer] + CLOSE)
                position = index = closer + width
                continue
        index += 1
    out.append(text[position:])
    return "".join(out)


def _emphasis(text: str) -> str:
    """``**strong**``/``__strong__``, then ``*emph*`` and ``_emph_`` (as kramdown reads them)."""

    def starts(width: int) -> Callable[[int], bool]:
        return lambda i: i + width < len(text) and not text[i + width].isspace()

    def ends(i: int) -> bool:
        return not text[i - 1].isspace()

    for delimiter in ("**", "__"):
        text = _pairs(text, delimiter, starts(2), ends, BOLD)

    def star_open(i: int) -> bool:
        before = text[i - 1] if i else ""
        return not (before and (_is_word(before) or before == "*")) and starts(1)(i)

    def star_close(i: int) -> bool:
        after = text[i + 1] if i + 1 < len(text) else ""
        return ends(i) and not (after and (_is_word(after) or after == "*"))

    text = _pairs(text, "*", star_open, star_close, EMPH)

    def under_open(i: int) -> bool:
        return not (i and _is_ascii_word(text[i - 1])) and starts(1)(i)

    def under_close(i: int) -> bool:
        after = text[i + 1] if i + 1 < len(text) else ""
        return ends(i) and not (after and _is_ascii_word(after))

    return _pairs(text, "_", under_open, under_close, EMPH)


@dataclass
class Inline:
    """Converted inline text: the BibTeX value, the plain text, and what was lost."""

    latex: str
    plain: str
    dropped: list[str]


def inline(text: str, markdown: bool = True, literal_dashes: bool = False) -> Inline:
    """Inline Markdown (or raw HTML, without *markdown*) as LaTeX and as plain text.

    Emphasis, strong, code, ``<sup>``/``<sub>`` become LaTeX commands; ``<br>`` a space;
    entities their characters; other tags are removed (unusual ones are reported).
    """
    dropped: list[str] = []
    if markdown:
        text = _MD_ESCAPE.sub(lambda m: chr(LITERAL + ord(m[1])), text)
        text = IAL.sub("", text)
        text = replace_links(text, lambda link: link.label)
        text = _code_spans(text)

    def tag(found: Tag) -> str:
        name = found.name
        if name == "br":
            return " "
        if name in _STYLE_TAGS:
            return CLOSE if found.closing else _STYLE_TAGS[name]
        if name not in _QUIET_TAGS:
            dropped.append(f"<{'/' if found.closing else ''}{name}>")
        return " " if name in ("p", "div") else ""

    out: list[str] = []
    position = 0
    for found in tags(text):
        out.append(text[position : found.start])
        out.append(tag(found))
        position = found.end
    out.append(text[position:])
    text = "".join(out)
    if markdown:
        text = _emphasis(text)
    text = html.unescape(text)
    return Inline(to_latex(text, literal_dashes), plain(text), dropped)
