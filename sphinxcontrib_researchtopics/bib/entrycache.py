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

import contextlib
import hashlib
import os
import pickle
from dataclasses import dataclass, replace
from typing import Protocol

from .files import replace_file
from .lazy import Blob, Part, Pending, Problems, shifted
from .make import at_field_lines, make_publication, with_link_lines
from .records import Problem, Publication, pickle_by_fields
from .scan import (
    Lines,
    RawEntry,
    blank_front_matter,
    check_stray,
    decode_bib,
    entry_spans,
    normalize_newlines,
    scan_entry,
)
from .scan_fast import Macros, Strings

#: Bump when the stored form changes.
STORE_VERSION = "3"


class ParseCount(Protocol):
    """Where entries parsed (not taken from the store) are counted (``load.ParseStats``)."""

    entries: int


@dataclass(frozen=True, slots=True)
class Chunk:
    """What one ``@...`` chunk gave, at the line and order it was parsed at."""

    line: int
    order: int
    publication: Publication | None
    problems: tuple[Problem, ...]
    #: The raw entry when it names a ``crossref`` (resolved after merging).
    crossref: RawEntry | None


pickle_by_fields(Chunk)

#: A chunk as stored: (line, key, digest, record line, record blob, problems, crossref),
#: the record and problems pickled as found at *line* (moved on use).  Plain tuples and
#: bytes: a store of 48,000 entries loads and writes in a fraction of a second.
Stored = tuple[int, str, str, int, bytes, tuple[bytes, tuple[str, ...]] | None, RawEntry | None]


def _stored(chunk: Chunk) -> Stored:
    publication = chunk.publication
    problems = Blob.of(chunk.problems)[:2] if chunk.problems else None  # plain: fast to pickle
    if publication is None:
        return (chunk.line, "", "", 0, b"", problems, chunk.crossref)
    blob = pickle.dumps(publication, pickle.HIGHEST_PROTOCOL)
    key, digest, line = publication.key, publication.digest, publication.line
    return (chunk.line, key, digest, line, blob, problems, chunk.crossref)


def _valid(stored: object) -> bool:
    """Whether a stored chunk has the stored shape (a foreign store's may not)."""
    return (
        isinstance(stored, tuple)
        and len(stored) == 7
        and isinstance(stored[0], int)
        and isinstance(stored[4], bytes)
        and (stored[5] is None or (isinstance(stored[5], tuple) and len(stored[5]) == 2))
        and isinstance(stored[6], RawEntry | None)
    )


def _store_path(cache_dir: str, path: str, topic_field: str, version: str) -> str:
    name = hashlib.sha256(f"{path}\0{topic_field}\0{version}".encode()).hexdigest()
    return os.path.join(cache_dir, f"entries-{name[:32]}.pickle")


def _read_store(store: str) -> dict[bytes, Stored]:
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


def _write_store(cache_dir: str, store: str, chunks: dict[bytes, Stored]) -> None:
    with contextlib.suppress(OSError):
        replace_file(
            store,
            lambda stream: pickle.dump(
                (STORE_VERSION, chunks), stream, protocol=pickle.HIGHEST_PROTOCOL
            ),
        )


def _parse_chunk(
    text: str, line: int, order: int, macros: Macros, source: str, topic_field: str
) -> Chunk:
    """Scan and convert one chunk, as :func:`.load.parse_file` does for the whole file."""
    problems: list[Problem] = []
    raw, consumed = scan_entry(text, line, macros, source, problems)
    stray: list[Problem] = []
    check_stray(text[consumed:], consumed, Lines(text), source, stray)
    problems.extend(replace(p, line=p.line + line - 1) for p in stray)
    publication = crossref = None
    if raw is not None:
        publication, entry_problems = make_publication(raw, source, order, topic_field)
        # Field lines are looked up in the chunk's own text (lines counted from 1 there),
        # then moved to the file's: linear in the chunk, whatever its place in the file.
        shift = line - 1
        if entry_problems:
            relative = [replace(p, line=p.line - shift) if p.line else p for p in entry_problems]
            problems.extend(
                replace(p, line=p.line + shift) if p.line else p
                for p in at_field_lines(relative, text)
            )
        if publication.preview or any(link.local for link in publication.links):
            local = with_link_lines(replace(publication, line=1), text.split("\n"))
            publication = shifted(local, shift, order)
        if any(name.lower() == "crossref" for name, _ in raw.fields):
            crossref = raw
    return Chunk(line, order, publication, tuple(problems), crossref)


@dataclass(frozen=True, slots=True)
class _Span:
    """One ``@...`` chunk of the file before parsing: its text, place and stored form."""

    body: str
    command: str
    line: int
    #: Where the entry ends (stray text may follow it in *body*) and the next chunk starts.
    end: int
    stop: int
    #: The order its record would get if every chunk before it gives one.
    order: int
    key: bytes
    stored: Stored | None


#: Commands whose chunks never give a record.
_NO_RECORD = frozenset({"comment", "string", "preamble"})


