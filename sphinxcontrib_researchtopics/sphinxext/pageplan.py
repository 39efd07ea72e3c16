"""The paper and member pages of a build, as data: made by :mod:`.paperpages` once
every document is read, kept on the build state, read by the Domain and the HTML side."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.builders import Builder


@dataclass(frozen=True)
class Member:
    """A lab member with a page: the name as configured, its page id, its entries."""

    name: str
    ident: str
    url: str
    #: Keys of the member's entries, newest first.
    keys: tuple[str, ...]


@dataclass(frozen=True)
class PagePlan:
    """Every generated page of one build: folders, ids, members."""

    paper_folder: str | None = None
    member_folder: str | None = None
    #: key -> page id (the file name without ``.html``)
    paper_ids: dict[str, str] = field(default_factory=dict)
    members: tuple[Member, ...] = ()
    #: key -> the members among its authors, in author order (one per member author)
    member_authors: dict[str, tuple[Member | None, ...]] = field(default_factory=dict)

    def paper_page(self, key: str) -> str | None:
        """The pagename of KEY's paper page, or None."""
        ident = self.paper_ids.get(key)
        if ident is None or self.paper_folder is None:
            return None
        return f"{self.paper_folder}/{ident}"

    def member_page(self, member: Member) -> str | None:
        if self.member_folder is None:
            return None
        return f"{self.member_folder}/{member.ident}"


def builds_pages(builder: Builder) -> bool:
    """Builders that write extra pages (``html``, ``dirhtml`` and their kin): not
    ``singlehtml`` (one page only) nor e-books."""
    from sphinx.builders.html import StandaloneHTMLBuilder

    return (
        isinstance(builder, StandaloneHTMLBuilder)
        and builder.format == "html"
        and not builder.name.startswith("epub")
        and builder.name != "singlehtml"
    )
