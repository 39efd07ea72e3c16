"""Every label the extension shows, in the build's ``language``, the lab's own words first.

A label is the English message of the ``researchtopics`` catalog (:mod:`..locale`);
``researchtopics_labels`` maps such messages to a lab's own text in any language.  The
more specific settings (``researchtopics_link_labels``, ``researchtopics_group_names``)
are looked up before a :class:`Labels` is asked.

Call sites name the object ``labels`` and call it, ``labels("Abstract")``, or its
:meth:`Labels.plural`; tables mark their messages with :func:`..locale.N_`.  Those are
the keywords extraction looks for (:mod:`..locale.catalogs`), so a message written any
other way is never translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from gettext import NullTranslations
from string import Formatter
from typing import TYPE_CHECKING

from sphinx.locale import get_translator, is_translator_registered

from ..locale import CATALOG, LOCALE_DIR

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["ENGLISH", "Labels", "register_catalog"]


class Labels:
    """Translate the extension's messages for one build (overrides, then the catalog)."""

    def __init__(self, overrides: Mapping[str, str] | None = None) -> None:
        #: The lab's own words for messages: English message -> text shown.
        self.overrides: dict[str, str] = {
            key: value
            for key, value in (overrides or {}).items()
            if isinstance(key, str) and isinstance(value, str) and fills(key, value)
        }

    def catalog(self) -> NullTranslations:
        """The build's catalog (registered by ``setup()``), English before that.

        Looked up on each call (a dict lookup), never kept: a process that builds again
        in another language (tests, sphinx-autobuild) gets Sphinx's new catalog."""
        if not is_translator_registered(CATALOG):
            return NullTranslations()
        return get_translator(CATALOG)

    def __call__(self, message: str) -> str:
        own = self.overrides.get(message)
        return own if own is not None else self.catalog().gettext(message)

    def plural(self, singular: str, plural: str, count: int) -> str:
        """The form for *count*; an override of *singular* is used for every count."""
        own = self.overrides.get(singular)
        return own if own is not None else self.catalog().ngettext(singular, plural, count)


def fills(message: str, text: str) -> bool:
    """Whether *text* can stand for *message* where it is ``.format()``-ed: a message with
    ``{placeholders}`` takes only text whose fields are among them (a lab's
    ``{"Cited by {count}": "Zitiert: {n}"}`` is left out rather than failing the build)."""
    try:
        wanted = {name for _, name, _, _ in Formatter().parse(message) if name is not None}
        if not wanted:
            return True
        text.format(**dict.fromkeys(wanted, ""))
    except (ValueError, KeyError, IndexError, AttributeError, TypeError):
        return False
    return True


#: Labels with no overrides (renderers called outside a build).
ENGLISH = Labels()


def register_catalog(app: Sphinx) -> None:
    """Sphinx loads the catalog of the build's ``language`` (none: English)."""
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
