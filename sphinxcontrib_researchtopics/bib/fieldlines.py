"""Where each field of one entry stands: its line, for problems and local links.

A field is a ``name =`` outside every braced value: at the start of a line, or after the
comma that ends the field before it on the same line.  Braces are counted from the
entry's first line, so a ``name =`` inside a value (``note = {a, url = b}``) is text,
not a field.  One pass over the entry's lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: A ``name =`` after a line start or a comma (outside a value: counted by the caller).
_FIELD_AT = re.compile(r"(?:^|,)[ \t]*([^\s=,{}\"#@()]+)[ \t]*=")

#: The entry's opening: ``@type{`` puts its fields inside one brace, ``@type(`` in none.
_OPENING = re.compile(r"[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*([{(])")


def field_lines(lines: Iterable[str], first_line: int) -> dict[str, list[int]]:
    """Lower-case field name -> the lines it stands on, in order (a repeated field has
    several).  *lines* are the entry's own, the first (``@type{key,``) on *first_line*."""
    found: dict[str, list[int]] = {}
    depth = 0
    base = 1
    for number, line in enumerate(lines, first_line):
        if number == first_line:
            opening = _OPENING.match(line)
            base = 0 if opening is not None and opening.group(1) == "(" else 1
        position = 0
        for match in _FIELD_AT.finditer(line):
            at = match.start()
            depth += line.count("{", position, at) - line.count("}", position, at)
            position = at
            if depth == base:
                found.setdefault(match.group(1).lower(), []).append(number)
        depth += line.count("{", position) - line.count("}", position)
    return found
