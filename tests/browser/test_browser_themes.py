"""Every common theme, light and dark: contrast, narrow screens, print."""

from __future__ import annotations

import re

import pytest
import sitekit

pytestmark = pytest.mark.browser

VARIANTS = pytest.mark.parametrize("variant", sitekit.VARIANTS, ids=lambda v: v.name)

#: WCAG 2 AA for body text.
AA = 4.5


def luminance(rgb: list[float]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def open_variant(open_page, variant, **options):
    page = open_page(variant, **options)
    assert page.evaluate(variant.applied_js()), f"{variant.name}: the theme's mode was not applied"
    return page


@pytest.mark.parametrize("theme", list(sitekit.THEMES))
def test_site_builds_without_warnings(sites, theme):
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", sites[theme].warnings)
    assert "WARNING" not in warnings and "ERROR" not in warnings, warnings


@VARIANTS
def test_text_contrast_is_at_least_aa(open_page, variant):
    page = open_variant(open_page, variant)
    result = sitekit.contrast(page)
    parts, tokens = result["parts"], result["tokens"]
    # The mode really is the one asked for: a dark page in dark mode, a light one else.
    page_luminance = luminance(result["page"])
    if variant.dark:
        assert page_luminance < 0.1, f"{variant.name}: the page is not dark"
    else:
        assert page_luminance > 0.7, f"{variant.name}: the page is not light"
    for name in ("title", "authors", "venue", "link", "summary", "abstract text", "bibtex text"):
        assert name in parts, f"{variant.name}: nothing measured for {name}"
    low = {
        name: f"{found['ratio']:.2f}:1 {found['element']} {found['color']} on {found['background']}"
        for name, found in {**parts, **tokens}.items()
        if found["ratio"] < AA
    }
    name, lowest = min(parts.items(), key=lambda item: item[1]["ratio"])
    print(f"\ncontrast {variant.name}: lowest {lowest['ratio']:.2f}:1 ({name})")
    assert not low, f"{variant.name}: text below {AA}:1: {low}"


@VARIANTS
def test_no_horizontal_scrolling_at_375px(open_page, variant):
    page = open_variant(open_page, variant, viewport={"width": 375, "height": 740})
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    overflow = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const wide = [];
            for (const el of document.querySelectorAll(
                    ".rt-publication, .rt-publication *, nav.rt-topic-nav, nav.rt-topic-nav *")) {
                const r = el.getBoundingClientRect();
                if (r.width && r.right > width + 0.5) wide.push(el.tagName + "." + el.className);
            }
            return {scroll: document.scrollingElement.scrollWidth, width: width, wide: wide};
        }"""
    )
    assert overflow["width"] <= 375
    assert overflow["scroll"] <= overflow["width"], f"the page scrolls sideways: {overflow}"
    assert not overflow["wide"], f"entry parts wider than the screen: {overflow['wide'][:5]}"


@VARIANTS
def test_print_shows_every_abstract(open_page, variant):
    page = open_variant(open_page, variant)
    abstracts = page.locator("details.rt-abstract > p")
    count = abstracts.count()
    assert count >= 6
    assert not any(abstracts.nth(i).is_visible() for i in range(count))
    page.emulate_media(media="print")
    assert all(abstracts.nth(i).is_visible() for i in range(count)), "print hides abstracts"
    assert not page.locator("details.rt-abstract > summary").first.is_visible()
    assert not page.locator(".rt-controls").first.is_visible()
    authors = page.locator('div.rt-publication[data-rt-key="li23"] .rt-authors').first
    assert authors.inner_text().endswith("Youliang Yan, Zhiwei Xiong")
    # The same page in a PDF: the abstracts' text is in it.
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")
    page.emulate_media(media="screen")
    assert not abstracts.first.is_visible(), "the abstracts stay open after printing"


def test_beforeprint_opens_and_afterprint_restores(open_page):
    """The script's fallback for browsers without ``::details-content``."""
    page = open_page("alabaster")
    page.locator("#gao22 details.rt-abstract").evaluate("d => { d.open = true; }")
    states = """() => [...document.querySelectorAll(
        'details.rt-abstract, details.rt-more-authors')].map(d => d.open)"""
    before = page.evaluate(states)
    assert before.count(True) == 1
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert all(page.evaluate(states))
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate(states) == before


@pytest.mark.parametrize("theme", list(sitekit.THEMES))
def test_topic_nav_marks_the_current_page(open_page, theme):
    page = open_page(theme, page="video.html")
    nav = page.locator("nav.rt-topic-nav").first
    current = nav.locator('a[aria-current="page"]')
    assert current.count() == 1
    assert re.sub(r"\s+", " ", current.inner_text()).strip() == "Video"
    assert nav.is_visible()
    # A row of links, not a bulleted, indented list in themes that style every list.
    row = nav.evaluate(
        """nav => {
            const item = nav.querySelector("li");
            return {bullet: getComputedStyle(item).listStyleType,
                    indent: item.getBoundingClientRect().left - nav.getBoundingClientRect().left,
                    tops: new Set([...nav.querySelectorAll("li")].map(
                        li => Math.round(li.getBoundingClientRect().top))).size};
        }"""
    )
    assert row == {"bullet": "none", "indent": 0, "tops": 1}, row
