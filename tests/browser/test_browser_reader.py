"""The reader's entry in Chromium: one action row (with and without JS), thumbnails on a
phone, venue badge contrast in light and dark modes."""

from __future__ import annotations

import pytest
import sitekit

pytestmark = pytest.mark.browser

JS = pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])


def entry(page, key):
    return page.locator(f'.rt-publications div.rt-publication[data-rt-key="{key}"]').first


def control(box, kind):
    return box.locator(
        f".rt-actions > button.rt-action-{kind}, .rt-actions > details.rt-{kind} > summary"
    )


@JS
def test_links_and_controls_share_one_row_and_panels_open_below(open_page, js):
    page = open_page("furo", js=js)
    box = entry(page, "li23")
    link = box.locator(".rt-actions .rt-links a").first
    controls = [control(box, kind) for kind in ("abstract", "bibtex", "cite")]
    top = link.bounding_box()["y"]
    for item in controls:
        assert item.count() == 1
        assert abs(item.bounding_box()["y"] - top) < 8, "a control left the link row"
    controls[0].click()
    controls[1].click()
    abstract = box.locator("details.rt-abstract > p")
    bibtex = box.locator("details.rt-bibtex pre")
    assert abstract.is_visible() and bibtex.is_visible(), "two panels open at once"
    assert abstract.bounding_box()["y"] > top + 10, "the panel is not below the row"
    if js:
        assert controls[0].get_attribute("aria-expanded") == "true"
        assert controls[2].get_attribute("aria-expanded") == "false"
        # the controls stay in the row once panels are open
        assert abs(controls[2].bounding_box()["y"] - top) < 8
    controls[2].click()
    assert box.locator("details.rt-cite .rt-cite-text").first.is_visible()


def test_hash_opens_abstract_with_the_row(open_page):
    page = open_page("furo", fragment="li23")
    box = entry(page, "li23")
    assert box.locator("details.rt-abstract > p").is_visible()
    assert control(box, "abstract").get_attribute("aria-expanded") == "true"


@pytest.mark.parametrize("width", [375, 1000])
def test_thumbnail_left_on_wide_screens_above_on_a_phone(open_page, width):
    page = open_page("furo", viewport={"width": width, "height": 800})
    box = entry(page, "gao22")
    image = box.locator(".rt-preview img")
    image.scroll_into_view_if_needed()
    image.wait_for(state="visible")
    title = box.locator(".rt-title")
    picture, text = image.bounding_box(), title.bounding_box()
    if width == 375:
        assert picture["y"] + picture["height"] <= text["y"] + 1, "not above the text"
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"the page scrolls sideways ({overflow}px)"
    else:
        assert picture["x"] + picture["width"] <= text["x"] + 1, "not left of the text"


CONTRAST_JS = """
el => {
  const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => {
    const v = c.map(x => {
      x /= 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  };
  const style = getComputedStyle(el);
  let bg = style.backgroundColor, node = el;
  while (/rgba\\(.*, 0\\)|transparent/.test(bg) && node.parentElement) {
    node = node.parentElement; bg = getComputedStyle(node).backgroundColor;
  }
  const a = lum(rgb(style.color)), b = lum(rgb(bg));
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
"""


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_venue_badges_meet_aa_contrast(open_page, mode):
    page = open_page(sitekit.Variant("furo", mode))
    badges = page.locator(".rt-venue-badge")
    assert badges.count() >= 4
    seen = set()
    for index in range(badges.count()):
        badge = badges.nth(index)
        ratio = badge.evaluate(CONTRAST_JS)
        seen.add(badge.inner_text())
        assert ratio >= 4.5, f"{badge.inner_text()}: {ratio:.2f} in {mode}"
    assert {"CVPR", "BMVC", "TPAMI"} <= seen
