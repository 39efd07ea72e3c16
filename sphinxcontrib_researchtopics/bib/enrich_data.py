"""Enrichment data: what open scholarly APIs add to a .bib (abstracts, DOIs, counts).

Pure (no Sphinx, no network): the ``researchtopics enrich`` command writes the data file
with these functions and the build reads it with them, so both agree on one format.
Every value in the file is untrusted data: :func:`parse_data` keeps only values of the
right shape (a ``javascript:`` PDF link, a negative count or an unknown source is dropped
and reported).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote

from .files import not_a_file, replace_file
from .links import classify_url
from .openalex_topics import WorkTopic, read_topics, topics_json
from .records import Problem, Publication, Segment

__all__ = [
    "FIELDS",
    "FORMAT",
    "SOURCES",
    "EnrichData",
    "Sourced",
    "abstract_from_inverted_index",
    "dump_data",
    "enrich_bibliography",
    "enrich_publication",
    "extract_arxiv",
    "extract_doi",
    "load_data",
    "lookup_topics",
    "normalise_arxiv",
    "normalise_doi",
    "parse_data",
    "read_counts_by_year",
    "write_data",
]

#: The ``format`` member of a data file; a later incompatible format gets a new number.
FORMAT = "researchtopics-enrich/1"

#: Where a value may come from, with the name shown to readers.
SOURCES: dict[str, str] = {"openalex": "OpenAlex", "arxiv": "arXiv", "crossref": "Crossref"}

#: The fields a record may hold (``topics``: OpenAlex's, primary first; files written
#: before it existed are read as they are).
FIELDS = ("abstract", "citations", "counts_by_year", "doi", "openalex", "pdf", "topics")

#: A field's value: text, a count, a work's OpenAlex topics, or (year, count) pairs.
Value = str | int | tuple[WorkTopic, ...] | tuple[tuple[int, int], ...]

#: ``counts_by_year`` keeps at most this many years (OpenAlex gives the last ten or so).
MAX_COUNT_YEARS = 200


@dataclass(frozen=True, slots=True)
class Sourced:
    """One value with its provenance: the API it came from and the day it was fetched."""

    value: Value
    source: str
    fetched: str


#: key -> field -> value.
EnrichData = dict[str, dict[str, Sourced]]


# ------------------------------------------------------------ inverted index


def abstract_from_inverted_index(index: object) -> str:
    """OpenAlex's ``abstract_inverted_index`` (word -> positions) back to text.

    Words are placed at their positions and joined by single spaces (punctuation is part
    of OpenAlex's words: "learning," stays as is).  Anything not shaped like an index
    (a non-list, a negative or non-integer position) is skipped, never raised on.
    """
    if not isinstance(index, Mapping):
        return ""
    placed: dict[int, str] = {}
    for word, positions in index.items():
        if not isinstance(word, str) or not isinstance(positions, list):
            continue
        for position in positions:
            if isinstance(position, int) and not isinstance(position, bool) and position >= 0:
                placed.setdefault(position, word)
    text = " ".join(placed[position] for position in sorted(placed))
    return " ".join(text.split())


# ------------------------------------------------------------------ identifiers

_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_PREFIX = re.compile(r"^(?:doi\s*:?\s*|(?:https?://)?(?:dx\.|www\.)?doi\.org/)", re.IGNORECASE)
#: Publisher pages that carry the DOI in their path (ACM, Wiley, T&F, SAGE, ...).
_DOI_IN_URL = re.compile(
    r"^https?://[^/]+/doi/(?:abs/|full/|pdf/|epdf/|book/)?(10\.\d{4,9}/[^?#\s]+)",
    re.IGNORECASE,
)
_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_OLD = r"[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7}"
_ARXIV_ID = re.compile(rf"^(?:{_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?$", re.IGNORECASE)
_ARXIV_URL = re.compile(
    r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/([^?#\s]+?)(?:\.pdf)?/?(?:[?#].*)?$",
    re.IGNORECASE,
)
_ARXIV_IN_TEXT = re.compile(rf"arxiv\s*:\s*((?:{_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?)", re.I)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
_LATEX_ESCAPES = (("\\_", "_"), ("\\%", "%"), ("\\#", "#"), ("\\&", "&"), ("\\/", ""))
_URL_COMMAND = re.compile(r"\\(?:url|href|path)\s*\{([^{}]*)\}")


def _clean(value: str) -> str:
    """A field value without ``\\url{}``, braces, quotes and LaTeX escapes."""
    text = _URL_COMMAND.sub(r"\1", value.strip())
    for latex, char in _LATEX_ESCAPES:
        text = text.replace(latex, char)
    return text.replace("{", "").replace("}", "").strip().strip('"').strip()


def normalise_doi(value: str) -> str | None:
    """A DOI in any common spelling ("doi:10.x/y", a doi.org URL, ``10.x\\_y``) ->
    ``10.x/y`` in lower case (DOIs ignore case), or None when it is not a DOI."""
    if not isinstance(value, str):
        return None
    text = _clean(value)
    text = _DOI_PREFIX.sub("", text, count=1).strip()
    if "%" in text:
        text = unquote(text)
    text = text.rstrip(".,;")
    if not _DOI.fullmatch(text):
        return None
    return text.lower()


def normalise_arxiv(value: str) -> str | None:
    """An arXiv id ("arXiv:2101.00001v2", an abs/pdf URL, "hep-th/9901001") without its
    version, or None."""
    if not isinstance(value, str):
        return None
    text = _clean(value)
    match = _ARXIV_URL.match(text)
    if match:
        text = match.group(1)
    text = re.sub(r"^arxiv\s*:\s*", "", text, flags=re.IGNORECASE).strip()
    if not _ARXIV_ID.match(text):
        return None
    return re.sub(r"v\d+$", "", text)


def extract_doi(fields: Mapping[str, str]) -> str | None:
    """The entry's DOI: the ``doi`` field, else a doi.org or publisher ``/doi/`` URL."""
    doi = normalise_doi(fields.get("doi", ""))
    if doi:
        return doi
    for name in ("url", "pdf", "paper", "html"):
        text = _clean(fields.get(name, ""))
        if not text:
            continue
        if _DOI_PREFIX.match(text) and "doi.org" in text.lower():
            doi = normalise_doi(text)
        else:
            match = _DOI_IN_URL.match(text)
            doi = normalise_doi(match.group(1)) if match else None
        if doi:
            return doi
    return None


def extract_arxiv(fields: Mapping[str, str]) -> str | None:
    """The entry's arXiv id, from ``arxiv``, ``eprint`` (when ``archiveprefix`` or
    ``eprinttype`` says arXiv, or the value is unmistakably one), an arxiv.org URL, an
    arXiv DOI, or "arXiv:ID" in ``journal``/``note``/``howpublished`` (Scholar exports)."""
    found = normalise_arxiv(fields.get("arxiv", ""))
    if found:
        return found
    eprint = fields.get("eprint", "")
    if eprint:
        declared = any(
            _clean(fields.get(name, "")).lower() == "arxiv"
            for name in ("archiveprefix", "eprinttype")
        )
        text = _clean(eprint)
        if declared or text.lower().startswith("arxiv") or re.fullmatch(_ARXIV_NEW, text):
            found = normalise_arxiv(text)
            if found:
                return found
    for name in ("url", "pdf", "paper", "html"):
        text = _clean(fields.get(name, ""))
        if _ARXIV_URL.match(text):
            found = normalise_arxiv(text)
            if found:
                return found
    doi = normalise_doi(fields.get("doi", ""))
    match = _ARXIV_DOI.match(doi or "")
    if match:
        found = normalise_arxiv(match.group(1))
        if found:
            return found
    for name in ("journal", "journaltitle", "note", "howpublished", "booktitle"):
        match = _ARXIV_IN_TEXT.search(_clean(fields.get(name, "")))
        if match:
            return normalise_arxiv(match.group(1))
    return None


# ------------------------------------------------------------------ the data file

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_OPENALEX_ID = re.compile(r"^(?:https://openalex\.org/)?W\d+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Longer text is cut: an abstract is a paragraph, not a paper.
MAX_ABSTRACT = 20000
#: A data file larger than this is not read (a warning): it is a few kB per entry.
MAX_DATA_BYTES = 64 * 2**20


def check_value(name: str, value: object) -> Value | None:
    """*value* if it has the shape field *name* needs (cleaned), else None."""
    if name == "topics":
        return read_topics(value) or None
    if name == "citations":
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return value if ok else None  # type: ignore[return-value]
    if name == "counts_by_year":
        return read_counts_by_year(value)
    if not isinstance(value, str):
        return None
    if name == "abstract":
        text = " ".join(_CONTROL.sub(" ", value).split())[:MAX_ABSTRACT]
        return text or None
    if name == "doi":
        return normalise_doi(value)
    if name == "openalex":
        return value if _OPENALEX_ID.match(value) else None
    if name == "pdf":
        safe = classify_url(value)
        if safe is None or safe[1] or not safe[0].startswith(("http:", "https:")):
            return None
        return safe[0]
    return None


def check_sourced(name: str, item: object) -> Sourced | str:
    """A field's ``{"value", "source", "fetched"}`` object as :class:`Sourced`, or why not."""
    if not isinstance(item, Mapping):
        return "not an object with value, source and fetched"
    source, fetched = item.get("source"), item.get("fetched")
    if source not in SOURCES:
        return f"unknown source {source!r}"
    if not isinstance(fetched, str) or not _DATE.match(fetched):
        return f"fetched {fetched!r} is not a YYYY-MM-DD date"
    value = check_value(name, item.get("value"))
    if value is None:
        raw = item.get("value")
        # repr of a nested value may recurse past the limit: only scalars are shown
        shown = (
            repr(raw)[:60]
            if isinstance(raw, (str, int, float, type(None)))
            else (f"a {type(raw).__name__}")
        )
        return f"invalid value {shown}"
    return Sourced(value, str(source), fetched)


def parse_data(raw: object, source: str = "") -> tuple[EnrichData, list[Problem]]:
    """A decoded data file -> records, keeping every valid value; problems for the rest."""
    problems: list[Problem] = []

    def problem(message: str) -> None:
        problems.append(Problem("enrich_data", message, source))

    if not isinstance(raw, Mapping) or raw.get("format") != FORMAT:
        problem(f"not an enrichment data file (expected format {FORMAT!r})")
        return {}, problems
    entries = raw.get("entries")
    if not isinstance(entries, Mapping):
        problem('"entries" is not an object')
        return {}, problems
    data: EnrichData = {}
    for key, record in entries.items():
        if not isinstance(record, Mapping):
            problem(f"{key}: not an object")
            continue
        fields: dict[str, Sourced] = {}
        for name, item in record.items():
            if name not in FIELDS:
                problem(f"{key}: unknown field {name!r} ignored")
                continue
            checked = check_sourced(name, item)
            if isinstance(checked, str):
                problem(f"{key}: {name}: {checked}; ignored")
            else:
                fields[name] = checked
        if fields:
            data[str(key)] = fields
    return data, problems


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def read_counts_by_year(value: object) -> tuple[tuple[int, int], ...] | None:
    """OpenAlex's ``counts_by_year`` (``[{"year": 2023, "cited_by_count": 4}, ...]``) as
    (year, count) pairs, oldest first; None when it is not a non-empty list of them.

    Untrusted: an item that is not an object with a year (1000-9999) and a count >= 0 is
    skipped, a year given twice keeps its first count, and at most
    :data:`MAX_COUNT_YEARS` years are read.
    """
    if not isinstance(value, list):
        return None
    found: dict[int, int] = {}
    for item in value[:MAX_COUNT_YEARS]:
        if not isinstance(item, Mapping):
            continue
        year, count = item.get("year"), item.get("cited_by_count")
        if _is_count(year) and 1000 <= year <= 9999 and _is_count(count):  # type: ignore[operator]
            found.setdefault(year, count)  # type: ignore[arg-type]
    return tuple(sorted(found.items())) or None


def _value_json(name: str, value: Value) -> Any:
    """A checked value as the file writes it (the shape :func:`check_value` reads)."""
    if name == "counts_by_year" and isinstance(value, tuple):
        return [{"year": year, "cited_by_count": n} for year, n in value]  # type: ignore[misc]
    if isinstance(value, tuple):
        return topics_json(value)  # type: ignore[arg-type]
    return value


def load_data(path: str | os.PathLike[str]) -> tuple[EnrichData, list[Problem]]:
    """Read and check a data file; an unreadable or invalid file is a problem, not an error."""
    name = os.fspath(path)
    skipped = not_a_file(name)
    if skipped:  # a FIFO would block the build
        return {}, [Problem("enrich_data", f"cannot read the enrichment data: it {skipped}", name)]
    try:
        with open(name, "rb") as stream:
            data = stream.read(MAX_DATA_BYTES + 1)
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return {}, [Problem("enrich_data", f"cannot read the enrichment data: {reason}", name)]
    if len(data) > MAX_DATA_BYTES:
        message = f"enrichment data is larger than {MAX_DATA_BYTES // 2**20} MB; not read"
        return {}, [Problem("enrich_data", message, name)]
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as error:
        reason = str(error) if isinstance(error, ValueError) else "nested too deeply"
        return {}, [Problem("enrich_data", f"enrichment data is not valid JSON: {reason}", name)]
    try:
        return parse_data(raw, name)
    except RecursionError:  # pragma: no cover - json.loads nests less deeply than this
        return {}, [Problem("enrich_data", "enrichment data is nested too deeply", name)]


def to_json(data: EnrichData) -> dict[str, Any]:
    """Records as plain JSON objects."""
    return {
        "format": FORMAT,
        "entries": {
            key: {
                name: {
                    "value": _value_json(name, item.value),
                    "source": item.source,
                    "fetched": item.fetched,
                }
                for name, item in fields.items()
            }
            for key, fields in data.items()
            if fields
        },
    }


def dump_data(data: EnrichData) -> str:
    """The file's text: sorted keys and fixed indentation, so equal data gives equal bytes
    (a weekly refresh commits a small diff)."""
    return json.dumps(to_json(data), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def write_data(path: str | os.PathLike[str], data: EnrichData) -> None:
    """Write whole: a reader sees the old file or the new one, never half of one."""
    replace_file(path, dump_data(data).encode("utf-8"))


# ------------------------------------------------------------- merging into records


def enrich_publication(publication: Publication, fields: Mapping[str, Sourced]) -> Publication:
    """The record with a missing abstract filled and the citation count set.

    The digest changes with what was added, so an incremental build re-reads exactly the
    pages whose entries gained or changed data.
    """
    changes: dict[str, Any] = {}
    abstract = fields.get("abstract")
    if not publication.abstract and abstract is not None:
        changes["abstract"] = (Segment(str(abstract.value)),)
        changes["abstract_source"] = abstract.source
    count = fields.get("citations")
    if count is not None and isinstance(count.value, int):
        changes["citations"] = count.value
        changes["citations_date"] = count.fetched
        changes["citations_source"] = count.source
    by_year = fields.get("counts_by_year")
    if by_year is not None and isinstance(by_year.value, tuple) and by_year.value:
        changes["citations_by_year"] = by_year.value
    if not changes:
        return publication
    seed = repr((publication.digest, sorted(changes.items())))
    changes["digest"] = hashlib.sha1(seed.encode()).hexdigest()[:16]
    return replace(publication, **changes)


def enrich_bibliography(
    entries: Mapping[str, Publication], data: Mapping[str, Mapping[str, Sourced]]
) -> dict[str, Publication]:
    """Every entry, enriched where the data has a record for its key (order kept)."""
    return {
        key: enrich_publication(pub, data[key]) if key in data else pub
        for key, pub in entries.items()
    }


def lookup_topics(data: Mapping[str, Mapping[str, Sourced]]) -> dict[str, tuple[WorkTopic, ...]]:
    """key -> the work's OpenAlex topics (primary first), for entries that have some."""
    found: dict[str, tuple[WorkTopic, ...]] = {}
    for key, fields in data.items():
        item = fields.get("topics")
        if item is not None and isinstance(item.value, tuple) and item.value:
            found[key] = tuple(t for t in item.value if isinstance(t, WorkTopic))
    return found
