"""Google Scholar's ``citation_*`` tags and OpenGraph/Twitter card tags, from a record.

Scholar indexes a page that describes one paper with these tags in its head (its
inclusion guidelines); pure (name, content) pairs here, escaped into ``<meta>``
elements by :mod:`..html.meta`.
"""

from __future__ import annotations

import re

from .latex import to_text
from .records import Person, Publication, plain

#: Entry types whose venue is a conference (``citation_conference_title``).
CONFERENCE_TYPES = frozenset({"inproceedings", "conference", "proceedings"})
#: Entry types whose venue is the book they are in (``citation_inbook_title``).
INBOOK_TYPES = frozenset({"incollection", "inbook", "inreference"})
THESIS_TYPES = frozenset({"phdthesis", "mastersthesis", "thesis"})
REPORT_TYPES = frozenset({"techreport", "report"})

#: How long an OpenGraph/Twitter description gets (cards cut them anyway).
DESCRIPTION_LENGTH = 300

_PAGE_SPLIT = re.compile(r"\s*(?:-+|\u2013|\u2014)\s*")
_DOI_PREFIX = re.compile(r"^\s*(?:doi\s*:\s*|(?:https?://)?(?:dx\.|www\.)?doi\.org/)", re.I)
_ARXIV_PREFIX = re.compile(
    r"^\s*(?:arxiv\s*:\s*|(?:https?://)?(?:www\.)?arxiv\.org/(?:abs|pdf)/)", re.I
)
_ARXIV_ID = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$", re.I)
_SPACE = re.compile(r"\s+")
#: Control characters, and what XML 1.0 cannot carry at all (surrogates, U+FFFE, U+FFFF):
#: clean text goes into feeds and attributes, where one of them fails the whole file.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

#: A Scholar tag: (name, content).
Tag = tuple[str, str]


def clean(text: str) -> str:
    """One line of text without control characters (attribute values stay readable)."""
    return _SPACE.sub(" ", _CONTROL.sub("", text)).strip()


def field_text(publication: Publication, name: str) -> str:
    """A field converted from LaTeX to plain Unicode, on one line."""
    value = publication.field(name)
    return clean(to_text(value)) if value else ""


def scholar_author(person: Person) -> str:
    """ "Last, First" (Scholar's unambiguous form), or the name as displayed."""
    last = " ".join(part for part in (person.von, person.last) if part)
    if not last or not person.first:
        return clean(person.display)
    return clean(", ".join(part for part in (last, person.jr, person.first) if part))


def publication_date(publication: Publication) -> str:
    """ "2022/05" or "2022": Scholar's ``YYYY/MM/DD`` as far as it is known ("" if not)."""
    if publication.year_num is None:
        return ""
    if publication.month:
        return f"{publication.year_num:04d}/{publication.month:02d}"
    return f"{publication.year_num:04d}"


def page_range(value: str) -> tuple[str, str]:
    """ "12--34" -> ("12", "34"); "e1234" -> ("e1234", "")."""
    parts = [part for part in _PAGE_SPLIT.split(clean(value)) if part]
    if not parts:
        return "", ""
    return parts[0], parts[-1] if len(parts) > 1 else ""


def doi_of(publication: Publication) -> str:
    """The bare DOI ("10.1000/xyz"), without a resolver prefix."""
    doi = field_text(publication, "doi")
    doi = _DOI_PREFIX.sub("", doi)
    return doi if doi.startswith("10.") else ""


def arxiv_id_of(publication: Publication) -> str:
    """The arXiv identifier from ``arxiv``, or ``eprint`` when the archive is arXiv."""
    candidates = [field_text(publication, "arxiv")]
    archive = field_text(publication, "archiveprefix") or field_text(publication, "eprinttype")
    if archive.lower() == "arxiv":
        candidates.append(field_text(publication, "eprint"))
    for candidate in candidates:
        ident = _ARXIV_PREFIX.sub("", candidate).removesuffix(".pdf").strip("/ ")
        if _ARXIV_ID.match(ident):
            return ident
    return ""


