"""The BibTeX view, highlighted without Pygments' lexer, with Pygments' token classes.

Every entry's view has one shape (``@type{key,`` / ``  name = {value},`` / ``}``, see
:func:`..bib.records.write_bibtex`), for which Pygments' ``BibTeXLexer`` and
``HtmlFormatter`` produce a fixed run of spans per line.  Writing the coloured ones
directly costs a few microseconds an entry instead of a lexer pass and a new formatter
per block (half of a default build of 5,000 entries).  The classes (``nc``, ``nl``,
``na``, ``s``) are Pygments' standard ones, so every theme's Pygments style colours the
view as before; the spans Pygments puts around white space (``w``) and punctuation
(``p``), which styles leave the text colour, are left out: they were three quarters of
the markup of a large list's page, and of the memory Sphinx needs to write it.  So the
HTML is Pygments' with those spans unwrapped.  Any text outside that shape (a value with
unbalanced braces, a name Pygments reads differently, a ``\\r``) returns ``None``: the
caller then highlights it with Pygments as Sphinx would.  ``tests/test_bibtex_highlight.py``
compares the two.
"""

from __future__ import annotations

import functools
import io
import re
from html import escape
from typing import Any

#: Pygments' BibTeX identifier (``BibTeXLexer.IDENTIFIER``), matched the way it matches it.
_ALLOWED = r"@!$&*+\-./:;<>?\[\\\]^`|~"
_IDENTIFIER = re.compile(rf"[a-z_{_ALLOWED}][\w{_ALLOWED}]*", re.IGNORECASE)
#: Entry types the lexer reads as something else (a comment, a macro, a preamble).
_SPECIAL_TYPE = re.compile(r"comment(?!ary)|preamble|string", re.IGNORECASE)
_KEY = re.compile(r"[^\s,}]+")
_HEAD = re.compile(r"@([^{\n]*)\{([^\n]*),\n")
_IDENT = rf"[a-z_{_ALLOWED}][\w{_ALLOWED}]*"
#: Every field line of the view: an identifier, " = {", the value, "},".
_FIELDS = re.compile(rf"(?:  {_IDENT} = \{{[^\n]*\}},\n)*", re.IGNORECASE)
_FIELD_HTML = '  <span class="na">{}</span> = <span class="s">{{{}}}</span>,\n'
_NOT_BRACE = re.compile(r"[^{}]+")
_OPEN = '<div class="highlight"><pre><span></span>'
_CLOSE = "}\n</pre></div>\n"


@functools.cache
def _pygments_escapes_quotes() -> bool:
    """Whether the installed Pygments escapes quotes in token text (up to 2.20 it wrote
    ``&quot;`` and ``&#39;``; from 2.21 only ``&<>``): asked once, by formatting one."""
    from pygments.formatters import HtmlFormatter
    from pygments.token import Token

    out = io.StringIO()
    HtmlFormatter(nowrap=True).format([(Token.Text, '"')], out)
    return "&quot;" in out.getvalue()


def _escape(text: str) -> str:
    """Pygments' escaping, as the installed version does it; replace chains beat a
    translate table tenfold."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if _pygments_escapes_quotes():
        return text.replace('"', "&quot;").replace("'", "&#39;")
    return text


def _balanced(value: str) -> bool:
    """Braces that the lexer's braced-string state closes exactly at the value's end."""
    braces = _NOT_BRACE.sub("", value)
    while "{}" in braces:
        braces = braces.replace("{}", "")
    return not braces


#: The spans of a field line, by where they go: before the name, between the name and
#: the value's ``{``, after the value's ``}`` (see :data:`_FIELD_HTML`).
_NAME_OPEN = '  <span class="na">'
_NAME_CLOSE = '</span> = <span class="s">{'
_VALUE_CLOSE = "}</span>,\n"
#: A field line's value: from the first " = {" (names hold no space) to the line's "},".
_VALUE = re.compile(r" = \{(.*)\},\n")


def _field_lines(body: str, lines: int) -> str:
    """The field lines of an escaped *body* of *lines* lines of the checked shape, as
    spans: a few replaces over the whole body when no value holds " = {" (a field line
    ends with the only "},⏎" and starts after the only "⏎  " of its line), else line by
    line."""
    if body.count(" = {") == lines:
        spans = body.replace("\n  ", "\n" + _NAME_OPEN).replace(" = {", _NAME_CLOSE)
        return _NAME_OPEN + spans[2:].replace("},\n", _VALUE_CLOSE) if lines else ""
    out = []
    for line in body.split("\n")[:-1]:
        name, _, rest = line[2:].partition(" = {")
        out.append(_FIELD_HTML.format(name, rest[:-2]))
    return "".join(out)


def highlight_bibtex(text: str) -> str | None:
    """Pygments' HTML for an entry's BibTeX view, or ``None`` if *text* is not of its shape.

    The shape is checked by one match over the fields; values with inner braces are
    checked one by one; the spans are then put in by :func:`_field_lines`.
    """
    if "\r" in text or not text.endswith("\n}"):
        return None
    head = _HEAD.match(text)
    if head is None:
        return None
    entry_type, key = head.groups()
    if (
        not _IDENTIFIER.fullmatch(entry_type)
        or _SPECIAL_TYPE.match(entry_type)
        or not _KEY.fullmatch(key)
    ):
        return None
    body = text[head.end() : -1]
    if not _FIELDS.fullmatch(body):
        return None
    lines = body.count("\n")
    if body.count("{") + body.count("}") != 2 * lines:  # braces inside values
        for value in _VALUE.findall(body):
            if ("{" in value or "}" in value) and not _balanced(value):
                return None
    fields = _field_lines(_escape(body), lines)
    return "".join(
        (
            _OPEN,
            f'<span class="nc">@{_escape(entry_type)}</span>{{'
            f'<span class="nl">{_escape(key)}</span>,\n',
            fields,
            _CLOSE,
        )
    )


def fast_path_allowed(config: Any) -> bool:
    """Only where Sphinx would use Pygments' own BibTeX lexer with default options."""
    from sphinx.highlighting import lexers

    return "bibtex" not in lexers and not config.highlight_options.get("bibtex")


def view_html(translator: Any, text: str, fast: bool) -> str:
    """The highlighted block as ``visit_literal_block`` writes ``language="bibtex"``
    (*fast*: :func:`fast_path_allowed` for this build)."""
    highlighted = highlight_bibtex(text) if fast else None
    if highlighted is None:
        opts = translator.config.highlight_options.get("bibtex", {})
        highlighted = translator.highlighter.highlight_block(
            text, "bibtex", opts=opts, linenos=False, force=False
        )
    return f'<div class="highlight-bibtex notranslate">{highlighted}</div>\n'


_DETAILS_OPEN = '<details class="rt-bibtex no-search"><summary>{}</summary>'
_DETAILS_CLOSE = (
    '<button type="button" class="rt-copy" hidden>{}</button>'
    '<span class="rt-copy-status" role="status" aria-live="polite"></span></details>\n'
)


def toggle_html(
    translator: Any, text: str, fast: bool, summary: str | None = None, copy: str | None = None
) -> str:
    """An entry's BibTeX panel: the highlighted view in a ``<details>`` with a copy button,
    labelled *summary* and *copy* (the build's labels; escaped, as any text)."""
    head = _DETAILS_OPEN.format(escape(summary or "BibTeX", quote=False))
    tail = _DETAILS_CLOSE.format(escape(copy or "Copy", quote=False))
    return head + view_html(translator, text, fast) + tail
