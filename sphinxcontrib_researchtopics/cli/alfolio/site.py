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
from ..scaffold.features import Features
from ..scaffold.language import translation
from . import settings
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
from .settings import CONFIG

BIB_FOLDER = "_bibliography"
PAGE = "_pages/publications.md"

#: The pages this import writes besides topic pages.
_OWN_PAGES = frozenset({"publications"})

#: The owner's role in ``researchtopics_members`` (``rt-member-owner``): the one author
#: al-folio stresses, the person whose site it is.
OWNER_ROLE = "owner"

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


def members_of(config: YamlDoc, coauthors: YamlDoc, log: Log) -> dict[str, object]:
    """``scholar: last_name x first_name``: the owner (role ``owner``), then every
    co-author with a URL; initials beside a full first name are left out (the build
    matches them to the full name: one person, one member)."""
    members: dict[str, object] = {}
    where = (CONFIG, config.line("scholar"))
    lasts = checked_strings(config.get("scholar", "last_name"), where, "scholar: last_name", log)
    firsts = checked_strings(config.get("scholar", "first_name"), where, "scholar: first_name", log)
    for name in settings.owner_names(firsts, lasts):
        members[name] = {"url": "", "role": OWNER_ROLE}
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
            for name in settings.owner_names(names, [last]):
                members.setdefault(name, url)
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
    settings.report_settings(config, log)
    members = members_of(config, _load(site, "_data/coauthors.yml", log), log)
    venues = venues_of(_load(site, "_data/venues.yml", log), log)
    page = PublicationsPage()
    if (site / PAGE).exists() or (site / PAGE).is_symlink():
        text = read_text(site / PAGE, PAGE, log, site) or ""
        page, _meta = read_publications_page(text, PAGE, "", log)
    else:
        log.add(PAGE, 0, "note", "not found; the publications page lists every entry")
    styles, style_copies = settings.cite_styles(config, site, log)
    plan.copies.extend(style_copies)
    product = Features(url=f"{url_base}/" if url_base else "")
    if url_base:
        log.add(
            CONFIG,
            config.line("url"),
            "note",
            f"html_baseurl is {url_base}/, the old site's address (url, baseurl): change it "
            "in conf.py if the new site is published elsewhere",
        )
    extra = [*_product_settings(product, config, log), *_entry_settings(plan, config, log)]
    extra.append(("The Cite panel's styles (al-folio's scholar: style first)",
                  "researchtopics_cite_styles", styles))  # fmt: skip
    _write_pages(plan, config, page, members, venues, bibfiles, theme, extra, log)
    plan.files["requirements.txt"] = templates.requirements_txt(
        theme.replace("_", "-"), product.extras()
    )
    plan.files["README.md"] = templates.readme_md(
        site_title(config, Log()),
        bibfiles[0] if bibfiles else BIB_FOLDER,
        product.readme_lines(flags=False),
    )
    plan.messages = sorted(log.messages, key=lambda message: (message.path, message.line))
    return plan


def _product_settings(
    product: Features, config: YamlDoc, log: Log
) -> list[tuple[str, str, object]]:
    """The whole product, as ``new`` turns it on; paper pages in ``details_dir``."""
    folder = settings.paper_pages(config, log)
    return [
        (comment, name, folder if name == "researchtopics_paper_pages" else value)
        for comment, name, value in product.settings()
    ]


def _entry_settings(plan: ImportPlan, config: YamlDoc, log: Log) -> list[tuple[str, str, object]]:
    """How entries show: authors, thumbnails, BibTeX toggles as al-folio showed them."""
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
    if config.get("enable_publication_thumbnails") is False:
        extra.append(
            ("al-folio's enable_publication_thumbnails", "researchtopics_thumbnails", False)
        )
    shown = [pub for pub in plan.entries if _true(pub.field("bibtex_show"))]
    if shown and len(shown) < len(plan.entries):
        extra.append(
            (
                "BibTeX toggles only on entries with bibtex_show = {true}, as al-folio showed "
                "them (paper pages show it on every entry; None: on every entry)",
                "researchtopics_bibtex_field",
                "bibtex_show",
            )
        )
    return extra


def _true(value: str) -> bool:
    return value.strip().strip("{}").strip().lower() in ("true", "yes", "1")


def _group_values(entries: list[Publication], name: str) -> list[str]:
    if name == "type":
        return [pub.entry_type.lower() for pub in entries]
    return [pub.field(name).strip().lower() for pub in entries if pub.field(name).strip()]


