"""The walk that skips entries' own nodes finds what a full walk finds (entries, lists,
entries in a directive's content), for any tree whose entries hold entries only in
their directive content (as :func:`render.publication_node` makes them)."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinxcontrib_researchtopics.html.shapes import is_entry, outside_entries, rt_entry, rt_html


def _entry_own_parts() -> st.SearchStrategy[nodes.Node]:
    """What an entry is made of: no entries inside."""
    return st.recursive(
        st.builds(lambda t: nodes.Text(t), st.text(max_size=3)),
        lambda inner: st.builds(
            lambda kids, kind: kind("", *kids),
            st.lists(inner, max_size=3),
            st.sampled_from([nodes.paragraph, nodes.inline, nodes.container]),
        ),
        max_leaves=6,
    )


def _tree(children: st.SearchStrategy[Any]) -> st.SearchStrategy[nodes.Node]:
    def entry(own: list[nodes.Node], body: list[nodes.Node], shaped: bool) -> nodes.Element:
        if shaped:
            return rt_entry("", *own, key="k")
        node = nodes.container("", *own, *body, rt_key="k")
        if body:
            node["rt_body"] = True
        return node

    return st.one_of(
        st.builds(
            entry,
            st.lists(_entry_own_parts(), max_size=3),
            st.lists(children, max_size=2),
            st.booleans(),
        ),
        st.builds(lambda kids: nodes.section("", *kids), st.lists(children, max_size=3)),
        st.builds(
            lambda kids: nodes.container("", *kids, rt_finder="auto"),
            st.lists(children, max_size=3),
        ),
        st.builds(lambda: rt_html("", nodes.Text("w"), html="<p/>", rt_key="k")),
    )


trees = st.recursive(st.builds(lambda: nodes.paragraph("", "x")), _tree, max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(st.lists(trees, max_size=4))
def test_the_walk_finds_what_findall_finds(children: list[nodes.Node]) -> None:
    document = nodes.section("", *children)
    full = [node for node in document.findall(nodes.Element, include_self=False)]
    walked = list(outside_entries(document))
    assert [n for n in walked if is_entry(n)] == [n for n in full if is_entry(n)]
    assert [n for n in walked if isinstance(n, rt_entry)] == [
        n
        for n in full
        if isinstance(n, rt_entry)
        and not any(isinstance(a, rt_entry) for a in _ancestors(n, document))
    ]
    finders = [n for n in full if isinstance(n, nodes.container) and "rt_finder" in n]
    assert [n for n in walked if isinstance(n, nodes.container) and "rt_finder" in n] == finders
    assert all(node in full for node in walked)  # no node twice, none from elsewhere
    assert len(walked) == len({id(node) for node in walked})


def _ancestors(node: nodes.Node, root: nodes.Node) -> list[nodes.Node]:
    found = []
    parent = node.parent
    while parent is not None and parent is not root:
        found.append(parent)
        parent = parent.parent
    return found
