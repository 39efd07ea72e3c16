"""Assembling the new site from an al-folio site: settings, pages, .bib files, assets.

:func:`plan_import` reads everything and returns what to write and copy, with the
report; it writes nothing, so the command can refuse to overwrite before any change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...bib.links import classify_url
from ...bib.records import Publication
from ..messages import Log, Message
from ..scaffold import templates, topics_of
from .bibfiles import convert_bib
from .page import PublicationsPage, read_publications_page
from .reading import (
    MAX_YAML,
    YamlDoc,
    checked_strings,
    checked_text,
    parse_yaml,
    read_site_bytes,
    read_text,
    type_name,
)

CONFIG = "_config.yml"
BIB_FOLDER = "_bibliography"
PAGE = "_pages/publications.md"

#: ``scholar:`` settings that are carried over (or mean what this extension does anyway).
_SCHOLAR_CARRIED = frozenset({"last_name", "first_name", "source", "bibliography", "group_by"})

#: ``scholar:`` settings that this extension always behaves as: a note, not a warning.
_SCHOLAR_SAME = frozenset({"bibtex_filters", "replace_strings", "join_strings"})

#: ``scholar:`` settings with no equivalent, and why nothing is lost or what is.
_SCHOLAR_REASONS: dict[str, str] = {
    "style": "entries have one layout here (see docs/html.rst), not a CSL style",
    "locale": "the CSL locale has no equivalent",
    "bibliography_template": "entries are rendered by the extension, not a Liquid template",
    "bibtex_filters": "LaTeX in fields is always converted",
    "replace_strings": "@string macros are always replaced",
    "join_strings": "# concatenation is always joined",
    "details_dir": "there are no per-entry detail pages",
    "details_layout": "there are no per-entry detail pages",
    "details_link": "there are no per-entry detail pages",
}

#: Top-level settings of al-folio about publications that have no equivalent.
_SITE_REASONS: dict[str, str] = {
    "enable_publication_badges": "Altmetric/Dimensions/Scholar/INSPIRE badges are not shown",
    "scholar_userid": "Google Scholar citation counts are not shown",
    "more_authors_animation_delay": "hidden authors are shown at once, without animation",
    "enable_video_embedding": "video fields are links, not embedded players",
    "bib_search": "Sphinx's own search covers the entries",
    "filtered_bibtex_keywords": "the BibTeX view leaves out a fixed set of display fields",
}

#: The pages this import writes besides topic pages.
_OWN_PAGES = frozenset({"publications", "selected"})

_COLOUR = re.compile(r"#[0-9A-Fa-f]{3,8}|[A-Za-z]{3,20}")


@dataclass
class ImportPlan:
    """What the import writes (text files), copies (old path, new path) and reports."""

    files: dict[str, str] = field(default_factory=dict)
    copies: list[tuple[Path, str]] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    entries: list[Publication] = field(default_factory=list)


def _full_name(config: YamlDoc, log: Log) -> str:
    names = ("first_name", "middle_name", "last_name")
    parts = [checked_text(config.get(key), (CONFIG, config.line(key)), key, log) for key in names]
    return " ".join(part.strip() for part in parts if part.strip())


def site_title(config: YamlDoc, log: Log | None = None) -> str:
    """al-folio's title, or the owner's name when the title is ``blank`` (its default);
    a title of another type is reported."""
    log = log if log is not None else Log()
    title = checked_text(config.get("title"), (CONFIG, config.line("title")), "title", log)
    if title.strip() and title.strip().lower() != "blank":
        return " ".join(title.split())
    return _full_name(config, log) or "Publications"


def _safe_url(value: Any, where: tuple[str, int], what: str, log: Log) -> str:
    if value is not None and not isinstance(value, str):
        log.add(*where, "warning", f"{what}: url: {type_name(value)} is not a web address")
        return ""
    if not isinstance(value, str) or not value.strip():
        return ""
    checked = classify_url(value.strip())
    if checked is None or checked[1]:
        log.add(*where, "warning", f"{what}: {value!r} is not a web address; not linked")
        return ""
    return checked[0]


def members_of(config: YamlDoc, coauthors: YamlDoc, log: Log) -> dict[str, str]:
    """``scholar: last_name x first_name`` (the owner), then every co-author with a URL."""
    members: dict[str, str] = {}
    where = (CONFIG, config.line("scholar"))
    lasts = checked_strings(config.get("scholar", "last_name"), where, "scholar: last_name", log)
    firsts = checked_strings(config.get("scholar", "first_name"), where, "scholar: first_name", log)
    for first in firsts:
        for last in lasts:
            members[f"{first} {last}"] = ""
    source = "_data/coauthors.yml"
    for key, people in coauthors.data.items():
        last = key.title() if key == key.lower() else key
        line = coauthors.line(key)
        if not isinstance(people, list):
            log.add(source, line, "warning", f"{key!r}: expected a list of people; ignored")
            continue
        for person in people:
            if not isinstance(person, dict):
                log.add(
                    source,
                    line,
                    "warning",
                    f"{key!r}: {type_name(person)} is not a person (firstname, url); ignored",
                )
                continue
            url = _safe_url(person.get("url"), (source, line), key, log)
            names = checked_strings(
                person.get("firstname"), (source, line), f"{key}: firstname", log
            )
            for first in names:
                members.setdefault(f"{first} {last}", url)
    if coauthors.data:
        log.add(
            source,
            0,
            "note",
            "co-authors are lab members here: highlighted as well as linked (al-folio only "
            "links them); edit researchtopics_members in conf.py to change that",
        )
    return members


def venues_of(venues: YamlDoc, log: Log) -> dict[str, dict[str, str]]:
    """``_data/venues.yml``: abbr -> {"url", "color"}, only safe values."""
    source = "_data/venues.yml"
    result: dict[str, dict[str, str]] = {}
    for abbr, value in venues.data.items():
        line = venues.line(abbr)
        if not isinstance(value, dict):
            log.add(source, line, "warning", f"{abbr!r}: expected url/color; ignored")
            continue
        venue: dict[str, str] = {}
        url = _safe_url(value.get("url"), (source, venues.line(abbr, "url")), abbr, log)
        if url:
            venue["url"] = url
        colour = value.get("color")
        if isinstance(colour, str) and _COLOUR.fullmatch(colour.strip()):
            venue["color"] = colour.strip()
        elif colour is not None:
            log.add(source, venues.line(abbr, "color"), "warning", f"{abbr}: colour not kept")
        for other in value:
            if other not in ("url", "color"):
                log.add(source, venues.line(abbr, str(other)), "warning", f"{other}: not kept")
        result[abbr] = venue
    return result


def _report_settings(config: YamlDoc, log: Log) -> None:
    scholar = config.get("scholar")
    if isinstance(scholar, dict):
        for key, value in scholar.items():
            line = config.line("scholar", str(key))
            if key in _SCHOLAR_CARRIED:
                continue
            if key == "query" and str(value).replace(" ", "") in ("@*", "*"):
                continue
            if key == "group_order" and str(value).lower() == "descending":
                continue
            reason = _SCHOLAR_REASONS.get(str(key), "no equivalent; not carried over")
            level = "note" if key in _SCHOLAR_SAME else "warning"
            log.add(CONFIG, line, level, f"scholar: {key}: {reason}")
    for key, reason in _SITE_REASONS.items():
        value = config.get(key)
        if value and (not isinstance(value, dict) or any(value.values())):
            log.add(CONFIG, config.line(key), "warning", f"{key}: {reason}")
    if config.get("enable_publication_thumbnails") is False:
        log.add(
            CONFIG,
            config.line("enable_publication_thumbnails"),
            "warning",
            "enable_publication_thumbnails is false, but preview images are shown here",
        )


def _group_by(config: YamlDoc, log: Log) -> str:
    value = config.get("scholar", "group_by")
    if value is None:
        return "none"
    text = str(value).strip().lower()
    if text in ("year", "type", "none"):
        return text
    log.add(CONFIG, config.line("scholar", "group_by"), "warning", f"group_by {text}: not kept")
    return "none"


def _years_filter(page: PublicationsPage, entries: list[Publication], log: Log) -> str:
    """``:filter:`` for a page that lists only ``page.years`` (empty when that is all)."""
    if page.years is None:
        return ""
    hidden = [pub.key for pub in entries if pub.year_num not in page.years]
    if not hidden:
        return ""
    log.add(
        PAGE,
        0,
        "note",
        f"{len(hidden)} entries are in no year of the page's years list, so they are not "
        f"listed (as on the old site): {', '.join(hidden)}",
    )
    return f"year in {tuple(sorted(set(page.years)))!r}"


def _load(site: Path, relative: str, log: Log) -> YamlDoc:
    path = site / relative
    if not path.exists() and not path.is_symlink():
        return YamlDoc()
    text = read_text(path, relative, log, site, MAX_YAML)
    return parse_yaml(text, relative, log) if text is not None else YamlDoc()


def plan_import(site: Path, theme: str = "furo") -> ImportPlan:
    """Read the al-folio site in *site*: what to write, copy and report (messages name
    files relative to *site*, sorted by file and line)."""
    log = Log()
    plan = ImportPlan()
    config = _load(site, CONFIG, log)
    url = config.get("url") if isinstance(config.get("url"), str) else ""
    baseurl = config.get("baseurl") if isinstance(config.get("baseurl"), str) else ""
    url_base = f"{url.rstrip('/')}/{baseurl.strip('/')}".rstrip("/") if url else ""
    if url_base and (classify_url(url_base) or ("", True))[1]:
        url_base = ""
    bibfiles: list[str] = []
    for path in sorted((site / BIB_FOLDER).rglob("*.bib")):
        relative = path.relative_to(site).as_posix()
        data = read_site_bytes(path, relative, site, log)
        if data is None:
            continue  # a link out of the site, a FIFO or folder named .bib: reported
        result = convert_bib(data, relative, site, url_base, log)
        plan.files[relative] = result.text
        plan.copies.extend(result.copies)
        plan.entries.extend(result.entries)
        bibfiles.append(relative)
    if not bibfiles:
        log.add(BIB_FOLDER, 0, "error", "no .bib files")
    _report_settings(config, log)
    members = members_of(config, _load(site, "_data/coauthors.yml", log), log)
    venues = venues_of(_load(site, "_data/venues.yml", log), log)
    page = PublicationsPage(group_by=_group_by(config, log))
    if (site / PAGE).exists() or (site / PAGE).is_symlink():
        text = read_text(site / PAGE, PAGE, log, site) or ""
        page, _meta = read_publications_page(text, PAGE, page.group_by, log)
    else:
        log.add(PAGE, 0, "note", "not found; the publications page lists every entry")
    _write_pages(plan, config, page, members, venues, bibfiles, theme, log)
    plan.messages = sorted(log.messages, key=lambda message: (message.path, message.line))
    return plan


def _write_pages(
    plan: ImportPlan,
    config: YamlDoc,
    page: PublicationsPage,
    members: Mapping[str, str],
    venues: Mapping[str, Mapping[str, str]],
    bibfiles: list[str],
    theme: str,
    log: Log,
) -> None:
    title = site_title(config, log)
    extra: list[tuple[str, str, object]] = []
    limit = config.get("max_author_limit")
    if isinstance(limit, int) and not isinstance(limit, bool) and 0 < limit < 10**6:
        extra.append(("al-folio's max_author_limit", "researchtopics_max_authors", limit))
    elif limit is not None:
        log.add(
            CONFIG,
            config.line("max_author_limit"),
            "warning",
            f"max_author_limit: {type_name(limit) if not isinstance(limit, int) else limit} "
            "is not a positive number; not carried over",
        )
    if venues:
        extra.append(
            (
                "Venue badges (al-folio's _data/venues.yml): abbr -> url, color",
                "researchtopics_venues",
                dict(venues),
            )
        )
    plan.files["conf.py"] = templates.conf_py(
        title, bibfiles, members, theme, extra=extra, command="researchtopics import"
    )
    # A topic tagged "publications" or "selected" must not replace those pages, nor a
    # .bib file's page name, nor a name Sphinx reserves (topics_of knows those).
    taken = _OWN_PAGES | {name.removesuffix(".bib") for name in bibfiles}
    topics = topics_of(plan.entries, frozenset(taken))
    pages = ["publications"]
    filter_text = _years_filter(page, plan.entries, log)
    plan.files["publications.rst"] = templates.all_rst(
        page.title, page.intro, page.group_by, filter_text
    )
    if any(pub.field("selected").strip().lower() == "true" for pub in plan.entries):
        pages.append("selected")
        plan.files["selected.rst"] = templates.all_rst(
            "Selected publications", (), "none", 'selected == "true"'
        )
    where = (CONFIG, config.line("description"))
    intro = checked_text(config.get("description"), where, "description", log)
    plan.files["index.rst"] = templates.index_rst(
        title, [(t.docname, t.title) for t in topics], intro, pages
    )
    for topic in topics:
        plan.files[f"{topic.docname}.rst"] = templates.topic_rst(topic.title, topic.tag)
    plan.files["requirements.txt"] = templates.requirements_txt(theme.replace("_", "-"))
    plan.files[".readthedocs.yaml"] = templates.readthedocs_yaml()
    plan.files[".github/workflows/site.yml"] = templates.workflow_yaml(bibfiles)
    plan.files[".pre-commit-config.yaml"] = templates.pre_commit_yaml()
    plan.files[".gitignore"] = templates.GITIGNORE
    plan.files["README.md"] = templates.readme_md(title, bibfiles[0] if bibfiles else BIB_FOLDER)
