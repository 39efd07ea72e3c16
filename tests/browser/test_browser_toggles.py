"""Abstract, BibTeX and "and K more" toggles: by mouse and keyboard, with and without JS."""

from __future__ import annotations

import pytest
import sitekit

pytestmark = pytest.mark.browser

JS = pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])


def entry(page, key):
    return page.locator(f'.rt-publications div.rt-publication[data-rt-key="{key}"]').first


def control(box, kind):
    """A panel's control in the action row: its button (JS) or its <summary> (no JS)."""
    return box.locator(
        f".rt-actions > button.rt-action-{kind}, .rt-actions > details.rt-{kind} > summary"
    )


def parts(page, key):
    box = entry(page, key)
    return (
        control(box, "abstract"),
        box.locator("details.rt-abstract > p"),
        control(box, "bibtex"),
        box.locator("details.rt-bibtex pre"),
    )


@JS
def test_click_opens_and_closes_each_toggle_independently(open_page, js):
    page = open_page("furo", js=js)
    summary, abstract, bib_summary, bibtex = parts(page, "gao22")
    other_summary, other_abstract, _, _ = parts(page, "li23")
    assert not abstract.is_visible() and not bibtex.is_visible()
    assert not other_abstract.is_visible()

    summary.click()
    assert abstract.is_visible()
    assert "lightweight VSR network" in abstract.inner_text()
    assert not bibtex.is_visible(), "opening the abstract opened the BibTeX"

    bib_summary.click()
    assert bibtex.is_visible() and abstract.is_visible()
    assert bibtex.inner_text().startswith("@inproceedings{gao22,")

    other_summary.click()
    assert other_abstract.is_visible()
    assert abstract.is_visible() and bibtex.is_visible(), "opening one entry closed another"

    summary.click()
    assert not abstract.is_visible()
    assert bibtex.is_visible() and other_abstract.is_visible()
    bib_summary.click()
    assert not bibtex.is_visible()


@JS
def test_keyboard_tab_to_summary_then_enter_and_space(open_page, js):
    page = open_page("furo", js=js)
    summary, abstract, bib_summary, bibtex = parts(page, "gao22")
    # Start on the last link of the entry's link row; Tab goes on to the toggles.
    entry(page, "gao22").locator(".rt-links a").last.focus()

    def focused(locator) -> bool:
        return locator.evaluate("el => el === document.activeElement")

    page.keyboard.press("Tab")
    assert focused(summary), "Tab does not reach the Abstract summary"
    outline = summary.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none", "the focused summary shows no focus outline"
    assert not abstract.is_visible()
    page.keyboard.press("Enter")
    assert abstract.is_visible()

    page.keyboard.press("Tab")
    assert focused(bib_summary), "Tab does not reach the BibTeX summary"
    page.keyboard.press("Space")
    assert bibtex.is_visible() and abstract.is_visible()
    page.keyboard.press("Enter")
    assert not bibtex.is_visible() and abstract.is_visible()

    page.keyboard.press("Shift+Tab")
    assert focused(summary)
    page.keyboard.press("Space")
    assert not abstract.is_visible()


@JS
def test_more_authors_expand(open_page, js):
    page = open_page("furo", js=js)
    authors = entry(page, "li23").locator(".rt-authors")
    more = authors.locator("details.rt-more-authors > summary")
    assert more.inner_text() == "and 2 more"
    # innerText holds only what is rendered: the hidden names are not.
    assert "Youliang Yan" not in authors.inner_text()
    gap = more.evaluate(
        """summary => {
            const text = summary.parentElement.previousSibling;  // "..., Fenglong Song"
            const range = document.createRange();
            range.selectNodeContents(text);
            const rects = range.getClientRects();
            return summary.getBoundingClientRect().left - rects[rects.length - 1].right;
        }"""
    )
    assert gap >= 2, f"'and 2 more' touches the last name shown ({gap:.1f}px apart)"
    more.focus()
    page.keyboard.press("Enter")
    assert authors.inner_text().endswith("Fenglong Song, Youliang Yan, Zhiwei Xiong")
    assert not more.is_visible(), "the 'and 2 more' label stays after expanding"


@pytest.mark.parametrize("theme", list(sitekit.THEMES))
def test_toggle_in_every_theme(open_page, theme):
    page = open_page(theme)
    summary, abstract, bib_summary, bibtex = parts(page, "li23")
    assert not abstract.is_visible() and not bibtex.is_visible()
    summary.click()
    bib_summary.click()
    assert abstract.is_visible() and bibtex.is_visible()


def test_copy_button_needs_javascript(open_page):
    page = open_page("furo", js=False)
    control(entry(page, "gao22"), "bibtex").click()
    assert entry(page, "gao22").locator("details.rt-bibtex pre").is_visible()
    assert not entry(page, "gao22").locator("details.rt-bibtex button.rt-copy").is_visible()
    assert page.locator(".rt-controls").count() == 0
