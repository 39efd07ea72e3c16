"""LaTeX field text from .bib files -> rich Unicode text, fast.

pybtex's ``Text.from_latex`` costs ~15 ms per call, which dominates builds with
hundreds of entries.  Bib fields use a tiny subset of LaTeX, so a regex tokenizer
plus a small recursive-descent parser covers them in microseconds.  Results are
memoised because the same strings (venues, names) recur across entries and builds.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from itertools import groupby
from typing import cast

from .latex_tables import (
    ACCENTS,
    CONTROL_SYMBOLS,
    DECLARATIONS,
    DIMENSION,
    DOTLESS,
    DROP_ARGUMENT,
    PUNCT,
    SPACING,
    SPACING_ACCENTS,
    STYLE_COMMANDS,
    WORDS,
)
from .mathtext import math_to_text
from .records import Rich, Segment

__all__ = ["dropped_commands", "to_rich", "to_text"]

#: Characters that need the full parser; anything else only needs whitespace folding.
_SPECIAL = re.compile(r"[\\{}$~`-]|''")
#: ASCII whitespace only: ``\s`` would also fold the no-break space that ``~`` makes.
_WS = re.compile(r"[ \t\n\r\f\v]+")

#: One token per match, after math (``\\(..\\)``, ``$$..$$``, ``$..$``) is taken by
#: hand in :func:`_tokenize`: a lazy regex for it rescans to the end of the text from
#: every unclosed opening, which is quadratic.
_TOKEN = re.compile(
    r"\\(?P<word>[A-Za-z]+)[ \t\n\r\f\v]*"
    r"|\\(?P<sym>.?)"
    r"|(?P<text>[^\\{}$~`'\[\]-]+)"
    r"|(?P<punct>---|--|``|''|.)",
    re.DOTALL,
)
_DOLLAR_OR_ESCAPE = re.compile(r"[$\\]")
_MATH_KINDS = frozenset(("mp", "m1", "m2"))

#: Deeper nesting is flattened instead of recursed into, so no input can overflow
#: the stack (each level costs about six frames; real bib fields nest 2-3 deep).
_MAX_DEPTH = 40

_URL_ESCAPE = re.compile(r"\\([_%#&$~{}])")
#: Markup removed by the last-resort fallback of :func:`_convert`.
_MARKUP = re.compile(r"\\[A-Za-z]+|\\.?|[{}$]", re.DOTALL)

Token = tuple[str, str, int]

#: ``codecs.decode`` as the text codec it is here (typeshed only knows bytes codecs).
_decode_latex = cast("Callable[[str, str], str]", codecs.decode)


@lru_cache(maxsize=4096)
def _codec_word(name: str) -> str | None:
    """latexcodec's reading of a bare control word, when it knows one (``\\pounds``)."""
    import latexcodec  # noqa: F401  (registers "ulatex"; here, so a no-op build skips it)

    try:
        decoded = _decode_latex("\\" + name, "ulatex")
    except Exception:  # latexcodec may choke on odd input; then the word is unknown
        return None
    decoded = decoded.strip(" ")
    if not decoded or "\\" in decoded or "{" in decoded or "}" in decoded:
        return None
    return decoded


class _Finder:
    """``text.find(needle, start)`` for non-decreasing starts, each text part read once."""

    __slots__ = ("found", "needle", "searched", "text")

    def __init__(self, text: str, needle: str) -> None:
        self.text, self.needle = text, needle
        self.searched, self.found = len(text) + 1, -1

    def find(self, start: int) -> int:
        if self.searched <= start and (self.found < 0 or self.found >= start):
            return self.found
        self.searched, self.found = start, self.text.find(self.needle, start)
        return self.found


def _dollar_end(text: str, start: int) -> int:
    """Offset of the ``$`` closing inline math whose content starts at *start*, or -1
    (the content is non-empty and a backslash escapes the character after it)."""
    pos = start
    while True:
        match = _DOLLAR_OR_ESCAPE.search(text, pos)
        if match is None:
            return -1
        if match.group() == "$":
            return match.start() if match.start() > start else -1
        pos = match.start() + 2
        if pos > len(text):
            return -1


