"""conf.py checked once at startup: an invalid value is a warning, then its default.

Sphinx only warns about a value of the wrong type and keeps it; an enumerated value
spelled wrong (``researchtopics_abstract = "expand"``) would be silently misread.
Member URLs from conf.py become links like .bib URLs do, so they pass the same check.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from ..bib.people import unsafe_member_urls
from ..config import CONFIG_VALUES, WARNING_TYPE, ConfigValue

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

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
    config.researchtopics_cite_styles = [
        os.path.join(app.confdir, style)
        if isinstance(style, str) and style.endswith(".csl") and not os.path.isabs(style)
        else style
        for style in config.researchtopics_cite_styles
    ]  # a .csl file beside conf.py, wherever the build is run from
    for name, url in unsafe_member_urls(config.researchtopics_members):
        _warn(
            f"researchtopics_members: {name!r} has an unsafe URL {_shown(url)} "
            "(only http, https, mailto or a relative path); shown without a link"
        )
