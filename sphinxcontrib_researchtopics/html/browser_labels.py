"""The words the scripts show, translated at build time and carried by the page as data.

``researchtopics.js`` and ``researchtopics-finder.js`` make controls, statuses and
counts; their text is one table here, translated with the build's
:class:`..sphinxext.labels.Labels` (the lab's ``researchtopics_labels`` first, then the
catalog) and written into the head of each page that holds entries as one inline JSON
block, ``<script type="application/json" id="rt-labels">``.  So the scripts keep no
catalog of their own, make no request for one, and show English when it is missing.

Counted messages carry one form per plural category of the page's language (CLDR's
"one", "few", "other"...), each the catalog's form for a number of that category; the
script picks one with ``Intl.PluralRules(document.documentElement.lang)``.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from babel import Locale, UnknownLocaleError

from ..locale import N_
from ..sphinxext.state import get_state
from .finder import NO_SCRIPT_BUILDERS, script_json

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..sphinxext.labels import Labels

#: Every plain message the scripts show or put in an attribute, keyed by its English text
#: (the scripts' fallback when a page has no data).
MESSAGES: tuple[str, ...] = (
    # Translators: the finder's box around its search field and filters (aria-label).
    N_("Find publications"),
    # Translators: the label of the finder's search field.
    N_("Search publications"),
    N_("Clear filters"),
    # Translators: the toggle that opens the finder's checkboxes (year, type, topic...).
    N_("Filters"),
    # Translators: the button that copies a BibTeX entry or a citation.
    N_("Copy"),
    # Translators: said after a BibTeX entry or citation was copied to the clipboard.
    N_("Copied"),
    N_("Copy failed: select the text instead"),
    N_("Expand all abstracts"),
    # Translators: closes every abstract of a list (next to "Expand all abstracts").
    N_("Collapse all"),
    # Translators: a panel's button when its own label is missing.
    N_("Show"),
)

#: The id of the page's JSON block (read by the scripts).
ELEMENT_ID = "rt-labels"

#: The class the scripts act on: a page whose body has it gets the block.
MARKER = "rt-publication"

#: Numbers tried to find a sample of each plural category (every category of every
#: CLDR language has one below 200, or is "many" at a million).
_SAMPLES = (*range(200), 1000000)


@functools.cache
def plural_samples(language: str | None) -> tuple[tuple[str, int], ...]:
    """A number of each plural category of *language* (English's for an unknown one):
    (category, number) pairs, found once per language (a millisecond, not one a page)."""
    try:
        rule = Locale.parse(language or "en").plural_form
    except (UnknownLocaleError, ValueError, TypeError):
        rule = Locale("en").plural_form
    samples: dict[str, int] = {}
    for number in _SAMPLES:
        samples.setdefault(rule(number), number)
    samples.setdefault("other", 0)
    return tuple(samples.items())


def counted(labels: Labels, samples: tuple[tuple[str, int], ...]) -> dict[str, dict[str, str]]:
    """Each counted message's forms, by plural category, keyed by its English plural
    (the scripts fill ``{count}`` with the number that chose the form)."""
    status = {
        # Translators: the finder's live status: {count} publications in the list, of which
        # the search and filters show {shown}, e.g. "3 of 14 publications".
        category: labels.plural(
            "{shown} of {count} publication", "{shown} of {count} publications", number
        )
        for category, number in samples
    }
    selected = {
        # Translators: after "Filters": how many checkboxes are ticked, e.g. "(2 selected)".
        category: labels.plural("({count} selected)", "({count} selected)", number)
        for category, number in samples
    }
    return {"{shown} of {count} publications": status, "({count} selected)": selected}


def browser_labels(labels: Labels, language: str | None) -> dict[str, Any]:
    """The JSON the scripts read: plain messages and counted ones, translated."""
    return {
        "text": {message: labels(message) for message in MESSAGES},
        "counted": counted(labels, plural_samples(language)),
    }


def add_page_labels(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``html-page-context``: the block in the head of a page that shows entries (list,
    paper and member pages alike); none in formats whose readers run no script (EPUB)."""
    if app.builder.name.startswith(NO_SCRIPT_BUILDERS):
        return
    if MARKER not in str(context.get("body") or ""):
        return
    data = browser_labels(get_state(app.env).labels, app.config.language)
    block = f'<script type="application/json" id="{ELEMENT_ID}">{script_json(data)}</script>\n'
    context["metatags"] = str(context.get("metatags") or "") + block
