"""Sphinx's debug record of each event, not made while no handler could show it.

Sphinx (8.1 and later) logs every event it emits at DEBUG level with the ``repr`` of its
arguments; for ``html-page-context`` that is the page's whole body.  A writer process
that Sphinx forks under ``-j`` keeps every record it logs and sends them all back to the
main process, which replays them through handlers that show DEBUG records only at
``-vv``.  On pages of a thousand entries that is megabytes per page pickled, piped and
unpickled for nothing.  So below ``-vv`` the events logger skips its DEBUG records while
an HTML build runs (from ``env-before-read-docs``, which every build emits before its
readers fork, to ``build-finished``) and gets its own level back when the build ends;
at ``-vv`` (or a logger already set otherwise) nothing changes.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sphinx.util import logging as sphinx_logging

from .state import html_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Sphinx shows DEBUG records from this verbosity (``-vv``) on.
SHOWS_DEBUG = 2


def events_logger() -> logging.Logger:
    """The logger Sphinx's event manager writes to."""
    return sphinx_logging.getLogger("sphinx.events").logger


def on_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Skip the events logger's DEBUG records for this build, unless they can be shown."""
    if app.builder.format != "html" or app.verbosity >= SHOWS_DEBUG:
        return
    logger = events_logger()
    if logger.level != logging.NOTSET:
        return  # set by someone else, who keeps it
    logger.setLevel(logging.DEBUG + 1)
    html_state(app.env).events_level_set = True


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Give the events logger its level back, whether the build failed or not."""
    html = html_state(app.env)
    if html.events_level_set:
        events_logger().setLevel(logging.NOTSET)
        html.events_level_set = False
