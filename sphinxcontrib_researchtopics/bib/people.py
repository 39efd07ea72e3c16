"""Author and editor lists: BibTeX name parsing, lab-member matching, short citations.

Pure functions over strings and :class:`~.records.Person` records, so the parser can
be memoised and tested without Sphinx.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..locale import N_
from .latex import to_text
from .links import classify_url
from .records import Person

__all__ = ["MemberIndex", "parse_people", "short_citation_names"]

# --------------------------------------------------------------------------- markers

#: One marker symbol, as written in .bib files.
_SYM = (
    r"(?:\*|†|‡|\\(?:textdaggerdbl|textdagger|textasteriskcentered"
    r"|ddagger|dagger|ddag|dag|ast)(?![A-Za-z]))"
)
_SYMS = rf"{_SYM}(?:\s*,?\s*{_SYM})*"
#: The ways a marker run is wrapped: math, \textsuperscript, ^, a brace group, bare.
_FORM = (
    rf"(?:\$\s*(?:\^\s*)?(?:\{{\s*{_SYMS}\s*\}}|{_SYMS})\s*\$"
    rf"|\\textsuperscript\s*\{{\s*\$?\s*(?:\^\s*)?{_SYMS}\s*\$?\s*\}}"
    rf"|\^\s*(?:\{{\s*{_SYMS}\s*\}}|{_SYMS})"
    rf"|\{{\s*{_SYMS}\s*\}}"
    rf"|{_SYM})"
)
_MARKERS_AT_END = re.compile(rf"(?:{_FORM})+\Z")
_SYM_RE = re.compile(_SYM)
_SYM_CHAR = {
    "*": "*",
    "\\ast": "*",
    "\\textasteriskcentered": "*",
    "†": "†",
    "\\dag": "†",
    "\\dagger": "†",
    "\\textdagger": "†",
    "‡": "‡",
    "\\ddag": "‡",
    "\\ddagger": "‡",
    "\\textdaggerdbl": "‡",
}
#: Last characters a word ending in a marker can have (a cheap pre-check).
_MARKER_LAST_CHARS = frozenset("*†‡}$grltd")
#: Markers are short: searching only the end of a word keeps the regex linear.
_MARKER_TAIL = 64


def _strip_markers(word: str) -> tuple[str, str]:
    """Split ``Einstein*$^\\dagger$`` into ``("Einstein", "*†")``."""
    if not word or word[-1] not in _MARKER_LAST_CHARS:
        return word, ""
    offset = max(len(word) - _MARKER_TAIL, 0)
    match = _MARKERS_AT_END.search(word, offset)
    if match is None:
        return word, ""
    marks = "".join(_SYM_CHAR.get(sym, "") for sym in _SYM_RE.findall(match.group()))
    return word[: match.start()], marks


# ------------------------------------------------------------------------- tokenizer

#: A comma at brace depth 0: the separator of "von Last, Jr, First".
_COMMA = ","


#: Without braces, math or escapes a regex split gives the same tokens, faster.
_GROUPING = re.compile(r"[{}$\\]")
_SIMPLE_TOKEN = re.compile(r"[^\s~,]+|,")


def _tokenize(raw: str, math_groups: bool = True) -> list[str]:
    """Words and commas at brace depth 0; braces and ``$..$`` keep their insides whole.

    ``~`` separates words like a space; a backslash escapes the next character, so
    ``\\~n`` or ``\\,`` stay inside their word.
    """
    if not _GROUPING.search(raw):
        return _SIMPLE_TOKEN.findall(raw)
    tokens: list[str] = []
    buf: list[str] = []
    depth = 0
    math = False
    escaped = False
    for ch in raw:
        if escaped:
            escaped = False
            buf.append(ch)
            continue
        if depth == 0 and not math:
            if ch.isspace() or ch == "~":
                _flush(buf, tokens)
                continue
            if ch == _COMMA:
                _flush(buf, tokens)
                tokens.append(_COMMA)
                continue
        if ch == "\\":
            escaped = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
        elif ch == "$" and depth == 0 and math_groups:
            math = not math
        buf.append(ch)
    if math:
        # An unclosed "$" must not swallow the rest of the list.
        return _tokenize(raw, math_groups=False)
    _flush(buf, tokens)
    return tokens


def _flush(buf: list[str], tokens: list[str]) -> None:
    if buf:
        tokens.append("".join(buf))
        buf.clear()


def _split_names(tokens: list[str]) -> list[list[str]]:
    """Cut the token list at every word ``and`` (any letter case)."""
    names: list[list[str]] = [[]]
    for token in tokens:
        if token.lower() == "and":
            names.append([])
        else:
            names[-1].append(token)
    return [name for name in names if name]


# ------------------------------------------------------------------------- word case

_FOREIGN_LETTERS = {
    "i": "l", "j": "l", "oe": "l", "ae": "l", "aa": "l", "o": "l", "l": "l", "ss": "l",
    "OE": "u", "AE": "u", "AA": "u", "O": "u", "L": "u",
}  # fmt: skip


def _letter_case(ch: str) -> str:
    if ch.islower():
        return "l"
    if ch.isupper():
        return "u"
    return ""


def _command_end(word: str, start: int) -> int:
    """Index just after the control sequence whose name starts at *start*."""
    end = start
    while end < len(word) and word[end].isascii() and word[end].isalpha():
        end += 1
    return max(end, min(start + 1, len(word)))


def _first_letter_case(word: str, start: int) -> str:
    """The case of the first letter from *start*, braces ignored ('' if none)."""
    for ch in word[start:]:
        if ch.isalpha():
            return _letter_case(ch)
    return ""


def _command_case(word: str, start: int) -> str:
    """Case of ``\\cmd...`` at *start*: a foreign letter (``\\ss``), else its argument."""
    end = _command_end(word, start)
    name = word[start:end]
    if name in _FOREIGN_LETTERS:
        return _FOREIGN_LETTERS[name]
    return _first_letter_case(word, end)


def _word_case(word: str) -> str:
    """'l', 'u' or '' (caseless), as BibTeX decides "von" words.

    The first letter at brace depth 0 decides; ``{\\'E}`` counts as its letter, and
    any other brace group before a letter makes the word caseless (protected).
    """
    i = 0
    while i < len(word):
        ch = word[i]
        if ch == "{":
            if i + 1 < len(word) and word[i + 1] == "\\":
                return _command_case(word, i + 2)
            return ""
        if ch == "\\":
            return _command_case(word, i + 1)
        if ch.isalpha():
            return _letter_case(ch)
        i += 1
    return ""


# ---------------------------------------------------------------------- name parts


@dataclass
class _Parts:
    first: list[str]
    von: list[str]
    last: list[str]
    jr: list[str]


def _split_von_last(words: list[str], start: int) -> tuple[list[str], list[str]]:
    """Split "von Last" words: von ends at the last lower-case word before the last word."""
    end = len(words) - 1
    while end > start and _word_case(words[end - 1]) != "l":
        end -= 1
    return words[start:end], words[end:]


def _parts_without_comma(words: list[str]) -> _Parts:
    """Split "First von Last": von starts at the first lower-case word (never the last word)."""
    start = 0
    while start < len(words) - 1 and _word_case(words[start]) != "l":
        start += 1
    if start == len(words) - 1:
        return _Parts(words[:-1], [], words[-1:], [])
    von, last = _split_von_last(words, start)
    return _Parts(words[:start], von, last, [])


def _name_parts(parts: list[list[str]]) -> _Parts:
    """BibTeX's three forms: "First von Last", "von Last, First", "von Last, Jr, First"."""
    if len(parts) == 1:
        return _parts_without_comma(parts[0])
    von, last = _split_von_last(parts[0], 0) if parts[0] else ([], [])
    if len(parts) == 2:
        return _Parts(parts[1], von, last, [])
    first = [word for part in parts[2:] for word in part]
    return _Parts(first, von, last, parts[1])


# ------------------------------------------------------------------ text conversion

#: Text holding none of these converts to itself, so to_text can be skipped.
_LATEX_HINT = re.compile(r"[\\{}$~^_%&#'`]|--")


def _text(words: list[str]) -> str:
    """Words to plain Unicode, whitespace collapsed."""
    if not words:
        return ""
    raw = " ".join(words)
    if _LATEX_HINT.search(raw) is None:
        return raw
    try:
        text = to_text(raw)
    except Exception:  # an author list must never break a build
        text = raw.replace("{", "").replace("}", "")
    return " ".join(text.split())


def _display(first: str, von: str, last: str, jr: str) -> str:
    """The name as lab pages write it: "First von Last, Jr"."""
    name = " ".join(part for part in (first, von, last) if part)
    return f"{name}, {jr}" if jr and name else name or jr


def _person(tokens: list[str]) -> Person | None:
    """One name's tokens to a Person (None when nothing is left of it)."""
    marks: list[str] = []
    parts: list[list[str]] = [[]]
    for token in tokens:
        if token == _COMMA:
            parts.append([])
            continue
        word, mark = _strip_markers(token)
        marks.append(mark)
        if word:
            parts[-1].append(word)
    marker = "".join(marks)
    if len(parts) == 1 and len(parts[0]) == 1 and parts[0][0].lower() == "others":
        return Person(display="et al.", others=True, marker=marker)
    if not any(parts):
        return None
    np = _name_parts(parts)
    first, von, last, jr = _text(np.first), _text(np.von), _text(np.last), _text(np.jr)
    display = _display(first, von, last, jr)
    if not display:
        return None
    return Person(display, first, von, last, jr, marker)


@lru_cache(maxsize=8192)
def parse_people(raw: str) -> tuple[Person, ...]:
    """Parse a BibTeX ``author``/``editor`` value into people (never raises).

    Memoised: the same list is parsed once per build even when many pages show it.
    """
    if not isinstance(raw, str):
        return ()
    people = (_person(tokens) for tokens in _split_names(_tokenize(raw)))
    return tuple(person for person in people if person is not None)


# ------------------------------------------------------------------ member matching

_FOLD_TABLE = str.maketrans(
    {
        "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d",
        "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "\u0131": "i", "þ": "th", "Þ": "th",
        "{": "", "}": "", "-": " ", "\u2010": " ", "\u2011": " ", "\u2013": " ",
        "\u2014": " ", ".": " ", "'": "", "\u2019": "",
    }
)  # fmt: skip


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    """Compare names without accents, case, braces, dots or hyphens."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_TABLE))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().translate(_FOLD_TABLE).split())


@dataclass(frozen=True)
class _Member:
    given: tuple[str, ...]
    url: str
    #: The name as the config writes it: one label however a .bib file spells it.
    name: str = ""
    role: str = ""


def _given_matches(person: tuple[str, ...], member: tuple[str, ...]) -> bool:
    """First names match: equal, written together, or given as initials.

    An initial matches a name only on the person's side ("Z. Xiong" is Zhiwei Xiong);
    two full names must be equal, so "Zhang Xiong" is not "Zhiwei Xiong".
    """
    if "".join(person) == "".join(member):
        return True
    if not person:
        return False
    if len(person) == len(member):
        return all(
            p == m or (len(p) == 1 and m.startswith(p)) for p, m in zip(person, member, strict=True)
        )
    initials = "".join(m[0] for m in member)
    return all(len(p) == 1 for p in person) and initials.startswith("".join(person))


class MemberIndex:
    """Lab members, indexed by folded last name so each match is a dict lookup."""

    def __init__(self, members: list[str] | tuple[str, ...] | Mapping[str, Any]) -> None:
        self._by_last: dict[str, list[_Member]] = {}
        self._by_full: dict[str, _Member] = {}
        for name, url, role in member_items(members):
            for person in parse_people(name):
                if not person.others:
                    self._add(person, _Member((), url, " ".join(name.split()), role))

    def _add(self, person: Person, template: _Member) -> None:
        given = _fold(person.first)
        last = _fold(person.last)
        von_last = _fold(f"{person.von} {person.last}")
        member = _Member(tuple(given.split()), template.url, template.name, template.role)
        self._by_last.setdefault(last, []).append(member)
        for key in (f"{given} {von_last}", f"{von_last} {given}"):
            self._by_full.setdefault(key.strip(), member)

    def __len__(self) -> int:
        return sum(len(members) for members in self._by_last.values())

    def match(self, person: Person) -> tuple[bool, str]:
        """(is_member, homepage URL or "") for one author."""
        member = self._find(person)
        return (True, member.url) if member is not None else (False, "")

    def lookup(self, person: Person) -> tuple[bool, str, str]:
        """(is_member, homepage URL or "", role or "") for one author."""
        member = self._find(person)
        return (True, member.url, member.role) if member is not None else (False, "", "")

    def member_name(self, person: Person) -> str:
        """The member *person* is, named as the config names them ("" for a non-member)."""
        member = self._find(person)
        return member.name if member is not None else ""

    def _find(self, person: Person) -> _Member | None:
        """The member *person* is, or None."""
        if person.others:
            return None
        given = tuple(_fold(person.first).split())
        for member in self._by_last.get(_fold(person.last), ()):
            if _given_matches(given, member.given):
                return member
        return self._match_whole(person)

    def _match_whole(self, person: Person) -> _Member | None:
        """Compare the whole name when the parts are not what BibTeX would make.

        A braced "{Zhiwei Xiong}" is all last name, "zhiwei xiong" is von + last, and
        in "XIONG Zhiwei" (family name first) the family name is the first name.
        """
        full = _fold(f"{person.first} {person.von} {person.last}")
        if " " in full:
            return self._by_full.get(full)
        return None


def member_role(value: object) -> str:
    """A role as a class-name word ("PI" -> "pi", "Post doc" -> "post-doc"), or ""."""
    if not isinstance(value, str):
        return ""
    return "-".join(re.findall(r"[a-z0-9]+", value.lower()))[:40]


def _raw_member_items(
    members: Iterable[str] | Mapping[str, Any],
) -> Iterable[tuple[str, str, str]]:
    """(name, url as written, role) from the config value, ignoring what is not a string.

    A value is a URL, or a dict with ``url`` and ``role`` (both optional).
    """
    if isinstance(members, str):
        members = [members]
    if isinstance(members, Mapping):
        for name, value in members.items():
            if not isinstance(name, str):
                continue
            if isinstance(value, Mapping):
                url = value.get("url", "")
                yield name, url if isinstance(url, str) else "", member_role(value.get("role"))
            else:
                yield name, value if isinstance(value, str) else "", ""
        return
    for name in members:
        if isinstance(name, str):
            yield name, "", ""


def member_items(
    members: Iterable[str] | Mapping[str, Any],
) -> Iterable[tuple[str, str, str]]:
    """(name, url, role); a URL :func:`.links.classify_url` refuses becomes "" (no link).

    The URL comes from conf.py, not a .bib file, but ends in an ``href`` all the same.
    """
    for name, url, role in _raw_member_items(members):
        safe = classify_url(url) if url.strip() else None
        yield name, safe[0] if safe else "", role


def unsafe_member_urls(members: Iterable[str] | Mapping[str, Any]) -> list[tuple[str, str]]:
    """(name, url) of every member whose URL is refused (shown unlinked): warned at startup."""
    return [
        (name, url)
        for name, url, _role in _raw_member_items(members)
        if url.strip() and classify_url(url) is None
    ]


# ---------------------------------------------------------------- short citations


def _surname(person: Person) -> str:
    return " ".join(part for part in (person.von, person.last) if part) or person.display


def short_citation_names(
    people: tuple[Person, ...], translate: Callable[[str], str] | None = None
) -> str:
    """Names for a short citation ("Gao et al., BMVC 2022"): "Gao", "Gao and Xiao", "Gao et al.";
    *translate* (the build's labels) gives the words in the page's language."""
    named = [person for person in people if not person.others]
    if not named:
        return ""
    words = translate or str
    if len(named) >= 3 or len(named) < len(people):
        return words(SHORT_MANY).format(name=_surname(named[0]))
    if len(named) == 2:
        return words(SHORT_TWO).format(first=_surname(named[0]), second=_surname(named[1]))
    return _surname(named[0])


# Translators: a short citation of a paper with three or more authors ("Gao et al.")
SHORT_MANY = N_("{name} et al.")
# Translators: a short citation of a paper with two authors ("Gao and Xiao")
SHORT_TWO = N_("{first} and {second}")
