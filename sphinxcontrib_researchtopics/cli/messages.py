"""What every command reports: located messages, a log of them, exit statuses.

Shared by the importers (``cli/importer/``, ``cli/alfolio/``) without either importing
the other's package.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..bib.terminal import printable

#: Exit statuses: everything imported; something could not be imported; nothing written.
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Message:
    """Something to tell the user, located in an input page (``line`` 0: the whole file)."""

    path: str
    line: int
    level: str  # "note" (nothing lost), "warning" (something ignored), "error" (entry lost)
    text: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return printable(f"{where}: {self.level}: {self.text}")


class Log:
    """Messages of one run, in the order they were found."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    def add(self, path: str, line: int, level: str, text: str) -> None:
        self.messages.append(Message(path, line, level, text))


def short(text: str, width: int = 60) -> str:
    """*text* on one line, cut to *width* characters for a message."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
