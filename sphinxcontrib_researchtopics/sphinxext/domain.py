"""The one Domain: what each document shows, for navs, ``:pub:`` and incremental builds.

Every table is ``{docname: ...}``, so purging a document and merging parallel readers
are one line each.  Values are plain strings, numbers and tuples.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, cast

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.locale import get_translation
from sphinx.util.nodes import make_refnode

from ..bib.lazy import Problems
from ..config import WARNING_TYPE
from ..locale import CATALOG, N_
from .log import get_logger
from .pageplan import builds_pages
from .render import short_citation
from .state import BibRecord, Signature, get_state
from .tables import PackedTables

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = get_logger(__name__)

#: Sphinx's lazy translation in the extension's catalog: the Domain's names are class
#: attributes, made before a build's language is known, read in the search index.
translated = get_translation(CATALOG)


class Query(NamedTuple):
    """A ``publications`` list's selection as written, kept to re-run on a .bib change."""

    topic: str
    keys: str
    filter: str
    sort: str
    limit: str


class Shown(NamedTuple):
    """Where a document shows an entry, and how."""

    anchor: str
    #: shown by ``publication`` (``:pub:`` prefers it as the entry's home)
    single: bool
    #: shown by a list selected with ``:topic:`` (navs and "Also in" count it)
    topical: bool


class Showing(NamedTuple):
    """A page that shows an entry: :class:`Shown` with its docname."""

    docname: str
    anchor: str
    single: bool
    topical: bool


class EntryTopics(NamedTuple):
    """An entry's topics (lower-cased) and where it is, for reports in later builds."""

    topics: tuple[str, ...]
    source: str
    line: int


class QueryRecord(NamedTuple):
    """A list on a page: its query and the keys it selected."""

    query: Query
    keys: tuple[str, ...]


def get_domain(env: BuildEnvironment) -> ResearchTopicsDomain:
    """The ``rt`` Domain of *env*, typed (the one accessor; no casts elsewhere)."""
    return cast("ResearchTopicsDomain", env.get_domain("rt"))


_TABLES = ("shown", "digests", "queries", "navs", "refs", "toctrees")


