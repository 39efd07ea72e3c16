"""The stylesheet and script: copied into ``_static`` of HTML builds."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STATIC_DIR = Path(__file__).parent / "static"
CSS_FILE = "researchtopics.css"
JS_FILE = "researchtopics.js"
FINDER_CSS_FILE = "researchtopics-finder.css"
FINDER_JS_FILE = "researchtopics-finder.js"
#: The finder's URL state and ``#KEY``; loaded before :data:`FINDER_JS_FILE`.
FINDER_URL_JS_FILE = "researchtopics-finder-url.js"


def copy_static(app: Sphinx, exception: Exception | None) -> None:
    """Copy the CSS and JS next to the theme's files (HTML formats only)."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static"
    target.mkdir(parents=True, exist_ok=True)
    for name in (CSS_FILE, JS_FILE, FINDER_CSS_FILE, FINDER_URL_JS_FILE, FINDER_JS_FILE):
        shutil.copyfile(STATIC_DIR / name, target / name)  # always the current version
