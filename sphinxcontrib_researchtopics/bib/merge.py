"""Merging parsed files into one bibliography: first key wins, crossrefs resolved.

Records still pickled (from the caches) stay so: only keys, lines and digests are read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from .lazy import DAMAGED, Entries, Part, Pending, Problems
from .make import make_publication
from .records import Problem, Publication
from .scan import RawEntry
from .scan_fast import Strings


@dataclass(frozen=True, slots=True)
class FileResult:
    """One parsed .bib file: its entries in order and its problems.

    From the caches, ``entries`` and ``problems`` are empty: the records are in ``pending``
    (unpickled on use) and the problems in ``lazy_problems``.
    """

    path: str
    entries: tuple[Publication, ...]
    problems: tuple[Problem, ...]
    #: Raw entries that name a ``crossref`` (resolved once every file is loaded).
    crossrefs: tuple[RawEntry, ...] = ()
    pending: tuple[Pending, ...] = ()
    lazy_problems: Problems | None = None
    #: The ``@string`` macros defined once the file is read (its own and those it started
    #: with), which the next file starts with.
    strings: Strings = ()

    def __reduce__(self) -> tuple[Callable[..., FileResult], tuple[object, ...]]:
        # the pending records as plain tuples: 48,000 objects pickle ten times slower
        pending = tuple(entry.fields() for entry in self.pending)
        fields = (self.path, self.entries, self.problems, self.crossrefs)
        return (_file_result, (*fields, pending, self.lazy_problems, self.strings))


def _file_result(
    path: str,
    entries: tuple[Publication, ...],
    problems: tuple[Problem, ...],
    crossrefs: tuple[RawEntry, ...],
    pending: tuple[tuple[bytes, str, str, str, int, int, int], ...],
    lazy_problems: Problems | None,
    strings: Strings = (),
) -> FileResult:
    """A :class:`FileResult` from its pickled form."""
    records = tuple(Pending(*fields) for fields in pending)
    return FileResult(path, entries, problems, crossrefs, records, lazy_problems, strings)


class Bibliography:
    """Every entry of every configured file, first definition of a key winning.

    ``entries`` unpickles each record on first access; ``problems`` unpickles the
    problems on first access (``problem_record`` keeps them pickled).
    """

    def __init__(
        self,
        entries: Mapping[str, Publication] | None = None,
        problems: tuple[Problem, ...] | Problems = (),
        files: tuple[str, ...] = (),
        reload: Callable[[], Bibliography] | None = None,
    ) -> None:
        self.entries: Mapping[str, Publication] = {} if entries is None else entries
        self.problem_record = (
            problems if isinstance(problems, Problems) else Problems(((False, (problems,)),))
        )
        self.files = files
        self._reload = reload

    @property
    def problems(self) -> tuple[Problem, ...]:
        try:
            return self.problem_record.materialize()
        except DAMAGED:  # a damaged cache: the files have them
            if self._reload is None:
                raise
            self.problem_record = self._reload().problem_record
            return self.problem_record.materialize()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Bibliography):
            return NotImplemented
        mine = (dict(self.entries), self.problems, self.files)
        return mine == (dict(other.entries), other.problems, other.files)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Bibliography({len(self.entries)} entries, files={self.files!r})"


def merge_files(
    results: Sequence[FileResult],
    problems: list[Problem],
    topic_field: str,
    reload: Callable[[], Bibliography] | None = None,
) -> Bibliography:
    """Merge per-file results into one ordered mapping, reporting keys defined twice.

    Records still pickled stay so: only keys, lines and digests are read here.
    """
    slots: dict[str, Publication | Pending] = {}
    folded: dict[str, Publication | Pending] = {}
    groups: list[tuple[bool, tuple[Part, ...]]] = [(False, (tuple(problems),))]
    order = 0
    for result in results:
        if result.lazy_problems is not None:
            groups.extend(result.lazy_problems.groups)
        else:
            groups.append((False, (result.problems,)))
        found: list[Problem] = []
        records: tuple[Publication | Pending, ...] = (*result.entries, *result.pending)
        for publication in records:
            first = slots.get(publication.key)
            same_but_case = folded.setdefault(publication.key.casefold(), publication)
            if first is None and same_but_case is not publication:
                where = f"{os.path.basename(same_but_case.source)}:{same_but_case.line}"
                message = (
                    f"key {publication.key!r} differs only in case from {same_but_case.key!r} "
                    f"at {where}; both are kept, but their HTML ids and BibTeX crossrefs collide"
                )
                found.append(Problem("key_case", message, publication.source, publication.line))
            if first is not None:
                where = f"{os.path.basename(first.source)}:{first.line}"
                found.append(
                    Problem(
                        "duplicate_key",
                        f"key {publication.key!r} already defined at {where}; the first is kept",
                        publication.source,
                        publication.line,
                    )
                )
                continue
            if publication.order != order:  # a copy only when a file before it had entries
                if isinstance(publication, Pending):
                    publication = publication.at_order(order)
                else:
                    publication = replace(publication, order=order)
            slots[publication.key] = publication
            order += 1
        groups.append((False, (tuple(found),)))
    entries = Entries(slots, (lambda: reload().entries) if reload else None)
    found = []
    for result in results:
        for raw in result.crossrefs:
            _resolve_crossref(raw, result.path, entries, found, topic_field)
    groups.append((False, (tuple(found),)))
    kept = tuple((sort, parts) for sort, parts in groups if any(parts))
    return Bibliography(entries, Problems(kept), tuple(r.path for r in results), reload)


def _resolve_crossref(
    raw: RawEntry,
    source: str,
    entries: Entries,
    problems: list[Problem],
    topic_field: str,
) -> None:
    """Fill an entry's missing fields from the entry its ``crossref`` names."""
    child = entries.get(raw.key)
    if child is None or child.source != source or child.line != raw.line:
        return
    target = next((value for name, value in raw.fields if name.lower() == "crossref"), "")
    target = target.strip("{} ")
    parent = entries.get(target)
    if parent is None:  # BibTeX matches crossref keys in any case
        folded = next((key for key in entries if key.lower() == target.lower()), None)
        parent = entries[folded] if folded is not None else None
    if parent is None:
        problems.append(
            Problem("crossref", f"{raw.key}: crossref to unknown key {target!r}", source, raw.line)
        )
        return
    own = {name.lower() for name, _ in raw.fields}
    inherited = [(name, value) for name, value in parent.fields if name.lower() not in own]
    parent_title = parent.field("title")
    if parent_title and not own.union(name.lower() for name, _ in inherited) & {"booktitle"}:
        # the parent's own booktitle, inherited above, wins (as in BibTeX): one field, never
        # two (the BibTeX view and download showed both, and bibtex rejects that)
        inherited.append(("booktitle", parent_title))  # as written: LaTeX read once, later
    merged = RawEntry(raw.entry_type, raw.key, raw.fields + tuple(inherited), raw.line)
    publication, _ = make_publication(merged, source, child.order, topic_field)
    entries.put(raw.key, publication)
