"""``researchtopics import``: hand-written Jekyll topic pages -> one .bib file and .rst pages.

Lab sites often keep one Markdown page per research topic, each paper typed out as::

    **Title** <br>
    _First Last, First Last_ <br>
    <span><pub>Venue (ABBR), 2022</pub></span> <br>
    [Paper](https://...){:target="\\_blank"} |
    [Code](https://...){:target="\\_blank"} |
    <a onclick='expandABS("key")'> Abstract </a>
    <div style="display: none;" class=abs id="key"><br>
    The abstract ...
    </div>

with a row of links to the sibling topic pages at the top and the bottom.  This module
reads such pages and writes ``publications.bib`` (each paper once, with every topic it is
listed under) and one ``.rst`` page per input page, with the same papers in the same
order between two ``topic-nav`` bars.  Everything it cannot read is reported with its
file and line; an entry is never dropped without a message.

Pure: no Sphinx, no docutils.  ``cli.py`` calls :func:`add_arguments` and :func:`run`;
:func:`main` is the same command on its own (``python -m
sphinxcontrib_researchtopics.importer``).
"""

from __future__ import annotations

import argparse
import html
import os
import posixpath
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "ImportResult",
    "Message",
    "add_arguments",
    "import_pages",
    "latex_escape",
    "main",
    "run",
]

#: Exit statuses: everything imported; something could not be imported; nothing written.
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

BIB_NAME = "publications.bib"

# --------------------------------------------------------------------------- messages


@dataclass(frozen=True, slots=True)
class Message:
    """Something to tell the user, located in an input page (``line`` 0: the whole file)."""

    path: str
    line: int
    level: str  # "note" (nothing lost), "warning" (something ignored), "error" (entry lost)
    text: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.level}: {self.text}"


class _Log:
    """Messages of one run, in the order they were found."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    def add(self, path: str, line: int, level: str, text: str) -> None:
        self.messages.append(Message(path, line, level, text))


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------- text -> BibTeX (LaTeX)

#: Characters that are markup in a BibTeX value, written so they come back as themselves.
_ESCAPES = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\^{}",
}
#: Private-use characters standing for markup while a text is converted.
_CLOSE = "\ue000"
_EMPH, _BOLD, _MONO, _SUP, _SUB = "\ue001", "\ue002", "\ue003", "\ue004", "\ue005"
_OPEN = {
    _EMPH: r"\emph{",
    _BOLD: r"\textbf{",
    _MONO: r"\texttt{",
    _SUP: r"\textsuperscript{",
    _SUB: r"\textsubscript{",
}
#: A Markdown backslash escape ``\*`` becomes ``chr(_LITERAL + ord("*"))``: plain text.
_LITERAL = 0xE100


def _matched(text: str, opening: Callable[[str], bool], closing: Callable[[str], bool]) -> set[int]:
    """Positions of the opening and closing characters that pair up."""
    stack: list[int] = []
    pairs: set[int] = set()
    for index, char in enumerate(text):
        if opening(char):
            stack.append(index)
        elif closing(char) and stack:
            pairs.add(stack.pop())
            pairs.add(index)
    return pairs


def _to_latex(text: str, literal_dashes: bool) -> str:
    """*text* (with markup placeholders) as a BibTeX value.

    Every character comes back as itself through a BibTeX parser and LaTeX-to-text
    conversion: ``%`` ``&`` ``$`` ``#`` ``_`` ``~`` ``^`` ``\\`` and braces are escaped
    (an unmatched brace is balanced by a bare one at the start or end of the value),
    and ```` `` ```` / ``''`` (and, with *literal_dashes*, ``--``) are split so they do not
    become typographic quotes or dashes.  Whitespace runs become one space.
    """
    text = " ".join(_unliteral(text).split())
    markup = _matched(text, lambda c: c in _OPEN, lambda c: c == _CLOSE)
    braces = _matched(text, lambda c: c == "{", lambda c: c == "}")
    out: list[str] = []
    lone = {"{": 0, "}": 0}
    ligatures = "`'-" if literal_dashes else "`'"
    for index, char in enumerate(text):
        if char in _OPEN or char == _CLOSE:
            if index in markup:
                out.append(_OPEN.get(char, "}"))
            continue
        if char in "{}":
            out.append("\\" + char)
            if index not in braces:
                lone[char] += 1
            continue
        out.append(_ESCAPES.get(char, char))
        following = text[index + 1] if index + 1 < len(text) else ""
        if char in ligatures and following == char:
            out.append("{}")
    # BibTeX counts ``\{`` as a brace too: an unmatched one is balanced by a bare brace
    # at the start or the end of the value, which LaTeX-to-text reading ignores.
    return "{" * lone["}"] + "".join(out) + "}" * lone["{"]


def _unliteral(text: str) -> str:
    """Markdown-escaped characters (:data:`_LITERAL`) back to themselves."""
    return re.sub("[\ue100-\ue17f]", lambda m: chr(ord(m.group()) - _LITERAL), text)


def latex_escape(text: str, literal_dashes: bool = True) -> str:
    """Plain *text* as a BibTeX value that reads back as the same text."""
    clean = "".join(c for c in text if not ("\ue000" <= c <= "\ue1ff"))
    return _to_latex(clean, literal_dashes)


def _plain(text: str) -> str:
    """*text* with markup placeholders removed (literals restored)."""
    out = []
    for char in text:
        code = ord(char)
        if _LITERAL <= code < _LITERAL + 128:
            out.append(chr(code - _LITERAL))
        elif not ("\ue000" <= char <= "\ue0ff"):
            out.append(char)
    return " ".join("".join(out).split())


# ------------------------------------------------------------------ Markdown and HTML

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*?/?>")
_STYLE_TAGS = {
    "i": _EMPH,
    "em": _EMPH,
    "cite": _EMPH,
    "b": _BOLD,
    "strong": _BOLD,
    "code": _MONO,
    "tt": _MONO,
    "kbd": _MONO,
    "sup": _SUP,
    "sub": _SUB,
}
#: Tags that only style or wrap text: removed without a word.
_QUIET_TAGS = frozenset(
    {"span", "font", "u", "a", "p", "div", "small", "big", "mark", "abbr", "nobr", "center"}
    | {"pub", "highlighted", "ins", "s", "del", "strike", "section", "article", "label"}
)
#: ``{: ...}`` and ``{:target="_blank"}``: kramdown attribute lists.
_IAL = re.compile(r"\{:[^{}]*\}")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)
_EMPH_STAR = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", re.DOTALL)
_EMPH_UNDER = re.compile(r"(?<![A-Za-z0-9_])_(?=\S)(.+?)(?<=\S)_(?![A-Za-z0-9_])", re.DOTALL)
#: A Markdown link or image; the URL may hold one level of parentheses.
_MD_LINK = re.compile(
    r"(?P<image>!?)\[(?P<label>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"\(\s*<?(?P<url>(?:[^()\s<>]|\([^()\s]*\))*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
_A_TAG = re.compile(r"<a\b(?P<attrs>[^>]*)>(?P<label>.*?)</a\s*>", re.IGNORECASE | re.DOTALL)
_IMG_TAG = re.compile(r"<img\b(?P<attrs>[^>]*?)/?>", re.IGNORECASE)


def _attr(attrs: str, name: str) -> str:
    """The value of attribute *name* in an HTML tag's attribute text ('' if absent)."""
    match = re.search(
        rf"(?<![\w-]){name}\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))", attrs, re.IGNORECASE
    )
    if not match:
        return ""
    return html.unescape(next(group for group in match.groups() if group is not None))


