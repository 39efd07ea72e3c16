"""Loading the bibliography: files -> :class:`Publication` records, cached by content.

Pure and I/O-light (no docutils, no Sphinx): the Sphinx side calls
:func:`load_bibliography` once per build, before parallel readers fork.
"""

from __future__ import annotations

import contextlib
import functools
import glob
import hashlib
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .dates import year_month
from .files import not_a_file_problem
from .latex import dropped_commands, to_rich, to_text
from .lazy import Pending, Problems
from .links import extract_links
from .markdown_fields import MARKDOWN_FIELDS, markdown_rich
from .merge import Bibliography as Bibliography  # re-exported: the loader's result
from .merge import merge_files as merge_files
from .people import parse_people
from .records import Problem, Publication, Rich, pack_fields
from .scan import RawEntry, decode_bib, parse_bib_text

#: Bump when the parsed form changes, so old cache files are not used.
CACHE_VERSION = "2"


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

#: How many files were parsed (not taken from a cache) in this process: tests read it.
parse_count = 0


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

    def __reduce__(self) -> tuple[Callable[..., FileResult], tuple[object, ...]]:
        # the pending records as plain tuples: 48,000 objects pickle ten times slower
        pending = tuple(entry.fields() for entry in self.pending)
        fields = (self.path, self.entries, self.problems, self.crossrefs)
        return (_file_result, (*fields, pending, self.lazy_problems))


def _file_result(
    path: str,
    entries: tuple[Publication, ...],
    problems: tuple[Problem, ...],
    crossrefs: tuple[RawEntry, ...],
    pending: tuple[tuple[bytes, str, str, str, int, int, int], ...],
    lazy_problems: Problems | None,
) -> FileResult:
    """A :class:`FileResult` from its pickled form."""
    records = tuple(Pending(*fields) for fields in pending)
    return FileResult(path, entries, problems, crossrefs, records, lazy_problems)


# -- building records --------------------------------------------------------------------


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
    venue = next((fields[name] for name in VENUE_FIELDS if fields.get(name)), "")
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
    return publication, problems


# -- files and the cache -----------------------------------------------------------------


def parse_file(path: str, topic_field: str, data: bytes | None = None) -> FileResult:
    """Parse one file (no cache): every entry with a key becomes a record."""
    global parse_count
    parse_count += 1
    problems: list[Problem] = []
    if data is None:
        skipped = not_a_file_problem(path)
        if skipped is not None:
            return FileResult(path, (), (skipped,))
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            reason = error.strerror or str(error)
            return FileResult(path, (), (Problem("bib_missing", f"cannot read: {reason}", path),))
    text, decode_problems = decode_bib(data, path)
    problems.extend(decode_problems)
    raws, parse_problems = parse_bib_text(text, path)
    problems.extend(parse_problems)
    if not raws and not parse_problems:
        message = "no entries found" if text.strip() else "file is empty: no entries"
        problems.append(Problem("bib_syntax", message, path, 1))
    entries: list[Publication] = []
    crossrefs: list[RawEntry] = []
    lines: list[str] = []
    for order, raw in enumerate(raws):
        publication, entry_problems = make_publication(raw, path, order, topic_field)
        if publication.preview or any(link.local for link in publication.links):
            lines = lines or text.split("\n")
            publication = _with_link_lines(publication, lines)
        entries.append(publication)
        problems.extend(entry_problems)
        if any(name.lower() == "crossref" for name, _ in raw.fields):
            crossrefs.append(raw)
    problems = _at_field_lines(problems, text)
    problems.sort(key=lambda problem: problem.line)
    return FileResult(path, tuple(entries), tuple(problems), tuple(crossrefs))


def _at_field_lines(problems: list[Problem], text: str) -> list[Problem]:
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


def _with_link_lines(publication: Publication, lines: Sequence[str]) -> Publication:
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


_FIELD_AT = re.compile(r"\s*([^\s=,{}]+)\s*=")


def _field_index(lines: Sequence[str], start: int) -> dict[str, int]:
    """The line of each ``name =`` in the entry that starts on line *start*."""
    found: dict[str, int] = {}
    for index in range(start, len(lines)):  # the line after the entry's first line
        if lines[index].lstrip().startswith("@"):
            break
        match = _FIELD_AT.match(lines[index])
        if match:
            found.setdefault(match.group(1).lower(), index + 1)
    return found


_memory: dict[tuple[str, str], tuple[tuple[int, int], FileResult]] = {}


