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
    "bib_encoding": "a .bib file is not UTF-8 (read as Latin-1) or holds binary data",
    "bib_syntax": "a syntax error in a .bib file (unbalanced braces, a missing comma, ...)",
    "stray_text": "text between entries that is not a comment",
    "duplicate_field": "a field given twice in one entry (the first value is kept)",
    "duplicate_key": "a key defined twice, in one file or across files (the first is kept)",
    "undefined_macro": "an @string macro that is used but never defined",
    "entry_type": "an entry type that BibTeX and biblatex do not define",
    "crossref": "a crossref to a key that no .bib file defines",
    "field_value": "a field value that cannot be understood (a year, month or date)",
    "unsafe_url": "a link whose URL scheme is not http, https, mailto or a local path",
    "missing_file": "a local link whose file is not in the source folder",
    "missing_key": "a directive or role names a key that no .bib file defines",
    "option": "an invalid directive option (a :filter:, :sort: or :group-by: value) or "
    "researchtopics_finder value",
    "nav": "a topic-nav entry that names a document that does not exist",
}


@dataclass(frozen=True)
class ConfigValue:
    """One ``researchtopics_*`` value: what ``app.add_config_value`` needs."""

    name: str
    default: Any
    rebuild: str
    types: tuple[type, ...]
    doc: str


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
    ),
    ConfigValue(
        "researchtopics_bibtex",
        True,
        "env",
        (bool,),
        "show a BibTeX toggle with a copy button on every entry",
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
        "researchtopics_also_in",
        True,
        "env",
        (bool,),
        'list the other topic pages an entry of a publications list is on ("Also in: ...")',
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
)

ABSTRACT_MODES = ("collapsed", "expanded", "hidden")

#: ``researchtopics_finder = "auto"`` shows the finder on lists of this many entries.
FINDER_AUTO_MIN = 10
