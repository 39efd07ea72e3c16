"""Tooling shared by the browser tests and ``gallery.py``: build, serve, launch, measure.

Kept free of pytest so ``python tests/browser/gallery.py OUTDIR`` can use it as a script.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent / "roots" / "test-browser"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

#: Every theme the suite builds: a short name -> the ``html_theme`` value.
THEMES: dict[str, str] = {
    "furo": "furo",
    "alabaster": "alabaster",
    "rtd": "sphinx_rtd_theme",
    "pydata": "pydata_sphinx_theme",
    "book": "sphinx_book_theme",
}


@dataclass(frozen=True)
class Variant:
    """One way a reader sees a theme: the theme, its colour mode, the OS preference."""

    theme: str
    mode: str  # light | dark | auto
    scheme: str = "light"  # the browser's prefers-color-scheme

    @property
    def name(self) -> str:
        if self.mode == "auto":
            return f"{self.theme}-auto-{self.scheme}"
        return f"{self.theme}-{self.mode}"

    @property
    def dark(self) -> bool:
        return self.mode == "dark" or (self.mode == "auto" and self.scheme == "dark")

    def init_script(self) -> str:
        """Run before the page's scripts: the theme's stored choice of mode."""
        if self.theme == "furo":
            return f'localStorage.setItem("theme", "{self.mode}");'
        if self.theme in ("pydata", "book"):
            return (
                f'localStorage.setItem("mode", "{self.mode}");'
                f'localStorage.setItem("theme", "{self.mode}");'
            )
        return ""

    def applied_js(self) -> str:
        """A JS expression: true when the page shows this variant's mode."""
        if self.theme == "furo":
            return f'document.body.dataset.theme === "{self.mode}"'
        if self.theme in ("pydata", "book"):
            expected = "dark" if self.dark else "light"
            return f'document.documentElement.dataset.theme === "{expected}"'
        return "true"


VARIANTS: tuple[Variant, ...] = (
    Variant("furo", "light"),
    Variant("furo", "dark", "dark"),
    Variant("furo", "auto", "light"),
    Variant("furo", "auto", "dark"),
    Variant("alabaster", "light"),
    Variant("rtd", "light"),
    Variant("pydata", "light"),
    Variant("pydata", "dark", "dark"),
    Variant("book", "light"),
    Variant("book", "dark", "dark"),
)


def build_site(
    theme: str, outdir: Path, root: Path = ROOT, overrides: dict[str, Any] | None = None
) -> tuple[Path, str, dict[str, str]]:
    """Build the test root *root* (the browser suite's site) with *theme* into *outdir*,
    with *overrides* of its settings (``language``...).

    Returns the HTML folder, the warnings and every entry's BibTeX text by key.
    """
    from sphinx import locale
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from sphinxcontrib_researchtopics.sphinxext import state

    html = outdir / "html"
    if outdir.exists():
        shutil.rmtree(outdir)
    warnings = io.StringIO()
    # Sphinx keeps the message catalogs it loaded for the process (sphinx.locale): a build
    # in another language starts without them, as Sphinx's test app does, and leaves none.
    locale.translators.clear()
    # As sphinx-build does: docutils' registries are global, and each build registers
    # its directives and nodes again.
    with patch_docutils(str(root)), docutils_namespace():
        app = Sphinx(
            str(root),
            str(root),
            str(html),
            str(outdir / "doctrees"),
            "html",
            # A list of its own: pydata's and the book theme's setup append their folders
            # to templates_path, whose default list Sphinx shares between applications.
            confoverrides={
                "html_theme": THEMES[theme],
                "templates_path": [],
                **(overrides or {}),
            },
            status=None,
            warning=warnings,
            freshenv=True,
        )
        try:
            app.build()
        finally:
            locale.translators.clear()
    bibliography = state.get_state(app.env).bibliography
    bibtex = {key: pub.bibtex for key, pub in bibliography.entries.items()}
    return html, warnings.getvalue(), bibtex


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class Server:
    """``http.server`` on 127.0.0.1 at a free port, in a daemon thread."""

    def __init__(self, directory: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@contextlib.contextmanager
def docs_page(page_path: str, width: int, overrides: dict[str, Any] | None = None) -> Iterator[Any]:
    """The docs built with furo (light) and *overrides* into a temporary folder, served on
    127.0.0.1, with *page_path* open in a *width* px wide window (for the docs' pictures)."""
    from playwright.sync_api import sync_playwright

    docs = HERE.parents[1] / "docs"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        html, _warnings, _bibtex = build_site("furo", root / "docs", docs, overrides)
        server = Server(root)
        try:
            with sync_playwright() as playwright:
                browser = launch(playwright)
                context = new_context(
                    browser,
                    server.url,
                    Variant("furo", "light"),
                    viewport={"width": width, "height": 900},
                )
                page = context.new_page()
                page.goto(f"{server.url}/{html.relative_to(root).as_posix()}/{page_path}")
                page.wait_for_load_state("load")
                yield page
                browser.close()
        finally:
            server.close()


def missing_browser() -> str:
    """Why the browser tests cannot run here, or "" when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -e '.[test]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"Debian's chromium is not at {CHROMIUM} (apt-get install chromium)"
    return ""


def launch(playwright: Any) -> Any:
    """Debian's Chromium, headless (playwright's own browser download does not work here)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def new_context(browser: Any, base_url: str, variant: Variant | None = None, **options: Any) -> Any:
    """A context that reaches only the local server (no CDN, no fonts from afar)."""
    if variant is not None:
        options.setdefault("color_scheme", variant.scheme)
    context = browser.new_context(**options)
    if variant is not None and variant.init_script():
        context.add_init_script(variant.init_script())

    def route(route: Any) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    return context


