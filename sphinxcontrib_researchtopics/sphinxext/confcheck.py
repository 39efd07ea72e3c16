"""conf.py checked once at startup: an invalid value is a warning, then its default.

Sphinx only warns about a value of the wrong type and keeps it; an enumerated value
spelled wrong (``researchtopics_abstract = "expand"``) would be silently misread.
Member URLs from conf.py become links like .bib URLs do, so they pass the same check.
``researchtopics_labels`` keys are the catalog's English messages: a key that is none
(a typo) would silently change nothing, so it is named.
"""

from __future__ import annotations

import difflib
import os
from typing import TYPE_CHECKING, Any

from babel.messages.pofile import read_po

from ..bib.people import unsafe_member_urls
from ..config import CONFIG_VALUES, WARNING_TYPE, ConfigValue
from ..locale import CATALOG, LOCALE_DIR
from .log import get_logger

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = get_logger(__name__)

_WIDTH = 60


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _WIDTH else text[: _WIDTH - 1] + "…"


def _warn(message: str) -> None:
    logger.warning(f"conf.py: {message}", type=WARNING_TYPE, subtype="config")


def problem_of(spec: ConfigValue, value: Any) -> str:
    """Why *value* is not valid for *spec* ("" when it is)."""
    wrong_bool = isinstance(value, bool) and bool not in spec.types
    if wrong_bool or not isinstance(value, spec.types):
        names = " or ".join(kind.__name__ for kind in spec.types)
        return f"is not of type {names}"
    if spec.choices and value not in spec.choices:
        return f"is not one of {', '.join(spec.choices)}"
    return ""


def known_messages() -> set[str]:
    """The messages a lab may relabel: every ``msgid`` of the shipped ``.pot`` (of a
    plural message, its singular, which an override replaces for every count)."""
    with (LOCALE_DIR / f"{CATALOG}.pot").open("rb") as stream:
        template = read_po(stream)
    ids = (message.id for message in template if message.id)
    return {item if isinstance(item, str) else str(item[0]) for item in ids}


def check_labels(config: Config) -> None:
    """Keep the text -> text pairs of ``researchtopics_labels``; name a key that is no
    message of the catalog (read only when the setting is not empty)."""
    own = config.researchtopics_labels
    if not own:
        return
    known: set[str] | None = None
    kept: dict[str, str] = {}
    for key, value in own.items():
        if not isinstance(key, str) or not isinstance(value, str):
            pair = f"{_shown(key)}: {_shown(value)}"
            _warn(f"researchtopics_labels: {pair}: a label and its text are strings; ignored")
            continue
        known = known_messages() if known is None else known
        if key not in known:
            near = difflib.get_close_matches(key, sorted(known), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            _warn(
                f"researchtopics_labels: {_shown(key)} is not a label of the extension{hint}; "
                "it changes nothing (the docs' languages page lists the labels)"
            )
            continue
        kept[key] = value
    config.researchtopics_labels = kept


def check_items(config: Config) -> None:
    """Drop, with a warning, the items of a list value that are not strings (a .bib file,
    a CSL style) and the values of ``researchtopics_group_order`` that are not lists: the
    type check above sees only the outer list or dict."""
    for name in ("researchtopics_bibfiles", "researchtopics_cite_styles"):
        value = getattr(config, name)
        if isinstance(value, (list, tuple)):
            for item in value:
                if not isinstance(item, str):
                    _warn(f"{name}: {_shown(item)} is not a string; ignored")
            setattr(config, name, [item for item in value if isinstance(item, str)])
    order = config.researchtopics_group_order
    if isinstance(order, dict):
        for key, values in order.items():
            if not isinstance(values, (list, tuple, str)):
                _warn(
                    f"researchtopics_group_order: {_shown(key)}: {_shown(values)} "
                    "is not a list; ignored"
                )
        config.researchtopics_group_order = {
            key: values for key, values in order.items() if isinstance(values, (list, tuple, str))
        }


def check_config(app: Sphinx, config: Config) -> None:
    """Replace each invalid ``researchtopics_*`` value by its default, with a warning.

    Runs in ``config-inited`` before Sphinx's own type check, which then sees valid values.
    """
    for spec in CONFIG_VALUES:
        value = getattr(config, spec.name)
        problem = problem_of(spec, value)
        if problem:
            _warn(f"{spec.name} = {_shown(value)} {problem}; using {spec.default!r}")
            setattr(config, spec.name, spec.default)
    check_items(config)
    config.researchtopics_cite_styles = [
        os.path.join(app.confdir, style)
        if isinstance(style, str) and style.endswith(".csl") and not os.path.isabs(style)
        else style
        for style in config.researchtopics_cite_styles
    ]  # a .csl file beside conf.py, wherever the build is run from
    check_labels(config)
    for name, url in unsafe_member_urls(config.researchtopics_members):
        _warn(
            f"researchtopics_members: {name!r} has an unsafe URL {_shown(url)} "
            "(only http, https, mailto or a relative path); shown without a link"
        )
