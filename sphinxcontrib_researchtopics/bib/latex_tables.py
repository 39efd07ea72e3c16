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

#: Text-mode symbols of LaTeX's font encodings (OT1/T1 letters and textcomp/TS1, the
#: ones inputenc maps Unicode to), by command name.  Oldstyle digits print as digits.
TEXT_SYMBOLS = {
    # letters of OT1/T1
    "ng": "\u014b", "NG": "\u014a", "dh": "\u00f0", "DH": "\u00d0", "dj": "\u0111",
    "DJ": "\u0110", "th": "\u00fe", "TH": "\u00de", "ij": "\u0133", "IJ": "\u0132",
    # punctuation and quotes
    "textquotedbl": '"', "textquotesingle": "'", "textasciicircum": "^",
    "textbraceleft": "{", "textbraceright": "}", "textdollar": "$", "textsterling": "\u00a3",
    "pounds": "\u00a3", "textsection": "\u00a7", "textparagraph": "\u00b6",
    "textpilcrow": "\u00b6", "textexclamdown": "\u00a1", "textquestiondown": "\u00bf",
    "textvisiblespace": "\u2423", "textasteriskcentered": "\u2217",
    "textperiodcentered": "\u00b7", "textbardbl": "\u2016", "textbrokenbar": "\u00a6",
    "guillemotleft": "\u00ab", "guillemotright": "\u00bb", "guillemetleft": "\u00ab",
    "guillemetright": "\u00bb", "guilsinglleft": "\u2039", "guilsinglright": "\u203a",
    "quotedblbase": "\u201e", "quotesinglbase": "\u201a", "textquotestraightbase": "\u201a",
    "textquotestraightdblbase": "\u201e", "textinterrobang": "\u203d",
    "textinterrobangdown": "\u2e18", "textreferencemark": "\u203b",
    "textlquill": "\u2045", "textrquill": "\u2046", "textlangle": "\u2329",
    "textrangle": "\u232a", "textlbrackdbl": "\u27e6", "textrbrackdbl": "\u27e7",
    "textfractionsolidus": "\u2044", "textdblhyphen": "\u2e40", "textdblhyphenchar": "\u2e40",
    "texttildelow": "\u02f7", "textopenbullet": "\u25e6", "textbigcircle": "\u25ef",
    "textcompwordmark": "", "textnospace": "",
    # spacing accents
    "textacutedbl": "\u02dd", "textasciiacute": "\u00b4", "textasciibreve": "\u02d8",
    "textasciicaron": "\u02c7", "textasciidieresis": "\u00a8", "textasciigrave": "`",
    "textasciimacron": "\u00af",
    # currencies
    "texteuro": "\u20ac", "euro": "\u20ac", "EUR": "\u20ac", "officialeuro": "\u20ac",
    "textcent": "\u00a2", "textcentoldstyle": "\u00a2", "textyen": "\u00a5",
    "textwon": "\u20a9", "textbaht": "\u0e3f", "textcolonmonetary": "\u20a1",
    "textcurrency": "\u00a4", "textdong": "\u20ab", "textflorin": "\u0192",
    "textguarani": "\u20b2", "textlira": "\u20a4", "textnaira": "\u20a6",
    "textpeso": "\u20b1", "textdollaroldstyle": "$",
    # mathematics and units in text
    "textmu": "\u00b5", "texttimes": "\u00d7", "textdiv": "\u00f7", "textminus": "\u2212",
    "textplusminus": "\u00b1", "textlnot": "\u00ac", "textsurd": "\u221a",
    "textdegree": "\u00b0", "textcelsius": "\u2103", "textohm": "\u2126",
    "textmho": "\u2127", "textperthousand": "\u2030", "textpertenthousand": "\u2031",
    "textonehalf": "\u00bd", "textonequarter": "\u00bc", "textthreequarters": "\u00be",
    "textonesuperior": "\u00b9", "texttwosuperior": "\u00b2",
    "textthreesuperior": "\u00b3", "textordfeminine": "\u00aa",
    "textordmasculine": "\u00ba", "textnumero": "\u2116", "textdiscount": "\u2052",
    "textestimated": "\u212e", "textleftarrow": "\u2190", "textrightarrow": "\u2192",
    "textuparrow": "\u2191", "textdownarrow": "\u2193",
    # marks and signs
    "textcircledP": "\u2117", "textcopyleft": "\U0001f12f", "textservicemark": "\u2120",
    "textrecipe": "\u211e", "textmusicalnote": "\u266a", "textborn": "*",
    "textdied": "\u2020", "textmarried": "\u26ad", "textdivorced": "\u26ae",
    "textblank": "\u2422", "checkmark": "\u2713",
    # primitives that print nothing (or a space) in a field
    "relax": "", "protect": "", "unskip": "", "ignorespaces": "", "null": "", "empty": "",
    "nobreak": "", "allowbreak": "", "hfill": " ", "hfil": " ", "linebreak": " ",
    "break": " ",
    # oldstyle digits
    "textzerooldstyle": "0", "textoneoldstyle": "1", "texttwooldstyle": "2",
    "textthreeoldstyle": "3", "textfouroldstyle": "4", "textfiveoldstyle": "5",
    "textsixoldstyle": "6", "textsevenoldstyle": "7", "texteightoldstyle": "8",
    "textnineoldstyle": "9",
}  # fmt: skip
WORDS.update(TEXT_SYMBOLS)

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
