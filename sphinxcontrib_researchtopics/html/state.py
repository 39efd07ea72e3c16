"""What the HTML writing of one build keeps: the written-entries memo, the writer's check,
whether BibTeX views take the fast path.  One per build, on the build state; made in
``builder-inited`` (before writer processes fork, so each inherits its own copy)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from ..bib.load import default_cache_dir
from ..sphinxext.state import get_state
from .highlight import fast_path_allowed
from .memo import PageMemo, memo_signature

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The key of this stage's state in ``BuildState.stages``.
STAGE = "html"


class HtmlState:
    """The HTML side of one build."""

    def __init__(self, app: Sphinx | None) -> None:
        self.memo: PageMemo | None = None
        self.fast_views = False
        if app is not None:
            self.fast_views = fast_path_allowed(app.config)
            cache_dir = app.config.researchtopics_cache_dir
            folder = default_cache_dir() if cache_dir is None else cache_dir
            if folder:
                if cache_dir:  # relative to the conf dir, as for the parse cache
                    folder = os.path.join(str(app.confdir), os.path.expanduser(folder))
                self.memo = PageMemo(folder, memo_signature(app))
        #: Whether the entry writer may take its shortcut, per translator class (whether
        #: its visitors are the stock ones: the same in every process).
        self.shortcut_ok: dict[type, bool] = {}
        #: Entries written both ways so far, per page, and the pages where the shortcut
        #: wrote otherwise than the visitors (written without it from then on).  Per
        #: page, never per process: under ``-j`` a process writes only some pages.
        self.checked: dict[str, int] = {}
        self.differed: set[str] = set()
        #: Entries recalled from the memo and entries written in this process (tests).
        self.recalled = 0
        self.written = 0
        #: Whether this build set the events logger's level (see :mod:`.eventlog`).
        self.events_level_set = False


def on_builder_inited(app: Sphinx) -> None:
    """A fresh HTML state for the build (HTML formats only)."""
    if app.builder.format != "html":
        return
    html = HtmlState(app)
    get_state(app.env).stages[STAGE] = html
    if html.memo is not None:
        html.memo.prune()


def html_state(env: BuildEnvironment) -> HtmlState:
    """This build's HTML state (a memo-less one outside a normal build)."""
    stages = get_state(env).stages
    found = stages.get(STAGE)
    if not isinstance(found, HtmlState):
        found = stages[STAGE] = HtmlState(None)
    return found


def on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The page's body is written: keep its entries for the next build."""
    html = html_state(app.env)
    if html.memo is not None and doctree is not None:
        html.memo.save(pagename)
