"""Sorting and grouping publications, and reading ``:keys:`` and ``:limit:``.

The ``:sort:`` and ``:group-by:`` options name fields; everything here works on frozen
records, so the same order serves the build, the command line and the benchmarks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from .filters import OptionError, field_getter
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
    if re.fullmatch(r"[+-]?\d+", text):
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

#: Headings of ``:group-by: type``, in the order the groups are shown.
_TYPE_HEADINGS: tuple[tuple[str, frozenset[str]], ...] = (
    ("Journal articles", frozenset({"article"})),
    ("Conference papers", frozenset({"inproceedings", "conference"})),
    ("Books", frozenset({"book"})),
    ("Book chapters", frozenset({"incollection", "inbook"})),
    ("Theses", frozenset({"phdthesis", "mastersthesis", "thesis"})),
    ("Technical reports", frozenset({"techreport", "report"})),
)
_OTHER_TYPE_HEADING = "Preprints and other"
#: Every type heading, in the order groups (and the finder's type filter) show them.
TYPE_HEADING_ORDER = (*(heading for heading, _ in _TYPE_HEADINGS), _OTHER_TYPE_HEADING)
_OTHER_TOPIC_HEADING = "Other"

_Groups = list[tuple[str, list[Publication]]]


def type_heading(entry_type: str) -> str:
    """The ``:group-by: type`` heading of an entry type (the finder's type labels too)."""
    entry_type = entry_type.lower()
    for heading, types in _TYPE_HEADINGS:
        if entry_type in types:
            return heading
    return _OTHER_TYPE_HEADING


def _year_heading(pub: Publication) -> str:
    if pub.year_num is not None:
        return str(pub.year_num)
    return pub.year.strip() or "Undated"


def _collect(pairs: Iterable[tuple[str, Publication]]) -> _Groups:
    """Group (heading, pub) pairs, headings in the order first met."""
    groups: dict[str, list[Publication]] = {}
    seen: set[tuple[str, int]] = set()
    for heading, pub in pairs:
        members = groups.setdefault(heading, [])
        if (heading, id(pub)) not in seen:  # a tag written twice in one entry
            seen.add((heading, id(pub)))
            members.append(pub)
    return list(groups.items())


def _by_type(pubs: Sequence[Publication]) -> _Groups:
    groups = dict(_collect((type_heading(pub.entry_type), pub) for pub in pubs))
    return [(heading, groups[heading]) for heading in TYPE_HEADING_ORDER if heading in groups]


def _by_topic(pubs: Sequence[Publication], titles: Mapping[str, str]) -> _Groups:
    """One group per tag (an entry may be in several); untagged entries go last."""
    headings: dict[str, str] = {}
    pairs: list[tuple[str, Publication]] = []
    untagged: list[Publication] = []
    for pub in pubs:
        tags = [tag.strip() for tag in pub.topics if tag.strip()]
        for tag in tags:
            folded = tag.lower()
            headings.setdefault(folded, titles.get(tag, titles.get(folded, tag)))
            pairs.append((folded, pub))
        if not tags:
            untagged.append(pub)
    groups = [(headings[tag], members) for tag, members in _collect(pairs)]
    if untagged:
        groups.append((_OTHER_TOPIC_HEADING, untagged))
    return groups


def group_publications(
    pubs: Sequence[Publication],
    by: str,
    topic_titles: Mapping[str, str] | None = None,
) -> list[tuple[str, list[Publication]]]:
    """Split an already sorted list into (heading, entries) groups for ``:group-by:``."""
    mode = (by or "").strip().lower()
    if mode in ("", "none"):
        return [("", list(pubs))]
    if mode == "year":
        return _collect((_year_heading(pub), pub) for pub in pubs)
    if mode == "type":
        return _by_type(pubs)
    if mode == "topic":
        return _by_topic(pubs, topic_titles or {})
    raise OptionError(f"invalid group-by value {by!r}: use one of {', '.join(GROUP_BY_VALUES)}")


# ---------------------------------------------------------------- simple options


def parse_keys(value: str) -> tuple[str, ...]:
    """Keys separated by commas and/or whitespace, in order, without repeats."""
    keys = (key for key in re.split(r"[,\s]+", value or "") if key)
    return tuple(dict.fromkeys(keys))


def parse_limit(value: str) -> int:
    """A positive integer (the ``:limit:`` option)."""
    text = (value or "").strip()
    if not re.fullmatch(r"\+?\d+", text) or int(text) <= 0:
        raise OptionError(f"invalid limit {text!r}: expected a positive integer")
    return int(text)
