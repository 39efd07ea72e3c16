"""The author options shared by ``new`` and ``sync``: ``--openalex``, ``--orcid``,
``--dblp`` (each repeatable, comma lists too), checked before anything is fetched.

An id is data from the command line: only the documented shapes pass (an OpenAlex
author id, an ORCID iD with a valid check digit, a DBLP person id), so nothing else ever
reaches a URL.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass

__all__ = [
    "SOURCE_NAMES",
    "Author",
    "add_arguments",
    "authors_of",
    "parse_dblp",
    "parse_openalex",
    "parse_orcid",
]

_OPENALEX = re.compile(r"(?:https?://(?:api\.)?openalex\.org/(?:authors/)?)?(A[0-9]{1,15})", re.I)
_ORCID = re.compile(r"(?:https?://orcid\.org/)?([0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X])", re.I)
_DBLP = re.compile(
    r"(?:https?://dblp\.org/pid/)?([0-9a-z]{1,8}/[A-Za-z0-9][A-Za-z0-9_\-]{0,79})(?:\.html|\.bib)?"
)


SOURCE_NAMES = {"openalex": "OpenAlex", "orcid": "ORCID", "dblp": "DBLP"}


@dataclass(frozen=True)
class Author:
    """One author to fetch: the source ("openalex", "orcid", "dblp") and the checked id."""

    source: str
    ident: str

    def __str__(self) -> str:
        return f"{SOURCE_NAMES[self.source]} {self.ident}"


def _orcid_checksum_ok(ident: str) -> bool:
    """ISO 7064 MOD 11-2, as ORCID defines its last character."""
    digits = ident.replace("-", "")
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    result = (12 - total % 11) % 11
    return digits[-1].upper() == ("X" if result == 10 else str(result))


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def parse_openalex(value: str) -> list[str]:
    ids = []
    for part in _split(value):
        match = _OPENALEX.fullmatch(part)
        if match is None:
            raise argparse.ArgumentTypeError(f"{part[:80]!r} is not an OpenAlex author id (A…)")
        ids.append("A" + match.group(1)[1:])
    return ids


def parse_orcid(value: str) -> list[str]:
    ids = []
    for part in _split(value):
        match = _ORCID.fullmatch(part)
        if match is None or not _orcid_checksum_ok(match.group(1)):
            raise argparse.ArgumentTypeError(
                f"{part[:80]!r} is not an ORCID iD (0000-0000-0000-0000, valid check digit)"
            )
        ids.append(match.group(1).upper())
    return ids


def parse_dblp(value: str) -> list[str]:
    ids = []
    for part in _split(value):
        match = _DBLP.fullmatch(part)
        if match is None:
            raise argparse.ArgumentTypeError(
                f"{part[:80]!r} is not a DBLP person id (e.g. 66/2811, from dblp.org/pid/…)"
            )
        ids.append(match.group(1))
    return ids


def add_arguments(parser: argparse.ArgumentParser, required: bool = False) -> None:
    """The author ids and the client's options (mailto, cache)."""
    group = parser.add_argument_group(
        "authors (from OpenAlex, ORCID through OpenAlex, and DBLP)"
        + ("" if required else ": instead of --bib")
    )
    for name, kind, example in (
        ("openalex", parse_openalex, "A5023888391"),
        ("orcid", parse_orcid, "0000-0002-1825-0097"),
        ("dblp", parse_dblp, "66/2811"),
    ):
        group.add_argument(
            f"--{name}",
            action="append",
            type=kind,
            default=[],
            metavar="ID",
            help=f"an author's {name} id, e.g. {example} (repeatable; or comma-separated)",
        )
    group.add_argument("--mailto", default="", help="your e-mail, for OpenAlex's polite pool")
    group.add_argument(
        "--cache-dir", help="where API responses are cached (default: the user cache folder)"
    )
    group.add_argument("--no-cache", action="store_true", help="do not cache API responses")


def authors_of(args: argparse.Namespace) -> list[Author]:
    """The authors asked for, in order, each once."""
    found: dict[Author, None] = {}
    for source in ("openalex", "orcid", "dblp"):
        for ids in getattr(args, source, None) or []:
            for ident in ids:
                found.setdefault(Author(source, ident), None)
    return list(found)
