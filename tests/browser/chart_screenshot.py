"""The screenshot of docs/directives.rst: the demo's ``publication-stats`` chart.

    PYTHONPATH=$PWD python tests/browser/chart_screenshot.py docs/_static/publication-stats.png

Builds the docs (furo, light) into a temporary folder, serves them on 127.0.0.1 and saves
the chart's figure on demo/index.html, in a 760 px wide window, as a PNG.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sitekit

DOCS = Path(__file__).resolve().parents[2] / "docs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        html, _warnings, _bibtex = sitekit.build_site("furo", root / "docs", DOCS)
        server = sitekit.Server(root)
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = sitekit.launch(playwright)
                context = sitekit.new_context(
                    browser,
                    server.url,
                    sitekit.Variant("furo", "light"),
                    viewport={"width": 760, "height": 900},
                )
                page = context.new_page()
                page.goto(f"{server.url}/{html.relative_to(root).as_posix()}/demo/index.html")
                page.wait_for_load_state("load")
                page.locator("figure.rt-stats").screenshot(path=str(args.out))
                browser.close()
        finally:
            server.close()
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
