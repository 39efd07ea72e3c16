"""Years, months and dates of entries: what sorts them, and what is wrong with them.

A year is read leniently ("1999b" sorts as 1999) but never silently: the caller gets
the problem to report.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .latex import to_text

__all__ = ["parse_month", "year_month"]

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
_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?")


def parse_month(value: str) -> int:
    """'May', 'may', '5', '05' -> 5; 'May--June', '10~May' -> 5 (the first month named)."""
    text = value.strip().lower().rstrip(".")
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else 0
    return next((_MONTHS[word] for word in re.findall(r"[a-z]+", text) if word in _MONTHS), 0)


#: A year that can be read from a value that is not only a year ("1999b", "2020--2021").
_YEAR_IN = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_DATE_PARTS = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*(?:/.*)?$")


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
    year_num = int(digits) if digits.isdigit() else None
    if year_num is None and digits:
        readable = _YEAR_IN.search(digits)
        if readable is not None:
            year_num = int(readable.group(1))
            if not problem:
                problem_field = "year"
                problem = f"year {digits!r} is not a plain year; sorted as {year_num}"
    return year, year_num, month, problem, problem_field
