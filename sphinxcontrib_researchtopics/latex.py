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

import latexcodec  # noqa: F401  (registers the "ulatex" codec)

from .records import Rich, Segment

__all__ = ["to_rich", "to_text"]

#: Characters that need the full parser; anything else only needs whitespace folding.
_SPECIAL = re.compile(r"[\\{}$~`-]|''")
#: ASCII whitespace only: ``\s`` would also fold the no-break space that ``~`` makes.
_WS = re.compile(r"[ \t\n\r\f\v]+")

#: One token per match.  Order matters: ``\(`` before other control sequences, and
#: escaped ``\$`` (a control symbol) before ``$`` math.
_TOKEN = re.compile(
    r"\\\((?P<mp>.*?)\\\)"
    r"|\\(?P<word>[A-Za-z]+)[ \t\n\r\f\v]*"
    r"|\\(?P<sym>.?)"
    r"|\$\$(?P<m2>.+?)\$\$"
    r"|\$(?P<m1>(?:[^$\\]|\\.)+)\$"
    r"|(?P<text>[^\\{}$~`'\[\]-]+)"
    r"|(?P<punct>---|--|``|''|.)",
    re.DOTALL,
)
_MATH_KINDS = frozenset(("mp", "m1", "m2"))

#: Deeper nesting is flattened instead of recursed into, so no input can overflow
#: the stack (each level costs about six frames; real bib fields nest 2-3 deep).
_MAX_DEPTH = 40

#: Punctuation tokens that convert to something else; other punctuation is literal.
_PUNCT = {
    "---": "\u2014",
    "--": "\u2013",
    "~": "\u00a0",
    "``": "\u201c",
    "''": "\u201d",
    "`": "\u2018",
    "'": "\u2019",
}

#: Control symbols (``\&``, ``\,``) that stand for a fixed string.
_CONTROL_SYMBOLS = {
    "&": "&",
    "%": "%",
    "$": "$",
    "#": "#",
    "_": "_",
    "{": "{",
    "}": "}",
    "\\": " ",
    ",": " ",
    " ": " ",
    "\n": " ",
    "\t": " ",
    ";": " ",
    ":": " ",
    ">": " ",
    "!": "",
    "/": "",
    "-": "",
    "@": "",
}

#: Accent commands -> combining character (NFC composes them afterwards).
_ACCENTS = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
    "t": "\u0361",
}

#: What an accent with an empty argument (``\~{}``) prints: the spacing accent.
_SPACING_ACCENTS = {
    '"': "\u00a8",
    "'": "\u00b4",
    "`": "`",
    "^": "^",
    "~": "~",
    "=": "\u00af",
    ".": "\u02d9",
}

#: Dotless letters take accents as their dotted forms (``\'{\i}`` -> i-acute).
_DOTLESS = {"\u0131": "i", "\u0237": "j"}

#: Control words that stand for a fixed string.
_WORDS = {
    "i": "\u0131",
    "j": "\u0237",
    "ae": "\u00e6",
    "AE": "\u00c6",
    "oe": "\u0153",
    "OE": "\u0152",
    "aa": "\u00e5",
    "AA": "\u00c5",
    "o": "\u00f8",
    "O": "\u00d8",
    "ss": "\u00df",
    "SS": "SS",
    "l": "\u0142",
    "L": "\u0141",
    "textendash": "\u2013",
    "textemdash": "\u2014",
    "dag": "\u2020",
    "textdagger": "\u2020",
    "ddag": "\u2021",
    "textdaggerdbl": "\u2021",
    "textregistered": "\u00ae",
    "texttrademark": "\u2122",
    "copyright": "\u00a9",
    "textcopyright": "\u00a9",
    "S": "\u00a7",
    "P": "\u00b6",
    "ldots": "\u2026",
    "dots": "\u2026",
    "textellipsis": "\u2026",
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "LaTeXe": "LaTeX2\u03b5",
    "BibTeX": "BibTeX",
    "textquoteleft": "\u2018",
    "textquoteright": "\u2019",
    "textquotedblleft": "\u201c",
    "textquotedblright": "\u201d",
    "textbackslash": "\\",
    "textasciitilde": "~",
    "textunderscore": "_",
    "textbar": "|",
    "textless": "<",
    "textgreater": ">",
    "textbullet": "\u2022",
    "slash": "/",
    "quad": " ",
    "qquad": " ",
    "space": " ",
    "enspace": " ",
    "thinspace": " ",
    "newline": " ",
    "par": " ",
}

#: Commands whose argument is shown in a style; ``""`` keeps the surrounding style.
_STYLE_COMMANDS = {
    "emph": "emph",
    "textit": "emph",
    "textsl": "emph",
    "mkbibemph": "emph",
    "mkbibitalic": "emph",
    "textbf": "strong",
    "mkbibbold": "strong",
    "textsc": "smallcaps",
    "texttt": "mono",
    "mkbibquote": "quote",
    "enquote": "quote",
    "textrm": "",
    "textsf": "",
    "textup": "",
    "textmd": "",
    "textnormal": "",
    "textsuperscript": "",
    "textsubscript": "",
    "mbox": "",
    "hbox": "",
    "NoCaseChange": "",
    "MakeUppercase": "",
    "MakeLowercase": "",
    "uppercase": "",
    "lowercase": "",
}

#: Declarations like ``{\em ..}`` that style the rest of their group.
_DECLARATIONS = {
    "em": "emph",
    "it": "emph",
    "itshape": "emph",
    "sl": "emph",
    "slshape": "emph",
    "bf": "strong",
    "bfseries": "strong",
    "sc": "smallcaps",
    "scshape": "smallcaps",
    "tt": "mono",
    "ttfamily": "mono",
    "rm": "",
    "rmfamily": "",
    "sf": "",
    "sffamily": "",
    "upshape": "",
    "mdseries": "",
    "normalfont": "",
}

