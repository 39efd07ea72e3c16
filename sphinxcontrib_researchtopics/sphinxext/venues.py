"""``researchtopics_venues``: an abbreviation's badge link and colour (al-folio's venues.yml).

Colours are checked here (only ``#rgb``/``#rrggbb`` reach the page, so a value can never
break out of its ``style`` attribute) and each gets the text colour, black or white, with
the higher contrast: at least 4.5:1 (WCAG AA) for any background, light theme or dark.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..bib.links import classify_url

__all__ = ["Venue", "contrast", "parse_venues", "text_colour"]

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
DARK_TEXT = "#000000"
LIGHT_TEXT = "#ffffff"


@dataclass(frozen=True)
class Venue:
    """One configured venue: its badge's link and colours (all optional)."""

    url: str = ""
    background: str = ""
    foreground: str = ""


def _channels(colour: str) -> tuple[float, float, float]:
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    values = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return linear[0], linear[1], linear[2]


def luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rgb``/``#rrggbb`` colour."""
    red, green, blue = _channels(colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours (1..21)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour(background: str) -> str:
    """Black-ish or white text, whichever contrasts more with *background*."""
    dark, light = contrast(background, DARK_TEXT), contrast(background, LIGHT_TEXT)
    return DARK_TEXT if dark >= light else LIGHT_TEXT


def parse_venues(value: object) -> tuple[dict[str, Venue], list[str]]:
    """The config value -> {abbr: Venue}, and a message for each value that was refused."""
    venues: dict[str, Venue] = {}
    problems: list[str] = []
    if not isinstance(value, Mapping):
        if value:
            problems.append("researchtopics_venues must be a dict: abbreviation -> {url, color}")
        return venues, problems
    for abbr, spec in value.items():
        if not isinstance(abbr, str) or not isinstance(spec, Mapping):
            problems.append(f"researchtopics_venues[{abbr!r}] must be a dict with url and color")
            continue
        url = spec.get("url", "") or ""
        safe = classify_url(url) if isinstance(url, str) and url else None
        if url and (safe is None or safe[1]):
            problems.append(f"researchtopics_venues[{abbr!r}]: URL {url!r} is not http(s)")
        colour = spec.get("color", spec.get("colour", "")) or ""
        if colour and not (isinstance(colour, str) and _HEX.fullmatch(colour.strip())):
            problems.append(
                f"researchtopics_venues[{abbr!r}]: colour {colour!r} is not #rgb or #rrggbb"
            )
            colour = ""
        colour = colour.strip().lower() if isinstance(colour, str) else ""
        venues[abbr] = Venue(
            url=safe[0] if safe is not None and not safe[1] else "",
            background=colour,
            foreground=text_colour(colour) if colour else "",
        )
    return venues, problems
