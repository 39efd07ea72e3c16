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

from .lazy import Blob, Part, Pending, Problems, shifted
from .load import _at_field_lines, _with_link_lines, make_publication
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

#: Bump when the stored form changes.
STORE_VERSION = "3"

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
    try:
        os.makedirs(cache_dir, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as stream:
            pickle.dump((STORE_VERSION, chunks), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, store)
    except OSError:
        pass


class _LazyLines(_Lines):
    """The chunk's line table, made only if stray text needs a line number (rarely)."""

    def __init__(self, text: str) -> None:  # the table is made by at(), if ever
        self.text = text

    def at(self, offset: int) -> int:
        if "starts" not in self.__dict__:
            super().__init__(self.text)
        return super().at(offset)


def _parse_chunk(
    text: str, line: int, order: int, macros: _Macros, source: str, topic_field: str
) -> Chunk:
    """Scan and convert one chunk, as :func:`.load.parse_file` does for the whole file."""
    global entries_parsed
    problems: list[Problem] = []
    raw, consumed = _scan_entry(text, line, macros, source, problems)
    stray: list[Problem] = []
    _check_stray(text[consumed:], consumed, _LazyLines(text), source, stray)
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
            publication = shifted(local, shift, order)
        if any(name.lower() == "crossref" for name, _ in raw.fields):
            crossref = raw
    return Chunk(line, order, publication, tuple(problems), crossref)


def parse_with_store(
    path: str, topic_field: str, data: bytes, cache_dir: str, version: str
) -> tuple[tuple[Publication, ...], tuple[Problem, ...], tuple[RawEntry, ...]]:
    """Entries, problems and crossref entries of *data*, re-parsing changed chunks only."""
    entries, problems, crossrefs = parse_lazily(path, topic_field, data, cache_dir, version)
    return tuple(entry.load() for entry in entries), problems.materialize(), crossrefs


def parse_lazily(
    path: str, topic_field: str, data: bytes, cache_dir: str, version: str
) -> tuple[tuple[Pending, ...], Problems, tuple[RawEntry, ...]]:
    """:func:`parse_with_store` with the records and problems left pickled."""
    store = _store_path(cache_dir, path, topic_field, version)
    previous = _read_store(store)
    text, decode_problems = decode_bib(data, path)
    text = _blank_front_matter(normalize_newlines(text))
    lines = _Lines(text)
    parts: list[Part] = []
    found: list[Problem] = list(decode_problems)  # not yet in *parts*
    spans = list(entry_spans(text, lines))
    head = text[: spans[0][0]] if spans else text
    _check_stray(head, 0, lines, path, found)
    macros = _Macros()
    for name, value in month_names.items():
        macros[name] = value
    strings = hashlib.sha1(b"macros")
    strings_digest = strings.digest()  # made again only after an @string
    chunks: dict[bytes, Stored] = {}
    parsed = 0
    only_decode = not found[len(decode_problems) :]
    entries: list[Pending] = []
    crossrefs: list[RawEntry] = []
    line = head.count("\n") + 1
    for index, (start, end, command) in enumerate(spans):
        # a chunk runs to the next entry: its stray text after the entry goes with it
        next_start = spans[index + 1][0] if index + 1 < len(spans) else len(text)
        body = text[start:next_start]
        if command == "comment":  # BibTeX ignores @comment; what follows it may be stray
            before = len(found)
            _check_stray(text[end:next_start], end, lines, path, found)
            only_decode = only_decode and len(found) == before
            line += body.count("\n")
            continue
        is_macro = command == "string"
        if is_macro:
            strings.update(body.encode("utf-8", "surrogatepass"))
            strings_digest = strings.digest()
        digest = hashlib.sha1(body.encode("utf-8", "surrogatepass"))
        digest.update(strings_digest)
        key = digest.digest()
        stored = None if is_macro else previous.get(key)
        made = None
        if stored is None or not _valid(stored):
            chunk = _parse_chunk(body, line, len(entries), macros, path, topic_field)
            stored = _stored(chunk)
            made = chunk.publication  # as the blob would give it: no unpickling
            parsed += 0 if is_macro else 1
        chunks[key] = stored
        at, entry_key, entry_digest, entry_line, blob, problems, crossref = stored
        shift = line - at
        if problems is not None:
            parts.append(tuple(found))
            found = []
            parts.append(Blob(problems[0], problems[1], shift))
            only_decode = False
        if blob:
            order = len(entries)
            fields = (blob, entry_key, entry_digest, path, entry_line + shift, order, shift)
            entries.append(Pending(*fields, made))
        if crossref is not None:
            crossrefs.append(replace(crossref, line=crossref.line + shift) if shift else crossref)
        line += body.count("\n")
    if not entries and only_decode:
        message = "no entries found" if text.strip() else "file is empty: no entries"
        found.append(Problem("bib_syntax", message, path, 1))
    parts.append(tuple(found))
    # Records stay pickled as first parsed (their lines are moved on use), so only added
    # or removed chunks make the store stale.  A store that misses at most one chunk in
    # a hundred is kept (a later edit parses those few again): one edit in a 48,000-entry
    # file writes no store (67 MB, a quarter of a second).
    stale = parsed + len(previous.keys() - chunks.keys())
    if stale * 100 > len(chunks) or (not previous and chunks):
        _write_store(cache_dir, store, chunks)
    problems_of = Problems(((True, tuple(part for part in parts if part)),))
    return tuple(entries), problems_of, tuple(crossrefs)
