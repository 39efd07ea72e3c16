"""The package's Sphinx loggers: what their records say is escaped for the terminal.

Warnings quote .bib keys and values, which are data: an ESC sequence or a direction
override in one must reach the terminal or the CI log as its escape, as in the commands'
messages (:func:`..bib.terminal.printable`).  The filter sits on each of the package's
loggers, so it runs where a record is made, in a ``-j`` child too, before Sphinx keeps
the record to replay in the main process.
"""

from __future__ import annotations

import logging

from sphinx.util import logging as sphinx_logging

from ..bib.terminal import printable

__all__ = ["get_logger"]


class PrintableRecords(logging.Filter):
    """Escapes the message and its string arguments; drops nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = printable(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(printable(a) if isinstance(a, str) else a for a in record.args)
        return True


#: One stateless filter for every logger of the package.
PRINTABLE = PrintableRecords()


def get_logger(name: str) -> sphinx_logging.SphinxLoggerAdapter:
    """Sphinx's logger for module *name*, with :data:`PRINTABLE` on it."""
    adapter = sphinx_logging.getLogger(name)
    if PRINTABLE not in adapter.logger.filters:
        adapter.logger.addFilter(PRINTABLE)
    return adapter
