"""Is ``researchtopics import`` linear?  Time it on pathological pages of n and 4n bytes.

Each input is a shape that made a backtracking pattern of the old importer polynomial
(long runs of spaces, backticks, unclosed ``**``, nav links, venue commas, unclosed
tags).  For each, the time at n and at 4n is printed with their ratio: a linear step
gives about 4, a quadratic one 16.

    python benchmarks/linear_importer.py [n]      (default n = 50000)
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sphinxcontrib_researchtopics.cli.importer import import_pages

ENTRY = (
    "**A Paper** <br>\n_Ann Author, Bo Writer_ <br>\n"
    "<span><pub>Some Conference (SC), 2020</pub></span> <br>\n"
)

#: name -> page of about *n* characters
SHAPES: dict[str, Callable[[int], str]] = {
    "heading spaces": lambda n: "## x" + " " * n + "\n",
    "backticks": lambda n: "## T\n\n" + ENTRY + "`" * n + "\n",
    "**a repeated": lambda n: "## T\n\n" + ENTRY + "**a " * (n // 4) + "\n",
    "nav links + spaces": lambda n: "[▶ a](/b) " * (n // 20) + " " * (n // 2) + "x\n",
    "venue commas": lambda n: "## T\n\n**A** <br>\n_A B, C D_ <br>\nConf" + " ," * (n // 2),
    "unclosed <a": lambda n: "## T\n\n" + ENTRY + "<a" * (n // 2) + "\n",
    "[a repeated": lambda n: "## T\n\n" + ENTRY + "[a" * (n // 2) + "\n",
    "<!-- repeated": lambda n: "## T\n\n" + "<!--" * (n // 4) + "\n",
}


def seconds(text: str, folder: Path) -> float:
    page = folder / "topic.md"
    page.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    import_pages([page])
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    print(f"{'input':22} {'n=' + str(n):>10} {'4n':>10} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, shape in SHAPES.items():
            small = seconds(shape(n), Path(tmp))
            large = seconds(shape(4 * n), Path(tmp))
            print(f"{name:22} {small:9.3f}s {large:9.3f}s {large / max(small, 1e-9):6.1f}")


if __name__ == "__main__":
    main()
