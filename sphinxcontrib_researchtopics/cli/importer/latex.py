"""Page text -> BibTeX values that read back as the same text.

Inline markup is carried through the reading steps as private-use placeholder
characters, so that the escaping here is the one place that knows LaTeX.
"""

from __future__ import annotations

from collections.abc import Callable

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
CLOSE = "\ue000"
EMPH, BOLD, MONO, SUP, SUB = "\ue001", "\ue002", "\ue003", "\ue004", "\ue005"
OPEN = {
    EMPH: r"\emph{",
    BOLD: r"\textbf{",
    MONO: r"\texttt{",
    SUP: r"\textsuperscript{",
    SUB: r"\textsubscript{",
}
#: A Markdown backslash escape ``\*`` becomes ``chr(LITERAL + ord("*"))``: plain text.
LITERAL = 0xE100


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


def to_latex(text: str, literal_dashes: bool) -> str:
    """*text* (with markup placeholders) as a BibTeX value.

    Every character comes back as itself through a BibTeX parser and LaTeX-to-text
    conversion: ``%`` ``&`` ``$`` ``#`` ``_`` ``~`` ``^`` ``\\`` and braces are escaped
    (an unmatched brace is balanced by a bare one at the start or end of the value),
    and ```` `` ```` / ``''`` (and, with *literal_dashes*, ``--``) are split so they do not
    become typographic quotes or dashes.  Whitespace runs become one space.
    """
    marked = " ".join(text.split())
    # Markdown-escaped characters (``\-\-``) are never joined into a dash or quote.
    escaped = [LITERAL <= ord(c) < LITERAL + 128 for c in marked]
    text = unliteral(marked)
    markup = _matched(text, lambda c: c in OPEN, lambda c: c == CLOSE)
    braces = _matched(text, lambda c: c == "{", lambda c: c == "}")
    out: list[str] = []
    lone = {"{": 0, "}": 0}
    for index, char in enumerate(text):
        if char in OPEN or char == CLOSE:
            if index in markup:
                out.append(OPEN.get(char, "}"))
            continue
        if char in "{}":
            out.append("\\" + char)
            if index not in braces:
                lone[char] += 1
            continue
        out.append(_ESCAPES.get(char, char))
        following = text[index + 1] if index + 1 < len(text) else ""
        if following == char and (
            char in "`'"
            or (char == "-" and (literal_dashes or escaped[index] or escaped[index + 1]))
        ):
            out.append("{}")
    # BibTeX counts ``\{`` as a brace too: an unmatched one is balanced by a bare brace
    # at the start or the end of the value, which LaTeX-to-text reading ignores.
    return "{" * lone["}"] + "".join(out) + "}" * lone["{"]


def unliteral(text: str) -> str:
    """Markdown-escaped characters (:data:`LITERAL`) back to themselves."""
    return "".join(chr(ord(c) - LITERAL) if "\ue100" <= c <= "\ue17f" else c for c in text)


def latex_escape(text: str, literal_dashes: bool = True) -> str:
    """Plain *text* as a BibTeX value that reads back as the same text."""
    clean = "".join(c for c in text if not ("\ue000" <= c <= "\ue1ff"))
    return to_latex(clean, literal_dashes)


def plain(text: str) -> str:
    """*text* with markup placeholders removed (literals restored)."""
    out = []
    for char in text:
        code = ord(char)
        if LITERAL <= code < LITERAL + 128:
            out.append(chr(code - LITERAL))
        elif not ("\ue000" <= char <= "\ue0ff"):
            out.append(char)
    return " ".join("".join(out).split())


def protect(text: str) -> str:
    """Characters of *text* as literals: no Markdown markup is read in them."""
    return "".join(chr(LITERAL + ord(c)) if ord(c) < 128 and not c.isalnum() else c for c in text)
