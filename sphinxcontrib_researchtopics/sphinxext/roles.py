"""The ``:pub:`` role: a cross-reference resolved by the domain once every page is read."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import split_explicit_title

from .domain import get_domain
from .render import short_citation
from .state import get_state


class PubRole(SphinxRole):
    """``:pub:`KEY``` or ``:pub:`text <KEY>```."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        has_title, title, key = split_explicit_title(self.text)
        key = key.strip()
        ref = addnodes.pending_xref(
            self.rawtext,
            nodes.inline(title, title),
            refdomain="rt",
            reftype="pub",
            reftarget=key,
            refexplicit=has_title,
            refdoc=self.env.docname,
        )
        self.set_source_info(ref)
        state = get_state(self.env)
        publication = state.bibliography.entries.get(key)
        text = short_citation(publication, state.labels) if publication is not None else ""
        get_domain(self.env).note_ref(self.env.docname, key, text)
        return [ref], []