def _tokenize(text: str) -> list[Token]:
    """Split *text* into ``(kind, value, start)`` tokens in linear time.

    An unclosed ``$`` gives up for good: every later ``$`` that is read as a token was
    escaped in the failed search, which then saw the same text after it.
    """
    tokens: list[Token] = []
    paren_close, display_close = _Finder(text, "\\)"), _Finder(text, "$$")
    dollar_dead = len(text) + 1
    pos, end = 0, len(text)
    while pos < end:
        char = text[pos]
        if char == "\\" and text.startswith("(", pos + 1):
            close = paren_close.find(pos + 2)
            if close >= 0:
                tokens.append(("mp", text[pos + 2 : close], pos))
                pos = close + 2
                continue
        elif char == "$":
            if text.startswith("$", pos + 1):
                close = display_close.find(pos + 3)
                if close >= 0:
                    tokens.append(("m2", text[pos + 2 : close], pos))
                    pos = close + 2
                    continue
            elif pos + 1 < dollar_dead:
                close = _dollar_end(text, pos + 1)
                if close >= 0:
                    tokens.append(("m1", text[pos + 1 : close], pos))
                    pos = close + 1
                    continue
                dollar_dead = pos + 1
        match = _TOKEN.match(text, pos)
        assert match is not None  # the last alternative matches any character
        kind = match.lastgroup or "punct"
        tokens.append((kind, match[kind], pos))
        pos = match.end()
    return tokens


def _bracket_ends(tokens: list[Token]) -> dict[int, int]:
    """For each ``[`` token, the index of its ``]`` (same brace level, before the group
    closes), or -1: one pass, so ``\\emph[`` repeated never rescans the rest."""
    ends: dict[int, int] = {}
    waiting: dict[int, list[int]] = {}
    depth = 0
    for index, (kind, value, _) in enumerate(tokens):
        if kind != "punct":
            continue
        if value == "[":
            waiting.setdefault(depth, []).append(index)
            ends[index] = -1
        elif value == "]":
            for opening in waiting.pop(depth, ()):
                ends[opening] = index
        elif value == "{":
            depth += 1
        elif value == "}":
            waiting.pop(depth, None)
            depth -= 1
    return ends


def _fold_math(source: str) -> str:
    """Math source with whitespace runs folded, kept otherwise verbatim."""
    return _WS.sub(" ", source).strip(" ")


