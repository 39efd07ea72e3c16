"""Writing ``publications.bib``: one record per paper, keys, merging, field order.

The same paper listed on two pages (same title letters and year) becomes one entry
with both topics; a key that is taken gets a suffix, counted per key so that many
clashes stay linear and every key stays a valid BibTeX key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from .bibfields import entry_fields
from .model import Entry, Log, Page, Record

_VALID_KEY = re.compile(r"[A-Za-z0-9_\-:.+/]+")
_STOP_WORDS = frozenset({"a", "an", "the", "on", "of", "towards", "toward"})
_SUFFIXES = "bcdefghijklmnopqrstuvwxyz"


def _ascii_word(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode().lower())


def identity(entry: Entry) -> tuple[str, str]:
    """Two listings are the same paper when title (letters and digits) and year agree."""
    return re.sub(r"[\W_]+", "", entry.title_plain.casefold()), entry.year


def _plain_latex(value: str) -> str:
    """Undo :func:`latex_escape` well enough for making keys."""
    return re.sub(r"\\([&%$#_{}])", r"\1", value)


def made_key(entry: Entry) -> str:
    """``lastnameYYfirstword``, e.g. ``xiao21space``."""
    last = "anon"
    if entry.authors and entry.authors[0] != "others":
        name = _plain_latex(entry.authors[0]).rstrip("*†‡#§¶")
        words = name.partition(",")[0].split()  # "Last, F." or "First Last"
        last = _ascii_word(words[-1]) if words else "anon"
    words = [_ascii_word(word) for word in entry.title_plain.split()]
    first = next((word for word in words if word and word not in _STOP_WORDS), "")
    return f"{last or 'anon'}{entry.year[-2:]}{first}"


def _merge(record: Record, entry: Entry, log: Log) -> None:
    """A paper listed again (on another page): add what it has that the first lacks."""
    first = record.entry
    where = f"{first.source}:{first.line}"
    new = entry_fields(entry, Log())
    have = dict(record.fields)
    for name, value in new:
        if name not in have:
            record.fields.append((name, value))
            have[name] = value
        elif have[name] != value and name not in ("badge", "award"):
            log.add(
                entry.source,
                entry.line,
                "note",
                f"{name} of {entry.title_plain!r} differs from the listing at {where}; "
                "the first is kept",
            )
    for name, items in (("badge", entry.badges), ("award", entry.awards)):
        if not items:
            continue
        joiner = ", " if name == "badge" else "; "
        old = have.get(name, "")
        merged = joiner.join(dict.fromkeys([*filter(None, old.split(joiner)), *items]))
        record.fields = [(n, merged if n == name else v) for n, v in record.fields]


class Keys:
    """The records of a run by identity and by key, and the next free suffix per key."""

    def __init__(self) -> None:
        self.records: dict[tuple[str, str], Record] = {}
        self.by_key: dict[str, Record] = {}
        self._next_suffix: dict[str, int] = {}

    def free(self, base: str) -> str:
        """*base* if free, else *base* + b, c, ... z, then *base* + -27, -28, ..."""
        number = self._next_suffix.get(base, 0)
        key = base
        while key in self.by_key:
            key = base + _SUFFIXES[number] if number < len(_SUFFIXES) else f"{base}-{number + 2}"
            number += 1
        self._next_suffix[base] = number
        return key


def assign(page: Page, keys: Keys, log: Log) -> None:
    """Give each entry of *page* its record (new, or the same paper seen before)."""
    on_page = set(page.keys)
    for entry in page.entries:
        found = identity(entry)
        record = keys.records.get(found)
        if record is not None:
            if entry.key and entry.key != record.key:
                log.add(
                    entry.source,
                    entry.line,
                    "note",
                    f"{entry.title_plain!r} is listed again, as {entry.key!r}: it keeps the "
                    f"key {record.key!r} from {record.entry.source}:{record.entry.line}",
                )
            _merge(record, entry, log)
        else:
            key = entry.key or made_key(entry)
            if not _VALID_KEY.fullmatch(key):
                fixed = re.sub(r"[^A-Za-z0-9_\-:.+/]+", "_", key).strip("_") or made_key(entry)
                log.add(entry.source, entry.line, "note", f"key {key!r} written as {fixed!r}")
                key = fixed
            if key in keys.by_key:
                other = keys.by_key[key].entry
                base, key = key, keys.free(key)
                log.add(
                    entry.source,
                    entry.line,
                    "note",
                    f"key {base!r} is already {other.title_plain!r} ({other.source}:{other.line});"
                    f" this entry gets the key {key!r}",
                )
            record = Record(key, entry, entry_fields(entry, log), [])
            keys.records[found] = record
            keys.by_key[key] = record
        if page.topic and page.topic not in record.topics:
            record.topics.append(page.topic)
        if record.key in on_page:
            log.add(entry.source, entry.line, "note", f"{entry.title_plain!r} is listed twice")
        else:
            page.keys.append(record.key)
            on_page.add(record.key)


#: The order fields are written in; every link field (``url_*`` too) ranks as "links".
_FIELD_ORDER = {
    name: rank
    for rank, names in enumerate(
        (
            ("title",),
            ("author",),
            ("booktitle", "journal", "howpublished"),
            ("abbr",),
            ("year",),
            ("links",),
            ("badge",),
            ("award",),
            ("topics",),
            ("preview",),
            ("abstract",),
        )
    )
    for name in names
}


def _rank(item: tuple[str, str]) -> int:
    return _FIELD_ORDER.get(item[0], _FIELD_ORDER["links"])


def bib_text(records: Sequence[Record], sources: Sequence[str]) -> str:
    """The .bib file: a comment naming the pages, then one entry per record."""
    names = ", ".join(" ".join(source.split()) for source in sources)
    lines = [
        f"% Imported by `researchtopics import` from {names}.",
        "% One entry per paper; `topics` lists the pages it was on.",
        "",
    ]
    for record in records:
        entry_type = "inproceedings"
        kinds = {name for name, _ in record.fields}
        if "journal" in kinds:
            entry_type = "article"
        elif "howpublished" in kinds or "booktitle" not in kinds:
            entry_type = "misc"
        lines.append(f"@{entry_type}{{{record.key},")
        fields = sorted([*record.fields, ("topics", ", ".join(record.topics))], key=_rank)
        width = max(len(name) for name, _ in fields)
        for name, value in fields:
            lines.append(f"  {name.ljust(width)} = {{{value}}},")
        lines.append("}")
        lines.append("")
    return "\n".join(lines)
