"""Per-entry parse cache: an edited .bib file re-parses only the entries whose text changed.

The scanner already reads each ``@...`` chunk of a file on its own (see :mod:`.scan`), so
a chunk's records depend only on its text, the ``@string`` macros defined before it and
its position (line, order).  Each file keeps one store, ``{chunk digest: records}``,
where the digest covers the chunk's text and every ``@string`` chunk before it; line and
order are patched when the chunk moved.  One edit in a 50 MB file thus costs one entry's
parse (plus hashing the chunks and loading the store), not 48,000.

The store is keyed by the file's path (the content-keyed cache in :mod:`.load` serves
unchanged content); an unreadable or foreign store is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, replace

from pybtex.database.input.bibtex import month_names

from .records import Problem, Publication, _pickle_by_fields
from .scan import (
    RawEntry,
    _blank_front_matter,
    _check_stray,
    _Lines,
    _scan_entry,
    decode_bib,
    entry_spans,
    normalize_newlines,
)
from .scan_fast import _Macros

#: Bump when :class:`Chunk` changes.
STORE_VERSION = "1"

#: Entries made (scanned and converted) by this process, not taken from a store: tests
#: read it to check that one edit re-parses one entry.
entries_parsed = 0


@dataclass(frozen=True, slots=True)
class Chunk:
    """What one ``@...`` chunk gave, at the line and order it was parsed at."""

    line: int
    order: int
    publication: Publication | None
    problems: tuple[Problem, ...]
    #: The raw entry when it names a ``crossref`` (resolved after merging).
    crossref: RawEntry | None


_pickle_by_fields(Chunk)


def _store_path(cache_dir: str, path: str, topic_field: str, version: str) -> str:
    name = hashlib.sha256(f"{path}\0{topic_field}\0{version}".encode()).hexdigest()
    return os.path.join(cache_dir, f"entries-{name[:32]}.pickle")


def _read_store(store: str) -> dict[bytes, Chunk]:
    """The previous chunks, or nothing for a missing, corrupt or foreign store."""
    try:
        with open(store, "rb") as stream:
            data = pickle.load(stream)
    except Exception:
        return {}
    if not (isinstance(data, tuple) and len(data) == 2 and data[0] == STORE_VERSION):
        return {}
    chunks = data[1]
    return chunks if isinstance(chunks, dict) else {}


def _write_store(cache_dir: str, store: str, chunks: dict[bytes, Chunk]) -> None:
    try:
        os.makedirs(cache_dir, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as stream:
            pickle.dump((STORE_VERSION, chunks), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, store)
    except OSError:
        pass


def _shifted(publication: Publication, shift: int, order: int) -> Publication:
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


def _moved(chunk: Chunk, line: int, order: int) -> Chunk:
    """*chunk* as found at *line* and *order* (its lines shifted, its order set)."""
    if chunk.line == line and chunk.order == order:
        return chunk
    shift = line - chunk.line
    publication = chunk.publication
    if publication is not None:
        publication = _shifted(publication, shift, order)
    problems = tuple(replace(p, line=p.line + shift) if p.line else p for p in chunk.problems)
    crossref = chunk.crossref
    if crossref is not None:
        crossref = replace(crossref, line=crossref.line + shift)
    return Chunk(line, order, publication, problems, crossref)


def _parse_chunk(
    text: str, line: int, order: int, macros: _Macros, source: str, topic_field: str
) -> Chunk:
    """Scan and convert one chunk, as :func:`.load.parse_file` does for the whole file."""
    from .load import _at_field_lines, _with_link_lines, make_publication

    global entries_parsed
    problems: list[Problem] = []
    raw, consumed = _scan_entry(text, line, macros, source, problems)
    stray: list[Problem] = []
    _check_stray(text[consumed:], consumed, _Lines(text), source, stray)
    problems.extend(replace(p, line=p.line + line - 1) for p in stray)
    publication = crossref = None
    if raw is not None:
        entries_parsed += 1
        publication, entry_problems = make_publication(raw, source, order, topic_field)
        # Field lines are looked up in the chunk's own text (lines counted from 1 there),
        # then moved to the file's: linear in the chunk, whatever its place in the file.
        shift = line - 1
        if entry_problems:
            relative = [replace(p, line=p.line - shift) if p.line else p for p in entry_problems]
            problems.extend(
                replace(p, line=p.line + shift) if p.line else p
                for p in _at_field_lines(relative, text)
            )
        if publication.preview or any(link.local for link in publication.links):
            local = _with_link_lines(replace(publication, line=1), text.split("\n"))
            publication = _shifted(local, shift, order)
        if any(name.lower() == "crossref" for name, _ in raw.fields):
            crossref = raw
    return Chunk(line, order, publication, tuple(problems), crossref)


def parse_with_store(
    path: str, topic_field: str, data: bytes, cache_dir: str, version: str
) -> tuple[tuple[Publication, ...], tuple[Problem, ...], tuple[RawEntry, ...]]:
    """Entries, problems and crossref entries of *data*, re-parsing changed chunks only."""
    store = _store_path(cache_dir, path, topic_field, version)
    previous = _read_store(store)
    text, decode_problems = decode_bib(data, path)
    text = _blank_front_matter(normalize_newlines(text))
    lines = _Lines(text)
    problems: list[Problem] = list(decode_problems)
    spans = list(entry_spans(text, lines))
    head = text[: spans[0][0]] if spans else text
    _check_stray(head, 0, lines, path, problems)
    macros = _Macros()
    for name, value in month_names.items():
        macros[name] = value
    strings = hashlib.sha1(b"macros")
    chunks: dict[bytes, Chunk] = {}
    dirty = False
    parsed = 0
    entries: list[Publication] = []
    crossrefs: list[RawEntry] = []
    line = head.count("\n") + 1
    for index, (start, end, command) in enumerate(spans):
        # a chunk runs to the next entry: its stray text after the entry goes with it
        next_start = spans[index + 1][0] if index + 1 < len(spans) else len(text)
        body = text[start:next_start]
        if command == "comment":  # BibTeX ignores @comment; what follows it may be stray
            _check_stray(text[end:next_start], end, lines, path, problems)
            line += body.count("\n")
            continue
        is_macro = command == "string"
        if is_macro:
            strings.update(body.encode("utf-8", "surrogatepass"))
        digest = hashlib.sha1(body.encode("utf-8", "surrogatepass"))
        digest.update(strings.digest())
        key = digest.digest()
        cached = None if is_macro else previous.get(key)
        if is_macro:
            dirty = dirty or key not in previous
        if cached is None and is_macro:
            cached = _parse_chunk(body, line, len(entries), macros, path, topic_field)
        elif cached is None:
            cached = _parse_chunk(body, line, len(entries), macros, path, topic_field)
            dirty = True
            parsed += 1
        else:
            moved = _moved(cached, line, len(entries))
            dirty = dirty or moved is not cached
            cached = moved
        chunks[key] = cached
        problems.extend(cached.problems)
        if cached.publication is not None:
            entries.append(cached.publication)
        if cached.crossref is not None:
            crossrefs.append(cached.crossref)
        line += body.count("\n")
    if not entries and len(problems) == len(decode_problems):
        message = "no entries found" if text.strip() else "file is empty: no entries"
        problems.append(Problem("bib_syntax", message, path, 1))
    problems.sort(key=lambda problem: problem.line)
    # Rewriting a 48,000-entry store costs more than parsing a few hundred entries: a
    # store that misses at most one chunk in a hundred is kept (a later edit parses
    # those few again), so one edit in a large file writes no store at all.
    stale = parsed + abs(len(chunks) - len(previous))
    if (dirty and stale * 100 > len(chunks)) or not previous:
        _write_store(cache_dir, store, chunks)
    return tuple(entries), tuple(problems), tuple(crossrefs)
