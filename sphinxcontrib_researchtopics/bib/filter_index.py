"""Records grouped by what a ``name == literal`` filter compares, made once per build.

A site with a list page per year (``:filter: year == 2024``) would otherwise test every
record once per page: pages times entries.  Grouping the records by the compared value
costs one pass per name, and each page then takes its group.  The groups hold records
in bibliography order, as a pass of the filter over all records would select them.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from .filters import Equality
from .records import Publication


class FilterIndex:
    """The records of one bibliography, grouped on demand by each filter name asked for."""

    def __init__(self, entries: Mapping[str, Publication]) -> None:
        self.entries = entries
        self.groups: dict[tuple[str, bool, bool], dict[Hashable, list[Publication]]] = {}

    def select(self, test: Equality) -> list[Publication]:
        """The records *test* passes, in bibliography order (a new list)."""
        groups = self.groups.get(test.group)
        if groups is None:
            groups = self.groups[test.group] = {}
            compared = test.compared()
            for pub in self.entries.values():
                value = compared(pub)
                if value is not None:
                    groups.setdefault(value, []).append(pub)
        return list(groups.get(test.wanted, ()))
