"""The stylesheets and scripts: copied into ``_static`` of HTML builds by Sphinx."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STATIC_DIR = Path(__file__).parent / "static"
CSS_FILE = "researchtopics.css"
JS_FILE = "researchtopics.js"
FINDER_CSS_FILE = "researchtopics-finder.css"
FINDER_JS_FILE = "researchtopics-finder.js"
#: The finder's URL state and ``#KEY``; loaded before :data:`FINDER_JS_FILE`.
FINDER_URL_JS_FILE = "researchtopics-finder-url.js"
#: The marks on the words the finder matched; loaded before :data:`FINDER_JS_FILE`.
FINDER_MARKS_JS_FILE = "researchtopics-finder-marks.js"


def add_static_path(app: Sphinx, config: Config) -> None:
    """Sphinx copies the CSS and JS with the theme's files, before it writes any page, so
    every page links them with their checksum (``?v=``), in the first build as in later
    ones.  The value is given back as the kind the site wrote (Sphinx takes a list or a
    tuple), made anew: the site's own object is not changed."""
    path = str(STATIC_DIR)
    folders = config.html_static_path
    if path not in folders:
        config.html_static_path = type(folders)([*folders, path])
