"""Which documents an edit touches: per-entry re-reads, and re-writes for navs and links.

A .bib edit re-reads only the pages that show a changed entry or whose list query now
selects differently; a page whose title or count changed re-writes (not re-reads) the
pages whose navs, "Also in" links or ``:pub:`` references point at it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from ..bib.filters import OptionError
from .directives import select_publications
from .domain import get_domain
from .state import get_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: What the documents re-read in this build showed before, by environment.
_before: dict[int, tuple[set[str], set[str]]] = {}


def stale_docs(env: BuildEnvironment) -> set[str]:
    """Documents showing an entry whose content changed, or whose query selects anew."""
    domain = get_domain(env)
    state = get_state(env)
    entries = state.bibliography.entries
    stale: set[str] = set()
    for docname, digests in domain.digests().items():
        for key, digest in digests.items():
            entry = entries.get(key)
            if entry is None or entry.digest != digest:
                stale.add(docname)
                break
    for docname, queries in domain.queries().items():
        if docname in stale:
            continue
        for query, keys in queries:
            try:
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
    """Add the pages a .bib edit touches (only those still present)."""
    return sorted(doc for doc in stale_docs(env) if doc in env.found_docs and doc not in removed)


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Remember what the documents about to be re-read showed before they are purged."""
    domain = get_domain(env)
    before: set[str] = set()
    for docname in docnames:
        before.update(domain.shown_on(docname))
    _before[id(env)] = (set(docnames), before)


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Record each toctree's documents, so a nav without content can list its siblings."""
    env = app.env
    groups = [
        tuple(doc for _title, doc in node["entries"] if doc in env.found_docs)
        for node in doctree.findall(addnodes.toctree)
    ]
    get_domain(env).note_toctrees(env.docname, [group for group in groups if group])


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """Pages to re-write because a page they point at was re-read."""
    docs, keys = _before.pop(id(env), (set(), set()))
    if not docs:
        return []
    domain = get_domain(env)
    for docname in docs:
        keys.update(domain.shown_on(docname))
    rewrite = domain.docs_with_refs(keys)
    for docname, shown in domain.shown_on_all().items():
        if docname not in docs and keys.intersection(shown):
            rewrite.add(docname)
    for docname, navs in domain.docs_with_navs().items():
        targets: set[str] = set()
        for nav in navs:
            targets.update(nav if nav is not None else domain.siblings(docname))
            if nav is None:
                targets.update(domain.toctree_parents())
        if targets & docs:
            rewrite.add(docname)
    return sorted(rewrite - docs)
