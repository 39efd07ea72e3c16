"""The extension's message catalog: where it lives, which languages ship, the marker.

Pure (no Sphinx): the builds translate through :mod:`..sphinxext.labels`, which registers
this folder with Sphinx; the commands (``researchtopics new --language``) read the same
``.mo`` files with :mod:`gettext`.  Every shipped catalog translates every message
(``tests/test_catalogs.py``); ``python -m sphinxcontrib_researchtopics.locale.catalogs``
extracts the ``.pot``, merges it into each ``.po`` and compiles the ``.mo`` files.
"""

from __future__ import annotations

import gettext
from pathlib import Path

__all__ = ["CATALOG", "LANGUAGES", "LOCALE_DIR", "N_", "command_translation"]

#: The catalog's name: ``LOCALE_DIR/<language>/LC_MESSAGES/researchtopics.mo``.
CATALOG = "researchtopics"

#: The folder holding ``researchtopics.pot`` and one folder per language.
LOCALE_DIR = Path(__file__).resolve().parent

#: Every language with a complete catalog, as Sphinx's ``language`` spells it.
LANGUAGES = ("de", "es", "fr", "it", "ja", "ko", "pt_BR", "zh_CN", "zh_TW")


def N_(message: str) -> str:
    """Mark *message* for extraction where it is defined; it is translated where shown."""
    return message


def command_translation(language: str | None) -> gettext.NullTranslations:
    """The catalog of *language* for the commands (English when there is none)."""
    if not language:
        return gettext.NullTranslations()
    return gettext.translation(
        CATALOG, localedir=str(LOCALE_DIR), languages=[language], fallback=True
    )
