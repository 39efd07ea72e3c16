"""al-folio's Markdown fields (``award``, ``additional_info``, ``annotation``) as rich text.

Only a safe subset is understood: ``**bold**``/``__bold__``, ``*italic*``/``_italic_``,
```code``` and ``[text](url)`` links whose URL is safe (:func:`.links.classify_url`);
``<br>`` (al-folio's own example writes one in an annotation) separates words as a space;
everything else stays text (no HTML passes through).  Text between the marks is LaTeX
as in any other field.  One left-to-right pass: each delimiter's next occurrence is
looked up once per position reached, so the work is linear in the field's length.
"""

from __future__ import annotations

import re

from .latex import to_rich, to_text
from .links import classify_url
from .records import Rich, Segment

__all__ = ["MARKDOWN_FIELDS", "markdown_rich"]

#: The fields al-folio passes through ``markdownify``.
MARKDOWN_FIELDS = ("award", "additional_info", "annotation")

#: Opening mark -> (closing mark, style).  Longer marks first.
_MARKS: tuple[tuple[str, str], ...] = (
    ("**", "strong"),
    ("__", "strong"),
    ("*", "emph"),
    ("_", "emph"),
    ("`", "mono"),
)


#: ``<br>``, ``<br/>``, ``<br />`` in any case: a line break in al-folio's rendering.
_BREAK = re.compile(r"<br[ \t]*/?>", re.IGNORECASE)


class _Finder:
    """``text.find(mark, start)`` remembered per mark: the scans never overlap."""

    __slots__ = ("found", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[str, tuple[int, int]] = {}

    def find(self, mark: str, start: int) -> int:
        cached = self.found.get(mark)
        if cached is not None:
            begin, index = cached
            if begin <= start and (index == -1 or index >= start):
                return index
        index = self.text.find(mark, start)
        self.found[mark] = (start, index)
        return index


def _flush(out: list[Segment], text: str) -> None:
    if text:
        out.extend(to_rich(text) if any(c in text for c in "\\{}$~") else (Segment(text),))


def markdown_rich(text: str) -> tuple[Rich, list[str]]:
    """The field's text as segments (links carry ``url``) and what was refused, as messages."""
    out: list[Segment] = []
    problems: list[str] = []
    finder = _Finder(text)
    pos = start = 0
    size = len(text)
    while pos < size:
        char = text[pos]
        if char == "[":
            end_label = finder.find("](", pos + 1)
            close = finder.find(")", end_label + 2) if end_label != -1 else -1
            if close != -1 and "\n" not in text[pos:end_label]:
                label = to_text(text[pos + 1 : end_label]).strip()
                url = text[end_label + 2 : close].strip()
                _flush(out, text[start:pos])
                safe = classify_url(url)
                if safe is not None and not safe[1] and label:
                    out.append(Segment(label, "link", safe[0]))
                else:
                    problems.append(f"Markdown link {url!r} is not http(s) or mailto: kept as text")
                    out.append(Segment(label or url))
                pos = start = close + 1
                continue
        elif char == "<" and (found := _BREAK.match(text, pos)) is not None:
            _flush(out, text[start:pos])
            out.append(Segment(" "))
            pos = start = found.end()
            continue
        elif char in "*_`":
            for mark, style in _MARKS:
                if not text.startswith(mark, pos):
                    continue
                inner_start = pos + len(mark)
                if mark[0] == "_" and pos and text[pos - 1].isalnum():
                    continue  # snake_case: intraword underscores are text
                close = finder.find(mark, inner_start)
                after = close + len(mark)
                if mark[0] == "_" and after < size and text[after].isalnum():
                    continue
                if close > inner_start and not text[inner_start].isspace():
                    _flush(out, text[start:pos])
                    inner = text[inner_start:close]
                    out.append(Segment(inner if style == "mono" else to_text(inner), style))
                    pos = start = close + len(mark)
                    break
            else:
                pos += 1
            continue
        pos += 1
    _flush(out, text[start:])
    return _merge(out), problems


def _merge(segments: list[Segment]) -> Rich:
    """Adjacent plain segments joined, whitespace folded at the ends."""
    result: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if result and segment.style == result[-1].style == "":
            result[-1] = Segment(result[-1].text + segment.text)
        else:
            result.append(segment)
    if result and result[0].style == "":
        result[0] = Segment(result[0].text.lstrip())
    if result and result[-1].style == "":
        result[-1] = Segment(result[-1].text.rstrip())
    return tuple(segment for segment in result if segment.text)
