"""The screenshot of docs/languages.rst: the demo's video page built in Chinese.

    PYTHONPATH=$PWD python tests/browser/language_screenshot.py docs/_static/languages-zh_CN.png

Builds the docs (furo, light) with ``language = "zh_CN"`` into a temporary folder,
serves them on 127.0.0.1 and saves, in an 820 px wide window, the demo's list of every
paper from its finder to the end of its second entry, with the first entry's abstract
open (at most 900 px).  Chromium needs a CJK font (Debian: ``fonts-wqy-microhei``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sitekit

PAGE = "demo/all.html"
MAX_HEIGHT = 900
WIDTH = 820

CLIP_JS = """
() => {
  const list = document.querySelector(".rt-publications");
  const entries = list.querySelectorAll(".rt-publication");
  entries[0].querySelector("details.rt-abstract").open = true;
  const top = list.getBoundingClientRect().top + window.scrollY;
  const bottom = entries[1].getBoundingClientRect().bottom + window.scrollY;
  return {top: top, bottom: bottom};
}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    with sitekit.docs_page(PAGE, WIDTH, {"language": "zh_CN"}) as page:
        box = page.evaluate(CLIP_JS)
        top = max(0, box["top"] - 12)
        page.screenshot(
            path=str(args.out),
            full_page=True,
            clip={
                "x": 0,
                "y": top,
                "width": WIDTH,
                "height": min(MAX_HEIGHT, box["bottom"] + 16 - top),
            },
            animations="disabled",
            caret="hide",
        )
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
