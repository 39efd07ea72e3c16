"""One scanned entry -> one frozen record, with the problems found in its values.

Shared by the whole-file parser (:mod:`.load`), the per-entry store (:mod:`.entrycache`)
and crossref merging (:mod:`.merge`): a record depends only on its entry's text.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from .dates import year_month
from .fieldlines import field_lines as lines_of_fields
from .latex import dropped_commands, to_rich, to_text
from .links import extract_links
from .markdown_fields import MARKDOWN_FIELDS, markdown_rich
from .mathtext import latex_math_problem
from .people import parse_people
from .records import Problem, Publication, Rich, pack_fields
from .scan import RawEntry

#: Where the venue comes from, first present wins.
VENUE_FIELDS = (
    "booktitle",
    "journal",
    "journaltitle",
    "school",
    "institution",
    "howpublished",
    "organization",
    "publisher",
)


#: Fields whose LaTeX is shown (others, like JabRef's ``file``, are only copied).
_RENDERED = frozenset(
    (
        *("title", "author", "editor", "note", "abstract", "award", "award_name", "badge"),
        *("abbr", "year", "month", "topics", "keywords", *VENUE_FIELDS),
    )
)


def _topics(fields: Mapping[str, str], topic_field: str) -> tuple[str, ...]:
    raw = fields.get(topic_field.lower()) or fields.get("keywords", "")
    tags = (part.strip().lower() for part in re.split(r"[,;]", to_text(raw)))
    return tuple(dict.fromkeys(tag for tag in tags if tag))


def _badges(fields: Mapping[str, str]) -> tuple[tuple[str, ...], bool]:
    """Badges from ``badge`` and ``award_name`` (else a short ``award``); whether the
    ``award`` field is a text of its own (al-folio: ``award_name`` badge, ``award`` text)."""
    badges = [to_text(fields[name]) for name in ("badge", "award_name") if fields.get(name)]
    award = fields.get("award", "")
    award_text = False
    if award:
        if badges or len(award) > 40:
            award_text = True
        else:
            badges.append(to_text(award))
    return tuple(badge for badge in badges if badge), award_text


def _markdown_fields(
    fields: Mapping[str, str], award_text: bool, key: str, source: str, line: int
) -> tuple[dict[str, Rich], list[Problem]]:
    """al-folio's Markdown fields as rich text, and the unsafe links they held."""
    result: dict[str, Rich] = {}
    problems: list[Problem] = []
    for name in MARKDOWN_FIELDS:
        value = fields.get(name, "")
        if not value or (name == "award" and not award_text):
            continue
        result[name], messages = markdown_rich(value)
        problems.extend(
            Problem("unsafe_url", f"{key}: {name}: {message}", source, line, name)
            for message in messages
        )
    return result, problems


@functools.lru_cache(maxsize=4096)
def _field_name(name: str) -> str:
    """Lower case, but ``url_<Label>`` keeps its label as written ("url_GitHub").

    Interned and memoised: one "author" string for every entry, in memory and in the cache.
    """
    return sys.intern(name if name.lower().startswith("url_") else name.lower())


