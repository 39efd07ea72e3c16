"""Reading the text of an entry's lines: venue and year, authors, awards, toggle ids.

Plain string scans, not backtracking patterns: ``Conf , , , ...`` or a long author
line must cost one pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .htmltags import elements
from .latex import latex_escape
from .markdown import inline

_AWARD_START = re.compile(
    r"winners?\b|champion|runner[- ]?up|finalist|honou?rable mention|"
    r"(?:1st|2nd|3rd|first|second|third)\s+place|best\b",
    re.IGNORECASE,
)
_AWARD_WORD = re.compile(r"\b(?:award|prize)\b", re.IGNORECASE)
_MARKERS = "*†‡#§¶"


def is_award(text: str) -> bool:
    """An award line: "Winner of ...", "Best Paper Award", "2nd place ..."."""
    return bool(_AWARD_START.match(text) or _AWARD_WORD.search(text))


def venue_year(text: str) -> tuple[str, str] | None:
    """``Venue (ABBR), 2022`` -> ("Venue (ABBR)", "2022"): the year must end the text."""
    rest = text.rstrip()
    rest = rest.removesuffix(".").rstrip()
    rest = rest.removesuffix(")")
    year = rest[-4:]
    if len(year) != 4 or year[:2] not in ("19", "20") or not year[2:].isdecimal():
        return None
    venue = rest[:-4].removesuffix("(")
    end = len(venue)
    while end and (venue[end - 1] in ",;." or venue[end - 1].isspace()):
        end -= 1
    return venue[:end], year


def toggle_key(onclick: str) -> str:
    """The id in ``expandABS("key")`` (any ``name("id")`` call), or ''."""
    length = len(onclick)
    index = onclick.find("(")
    while index >= 0:
        if index and (onclick[index - 1].isalnum() or onclick[index - 1] == "_"):
            start = index + 1
            while start < length and onclick[start].isspace():
                start += 1
            if start < length and onclick[start] in "\"'":
                end = start + 1
                while end < length and onclick[end] not in "\"'":
                    end += 1
                close = end + 1
                while close < length and onclick[close].isspace():
                    close += 1
                if end < length and end > start + 1 and close < length and onclick[close] == ")":
                    return onclick[start + 1 : end]
        index = onclick.find("(", index + 1)
    return ""


_ET_AL = re.compile(r"\s*,?\s+(?:et\.?\s*al\.?|etc\.?)\s*$")
_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_OTHERS = re.compile(r"others|et\.?\s*al\.?", re.IGNORECASE)


def split_authors(text: str, note: Callable[[int, str], None], number: int) -> list[str]:
    """An author line -> names as BibTeX values ("First Last"), markers kept.

    The patterns here run on the plain text, whose whitespace is already single spaces,
    so none of their ``\\s*`` can meet a long run.
    """
    out: list[str] = []
    position = 0
    for sup in elements(text, frozenset({"sup"})):
        marks = "".join(c for c in sup.inner if c in _MARKERS)
        if any("0" <= c <= "9" or "a" <= c <= "z" for c in sup.inner):
            note(number, f"affiliation mark {sup.inner!r} dropped from an author name")
        out.append(text[position : sup.tag.start])
        out.append(marks)
        position = sup.end
    out.append(text[position:])
    plain = _ET_AL.sub(" and others", inline("".join(out)).plain)
    names: list[str] = []
    for part in _SPLIT.split(plain):
        name = part.strip()
        if not name:
            continue
        if _OTHERS.fullmatch(name):
            names.append("others")
        else:
            names.append(latex_escape(name, literal_dashes=False))
    return _last_comma_initials(names)


def _initials(name: str) -> bool:
    """ "H.", "J. R.", "Z.-W.*": only a name's initials (each one letter or two, dotted)."""
    pieces = name.rstrip(_MARKERS).replace("-", " ").split()
    return bool(pieces) and all(
        len(piece) in (2, 3) and piece[-1] == "." and piece[:-1].isalpha() and piece[0].isupper()
        for piece in pieces
    )


def _last_comma_initials(names: list[str]) -> list[str]:
    """ "Zhang, H., Xiong, Z." was split at every comma: when every second part is
    initials (and no other part is), pair them again as BibTeX's "Last, F." names."""
    others = names[-1:] == ["others"]
    people = names[:-1] if others else names
    lasts, firsts = people[0::2], people[1::2]
    if (
        not people
        or len(lasts) != len(firsts)
        or not all(_initials(first) for first in firsts)
        or any(_initials(last) or last == "others" for last in lasts)
    ):
        return names
    paired = [f"{last}, {first}" for last, first in zip(lasts, firsts, strict=True)]
    return [*paired, "others"] if others else paired