def _protect(text: str) -> str:
    """Characters of *text* as literals: no Markdown markup is read in them."""
    return "".join(chr(_LITERAL + ord(c)) if ord(c) < 128 and not c.isalnum() else c for c in text)


@dataclass
class _Inline:
    """Converted inline text: the BibTeX value, the plain text, and what was lost."""

    latex: str
    plain: str
    dropped: list[str]


def _inline(text: str, markdown: bool = True, literal_dashes: bool = False) -> _Inline:
    """Inline Markdown (or raw HTML, without *markdown*) as LaTeX and as plain text.

    Emphasis, strong, code, ``<sup>``/``<sub>`` become LaTeX commands; ``<br>`` a space;
    entities their characters; other tags are removed (unusual ones are reported).
    """
    dropped: list[str] = []
    if markdown:
        text = _MD_ESCAPE.sub(lambda m: chr(_LITERAL + ord(m[1])), text)
        text = _IAL.sub("", text)
        text = _MD_LINK.sub(lambda m: m["label"], text)
        text = _CODE_SPAN.sub(lambda m: _MONO + _protect(m[2].strip()) + _CLOSE, text)
    text = _BR.sub(" ", text)

    def tag(match: re.Match[str]) -> str:
        name = match[2].lower()
        if name in _STYLE_TAGS:
            return _CLOSE if match[1] else _STYLE_TAGS[name]
        if name not in _QUIET_TAGS:
            dropped.append(f"<{match[1]}{name}>")
        return " " if name in ("p", "div") else ""

    text = _TAG.sub(tag, text)
    if markdown:
        text = _STRONG.sub(lambda m: _BOLD + m[2] + _CLOSE, text)
        text = _EMPH_STAR.sub(lambda m: _EMPH + m[1] + _CLOSE, text)
        text = _EMPH_UNDER.sub(lambda m: _EMPH + m[1] + _CLOSE, text)
    text = html.unescape(text)
    return _Inline(_to_latex(text, literal_dashes), _plain(text), dropped)


# ------------------------------------------------------------------------ page parsing

_FRONT_FIELD = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_BLOCK_IAL = re.compile(r"^\s*\{:[^{}]*\}\s*$")
_LIST_MARK = r"(?:[-*+]\s+|\d+[.)]\s+)?"
#: A title line: the whole line bold (Markdown or HTML), then an optional line break.
_TITLE = re.compile(
    rf"^\s*{_LIST_MARK}(?:\*\*(?P<a>[^*].*?)\*\*|__(?P<b>[^_].*?)__"
    r"|<(?P<tag>b|strong)>(?P<c>.+?)</(?P=tag)>)\s*(?:<br\s*/?>|\\)?\s*$",
    re.IGNORECASE,
)
#: One link of a navigation line: ``**[▶ Image](/super-resolution/sr-image){: ...}**``.
_NAV_ITEM = r"(?:\*\*|__)?\[(?P<label>[^\]]+)\]\((?P<href>[^()\s]+)\)(?:\{:[^{}]*\})?(?:\*\*|__)?"
_NAV_LINE = re.compile(rf"^\s*(?:{_NAV_ITEM}\s*(?:[|·•]\s*)?)+(?:<br\s*/?>)?\s*$")
_NAV_ITEM_RE = re.compile(_NAV_ITEM)
_ARROWS = "▶▼▲►▸▾▴▽△▷◀◁→←↓↑»«⯈⯆⯅"
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HIGHLIGHT = re.compile(r"<highlighted>(.*?)</highlighted>", re.IGNORECASE | re.DOTALL)
_PUB = re.compile(r"<pub>(.*?)</pub>", re.IGNORECASE | re.DOTALL)
_DIV_OPEN = re.compile(r"<div\b[^>]*>", re.IGNORECASE)
_DIV_ANY = re.compile(r"<(/?)div\b[^>]*>", re.IGNORECASE)
_TOGGLE_CALL = re.compile(r"\w+\(\s*[\"']([^\"']+)[\"']\s*\)")
_AWARD = re.compile(
    r"^(?:winners?\b|champion|runner[- ]?up|finalist|honou?rable mention|"
    r"(?:1st|2nd|3rd|first|second|third)\s+place|best\b|.*\b(?:award|prize)\b)",
    re.IGNORECASE,
)
_YEAR_AT_END = re.compile(r"^(?P<venue>.*?)[\s,;.]*\(?(?P<year>(?:19|20)\d{2})\)?\s*\.?\s*$")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_ABBR = re.compile(r"\(([^()]{1,30})\)")
_SEPARATORS = re.compile(r"^[\s|·•,;:]*$")
_EMPHASIS_WRAPPED = re.compile(
    r"^\s*(?:\*(?!\*)|_(?!_)|<i>|<em>).*(?:(?<!\*)\*|(?<!_)_|</i>|</em>)\s*(?:<br\s*/?>|\\)?\s*$",
    re.IGNORECASE | re.DOTALL,
)


