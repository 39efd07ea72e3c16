"""Which paper and member pages a site has, and their file names (builder-independent).

A paper page exists for every entry shown anywhere (topic pages and member pages); its
name is the key made safe as a file name on every file system, case-insensitive ones
included.  The plan is made once the Domain is complete (``env-updated``) and kept
outside the pickled environment, like :mod:`.state`; the HTML side writes the pages.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from typing import TYPE_CHECKING, Any

from ..bib.order import DEFAULT_SORT, sort_publications
from ..bib.people import MemberIndex, member_items
from ..bib.records import Publication
from ..config import WARNING_TYPE
from .domain import get_domain
from .log import get_logger
from .pageplan import Member, PagePlan
from .state import get_state

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = get_logger(__name__)

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
_SLUG_UNSAFE = re.compile(r"[^a-z0-9]+")
#: Names Windows reserves, whatever the extension.
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{n}" for n in range(10)] + [f"lpt{n}" for n in range(10)]
)
#: The longest page id (ASCII, so bytes): with ``.html``, ``.fjson`` or a ``.tmp`` suffix
#: it stays well under the 255 bytes file systems allow.
MAX_ID = 200


def safe_id(key: str) -> str:
    """KEY as a file name: ASCII letters, digits, ``_.-`` (``Knuth:1984`` -> ``Knuth-1984``)."""
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    ident = _UNSAFE.sub("-", ascii_key).strip(".-") or "paper"
    if ident.lower().split(".")[0] in _RESERVED:
        ident = f"paper-{ident}"
    if len(ident) > MAX_ID:  # cut, with the key's hash: two long keys stay apart
        ident = f"{ident[: MAX_ID - 7].rstrip('.-')}-{_key_hash(key)}"
    return ident


def _key_hash(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]


def unique_id(ident: str, key: str, taken: set[str] | frozenset[str]) -> str:
    """*ident*, or (when taken, compared without case) *ident* with the key's hash, then a
    number, appended: re-checked after each suffix, and never longer than :data:`MAX_ID`."""
    if ident.lower() not in taken:
        return ident
    base = ident[: MAX_ID - 16].rstrip(".-") or "paper"
    candidate = f"{base}-{_key_hash(key)}"
    number = 1
    while candidate.lower() in taken:
        number += 1
        candidate = f"{base}-{_key_hash(key)}-{number}"
    return candidate


def assign_ids(
    publications: list[Publication], reserved: frozenset[str] = frozenset()
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """key -> unique id, compared without case; and (key, id) for each renamed key.

    Of keys whose ids collide, the first in the bibliography keeps the plain id (so the
    same in every build, and a key added below it never takes its page; one added above
    it does, with the warning); the others get a hash of the key appended.  *reserved*
    (lower case) are ids already used in the folder (member pages, documents).
    """
    ids: dict[str, str] = {}
    taken: set[str] = set(reserved)
    renamed: list[tuple[str, str]] = []
    for publication in sorted(publications, key=lambda pub: (pub.order, pub.key)):
        plain = safe_id(publication.key)
        ident = unique_id(plain, publication.key, taken)
        if ident != plain:
            renamed.append((publication.key, ident))
        taken.add(ident.lower())
        ids[publication.key] = ident
    return ids, renamed


def slug(name: str) -> str:
    """A member's name as a page id: "Zhiwei Xiong" -> "zhiwei-xiong"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _SLUG_UNSAFE.sub("-", ascii_name.lower()).strip("-") or "member"


def folder_option(value: Any, option: str) -> str | None:
    """A folder config value checked: relative, no ``..``; None (with a warning) if not."""
    if value is None or value == "":
        return None
    text = str(value).strip().strip("/")
    parts = text.split("/")
    if not text or any(part in ("", ".", "..") or _UNSAFE.search(part) for part in parts):
        logger.warning(
            "%s = %r is not a relative folder name: the pages are not made",
            option,
            value,
            type=WARNING_TYPE,
            subtype="paper_page",
        )
        return None
    return posixpath.normpath(text)