class _Parser:
    """Recursive descent over the tokens, appending ``(text, style)`` pieces.

    With *marks*, quote commands print curly quotes instead of the quote style,
    which is what plain text needs.
    """

    __slots__ = ("brackets", "depth", "dropped", "marks", "out", "pos", "source", "tokens")

    def __init__(self, source: str, marks: bool) -> None:
        self.source = source
        self.tokens = _tokenize(source)
        self.brackets: dict[int, int] | None = None
        #: Unknown control words, printed as nothing (their argument is kept).
        self.dropped: list[str] = []
        self.pos = 0
        self.depth = 0
        self.marks = marks
        self.out: list[tuple[str, str]] = []

    def run(self) -> list[tuple[str, str]]:
        """Parse everything; stray closing braces at the top level are dropped."""
        self.sequence("", top=True)
        return self.out

    def emit(self, text: str, style: str) -> None:
        """Append one piece; empty text is skipped."""
        if text:
            self.out.append((text, style))

    def sequence(self, style: str, top: bool = False) -> None:
        """Parse items until the group's ``}`` (consumed) or the end of input."""
        tokens = self.tokens
        while self.pos < len(tokens):
            kind, value, _ = tokens[self.pos]
            if kind == "punct" and value == "}":
                self.pos += 1
                if top:
                    continue
                return
            if kind == "word" and value in DECLARATIONS:
                self.pos += 1
                style = DECLARATIONS[value] or style
                continue
            self.item(style)

    def group(self, style: str) -> None:
        """Parse a braced group whose ``{`` was just consumed."""
        if self.depth >= _MAX_DEPTH:
            return  # flatten: the group's items are read by the enclosing loop
        self.depth += 1
        try:
            self.sequence(style)
        finally:
            self.depth -= 1

    def item(self, style: str) -> None:
        """Parse one token together with the arguments it takes."""
        kind, value, _ = self.tokens[self.pos]
        self.pos += 1
        if kind == "text":
            self.emit(value, style)
        elif kind in _MATH_KINDS:
            self.emit(_fold_math(value), "math")
        elif kind == "word":
            self.word(value, style)
        elif kind == "sym":
            self.symbol(value, style)
        elif value == "{":
            self.group(style)
        elif value != "}":
            self.emit(PUNCT.get(value, value), style)

    def symbol(self, char: str, style: str) -> None:
        """A control symbol: an escape, a space, or an accent."""
        if char in ACCENTS:
            self.accent(char, style)
        else:
            self.emit(CONTROL_SYMBOLS.get(char, ""), style)

    def word(self, name: str, style: str) -> None:
        """A control word: symbol, style, accent, link, or unknown command."""
        if name in WORDS:
            self.emit(WORDS[name], style)
        elif name in STYLE_COMMANDS:
            self.styled(STYLE_COMMANDS[name], style)
        elif name in ACCENTS:
            self.accent(name, style)
        elif name in DECLARATIONS:
            pass  # a declaration used as an argument (``\emph\em``) styles nothing
        elif name in ("url", "path"):
            self.emit(self.raw_argument(style), style)
        elif name == "href":
            self.skip_optional()
            self.raw_argument(style)
            self.argument(style)
        elif name == "ensuremath":
            self.emit(_fold_math(self.raw_argument(style)), "math")
        elif name in SPACING:
            self.skip_dimension()
        elif name in DROP_ARGUMENT:
            self.skip_optional()
            self.capture(style)
        else:
            self.unknown(name, style)

    def unknown(self, name: str, style: str) -> None:
        """latexcodec's symbol if it has one, else the braced argument if any."""
        decoded = _codec_word(name)
        if decoded is not None:
            self.emit(decoded, style)
            return
        self.dropped.append(name)
        self.skip_optional()
        if self.at("{"):
            self.argument(style)

    def styled(self, new: str, style: str) -> None:
        """The argument of a style command; quotes print marks in plain-text mode."""
        self.skip_optional()
        if new == "quote" and self.marks:
            self.emit("\u201c", style)
            self.argument(style)
            self.emit("\u201d", style)
        else:
            self.argument(new or style)

    def accent(self, accent: str, style: str) -> None:
        """Put the accent on the first character of the argument, composed (NFC)."""
        base = self.capture(style)
        if not base:
            self.emit(SPACING_ACCENTS.get(accent, ""), style)
            return
        first = DOTLESS.get(base[0], base[0])
        self.emit(unicodedata.normalize("NFC", first + ACCENTS[accent] + base[1:]), style)

    def skip_dimension(self) -> None:
        """Drop the length after ``\\kern`` or ``\\hskip`` (``-1pt``, ``.5em plus 1fil``)."""
        tokens = self.tokens
        sign = self.pos
        while sign < len(tokens) and tokens[sign][0] == "punct" and tokens[sign][1] in "-+":
            sign += 1
        if sign >= len(tokens) or tokens[sign][0] != "text":
            return
        kind, value, start = tokens[sign]
        match = DIMENSION.match(value)
        if match is None:
            return
        rest = value[match.end() :]
        if rest:
            tokens[sign] = (kind, rest, start + match.end())
            self.pos = sign
        else:
            self.pos = sign + 1

    def at(self, punct: str) -> bool:
        """Whether the next token is the punctuation *punct*."""
        if self.pos >= len(self.tokens):
            return False
        kind, value, _ = self.tokens[self.pos]
        return kind == "punct" and value == punct

    def skip_space(self) -> None:
        """Skip whitespace before an argument, as TeX does."""
        tokens = self.tokens
        while self.pos < len(tokens):
            kind, value, start = tokens[self.pos]
            if kind != "text":
                return
            stripped = value.lstrip(" \t\n\r\f\v")
            if stripped:
                skipped = len(value) - len(stripped)
                tokens[self.pos] = (kind, stripped, start + skipped)
                return
            self.pos += 1

    def argument(self, style: str) -> None:
        """Parse one macro argument: a braced group, one character, or one item."""
        self.skip_space()
        if self.pos >= len(self.tokens) or self.at("}"):
            return
        kind, value, start = self.tokens[self.pos]
        if kind == "text":
            self.emit(value[0], style)
            if len(value) > 1:
                self.tokens[self.pos] = (kind, value[1:], start + 1)
            else:
                self.pos += 1
        elif self.at("{"):
            self.pos += 1
            self.group(style)
        elif self.depth < _MAX_DEPTH:
            self.depth += 1
            try:
                self.item(style)
            finally:
                self.depth -= 1

    def capture(self, style: str) -> str:
        """Parse one argument and return its text instead of emitting it."""
        saved = self.out
        self.out = []
        try:
            self.argument(style)
            return "".join(text for text, _ in self.out)
        finally:
            self.out = saved

    def raw_argument(self, style: str) -> str:
        """The verbatim source of a braced argument (URLs); else a parsed one."""
        self.skip_space()
        if not self.at("{"):
            return self.capture(style)
        tokens = self.tokens
        begin = tokens[self.pos][2] + 1
        level = 0
        for index in range(self.pos, len(tokens)):
            kind, value, start = tokens[index]
            if kind != "punct":
                continue
            if value == "{":
                level += 1
            elif value == "}":
                level -= 1
                if level == 0:
                    self.pos = index + 1
                    return _unescape_url(self.source[begin:start])
        self.pos = len(tokens)
        return _unescape_url(self.source[begin:])

    def skip_optional(self) -> None:
        """Skip ``[..]`` when a braced argument follows it (``\\foo[opt]{arg}``)."""
        if not self.at("["):
            return
        if self.brackets is None:
            self.brackets = _bracket_ends(self.tokens)
        close = self.brackets.get(self.pos, -1)
        nxt = close + 1
        tokens = self.tokens
        if close >= 0 and nxt < len(tokens) and tokens[nxt][:2] == ("punct", "{"):
            self.pos = nxt


