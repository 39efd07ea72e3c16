"""The screenshot of docs/directives.rst: the demo's ``publication-stats`` chart.

    PYTHONPATH=$PWD python tests/browser/chart_screenshot.py docs/_static/publication-stats.png

Builds the docs (furo, light) into a temporary folder, serves them on 127.0.0.1 and saves
the chart's figure on demo/index.html, in a 760 px wide window, as a PNG.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sitekit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    with sitekit.docs_page("demo/index.html", 760) as page:
        page.locator("figure.rt-stats").screenshot(path=str(args.out))
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
