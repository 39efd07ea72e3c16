"""Links from every page to the paper and member pages: entry titles and member names.

Runs on the plain entry nodes, for the HTML builders that write those pages (see
:mod:`.pages`), so a link to a page that does not exist is never made.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..sphinxext.compat import builder_of
from ..sphinxext.paperpages import PagePlan, builds_pages, get_plan
from .shapes import outside_entries


class PageLinks(SphinxPostTransform):
    """Entry titles link to their paper page; member names to their member page.

    Runs on the plain entry nodes, before :class:`..html.shapes.HtmlShapes`, for the
    builders that write the pages (links to pages that do not exist are never made).
    """

    default_priority = 150
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        builder = builder_of(self.env)
        if not builds_pages(builder):
            return
        plan = get_plan(self.env)
        if not plan.paper_ids and not plan.members:
            return
        docname = self.env.docname
        for box in list(outside_entries(self.document)):
            key = box.get("rt_key")
            if key is not None and isinstance(box, nodes.container):
                self.link_title(box, key, plan, builder, docname)
                self.link_members(box, key, plan, builder, docname)

    @staticmethod
    def link_title(
        box: nodes.container, key: str, plan: PagePlan, builder: Any, docname: str
    ) -> None:
        page = plan.paper_page(key)
        title = next(
            (
                c
                for c in box.children
                if isinstance(c, nodes.paragraph) and "rt-title" in c["classes"]
            ),
            None,
        )
        if page is None or title is None:
            return
        if page == docname:  # the paper page itself: its heading is the title
            badges = [
                child
                for child in title.children
                if isinstance(child, nodes.Element) and "rt-venue-badge" in child["classes"]
            ]
            if badges:  # the venue badge stays, on a line of its own
                title.children = []
                title.extend(badges)
                title["classes"] = ["rt-title-badges"]
            else:
                box.remove(title)
            return
        ref = nodes.reference(
            "", "", *title.children, internal=True, refuri=builder.get_relative_uri(docname, page)
        )
        ref["classes"].append("rt-paper-link")
        title.children = []
        title += ref

    @staticmethod
    def link_members(
        box: nodes.container, key: str, plan: PagePlan, builder: Any, docname: str
    ) -> None:
        if plan.member_folder is None:
            return
        authors = next(
            (
                c
                for c in box.children
                if isinstance(c, nodes.Element) and "rt-authors" in c["classes"]
            ),
            None,
        )
        if authors is None:
            return
        inlines = [n for n in authors.findall(nodes.inline) if "rt-member" in n["classes"]]
        members = [m for m in plan.member_authors.get(key, ()) if m is not None]
        if len(inlines) != len(members):
            return
        for inline, member in zip(inlines, members, strict=True):
            page = plan.member_page(member)
            if page is None or page == docname:
                continue
            text = inline.astext()
            inline.children = []
            inline += nodes.reference(
                text,
                text,
                internal=True,
                refuri=builder.get_relative_uri(docname, page),
                classes=["rt-member-link"],
            )