def _unescape_url(url: str) -> str:
    """A URL's text with TeX escapes (``\\_``, ``\\%``) and braces removed."""
    return _URL_ESCAPE.sub(r"\1", url).replace("{", "").replace("}", "")


def _simple_math(piece: tuple[str, str]) -> tuple[str, str]:
    """A math piece that is only symbols and one-character scripts becomes text."""
    text = math_to_text(piece[0])
    return piece if text is None else (text, "")


def _finish(pieces: list[tuple[str, str]]) -> Rich:
    """Merge equal styles and fold whitespace across segment boundaries."""
    pieces = [_simple_math(piece) if piece[1] == "math" else piece for piece in pieces]
    segments: list[list[str]] = []
    after_space = True  # the start behaves like a space: leading blanks go
    for style, group in groupby(pieces, key=lambda piece: piece[1]):
        text = _WS.sub(" ", "".join(piece[0] for piece in group))
        if after_space and text.startswith(" "):
            text = text[1:]
        if not text:
            continue
        after_space = text.endswith(" ")
        if segments and segments[-1][1] == style:
            segments[-1][0] += text
        else:
            segments.append([text, style])
    while segments and segments[-1][0].endswith(" "):
        segments[-1][0] = segments[-1][0][:-1]
        if not segments[-1][0]:
            segments.pop()
    return tuple(Segment(text, style) for text, style in segments)


def _plain_fast(text: str) -> Rich:
    """Text without LaTeX specials only needs its whitespace folded."""
    folded = _WS.sub(" ", text).strip(" ")
    if "'" in folded:
        folded = folded.replace("'", "\u2019")
    return (Segment(folded, ""),) if folded else ()


def _convert(text: str, marks: bool = False) -> Rich:
    """Uncached conversion; *marks* prints quote commands as curly quotes."""
    if not _SPECIAL.search(text):
        return _plain_fast(text)
    try:
        return _finish(_Parser(text, marks).run())
    except RecursionError:  # only when called from an already very deep stack
        return _plain_fast(_MARKUP.sub("", text))


@lru_cache(maxsize=65536)
def to_rich(text: str) -> Rich:
    """LaTeX field text -> styled Unicode segments (memoised; see module docs)."""
    return _convert(text)


@lru_cache(maxsize=65536)
def to_text(text: str) -> str:
    """LaTeX field text -> plain Unicode, quotes as curly marks, math as source."""
    return "".join(segment.text for segment in _convert(text, marks=True))


@lru_cache(maxsize=16384)
def dropped_commands(text: str) -> tuple[str, ...]:
    """The unknown control words of *text* (``\\foo`` prints nothing), in order, once each."""
    if "\\" not in text:
        return ()
    parser = _Parser(text, False)
    try:
        parser.run()
    except RecursionError:
        return ()
    return tuple(dict.fromkeys(parser.dropped))
