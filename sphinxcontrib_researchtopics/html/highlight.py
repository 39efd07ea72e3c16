"""The BibTeX view, highlighted without Pygments' lexer, with Pygments' token classes.

Every entry's view has one shape (``@type{key,`` / ``  name = {value},`` / ``}``, see
:func:`..bib.records.write_bibtex`), for which Pygments' ``BibTeXLexer`` and
``HtmlFormatter`` produce a fixed run of spans per line.  Writing those spans directly
costs a few microseconds an entry instead of a lexer pass and a new formatter per block
(half of a default build of 5,000 entries).  The classes (``nc``, ``p``, ``nl``, ``w``,
``na``, ``s``) are Pygments' standard ones, so every theme's Pygments style colours the
view as before.  Any text outside that shape (a value with unbalanced braces, a name
Pygments reads differently, a ``\\r``) returns ``None``: the caller then highlights it
with Pygments as Sphinx would.  ``tests/test_bibtex_highlight.py`` compares the two.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes

#: Pygments' BibTeX identifier (``BibTeXLexer.IDENTIFIER``), matched the way it matches it.
_ALLOWED = r"@!$&*+\-./:;<>?\[\\\]^`|~"
_IDENTIFIER = re.compile(rf"[a-z_{_ALLOWED}][\w{_ALLOWED}]*", re.IGNORECASE)
#: Entry types the lexer reads as something else (a comment, a macro, a preamble).
_SPECIAL_TYPE = re.compile(r"comment(?!ary)|preamble|string", re.IGNORECASE)
_KEY = re.compile(r"[^\s,}]+")
_HEAD = re.compile(r"@([^{]*)\{(.*),", re.DOTALL)
_FIELD = re.compile(r"  (\S+) = \{(.*)\},", re.DOTALL)
_BRACES = re.compile(r"[{}]")
_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;"}
_ESCAPES[ord("'")] = "&#39;"

_OPEN = '<div class="highlight"><pre><span></span>'
_CLOSE = '<span class="p">}</span>\n</pre></div>\n'
_FIELD_HTML = (
    '<span class="w">  </span><span class="na">{}</span><span class="w"> </span>'
    '<span class="p">=</span><span class="w"> </span><span class="s">{{{}}}</span>'
    '<span class="p">,</span>\n'
)


def _balanced(value: str) -> bool:
    """Braces that the lexer's braced-string state closes exactly at the value's end."""
    if "{" not in value and "}" not in value:
        return True
    depth = 0
    for match in _BRACES.finditer(value):
        depth += 1 if match.group() == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def highlight_bibtex(text: str) -> str | None:
    """Pygments' HTML for an entry's BibTeX view, or ``None`` if *text* is not of its shape."""
    if "\r" in text:
        return None
    lines = text.split("\n")
    if len(lines) < 2 or lines[-1] != "}":
        return None
    head = _HEAD.fullmatch(lines[0])
    if head is None:
        return None
    entry_type, key = head.groups()
    if (
        not _IDENTIFIER.fullmatch(entry_type)
        or _SPECIAL_TYPE.match(entry_type)
        or not _KEY.fullmatch(key)
    ):
        return None
    out = [
        _OPEN,
        f'<span class="nc">@{entry_type.translate(_ESCAPES)}</span><span class="p">{{</span>'
        f'<span class="nl">{key.translate(_ESCAPES)}</span><span class="p">,</span>\n',
    ]
    for line in lines[1:-1]:
        field = _FIELD.fullmatch(line)
        if field is None:
            return None
        name, value = field.groups()
        if not _IDENTIFIER.fullmatch(name) or not _balanced(value):
            return None
        out.append(_FIELD_HTML.format(name.translate(_ESCAPES), value.translate(_ESCAPES)))
    out.append(_CLOSE)
    return "".join(out)


def fast_path_allowed(translator: Any) -> bool:
    """Only where Sphinx would use Pygments' own BibTeX lexer with default options."""
    from sphinx.highlighting import lexers

    return "bibtex" not in lexers and not translator.config.highlight_options.get("bibtex")


#: What the toggle's nodes were written as (``rt_details``/``rt_summary`` visitors).
_DETAILS_OPEN = '<details class="rt-bibtex no-search"><summary>BibTeX</summary>'
_DETAILS_CLOSE = (
    '<button type="button" class="rt-copy" hidden>Copy</button>'
    '<span class="rt-copy-status" role="status" aria-live="polite"></span></details>\n'
)


def view_html(translator: Any, text: str, location: Any) -> str:
    """The highlighted block as ``visit_literal_block`` writes ``language="bibtex"``."""
    highlighted = highlight_bibtex(text) if fast_path_allowed(translator) else None
    if highlighted is None:
        opts = translator.config.highlight_options.get("bibtex", {})
        highlighted = translator.highlighter.highlight_block(
            text, "bibtex", opts=opts, linenos=False, location=location, force=False
        )
    return f'<div class="highlight-bibtex notranslate">{highlighted}</div>\n'


def visit_bibtex_view(self: Any, node: nodes.Element) -> None:
    """The whole BibTeX toggle of one entry, from its record."""
    from ..sphinxext.state import get_state

    publication = get_state(self.builder.env).bibliography.entries.get(node["key"])
    if publication is not None:
        block = view_html(self, publication.bibtex, node)
        self.body.append(_DETAILS_OPEN + block + _DETAILS_CLOSE)
    raise nodes.SkipNode
