"""Works written as BibTeX entries: every value through :func:`..enrich.writebib.bib_value`
(LaTeX specials escaped, unbalanced braces refused, identifiers and URLs verbatim or
dropped), and the result parsed back before it is used.

An author name holding a comma or the word "and" is braced as one name, so it cannot
split or reorder the author list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...bib.scan import parse_bib_text
from ...bib.works import Work
from ..enrich.writebib import VERBATIM, bib_value

__all__ = ["MONTHS", "author_value", "entries_text", "entry_fields", "entry_text"]

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_AND = re.compile(r"\band\b", re.IGNORECASE)


def written(name: str, value: str) -> str | None:
    """*value* through the serializer; text with unbalanced braces loses its braces (a
    title is kept), an identifier or URL that needs escaping is dropped."""
    result = bib_value(name, value)
    if result is None and name not in VERBATIM:
        result = bib_value(name, value.replace("{", "").replace("}", ""))
    return result


def author_value(names: Sequence[str]) -> str:
    """``A and B and C``, each name escaped; a name that BibTeX would split is braced."""
    names_written = []
    for name in names:
        value = written("author", name)
        if value is None:
            continue
        if "," in value or _AND.search(value):
            value = "{" + value + "}"
        names_written.append(value)
    return " and ".join(names_written)


def entry_fields(work: Work) -> list[tuple[str, str]]:
    """The entry's fields, in the order written, as the inside of their braces."""
    raw: list[tuple[str, str]] = [("title", work.title)]
    if work.venue_field and work.venue:
        raw.append((work.venue_field, work.venue))
    if work.year:
        raw.append(("year", str(work.year)))
    raw.extend(
        (name, value)
        for name, value in (
            ("doi", work.doi),
            ("arxiv", work.arxiv),
            ("url", work.url),
            ("pdf", work.pdf),
            ("abstract", work.abstract),
        )
        if value
    )
    fields: list[tuple[str, str]] = []
    for name, value in raw:
        text = written(name, value)
        if text is not None:
            fields.append((name, text))
    authors = author_value(work.authors)
    if authors:
        fields.insert(1, ("author", authors))
    if 1 <= work.month <= 12:
        year_at = next((i for i, (name, _) in enumerate(fields) if name == "year"), len(fields))
        fields.insert(year_at + 1, ("month", MONTHS[work.month - 1]))
    return fields


def entry_text(work: Work, key: str, newline: str = "\n") -> str:
    """``@type{key,`` then one ``name = {value},`` line per field, then ``}``."""
    lines = [f"@{work.entry_type}{{{key},"]
    fields = entry_fields(work)
    width = max((len(name) for name, _ in fields), default=0)
    lines.extend(f"  {name.ljust(width)} = {{{value}}}," for name, value in fields)
    lines.append("}")
    return newline.join(lines) + newline


def entries_text(works: Sequence[Work], keys: Sequence[str], newline: str = "\n") -> str:
    """The entries, a blank line between them, checked by parsing them back: the same keys
    in the same order, or ValueError (a bug: nothing is written then)."""
    text = newline.join(
        entry_text(work, key, newline) for work, key in zip(works, keys, strict=True)
    )
    raws, _problems = parse_bib_text(text, "<generated>")
    if [raw.key for raw in raws] != list(keys):
        raise ValueError("the generated entries do not parse back to their keys")
    return text