def default_cache_dir() -> str:
    """The user cache folder: survives ``-E`` and a deleted build folder."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "sphinxcontrib-researchtopics")


def load_file(path: str, topic_field: str, cache_dir: str) -> FileResult:
    """A parsed file, from memory (same mtime and size), the disk cache, or the parser."""
    try:
        stat = os.stat(path)
    except OSError:
        return parse_file(path, topic_field)
    signature = (stat.st_mtime_ns, stat.st_size)
    remembered = _memory.get((path, topic_field))
    if remembered and remembered[0] == signature:
        return remembered[1]
    try:
        data = Path(path).read_bytes()
    except OSError:
        return parse_file(path, topic_field)
    result = _from_disk(path, data, topic_field, cache_dir)
    _memory[(path, topic_field)] = (signature, result)
    return result


@functools.cache
def _code_version() -> str:
    """A hash of the modules that turn a file into records: upgrading them (or editing them
    in a checkout) never serves records made by older code from the cache."""
    from . import (
        dates,
        entrycache,
        latex,
        latex_tables,
        lazy,
        links,
        markdown_fields,
        mathtext,
        people,
        records,
        scan,
        scan_fast,
    )

    digest = hashlib.sha256()
    modules = (scan, scan_fast, dates, entrycache, latex, latex_tables, lazy, links, people)
    for module in (*modules, records, mathtext, markdown_fields):
        try:
            digest.update(Path(str(module.__file__)).read_bytes())
        except OSError:
            digest.update(module.__name__.encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def _from_disk(path: str, data: bytes, topic_field: str, cache_dir: str) -> FileResult:
    """The disk cache is keyed by the file's content, so it survives moves and ``-E``."""
    if not cache_dir:
        return parse_file(path, topic_field, data)
    digest = hashlib.sha256(data)
    digest.update(f"\0{CACHE_VERSION}\0{_code_version()}\0{topic_field}\0{path}".encode())
    cache_path = os.path.join(cache_dir, digest.hexdigest() + ".pickle")
    cached = _read_cache(cache_path)
    if cached is not None:
        return cached
    result = _parse_changed_entries(path, topic_field, data, cache_dir)
    _write_cache(cache_dir, cache_path, result)
    return result


def _read_cache(cache_path: str) -> FileResult | None:
    """A cached result, or None for a miss: a missing, truncated, corrupted or foreign
    file (any failure to unpickle, any other type) is parsed again and rewritten, so a
    damaged cache never fails a build."""
    try:
        with open(cache_path, "rb") as stream:
            cached = pickle.load(stream)
    except Exception:  # unpickling bad bytes can raise nearly anything
        return None
    if not isinstance(cached, FileResult) or not all(
        isinstance(entry, Publication) for entry in cached.entries
    ):
        return None
    if not all(isinstance(entry, Pending) for entry in cached.pending):
        return None
    if not isinstance(cached.lazy_problems, Problems | None):
        return None
    return cached


def _parse_changed_entries(path: str, topic_field: str, data: bytes, cache_dir: str) -> FileResult:
    """A changed file: only its changed entries are parsed (see :mod:`.entrycache`)."""
    global parse_count
    from .entrycache import parse_lazily

    parse_count += 1
    version = f"{CACHE_VERSION}\0{_code_version()}"
    entries, problems, crossrefs = parse_lazily(path, topic_field, data, cache_dir, version)
    return FileResult(path, (), (), crossrefs, entries, problems)


def _write_cache(cache_dir: str, cache_path: str, result: FileResult) -> None:
    """Write atomically; a read-only or full disk only costs the cache."""
    tmp = ""
    try:
        os.makedirs(cache_dir, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as stream:
            pickle.dump(result, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache_path)
    except Exception:  # OSError, or a record that cannot be pickled
        if tmp:
            with contextlib.suppress(OSError):
                os.remove(tmp)


def expand_patterns(patterns: Sequence[str] | str, base: str) -> tuple[list[str], list[Problem]]:
    """Config patterns (globs allowed, relative to *base*) -> existing files, in order."""
    if isinstance(patterns, str):
        patterns = [patterns]
    paths: list[str] = []
    problems: list[Problem] = []
    for pattern in patterns:
        full = os.path.normpath(os.path.join(base, pattern))
        if glob.has_magic(pattern):
            matches = sorted(glob.glob(full, recursive=True))
            if not matches:
                problems.append(Problem("bib_missing", f"no .bib file matches {pattern!r}"))
        else:
            matches = [full]
            if not os.path.exists(full):
                problems.append(Problem("bib_missing", f".bib file not found: {pattern!r}", full))
                continue
        for path in matches:
            skipped = not_a_file_problem(path)
            if skipped is not None:
                problems.append(skipped)  # a FIFO would block, a folder cannot be read
            elif path not in paths:
                paths.append(path)
    return paths, problems


def load_bibliography(
    patterns: Sequence[str] | str,
    base: str,
    topic_field: str = "topics",
    cache_dir: str | None = None,
) -> Bibliography:
    """Every configured file, merged: first key wins, crossrefs resolved."""
    if cache_dir is None:
        cache_dir = default_cache_dir()
    elif cache_dir:  # relative to the conf dir, like the .bib files, not the working dir
        cache_dir = os.path.join(base, os.path.expanduser(cache_dir))
    paths, problems = expand_patterns(patterns, base)
    results = [load_file(path, topic_field, cache_dir) for path in paths]

    def reload() -> Bibliography:
        """The same files parsed without cache (a damaged cache entry was found)."""
        for path in paths:
            _memory.pop((path, topic_field), None)
        return load_bibliography(patterns, base, topic_field, "")

    return merge_files(results, problems, topic_field, reload if cache_dir else None)
