"""Every parser in linear time: each pathological input timed at n and 4n.

Run from the repository root: ``python benchmarks/linear.py [--size N]``.  A linear
parser takes about 4x as long on the 4x input; anything above ~6x is flagged (a
quadratic path shows 16x).  Timings are the best of a few runs, caches cleared.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sphinxcontrib_researchtopics.bib import latex, people
from sphinxcontrib_researchtopics.bib.filters import OptionError, compile_filter
from sphinxcontrib_researchtopics.bib.load import parse_file
from sphinxcontrib_researchtopics.bib.scan import parse_bib_text

#: The ratio above which a row is flagged.
LIMIT = 6.0


def _latex(text: str) -> object:
    latex.to_rich.cache_clear()
    latex.to_text.cache_clear()
    latex.dropped_commands.cache_clear()
    return latex.to_rich(text), latex.to_text(text), latex.dropped_commands(text)


def _names(text: str) -> object:
    people.parse_people.cache_clear()
    latex.to_text.cache_clear()
    return people.parse_people(text)


def _scan(text: str) -> object:
    return parse_bib_text(text, "x.bib")


def _load(text: str) -> object:
    latex.to_rich.cache_clear()
    return parse_file("x.bib", "topics", text.encode())


def _filter(text: str) -> object:
    try:
        return compile_filter(text)
    except OptionError as error:
        return error


#: (parser, input name, input of size ~n characters).
CASES: list[tuple[str, str, Callable[[int], str], Callable[[str], object]]] = [
    ("latex", r"unclosed \(", lambda n: "\\(" * (n // 2), _latex),
    ("latex", r"\emph[ repeated", lambda n: "\\emph[" * (n // 6), _latex),
    ("latex", "$ runs", lambda n: "$" * n, _latex),
    ("latex", r"$\$ unclosed escapes", lambda n: "$" + "\\$" * (n // 2), _latex),
    ("latex", "$x$$ mixed", lambda n: "$x$$" * (n // 4), _latex),
    ("latex", "deep braces", lambda n: "{" * (n // 2) + "}" * (n // 2), _latex),
    ("latex", "{ without close", lambda n: "{" * n, _latex),
    ("latex", r"\href{ unclosed", lambda n: "\\href{" * (n // 6), _latex),
    ("latex", r"\'{ accents", lambda n: "\\'{" * (n // 3), _latex),
    ("latex", "unknown commands", lambda n: "\\foo{a}" * (n // 7), _latex),
    ("names", "' and ' runs", lambda n: "a and " * (n // 6), _names),
    ("names", "many authors", lambda n: "Last, First and " * (n // 16), _names),
    ("names", "{ without close", lambda n: "A {" * (n // 3), _names),
    ("names", "$ runs", lambda n: "A $" * (n // 3), _names),
    ("names", "long von runs", lambda n: "a " * (n // 2) + "Z", _names),
    ("scan", "@ storm", lambda n: "@" * n, _scan),
    ("scan", "@misc{ storm", lambda n: "@misc{" * (n // 6), _scan),
    ("scan", "@misc{ lines", lambda n: "@misc{a,\n" * (n // 9), _scan),
    ("scan", "@misc( lines", lambda n: "@misc(a,\n" * (n // 9), _scan),
    ("scan", "{ without close", lambda n: "@misc{a, title={" + "{" * n, _scan),
    (
        "scan",
        "deep braces",
        lambda n: "@misc{a, t={" + "{" * (n // 2) + "}" * (n // 2) + "}}",
        _scan,
    ),
    ("scan", "entries on one line", lambda n: "@misc{a, t={b}}" * (n // 15), _scan),
    ("scan", "@comment{ lines", lambda n: "@comment{x\n" * (n // 11), _scan),
    ("scan", "stray text", lambda n: "x}\n" * (n // 3), _scan),
    ("load", "duplicate fields", lambda n: "@misc{a,\n" + "title={x},\n" * (n // 11) + "}", _load),
    (
        "load",
        "entries",
        lambda n: "@misc{k, title={A \\emph{B}}, year={1999b}}\n" * (n // 45),
        _load,
    ),
    (
        "load",
        "unsafe url_ fields",
        lambda n: "@misc{a,\n" + "url_x = {javascript:1},\n" * (n // 24) + "}",
        _load,
    ),
    ("filter", "long 'or' chain", lambda n: " or ".join(["year == 1"] * (n // 13)), _filter),
    ("filter", "long comparison chain", lambda n: " < ".join(["1"] * (n // 4)), _filter),
    ("filter", "long string", lambda n: "title == '" + "a" * n + "'", _filter),
    ("filter", "deep not", lambda n: "not " * (n // 4) + "year", _filter),
]


def best(run: Callable[[str], object], text: str, repeat: int) -> float:
    """Best of *repeat* runs, the cyclic collector off (as during a build's parse): its
    passes over every live object would make any large input look superlinear."""
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            run(text)
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=50_000, help="n, in characters")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    n = args.size
    print(f"{'parser':<7} {'input':<24} {'n (s)':>9} {'4n (s)':>9} {'ratio':>6}")
    flagged = 0
    for group, name, make, run in CASES:
        small = best(run, make(n), args.repeat)
        large = best(run, make(4 * n), args.repeat)
        ratio = large / small if small > 0 else float("inf")
        flag = f"  <-- above {LIMIT:.0f}" if ratio > LIMIT else ""
        flagged += bool(flag)
        print(f"{group:<7} {name:<24} {small:9.4f} {large:9.4f} {ratio:6.1f}{flag}")
    print(f"{flagged} of {len(CASES)} rows above {LIMIT:.0f}")
    return 1 if flagged else 0


if __name__ == "__main__":
    raise SystemExit(main())
