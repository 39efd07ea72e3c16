"""The language of a generated site: ``new --language`` and al-folio's ``lang``.

A code is written into conf.py as Sphinx spells ``language`` (``zh_CN``, ``pt_BR``):
HTML's spelling (``zh-cn``, ``pt-BR``) is accepted and normalised, anything that is not
a language code is refused (it names the catalog folders Sphinx and gettext look in).
The pages' titles come from the extension's catalog; a language without one (``nl``)
gets English titles, and Sphinx's own words if Sphinx has that language.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable

from ...locale import CATALOG, LOCALE_DIR, command_translation

__all__ = ["Translate", "has_catalog", "site_language", "translation"]

#: A message (English) -> the text written in the site.
Translate = Callable[[str], str]

#: language, script, region (two letters or three digits), variant (``sr@latin``).
_CODE = re.compile(
    r"([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|[0-9]{3}))?(@[A-Za-z]{1,16})?"
)

#: Codes that name a language another way: scripts (``zh-Hans``) and al-folio's own
#: example ``cn`` (its _config.yml says "for example: en, fr, cn, ru").
_ALIASES = {"cn": "zh_CN", "zh_Hans": "zh_CN", "zh_Hant": "zh_TW"}


def site_language(code: str) -> str | None:
    """*code* as Sphinx's ``language`` (``zh-cn`` -> ``zh_CN``), or None if it is not a
    language code."""
    found = _CODE.fullmatch(code.strip())
    if found is None:
        return None
    language, script, region, variant = found.groups()
    parts = [language.lower()]
    if script:
        parts.append(script.title())
    if region:
        parts.append(region.upper())
    name = "_".join(parts)
    return _ALIASES.get(name, name) + (variant.lower() if variant else "")


def has_catalog(language: str) -> bool:
    """Whether the extension ships a catalog for *language* (``de_DE`` reads ``de``'s)."""
    return gettext.find(CATALOG, str(LOCALE_DIR), [language]) is not None


def translation(language: str | None) -> Translate:
    """The pages' words in *language* (English when it has no catalog)."""
    return command_translation(language).gettext