#: The label of a link on the title itself (used as the paper link when there is none).
_TITLE_LINK = "Title"


@dataclass
class _Link:
    label: str
    url: str
    line: int


@dataclass
class _Entry:
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
    links: list[_Link] = field(default_factory=list)
    badges: list[str] = field(default_factory=list)
    awards: list[str] = field(default_factory=list)
    preview: str = ""
    abstract: str = ""
    abstract_line: int = 0


@dataclass
class _Page:
    """One input page, parsed."""

    source: str
    path: Path
    text_title: str = ""
    topic: str = ""
    permalink: str = ""
    nav: list[_Link] = field(default_factory=list)
    entries: list[_Entry] = field(default_factory=list)
    docname: str = ""
    keys: list[str] = field(default_factory=list)


def _slug(text: str) -> str:
    """'Light Field' -> 'light-field' (a topic tag and an id)."""
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[^\w]+", "-", text).strip("-_")


def _ascii_word(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode().lower())


class _PageParser:
    """Line-by-line reading of one page; entries, nav, title and messages."""

    def __init__(self, source: str, path: Path, text: str, log: _Log) -> None:
        self.page = _Page(source, path)
        self.log = log
        self.source = source
        self.lines = self._mask_comments(text).split("\n")
        self.entry: _Entry | None = None
        self.after_rule = False
        #: Set once the first navigation block is over: later ones repeat it.
        self.nav_done = False

    # -- messages

    def note(self, line: int, text: str) -> None:
        self.log.add(self.source, line, "note", text)

    def warn(self, line: int, text: str) -> None:
        self.log.add(self.source, line, "warning", text)

    def error(self, line: int, text: str) -> None:
        self.log.add(self.source, line, "error", text)

    # -- comments

    def _mask_comments(self, text: str) -> str:
        """``<!-- -->`` blanked out (line numbers kept); commented-out entries noted."""

        def blank(match: re.Match[str]) -> str:
            inner = match.group()
            if "<pub>" in inner.lower() or "expandabs" in inner.lower():
                first = text.count("\n", 0, match.start()) + 1
                body = inner[4:-3]
                for offset, line in enumerate(body.split("\n")):
                    title = _TITLE.match(line)
                    if title:
                        shown = _inline(title["a"] or title["b"] or title["c"]).plain
                        self.note(first + offset, f"commented-out entry skipped: {shown!r}")
            return re.sub(r"[^\n]", " ", inner)

        masked = _COMMENT.sub(blank, text)
        start = masked.find("<!--")
        if start >= 0:
            line = masked.count("\n", 0, start) + 1
            self.warn(line, "'<!--' is never closed; the marker is ignored")
            masked = masked.replace("<!--", "    ")
        return masked

    # -- the page

    def parse(self) -> _Page:
        lines = self.lines
        index = self._front_matter()
        while index < len(lines):
            index = self._line(index)
        self._finish_entry()
        page = self.page
        if not page.text_title:
            stem = page.path.stem
            page.text_title = stem.replace("-", " ").replace("_", " ").strip().capitalize()
            page.topic = _slug(stem)
            self.note(
                0, f"no '## Heading': the title is {page.text_title!r}, the topic {page.topic!r}"
            )
        if not page.entries:
            self.warn(0, "no publication entries found on this page")
        return page

    def _front_matter(self) -> int:
        lines = self.lines
        if not lines or lines[0].strip() != "---":
            return 0
        for index in range(1, len(lines)):
            if lines[index].strip() in ("---", "..."):
                for line in lines[1:index]:
                    match = _FRONT_FIELD.match(line)
                    if match and match[1] == "permalink":
                        self.page.permalink = match[2].strip("\"'")
                return index + 1
        self.warn(1, "front matter '---' is never closed; read as text")
        return 0

    def _is_nav(self, line: str) -> bool:
        if not _NAV_LINE.match(line):
            return False
        items = list(_NAV_ITEM_RE.finditer(line))
        if any(item["label"].strip()[:1] in _ARROWS for item in items):
            return True
        if not self.page.text_title:
            return True
        return self.after_rule and all(item["href"].startswith("/") for item in items)

    def _line(self, index: int) -> int:
        raw = self.lines[index]
        number = index + 1
        stripped = raw.strip()
        if not stripped or _BLOCK_IAL.match(raw):
            return index + 1
        if self.page.nav and not self._is_nav(raw):
            self.nav_done = True
        heading = _HEADING.match(raw)
        if heading:
            self._finish_entry()
            text = _inline(heading[2]).plain
            if not self.page.text_title and text:
                self.page.text_title = text
                self.page.topic = _slug(text) or _slug(self.page.path.stem)
            else:
                self.note(number, f"heading {text!r} ignored (the title is the first heading)")
            return index + 1
        if _RULE.match(raw):
            self._finish_entry()
            self.after_rule = True
            return index + 1
        if self._is_nav(raw):
            self._finish_entry()
            self._nav(raw, number)
            return index + 1
        title = _TITLE.match(raw)
        if title:
            text = title["a"] or title["b"] or title["c"] or ""
            converted = _inline(text)
            if self.entry is not None and _AWARD.match(converted.plain):
                self.entry.awards.append(converted.latex)
                return index + 1
            self._finish_entry()
            self._start_entry(text, converted, number)
            return index + 1
        if self.entry is None:
            self.warn(number, f"text outside any entry ignored: {_short(_inline(raw).plain)!r}")
            return index + 1
        return self._entry_line(index)

    def _nav(self, line: str, number: int) -> None:
        """Keep the first navigation block (the top one; the bottom one repeats it)."""
        if self.nav_done:
            return
        for item in _NAV_ITEM_RE.finditer(line):
            label = item["label"].strip().lstrip(_ARROWS).strip()
            label = _inline(label).plain
            self.page.nav.append(_Link(label, html.unescape(item["href"]), number))

    # -- entries

    def _start_entry(self, raw_title: str, title: _Inline, number: int) -> None:
        entry = _Entry(self.source, number, title.latex, title.plain)
        for link in _MD_LINK.finditer(raw_title):
            if not link["image"]:
                entry.links.append(_Link(_TITLE_LINK, html.unescape(link["url"]), number))
        self._report_dropped(title, number, "title")
        self.entry = entry

    def _report_dropped(self, converted: _Inline, number: int, what: str) -> None:
        for tag in dict.fromkeys(converted.dropped):
            self.note(number, f"HTML tag {tag} removed from the {what}")

    def _finish_entry(self) -> None:
        entry = self.entry
        self.entry = None
        if entry is None:
            return
        where = f"{entry.title_plain!r}"
        if not entry.authors and not entry.venue:
            self.error(
                entry.line,
                f"cannot read the entry {where}: no author line and no venue line after the "
                "title; it is NOT imported",
            )
            return
        if not entry.authors:
            self.warn(entry.line, f"entry {where} has no author line")
        if not entry.venue:
            self.warn(entry.line, f"entry {where} has no venue line (<pub>Venue, Year</pub>)")
        elif not entry.year:
            self.warn(entry.venue_line, f"entry {where}: no year in the venue line")
        if entry.key and entry.div_id and entry.key != entry.div_id:
            self.note(
                entry.abstract_line,
                f"abstract id {entry.div_id!r} differs from the expandABS id {entry.key!r}; "
                f"the key is {entry.key!r}",
            )
        if not entry.key and entry.div_id:
            entry.key = entry.div_id
        self.page.entries.append(entry)

    def _entry_line(self, index: int) -> int:
        assert self.entry is not None
        raw = self.lines[index]
        div = _DIV_OPEN.search(raw)
        before = raw[: div.start()] if div else raw
        if before.strip():
            self._parts(self.entry, before, index + 1)
        if div:
            return self._hidden_block(self.entry, index, div)
        return index + 1

    def _hidden_block(self, entry: _Entry, index: int, div: re.Match[str]) -> int:
        """A ``<div>`` (the abstract) up to its ``</div>``; returns the next line's index."""
        lines = self.lines
        number = index + 1
        parts: list[str] = []
        depth = 1
        text = lines[index][div.end() :]
        current = index
        tail = ""
        following = index + 1
        while True:
            for tag in _DIV_ANY.finditer(text):
                depth += -1 if tag[1] else 1
                if depth == 0:
                    parts.append(text[: tag.start()])
                    tail = text[tag.end() :]
                    break
            if depth == 0:
                following = current + 1
                break
            parts.append(text)
            current += 1
            if (
                current >= len(lines)
                or _TITLE.match(lines[current])
                or _HEADING.match(lines[current])
            ):
                self.warn(number, "<div> is never closed: it ends where the next entry starts")
                following = current
                break
            text = lines[current]
        content = "\n".join(parts)
        attrs = div.group()
        div_id = _attr(attrs, "id")
        classes = _attr(attrs, "class").split()
        hidden = "display" in _attr(attrs, "style").replace(" ", "").lower()
        is_abstract = "abs" in classes or bool(div_id and div_id == entry.key) or hidden
        if not is_abstract or entry.abstract:
            what = "a second hidden block" if entry.abstract else "a <div> block"
            if content.strip():
                self.warn(number, f"{what} ignored: {_short(_inline(content, False).plain)!r}")
        else:
            body = re.sub(r"^\s*(?:<br\s*/?>\s*)+", "", content, flags=re.IGNORECASE)
            markdown = _attr(attrs, "markdown") in ("1", "span", "block")
            converted = _inline(body, markdown=markdown, literal_dashes=not markdown)
            self._report_dropped(converted, number, "abstract")
            entry.abstract = converted.latex
            entry.abstract_line = number
            entry.div_id = div_id
        if tail.strip() and not _SEPARATORS.match(_inline(tail).plain):
            self._parts(entry, tail, current + 1)
        return following

    def _parts(self, entry: _Entry, text: str, number: int) -> None:
        """The pieces of one line of an entry: badges, venue, links, authors, awards."""
        text = _IAL.sub("", text)
        for badge in _HIGHLIGHT.findall(text):
            converted = _inline(badge)
            if converted.plain:
                entry.badges.append(converted.latex)
        text = _HIGHLIGHT.sub(" ", text)
        for venue in _PUB.findall(text):
            self._venue(entry, venue, number)
        text = _PUB.sub(" ", text)
        if self._authors(entry, text, number):
            return
        rest = _IMG_TAG.sub(lambda m: self._image(entry, _attr(m["attrs"], "src"), number), text)
        rest = _A_TAG.sub(lambda m: self._a_tag(entry, m, number), rest)
        rest = _MD_LINK.sub(lambda m: self._md_link(entry, m, number), rest)
        converted = _inline(rest)
        plain = converted.plain
        if _SEPARATORS.match(plain):
            return
        plain = plain.strip(" |·•")
        if _AWARD.match(plain):
            entry.awards.append(_inline(rest.strip().strip("|")).latex)
        elif not entry.venue and entry.authors and _YEAR_AT_END.match(plain):
            self._venue(entry, rest, number)
        else:
            self.warn(number, f"not understood, ignored: {_short(plain)!r}")

    def _authors(self, entry: _Entry, text: str, number: int) -> bool:
        """Read *text* as the author line if it is one (the first line after the title)."""
        links = [link for link in entry.links if link.label != _TITLE_LINK]
        if entry.authors or entry.venue or links or entry.key or entry.abstract:
            return False
        if _A_TAG.search(text) and "onclick" in text.lower():
            return False
        labels = [m["label"] for m in _MD_LINK.finditer(text)]
        labels += [m["label"] for m in _A_TAG.finditer(text)]
        if any(_link_fields(_inline(label).plain, "") for label in labels):
            return False
        without_links = _MD_LINK.sub(lambda m: m["label"], text)
        plain = _inline(without_links).plain
        if not plain or _AWARD.match(plain):
            return False
        wrapped = bool(_EMPHASIS_WRAPPED.match(without_links))
        if not wrapped and not re.search(r",|\band\b|&", plain):
            return False
        if labels:
            self.note(number, "links on author names dropped (set researchtopics_members)")
        entry.authors = _split_authors(without_links, self, number)
        entry.author_line = number
        return True

    def _venue(self, entry: _Entry, raw: str, number: int) -> None:
        converted = _inline(raw)
        text = converted.plain.strip(" ,;")
        if entry.venue:
            self.warn(
                number,
                f"a second venue line ignored: {_short(text)!r} (is a title line missing above?)",
            )
            return
        match = _YEAR_AT_END.match(text)
        venue, year = (match["venue"].strip(" ,;"), match["year"]) if match else (text, "")
        if not match:
            years = _YEAR.findall(text)
            if len(years) == 1:
                year = years[0]
                self.note(number, f"year {year} taken from inside the venue {text!r}")
        entry.venue_plain = venue
        entry.venue = latex_escape(venue, literal_dashes=False)
        entry.year = year
        entry.venue_line = number
        abbrs = _ABBR.findall(venue)
        if abbrs:
            entry.abbr = abbrs[-1].strip()

    def _image(self, entry: _Entry, src: str, number: int) -> str:
        if src and not entry.preview:
            entry.preview = src
            self.note(number, f"image {src!r} kept as the entry's preview field")
        return " "

    def _a_tag(self, entry: _Entry, match: re.Match[str], number: int) -> str:
        attrs = match["attrs"]
        label = _inline(match["label"]).plain
        onclick = _attr(attrs, "onclick")
        href = _attr(attrs, "href")
        if label.lower() in ("abstract", "abs") or "expandabs" in onclick.lower():
            call = _TOGGLE_CALL.search(onclick)
            if call:
                self._set_key(entry, call[1], number)
            elif href.startswith("#") and len(href) > 1:
                self._set_key(entry, href[1:], number)
            return " "
        if onclick and (not href or href.startswith(("#", "javascript:"))):
            self.warn(number, f"script link {label!r} ignored")
            return " "
        entry.links.append(_Link(label, href, number))
        return " "

    def _md_link(self, entry: _Entry, match: re.Match[str], number: int) -> str:
        url = html.unescape(match["url"])
        if match["image"]:
            return self._image(entry, url, number)
        label = _inline(match["label"]).plain
        if label.lower() in ("abstract", "abs") and url.startswith("#") and len(url) > 1:
            self._set_key(entry, url[1:], number)
            return " "
        entry.links.append(_Link(label, url, number))
        return " "

    def _set_key(self, entry: _Entry, key: str, number: int) -> None:
        if entry.key and entry.key != key:
            self.warn(number, f"a second abstract id {key!r} ignored (the key is {entry.key!r})")
            return
        entry.key = key