def axe_script() -> Path | None:
    """axe-core's ``axe.min.js``, as the PyPI package ``axe-playwright-python`` ships it."""
    try:
        import axe_playwright_python
    except ImportError:
        return None
    path = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    return path if path.is_file() else None


#: The contract's text parts, measured as a reader sees them (``details`` closed).
TEXT_PARTS: dict[str, str] = {
    "title": ".rt-title",
    "authors": ".rt-authors",
    "member": ".rt-member, .rt-authors a",
    "venue": ".rt-venue",
    "badge": ".rt-badge",
    "award/note": ".rt-award, .rt-note",
    "link": ".rt-links a.rt-link",
    "separator": ".rt-sep",
    "summary": ".rt-action, details.rt-abstract > summary, details.rt-bibtex > summary",
    "more authors": "details.rt-more-authors > summary",
    "group heading": ".rt-group",
    "topic nav": "nav.rt-topic-nav a",
    "nav count": "nav.rt-topic-nav .rt-count",
    "controls": ".rt-controls button",
    "other links": ".rt-publications a, .rt-also-in a, .rt-download a",
}

#: Parts shown once every toggle is open.
OPEN_PARTS: dict[str, str] = {
    "abstract text": "details.rt-abstract > p",
    "hidden authors": "details.rt-more-authors[open]",
    "copy button": "details.rt-bibtex button.rt-copy:not([hidden])",
    "bibtex text": "details.rt-bibtex pre",
}

#: Theme-owned syntax colours inside the BibTeX block: reported, not required.
PYGMENTS_PARTS: dict[str, str] = {"bibtex token": "details.rt-bibtex pre span"}

#: Colour arithmetic for the contrast checks, pasted at the top of their functions: any
#: CSS colour as sRGB (``rgba``), compositing (``over``), the colour behind an element
#: (``background``) and WCAG's contrast ``ratio``.
COLOUR_JS = """
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  // Any CSS colour (rgb(), color(srgb ...), oklch(), ...) -> [r, g, b, a] in sRGB.
  function rgba(css) {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = "rgba(0, 0, 0, 0)";
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3] / 255];
  }
  function over(top, base) {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + base[i] * (1 - a));
  }
  // The colour behind an element: its own and its ancestors' backgrounds, composited
  // from the first opaque one (the canvas is white when none is).
  function background(el) {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let base = [255, 255, 255];
    for (let i = layers.length - 1; i >= 0; i--) base = over(layers[i], base);
    return base;
  }
  function luminance(rgb) {
    const c = rgb.map(v => {
      v = v / 255;
      return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }
  function ratio(a, b) {
    const la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }
"""

CONTRAST_JS = (
    """
([parts, openParts, tokenParts]) => {
"""
    + COLOUR_JS
    + """
  function opacity(el) {
    let o = 1;
    for (let e = el; e; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity);
    return o;
  }
  function visible(el) {
    const s = getComputedStyle(el);
    return el.getClientRects().length > 0 && s.visibility !== "hidden"
      && (el.textContent || "").trim() !== "";
  }
  function describe(el) {
    const cls = typeof el.className === "string" && el.className
      ? "." + el.className.split(" ").join(".") : "";
    return el.tagName.toLowerCase() + cls + " \\"" + el.textContent.trim().slice(0, 30) + "\\"";
  }
  function measure(table) {
    const out = {};
    for (const [name, selector] of Object.entries(table)) {
      let worst = null;
      for (const el of document.querySelectorAll(selector)) {
        if (!visible(el)) continue;
        const bg = background(el);
        const fg = rgba(getComputedStyle(el).color);
        fg[3] *= opacity(el);
        const r = ratio(over(fg, bg), bg);
        if (worst === null || r < worst.ratio) {
          worst = {ratio: r, element: describe(el), color: getComputedStyle(el).color,
                   background: "rgb(" + bg.map(Math.round) + ")"};
        }
      }
      if (worst !== null) out[name] = worst;
    }
    return out;
  }
  const closed = measure(parts);
  document.querySelectorAll("details.rt-abstract, details.rt-bibtex, details.rt-more-authors")
    .forEach(d => { d.open = true; });
  const opened = measure(openParts);
  const tokens = measure(tokenParts);
  return {parts: Object.assign(closed, opened), tokens: tokens,
          page: background(document.querySelector(".rt-publication"))};
}
"""
)


def contrast(page: Any) -> dict[str, Any]:
    """Measure the text contrast of every entry part on *page* (opens every toggle)."""
    return page.evaluate(CONTRAST_JS, [TEXT_PARTS, OPEN_PARTS, PYGMENTS_PARTS])
