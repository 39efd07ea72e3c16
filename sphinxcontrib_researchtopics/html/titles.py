"""``html_title`` and ``project`` reach every theme as text, escaped exactly once.

Sphinx's templates do not autoescape: the basic layout writes ``docstitle|e`` in
``<title>`` while furo's brand, alabaster's logo and sphinx_rtd_theme's home link write
``{{ docstitle }}`` or ``{{ project }}`` as they are, so a title with ``<`` or ``&`` was
raw HTML in one place or escaped twice in another.  Passing each as
:class:`markupsafe.Markup` of the escaped text makes both right: ``|e`` leaves a Markup
alone, ``|striptags`` unescapes it before ``|e``, and a plain ``{{ }}`` prints it escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__all__ = ["TITLE_KEYS", "escape_titles"]

#: The context values themes print that hold the configured titles as plain text.
TITLE_KEYS = ("docstitle", "project", "shorttitle")


def escape_titles(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Every title in *context* as Markup of its escaped text (already Markup: kept)."""
    for key in TITLE_KEYS:
        value = context.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            context[key] = escape(value)
