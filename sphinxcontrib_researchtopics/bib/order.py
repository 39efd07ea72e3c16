"""Sorting and grouping publications, and reading ``:keys:`` and ``:limit:``.

The ``:sort:`` and ``:group-by:`` options name fields; everything here works on frozen
records, so the same order serves the build, the command line and the benchmarks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from .filters import OptionError, field_getter
from .grouping import group_nested, parse_group_by
from .records import Publication

__all__ = [
    "DEFAULT_SORT",
    "GROUP_BY_VALUES",
    "group_publications",
    "parse_keys",
    "parse_limit",
    "parse_sort",
    "sort_publications",
]

# ------------------------------------------------------------------------ sorting

#: Newest first; ties keep the order of the .bib files.
DEFAULT_SORT: tuple[tuple[str, bool], ...] = (("year", True), ("month", True))

_SORT_TOKEN = re.compile(r"([+-]?)([A-Za-z_][\w.:-]*)")


def parse_sort(spec: str) -> tuple[tuple[str, bool], ...]:
    """``"-year, title"`` -> ``(("year", True), ("title", False))``; True = descending."""
    tokens = [tok for tok in re.split(r"[,\s]+", spec or "") if tok]
    if not tokens:
        return DEFAULT_SORT
    result: list[tuple[str, bool]] = []
    for token in tokens:
        match = _SORT_TOKEN.fullmatch(token)
        if match is None:
            raise OptionError(
                f"invalid sort key {token!r} in {spec!r}: "
                "write a name, optionally prefixed by '-' for descending"
            )
        item = (match.group(2).lower(), match.group(1) == "-")
        if all(name != item[0] for name, _ in result):
            result.append(item)
    return tuple(result)


#: A sort key: (missing, value).  Values are tuples ranked by kind so never mixed.
_SortKey = tuple[bool, tuple[object, ...]]


def _text_key(text: str) -> _SortKey:
    """Case-insensitive text; numbers before words and in numeric order."""
    text = text.strip()
    if re.fullmatch(r"[+-]?[0-9]{1,18}", text):
        return False, (0, int(text), "")
    return not text, (1, 0, text.casefold())


def _year_key(pub: Publication) -> _SortKey:
    """A non-numeric year ("in press") is the newest; an empty one is missing."""
    if pub.year_num is not None:
        return False, (0, pub.year_num)
    return not pub.year.strip(), (1, 0)


def _sort_key(name: str) -> Callable[[Publication], _SortKey]:
    if name == "year":
        return _year_key
    if name == "month":
        return lambda pub: (pub.month == 0, (pub.month,))
    if name == "authors":
        return lambda pub: (
            not pub.authors,
            tuple((p.last or p.display).casefold() for p in pub.authors),
        )
    if name == "topics":
        return lambda pub: _text_key(", ".join(pub.topics))
    if name == "citations":  # from the enrichment data; entries without a count go last
        return lambda pub: (pub.citations is None, (pub.citations or 0,))
    getter = field_getter(name)
    return lambda pub: _text_key(str(getter(pub)))


def sort_publications(
    pubs: Iterable[Publication], spec: tuple[tuple[str, bool], ...]
) -> list[Publication]:
    """Sort by *spec*, stably, ties in .bib order; missing values always go last."""
    result = sorted(pubs, key=lambda pub: pub.order)
    for name, descending in reversed(spec):
        key = _sort_key(name)
        result.sort(key=lambda pub: key(pub)[1], reverse=descending)
        result.sort(key=lambda pub: key(pub)[0])
    return result


# ----------------------------------------------------------------------- grouping

GROUP_BY_VALUES = ("none", "year", "type", "topic")


def group_publications(
    pubs: Sequence[Publication],
    by: str,
    topic_titles: Mapping[str, str] | None = None,
    translate: Callable[[str], str] | None = None,
) -> list[tuple[str, list[Publication]]]:
    """Split an already sorted list into (heading, entries) groups by one of
    :data:`GROUP_BY_VALUES` (:func:`.grouping.group_nested` takes any fields)."""
    fields = parse_group_by(by)
    if len(fields) > 1 or (fields and fields[0] not in GROUP_BY_VALUES):
        raise OptionError(f"invalid group-by value {by!r}: use one of {', '.join(GROUP_BY_VALUES)}")
    return [
        (headings[0] if headings else "", members)
        for headings, members in group_nested(
            pubs, fields, topic_titles=topic_titles, translate=translate
        )
    ]


# ---------------------------------------------------------------- simple options


def parse_keys(value: str) -> tuple[str, ...]:
    """Keys separated by commas and/or whitespace, in order, without repeats."""
    keys = (key for key in re.split(r"[,\s]+", value or "") if key)
    return tuple(dict.fromkeys(keys))


def parse_limit(value: str) -> int:
    """A positive integer (the ``:limit:`` option)."""
    text = (value or "").strip()
    if not re.fullmatch(r"\+?[0-9]{1,9}", text) or int(text) <= 0:
        raise OptionError(f"invalid limit {text!r}: expected a positive integer")
    return int(text)
