"""Our stylesheets name sides logically (inline-start/end), so a right-to-left page lays
out entries, action rows and the finder mirrored; Chromium checks the layout in
tests/browser/test_browser_languages.py."""

from __future__ import annotations

import re

from sphinxcontrib_researchtopics.html.assets import CSS_FILE, FINDER_CSS_FILE, STATIC_DIR

#: A physical side: margin-left, border-right-width, left: 0, text-align: right, float...
PHYSICAL = re.compile(
    r"(?:^|[;{\s])(?:(?:margin|padding|border)-(?:left|right)[\w-]*"
    r"|(?:left|right)\s*:|text-align\s*:\s*(?:left|right)|float\s*:\s*(?:left|right))",
    re.MULTILINE,
)


def declarations(css: str) -> list[tuple[str, str]]:
    """(selector, body) of every rule, comments left out."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    return [(m[1].strip(), m[2]) for m in re.finditer(r"([^{}]*)\{([^{}]*)\}", css)]


def test_stylesheets_use_logical_sides() -> None:
    # the check sees a physical side, and not a logical one
    rules = declarations(".a { margin-left: 1em } .b { text-align: right; } .c { left: 0 }")
    assert [bool(PHYSICAL.search(body)) for _, body in rules] == [True, True, True]
    logical = ".a { margin-inline-start: 1em; text-align: end; inset-inline-start: 0 }"
    assert not PHYSICAL.search(declarations(logical)[0][1])
    for name in (CSS_FILE, FINDER_CSS_FILE):
        css = (STATIC_DIR / name).read_text(encoding="utf-8")
        physical = [
            (selector, PHYSICAL.findall(body))
            for selector, body in declarations(css)
            if PHYSICAL.search(body)
        ]
        assert not physical, name
