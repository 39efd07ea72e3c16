"""``:group-by:`` over one or more fields: ``type, year`` nests year groups in type groups.

Any field can group (``venue``, ``status``, a lab's own field); ``year``, ``type`` and
``topic`` have their own headings and order.  Headings can be renamed and groups ordered
by config (``researchtopics_group_names``/``_order``, after jekyll-scholar's ``type_names``
and ``type_order``).  Works on frozen records only.

The default headings ("Journal articles", "Undated", "Other") are messages of the
catalog: given a *translate* callable (the build's labels), the groups show them in the
build's language; configured names and the entries' own values are shown as written,
and the configured order matches the English heading as well as the shown one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ..locale import N_
from .filters import OptionError
from .latex import to_text
from .records import Publication, plain

__all__ = [
    "BUILTIN_GROUPS",
    "TYPE_HEADING_ORDER",
    "Heading",
    "group_nested",
    "has_field",
    "heading_key",
    "parse_group_by",
    "type_heading",
]

#: Fields with headings of their own; any other name groups by that field's text.
BUILTIN_GROUPS = ("year", "type", "topic", "venue")

#: Default headings of ``type`` values, in the order the groups are shown.
TYPE_NAMES: tuple[tuple[str, str], ...] = (
    ("article", N_("Journal articles")),
    ("inproceedings", N_("Conference papers")),
    ("conference", N_("Conference papers")),
    ("book", N_("Books")),
    ("incollection", N_("Book chapters")),
    ("inbook", N_("Book chapters")),
    ("phdthesis", N_("Theses")),
    ("mastersthesis", N_("Theses")),
    ("thesis", N_("Theses")),
    ("techreport", N_("Technical reports")),
    ("report", N_("Technical reports")),
)
OTHER_TYPE = N_("Preprints and other")
# Translators: the group of entries without a value for the field grouping them
OTHER = N_("Other")
#: The year group of entries without a year.
UNDATED = N_("Undated")
#: Every default type heading, in the order groups (and the finder's type filter) show them.
TYPE_HEADING_ORDER = (*dict.fromkeys(name for _, name in TYPE_NAMES), OTHER_TYPE)
_NAME = re.compile(r"[A-Za-z_][\w.:-]*")


def type_heading(entry_type: str) -> str:
    """The default ``type`` heading of an entry type (the finder's type labels too)."""
    return dict(TYPE_NAMES).get(entry_type.lower(), OTHER_TYPE)


class Heading(str):
    """A heading shown in the page's language that remembers the heading it stands for
    (:attr:`key`: the English default or the .bib's month), so that anchors made from
    it are the same in every language."""

    __slots__ = ("key",)

    def __new__(cls, text: str, key: str) -> Heading:
        heading = super().__new__(cls, text)
        heading.key = key
        return heading

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        return str(self), self.key

    key: str


def heading_key(heading: str) -> str:
    """What an anchor is made from: a translated heading's English one, else itself."""
    return heading.key if isinstance(heading, Heading) else heading


#: A group: the headings from the outer level in, and its entries in list order.
Group = tuple[tuple[str, ...], list[Publication]]


def parse_group_by(spec: str) -> tuple[str, ...]:
    """``"type, year"`` -> ``("type", "year")``; ``none``/empty -> ``()``."""
    names = [part.strip().lower() for part in re.split(r"[,\s]+", spec or "") if part.strip()]
    if names in ([], ["none"]):
        return ()
    for name in names:
        if not _NAME.fullmatch(name) or name == "none":
            raise OptionError(
                f"invalid group-by value {spec!r}: write field names separated by commas"
            )
    return tuple(dict.fromkeys("topic" if name == "topics" else name for name in names))


def has_field(pubs: Iterable[Publication], name: str) -> bool:
    """Some entry has field *name* (built-in groups always count)."""
    if name in BUILTIN_GROUPS:
        return True
    prefix = name + "\t"
    return any(line.startswith(prefix) for pub in pubs for line in pub.field_lines.splitlines())


def _names_for(field: str, names: Mapping[str, Any]) -> Mapping[str, str]:
    """The heading table for *field*: a nested {field: {...}} or the flat table."""
    nested = names.get(field)
    if isinstance(nested, Mapping):
        return {str(k).lower(): str(v) for k, v in nested.items()}
    return {str(k).lower(): str(v) for k, v in names.items() if isinstance(v, str)}


def _order_for(field: str, order: Sequence[Any] | Mapping[str, Any]) -> list[str]:
    values = order.get(field, []) if isinstance(order, Mapping) else order
    if isinstance(values, str):
        values = [values]
    return [str(value).lower() for value in values]


def _values(field: str) -> Callable[[Publication], list[str]]:
    """The entry's value(s) for *field*, lower-cased keys ("" when missing)."""
    if field == "year":
        return lambda pub: [
            str(pub.year_num) if pub.year_num is not None else pub.year.strip().lower()
        ]
    if field == "type":
        return lambda pub: [pub.entry_type.lower()]
    if field == "topic":
        return lambda pub: [tag.strip() for tag in pub.topics if tag.strip()] or [""]
    if field == "venue":
        return lambda pub: [plain(pub.venue).strip()]
    return lambda pub: [to_text(pub.field(field)).strip()]


def _heading(
    field: str, value: str, names: Mapping[str, str], pub: Publication
) -> tuple[str, bool]:
    """The group's heading, and whether it is a default heading (a message)."""
    named = names.get(value.lower())
    if named:
        return named, False
    if field == "type":
        return dict(TYPE_NAMES).get(value, OTHER_TYPE), True
    if field == "year":
        year = pub.year.strip() if pub.year_num is None else value
        return (year, False) if year else (UNDATED, True)
    return (value, False) if value else (OTHER, True)


def _rank(field: str, value: str, heading: str, wanted: list[str]) -> tuple[int, int]:
    """Configured order first, then the field's own (types), then as met (0)."""
    for probe in (value.lower(), heading.lower()):
        if probe in wanted:
            return 0, wanted.index(probe)
    if field == "type":
        defaults = [name for name, _ in TYPE_NAMES]
        return 1, defaults.index(value) if value in defaults else len(defaults)
    if field in ("topic", "venue") or field not in BUILTIN_GROUPS:
        return (2, 1) if not value else (1, 0)  # entries without a value go last
    return 1, 0


def _split(
    pubs: Sequence[Publication],
    field: str,
    names: Mapping[str, Any],
    order: Sequence[Any] | Mapping[str, Any],
    topic_titles: Mapping[str, str],
    translate: Callable[[str], str] | None = None,
    months: Sequence[str] = (),
) -> list[tuple[str, list[Publication]]]:
    """One level: (heading, entries) in order; an entry can be in several (topics)."""
    table = _names_for(field, names)
    wanted = _order_for(field, order)
    values = _values(field)
    groups: dict[str, list[Publication]] = {}
    ranks: dict[str, tuple[int, int]] = {}
    for pub in pubs:
        for value in dict.fromkeys(values(pub)):
            default = False
            if field == "topic" and value:
                heading = table.get(value.lower()) or topic_titles.get(
                    value, topic_titles.get(value.lower(), value)
                )
            else:
                heading, default = _heading(field, value, table, pub)
            if field == "month" and months and not default and heading == value:
                number = pub.month if 1 <= pub.month <= len(months) else 0
                heading = Heading(months[number - 1], value) if number else heading
            rank = _rank(field, value, heading, wanted)
            if default and translate is not None:
                shown = translate(heading)
                if rank[0]:  # not ordered by its value or English heading: by the shown one?
                    rank = _rank(field, value, shown, wanted)
                heading = Heading(shown, heading)
            members = groups.setdefault(heading, [])
            if not members or members[-1] is not pub:
                members.append(pub)
            ranks.setdefault(heading, rank)
    met = list(groups)
    ordered = sorted(met, key=lambda heading: (ranks[heading], met.index(heading)))
    return [(heading, groups[heading]) for heading in ordered]


def group_nested(
    pubs: Sequence[Publication],
    fields: Sequence[str],
    names: Mapping[str, Any] | None = None,
    order: Sequence[Any] | Mapping[str, Any] | None = None,
    topic_titles: Mapping[str, str] | None = None,
    translate: Callable[[str], str] | None = None,
    months: Sequence[str] = (),
) -> list[Group]:
    """An already sorted list split by each field in turn: (headings, entries) leaves;
    default headings passed through *translate* (see the module's docstring), and with
    *months* (January to December in the page's language) a ``month`` group of a month
    the entry's date names is headed by that name."""
    if not fields:
        return [((), list(pubs))]
    result: list[Group] = []
    split = _split(pubs, fields[0], names or {}, order or (), topic_titles or {}, translate, months)
    for heading, members in split:
        inner_groups = group_nested(
            members, fields[1:], names, order, topic_titles, translate, months
        )
        for inner, leaf in inner_groups:
            result.append(((heading, *inner), leaf))
    return result