def _listing(
    config: YamlDoc, page: PublicationsPage, entries: list[Publication], log: Log
) -> tuple[str, str, list[tuple[str, str, object]]]:
    """(``:group-by:``, ``:sort:``, settings) of the publications page: the page's year
    loop (years in the order of its ``years`` list) or ``scholar: group_by``, and the
    rest of ``scholar:`` as the page's ``{% bibliography %}`` tag overrides it."""
    if page.overrides:
        scholar = config.get("scholar")
        merged = {**(scholar if isinstance(scholar, dict) else {}), **page.overrides}
        config = YamlDoc({**config.data, "scholar": merged}, config.lines, config.offset)
    values = {name: _group_values(entries, name) for name in _group_fields(config)}
    group_by, sort, order = settings.group_and_sort(config, values, log)
    if page.group_by == "year" and "year" not in group_by.split(", "):
        years = page.years or []
        newest_first = len(years) < 2 or years[0] >= years[-1]
        group_by = "year" if group_by == "none" else f"year, {group_by}"
        sort = ", ".join(
            dict.fromkeys(["-year" if newest_first else "year", *filter(None, sort.split(", "))])
        )
    extra: list[tuple[str, str, object]] = []
    if order:
        extra.append(("Group order (al-folio's group_order, type_order)",
                      "researchtopics_group_order", order))  # fmt: skip
    names_table = settings.type_names(config, log)
    if names_table:
        extra.append(("Group headings (al-folio's type_names)",
                      "researchtopics_group_names", names_table))  # fmt: skip
    return group_by, sort, extra


def _group_fields(config: YamlDoc) -> list[str]:
    """The fields other than year that ``group_by`` names."""
    value = config.get("scholar", "group_by")
    fields = [
        part.strip().lower()
        for word in (value if isinstance(value, list) else [value])
        if isinstance(word, str)
        for part in word.split(",")
        if part.strip()
    ]
    return [name for name in fields if name not in ("none", "year")]


def _write_pages(
    plan: ImportPlan,
    config: YamlDoc,
    page: PublicationsPage,
    members: Mapping[str, object],
    venues: Mapping[str, Mapping[str, str]],
    bibfiles: list[str],
    theme: str,
    extra: list[tuple[str, str, object]],
    log: Log,
) -> None:
    title = site_title(config, log)
    language = settings.language(config, log)
    labels = translation(language)
    if venues:
        extra.append(
            (
                "Venue badges (al-folio's _data/venues.yml): abbr -> url, color",
                "researchtopics_venues",
                dict(venues),
            )
        )
    group_by, sort, listing = _listing(config, page, plan.entries, log)
    extra.extend(listing)
    plan.files["conf.py"] = templates.conf_py(
        title,
        bibfiles,
        members,
        theme,
        extra=extra,
        command="researchtopics import",
        language=language,
    )
    # A topic tagged "publications" must not replace that page, nor a .bib file's page
    # name, nor a name Sphinx reserves (topics_of knows those).
    taken = _OWN_PAGES | {name.removesuffix(".bib") for name in bibfiles}
    topics = topics_of(plan.entries, frozenset(taken))
    filter_text = _years_filter(page, plan.entries, log)
    plan.files["publications.rst"] = templates.all_rst(
        page.title or labels("Publications"),
        page.intro,
        group_by,
        filter_text,
        sort,
        page.search,
        labels,
    )
    selected = ""
    if any(_true(pub.field("selected")) for pub in plan.entries):
        selected = 'selected == "true"'  # on the home page, as al-folio's about page
    where = (CONFIG, config.line("description"))
    intro = checked_text(config.get("description"), where, "description", log)
    plan.files["index.rst"] = templates.index_rst(
        title,
        [(t.docname, t.title) for t in topics],
        intro,
        ["publications"],
        chart="publications",
        selected=selected,
        sort=sort,
        labels=labels,
    )
    for topic in topics:
        plan.files[f"{topic.docname}.rst"] = templates.topic_rst(topic.title, topic.tag)
    plan.files[".readthedocs.yaml"] = templates.readthedocs_yaml()
    plan.files[".github/workflows/site.yml"] = templates.workflow_yaml(bibfiles)
    plan.files[".pre-commit-config.yaml"] = templates.pre_commit_yaml()
    plan.files[".gitignore"] = templates.GITIGNORE