def _members(
    config: Any, entries: dict[str, Publication], existing: frozenset[str] = frozenset()
) -> tuple[tuple[Member, ...], dict[str, tuple[Member | None, ...]]]:
    """Every configured member with the keys of their entries, and each entry's members.
    A page id in *existing* (documents of the folder, lower case) is never used: the
    member gets the next numbered id, with a warning."""
    items = list(member_items(config.researchtopics_members))
    indexes = [MemberIndex({name: url}) for name, url, _role in items]
    found: list[list[Publication]] = [[] for _ in items]
    member_authors: dict[str, list[int | None]] = {}
    for publication in entries.values():
        row: list[int | None] = []
        for person in publication.authors:
            if person.others:
                continue
            index = next((i for i, ix in enumerate(indexes) if ix.match(person)[0]), None)
            if index is not None:
                found[index].append(publication)
            row.append(index)
        if any(index is not None for index in row):
            member_authors[publication.key] = row
    members: list[Member] = []
    used: set[str] = set(existing)
    for (name, url, _role), pubs in zip(items, found, strict=True):
        base = slug(name)[: MAX_ID - 10].strip("-") or "member"
        if base in _RESERVED:  # "con", "nul": no such file on Windows
            base = f"member-{base}"
        ident, number = base, 1
        while ident in used:
            number += 1
            ident = f"{base}-{number}"
        if base in existing:
            logger.warning(
                "member %r: a document named %s exists: the member page is %s",
                name,
                base,
                ident,
                type=WARNING_TYPE,
                subtype="paper_page",
            )
        used.add(ident)
        keys = tuple(pub.key for pub in sort_publications(dict.fromkeys(pubs), DEFAULT_SORT))
        members.append(Member(name, ident, url, keys))
    by_index = tuple(members)
    return by_index, {
        key: tuple(by_index[i] if i is not None else None for i in row)
        for key, row in member_authors.items()
    }


def make_plan(env: BuildEnvironment) -> PagePlan:
    """The pages of this build: every shown entry, every member (warning of clashes)."""
    config = env.config
    paper_folder = folder_option(config.researchtopics_paper_pages, "researchtopics_paper_pages")
    member_folder = folder_option(config.researchtopics_member_pages, "researchtopics_member_pages")
    if paper_folder is None and member_folder is None:
        return PagePlan()
    entries = dict(get_state(env).bibliography.entries)
    members, member_authors = _members(config, entries, _documents_in(env, member_folder))
    if member_folder is None:
        members, member_authors = (), {}
    shown: dict[str, None] = {}
    for table in get_domain(env).shown_on_all().values():
        shown.update(dict.fromkeys(table))
    for member in members:
        shown.update(dict.fromkeys(member.keys))
    paper_ids: dict[str, str] = {}
    if paper_folder is not None:
        # in .bib order: ``shown`` is in the order the pages' records were merged, which
        # under -j is the order parallel readers finish in (the warnings below follow it)
        publications = sorted(
            (entries[key] for key in shown if key in entries),
            key=lambda pub: (pub.order, pub.key),
        )
        beside = {m.ident.lower() for m in members} if member_folder == paper_folder else set()
        paper_ids, renamed = assign_ids(publications, frozenset(beside))
        for key, ident in renamed:
            _warn(
                entries[key],
                f"{key}: its paper page name collides with another key's "
                f"(case or characters): written as {paper_folder}/{ident}.html",
            )
        for publication in publications:
            if not publication.title:
                _warn(
                    publication,
                    f"{publication.key}: no title: its paper page has no "
                    "citation_title, and Google Scholar will not index it",
                )
            if publication.year_num is None:
                year = (
                    f"year {publication.year[:40]!r} is not a number"
                    if publication.year
                    else "no year"
                )
                _warn(
                    publication,
                    f"{publication.key}: {year}: its paper page has no "
                    "citation_publication_date, and Google Scholar will not index it",
                )
        for key, ident in list(paper_ids.items()):
            if f"{paper_folder}/{ident}" in env.all_docs:
                _warn(entries[key], f"{key}: a document {paper_folder}/{ident} exists: no page")
                del paper_ids[key]
    return PagePlan(paper_folder, member_folder, paper_ids, members, member_authors)


def _documents_in(env: BuildEnvironment, folder: str | None) -> frozenset[str]:
    """The page ids (lower case) of the documents directly in *folder*."""
    if folder is None:
        return frozenset()
    prefix = folder + "/"
    return frozenset(
        doc[len(prefix) :].lower()
        for doc in env.found_docs
        if doc.startswith(prefix) and "/" not in doc[len(prefix) :]
    )


def _warn(publication: Publication, message: str) -> None:
    location = f"{publication.source}:{publication.line}" if publication.line else None
    logger.warning(message, type=WARNING_TYPE, subtype="paper_page", location=location)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Make the plan once every document is read; re-write the pages showing an entry
    whose page id changed (a new colliding key) so their title links stay right."""
    plan = make_plan(env)
    get_state(env).page_plan = plan
    before: dict[str, str] = getattr(env, "researchtopics_paper_ids", {})
    env.researchtopics_paper_ids = dict(plan.paper_ids)  # type: ignore[attr-defined]
    changed = {key for key, ident in before.items() if plan.paper_ids.get(key, ident) != ident}
    if not changed:
        return []
    domain = get_domain(env)
    rewrite = sorted(
        docname for docname, shown in domain.shown_on_all().items() if changed.intersection(shown)
    )
    get_state(env).rewrites.update(rewrite)
    return rewrite


def get_plan(env: BuildEnvironment) -> PagePlan:
    """The plan of *env*'s build (made now if ``env-updated`` has not run in this process)."""
    state = get_state(env)
    if state.page_plan is None:
        state.page_plan = make_plan(env)
    return state.page_plan