class ResearchTopicsDomain(Domain):
    """Per-document records of shown entries, list queries, navs and references."""

    name = "rt"
    # Translators: the kind of object a search result is ("Research topics publication")
    label = translated(N_("Research topics"))
    object_types = {"publication": ObjType(translated(N_("publication")), "pub")}  # noqa: RUF012
    initial_data: ClassVar[dict[str, Any]] = {}  # the tables are made on first use
    data_version = 6

    # -- recording (during reading) -----------------------------------------------------

    def _packed(self) -> PackedTables:
        tables = self.data.get("tables")
        if not isinstance(tables, PackedTables):
            tables = self.data["tables"] = PackedTables()
        return tables

    def _table(self, table: str) -> dict[str, Any]:
        return self._packed().table(table)

    def _shown_changed(self) -> None:
        self._packed().shown_changed()

    def note_entry(
        self, docname: str, key: str, anchor: str, single: bool, digest: str, topical: bool = False
    ) -> None:
        """KEY is shown on DOCNAME at ANCHOR (``single``: by ``publication``;
        ``topical``: by a list selected with ``:topic:``)."""
        self._shown_changed()
        shown = self._table("shown").setdefault(docname, {})
        old = shown.get(key)
        if old is None or (single and not old.single):
            shown[key] = Shown(anchor, single, topical or bool(old and old.topical))
        elif topical and not old.topical:
            shown[key] = old._replace(topical=True)
        self._table("digests").setdefault(docname, {})[key] = digest

    def note_digests(self, docname: str, digests: dict[str, str]) -> None:
        """DOCNAME counts these entries (a chart): a change to any of them re-reads it,
        as for the entries it shows, without making it a page that shows them."""
        self._table("digests").setdefault(docname, {}).update(digests)

    def note_query(self, docname: str, query: Query, keys: tuple[str, ...]) -> None:
        """A list's query and what it selected, to re-run when the .bib changes."""
        self._table("queries").setdefault(docname, []).append(QueryRecord(query, keys))

    def note_nav(self, docname: str, targets: tuple[str, ...] | None) -> None:
        """A topic-nav on DOCNAME: explicit target docnames, or None for the toctree's."""
        self._table("navs").setdefault(docname, []).append(targets)

    def note_toctrees(self, docname: str, groups: list[tuple[str, ...]]) -> None:
        """The documents each toctree of DOCNAME lists (for navs without content)."""
        if groups:
            self._table("toctrees")[docname] = groups

    def toctrees_of(self, docname: str) -> list[tuple[str, ...]]:
        """The documents each toctree of DOCNAME lists, as recorded."""
        return self._table("toctrees").get(docname, [])  # type: ignore[no-any-return]

    def siblings(self, docname: str) -> list[str]:
        """The pages of the toctree that lists DOCNAME, else DOCNAME's own first toctree."""
        toctrees = self._table("toctrees")
        for parent in sorted(toctrees):
            for group in toctrees[parent]:
                if docname in group:
                    return list(group)
        own = toctrees.get(docname)
        return list(own[0]) if own else []

    def toctree_parents(self) -> set[str]:
        return set(self._table("toctrees"))

    def note_ref(self, docname: str, key: str, text: str) -> None:
        """DOCNAME cites KEY; *text* is the short citation it shows (re-written if it changes)."""
        self._table("refs").setdefault(docname, {})[key] = text

    def refs(self) -> dict[str, dict[str, str]]:
        return self._table("refs")

    def bib_record(self) -> BibRecord | None:
        """The .bib files' signature the environment was built from, and their problems."""
        record = self.data.get("bib")
        return record if isinstance(record, BibRecord) else None

    def note_bib(self, signature: Signature, problems: Problems) -> None:
        """Record the files' signature and problems (the problems in the doctree folder)."""
        self.data["bib"] = BibRecord.of(signature, problems, str(self.env.doctreedir))

    def entry_digests(self) -> dict[str, str]:
        """Every entry's digest as of the last build that loaded the bibliography."""
        return self._table("entry_digests")

    def note_entry_digests(self, digests: dict[str, str]) -> None:
        self._packed().set_table("entry_digests", digests)

    def entry_topics(self) -> tuple[str, dict[str, EntryTopics]]:
        """The entries with topics as of the last build (key -> topics, .bib file, line),
        and what else decided their topics then (see :mod:`.topiccheck`)."""
        signature = self.data.get("topic_signature")
        return (signature if isinstance(signature, str) else ""), self._table("entry_topics")

    def note_entry_topics(self, signature: str, table: dict[str, EntryTopics]) -> None:
        self.data["topic_signature"] = signature
        self._packed().set_table("entry_topics", table)

    # -- queries ------------------------------------------------------------------------

    def shown_on(self, docname: str) -> dict[str, Shown]:
        """Keys shown on DOCNAME -> (anchor, by ``publication``, by a ``:topic:`` list)."""
        return self._table("shown").get(docname, {})  # type: ignore[no-any-return]

    def shown_on_all(self) -> dict[str, dict[str, Shown]]:
        return self._table("shown")

    def pages_with_entries(self) -> list[str]:
        """Every page that shows an entry, sorted (without unpickling ``shown``)."""
        return self._packed().pages()

    def count(self, docname: str) -> int:
        """How many publications DOCNAME shows (for ``:counts:``)."""
        return len(self.shown_on(docname))

    def pages_showing(self, key: str) -> Iterator[Showing]:
        """Every page showing KEY, in docname order."""
        for docname in sorted(self._table("shown")):
            found = self._table("shown")[docname].get(key)
            if found is not None:
                yield Showing(docname, *found)

    def home_of(self, key: str) -> Showing | None:
        """Where ``:pub:`` links: the first ``publication``, else the first list."""
        first: Showing | None = None
        for showing in self.pages_showing(key):
            if showing.single:
                return showing
            first = first or showing
        return first

    def docs_with_refs(self, keys: Set[str]) -> set[str]:
        return {doc for doc, refs in self._table("refs").items() if refs.keys() & keys}

    def docs_with_navs(self) -> dict[str, list[tuple[str, ...] | None]]:
        return self._table("navs")

    def queries(self) -> dict[str, list[QueryRecord]]:
        return self._table("queries")

    def digests(self) -> dict[str, dict[str, str]]:
        return self._table("digests")

    # -- Domain protocol ------------------------------------------------------------------

    def clear_doc(self, docname: str) -> None:
        self._shown_changed()
        for table in _TABLES:
            self._table(table).pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self._shown_changed()
        theirs = otherdata.get("tables")
        if not isinstance(theirs, PackedTables):
            return
        for table in _TABLES:
            mine = self._table(table)
            for docname, value in theirs.table(table).items():
                if docname in docnames:
                    mine[docname] = value

    def resolve_xref(  # type: ignore[override]
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.Element | None:
        """``:pub:`KEY``` -> a link to KEY's entry, or a visible placeholder."""
        state = get_state(env)
        publication = state.bibliography.entries.get(target)
        if publication is None:
            logger.warning(
                "unknown publication key %r in :pub:",
                target,
                type=WARNING_TYPE,
                subtype="missing_key",
                location=node,
            )
            return nodes.inline(target, f"[{target}?]", classes=["rt-missing"])
        text = (
            contnode.astext()
            if node.get("refexplicit")
            else short_citation(publication, state.labels)
        )
        inner = nodes.inline(text, text, classes=["rt-pub"])
        page = self._paper_page(env, builder, target)
        if page is not None:
            uri = builder.get_relative_uri(fromdocname, page)
            return nodes.reference("", "", inner, internal=True, refuri=uri, reftitle=text)
        home = self.home_of(target)
        if home is None:
            logger.warning(
                "publication %r is cited but shown on no page",
                target,
                type=WARNING_TYPE,
                subtype="missing_key",
                location=node,
            )
            return inner
        if fromdocname == home.docname:
            ref = make_refnode(builder, fromdocname, home.docname, home.anchor, inner, text)
        else:
            # singlehtml's page URIs are fragments themselves ("#document-all"): Sphinx 9's
            # make_refnode appended a second one, a link to nowhere; replace it instead
            uri = str(builder.get_relative_uri(fromdocname, home.docname))
            refuri = f"{uri.partition('#')[0]}#{home.anchor}" if home.anchor else uri
            ref = nodes.reference("", "", inner, internal=True, refuri=refuri, reftitle=text)
        ref["rt_target"] = (home.docname, home.anchor)  # singlehtml renames ids: see resolve
        return ref

    @staticmethod
    def _paper_page(env: BuildEnvironment, builder: Builder, key: str) -> str | None:
        """KEY's paper page, when ``researchtopics_pub_target = "page"`` and it exists."""
        if env.config.researchtopics_pub_target != "page":
            return None
        plan = get_state(env).page_plan
        return plan.paper_page(key) if plan is not None and builds_pages(builder) else None

    def resolve_any_xref(  # type: ignore[override]
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.Element]]:
        return []

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """Entries for the inventory, so other projects can cite them too.

        Priority -1 keeps them out of the search index (48,000 keys made searchindex.js
        2.8 MB, loaded and dumped by every build): the search box finds an entry by the
        text its page shows. The rows are made once per change: Sphinx asks for them
        twice in a build, for the inventory and for the search index.
        """
        if not self.env.config.researchtopics_inventory:
            return ()
        return self._packed().inventory()