def _chunks(
    text: str,
    spans: list[tuple[int, int, str]],
    line: int,
    previous: dict[bytes, Stored],
    inherited: Strings,
) -> list[_Span]:
    """Every chunk with its digest and, when the store has it, its stored form (the digest
    covers the macros the file starts with, *inherited*, too)."""
    strings = hashlib.sha1(b"macros")
    if inherited:
        strings.update(repr(inherited).encode("utf-8", "surrogatepass"))
    strings_digest = strings.digest()  # made again only after an @string
    chunks: list[_Span] = []
    order = 0
    for index, (start, end, command) in enumerate(spans):
        # a chunk runs to the next entry: its stray text after the entry goes with it
        stop = spans[index + 1][0] if index + 1 < len(spans) else len(text)
        body = text[start:stop]
        key = b""
        stored = None
        if command != "comment":
            if command == "string":
                strings.update(body.encode("utf-8", "surrogatepass"))
                strings_digest = strings.digest()
            digest = hashlib.sha1(body.encode("utf-8", "surrogatepass"))
            digest.update(strings_digest)
            key = digest.digest()
            if command != "string":
                stored = previous.get(key)
                if stored is not None and not _valid(stored):
                    stored = None
        chunks.append(_Span(body, command, line, end, stop, order, key, stored))
        if command not in _NO_RECORD and (stored is None or stored[4]):
            order += 1
        line += body.count("\n")
    return chunks


Made = dict[int, tuple[Stored, Publication | None]]


def _parse_missing(
    chunks: list[_Span], path: str, topic_field: str, stats: ParseCount | None, macros: Macros
) -> Made:
    """Parse the chunks the store does not have, and every ``@string`` (for its macros,
    which later chunks and the files after this one use: *macros* holds them after)."""
    wanted = {
        i for i, chunk in enumerate(chunks) if chunk.command != "comment" and chunk.stored is None
    }
    made: Made = {}
    for index, span in enumerate(chunks):
        if index in wanted or span.command == "string":
            chunk = _parse_chunk(span.body, span.line, span.order, macros, path, topic_field)
            if stats is not None and chunk.publication is not None:
                stats.entries += 1
            if index in wanted:
                made[index] = (_stored(chunk), chunk.publication)
    return made


def parse_with_store(
    path: str,
    topic_field: str,
    data: bytes,
    cache_dir: str,
    version: str,
    stats: ParseCount | None = None,
    macros: Macros | None = None,
) -> tuple[tuple[Publication, ...], tuple[Problem, ...], tuple[RawEntry, ...]]:
    """Entries, problems and crossref entries of *data*, re-parsing changed chunks only."""
    entries, problems, crossrefs = parse_lazily(
        path, topic_field, data, cache_dir, version, stats, macros
    )
    return tuple(entry.load() for entry in entries), problems.materialize(), crossrefs


def parse_lazily(
    path: str,
    topic_field: str,
    data: bytes,
    cache_dir: str,
    version: str,
    stats: ParseCount | None = None,
    macros: Macros | None = None,
) -> tuple[tuple[Pending, ...], Problems, tuple[RawEntry, ...]]:
    """:func:`parse_with_store` with the records and problems left pickled.  *macros*: the
    ones the file starts with (the earlier files'); its ``@string`` chunks add to them."""
    if macros is None:
        macros = Macros.starting()
    inherited = macros.defined()
    store = _store_path(cache_dir, path, topic_field, version)
    previous = _read_store(store)
    text, decode_problems = decode_bib(data, path)
    text = blank_front_matter(normalize_newlines(text))
    lines = Lines(text)
    parts: list[Part] = []
    found: list[Problem] = list(decode_problems)  # not yet in *parts*
    spans = list(entry_spans(text, lines))
    head = text[: spans[0][0]] if spans else text
    check_stray(head, 0, lines, path, found)
    only_decode = not found[len(decode_problems) :]
    chunks = _chunks(text, spans, head.count("\n") + 1, previous, inherited)
    made = _parse_missing(chunks, path, topic_field, stats, macros)
    stored_chunks: dict[bytes, Stored] = {}
    parsed = 0
    entries: list[Pending] = []
    crossrefs: list[RawEntry] = []
    for index, chunk in enumerate(chunks):
        if chunk.command == "comment":  # BibTeX ignores @comment; what follows may be stray
            before = len(found)
            check_stray(text[chunk.end : chunk.stop], chunk.end, lines, path, found)
            only_decode = only_decode and len(found) == before
            continue
        stored, fresh = chunk.stored, None
        if index in made:
            stored, fresh = made[index]
            parsed += chunk.command != "string"
        assert stored is not None  # every chunk without a stored form was parsed
        stored_chunks[chunk.key] = stored
        at, entry_key, entry_digest, entry_line, blob, problems, crossref = stored
        shift = chunk.line - at
        if problems is not None:
            parts.append(tuple(found))
            found = []
            parts.append(Blob(problems[0], problems[1], shift))
            only_decode = False
        if blob:
            order = len(entries)
            fields = (blob, entry_key, entry_digest, path, entry_line + shift, order, shift)
            entries.append(Pending(*fields, fresh))
        if crossref is not None:
            crossrefs.append(replace(crossref, line=crossref.line + shift) if shift else crossref)
    # (a file of ``@string`` only, an abbreviations file, is a database part, not empty)
    if not entries and only_decode and macros.defined() == inherited:
        message = "no entries found" if text.strip() else "file is empty: no entries"
        found.append(Problem("bib_syntax", message, path, 1))
    parts.append(tuple(found))
    # Records stay pickled as first parsed (their lines are moved on use), so only added
    # or removed chunks make the store stale.  A store that misses at most one chunk in
    # a hundred is kept (a later edit parses those few again): one edit in a 48,000-entry
    # file writes no store (67 MB, a quarter of a second).
    stale = parsed + len(previous.keys() - stored_chunks.keys())
    if stale * 100 > len(stored_chunks) or (not previous and stored_chunks):
        _write_store(cache_dir, store, stored_chunks)
    problems_of = Problems(((True, tuple(part for part in parts if part)),))
    return tuple(entries), problems_of, tuple(crossrefs)
