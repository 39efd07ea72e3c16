"""sphinxcontrib-researchtopics: research-topic pages for lab websites, from BibTeX.

The folder tree is the data flow (``docs/internals.rst`` tells it in full):

- :mod:`.bib`: .bib files -> frozen records (pure: no docutils, no Sphinx);
- :mod:`.sphinxext`: records -> plain docutils nodes, the Domain, incremental builds;
- :mod:`.html`: HTML-only structure, visitors, static files and downloads;
- :mod:`.cli`: the ``researchtopics`` command.

``setup()`` only registers: each stage registers its own parts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The one place the version is written: ``pyproject.toml``, the docs and the changelog
#: read it (``tests/test_vocabularies.py`` checks the changelog).
__version__ = "0.3.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the config values, then the Sphinx side, then the HTML side."""
    from .html import setup_html
    from .sphinxext import setup_config, setup_sphinx

    setup_config(app)
    setup_sphinx(app)
    setup_html(app)
    return {
        "version": __version__,
        "env_version": 3,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