#: Primitives followed by a bare length, which prints nothing (a box may follow).
_SPACING = frozenset(("kern", "hskip", "vskip", "mkern", "mskip", "lower", "raise"))
#: A TeX length (after any ``-``/``+`` tokens), its glue and the one space that ends it.
_NUMBER = r"(?:\d+\.?\d*|\.\d+)"
_UNIT = r"(?:pt|em|ex|mm|cm|in|bp|sp|pc|dd|cc|mu|fil+)"
_DIMENSION = re.compile(
    rf"[ \t]*[+]?[ \t]*{_NUMBER}[ \t]*{_UNIT}"
    rf"(?:[ \t]+(?:plus|minus)[ \t]*-?[ \t]*{_NUMBER}?[ \t]*{_UNIT})*"
    r" ?"
)

#: Commands whose (first) argument is never shown: sort keys, spacing, labels.
_DROP_ARGUMENT = frozenset(
    ("noopsort", "sortnoop", "SortNoop", "label", "hspace", "vspace", "phantom", "index")
)

_URL_ESCAPE = re.compile(r"\\([_%#&$~{}])")
#: Markup removed by the last-resort fallback of :func:`_convert`.
_MARKUP = re.compile(r"\\[A-Za-z]+|\\.?|[{}$]", re.DOTALL)

Token = tuple[str, str, int]

#: ``codecs.decode`` as the text codec it is here (typeshed only knows bytes codecs).
_decode_latex = cast("Callable[[str, str], str]", codecs.decode)


@lru_cache(maxsize=4096)
def _codec_word(name: str) -> str | None:
    """latexcodec's reading of a bare control word, when it knows one (``\\pounds``)."""
    try:
        decoded = _decode_latex("\\" + name, "ulatex")
    except Exception:  # latexcodec may choke on odd input; then the word is unknown
        return None
    decoded = decoded.strip(" ")
    if not decoded or "\\" in decoded or "{" in decoded or "}" in decoded:
        return None
    return decoded


def _tokenize(text: str) -> list[Token]:
    """Split *text* into ``(kind, value, start)`` tokens; see :data:`_TOKEN`."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        tokens.append((kind, match[kind], match.start()))
    return tokens


def _fold_math(source: str) -> str:
    """Math source with whitespace runs folded, kept otherwise verbatim."""
    return _WS.sub(" ", source).strip(" ")


class _Parser:
    """Recursive descent over the tokens, appending ``(text, style)`` pieces.

    With *marks*, quote commands print curly quotes instead of the quote style,
    which is what plain text needs.
    """

    __slots__ = ("depth", "marks", "out", "pos", "source", "tokens")

    def __init__(self, source: str, marks: bool) -> None:
        self.source = source
        self.tokens = _tokenize(source)
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
            if kind == "word" and value in _DECLARATIONS:
                self.pos += 1
                style = _DECLARATIONS[value] or style
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
            self.emit(_PUNCT.get(value, value), style)

    def symbol(self, char: str, style: str) -> None:
        """A control symbol: an escape, a space, or an accent."""
        if char in _ACCENTS:
            self.accent(char, style)
        else:
            self.emit(_CONTROL_SYMBOLS.get(char, ""), style)

    def word(self, name: str, style: str) -> None:
        """A control word: symbol, style, accent, link, or unknown command."""
        if name in _WORDS:
            self.emit(_WORDS[name], style)
        elif name in _STYLE_COMMANDS:
            self.styled(_STYLE_COMMANDS[name], style)
        elif name in _ACCENTS:
            self.accent(name, style)
        elif name in _DECLARATIONS:
            pass  # a declaration used as an argument (``\emph\em``) styles nothing
        elif name == "url":
            self.emit(self.raw_argument(style), style)
        elif name == "href":
            self.skip_optional()
            self.raw_argument(style)
            self.argument(style)
        elif name == "ensuremath":
            self.emit(_fold_math(self.raw_argument(style)), "math")
        elif name in _SPACING:
            self.skip_dimension()
        elif name in _DROP_ARGUMENT:
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
            self.emit(_SPACING_ACCENTS.get(accent, ""), style)
            return
        first = _DOTLESS.get(base[0], base[0])
        self.emit(unicodedata.normalize("NFC", first + _ACCENTS[accent] + base[1:]), style)

    def skip_dimension(self) -> None:
        """Drop the length after ``\\kern`` or ``\\hskip`` (``-1pt``, ``.5em plus 1fil``)."""
        tokens = self.tokens
        sign = self.pos
        while sign < len(tokens) and tokens[sign][0] == "punct" and tokens[sign][1] in "-+":
            sign += 1
        if sign >= len(tokens) or tokens[sign][0] != "text":
            return
        kind, value, start = tokens[sign]
        match = _DIMENSION.match(value)
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
        tokens = self.tokens
        level = 0
        for index in range(self.pos + 1, len(tokens)):
            kind, value, _ = tokens[index]
            if kind != "punct":
                continue
            if value == "{":
                level += 1
            elif value == "}":
                level -= 1
                if level < 0:
                    return
            elif value == "]" and level == 0:
                nxt = index + 1
                if nxt < len(tokens) and tokens[nxt][0] == "punct" and tokens[nxt][1] == "{":
                    self.pos = nxt
                return


def _unescape_url(url: str) -> str:
    """A URL's text with TeX escapes (``\\_``, ``\\%``) and braces removed."""
    return _URL_ESCAPE.sub(r"\1", url).replace("{", "").replace("}", "")


def _finish(pieces: list[tuple[str, str]]) -> Rich:
    """Merge equal styles and fold whitespace across segment boundaries."""
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
