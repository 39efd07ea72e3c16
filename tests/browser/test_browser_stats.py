"""``publication-stats`` in Chromium: axe and contrast in every theme and mode, a 375 px
phone, and bars that open the finder with their year and series chosen.

The site is tests/roots/test-finder: stats.html charts its fourteen entries by type and by
topic, the bars linking to index.html's finder.
"""

from __future__ import annotations

import itertools

import pytest
import sitekit
from test_browser_axe import CHROME_FAILS, SCAN_JS, lines, scan
from test_browser_finder import shown

pytestmark = pytest.mark.browser

#: Per chart element kind, the smallest contrast with the page behind it: the bars,
#: swatches and total marks are graphics (WCAG 1.4.11: 3:1), the labels text (4.5:1).
CHART_CONTRAST_JS = (
    """
() => {
"""
    + sitekit.COLOUR_JS
    + """
  const out = {};
  function note(kind, el, css) {
    const bg = background(el.closest("figure"));
    const r = ratio(over(rgba(css), bg), bg);
    if (!(kind in out) || r < out[kind].ratio) out[kind] = {ratio: r, color: css,
      background: "rgb(" + bg.map(Math.round) + ")"};
  }
  document.querySelectorAll("figure.rt-stats rect").forEach(
    el => note("bar", el, getComputedStyle(el).fill));
  document.querySelectorAll("figure.rt-stats .rt-stats-swatch:not(.rt-stats-mark)").forEach(
    el => note("swatch", el, getComputedStyle(el).backgroundColor));
  document.querySelectorAll("figure.rt-stats .rt-stats-total line").forEach(
    el => note("total mark", el, getComputedStyle(el).stroke));
  document.querySelectorAll("figure.rt-stats svg text").forEach(
    el => note("axis label", el, getComputedStyle(el).fill));
  document.querySelectorAll("figure.rt-stats figcaption, .rt-stats-legend li").forEach(
    el => note("caption and legend", el, getComputedStyle(el).color));
  return out;
}
"""
)

MINIMUM = {"bar": 3.0, "swatch": 3.0, "total mark": 3.0, "axis label": 4.5,
           "caption and legend": 4.5}  # fmt: skip


@pytest.mark.parametrize("variant", sitekit.VARIANTS, ids=lambda v: v.name)
def test_chart_passes_axe_and_contrast(open_finder, axe_js, variant):
    page = open_finder(variant, page="stats.html")
    assert page.evaluate(variant.applied_js())
    assert page.locator("figure.rt-stats").count() == 2
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    scan(page, axe_js)  # loads axe
    found = page.evaluate(SCAN_JS, "figure.rt-stats")
    ours = [v for v in found if v["ours"]]
    assert not ours, f"{variant.name}: the chart fails axe:\n{lines(ours)}"
    if variant.theme not in CHROME_FAILS:
        assert not found, f"{variant.name}: the page fails axe:\n{lines(found)}"
    measured = page.evaluate(CHART_CONTRAST_JS)
    assert set(measured) == set(MINIMUM), measured
    low = {k: v for k, v in measured.items() if v["ratio"] < MINIMUM[k]}
    assert not low, f"{variant.name}: too little contrast: {low}"


def test_axe_sees_a_chart_made_unreadable(open_finder, axe_js):
    """The scan covers the chart: a grey legend on white fails it."""
    page = open_finder("furo", page="stats.html")
    page.evaluate(
        "document.querySelectorAll('.rt-stats-legend li').forEach(li => li.style.color = '#ddd')"
    )
    assert "color-contrast" in {v["rule"] for v in scan(page, axe_js)}


LAYOUT_JS = """
() => {
  const figure = document.querySelector("figure.rt-stats");
  const box = figure.getBoundingClientRect();
  const labels = [...figure.querySelectorAll("g.rt-stats-years text")]
    .map(t => t.getBoundingClientRect())
    .map(r => ({left: r.left, right: r.right, height: r.height}));
  const links = [...figure.querySelectorAll("a.rt-stats-bar")].map(a => a.getBoundingClientRect());
  const rects = [...figure.querySelectorAll("rect")].map(r => r.getBoundingClientRect());
  return {left: box.left, right: box.right, width: box.width, labels: labels,
          fontSize: parseFloat(getComputedStyle(figure.querySelector("svg text")).fontSize),
          svgWidth: figure.querySelector("svg").getBoundingClientRect().width,
          scrollWidth: document.documentElement.scrollWidth,
          links: links.map(r => [r.left, r.top, r.width, r.height]),
          rects: rects.map(r => [r.left, r.top, r.width, r.height])};
}
"""


@pytest.mark.parametrize("theme", sorted(sitekit.THEMES))
def test_chart_fits_a_375px_phone(open_finder, theme):
    page = open_finder(theme, page="stats.html", viewport={"width": 375, "height": 740})
    layout = page.evaluate(LAYOUT_JS)
    assert layout["left"] >= 0 and layout["right"] <= 375, layout
    assert layout["svgWidth"] >= 250, "the chart uses the column"
    labels = layout["labels"]
    assert labels, "years are labelled"
    for a, b in itertools.pairwise(labels):
        assert a["right"] < b["left"], f"year labels collide: {labels}"
    # labels stay readable: the 12-unit font scaled to the column is 7.5 px or more
    assert min(label["height"] for label in labels) >= 7.5, labels
    # each link lies over a bar segment (links go year by year, rects series by series)
    assert len(layout["links"]) == len(layout["rects"])
    for link in layout["links"]:
        assert any(
            all(abs(x - y) < 1.5 for x, y in zip(link, rect, strict=True))
            for rect in layout["rects"]
        ), (link, layout["rects"])


@pytest.mark.parametrize("theme", sorted(sitekit.THEMES))
def test_the_numbers_table_opened_fits_a_375px_phone(open_finder, theme):
    """A table of eight columns is wider than a phone: it scrolls in its own box, the
    page does not scroll sideways."""
    page = open_finder(theme, page="stats.html", viewport={"width": 375, "height": 740})
    page.evaluate(
        "document.querySelectorAll('details.rt-stats-numbers').forEach(d => d.open = true)"
    )
    widths = page.evaluate(
        """() => [...document.querySelectorAll('details.rt-stats-numbers')].map(d => {
             const table = d.querySelector('table'), box = d.getBoundingClientRect();
             return {table: table.scrollWidth, right: Math.round(box.right)};
           })"""
    )
    assert any(width["table"] > 300 for width in widths), widths  # a wide table indeed
    assert all(width["right"] <= 375 for width in widths), widths
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_bar_opens_the_finder_with_its_year_and_type(open_finder):
    page = open_finder("furo", page="stats.html")
    figure = page.locator("figure.rt-stats").first
    bar = figure.locator("a.rt-stats-bar[href='index.html?rt-year=2024&rt-type=journal-articles']")
    assert bar.count() == 1
    assert bar.get_attribute("title") == "2024, Journal articles: 1 publication"
    bar.click()
    page.wait_for_url("**/index.html?rt-year=2024&rt-type=journal-articles")
    page.wait_for_load_state("load")
    assert shown(page) == {"nunez24"}
    # the keyboard reaches the bars too (each is a link with its own name)
    page.go_back()
    page.wait_for_load_state("load")
    link = page.locator("figure.rt-stats").nth(1).locator("a.rt-stats-bar").first
    assert link.inner_text() == "" or link.get_attribute("title")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/index.html?rt-year=*")
    page.wait_for_load_state("load")
    assert shown(page), "the finder shows the bar's entries"
