"""Recognising the papers of a page: title line, authors, venue, links, abstract.

A page is read line by line; an entry starts at a bold title line and collects the
lines after it until the next title, heading or rule.  Everything that is not used is
reported with its line: an entry is never dropped without a message.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

from ...bib.links import classify_preview
from .bibfields import link_fields
from .htmltags import Element, Tag, elements, replace_tags, tags
from .latex import latex_escape
from .markdown import IAL, Inline, MdLink, inline, md_links, replace_links
from .model import TITLE_LINK, Entry, Link, Log, Page, short
from .reading import (
    ARROWS,
    emphasis_wrapped,
    front_field,
    heading,
    is_block_ial,
    is_rule,
    mask_comments,
    nav_items,
    title,
)
from .venues import is_award, split_authors, toggle_key, venue_year

_SEPARATOR_CHARS = frozenset(" |·•,;:")
_AUTHOR_JOINER = re.compile(r",|\band\b|&")
#: The blocks that may hold an abstract: al-folio-style hidden ``<div>``s and ``<details>``.
_BLOCKS = frozenset({"div", "details"})
#: ``<br>``s at the start of an abstract (linear: each part is a distinct character class).
_LEADING_BREAKS = re.compile(r"^\s*(?:<br\s*/?>\s*)+", re.IGNORECASE)


def _is_separators(text: str) -> bool:
    return all(char in _SEPARATOR_CHARS or char.isspace() for char in text)


def slug(text: str) -> str:
    """'Light Field' -> 'light-field' (a topic tag and an id)."""
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[^\w]+", "-", text).strip("-_")


class PageParser:
    """Line-by-line reading of one page; entries, nav, title and messages."""

    def __init__(self, source: str, path: Path, text: str, log: Log) -> None:
        self.page = Page(source, path)
        self.log = log
        self.source = source
        self.lines = self._mask_comments(text).split("\n")
        self.entry: Entry | None = None
        self.after_rule = False
        #: Set once the first navigation block is over: later ones repeat it.
        self.nav_done = False

    # -- messages

    def note(self, line: int, text: str) -> None:
        self.log.add(self.source, line, "note", text)

    def warn(self, line: int, text: str) -> None:
        self.log.add(self.source, line, "warning", text)

    def error(self, line: int, text: str) -> None:
        self.log.add(self.source, line, "error", text)

    # -- comments

    def _mask_comments(self, text: str) -> str:
        """``<!-- -->`` blanked out (line numbers kept); commented-out entries noted."""

        def commented(first: int, body: str) -> None:
            lower = body.lower()
            if "<pub>" not in lower and "expandabs" not in lower:
                return
            for offset, line in enumerate(body.split("\n")):
                found = title(line)
                if found is not None:
                    shown = inline(found).plain
                    self.note(first + offset, f"commented-out entry skipped: {shown!r}")

        masked, unclosed = mask_comments(text, commented)
        if unclosed:
            self.warn(unclosed, "'<!--' is never closed; the marker is ignored")
        return masked

    # -- the page

    def parse(self) -> Page:
        index = self._front_matter()
        while index < len(self.lines):
            index = self._line(index)
        self._finish_entry()
        page = self.page
        if not page.text_title:
            stem = page.path.stem
            page.text_title = stem.replace("-", " ").replace("_", " ").strip().capitalize()
            page.topic = slug(stem)
            self.note(
                0, f"no '## Heading': the title is {page.text_title!r}, the topic {page.topic!r}"
            )
        if not page.entries:
            self.warn(0, "no publication entries found on this page")
        return page

    def _front_matter(self) -> int:
        lines = self.lines
        if not lines or lines[0].strip() != "---":
            return 0
        for index in range(1, len(lines)):
            if lines[index].strip() in ("---", "..."):
                for line in lines[1:index]:
                    field = front_field(line)
                    if field and field[0] == "permalink":
                        self.page.permalink = field[1].strip("\"'")
                return index + 1
        self.warn(1, "front matter '---' is never closed; read as text")
        return 0

    def _is_nav(self, line: str) -> bool:
        items = nav_items(line)
        if items is None:
            return False
        if any(item.label.strip()[:1] in ARROWS for item in items):
            return True
        if not self.page.text_title:
            return True
        return self.after_rule and all(item.href.startswith("/") for item in items)

    def _line(self, index: int) -> int:
        raw = self.lines[index]
        number = index + 1
        if not raw.strip() or is_block_ial(raw):
            return index + 1
        is_nav = self._is_nav(raw)
        if self.page.nav and not is_nav:
            self.nav_done = True
        found_heading = heading(raw)
        if found_heading is not None:
            self._finish_entry()
            text = inline(found_heading).plain
            if not self.page.text_title and text:
                self.page.text_title = text
                self.page.topic = slug(text) or slug(self.page.path.stem)
            else:
                self.note(number, f"heading {text!r} ignored (the title is the first heading)")
            return index + 1
        if is_rule(raw):
            self._finish_entry()
            self.after_rule = True
            return index + 1
        if self._is_nav(raw):
            self._finish_entry()
            self._nav(raw, number)
            return index + 1
        found_title = title(raw)
        if found_title is not None:
            converted = inline(found_title)
            if self.entry is not None and is_award(converted.plain):
                self.entry.awards.append(converted.latex)
                return index + 1
            self._finish_entry()
            self._start_entry(found_title, converted, number)
            return index + 1
        if self.entry is None:
            self.warn(number, f"text outside any entry ignored: {short(inline(raw).plain)!r}")
            return index + 1
        return self._entry_line(index)

    def _nav(self, line: str, number: int) -> None:
        """Keep the first navigation block (the top one; the bottom one repeats it)."""
        if self.nav_done:
            return
        for item in nav_items(line) or []:
            label = inline(item.label.strip().lstrip(ARROWS).strip()).plain
            self.page.nav.append(Link(label, html.unescape(item.href), number))

    # -- entries

    def _start_entry(self, raw_title: str, converted: Inline, number: int) -> None:
        entry = Entry(self.source, number, converted.latex, converted.plain)
        for link in md_links(raw_title):
            if not link.image:
                entry.links.append(Link(TITLE_LINK, html.unescape(link.url), number))
        self._report_dropped(converted, number, "title")
        self.entry = entry

    def _report_dropped(self, converted: Inline, number: int, what: str) -> None:
        for tag in dict.fromkeys(converted.dropped):
            self.note(number, f"HTML tag {tag} removed from the {what}")

    def _finish_entry(self) -> None:
        entry = self.entry
        self.entry = None
        if entry is None:
            return
        where = f"{entry.title_plain!r}"
        if not entry.authors and not entry.venue:
            self.error(
                entry.line,
                f"cannot read the entry {where}: no author line and no venue line after the "
                "title; it is NOT imported",
            )
            return
        if not entry.authors:
            self.warn(entry.line, f"entry {where} has no author line")
        if not entry.venue:
            self.warn(entry.line, f"entry {where} has no venue line (<pub>Venue, Year</pub>)")
        elif not entry.year:
            self.warn(entry.venue_line, f"entry {where}: no year in the venue line")
        if entry.key and entry.div_id and entry.key != entry.div_id:
            self.note(
                entry.abstract_line,
                f"abstract id {entry.div_id!r} differs from the expandABS id {entry.key!r}; "
                f"the key is {entry.key!r}",
            )
        if not entry.key and entry.div_id:
            entry.key = entry.div_id
        self.page.entries.append(entry)

    def _entry_line(self, index: int) -> int:
        assert self.entry is not None
        raw = self.lines[index]
        div = next(
            (tag for tag in tags(raw) if tag.name in _BLOCKS and not tag.closing),
            None,
        )
        before = raw[: div.start] if div else raw
        if before.strip():
            self._parts(self.entry, before, index + 1)
        if div:
            return self._hidden_block(self.entry, index, raw, div)
        return index + 1

    def _hidden_block(self, entry: Entry, index: int, raw: str, div: Tag) -> int:
        """A ``<div>`` or ``<details>`` (the abstract) up to its end tag; returns the next
        line's index."""
        lines = self.lines
        number = index + 1
        parts: list[str] = []
        depth = 1
        text = raw[div.end :]
        current = index
        tail = ""
        following = index + 1
        while True:
            for tag in tags(text):
                if tag.name != div.name:
                    continue
                depth += -1 if tag.closing else 1
                if depth == 0:
                    parts.append(text[: tag.start])
                    tail = text[tag.end :]
                    break
            if depth == 0:
                following = current + 1
                break
            parts.append(text)
            current += 1
            if (
                current >= len(lines)
                or title(lines[current]) is not None
                or heading(lines[current]) is not None
            ):
                self.warn(
                    number, f"<{div.name}> is never closed: it ends where the next entry starts"
                )
                following = current
                break
            text = lines[current]
        self._abstract(entry, div, "\n".join(parts), number)
        if tail.strip() and not _is_separators(inline(tail).plain):
            self._parts(entry, tail, current + 1)
        return following

    def _abstract(self, entry: Entry, div: Tag, content: str, number: int) -> None:
        div_id = div.attr("id")
        classes = div.attr("class").split()
        hidden = "display" in div.attr("style").replace(" ", "").lower()
        is_abstract = "abs" in classes or bool(div_id and div_id == entry.key) or hidden
        if div.name == "details":  # <details><summary>Abstract</summary> ...
            summary = next(iter(elements(content, frozenset({"summary"}))), None)
            label = inline(summary.inner).plain.strip().lower() if summary else ""
            is_abstract = label in ("abstract", "abs")
            if summary and is_abstract:
                content = content[summary.end :]
        if not is_abstract or entry.abstract:
            what = "a second hidden block" if entry.abstract else f"a <{div.name}> block"
            if content.strip():
                self.warn(number, f"{what} ignored: {short(inline(content, False).plain)!r}")
            return
        body = _LEADING_BREAKS.sub("", content)
        markdown = div.attr("markdown") in ("1", "span", "block")
        converted = inline(body, markdown=markdown, literal_dashes=not markdown)
        self._report_dropped(converted, number, "abstract")
        entry.abstract = converted.latex
        entry.abstract_line = number
        entry.div_id = div_id

    def _parts(self, entry: Entry, text: str, number: int) -> None:
        """The pieces of one line of an entry: badges, venue, links, authors, awards."""
        text = IAL.sub("", text)
        highlights = elements(text, frozenset({"highlighted"}))
        for badge in highlights:
            converted = inline(badge.inner)
            if converted.plain:
                entry.badges.append(converted.latex)
        text = _cut(text, highlights)
        venues = elements(text, frozenset({"pub"}))
        for venue in venues:
            self._venue(entry, venue.inner, number)
        text = _cut(text, venues)
        if self._authors(entry, text, number):
            return
        rest = replace_tags(
            text,
            lambda tag: self._image(entry, tag.attr("src"), number),
            iter([tag for tag in tags(text) if tag.name == "img" and not tag.closing]),
        )
        anchors = elements(rest, frozenset({"a"}))
        rest = _cut(rest, anchors, [self._a_tag(entry, a.tag, a.inner, number) for a in anchors])
        rest = replace_links(rest, lambda link: self._md_link(entry, link, number))
        plain = inline(rest).plain
        if _is_separators(plain):
            return
        plain = plain.strip(" |·•")
        if is_award(plain):
            entry.awards.append(inline(rest.strip().strip("|")).latex)
        elif not entry.venue and entry.authors and venue_year(plain) is not None:
            self._venue(entry, rest, number)
        else:
            self.warn(number, f"not understood, ignored: {short(plain)!r}")

    def _authors(self, entry: Entry, text: str, number: int) -> bool:
        """Read *text* as the author line if it is one (the first line after the title)."""
        links = [link for link in entry.links if link.label != TITLE_LINK]
        if entry.authors or entry.venue or links or entry.key or entry.abstract:
            return False
        anchors = elements(text, frozenset({"a"}))
        if anchors and "onclick" in text.lower():
            return False
        labels = [link.label for link in md_links(text)] + [a.inner for a in anchors]
        if any(link_fields(inline(label).plain, "") for label in labels):
            return False
        without_links = replace_links(text, lambda link: link.label)
        plain = inline(without_links).plain
        if not plain or is_award(plain):
            return False
        if not emphasis_wrapped(without_links) and not _AUTHOR_JOINER.search(plain):
            return False
        if labels:
            self.note(number, "links on author names dropped (set researchtopics_members)")
        entry.authors = split_authors(without_links, self.note, number)
        entry.author_line = number
        return True

    def _venue(self, entry: Entry, raw: str, number: int) -> None:
        text = inline(raw).plain.strip(" ,;")
        if entry.venue:
            self.warn(
                number,
                f"a second venue line ignored: {short(text)!r} (is a title line missing above?)",
            )
            return
        found = venue_year(text)
        venue, year = found if found else (text, "")
        if not found:
            years = re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", text)
            if len(years) == 1:
                year = years[0]
                self.note(number, f"year {year} taken from inside the venue {text!r}")
        # "In *CVPR*, 2021": the preposition is the page's prose, not the venue's name
        # ("In press" is a status, kept)
        prefix = next((p for p in ("In: ", "in: ", "In ", "in ") if venue.startswith(p)), "")
        rest = venue[len(prefix) :].strip()
        if prefix and (rest[:1].isupper() or rest[:1].isdigit()) and rest[:5].lower() != "press":
            venue = rest
        entry.venue_plain = venue
        # kramdown makes "--" a dash, unless the page escaped it ("\-\-")
        entry.venue = latex_escape(venue, literal_dashes="\\-" in raw)
        entry.year = year
        entry.venue_line = number
        abbrs = re.findall(r"\(([^()]{1,30})\)", venue)
        if abbrs:
            entry.abbr = abbrs[-1].strip()

    def _image(self, entry: Entry, src: str, number: int) -> str:
        if src and not entry.preview and classify_preview(src.strip()) is None:
            self.warn(
                number, f"image {src!r} is not an https URL or a path inside the site; ignored"
            )
        elif src and not entry.preview:
            entry.preview = src
            self.note(number, f"image {src!r} kept as the entry's preview field")
        return " "

    def _a_tag(self, entry: Entry, tag: Tag, label_html: str, number: int) -> str:
        label = inline(label_html).plain
        onclick = tag.attr("onclick")
        href = tag.attr("href")
        if label.lower() in ("abstract", "abs") or "expandabs" in onclick.lower():
            key = toggle_key(onclick)
            if key:
                self._set_key(entry, key, number)
            elif href.startswith("#") and len(href) > 1:
                self._set_key(entry, href[1:], number)
            return " "
        if onclick and (not href or href.startswith(("#", "javascript:"))):
            self.warn(number, f"script link {label!r} ignored")
            return " "
        entry.links.append(Link(label, href, number))
        return " "

    def _md_link(self, entry: Entry, link: MdLink, number: int) -> str:
        url = html.unescape(link.url)
        if link.image:
            return self._image(entry, url, number)
        label = inline(link.label).plain
        if label.lower() in ("abstract", "abs") and url.startswith("#") and len(url) > 1:
            self._set_key(entry, url[1:], number)
            return " "
        entry.links.append(Link(label, url, number))
        return " "

    def _set_key(self, entry: Entry, key: str, number: int) -> None:
        if entry.key and entry.key != key:
            self.warn(number, f"a second abstract id {key!r} ignored (the key is {entry.key!r})")
            return
        entry.key = key


def _cut(text: str, spans: list[Element], replacements: list[str] | None = None) -> str:
    """*text* with each element replaced by a space (or by its *replacements* item)."""
    out: list[str] = []
    position = 0
    for number, span in enumerate(spans):
        out.append(text[position : span.tag.start])
        out.append(replacements[number] if replacements is not None else " ")
        position = span.end
    out.append(text[position:])
    return "".join(out)
