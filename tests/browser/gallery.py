"""Screenshots of the browser suite's demo page in every theme, light and dark.

    python tests/browser/gallery.py docs/_static/gallery

Builds the test site (tests/roots/test-browser) once per theme, serves it on 127.0.0.1,
and saves one PNG per theme and mode: a 900 px wide window, from the page title to the
third entry of the first list (at most 1000 px), with the first entry's abstract open.
docs/gallery.rst shows them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sitekit

#: Light and dark where the theme has both; furo's "auto" looks like one of them.
SHOTS = tuple(variant for variant in sitekit.VARIANTS if variant.mode != "auto")

WIDTH = 900
MAX_HEIGHT = 1000

CLIP_JS = """
() => {
  const list = document.querySelector(".rt-publications");
  const heading = document.querySelector("h1");
  const entries = list.querySelectorAll(".rt-publication");
  const last = entries[Math.min(entries.length, 3) - 1];
  const top = heading.getBoundingClientRect().top;
  const bottom = last.getBoundingClientRect().bottom;
  return {top: top + window.scrollY, bottom: bottom + window.scrollY};
}
"""


def shoot(
    browser: object, site_url: str, server_url: str, variant: sitekit.Variant, out: Path
) -> Path:
    context = sitekit.new_context(
        browser, server_url, variant, viewport={"width": WIDTH, "height": 800}
    )
    try:
        page = context.new_page()
        page.goto(f"{site_url}/index.html")
        page.wait_for_load_state("load")
        if not page.evaluate(variant.applied_js()):
            raise SystemExit(f"{variant.name}: the theme's mode was not applied")
        page.evaluate("document.querySelector('.rt-publications details.rt-abstract').open = true")
        box = page.evaluate(CLIP_JS)
        top = max(0, box["top"] - 16)
        height = min(MAX_HEIGHT, box["bottom"] + 24 - top)
        path = out / f"{variant.name}.png"
        page.screenshot(
            path=str(path),
            full_page=True,
            clip={"x": 0, "y": top, "width": WIDTH, "height": height},
            animations="disabled",
            caret="hide",
        )
        return path
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path, help="where the PNGs go (docs/_static/gallery)")
    args = parser.parse_args(argv)
    reason = sitekit.missing_browser()
    if reason:
        print(f"gallery: {reason}", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    args.outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        root = Path(tmp)
        server = sitekit.Server(root)
        browser = sitekit.launch(playwright)
        try:
            built: dict[str, str] = {}
            for variant in SHOTS:
                if variant.theme not in built:
                    html, _, _ = sitekit.build_site(variant.theme, root / variant.theme)
                    built[variant.theme] = f"{server.url}/{html.relative_to(root).as_posix()}"
                path = shoot(browser, built[variant.theme], server.url, variant, args.outdir)
                print(f"{path}  {path.stat().st_size // 1024} KiB")
        finally:
            browser.close()
            server.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
