"""BibTeX views made in a second process while the page that shows them is written.

The end-of-build pass of :mod:`.bibview` puts one highlighted view per shown entry into
the pages, taking each from the view store when an earlier build made it.  A view
depends only on its entry's record, so when a page about to be written shows many
entries whose views the store lacks (a cold build), a forked child (:mod:`..bib.worker`)
makes them and puts them into the store while this process writes the page; the pass
then finds them there.  One child at a time, as the store is one pair of files; without
one (a single core, no ``fork``) the pass makes the views itself, as before.
"""

from __future__ import annotations

from typing import Any

from sphinx.transforms.post_transforms import SphinxPostTransform

from ..bib import worker
from ..bib.records import Publication
from ..sphinxext.compat import builder_of
from ..sphinxext.directives import rt_entries
from ..sphinxext.state import get_state
from . import bibview
from .highlight import fast_path_allowed

#: A page with fewer entries lacking a kept view leaves them to the end-of-build pass.
ASIDE_AT_LEAST = 300

#: This build's child and the digests of the views handed to children.
_aside: dict[str, Any] = {"child": None, "given": set(), "token": "", "store": None}


class _Views:
    """What :func:`.highlight.view_html` needs of a translator."""

    def __init__(self, config: Any, highlighter: Any) -> None:
        self.config = config
        self.highlighter = highlighter


class MakeViewsAside(SphinxPostTransform):
    """Start the child for this page's missing views (before :class:`ExpandEntries`, so
    it runs while this process makes and writes the page)."""

    default_priority = 119
    builders = bibview.DEFERRING_BUILDERS

    def run(self, **kwargs: Any) -> None:
        pendings = list(self.document.findall(rt_entries))
        token = bibview.token()
        if not pendings or not token or self.env.docname not in self.env.found_docs:
            return
        views = _Views(self.config, getattr(builder_of(self.env), "highlighter", None))
        if not fast_path_allowed(views):  # views made by Sphinx's highlighter stay here
            return
        state = get_state(self.env)
        memo = state.entry_memo
        if memo is None or not memo.folder:
            return
        if _aside["token"] != token:  # a new build: forget the last one's
            finish()
            _aside.update(child=None, given=set(), token=token, store=memo.view_store())
        keys = [
            key
            for pending in pendings
            if pending["options"].bibtex
            for key, node_id in pending["entries"]
            if node_id
        ]
        if len(keys) < ASIDE_AT_LEAST:  # a small page: no store read
            return
        given: set[str] = _aside["given"]
        store = _aside["store"]  # its index, read once per build, for looking up only
        entries = state.bibliography.entries
        todo: dict[str, Publication] = {}
        for key in keys:
            publication = entries.get(key)
            if publication is None or not publication.digest:
                continue
            digest = publication.digest
            if digest not in given and digest not in todo and digest not in store.index:
                todo[digest] = publication
        if len(todo) < ASIDE_AT_LEAST:
            return
        finish()  # the previous page's child, if any: one writer of the store at a time
        made = list(todo.values())
        _aside["child"] = worker.start(lambda: _make(views, memo.view_store(), made))
        if _aside["child"] is not None:
            given.update(todo)


def _make(views: _Views, store: Any, publications: list[Publication]) -> int:
    """In the child: make the views and put them into the store."""
    store.used.update(store.index)  # this child keeps every view (the parent prunes)
    for publication in publications:
        store.put(publication.digest, bibview.toggle_html(views, publication.bibtex, None))
    store.close()
    return len(publications)


def on_build_finished(app: Any, exception: Exception | None) -> None:
    """Before the views are put into the pages (connected ahead of :mod:`.bibview`)."""
    finish()
    _aside.update(child=None, given=set(), token="", store=None)


def finish() -> None:
    """Wait for the child (its views are in the store when it returns)."""
    child, _aside["child"] = _aside["child"], None
    if child is not None:
        child.result()
