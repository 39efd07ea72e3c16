"""Which documents an edit touches: per-entry re-reads, and re-writes for navs and links.

.bib files with the size and mtime of the last build are not read at all.  A .bib edit
re-reads only the pages that show a changed entry (or name a missing key) or whose list
query now selects differently.  Pages not re-read are re-written only where their output
changes: navs when a page they list changed its title or count (navs without content
also when a toctree changed), "Also in" links when the pages showing an entry (or their
titles) changed, ``:pub:`` when its target or short citation changed; a deleted page
counts as a re-read page that shows nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from ..bib.collector import freeze, thaw
from ..bib.filters import OptionError, compile_filter
from ..bib.lazy import Entries
from ..bib.order import parse_keys
from ..bib.records import Publication
from .directives import select_publications
from .domain import Query, ResearchTopicsDomain, Showing, get_domain
from .render import short_citation
from .state import BuildState, ensure_loaded, get_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


@dataclass
class Before:
    """What the documents about to be re-read showed, before they are purged."""

    docs: set[str] = field(default_factory=set)
    titles: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    shown: dict[str, set[str]] = field(default_factory=dict)
    showings: dict[str, list[Showing]] = field(default_factory=dict)
    toctrees: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)

    @classmethod
    def of(cls, state: BuildState) -> Before | None:
        """What *state* noted before this build's reading (None if nothing was re-read)."""
        found = state.stages.pop("incremental", None)
        return found if isinstance(found, Before) else None


def changed_entries(env: BuildEnvironment) -> dict[str, Publication | None]:
    """Entries added, removed (``None``) or changed since the last build; noted for the next."""
    domain = get_domain(env)
    entries = get_state(env).bibliography.entries
    before = domain.entry_digests()
    if isinstance(entries, Entries):  # without unpickling a record
        now = entries.digests()
    else:
        now = {key: entry.digest for key, entry in entries.items()}
    changed: dict[str, Publication | None] = {
        key: entries[key] for key, digest in now.items() if before.get(key) != digest
    }
    changed.update((key, None) for key in before.keys() - now.keys())
    domain.note_entry_digests(now)
    return changed


def _passes(query: Query) -> Callable[[Publication], bool]:
    """The query's topic, keys and filter as one test (raises :class:`OptionError`)."""
    topic, keys_text, filter_text, _sort, _limit = query
    keys = set(parse_keys(keys_text)) if keys_text else None
    wanted = {part.strip().lower() for part in topic.split(",") if part.strip()}
    keep = compile_filter(filter_text) if filter_text else None

    def passes(pub: Publication) -> bool:
        if keys is not None and pub.key not in keys:
            return False
        if topic and not wanted.intersection(pub.topics):
            return False
        return keep is None or bool(keep(pub))

    return passes


def _may_select(query: Query, publications: list[Publication]) -> bool:
    """Whether the list's topic, keys and filter accept any of *publications*."""
    passes = _passes(query)
    return any(passes(pub) for pub in publications)


def selection_hints(
    env: BuildEnvironment, changed: Mapping[str, Publication | None]
) -> dict[tuple[str, ...], tuple[str, ...]]:
    """What each recorded list without keys or limit selects now, from what it selected
    and the *changed* entries: its unchanged keys, and the changed entries that pass.

    Running such a query again tests every entry (unpickling all 48,000 records for a
    one-entry edit); this tests the changed ones.  Only with the topic field the lists
    were recorded with: a new one changes entries' topics, not their digests (nothing
    else of the configuration changes a selection; furo changes a Pygments option in
    every build, so Sphinx's own "configuration changed" cannot be the test).
    """
    state = get_state(env)
    if not state.same_topics:
        return {}
    domain = get_domain(env)
    entries = state.bibliography.entries
    hints: dict[tuple[str, ...], tuple[str, ...]] = {}
    position: dict[str, int] = {}  # bibliography order, made once for all the lists
    for queries in domain.queries().values():
        for query, keys in queries:
            # (an empty record may be a list that failed: its selection is not known)
            if query in hints or query.keys or query.limit or not keys:
                continue
            try:
                passes = _passes(query)
                added = {k for k, pub in changed.items() if pub is not None and passes(pub)}
            except OptionError:
                continue
            now = (set(keys) - changed.keys()) | added
            if now - entries.keys():
                continue  # recorded before an entry went missing another way: run it
            if not position:
                position = {key: index for index, key in enumerate(entries)}
            hints[query] = tuple(sorted(now, key=position.__getitem__))
    return hints


