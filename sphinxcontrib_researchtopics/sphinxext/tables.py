"""The Domain's tables as they travel in the pickled environment: one blob per table.

Sphinx unpickles the whole environment at the start of every build. At ten copies of
tugboat.bib the tables hold about 200,000 small objects, and unpickling them one by one
(with the collector scanning them as they come) was a fifth of a no-op rebuild. As
blobs they load as a few byte strings, and a table is unpickled on its first use, with
the collector paused; the inventory rows and the pages that show entries are kept beside
them, so a no-op rebuild opens none.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any, TypeVar

from ..bib.collector import paused

T = TypeVar("T")


def _unpickle(blob: bytes) -> dict[Any, Any]:
    """A table from its blob; an empty one when the blob does not unpickle."""
    with paused():
        try:
            table = pickle.loads(blob)
        except Exception:  # unpickling bad bytes can raise nearly anything
            return {}
    return table if isinstance(table, dict) else {}


Row = tuple[str, str, str, str, str, int]

#: the blobs of the inventory rows and of the pages that show entries, next to the tables'
_ROWS = "inventory rows"
_PAGES = "pages showing entries"


def inventory_rows(shown: dict[str, dict[str, Any]]) -> list[Row]:
    """``get_objects`` rows from the ``shown`` table: each key once, at its first page."""
    rows: list[Row] = []
    seen: set[str] = set()
    with paused():
        for docname in sorted(shown):
            for key, row in shown[docname].items():
                if key not in seen:
                    seen.add(key)
                    rows.append((key, key, "publication", docname, row[0], -1))
    return rows


def _pack_rows(rows: list[Row]) -> bytes:
    """The rows as one flat list of strings: fast to unpickle, docnames shared."""
    flat = [text for key, _, _, docname, anchor, _ in rows for text in (key, docname, anchor)]
    return pickle.dumps(flat, pickle.HIGHEST_PROTOCOL)


def _unpack_rows(blob: bytes) -> list[Row] | None:
    with paused():
        try:
            flat = pickle.loads(blob)
        except Exception:  # unpickling bad bytes can raise nearly anything
            return None
        if not isinstance(flat, list) or len(flat) % 3:
            return None
        triples = zip(flat[0::3], flat[1::3], flat[2::3], strict=True)
        return [(key, key, "publication", doc, anchor, -1) for key, doc, anchor in triples]


def _sorted_pages(shown: dict[str, Any]) -> list[str]:
    return sorted(shown)


def _unpickle_list(blob: bytes) -> list[str] | None:
    try:
        found = pickle.loads(blob)
    except Exception:  # unpickling bad bytes can raise nearly anything
        return None
    return found if isinstance(found, list) else None


class PackedTables:
    """Named tables, each kept as a pickled blob until it is first asked for.

    The inventory rows are kept beside them, so a build that changes nothing makes them
    without opening ``shown``.
    """

    __slots__ = ("_blobs", "_pages", "_rows", "_tables")

    def __init__(self) -> None:
        self._blobs: dict[str, bytes] = {}
        self._tables: dict[str, dict[Any, Any]] = {}
        self._rows: list[Row] | None = None
        self._pages: list[str] | None = None

    def table(self, name: str) -> dict[Any, Any]:
        """The table NAME (created empty), unpickled now if it is still a blob."""
        found = self._tables.get(name)
        if found is None:
            blob = self._blobs.pop(name, None)
            found = self._tables[name] = _unpickle(blob) if blob is not None else {}
        return found

    def set_table(self, name: str, table: dict[Any, Any]) -> None:
        self._blobs.pop(name, None)
        self._tables[name] = table

    def inventory(self) -> list[Row]:
        """The inventory rows (Sphinx asks twice per build: inventory and search index)."""
        if self._rows is None:
            self._rows = self._derived(_ROWS, _unpack_rows, inventory_rows)
        return self._rows

    def pages(self) -> list[str]:
        """The docnames in ``shown``, sorted (every build's .bib downloads ask)."""
        if self._pages is None:
            self._pages = self._derived(_PAGES, _unpickle_list, _sorted_pages)
        return self._pages

    def _derived(
        self,
        name: str,
        unpack: Callable[[bytes], T | None],
        make: Callable[[dict[str, Any]], T],
    ) -> T:
        """A value made from ``shown``: from its blob while ``shown`` is still one."""
        blob = self._blobs.get(name) if "shown" not in self._tables else None
        found = unpack(blob) if blob is not None else None
        return found if found is not None else make(self.table("shown"))

    def shown_changed(self) -> None:
        """``shown`` is about to change: rows and pages are made again when next asked for."""
        self._rows = self._pages = None
        self._blobs.pop(_ROWS, None)
        self._blobs.pop(_PAGES, None)

    def __getstate__(self) -> dict[str, bytes]:
        blobs = dict(self._blobs)
        for name, table in self._tables.items():
            blobs[name] = pickle.dumps(table, pickle.HIGHEST_PROTOCOL)
        if _ROWS not in blobs:
            blobs[_ROWS] = _pack_rows(self.inventory())
        if _PAGES not in blobs:
            blobs[_PAGES] = pickle.dumps(self.pages(), pickle.HIGHEST_PROTOCOL)
        return blobs

    def __setstate__(self, state: Any) -> None:
        self._blobs = {}
        self._tables = {}
        self._rows = self._pages = None
        if isinstance(state, dict):
            self._blobs = {k: v for k, v in state.items() if isinstance(v, bytes)}
