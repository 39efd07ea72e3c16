"""Records and problems kept pickled until used: the parse caches hold each entry as bytes.

Loading 48,000 records from a cache (objects built field by field) costs more than a
rebuild needs: a one-entry edit shows one page's entries, and with its warnings
suppressed reports none of the file's problems.  So the caches keep each entry's record
and problems as pickled bytes (cheap to load and to write), with its key, digest, line
and order beside them; :class:`Entries` unpickles a record on first access and
:class:`Problems` unpickles the problems when they are asked for.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator, Mapping, ValuesView
from dataclasses import replace
from typing import Any, NamedTuple

from .records import Problem, Publication

#: A records blob could not be read (a damaged cache): the caller parses the files again.
DAMAGED = (Exception,)


def _problems(plain: tuple[tuple[bool, tuple[Any, ...]], ...]) -> Problems:
    """:class:`Problems` from its pickled form (blobs as plain tuples)."""
    groups: list[tuple[bool, tuple[Part, ...]]] = []
    for sort, parts in plain:
        made = (Blob(*p) if p and type(p[0]) is bytes else p for p in parts)
        groups.append((sort, tuple(made)))
    return Problems(tuple(groups))


def shifted(publication: Publication, shift: int, order: int) -> Publication:
    """*publication* with every line it records moved by *shift*, at *order*."""
    links = tuple(
        replace(link, line=link.line + shift) if link.line else link for link in publication.links
    )
    return replace(
        publication,
        line=publication.line + shift,
        order=order,
        links=links,
        preview_line=publication.preview_line + shift if publication.preview_line else 0,
    )


class Pending:
    """One record, still pickled; its key, digest and place are known without unpickling.

    ``shift`` moves the lines the record was pickled with to where the entry is now.
    ``made`` is the record itself when this process just parsed it (a cold build): it is
    used instead of unpickling the blob, which stays for the caches (never pickled).
    """

    __slots__ = ("blob", "digest", "key", "line", "made", "order", "shift", "source")

    def __init__(
        self,
        blob: bytes,
        key: str,
        digest: str,
        source: str,
        line: int,
        order: int,
        shift: int,
        made: Publication | None = None,
    ) -> None:
        self.blob = blob
        self.key = key
        self.digest = digest
        self.source = source
        self.line = line
        self.order = order
        self.shift = shift
        self.made = made

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return (Pending, self.fields())

    def fields(self) -> tuple[bytes, str, str, str, int, int, int]:
        return (self.blob, self.key, self.digest, self.source, self.line, self.order, self.shift)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Pending):
            return NotImplemented
        return self.fields() == other.fields()

    __hash__ = None  # type: ignore[assignment]

    def at_order(self, order: int) -> Pending:
        fields = (self.blob, self.key, self.digest, self.source, self.line, order, self.shift)
        return Pending(*fields, self.made)

    def load(self) -> Publication:
        """The record (raises for a damaged blob)."""
        publication = self.made
        if publication is None:
            publication = pickle.loads(self.blob)
            if not isinstance(publication, Publication) or publication.key != self.key:
                raise TypeError(f"not the record of {self.key!r}")
        if self.shift or publication.order != self.order:
            publication = shifted(publication, self.shift, self.order)
        return publication


def entry_digest(entries: Mapping[str, Publication], key: str) -> str:
    """The digest of *key*'s entry, unpickling nothing where *entries* are lazy."""
    return entries.digest(key) if isinstance(entries, Entries) else entries[key].digest