def _split_authors(text: str, parser: _PageParser, number: int) -> list[str]:
    """An author line -> names as BibTeX values ("First Last"), markers kept."""

    def superscript(match: re.Match[str]) -> str:
        marks = "".join(c for c in match[1] if c in "*†‡#§¶")
        if re.search(r"[0-9a-z]", match[1]):
            parser.note(number, f"affiliation mark {match[1]!r} dropped from an author name")
        return marks

    text = re.sub(r"<sup>(.*?)</sup>", superscript, text, flags=re.IGNORECASE | re.DOTALL)
    plain = re.sub(r"\s*,?\s+(?:et\.?\s*al\.?|etc\.?)\s*$", " and others", _inline(text).plain)
    names: list[str] = []
    for part in re.split(r"\s*(?:,|;|\band\b|&)\s*", plain):
        name = part.strip()
        if not name:
            continue
        if re.fullmatch(r"others|et\.?\s*al\.?", name, re.IGNORECASE):
            names.append("others")
        else:
            names.append(latex_escape(name, literal_dashes=False))
    return names


# -------------------------------------------------------------------- links -> fields

#: Link labels (lower case) -> link kind.  A kind is also the .bib field, except paper.
_LABEL_KINDS = {
    "paper": "paper",
    "pdf": "paper",
    "full paper": "paper",
    "full text": "paper",
    "publication": "paper",
    "title": "paper",
    "arxiv": "arxiv",
    "preprint": "arxiv",
    "doi": "doi",
    "code": "code",
    "codes": "code",
    "source code": "code",
    "github": "code",
    "software": "code",
    "project": "project",
    "project page": "project",
    "homepage": "project",
    "home page": "project",
    "website": "project",
    "webpage": "project",
    "web page": "project",
    "dataset": "dataset",
    "datasets": "dataset",
    "data": "dataset",
    "benchmark": "dataset",
    "video": "video",
    "videos": "video",
    "intro video": "video",
    "demo video": "video",
    "talk": "video",
    "youtube": "video",
    "bilibili": "video",
    "slides": "slides",
    "slide": "slides",
    "ppt": "slides",
    "poster": "poster",
    "supp": "supp",
    "supp.": "supp",
    "supplement": "supp",
    "supplementary": "supp",
    "supplementary material": "supp",
    "supplemental material": "supp",
    "appendix": "supp",
    "blog": "blog",
}
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def _link_fields(label: str, url: str) -> list[str]:
    """The .bib fields a link goes to ("Code & Dataset" -> code and dataset); [] unknown."""
    name = " ".join(label.lower().split())
    parts = [name] if name in _LABEL_KINDS else re.split(r"\s*(?:&|\+|/|,|\band\b)\s*", name)
    if not parts or not all(part in _LABEL_KINDS for part in parts):
        return []
    fields = []
    for part in parts:
        kind = _LABEL_KINDS[part]
        if kind == "paper":
            is_pdf = part == "pdf" or url.lower().split("?")[0].endswith(".pdf")
            kind = "pdf" if is_pdf else "url"
        fields.append(kind)
    return list(dict.fromkeys(fields))