def stale_docs(env: BuildEnvironment) -> set[str]:
    """Documents showing an entry whose content changed, or whose query selects anew.

    A query is run again only if a changed entry was in its selection or now passes its
    topic, keys and filter: an entry that passes neither before nor after cannot change
    what the list selects (nor its order, nor its limit).
    """
    domain = get_domain(env)
    state = get_state(env)
    changed = state.changed = changed_entries(env)
    if not changed:
        return set()
    state.selections = selection_hints(env, changed)
    stale: set[str] = set()
    for docname, digests in domain.digests().items():
        if not changed.keys().isdisjoint(digests):
            stale.add(docname)
    candidates = [pub for pub in changed.values() if pub is not None]
    for docname, queries in domain.queries().items():
        if docname in stale:
            continue
        for query, keys in queries:
            try:
                if changed.keys().isdisjoint(keys) and not _may_select(query, candidates):
                    continue
                selected, _missing = select_publications(state, query)
            except OptionError:
                continue
            if tuple(pub.key for pub in selected) != keys:
                stale.add(docname)
                break
    return stale


def on_env_get_outdated(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    """Add the pages a .bib edit touches (only those still present); none if no file changed.

    Deleted documents are purged, never read: what they showed is noted now, as for
    the documents about to be re-read, so the pages that named them are re-written.
    """
    if removed:
        _remember(env, removed)
    if not get_state(env).bib_changed:
        return []
    return sorted(doc for doc in stale_docs(env) if doc in env.found_docs and doc not in removed)


def _title(env: BuildEnvironment, docname: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def _showings(domain: ResearchTopicsDomain, keys: set[str]) -> dict[str, list[Showing]]:
    """Every page showing each of *keys*, in docname order (one pass over the pages)."""
    found: dict[str, list[Showing]] = {key: [] for key in keys}
    for docname in sorted(domain.shown_on_all()):
        shown = domain.shown_on(docname)
        for key in keys & shown.keys():
            found[key].append(Showing(docname, *shown[key]))
    return found


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Remember what the documents about to be re-read showed before they are purged."""
    if not docnames:
        return
    ensure_loaded(env)  # before parallel readers fork
    state = get_state(env)
    state.frozen = freeze(state.frozen)  # the records, before the readers fork
    if not state.bib_changed:  # every recorded selection still holds
        state.selections = selection_hints(env, {})
    _remember(env, docnames)
    state.read_docs.update(docnames)


def _remember(env: BuildEnvironment, docnames: Iterable[str]) -> None:
    """Note what *docnames* show before they are purged, in this build's :class:`Before`
    (the first note of a document or an entry's pages wins: it is from before any purge)."""
    state = get_state(env)
    found = state.stages.get("incremental")
    before = found if isinstance(found, Before) else Before()
    domain = get_domain(env)
    keys: set[str] = set()
    for docname in docnames:
        if docname in before.docs:
            continue
        before.docs.add(docname)
        shown = set(domain.shown_on(docname))
        before.shown[docname] = shown
        keys |= shown
        before.titles[docname] = _title(env, docname)
        before.counts[docname] = domain.count(docname)
        before.toctrees[docname] = domain.toctrees_of(docname)
    for key, showings in _showings(domain, keys).items():
        before.showings.setdefault(key, showings)
    state.stages["incremental"] = before


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Record each toctree's documents, so a nav without content can list its siblings."""
    env = app.env
    groups = [
        tuple(doc for _title, doc in node["entries"] if doc in env.found_docs)
        for node in doctree.findall(addnodes.toctree)
    ]
    get_domain(env).note_toctrees(env.docname, [group for group in groups if group])


def _citers(env: BuildEnvironment, moved: set[str]) -> set[str]:
    """Pages whose ``:pub:`` of a key changes: its target moved or its short citation."""
    domain = get_domain(env)
    state = get_state(env)
    rewrite = {doc for doc, refs in domain.refs().items() if not moved.isdisjoint(refs)}
    if not state.bib_changed:
        return rewrite
    entries = state.bibliography.entries
    for docname, refs in domain.refs().items():
        for key, text in refs.items():
            publication = entries.get(key)
            now = short_citation(publication, state.labels) if publication is not None else ""
            if now != text:
                refs[key] = now  # the page is re-written, not re-read: note what it shows
                rewrite.add(docname)
    return rewrite


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """Pages to re-write (not re-read) because what they show of re-read pages changed."""
    before = Before.of(get_state(env))
    docs = before.docs if before is not None else set()
    domain = get_domain(env)
    moved: set[str] = set()
    retitled: set[str] = set()
    recounted: set[str] = set()
    retoctreed = False
    if before is not None:
        keys = set(before.showings)
        for docname in docs:
            keys.update(domain.shown_on(docname))
        now = _showings(domain, keys)
        moved = {key for key in keys if before.showings.get(key, []) != now[key]}
        retitled = {  # (a deleted document's title is gone)
            doc for doc in docs
            if doc not in env.all_docs or before.titles.get(doc) != _title(env, doc)
        }  # fmt: skip
        recounted = {doc for doc in docs if before.counts.get(doc) != domain.count(doc)}
        # a nav without content lists the pages of a toctree: one of those changed
        retoctreed = any(before.toctrees.get(doc) != domain.toctrees_of(doc) for doc in docs)
    rewrite = _citers(env, moved)
    # "Also in" lists the other pages showing an entry, by title.
    also_keys = set(moved)
    for docname in retitled:
        also_keys.update(domain.shown_on(docname))
        also_keys.update(before.shown.get(docname, ()) if before else ())
    if also_keys:
        for docname, shown in domain.shown_on_all().items():
            if not also_keys.isdisjoint(shown):
                rewrite.add(docname)
    changed_pages = retitled | recounted
    if changed_pages or retoctreed:
        for docname, navs in domain.docs_with_navs().items():
            if retoctreed and None in navs:
                rewrite.add(docname)
                continue
            targets: set[str] = set()
            for nav in navs:
                targets.update(nav if nav is not None else domain.siblings(docname))
                if nav is None:
                    targets.update(domain.toctree_parents())
            if targets & changed_pages:
                rewrite.add(docname)
    result = sorted(rewrite - docs)
    get_state(env).rewrites.update(result)
    return result


def on_write_started(app: Sphinx, builder: object) -> None:
    """Load the bibliography before parallel writers fork, if pages will be written; then
    freeze what exists for the writing, what reading made included (see
    :mod:`..bib.collector`)."""
    state = get_state(app.env)
    if state.read_docs or state.rewrites or state.bib_changed:
        ensure_loaded(app.env)
    state.frozen = freeze(state.frozen)


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Thaw what :func:`on_write_started` froze and let go of the records, whether the
    build failed or not (after every other handler, which may still use them)."""
    state = get_state(app.env)
    if state.frozen:
        thaw()
        state.frozen = False
    state.release()


def on_consistency_checked(app: Sphinx, env: BuildEnvironment) -> None:
    """The same, on Sphinx 7.3 (no ``write-started``): emitted after a build read pages."""
    on_write_started(app, app.builder)
