"""Browser fixtures: sites built once per theme, one local HTTP server, one Chromium.

The suite drives Debian's Chromium (``/usr/bin/chromium``) through playwright. In CI
(``CI`` set) a missing browser, playwright or axe-core fails the tests; elsewhere the
tests are skipped, and the run says why at the end.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import sitekit

_SKIPPED: list[str] = []


def unavailable(reason: str) -> None:
    """Fail in CI, skip loudly elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    if reason not in _SKIPPED:
        _SKIPPED.append(reason)
    pytest.skip(f"BROWSER TESTS SKIPPED: {reason}")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for reason in _SKIPPED:
        terminalreporter.write_sep("!", f"browser tests skipped: {reason}", red=True, bold=True)


@dataclass
class Site:
    """One theme's build, as the server publishes it."""

    theme: str
    html: Path
    url: str
    warnings: str
    bibtex: dict[str, str]

    def page_url(self, page: str = "index.html", fragment: str = "") -> str:
        return f"{self.url}/{page}" + (f"#{fragment}" if fragment else "")


class Sites:
    """Each theme's site, built on first use, once per session."""

    def __init__(self, root: Path, server: sitekit.Server, source: Path = sitekit.ROOT) -> None:
        self.root = root
        self.server = server
        self.source = source
        self.built: dict[str, Site] = {}

    def __getitem__(self, theme: str) -> Site:
        if theme not in self.built:
            html, warnings, bibtex = sitekit.build_site(theme, self.root / theme, self.source)
            url = f"{self.server.url}/{html.relative_to(self.root).as_posix()}"
            self.built[theme] = Site(theme, html, url, warnings, bibtex)
        return self.built[theme]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = sitekit.missing_browser()
    if reason:
        unavailable(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = sitekit.launch(playwright)
        except Exception as error:  # the binary exists but does not start
            unavailable(f"Chromium does not start: {error}")
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[Sites]:
    root = tmp_path_factory.mktemp("browser-sites")
    server = sitekit.Server(root)
    yield Sites(root, server)
    server.close()


@pytest.fixture(scope="session")
def finder_sites(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[Sites]:
    """The finder's test root (tests/roots/test-finder), built per theme on first use."""
    root = tmp_path_factory.mktemp("finder-sites")
    server = sitekit.Server(root)
    yield Sites(root, server, sitekit.HERE.parent / "roots" / "test-finder")
    server.close()


@pytest.fixture(scope="session")
def title_sites(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[Sites]:
    """A site whose title holds HTML and an entity (tests/roots/test-browser-title)."""
    root = tmp_path_factory.mktemp("title-sites")
    server = sitekit.Server(root)
    yield Sites(root, server, sitekit.HERE.parent / "roots" / "test-browser-title")
    server.close()


@pytest.fixture
def open_title_site(browser: Any, title_sites: Sites) -> Iterator[OpenPage]:
    """:func:`open_page` for the hostile-title site."""
    yield from page_opener(browser, title_sites)


@pytest.fixture
def open_finder(browser: Any, finder_sites: Sites) -> Iterator[OpenPage]:
    """:func:`open_page` for the finder's site."""
    yield from page_opener(browser, finder_sites)


@pytest.fixture(scope="session")
def marks_sites(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[Sites]:
    """tests/roots/test-finder-marks (CJK titles, authors, venues), per theme on first use."""
    root = tmp_path_factory.mktemp("marks-sites")
    server = sitekit.Server(root)
    yield Sites(root, server, sitekit.HERE.parent / "roots" / "test-finder-marks")
    server.close()


@pytest.fixture
def open_marks(browser: Any, marks_sites: Sites) -> Iterator[OpenPage]:
    """:func:`open_page` for the marks' site."""
    yield from page_opener(browser, marks_sites)


class LanguageSites(Sites):
    """tests/roots/test-finder-languages in furo, built once per ``language`` ("en": unset)."""

    def __getitem__(self, language: str) -> Site:
        if language not in self.built:
            overrides = {} if language == "en" else {"language": language}
            html, warnings, bibtex = sitekit.build_site(
                "furo", self.root / language, self.source, overrides
            )
            url = f"{self.server.url}/{html.relative_to(self.root).as_posix()}"
            self.built[language] = Site("furo", html, url, warnings, bibtex)
        return self.built[language]


@pytest.fixture(scope="session")
def language_sites(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[Sites]:
    """tests/roots/test-finder-languages per language, on first use."""
    root = tmp_path_factory.mktemp("language-sites")
    server = sitekit.Server(root)
    yield LanguageSites(root, server, sitekit.HERE.parent / "roots" / "test-finder-languages")
    server.close()


@pytest.fixture
def open_language(browser: Any, language_sites: Sites) -> Iterator[OpenPage]:
    """:func:`open_page` for the languages' site: ``open_language("zh_CN", ...)``."""
    yield from page_opener(browser, language_sites)


@pytest.fixture(scope="session")
def axe_js() -> str:
    path = sitekit.axe_script()
    if path is None:
        unavailable("axe-core is missing: pip install axe-playwright-python (the test extra)")
    return path.read_text(encoding="utf-8")


OpenPage = Callable[..., Any]


@pytest.fixture
def open_page(browser: Any, sites: Sites) -> Iterator[OpenPage]:
    """``open_page(theme_or_variant, page="index.html", fragment="", js=True, init="", **context)``.

    A new context per call (its own storage, clipboard and colour scheme), closed after
    the test; the page is loaded and its deferred script has run.
    """
    yield from page_opener(browser, sites)


def page_opener(browser: Any, sites: Sites) -> Iterator[OpenPage]:
    """The body of :func:`open_page`, for fixtures that serve another test root."""
    contexts: list[Any] = []

    def opener(
        target: str | sitekit.Variant = "furo",
        page: str = "index.html",
        fragment: str = "",
        js: bool = True,
        init: str = "",
        **options: Any,
    ) -> Any:
        variant = target if isinstance(target, sitekit.Variant) else None
        theme = variant.theme if variant else str(target)
        site = sites[theme]
        options.setdefault("viewport", {"width": 1000, "height": 700})
        context = sitekit.new_context(
            browser, sites.server.url, variant, java_script_enabled=js, **options
        )
        contexts.append(context)
        if init:  # a script run before the page's own
            context.add_init_script(init)
        tab = context.new_page()
        tab.goto(site.page_url(page, fragment))
        if js:
            tab.wait_for_load_state("load")
        return tab

    yield opener
    for context in contexts:
        context.close()
