"""Text from imported pages and .bib files, written into reStructuredText as text only.

Every character that is not a letter, a digit or a space is backslash-escaped.  That one
rule covers block starts (``.. include::``, ``- ``, ``1. ``, ``:field:``, ``| ``,
``>>>``, adornment lines), inline markup (``*``, `````, ``|x|``, ``_x:``, ``x_``, roles)
and standalone URIs (``javascript\\:...`` is not a link).
"""

from __future__ import annotations

import unicodedata

from docutils.utils import column_width

__all__ = ["heading", "one_line", "option_value", "rst_text", "title_text"]

#: Characters that are never markup anywhere in a line, so need no backslash.
_PLAIN = frozenset(" ,;!?&%")


def one_line(text: str) -> str:
    """*text* on one line: control characters dropped, every line break or space run one
    space (docutils splits lines at ``\\v``, ``\\f``, ``\\x1c``-``\\x1e``, ``\\x85``,
    ``\\u2028`` and ``\\u2029`` too)."""
    kept = "".join(
        " " if char.isspace() else char for char in text if char.isprintable() or char.isspace()
    )
    return " ".join(kept.split())


def option_value(text: str) -> str:
    """*text* as a directive option compared with .bib text (``:topic: TAG``): as
    :func:`one_line`, but format characters (U+200C-U+200F, U+202A-U+202E, U+2066-U+2069:
    joiners and direction marks, no line break to docutils) are kept, so a tag that holds
    one still names its entries."""
    kept = "".join(
        " " if char.isspace() else char
        for char in text
        if char.isprintable() or char.isspace() or unicodedata.category(char) == "Cf"
    )
    return " ".join(kept.split())


def rst_text(text: str) -> str:
    """*text* as reStructuredText that can only be read back as the same text."""
    return "".join(
        char if char.isalnum() or char in _PLAIN else "\\" + char for char in one_line(text)
    )


def title_text(text: str) -> str:
    """*text* as a section title's line: escaped, never empty, and never one character
    repeated that docutils reads as an overline (``\\\\``, ``!!!!``): an escaped space,
    which docutils removes, breaks the run."""
    body = rst_text(text) or "Untitled"
    if len(set(body)) == 1 and not body.isalnum():
        return "\\ " + body
    return body


def heading(text: str, char: str = "=") -> str:
    """A section title of *text*, underlined as wide as docutils counts the escaped text
    (East Asian wide characters count two, combining marks none): a shorter underline is
    a warning, and with ``-W`` a failed build."""
    body = title_text(text)
    return f"{body}\n{char * max(column_width(body), 4)}\n"
