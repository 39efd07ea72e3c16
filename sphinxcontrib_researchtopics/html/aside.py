"""Entries and BibTeX views written by a second process while this one writes the page.

A cold build of a large list makes, shapes and writes every entry (about a third of the
build) and highlights every entry's BibTeX view (:mod:`.bibview`).  An entry's HTML
depends only on what its memo key hashes (:mod:`.memo`), and a view only on its record,
so when a page has many entries the memo lacks, :class:`~..sphinxext.resolve.ExpandEntries`
asks :func:`start` for a forked child (:mod:`..bib.worker`) that writes the later part of
them, then makes the page's missing views and puts them into the view store.  The
parent writes its part meanwhile; its entries of the child's part are placeholders that
``WriteEntries`` fills (:func:`fill`) with what the child sent.

The child writes its entries as the page would: a small document holding only their
placeholders goes through every registered post-transform (entries made, shaped and
written by the same code).  If the child fails, the parent does the same itself, so the
page is the same either way.  One child at a time (the view store is one pair of files);
without ``fork`` or a second core, nothing here runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import new_document
from sphinx.transforms import SphinxTransformer

from ..bib import worker
from ..bib.records import Publication
from ..sphinxext.compat import builder_of, post_transforms
from ..sphinxext.directives import rt_entries
from ..sphinxext.state import get_state
from . import bibview, downloads
from .highlight import fast_path_allowed
from .shapes import outside_entries, rt_html

if TYPE_CHECKING:
    from ..sphinxext.render import RenderOptions
    from ..sphinxext.resolve import Plan
    from .memo import EntryMemo

#: A page with fewer entries that the memo lacks writes them all in this process.
ENTRIES_AT_LEAST = 300

#: The child's part of those entries: it also makes the page's views afterwards.
CHILD_SHARE = 0.45

#: A page with fewer entries lacking a kept view leaves them to the end of the build.
VIEWS_AT_LEAST = 100

#: This build's child, the digests of the views handed to children, the build's token
#: and the view store (its index read once per build, to look views up).
_aside: dict[str, Any] = {"child": None, "given": set(), "token": "", "store": None}
#: Not empty while entries are written for the other process (no child starts there).
_inside: list[bool] = []

#: Entries this process took from a child, and wrote itself for a failed one (tests).
taken = 0
made_here = 0

#: What a child sends: entry id -> (HTML, search words) of each entry it wrote.
Written = dict[str, tuple[str, str]]


def writing_aside() -> bool:
    """Whether the post-transforms now running write entries for another process."""
    return bool(_inside)


class _Views:
    """What :func:`.highlight.view_html` needs of a translator."""

    def __init__(self, config: Any, highlighter: Any) -> None:
        self.config = config
        self.highlighter = highlighter


def start(memo: EntryMemo, transform: Any, pendings: list[Any], plans: list[Plan]) -> set[str]:
    """Fork the page's child if it has enough to do; the memo keys of the entries it
    writes (placeholders for now)."""
    env = transform.env
    token = bibview.token()
    builder = builder_of(env)
    if _inside or not token or env.docname not in env.found_docs:
        return set()
    if builder.name not in bibview.DEFERRING_BUILDERS or not worker.available():
        return set()
    if _aside["token"] != token:  # a new build: forget the last one's
        finish()
        _aside.update(child=None, given=set(), token=token, store=None)
    missing = [
        (index, item)
        for index, plan in enumerate(plans)
        for item in plan.items
        if item.memo_key and item.written is None and item.publication is not None
    ]
    if len(missing) < ENTRIES_AT_LEAST:
        # the memo has the page's entries, so an earlier build made their views: the
        # view store is not even opened here (a rebuild of one edited page)
        return set()
    theirs = missing[len(missing) - max(1, int(len(missing) * CHILD_SHARE)) :]
    views = _Views(transform.config, getattr(builder, "highlighter", None))
    todo = _missing_views(memo, views, pendings)
    groups: dict[int, list[tuple[str, str]]] = {}
    for index, item in theirs:
        groups.setdefault(index, []).append((item.key, item.node_id))
    lists = [(plans[index].options, pairs) for index, pairs in groups.items()]
    document = transform.document
    finish()  # the previous page's child: one writer of the view store at a time
    docname = env.docname

    def then() -> None:
        _make_views(views, memo, todo)
        if downloads.supports(builder):
            downloads.prepare(memo.app, docname, token)

    child = worker.start(lambda: _sendable(_write(memo, env, document, lists)), then=then)
    if child is None:
        return set()
    _aside["child"] = child
    _aside["given"].update(publication.digest for publication in todo)
    return {item.memo_key for _, item in theirs}


def _missing_views(memo: EntryMemo, views: _Views, pendings: list[Any]) -> list[Publication]:
    """The page's entries whose view is neither kept nor handed to a child yet."""
    keys = [
        key
        for pending in pendings
        if pending["options"].bibtex
        for key, node_id in pending["entries"]
        if node_id
    ]
    if len(keys) < VIEWS_AT_LEAST or not memo.folder or not fast_path_allowed(views):
        return []  # views made by Sphinx's own highlighter stay in this process
    if _aside["store"] is None:
        _aside["store"] = memo.view_store()
    index = _aside["store"].index
    given: set[str] = _aside["given"]
    entries = get_state(memo.app.env).bibliography.entries
    todo: dict[str, Publication] = {}
    for key in keys:
        publication = entries.get(key)
        if publication is None or not publication.digest:
            continue
        digest = publication.digest
        if digest not in given and digest not in todo and digest not in index:
            todo[digest] = publication
    return list(todo.values())


