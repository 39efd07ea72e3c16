"""Loading the bibliography: files -> :class:`Publication` records, cached by content.

Pure and I/O-light (no docutils, no Sphinx): the Sphinx side calls
:func:`load_bibliography` once per build, before parallel readers fork.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .entrycache import parse_lazily
from .files import not_a_file_problem, replace_file
from .lazy import Pending, Problems
from .make import at_field_lines, make_publication, with_link_lines
from .merge import Bibliography as Bibliography  # re-exported: the loader's result
from .merge import FileResult as FileResult
from .merge import merge_files as merge_files
from .records import Problem, Publication
from .scan import RawEntry, decode_bib, parse_bib_text
from .scan_fast import Macros, Strings
from .version import code_hash

#: Bump when the parsed form changes, so old cache files are not used.
CACHE_VERSION = "3"


@dataclass
class ParseStats:
    """What a load parsed rather than took from a cache (the build keeps one per build;
    tests and benchmarks read it to check that an edit re-parses one entry, and that a
    build that needs no record loads none)."""

    #: Loads of the whole bibliography, from the files or the caches.
    loads: int = 0
    #: Files parsed, wholly or entry by entry, because no cache held their content.
    files: int = 0
    #: Entries scanned and converted (not taken from the per-entry store).
    entries: int = 0


# -- files and the cache -----------------------------------------------------------------


def parse_file(
    path: str,
    topic_field: str,
    data: bytes | None = None,
    stats: ParseStats | None = None,
    strings: Strings = (),
) -> FileResult:
    """Parse one file (no cache): every entry with a key becomes a record.  *strings*:
    the ``@string`` macros the files before it defined (BibTeX reads them as one)."""
    if stats is not None:
        stats.files += 1
    problems: list[Problem] = []
    if data is None:
        skipped = not_a_file_problem(path)
        if skipped is not None:
            return FileResult(path, (), (skipped,), strings=strings)
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            reason = error.strerror or str(error)
            missing = Problem("bib_missing", f"cannot read: {reason}", path)
            return FileResult(path, (), (missing,), strings=strings)
    text, decode_problems = decode_bib(data, path)
    problems.extend(decode_problems)
    macros = Macros.starting(strings)
    raws, parse_problems = parse_bib_text(text, path, macros)
    problems.extend(parse_problems)
    # (a file of ``@string`` only, an abbreviations file, is a database part, not empty)
    if not raws and not parse_problems and macros.defined() == strings:
        message = "no entries found" if text.strip() else "file is empty: no entries"
        problems.append(Problem("bib_syntax", message, path, 1))
    entries: list[Publication] = []
    crossrefs: list[RawEntry] = []
    lines: list[str] = []
    for order, raw in enumerate(raws):
        publication, entry_problems = make_publication(raw, path, order, topic_field)
        if publication.preview or any(link.local for link in publication.links):
            lines = lines or text.split("\n")
            publication = with_link_lines(publication, lines)
        entries.append(publication)
        problems.extend(entry_problems)
        if any(name.lower() == "crossref" for name, _ in raw.fields):
            crossrefs.append(raw)
    problems = at_field_lines(problems, text)
    problems.sort(key=lambda problem: problem.line)
    return FileResult(
        path, tuple(entries), tuple(problems), tuple(crossrefs), strings=macros.defined()
    )


def parse_files(paths: Sequence[str], topic_field: str) -> list[FileResult]:
    """Parse *paths* (no cache) as one database, as BibTeX reads them: each file starts
    with the ``@string`` macros of the files before it (``check`` reads as the build)."""
    results: list[FileResult] = []
    strings: Strings = ()
    for path in paths:
        results.append(parse_file(path, topic_field, strings=strings))
        strings = results[-1].strings
    return results


def default_cache_dir() -> str:
    """The user cache folder: survives ``-E`` and a deleted build folder."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "sphinxcontrib-researchtopics")


def load_file(
    path: str,
    topic_field: str,
    cache_dir: str,
    stats: ParseStats | None = None,
    strings: Strings = (),
) -> FileResult:
    """A parsed file, from the disk cache or the parser (*strings*: see :func:`parse_file`)."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return parse_file(path, topic_field, stats=stats, strings=strings)
    return _from_disk(path, data, topic_field, cache_dir, stats, strings)


def _from_disk(
    path: str,
    data: bytes,
    topic_field: str,
    cache_dir: str,
    stats: ParseStats | None,
    strings: Strings,
) -> FileResult:
    """The disk cache is keyed by the file's content and the macros it starts with, so it
    survives moves and ``-E``, and an ``@string`` edited in an earlier file is seen."""
    if not cache_dir:
        return parse_file(path, topic_field, data, stats, strings)
    digest = hashlib.sha256(data)
    digest.update(f"\0{CACHE_VERSION}\0{code_hash()}\0{topic_field}\0{path}".encode())
    if strings:
        digest.update(repr(strings).encode("utf-8", "surrogatepass"))
    cache_path = os.path.join(cache_dir, digest.hexdigest() + ".pickle")
    cached = _read_cache(cache_path)
    if cached is not None:
        return cached
    result = _parse_changed_entries(path, topic_field, data, cache_dir, stats, strings)
    _write_cache(cache_path, result)
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
    if not isinstance(cached.strings, tuple):
        return None
    return cached


def _parse_changed_entries(
    path: str,
    topic_field: str,
    data: bytes,
    cache_dir: str,
    stats: ParseStats | None,
    strings: Strings,
) -> FileResult:
    """A changed file: only its changed entries are parsed (see :mod:`.entrycache`)."""
    if stats is not None:
        stats.files += 1
    version = f"{CACHE_VERSION}\0{code_hash()}"
    macros = Macros.starting(strings)
    entries, problems, crossrefs = parse_lazily(
        path, topic_field, data, cache_dir, version, stats, macros
    )
    return FileResult(path, (), (), crossrefs, entries, problems, macros.defined())


def _write_cache(cache_path: str, result: FileResult) -> None:
    """Write whole or not at all; a read-only or full disk (``OSError``), or a record
    that cannot be pickled, only costs the cache."""
    with contextlib.suppress(Exception):
        replace_file(
            cache_path,
            lambda stream: pickle.dump(result, stream, protocol=pickle.HIGHEST_PROTOCOL),
        )


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
    stats: ParseStats | None = None,
) -> Bibliography:
    """Every configured file, merged: first key wins, crossrefs resolved."""
    if cache_dir is None:
        cache_dir = default_cache_dir()
    elif cache_dir:  # relative to the conf dir, like the .bib files, not the working dir
        cache_dir = os.path.join(base, os.path.expanduser(cache_dir))
    paths, problems = expand_patterns(patterns, base)
    results: list[FileResult] = []
    strings: Strings = ()
    for path in paths:  # one database, as BibTeX reads it: @string carries over
        results.append(load_file(path, topic_field, cache_dir, stats, strings))
        strings = results[-1].strings

    def reload() -> Bibliography:
        """The same files parsed without cache (a damaged cache entry was found)."""
        return load_bibliography(patterns, base, topic_field, "", stats)

    return merge_files(results, problems, topic_field, reload if cache_dir else None)