#: Fields that show as the same link kind: only the first present one is shown.
_SAME_KIND = {"pdf": "paper", "url": "paper"}


def _custom_field(label: str, taken: Iterable[str]) -> str:
    """``url_<Label>`` for a label the link table does not know."""
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    base = "url_" + (re.sub(r"[^A-Za-z0-9]+", "_", ascii_label).strip("_") or "Link")
    name, counter = base, 2
    used = {item.lower() for item in taken}
    while name.lower() in used:
        name, counter = f"{base}_{counter}", counter + 1
    return name


def _url_value(url: str) -> str:
    """A URL as a BibTeX value: written as is, braces and spaces percent-encoded."""
    return url.strip().replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


# ---------------------------------------------------------------- merging and output


@dataclass
class _Record:
    """One paper of the output .bib file (merged over the pages that list it)."""

    key: str
    entry: _Entry
    fields: list[tuple[str, str]]
    topics: list[str]


@dataclass(frozen=True)
class ImportResult:
    """What an import produces: file contents by relative path, and the messages."""

    bib: str
    pages: dict[str, str]
    messages: tuple[Message, ...]
    entry_count: int


_JOURNAL = re.compile(r"\b(?:transactions|journal|letters|magazine|express)\b", re.IGNORECASE)
_PREPRINT = re.compile(r"\b(?:arxiv|preprint|biorxiv|medrxiv)\b", re.IGNORECASE)
_VALID_KEY = re.compile(r"^[A-Za-z0-9_\-:.+/]+$")
_STOP_WORDS = frozenset({"a", "an", "the", "on", "of", "towards", "toward"})


