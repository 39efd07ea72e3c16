"""``researchtopics import``: hand-written Jekyll topic pages -> one .bib file and .rst pages.

Lab sites often keep one Markdown page per research topic, each paper typed out as::

    **Title** <br>
    _First Last, First Last_ <br>
    <span><pub>Venue (ABBR), 2022</pub></span> <br>
    [Paper](https://...){:target="\\_blank"} |
    [Code](https://...){:target="\\_blank"} |
    <a onclick='expandABS("key")'> Abstract </a>
    <div style="display: none;" class=abs id="key"><br>
    The abstract ...
    </div>

with a row of links to the sibling topic pages at the top and the bottom.  This package
reads such pages and writes ``publications.bib`` (each paper once, with every topic it is
listed under) and one ``.rst`` page per input page, with the same papers in the same
order between two ``topic-nav`` bars.  Everything it cannot read is reported with its
file and line; an entry is never dropped without a message.

A page is untrusted input: every step reads it in linear time, and nothing from it
becomes reStructuredText markup.  Pure: no Sphinx, no docutils.  The modules, in the
order a page goes through them:

- :mod:`.reading`: decoding, comments, front matter, kinds of lines;
- :mod:`.htmltags`, :mod:`.markdown`: inline HTML and Markdown -> LaTeX and plain text;
- :mod:`.entries`, :mod:`.venues`: the papers of a page;
- :mod:`.bibfields`, :mod:`.bibwriter`: the .bib file; :mod:`.latex`: its escaping;
- :mod:`.pages`: the .rst pages; :mod:`.command`: the command (``cli`` calls
  :func:`add_arguments` and :func:`run`; ``python -m
  sphinxcontrib_researchtopics.cli.importer`` runs :func:`main`).
"""

from __future__ import annotations

from .command import add_arguments, import_pages, main, run
from .latex import latex_escape
from .model import ImportResult, Message

__all__ = [
    "ImportResult",
    "Message",
    "add_arguments",
    "import_pages",
    "latex_escape",
    "main",
    "run",
]