def _write(
    memo: EntryMemo,
    env: Any,
    document: nodes.document,
    lists: list[tuple[RenderOptions, list[tuple[str, str]]]],
) -> dict[str, nodes.Element]:
    """Write entries as the page would: a document of only their placeholders through
    every post-transform.  Each entry's final node (written HTML, or nodes the writer
    left to the translator), by its id."""
    mini = new_document(document.get("source", ""), document.settings)
    for options, pairs in lists:
        mini += rt_entries(entries=pairs, options=options)
    _inside.append(True)
    memo.keeping = False  # the page's process keeps what it uses
    try:
        transformer = SphinxTransformer(mini)
        transformer.set_environment(env)
        transformer.add_transforms(post_transforms(env))
        transformer.apply_transforms()
    finally:
        memo.keeping = True
        _inside.pop()
    found: dict[str, nodes.Element] = {}
    for node in outside_entries(mini):
        if isinstance(node, rt_html):
            found[node["rt_id"]] = node
        elif "key" in node and node.get("ids"):  # an entry the writer could not write
            found[node["ids"][0]] = node
    return found


def _sendable(written: dict[str, nodes.Element]) -> dict[str, tuple[str, str]]:
    """In the child: the written entries as text (entries left as nodes are not sent)."""
    return {
        node_id: (node["html"], node.astext())
        for node_id, node in written.items()
        if isinstance(node, rt_html)
    }


def _make_views(views: _Views, memo: EntryMemo, publications: list[Publication]) -> None:
    """In the child, after its entries are sent: the views, into the store."""
    if not publications:
        return
    store = memo.view_store()
    store.used.update(store.index)  # this child keeps every view (the parent prunes)
    for publication in publications:
        store.put(publication.digest, bibview.toggle_html(views, publication.bibtex, None))
    store.close()


def fill(document: nodes.document, env: Any) -> None:
    """Give the page's placeholders the entries the child wrote (written here when the
    child failed, or could not send one)."""
    global taken, made_here
    later = [
        node
        for node in outside_entries(document)
        if isinstance(node, rt_html) and "rt_later" in node
    ]
    if not later:
        return
    memo = get_state(env).entry_memo
    child = _aside["child"]
    got: Any = child.result() if child is not None else None
    sent: Written = got if _is_written(got) else {}
    taken += sum(1 for node in later if node["rt_id"] in sent)
    left = [node for node in later if node["rt_id"] not in sent]
    made: dict[str, nodes.Element] = {}
    made_here += len(left)
    if left:
        groups: dict[int, tuple[Any, list[tuple[str, str]]]] = {}
        for node in left:
            options = node["rt_options"]
            groups.setdefault(id(options), (options, []))[1].append((node["rt_key"], node["rt_id"]))
        made = _write(memo, env, document, list(groups.values()))
    for node in later:
        memo_key = node["rt_later"]
        found = sent.get(node["rt_id"])
        if found is None:
            replacement = made.get(node["rt_id"])
            if isinstance(replacement, rt_html):
                found = (replacement["html"], replacement.astext())
            elif replacement is not None:  # left to the translator, as the page would
                node.replace_self(replacement)
                continue
        html, words = found if found is not None else ("", "")
        if found is not None:  # (never an empty entry kept for later builds)
            memo.keep(memo_key, html, words)
        node["html"] = html
        node.children = []
        node += nodes.Text(words)
        del node["rt_later"], node["rt_options"]


def _is_written(got: Any) -> bool:
    return isinstance(got, dict) and all(
        isinstance(value, tuple) and len(value) == 2 for value in got.values()
    )


def on_build_finished(app: Any, exception: Exception | None) -> None:
    """Before the views are put into the pages (connected ahead of :mod:`.bibview`)."""
    finish()
    _aside.update(child=None, given=set(), token="", store=None)


def finish() -> None:
    """Wait for the child (its views are in the store when it returns)."""
    child, _aside["child"] = _aside["child"], None
    if child is not None:
        child.join()
