"""Years, months and dates of entries: what sorts them, and what is wrong with them.

A year is read leniently ("1999b" sorts as 1999) but never silently: the caller gets
the problem to report.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .latex import to_text

__all__ = ["ascii_number", "parse_month", "year_month"]

#: Digits as numbers are read: ASCII only (``str.isdigit`` is true for "²" and int()
#: then fails; "٢٠٢٠" would be read as 2020) and never longer than a year or a count.
_ASCII_DIGITS = re.compile(r"[0-9]{1,18}", re.ASCII)


def ascii_number(text: str, max_digits: int = 18) -> int | None:
    """*text* (spaces around allowed) as a number when it is 1 to *max_digits* ASCII
    digits; None for anything else (superscripts, other scripts' digits, signs, huge)."""
    text = text.strip()
    if len(text) > max_digits or _ASCII_DIGITS.fullmatch(text) is None:
        return None
    return int(text)


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "janvier"),
            ("feb", "february", "febr"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_DATE = re.compile(r"^\s*([0-9]{4})(?:-([0-9]{1,2}))?")


def parse_month(value: str) -> int:
    """'May', 'may', '5', '05' -> 5; 'May--June', '10~May' -> 5 (the first month named)."""
    text = value.strip().lower().rstrip(".")
    number = ascii_number(text, 2)
    if number is not None:
        return number if 1 <= number <= 12 else 0
    return next((_MONTHS[word] for word in re.findall(r"[a-z]+", text) if word in _MONTHS), 0)


#: A year that can be read from a value that is not only a year ("1999b", "2020--2021").
_YEAR_IN = re.compile(r"(?<![0-9])([0-9]{4})(?![0-9])")
_DATE_PARTS = re.compile(r"^\s*([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?\s*(?:/.*)?$")


def _check_date(date: str) -> tuple[str, int, str]:
    """(year, month, problem) of a biblatex ``date`` (``YYYY[-MM[-DD]]``, ranges with ``/``)."""
    match = _DATE.match(date)
    if match is None:
        return "", 0, f"date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
    full = _DATE_PARTS.match(date)
    month = int(match.group(2)) if match.group(2) else 0
    day = int(full.group(3)) if full and full.group(3) else 1
    if full is None or not 0 <= month <= 12 or not 1 <= day <= 31:
        return match.group(1), 0, f"date {date!r} is not a valid YYYY, YYYY-MM or YYYY-MM-DD"
    return match.group(1), month, ""


def year_month(fields: Mapping[str, str]) -> tuple[str, int | None, int, str, str]:
    """Year text, year number, month, and a problem message and its field ('' if none).

    A year with more than a year in it sorts by the year it names, with a warning
    (``1999b`` sorts as 1999, not above every number); words ("in press") stay unnumbered.
    """
    year = to_text(fields.get("year", ""))
    month_raw = fields.get("month", "")
    month = parse_month(to_text(month_raw)) if month_raw else 0
    problem = problem_field = ""
    date = fields.get("date", "")
    if date:
        date_year, date_month, date_problem = _check_date(date)
        year = year or date_year
        month = month or date_month
        if date_problem:
            problem, problem_field = date_problem, "date"
    if month_raw and not month:
        problem_field = "month"
        problem = f"month {month_raw!r} is not a month name or number"
    digits = year.strip()
    year_num = ascii_number(digits, 4)
    if year_num is None and digits:
        readable = _YEAR_IN.search(digits[:200])
        if readable is not None:
            year_num = int(readable.group(1))
            if not problem:
                problem_field = "year"
                problem = f"year {digits[:40]!r} is not a plain year; sorted as {year_num}"
        elif not problem and any(char.isdigit() for char in digits):
            problem_field = "year"
            problem = (
                f"year {digits[:40]!r} is not a year of at most 4 ASCII digits; not sorted "
                "as a year"
            )
    return year, year_num, month, problem, problem_field
