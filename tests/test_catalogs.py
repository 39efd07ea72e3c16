"""The message catalogs: extracted from the code, complete in every language, compiled.

The ``.pot`` must list exactly the messages the code marks, every shipped ``.po``
translates each of them (every plural form, the same ``{placeholders}``), and each
committed ``.mo`` is the compilation of its ``.po``.  Run
``python -m sphinxcontrib_researchtopics.locale.catalogs`` after changing a message.
"""

from __future__ import annotations

import gettext
import re

import pytest
from babel.messages.catalog import Catalog

from sphinxcontrib_researchtopics.locale import CATALOG, LANGUAGES, LOCALE_DIR, command_translation
from sphinxcontrib_researchtopics.locale.catalogs import (
    POT,
    compiled,
    extract,
    po_path,
    read_catalog,
)
from sphinxcontrib_researchtopics.sphinxext.labels import Labels

_PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _ids(catalog: Catalog) -> set[object]:
    return {message.id for message in catalog if message.id}


def test_pot_lists_exactly_the_messages_of_the_code() -> None:
    code = extract()
    shipped = read_catalog(POT)
    assert _ids(code) - _ids(shipped) == set(), "run python -m ...locale.catalogs"
    assert _ids(shipped) - _ids(code) == set(), "run python -m ...locale.catalogs"
    # the labels the issue names are among them
    ids = {m if isinstance(m, str) else m[0] for m in _ids(code)}
    for label in ("Abstract", "BibTeX", "Cite", "Paper", "Code", "Conference papers"):
        assert label in ids


def test_every_language_has_a_catalog_folder() -> None:
    folders = sorted(p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES").is_dir())
    assert folders == sorted(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_translates_every_message(language: str) -> None:
    template = read_catalog(POT)
    catalog = read_catalog(po_path(language), language)
    missing = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id)
        strings = () if found is None else found.string
        strings = (strings,) if isinstance(strings, str) else tuple(strings)
        if found is None or found.fuzzy or not strings or not all(strings):
            missing.append(message.id)
            continue
        ids = (message.id,) if isinstance(message.id, str) else message.id
        if len(ids) > 1:
            assert len(strings) == catalog.num_plurals, (language, message.id)
        wanted = set(_PLACEHOLDER.findall(" ".join(ids)))
        for string in strings:
            assert set(_PLACEHOLDER.findall(string)) == wanted, (language, message.id, string)
    assert missing == [], f"{language}: untranslated"


@pytest.mark.parametrize("language", LANGUAGES)
def test_mo_is_the_compiled_po(language: str) -> None:
    path = po_path(language)
    assert path.with_suffix(".mo").read_bytes() == compiled(read_catalog(path, language))


def test_commands_read_the_shipped_catalog() -> None:
    template = read_catalog(POT)
    some = next(m.id for m in template if isinstance(m.id, str) and m.id)
    german = command_translation("de").gettext(some)
    assert german != some
    assert command_translation(None).gettext(some) == some
    assert command_translation("xx").gettext(some) == some
    path = gettext.find(CATALOG, str(LOCALE_DIR), ["zh_CN"])
    assert path is not None and path.endswith(".mo")


def test_labels_put_the_labs_words_first() -> None:
    labels = Labels({"Abstract": "Summary", "Cite": 3})  # type: ignore[dict-item]
    assert labels("Abstract") == "Summary"
    assert labels("Cite") == "Cite"  # not text: ignored (config check warns)
    assert labels("Paper") == "Paper"
    assert labels.plural("and {count} more", "and {count} more", 2) == "and {count} more"