def _digest(raw: RawEntry) -> str:
    """The entry's content hash: type, key and fields joined by NUL, which .bib text never
    holds (:func:`.scan.decode_bib` drops it); a text that does is hashed by its repr."""
    parts = (raw.entry_type, raw.key, *(part for field in raw.fields for part in field))
    text = "\0".join(parts)
    if text.count("\0") != len(parts) - 1:
        text = repr((raw.entry_type, raw.key, raw.fields))
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def make_publication(
    raw: RawEntry, source: str, order: int, topic_field: str
) -> tuple[Publication, list[Problem]]:
    """One raw entry -> a ready-to-render record, with the problems found in its values."""
    names = [_field_name(name) for name, _ in raw.fields]
    fields = {name.lower(): value for name, (_, value) in zip(names, raw.fields, strict=True)}
    problems: list[Problem] = []
    people_raw = fields.get("author") or fields.get("editor", "")
    year, year_num, month, date_problem, date_field = year_month(fields)
    if date_problem:
        message = f"{raw.key}: {date_problem}"
        problems.append(Problem("field_value", message, source, raw.line, date_field))
    for name, value in zip(names, raw.fields, strict=True):
        if name.lower() in _RENDERED and "\\" in value[1]:
            for command in dropped_commands(value[1]):
                message = f"{raw.key}: unknown LaTeX command \\{command} in {name} is dropped"
                problems.append(Problem("latex_command", message, source, raw.line, name))
    # url_<Label> keeps its case: the label is shown as written ("url_GitHub").
    links, link_problems = extract_links(
        {name: value for name, (_, value) in zip(names, raw.fields, strict=True)}
    )
    for subtype, field_name, message in link_problems:
        problems.append(Problem(subtype, f"{raw.key}: {message}", source, raw.line, field_name))
    venue_field = next((name for name in VENUE_FIELDS if fields.get(name)), "")
    venue = fields[venue_field] if venue_field else ""
    badges, award_text = _badges(fields)
    markdown, markdown_problems = _markdown_fields(fields, award_text, raw.key, source, raw.line)
    problems.extend(markdown_problems)
    digest = _digest(raw)
    publication = Publication(
        key=raw.key,
        entry_type=raw.entry_type,
        title=to_rich(fields.get("title", "")),
        authors=parse_people(people_raw) if people_raw else (),
        editors=not fields.get("author") and bool(people_raw),
        venue=to_rich(venue),
        abbr=to_text(fields.get("abbr", "")),
        year=year,
        year_num=year_num,
        month=month,
        note=to_rich(fields.get("note", "")),
        links=links,
        abstract=to_rich(fields.get("abstract", "")),
        badges=badges,
        award=markdown.get("award", ()),
        additional_info=markdown.get("additional_info", ()),
        annotation=markdown.get("annotation", ()),
        preview=re.sub(r"\\([_%&#~])", r"\1", fields.get("preview", ""))
        .replace("{", "")
        .replace("}", "")
        .strip(),
        topics=_topics(fields, topic_field),
        field_lines=pack_fields(
            (name, value)
            for name, (_, value) in zip(names, raw.fields, strict=True)
            if name != "abstract"
        ),
        source=source,
        line=raw.line,
        order=order,
        digest=digest,
    )
    for name, rich in (
        ("title", publication.title),
        (venue_field, publication.venue),
        ("note", publication.note),
        ("abstract", publication.abstract),
    ):
        problems.extend(_math_problems(rich, raw.key, name, source, raw.line))
    return publication, problems


def _math_problems(rich: Rich, key: str, name: str, source: str, line: int) -> Iterator[Problem]:
    """The math of a shown field that is not plain math (shown as text, see
    :func:`.mathtext.latex_math_problem`)."""
    for segment in rich:
        problem = latex_math_problem(segment.text) if segment.style == "math" else ""
        if problem:
            shown = f"math {segment.text[:80]!r} in {name} is shown as text"
            yield Problem("latex_command", f"{key}: {shown} ({problem})", source, line, name)


def at_field_lines(problems: list[Problem], text: str) -> list[Problem]:
    """Move each problem in a field from its entry's first line to the field's line."""
    if not any(problem.field and problem.line for problem in problems):
        return problems
    lines = text.split("\n")
    indexes: dict[int, dict[str, int]] = {}  # one pass over each entry, however many problems
    moved: list[Problem] = []
    for problem in problems:
        if problem.field and problem.line:
            index = indexes.get(problem.line)
            if index is None:
                index = indexes[problem.line] = _field_index(lines, problem.line)
            line = index.get(problem.field.lower(), problem.line)
            problem = replace(problem, line=line)
        moved.append(problem)
    return moved


def with_link_lines(publication: Publication, lines: Sequence[str]) -> Publication:
    """Record the line of each local link's field and of ``preview``: a missing file is
    warned about there."""
    index = _field_index(lines, publication.line)
    links = tuple(
        replace(link, line=index.get(link.field_name.lower(), publication.line))
        if link.local and link.field_name
        else link
        for link in publication.links
    )
    preview_line = index.get("preview", publication.line) if publication.preview else 0
    return replace(publication, links=links, preview_line=preview_line)


def _entry_lines(lines: Sequence[str], start: int) -> Iterator[str]:
    """The lines of the entry that starts on line *start*, up to the next ``@`` line
    (whatever its braces say, so that an unbalanced entry costs no more than its lines)."""
    yield lines[start - 1]
    for index in range(start, len(lines)):
        if lines[index].lstrip().startswith("@"):
            return
        yield lines[index]


def _field_index(lines: Sequence[str], start: int) -> dict[str, int]:
    """The line of each field of the entry that starts on line *start* (its first, if
    repeated)."""
    found = lines_of_fields(_entry_lines(lines, start), start)
    return {name: numbers[0] for name, numbers in found.items()}