def _identity(entry: _Entry) -> tuple[str, str]:
    """Two listings are the same paper when title (letters and digits) and year agree."""
    return re.sub(r"[\W_]+", "", entry.title_plain.casefold()), entry.year


def _made_key(entry: _Entry) -> str:
    """``lastnameYYfirstword``, e.g. ``xiao21space``."""
    last = "anon"
    if entry.authors and entry.authors[0] != "others":
        words = re.sub(r"[*†‡#§¶]+$", "", _plain_latex(entry.authors[0])).split()
        last = _ascii_word(words[-1]) if words else "anon"
    words = [_ascii_word(word) for word in entry.title_plain.split()]
    first = next((word for word in words if word and word not in _STOP_WORDS), "")
    return f"{last or 'anon'}{entry.year[-2:]}{first}"


def _plain_latex(value: str) -> str:
    """Undo :func:`latex_escape` well enough for making keys."""
    return re.sub(r"\\([&%$#_{}])", r"\1", value)


def _entry_fields(entry: _Entry, log: _Log) -> list[tuple[str, str]]:
    """The .bib fields of a newly seen paper, in the order they are written."""
    fields: list[tuple[str, str]] = [("title", entry.title)]
    if entry.authors:
        names = [
            f"{{{name}}}" if re.search(r"\band\b", name, re.IGNORECASE) else name
            for name in entry.authors
        ]
        fields.append(("author", " and ".join(names)))
    if entry.venue:
        if _PREPRINT.search(entry.venue_plain):
            fields.append(("howpublished", entry.venue))
        elif _JOURNAL.search(entry.venue_plain):
            fields.append(("journal", entry.venue))
        else:
            fields.append(("booktitle", entry.venue))
    if entry.abbr:
        fields.append(("abbr", latex_escape(entry.abbr, literal_dashes=False)))
    if entry.year:
        fields.append(("year", entry.year))
    titles = [link for link in entry.links if link.label == _TITLE_LINK]
    _add_links(fields, entry, [link for link in entry.links if link not in titles] + titles, log)
    if entry.badges:
        fields.append(("badge", ", ".join(dict.fromkeys(entry.badges))))
    if entry.awards:
        fields.append(("award", "; ".join(dict.fromkeys(entry.awards))))
    if entry.preview:
        fields.append(("preview", _url_value(entry.preview)))
    if entry.abstract:
        fields.append(("abstract", entry.abstract))
    return fields


def _add_links(
    fields: list[tuple[str, str]], entry: _Entry, links: Sequence[_Link], log: _Log
) -> None:
    """Each link into its field; a second link of a kind gets a ``url_<Label>`` field."""
    for link in links:
        url = link.url.strip()
        if not url:
            log.add(entry.source, link.line, "warning", f"link {link.label!r} has no URL; ignored")
            continue
        if url.startswith("#") or url.lower().startswith("javascript:"):
            log.add(entry.source, link.line, "warning", f"link {link.label!r} ({url}) ignored")
            continue
        values = {value for _, value in fields}
        if _url_value(url) in values:
            continue
        if not _URL_SCHEME.match(url):
            log.add(
                entry.source,
                link.line,
                "note",
                f"link {link.label!r} is a file of the old site ({url}): copy it into the "
                "output folder at that path",
            )
        names = _link_fields(link.label, url)
        taken = {name for name, _ in fields}
        kinds_taken = {_SAME_KIND.get(name, name) for name in taken}
        placed = False
        for name in names:
            if _SAME_KIND.get(name, name) in kinds_taken:
                continue
            fields.append((name, _url_value(url)))
            placed = True
        if not placed:
            fields.append((_custom_field(link.label, taken), _url_value(url)))