class Entries(Mapping[str, Publication]):
    """Key -> record in bibliography order; records are unpickled on first access.

    *reload* gives every record afresh (parsed without cache), for a damaged blob.
    """

    def __init__(
        self,
        slots: dict[str, Publication | Pending],
        reload: Callable[[], Mapping[str, Publication]] | None = None,
    ) -> None:
        self._slots = slots
        self._reload = reload

    def __getitem__(self, key: str) -> Publication:
        value = self._slots[key]
        if type(value) is Pending:
            try:
                value = value.load()
            except DAMAGED:
                return self._recover()[key]
            self._slots[key] = value
        return value  # type: ignore[return-value]

    def get(self, key: str, default: Publication | None = None) -> Publication | None:  # type: ignore[override]
        return self[key] if key in self._slots else default

    def __contains__(self, key: object) -> bool:
        return key in self._slots

    def __iter__(self) -> Iterator[str]:
        return iter(self._slots)

    def __len__(self) -> int:
        return len(self._slots)

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return (Entries, (dict(self.items()),))

    def values(self) -> ValuesView[Publication]:
        return _Values(self)

    def records(self) -> list[Publication]:
        """Every record in order, unpickled now (a pass over the slots, without a lookup
        per key: list pages of 48,000 entries read them all)."""
        slots = self._slots
        found: list[Publication] = []
        for key, value in slots.items():
            if type(value) is Pending:
                try:
                    value = value.load()
                except DAMAGED:
                    return list(self._recover().values())
                slots[key] = value  # the same key: the dict keeps its size while iterated
            found.append(value)  # type: ignore[arg-type]
        return found

    def put(self, key: str, publication: Publication) -> None:
        """Set (or replace) the record of *key*."""
        self._slots[key] = publication

    def digest(self, key: str) -> str:
        """The digest of *key*'s entry, without unpickling it."""
        return self._slots[key].digest

    def digests(self) -> dict[str, str]:
        """Every entry's digest, without unpickling a record."""
        return {key: value.digest for key, value in self._slots.items()}

    def place(self, key: str) -> tuple[str, int]:
        """Where the entry of *key* is now (its file and line), without unpickling it."""
        value = self._slots[key]
        return value.source, value.line

    def unpickled(self) -> int:
        """How many records have been unpickled (tests read it)."""
        return sum(1 for value in self._slots.values() if type(value) is not Pending)

    def _recover(self) -> Mapping[str, Publication]:
        if self._reload is None:
            raise KeyError("a damaged record and no way to parse it again")
        fresh = self._reload()
        self._slots = dict(fresh.items())
        self._reload = None
        return fresh


class _Values(ValuesView[Publication]):
    """``Entries.values()``: iterates :meth:`Entries.records`."""

    _mapping: Entries

    def __iter__(self) -> Iterator[Publication]:
        return iter(self._mapping.records())


class Blob(NamedTuple):
    """Pickled problems, their subtypes, and how far to move their lines."""

    blob: bytes
    subtypes: tuple[str, ...]
    shift: int = 0

    @classmethod
    def of(cls, problems: tuple[Problem, ...]) -> Blob:
        subtypes = tuple(sorted({problem.subtype for problem in problems}))
        return cls(pickle.dumps(problems, pickle.HIGHEST_PROTOCOL), subtypes)

    def load(self) -> list[Problem]:
        problems = pickle.loads(self.blob)
        if not isinstance(problems, tuple) or not all(isinstance(p, Problem) for p in problems):
            raise TypeError("not a tuple of problems")
        if not self.shift:
            return list(problems)
        return [replace(p, line=p.line + self.shift) if p.line else p for p in problems]


#: Problems as found, or still pickled.
Part = tuple[Problem, ...] | Blob


class Problems:
    """Problems in order, made of groups of parts; a sorted group is ordered by line.

    Pickles as its parts (bytes), so the environment keeps them cheaply.
    """

    __slots__ = ("_done", "groups")

    def __init__(self, groups: tuple[tuple[bool, tuple[Part, ...]], ...] = ()) -> None:
        self.groups = groups
        self._done: tuple[Problem, ...] | None = None

    def __reduce__(self) -> tuple[Callable[..., Problems], tuple[object, ...]]:
        # Blobs as plain tuples: 48,000 named tuples pickle ten times slower.
        plain = tuple(
            (sort, tuple(tuple(part) if isinstance(part, Blob) else part for part in parts))
            for sort, parts in self.groups
        )
        return (_problems, (plain,))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problems):
            return NotImplemented
        return self.groups == other.groups

    __hash__ = None  # type: ignore[assignment]

    @property
    def subtypes(self) -> frozenset[str]:
        found: set[str] = set()
        for _sort, parts in self.groups:
            for part in parts:
                if isinstance(part, Blob):
                    found.update(part.subtypes)
                else:
                    found.update(problem.subtype for problem in part)
        return frozenset(found)

    def materialize(self) -> tuple[Problem, ...]:
        """Every problem (raises for a damaged blob)."""
        if self._done is None:
            result: list[Problem] = []
            for sort, parts in self.groups:
                group: list[Problem] = []
                for part in parts:
                    group.extend(part.load() if isinstance(part, Blob) else part)
                if sort:
                    group.sort(key=lambda problem: problem.line)
                result.extend(group)
            self._done = tuple(result)
        return self._done
