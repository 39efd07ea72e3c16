"""An entry's links and values -> the fields of its .bib entry.

The link labels a lab page uses ("Paper", "Code & Dataset", "Project Page") are mapped
to the extension's link fields; anything else keeps its label as ``url_<Label>``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from ...bib.links import classify_url
from .latex import latex_escape
from .model import TITLE_LINK, Entry, Link, Log

#: Link labels (lower case) -> link kind.  A kind is also the .bib field, except paper.
_LABEL_KINDS = {
    **dict.fromkeys(("paper", "pdf", "full paper", "full text", "publication", "title"), "paper"),
    **dict.fromkeys(("arxiv", "preprint"), "arxiv"),
    "doi": "doi",
    **dict.fromkeys(("code", "codes", "source code", "github", "software"), "code"),
    **dict.fromkeys(
        ("project", "project page", "homepage", "home page", "website", "webpage", "web page"),
        "project",
    ),
    **dict.fromkeys(("dataset", "datasets", "data", "benchmark"), "dataset"),
    **dict.fromkeys(
        ("video", "videos", "intro video", "demo video", "talk", "youtube", "bilibili"), "video"
    ),
    **dict.fromkeys(("slides", "slide", "ppt"), "slides"),
    "poster": "poster",
    **dict.fromkeys(
        (
            "supp",
            "supp.",
            "supplement",
            "supplementary",
            "supplementary material",
            "supplemental material",
            "appendix",
        ),
        "supp",
    ),
    "blog": "blog",
}
_URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_LABEL_SPLIT = re.compile(r"\s*(?:&|\+|/|,|\band\b)\s*")
#: Fields that show as the same link kind: only the first present one is shown.
_SAME_KIND = {"pdf": "paper", "url": "paper"}
_JOURNAL = re.compile(r"\b(?:transactions|journal|letters|magazine|express)\b", re.IGNORECASE)
_PREPRINT = re.compile(r"\b(?:arxiv|preprint|biorxiv|medrxiv)\b", re.IGNORECASE)
_AND = re.compile(r"\band\b", re.IGNORECASE)


def link_fields(label: str, url: str) -> list[str]:
    """The .bib fields a link goes to ("Code & Dataset" -> code and dataset); [] unknown."""
    name = " ".join(label.lower().split())
    parts = [name] if name in _LABEL_KINDS else _LABEL_SPLIT.split(name)
    if not parts or not all(part in _LABEL_KINDS for part in parts):
        return []
    fields = []
    for part in parts:
        kind = _LABEL_KINDS[part]
        if kind == "paper":
            is_pdf = part == "pdf" or url.lower().split("?")[0].endswith(".pdf")
            kind = "pdf" if is_pdf else "url"
        fields.append(kind)
    return list(dict.fromkeys(fields))


def _custom_field(label: str, taken: Iterable[str]) -> str:
    """``url_<Label>`` for a label the link table does not know."""
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    base = "url_" + (re.sub(r"[^A-Za-z0-9]+", "_", ascii_label).strip("_") or "Link")
    name, counter = base, 2
    used = {item.lower() for item in taken}
    while name.lower() in used:
        name, counter = f"{base}_{counter}", counter + 1
    return name


def is_script_url(url: str) -> bool:
    """A ``javascript:``, ``vbscript:`` or ``data:`` URL (spaces and controls ignored)."""
    squeezed = "".join(c for c in url[:40] if c.isprintable() and not c.isspace()).lower()
    return squeezed.startswith(("javascript:", "vbscript:", "data:"))


def url_value(url: str) -> str:
    """A URL as a BibTeX value: written as is, braces and spaces percent-encoded."""
    return url.strip().replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def entry_fields(entry: Entry, log: Log) -> list[tuple[str, str]]:
    """The .bib fields of a newly seen paper, in the order they are written."""
    fields: list[tuple[str, str]] = [("title", entry.title)]
    if entry.authors:
        names = [f"{{{name}}}" if _AND.search(name) else name for name in entry.authors]
        fields.append(("author", " and ".join(names)))
    if entry.venue:
        if _PREPRINT.search(entry.venue_plain):
            fields.append(("howpublished", entry.venue))
        elif _JOURNAL.search(entry.venue_plain):
            fields.append(("journal", entry.venue))
        else:
            fields.append(("booktitle", entry.venue))
    if entry.abbr:
        fields.append(("abbr", latex_escape(entry.abbr, literal_dashes=False)))
    if entry.year:
        fields.append(("year", entry.year))
    titles = [link for link in entry.links if link.label == TITLE_LINK]
    _add_links(fields, entry, [link for link in entry.links if link not in titles] + titles, log)
    if entry.badges:
        fields.append(("badge", ", ".join(dict.fromkeys(entry.badges))))
    if entry.awards:
        fields.append(("award", "; ".join(dict.fromkeys(entry.awards))))
    if entry.preview:
        fields.append(("preview", url_value(entry.preview)))
    if entry.abstract:
        fields.append(("abstract", entry.abstract))
    return fields


def _add_links(
    fields: list[tuple[str, str]], entry: Entry, links: Sequence[Link], log: Log
) -> None:
    """Each link into its field; a second link of a kind gets a ``url_<Label>`` field."""
    values = {value for _, value in fields}
    for link in links:
        url = link.url.strip()
        if not url:
            log.add(entry.source, link.line, "warning", f"link {link.label!r} has no URL; ignored")
            continue
        if url.startswith("#"):
            log.add(entry.source, link.line, "warning", f"link {link.label!r} ({url}) ignored")
            continue
        if is_script_url(url) or classify_url(url) is None:  # the build would drop it
            log.add(
                entry.source,
                link.line,
                "warning",
                f"link {link.label!r} ({url}) ignored: only http, https and mailto "
                "addresses and paths inside the site become links",
            )
            continue
        if url_value(url) in values:
            continue
        if not _URL_SCHEME.match(url):
            log.add(
                entry.source,
                link.line,
                "note",
                f"link {link.label!r} is a file of the old site ({url}): copy it into the "
                "output folder at that path",
            )
        names = link_fields(link.label, url)
        taken = {name for name, _ in fields}
        kinds_taken = {_SAME_KIND.get(name, name) for name in taken}
        placed = False
        for name in names:
            if _SAME_KIND.get(name, name) in kinds_taken:
                continue
            fields.append((name, url_value(url)))
            placed = True
        if not placed:
            fields.append((_custom_field(link.label, taken), url_value(url)))
        values.add(url_value(url))