def _merge(record: _Record, entry: _Entry, log: _Log) -> None:
    """A paper listed again (on another page): add what it has that the first lacks."""
    first = record.entry
    where = f"{first.source}:{first.line}"
    new = _entry_fields(entry, _Log())
    have = dict(record.fields)
    for name, value in new:
        if name not in have:
            record.fields.append((name, value))
            have[name] = value
        elif have[name] != value and name not in ("badge", "award"):
            log.add(
                entry.source,
                entry.line,
                "note",
                f"{name} of {entry.title_plain!r} differs from the listing at {where}; "
                "the first is kept",
            )
    for name, items in (("badge", entry.badges), ("award", entry.awards)):
        if not items:
            continue
        joiner = ", " if name == "badge" else "; "
        old = have.get(name, "")
        merged = joiner.join(dict.fromkeys([*filter(None, old.split(joiner)), *items]))
        record.fields = [(n, merged if n == name else v) for n, v in record.fields]


#: The order fields are written in; every link field (``url_*`` too) ranks as "links".
_FIELD_ORDER = {
    name: rank
    for rank, names in enumerate(
        (
            ("title",),
            ("author",),
            ("booktitle", "journal", "howpublished"),
            ("abbr",),
            ("year",),
            ("links",),
            ("badge",),
            ("award",),
            ("topics",),
            ("preview",),
            ("abstract",),
        )
    )
    for name in names
}


def _rank(item: tuple[str, str]) -> int:
    return _FIELD_ORDER.get(item[0], _FIELD_ORDER["links"])


def _bib_text(records: Sequence[_Record], sources: Sequence[str]) -> str:
    lines = [
        f"% Imported by `researchtopics import` from {', '.join(sources)}.",
        "% One entry per paper; `topics` lists the pages it was on.",
        "",
    ]
    for record in records:
        entry_type = "inproceedings"
        names = {name for name, _ in record.fields}
        if "journal" in names:
            entry_type = "article"
        elif "howpublished" in names or "booktitle" not in names:
            entry_type = "misc"
        lines.append(f"@{entry_type}{{{record.key},")
        fields = sorted([*record.fields, ("topics", ", ".join(record.topics))], key=_rank)
        width = max(len(name) for name, _ in fields)
        for name, value in fields:
            lines.append(f"  {name.ljust(width)} = {{{value}}},")
        lines.append("}")
        lines.append("")
    return "\n".join(lines)


def _rst_escape(text: str) -> str:
    return re.sub(r"([\\*`|_<>\[\]])", r"\\\1", text)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _keys_option(keys: Sequence[str]) -> list[str]:
    """``:keys:`` wrapped at 80 columns (continuation lines indented under the value)."""
    lines: list[str] = []
    current = "   :keys:"
    for index, key in enumerate(keys):
        piece = key + ("," if index < len(keys) - 1 else "")
        if len(current) + 1 + len(piece) > 80 and not current.endswith(":keys:"):
            lines.append(current)
            current = "      " + piece
        else:
            current += " " + piece
    lines.append(current)
    return lines


def _rst_page(page: _Page, nav: Sequence[tuple[str, str]]) -> str:
    title = _rst_escape(page.text_title)
    lines = [
        f".. Imported from {page.path.name} by researchtopics import.",
        "",
        title,
        "=" * max(_width(title), 3),
        "",
    ]
    nav_block = [".. topic-nav::"]
    if nav:
        nav_block.append("")
        nav_block.extend(f"   {label} <{docname}>" for label, docname in nav)
    lines.extend(nav_block)
    lines.append("")
    if page.keys:
        lines.append(".. publications::")
        lines.extend(_keys_option(page.keys))
        lines.append("")
    lines.extend(nav_block)
    return "\n".join(lines) + "\n"


def _norm_href(href: str) -> str:
    path = re.sub(r"^[a-z]+://[^/]+", "", href.strip(), flags=re.IGNORECASE)
    path = path.split("#")[0].split("?")[0].strip("/").lower()
    for suffix in (".html", ".md", ".markdown", ".rst"):
        path = path.removesuffix(suffix)
    return path.removesuffix("/index")


def _nav_target(href: str, pages: Sequence[_Page]) -> _Page | None:
    """The imported page a navigation link points to: by permalink, else by path."""
    target = _norm_href(href)
    if not target:
        return None
    for page in pages:
        if page.permalink and _norm_href(page.permalink) == target:
            return page
    for page in pages:
        docname = page.docname.lower()
        if target == docname or target.endswith("/" + docname):
            return page
    if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.IGNORECASE):
        return None  # another site: only its full path may match
    base = target.rsplit("/", 1)[-1]
    stems = [page for page in pages if page.docname.rsplit("/", 1)[-1].lower() == base]
    return stems[0] if len(stems) == 1 else None


def _resolve_nav(page: _Page, pages: Sequence[_Page], log: _Log) -> list[tuple[str, str]]:
    """The page's navigation links as (label, docname relative to the page's folder)."""
    result: list[tuple[str, str]] = []
    for link in page.nav:
        found = _nav_target(link.url, pages)
        if found is None:
            log.add(
                page.source,
                link.line,
                "note",
                f"topic-nav: {link.label!r} ({link.url}) was not imported; left out of the nav",
            )
            continue
        folder = posixpath.dirname(page.docname)
        relative = posixpath.relpath(found.docname, folder or ".")
        if (link.label, relative) not in result:
            result.append((link.label, relative))
    return result


