"""Keep the catalogs in step with the code: extract the ``.pot``, update, compile.

``python -m sphinxcontrib_researchtopics.locale.catalogs`` extracts every message from
the package into ``researchtopics.pot``, merges it into each language's ``.po`` (new
messages come untranslated, never guessed) and compiles the ``.mo`` files that ship.
Babel is a dependency of Sphinx, so this needs nothing more.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from .. import __version__
from . import CATALOG, LANGUAGES, LOCALE_DIR

__all__ = ["KEYWORDS", "compiled", "extract", "main", "new_catalog", "po_path", "read_catalog"]

#: The calls that carry messages: ``labels("...")`` (a :class:`..sphinxext.labels.Labels`
#: or a command's translation), ``labels.plural("...", "...", n)``, and ``N_("...")``.
KEYWORDS: dict[str, tuple[int, ...] | None] = {"labels": None, "plural": (1, 2), "N_": None}

PACKAGE = LOCALE_DIR.parent
POT = LOCALE_DIR / f"{CATALOG}.pot"


def extract() -> Catalog:
    """Every message of the package's code, with where it is used."""
    catalog = new_catalog(None)
    found = extract_from_dir(
        str(PACKAGE),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        path = f"sphinxcontrib_researchtopics/{filename}"
        catalog.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return catalog


def new_catalog(language: str | None) -> Catalog:
    """An empty catalog with the project's header (no placeholders left in it)."""
    authors = "The sphinxcontrib-researchtopics authors"
    return Catalog(
        locale=language,
        project="sphinxcontrib-researchtopics",
        version=__version__,
        copyright_holder=authors,
        last_translator=authors,
        language_team=authors,
        fuzzy=False,
    )


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{CATALOG}.po"


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, locale=language)


def compiled(catalog: Catalog) -> bytes:
    """The ``.mo`` bytes of *catalog* (what ships, and what the test compares)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def main() -> int:
    template = extract()
    if POT.exists():  # the same messages keep their date: no change without a change
        before = read_catalog(POT)
        if {m.id for m in before} == {m.id for m in template}:
            template.creation_date = before.creation_date
    with POT.open("wb") as stream:
        write_po(stream, template, width=88, sort_output=True, include_lineno=False)
    for language in LANGUAGES:
        path = po_path(language)
        if path.exists():
            catalog = read_catalog(path, language)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = new_catalog(language)
        catalog.update(template, no_fuzzy_matching=True)
        with path.open("wb") as stream:
            write_po(stream, catalog, width=88, sort_output=True, include_lineno=False,
                     ignore_obsolete=True)
        path.with_suffix(".mo").write_bytes(compiled(read_catalog(path, language)))
    print(f"{len(template)} messages in {POT.relative_to(PACKAGE.parent)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
