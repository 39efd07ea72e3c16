"""Text on its way to a terminal or a log: data shown, never a terminal command.

A .bib key, a field value or an imported page's link is data.  Printed raw, an ESC
sequence in it clears the screen, sets the window title or colours what follows, and a
direction override reorders the rest of the line.  The commands' messages and the
build's warnings (:mod:`..sphinxext.log`) go through :func:`printable`.
"""

from __future__ import annotations

import re

__all__ = ["printable"]

#: Characters a terminal acts on instead of showing: C0/C1 controls (ESC and CSI start
#: terminal commands: colours, the window title, clearing the screen), line and
#: paragraph separators, and the direction overrides that reorder what follows.
_UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """*text* safe to print: each character of :data:`_UNSHOWN` as its escape (``\\x1b``);
    a .bib key or an imported page's link is data, never a terminal command."""
    return _UNSHOWN.sub(lambda found: found.group().encode("unicode_escape").decode(), text)