def _assign(page: _Page, records: dict[tuple[str, str], _Record], log: _Log) -> None:
    """Give each entry of *page* its record (new, or the same paper seen before)."""
    by_key = {record.key: record for record in records.values()}
    for entry in page.entries:
        identity = _identity(entry)
        record = records.get(identity)
        if record is not None:
            if entry.key and entry.key != record.key:
                log.add(
                    entry.source,
                    entry.line,
                    "note",
                    f"{entry.title_plain!r} is listed again, as {entry.key!r}: it keeps the "
                    f"key {record.key!r} from {record.entry.source}:{record.entry.line}",
                )
            _merge(record, entry, log)
        else:
            key = entry.key or _made_key(entry)
            if not _VALID_KEY.match(key):
                fixed = re.sub(r"[^A-Za-z0-9_\-:.+/]+", "_", key).strip("_") or _made_key(entry)
                log.add(entry.source, entry.line, "note", f"key {key!r} written as {fixed!r}")
                key = fixed
            if key in by_key:
                other = by_key[key].entry
                base, suffix = key, ord("b")
                while key in by_key:
                    key, suffix = f"{base}{chr(suffix)}", suffix + 1
                log.add(
                    entry.source,
                    entry.line,
                    "note",
                    f"key {base!r} is already {other.title_plain!r} ({other.source}:{other.line});"
                    f" this entry gets the key {key!r}",
                )
            record = _Record(key, entry, _entry_fields(entry, log), [])
            records[identity] = record
            by_key[key] = record
        if page.topic and page.topic not in record.topics:
            record.topics.append(page.topic)
        if record.key in page.keys:
            log.add(entry.source, entry.line, "note", f"{entry.title_plain!r} is listed twice")
        else:
            page.keys.append(record.key)


def _read(path: Path, source: str, log: _Log) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as error:
        log.add(source, 0, "error", f"cannot read: {error.strerror or error}")
        return None
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        log.add(source, 0, "warning", "not UTF-8; read as Latin-1")
        return data.decode("latin-1").replace("\r\n", "\n")


def import_pages(paths: Sequence[Path], sources: Sequence[str] | None = None) -> ImportResult:
    """Read *paths* (shown as *sources* in messages); the files to write, and messages.

    Output paths are relative to the output folder: ``publications.bib`` and each page's
    path relative to the inputs' common folder, with ``.rst``.
    """
    log = _Log()
    shown = list(sources) if sources is not None else [str(path) for path in paths]
    resolved = [path.resolve() for path in paths]
    common = Path(os.path.commonpath([str(path.parent) for path in resolved])) if paths else Path()
    pages: list[_Page] = []
    seen: dict[Path, str] = {}
    for path, full, source in zip(paths, resolved, shown, strict=True):
        if full in seen:
            log.add(source, 0, "note", f"same file as {seen[full]}; read once")
            continue
        seen[full] = source
        text = _read(path, source, log)
        if text is None:
            continue
        page = _PageParser(source, path, text, log).parse()
        page.docname = full.relative_to(common).with_suffix("").as_posix()
        pages.append(page)
    records: dict[tuple[str, str], _Record] = {}
    for page in pages:
        _assign(page, records, log)
    output: dict[str, str] = {}
    for page in pages:
        output[page.docname + ".rst"] = _rst_page(page, _resolve_nav(page, pages, log))
    bib = _bib_text(list(records.values()), [page.path.name for page in pages])
    order = {source: index for index, source in enumerate(shown)}
    messages = sorted(log.messages, key=lambda m: (order.get(m.path, len(order)), m.line))
    return ImportResult(bib, output, tuple(messages), len(records))


# ------------------------------------------------------------------------ the command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``researchtopics import``."""
    parser.description = (
        "Read hand-written Jekyll/Markdown publication pages (one paper per "
        "'**Title** <br>' block, links to the other topic pages at the top) and write "
        "OUTDIR/publications.bib with every paper once, tagged with the topics of the "
        "pages it is on, and one .rst page per input page (same path relative to the "
        "inputs' common folder) listing the same papers in the same order. Everything "
        "that cannot be read is printed as FILE:LINE: level: message. Exit status: 0 "
        "all imported, 1 some entry could not be imported, 2 nothing written."
    )
    parser.add_argument("pages", nargs="+", metavar="PAGE.md", help="Markdown topic pages")
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUTDIR", help="folder to write into"
    )
    parser.add_argument(
        "-f", "--force", action="store_true", help="overwrite files that already exist"
    )


def run(args: argparse.Namespace) -> int:
    """Run the import described by *args* (see :func:`add_arguments`); the exit status."""
    sources: list[str] = list(args.pages)
    outdir = Path(args.output)
    bad = [source for source in sources if not Path(source).is_file()]
    for source in bad:
        reason = "is a folder, not a page" if Path(source).is_dir() else "no such file"
        print(f"researchtopics import: error: {source}: {reason}", file=sys.stderr)
    if outdir.exists() and not outdir.is_dir():
        print(f"researchtopics import: error: {outdir} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    if bad:
        return EXIT_USAGE
    result = import_pages([Path(source) for source in sources], sources)
    for message in result.messages:
        print(message, file=sys.stderr)
    files = {BIB_NAME: result.bib, **result.pages}
    existing = [name for name in files if (outdir / name).exists()]
    if existing and not args.force:
        names = ", ".join(str(outdir / name) for name in existing)
        print(
            f"researchtopics import: error: {names} already exist(s); nothing written "
            "(use --force to overwrite)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        for name, text in files.items():
            target = outdir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"researchtopics import: error: cannot write: {error}", file=sys.stderr)
        return EXIT_USAGE
    errors = sum(message.level == "error" for message in result.messages)
    count = result.entry_count
    print(
        f"researchtopics import: {count} entr{'y' if count == 1 else 'ies'} from "
        f"{len(result.pages)} page{'s' * (len(result.pages) != 1)}"
        + (f", {errors} not imported (see the errors above)" if errors else "")
    )
    for name in files:
        print(f"  wrote {outdir / name}")
    return EXIT_PROBLEMS if errors else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """``researchtopics import`` on its own: parse *argv* and run."""
    parser = argparse.ArgumentParser(prog="researchtopics import")
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
