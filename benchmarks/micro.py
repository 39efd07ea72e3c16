#!/usr/bin/env python
"""Per-call costs of the pure converters, which tests must never time.

``python benchmarks/micro.py`` prints microseconds per call for LaTeX conversion and
name parsing (uncached, as on a cold build), for typical fields and for inputs built
to make a careless tokenizer quadratic.  pybtex's ``Text.from_latex`` and its name
parser are timed on the same typical input for comparison.
"""

from __future__ import annotations

import sys
import timeit
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sphinxcontrib_researchtopics.bib.latex import _convert
from sphinxcontrib_researchtopics.bib.people import parse_people

TITLE = r"{Fast} \emph{Estimation} of M\"{u}ller--Schmidt Graphs with $O(n^2)$ {\'E}tudes"
AUTHORS = "Zhiwei Xiong and Zeyu Xiao and Dong Liu and Zheng-Jun Zha and Feng Wu"
HOSTILE = {
    "5,000 open braces": "{" * 5000,
    "5,000 dollars": "$" * 5000,
    "2,000 'and's": " and " * 2000,
    "3,000 commas": "a," * 3000,
    "5,000 backslashes": "\\" * 5000,
}


def per_call_us(function: Callable[[], object], budget: float = 0.5) -> float:
    """Microseconds per call, best of 5 runs sized to about *budget* seconds each."""
    timer = timeit.Timer(function)
    number, elapsed = timer.autorange()
    number = max(1, int(number * budget / max(elapsed, 1e-9)))
    return min(timer.repeat(repeat=5, number=number)) / number * 1e6


def rows() -> list[tuple[str, float]]:
    names = parse_people.__wrapped__  # type: ignore[attr-defined]
    out = [
        ("latex: typical title", per_call_us(lambda: _convert(TITLE))),
        ("names: five authors", per_call_us(lambda: names(AUTHORS))),
    ]
    for label, text in HOSTILE.items():
        out.append((f"latex: {label}", per_call_us(lambda t=text: _convert(t), 0.2)))
        out.append((f"names: {label}", per_call_us(lambda t=text: names(t), 0.2)))
    try:
        from pybtex.database import Person
        from pybtex.richtext import Text
    except ImportError:
        return out
    out.append(("pybtex Text.from_latex: title", per_call_us(lambda: Text.from_latex(TITLE))))
    people = AUTHORS.split(" and ")
    out.append(("pybtex Person: five authors", per_call_us(lambda: [Person(p) for p in people])))
    return out


def main() -> int:
    for label, micros in rows():
        print(f"{label:<36} {micros:12.1f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
