"""The vocabulary of :mod:`.latex`: what each command, accent and symbol prints.

Kept apart from the parser so a new command is one table row, not a code change.
"""

from __future__ import annotations

import re

#: Punctuation tokens that convert to something else; other punctuation is literal.
PUNCT = {
    "---": "\u2014",
    "--": "\u2013",
    "~": "\u00a0",
    "``": "\u201c",
    "''": "\u201d",
    "`": "\u2018",
    "'": "\u2019",
}

#: Control symbols (``\&``, ``\,``) that stand for a fixed string.
CONTROL_SYMBOLS = {
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
ACCENTS = {
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
SPACING_ACCENTS = {
    '"': "\u00a8",
    "'": "\u00b4",
    "`": "`",
    "^": "^",
    "~": "~",
    "=": "\u00af",
    ".": "\u02d9",
}

#: Dotless letters take accents as their dotted forms (``\'{\i}`` -> i-acute).
DOTLESS = {"\u0131": "i", "\u0237": "j"}

#: Control words that stand for a fixed string.
WORDS = {
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
STYLE_COMMANDS = {
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
DECLARATIONS = {
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
SPACING = frozenset(("kern", "hskip", "vskip", "mkern", "mskip", "lower", "raise"))
#: A TeX length (after any ``-``/``+`` tokens), its glue and the one space that ends it.
NUMBER = r"(?:\d+\.?\d*|\.\d+)"
UNIT = r"(?:pt|em|ex|mm|cm|in|bp|sp|pc|dd|cc|mu|fil+)"
DIMENSION = re.compile(
    rf"[ \t]*[+]?[ \t]*{NUMBER}[ \t]*{UNIT}"
    rf"(?:[ \t]+(?:plus|minus)[ \t]*-?[ \t]*{NUMBER}?[ \t]*{UNIT})*"
    r" ?"
)

#: Commands whose (first) argument is never shown: sort keys, spacing, labels.
DROP_ARGUMENT = frozenset(
    ("noopsort", "sortnoop", "SortNoop", "label", "hspace", "vspace", "phantom", "index")
)
