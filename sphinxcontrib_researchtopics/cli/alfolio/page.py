"""al-folio's ``_pages/publications.md``: its title, intro text and year layout.

al-folio lists publications with jekyll-scholar's Liquid tags, typically::

    {%- for y in page.years %}
      <h2 class="bibliography">{{y}}</h2>
      {% bibliography -f papers -q @*[year={{y}}]* %}
    {% endfor %}

or a single ``{% bibliography %}`` grouped by ``scholar: group_by``.  Both become one
``publications`` directive with ``:group-by: year``; every other tag is reported with its
line, and the page's text (Markdown) is kept as plain paragraphs.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from ...bib.dates import ascii_number
from ..messages import Log, short
from .reading import YamlDoc, checked_text, parse_yaml, split_front_matter, type_name

#: Options of the ``bibliography`` tag that override a ``scholar:`` setting of the same
#: name (jekyll-scholar's), carried over as that setting is.
TAG_SETTINGS = frozenset({"group_by", "group_order", "sort_by", "order"})

_TAG = re.compile(r"\{%-?\s*(.*?)\s*-?%\}|\{\{-?\s*(.*?)\s*-?\}\}", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_FOR_YEARS = re.compile(r"for\s+(\w+)\s+in\s+page\.years\b")
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\(([^)\s]*)[^)]*\)")
_MD_MARKS = re.compile(r"(\*\*|__|`|^#{1,6}\s+|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))")


@dataclass
class PublicationsPage:
    """What the publications page becomes."""

    #: The page's own title ("": the site's word for "Publications").
    title: str = ""
    intro: list[str] = field(default_factory=list)
    #: "year", "type" or "none"
    group_by: str = ""
    #: The years of ``page.years`` when the page loops over them (only they are shown).
    years: list[int] | None = None
    #: False when the page has no bibliography tag at all.
    has_list: bool = False
    #: The page includes al-folio's search box (``bib_search``): the list gets the finder.
    search: bool = False
    #: ``{% bibliography --group_by ... %}`` and the like: ``scholar:`` settings the tag
    #: overrides (setting -> value as written).
    overrides: dict[str, str] = field(default_factory=dict)


def _plain(text: str, source: str, line: int, log: Log) -> str:
    """Markdown -> plain text: links as "text (url)", emphasis marks dropped."""
    plain = _MD_LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})" if m.group(2) else "", text)
    plain = _MD_MARKS.sub("", plain)
    if plain != text:
        log.add(source, line, "note", "Markdown formatting of this text is written as plain text")
    return " ".join(plain.split())


class _PageReader:
    def __init__(self, source: str, scholar_group: str, log: Log) -> None:
        self.source = source
        self.log = log
        self.page = PublicationsPage(group_by=scholar_group)
        self.loop_var = ""
        self.paragraph: list[tuple[str, int]] = []

    def warn(self, line: int, text: str) -> None:
        self.log.add(self.source, line, "warning", text)

    def flush(self) -> None:
        if self.paragraph:
            text = " ".join(part for part, _ in self.paragraph)
            plain = _plain(text, self.source, self.paragraph[0][1], self.log)
            if plain:
                self.page.intro.append(plain)
        self.paragraph = []

    def bibliography(self, args: str, line: int) -> None:
        try:
            words = shlex.split(args)
        except ValueError:
            words = args.split()
        self.page.has_list = True
        if self.loop_var:
            self.page.group_by = "year"
        index = 0
        while index < len(words):
            word = words[index]
            value = words[index + 1] if index + 1 < len(words) else ""
            index += 2
            if word in ("-f", "--file"):
                continue  # the file: every .bib is read (see the note on the bib files)
            if word.removeprefix("--") in TAG_SETTINGS and word.startswith("--"):
                self.page.overrides[word.removeprefix("--")] = value
                continue
            if word in ("-q", "--query"):
                query = value.replace(" ", "")
                if query in ("@*", "*") or (
                    self.loop_var and re.fullmatch(r"@\*\[year=\{\{-?(\w+)-?\}\}\]\*", query)
                ):
                    continue
                self.warn(line, f"bibliography query {value!r} is not carried over: all are listed")
                continue
            index -= 1
            self.warn(line, f"bibliography option {short(word)!r} is not carried over")

    def tag(self, statement: str, line: int, is_output: bool) -> None:
        words = statement.split(None, 1)
        name = words[0] if words else ""
        if is_output:
            if not self.loop_var:
                self.warn(line, f"Liquid output {{{{ {short(statement)} }}}} is not carried over")
            return
        loop = _FOR_YEARS.match(statement)
        if loop is not None:
            self.loop_var = loop.group(1)
        elif name == "endfor" and self.loop_var:
            self.loop_var = ""
        elif name == "bibliography":
            self.bibliography(words[1] if len(words) > 1 else "", line)
        elif name == "include" and "bib_search" in statement:
            self.page.search = True
            self.log.add(
                self.source,
                line,
                "note",
                "al-folio's bibliography search box: the list gets the finder (search box "
                "and filters; :finder:)",
            )
        else:
            self.warn(line, f"Liquid tag {{% {short(statement)} %}} is not carried over")

    def read(self, body: str, first_line: int) -> None:
        """Tags are handled in order; the text between them is kept unless it is inside
        the year loop (its ``<h2>{{y}}</h2>`` is the year heading ``:group-by:`` makes).
        Comments, tags and dropped text are blanked with their newlines kept, so that
        line numbers stay right."""
        body = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), body)
        position = 0
        line = first_line
        kept: list[str] = []
        for found in _TAG.finditer(body):
            between = body[position : found.start()]
            kept.append(re.sub(r"[^\n]", "", between) if self.loop_var else between)
            kept.append("\n" * found.group().count("\n"))
            line += between.count("\n")
            statement = found.group(1) if found.group(1) is not None else found.group(2)
            self.tag(" ".join(statement.split()), line, found.group(1) is None)
            line += found.group().count("\n")
            position = found.end()
        kept.append(body[position:])
        for number, raw in enumerate("".join(kept).split("\n"), first_line):
            text = _HTML_TAG.sub("", raw).strip()
            if text:
                self.paragraph.append((text, number))
            else:
                self.flush()
        self.flush()


def _years(value: object, source: str, line: int, log: Log) -> list[int]:
    """``years:`` of the front matter: each a year of 1 to 4 ASCII digits; anything else
    (a superscript, a word, a mapping) is reported with its line, not dropped silently."""
    items = value if isinstance(value, list) else [value]
    numbers: list[int] = []
    for item in items[:1000]:
        number = None
        if isinstance(item, int) and not isinstance(item, bool) and 0 < item < 10000:
            number = item
        elif isinstance(item, str):
            number = ascii_number(item, 4)
        if number is None:
            shown = short(repr(item)[:200]) if isinstance(item, (str, int)) else type_name(item)
            log.add(source, line, "warning", f"years: {shown} is not a year; ignored")
        else:
            numbers.append(number)
    if len(items) > 1000:
        log.add(source, line, "warning", f"years: {len(items)} values; only the first 1000 read")
    return numbers


def read_publications_page(
    text: str, source: str, scholar_group: str, log: Log
) -> tuple[PublicationsPage, YamlDoc]:
    """The publications page *text*; *scholar_group* is ``scholar: group_by``."""
    front, body, body_line = split_front_matter(text)
    meta = parse_yaml(front, source, log, offset=1) if front else YamlDoc()
    reader = _PageReader(source, scholar_group, log)
    title = checked_text(meta.get("title"), (source, meta.line("title")), "title", log)
    if title.strip():
        reader.page.title = title.strip()
    where = (source, meta.line("description"))
    description = checked_text(meta.get("description"), where, "description", log)
    if description.strip():
        reader.page.intro.append(_plain(description, source, meta.line("description"), log))
    years = meta.get("years")
    reader.read(body, body_line)
    if not reader.page.has_list:
        log.add(source, 0, "warning", "no {% bibliography %} tag; every entry is listed")
    if years is not None and reader.page.group_by == "year":
        reader.page.years = _years(years, source, meta.line("years"), log)
    return reader.page, meta