def is_pdf_url(url: str) -> bool:
    """Whether a link is a PDF: its path ends in ``.pdf`` or it is an arXiv PDF."""
    path = url.split("#", 1)[0].split("?", 1)[0].lower()
    return path.endswith(".pdf") or "arxiv.org/pdf/" in path


def _venue_tags(publication: Publication) -> list[Tag]:
    venue = clean(plain(publication.venue))
    entry_type = publication.entry_type
    if entry_type in THESIS_TYPES:
        school = field_text(publication, "school") or field_text(publication, "institution")
        return [("citation_dissertation_institution", school)] if school else []
    if entry_type in REPORT_TYPES:
        tags = []
        institution = field_text(publication, "institution") or venue
        if institution:
            tags.append(("citation_technical_report_institution", institution))
        number = field_text(publication, "number")
        if number:
            tags.append(("citation_technical_report_number", number))
        return tags
    if not venue:
        return []
    if entry_type in CONFERENCE_TYPES:
        return [("citation_conference_title", venue)]
    if entry_type in INBOOK_TYPES:
        return [("citation_inbook_title", venue)]
    if entry_type == "book":
        return []
    return [("citation_journal_title", venue)]


def scholar_tags(publication: Publication, pdf_url: str = "") -> list[Tag]:
    """The ``citation_*`` tags of one entry, in the order Scholar's guidelines list them.

    Only tags with a value are given: no empty ``content`` attributes.
    """
    tags: list[Tag] = []
    title = clean(plain(publication.title))
    if title:
        tags.append(("citation_title", title))
    for person in publication.authors:
        if not person.others:
            name = scholar_author(person)
            if name:
                tags.append(("citation_author", name))
    date = publication_date(publication)
    if date:
        tags.append(("citation_publication_date", date))
    tags.extend(_venue_tags(publication))
    if publication.entry_type not in REPORT_TYPES:
        for tag, name in (("citation_volume", "volume"), ("citation_issue", "number")):
            value = field_text(publication, name)
            if value:
                tags.append((tag, value))
    first, last = page_range(field_text(publication, "pages"))
    if first:
        tags.append(("citation_firstpage", first))
    if last:
        tags.append(("citation_lastpage", last))
    publisher = field_text(publication, "publisher")
    if publisher:
        tags.append(("citation_publisher", publisher))
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    doi = doi_of(publication)
    if doi:
        tags.append(("citation_doi", doi))
    arxiv = arxiv_id_of(publication)
    if arxiv:
        tags.append(("citation_arxiv_id", arxiv))
    return tags


def description(publication: Publication, limit: int = DESCRIPTION_LENGTH) -> str:
    """The abstract, cut at a word near *limit*; else the authors and the venue line."""
    text = clean(plain(publication.abstract))
    if not text:
        names = ", ".join(p.display for p in publication.authors if not p.others)
        venue = clean(plain(publication.venue))
        text = clean(". ".join(part for part in (names, venue, publication.year) if part))
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",.;: ") + "…"


def social_tags(publication: Publication, url: str = "", image: str = "") -> list[Tag]:
    """OpenGraph (``og:*``) and Twitter card (``twitter:*``) tags; *url*/*image* absolute."""
    title = clean(plain(publication.title)) or publication.key
    text = description(publication)
    tags: list[Tag] = [("og:type", "article"), ("og:title", title)]
    if text:
        tags.append(("og:description", text))
    if url:
        tags.append(("og:url", url))
    if image:
        tags.append(("og:image", image))
    tags.append(("twitter:card", "summary_large_image" if image else "summary"))
    tags.append(("twitter:title", title))
    if text:
        tags.append(("twitter:description", text))
    if image:
        tags.append(("twitter:image", image))
    return tags
