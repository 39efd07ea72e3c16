"""The finder in Chromium: search, facets, counts, headings, the URL, #KEY, a11y, themes.

The site is tests/roots/test-finder: fourteen entries grouped by year on index.html.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs

import pytest
import sitekit
from test_browser_axe import lines, scan

pytestmark = pytest.mark.browser

ALL = {
    "nunez24",
    "cheng24",
    "xu24",
    "wang24preprint",
    "li23",
    "yao23",
    "chen23report",
    "gao22",
    "xiao22thesis",
    "zhang22",
    "xiao21",
    "nunez21thesis",
    "smith.2020:deep",
    "liu20",
}

#: One value of each facet, and the entries that have it (written out from papers.bib).
FACET_CASES = [
    ("year", "2024", {"nunez24", "cheng24", "xu24", "wang24preprint"}),
    ("type", "theses", {"xiao22thesis", "nunez21thesis"}),
    ("topic", "spectrum", {"xu24", "yao23", "chen23report"}),
    ("member", "José Núñez", {"nunez24", "nunez21thesis"}),
    ("venue", "ECCV", {"xu24", "liu20"}),
]

VISIBLE_JS = """(index) => {
  const list = document.querySelectorAll('.rt-publications')[index];
  return [...list.querySelectorAll('.rt-publication[data-rt-key]')]
    .filter(e => !e.hidden && e.getClientRects().length > 0)
    .map(e => e.dataset.rtKey);
}"""


def shown(page: Any, index: int = 0) -> set[str]:
    return set(page.evaluate(VISIBLE_JS, index))


def status(page: Any, index: int = 0) -> str:
    return page.locator(".rt-finder-status").nth(index).inner_text().strip()


def open_filters(page: Any, index: int = 0) -> None:
    details = page.locator("details.rt-finder-filters").nth(index)
    if not details.evaluate("d => d.open"):
        details.locator("summary").click()


def facet_box(page: Any, facet: str, value: str, index: int = 0) -> Any:
    finder = page.locator(".rt-finder").nth(index)
    return finder.locator(f'fieldset[data-rt-facet="{facet}"] input[value="{value}"]')


def choose(page: Any, facet: str, value: str, index: int = 0) -> None:
    open_filters(page, index)
    facet_box(page, facet, value, index).check()


def count_of(page: Any, facet: str, value: str) -> int:
    label = facet_box(page, facet, value).locator("xpath=..")
    text = label.locator(".rt-facet-count").inner_text()
    return int(text.strip("()"))


#: The query string once the finder has written it: it does so after the next frame.
QUERY_JS = """() => new Promise(done => requestAnimationFrame(
  () => setTimeout(() => done(location.search), 0)))"""


def query_of(page: Any) -> dict[str, list[str]]:
    return parse_qs(page.evaluate(QUERY_JS).lstrip("?"))


def settle(page: Any, text: str, index: int = 0) -> None:
    """Wait until the status says *text* (back and forward are handled after they return)."""
    from playwright.sync_api import expect

    expect(page.locator(".rt-finder-status").nth(index)).to_have_text(text, timeout=3000)


def search(page: Any, text: str) -> None:
    box = page.get_by_label("Search publications")
    box.fill("")
    box.press_sequentially(text)


# -- search ------------------------------------------------------------------------------


def test_finder_is_above_the_list_and_says_how_many(open_finder):
    page = open_finder("furo")
    finder = page.locator(".rt-publications > .rt-finder")
    assert finder.count() == 1
    assert page.get_by_role("search", name="Find publications").count() == 1
    assert status(page) == "14 of 14 publications"
    assert page.locator(".rt-finder-status").get_attribute("role") == "status"
    assert shown(page) == ALL


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("video", {"gao22", "xiao21", "xiao22thesis", "xu24", "liu20"}),
        ("METAMORPHOSE", {"nunez24"}),  # accents and case do not matter
        ("jose nunez", {"nunez24", "nunez21thesis"}),
        ("núñez", {"nunez24", "nunez21thesis"}),
        ("light field 2024", {"nunez24", "cheng24"}),  # every word must match
        ("TPAMI", {"smith.2020:deep"}),  # the venue's abbreviation
        ("Pattern Analysis", {"smith.2020:deep"}),  # and its full name
        ("smith.2020:deep", {"smith.2020:deep"}),  # the key
        ("angular attention", {"nunez24"}),  # the abstract
        ("wang 2024", {"wang24preprint"}),  # an author and the year
        ("zzzz", set()),
    ],
)
def test_typing_filters_title_authors_venue_year_key_abstract(open_finder, text, expected):
    page = open_finder("furo")
    search(page, text)
    assert shown(page) == expected
    assert status(page) == f"{len(expected)} of 14 publications"
    hidden = page.evaluate(
        "[...document.querySelectorAll('.rt-publication[data-rt-key]')]"
        ".filter(e => e.hidden).length"
    )
    assert hidden == 14 - len(expected)


def test_typing_keeps_the_focus_in_the_box(open_finder):
    page = open_finder("furo")
    box = page.get_by_label("Search publications")
    box.click()
    box.press_sequentially("light", delay=20)
    assert page.evaluate("document.activeElement.classList.contains('rt-finder-q')")
    assert box.input_value() == "light"


# -- facets ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facet", "value", "expected"), FACET_CASES, ids=[c[0] for c in FACET_CASES]
)
def test_each_facet_filters(open_finder, facet, value, expected):
    page = open_finder("furo")
    choose(page, facet, value)
    assert shown(page) == expected
    assert status(page) == f"{len(expected)} of 14 publications"
    assert query_of(page) == {f"rt-{facet}": [value]}


def test_or_within_a_facet_and_across_facets(open_finder):
    page = open_finder("furo")
    choose(page, "year", "2024")
    choose(page, "year", "2020")
    assert shown(page) == {
        "nunez24",
        "cheng24",
        "xu24",
        "wang24preprint",
        "smith.2020:deep",
        "liu20",
    }
    choose(page, "topic", "video")
    assert shown(page) == {"cheng24", "xu24", "smith.2020:deep", "liu20"}
    search(page, "eccv")
    page.wait_for_function("() => location.search.includes('rt-q=eccv')", timeout=3000)
    assert shown(page) == {"xu24", "liu20"}
    assert status(page) == "2 of 14 publications"
    assert query_of(page) == {
        "rt-year": ["2024", "2020"],
        "rt-topic": ["video"],
        "rt-q": ["eccv"],
    }


def test_counts_are_among_what_the_other_filters_leave(open_finder):
    page = open_finder("furo")
    open_filters(page)
    assert count_of(page, "year", "2024") == 4
    assert count_of(page, "topic", "video") == 7
    choose(page, "topic", "video")
    # Years now count video entries; topics still count every entry (no other filter).
    assert count_of(page, "year", "2024") == 2
    assert count_of(page, "year", "2023") == 0
    assert count_of(page, "topic", "video") == 7
    assert count_of(page, "topic", "image") == 5
    choose(page, "year", "2024")
    # Topics count the 2024 entries; years count the video ones.
    assert count_of(page, "topic", "image") == 1
    assert count_of(page, "topic", "light-field") == 2
    assert count_of(page, "year", "2022") == 2
    search(page, "spectral")
    assert count_of(page, "topic", "video") == 1
    assert count_of(page, "year", "2023") == 0
    assert count_of(page, "member", "Zhiwei Xiong") == 1


def test_group_headings_with_nothing_under_them_hide(open_finder):
    page = open_finder("furo")
    headings = page.locator(".rt-publications .rt-group")
    assert headings.count() == 5
    choose(page, "type", "theses")
    visible = [h.inner_text().strip() for h in headings.all() if h.is_visible()]
    assert visible == ["2022", "2021"]
    assert page.locator(".rt-group[hidden]").count() == 3
    page.get_by_role("button", name="Clear filters").click()
    assert headings.evaluate_all("hs => hs.filter(h => !h.hidden).length") == 5
    search(page, "zzzz")
    assert page.locator(".rt-group[hidden]").count() == 5
    assert status(page) == "0 of 14 publications"


RUNS_JS = """async () => {
  const list = document.querySelector('.rt-publications');
  const html = await (await fetch(location.href)).text();
  const page = new DOMParser().parseFromString(html, 'text/html');
  const keys = (root) => [...root.querySelectorAll('.rt-publication[data-rt-key]')]
    .map(e => e.dataset.rtKey);
  return {
    written: keys(page.querySelector('.rt-publications')),
    now: keys(list),
    runs: [...list.querySelectorAll('.rt-finder-run')].map(run => ({
      parent: run.parentElement === list,
      after: run.previousElementSibling ? run.previousElementSibling.className : '',
      keys: keys(run),
      empty: run.classList.contains('rt-finder-empty'),
      visibility: getComputedStyle(run).contentVisibility,
      size: run.style.containIntrinsicBlockSize,
      entries: [...run.children].map(e => getComputedStyle(e).contentVisibility),
    })),
    loose: [...list.querySelectorAll('.rt-publication[data-rt-key]')]
      .filter(e => !e.parentElement.classList.contains('rt-finder-run')).length,
  };
}"""


def test_entries_are_in_runs_that_the_browser_skips_off_screen(open_finder):
    """Entries sit, in their order, in runs (split at each heading); in a long list
    (.rt-finder-lazy, 250 entries or more) runs are content-visibility: auto, as is each
    entry, and a run with nothing to show is content-visibility: hidden. This list is
    short: laid out in full, with no estimated height."""
    page = open_finder("furo")
    runs = page.evaluate(RUNS_JS)
    assert runs["now"] == runs["written"]
    assert runs["loose"] == 0
    assert [run["after"] for run in runs["runs"]] == ["rt-group"] * 5
    assert all(run["parent"] and run["visibility"] == "visible" for run in runs["runs"])
    assert [len(run["keys"]) for run in runs["runs"]] == [4, 3, 3, 2, 2]
    page.evaluate("document.querySelector('.rt-publications').classList.add('rt-finder-lazy')")
    assert {v for run in page.evaluate(RUNS_JS)["runs"] for v in run["entries"]} == {"auto"}
    choose(page, "type", "theses")
    runs = page.evaluate(RUNS_JS)["runs"]
    assert [run["empty"] for run in runs] == [True, True, False, False, True]
    assert [run["size"] for run in runs if not run["empty"]] == ["7em", "7em"]
    assert [run["visibility"] for run in runs] == ["hidden", "hidden", "auto", "auto", "hidden"]


def test_clear_resets_everything(open_finder):
    page = open_finder("furo", page="index.html?rt-q=light&rt-year=2024&rt-member=Zeyu+Xiao")
    assert shown(page) == {"cheng24"}
    page.get_by_role("button", name="Clear filters").click()
    assert shown(page) == ALL
    assert page.get_by_label("Search publications").input_value() == ""
    assert page.locator(".rt-finder input[type=checkbox]:checked").count() == 0
    assert query_of(page) == {}
    assert status(page) == "14 of 14 publications"


# -- the URL -----------------------------------------------------------------------------


def test_state_is_restored_from_the_url(open_finder):
    page = open_finder("furo", page="index.html?rt-q=light+field&rt-year=2024&rt-topic=video")
    assert page.get_by_label("Search publications").input_value() == "light field"
    assert facet_box(page, "year", "2024").is_checked()
    assert facet_box(page, "topic", "video").is_checked()
    assert page.locator("details.rt-finder-filters").evaluate("d => d.open")
    assert shown(page) == {"cheng24"}
    assert status(page) == "1 of 14 publications"


def test_back_and_forward_restore_the_state(open_finder):
    page = open_finder("furo")
    choose(page, "year", "2024")
    choose(page, "topic", "video")
    search(page, "disparity")
    # Typing writes the URL after a pause.
    page.wait_for_function("() => location.search.includes('rt-q=disparity')", timeout=3000)
    assert query_of(page) == {"rt-year": ["2024"], "rt-topic": ["video"], "rt-q": ["disparity"]}
    page.go_back()
    settle(page, "2 of 14 publications")
    assert query_of(page) == {"rt-year": ["2024"], "rt-topic": ["video"]}
    assert page.get_by_label("Search publications").input_value() == ""
    assert shown(page) == {"cheng24", "xu24"}
    page.go_back()
    settle(page, "4 of 14 publications")
    assert shown(page) == {"nunez24", "cheng24", "xu24", "wang24preprint"}
    assert not facet_box(page, "topic", "video").is_checked()
    page.go_back()
    settle(page, "14 of 14 publications")
    assert shown(page) == ALL and query_of(page) == {}
    page.go_forward()
    page.go_forward()
    settle(page, "2 of 14 publications")
    assert facet_box(page, "topic", "video").is_checked()
    assert shown(page) == {"cheng24", "xu24"}
    assert status(page) == "2 of 14 publications"


def test_other_parameters_such_as_highlight_are_kept(open_finder):
    page = open_finder("furo", page="index.html?lang=en&rt-year=2021&highlight=video")
    assert shown(page) == {"xiao21", "nunez21thesis"}
    before = query_of(page)
    choose(page, "topic", "video")
    after = query_of(page)
    assert after["lang"] == ["en"]
    assert after.get("highlight") == before.get("highlight")  # Sphinx's, left as it is
    assert after["rt-year"] == ["2021"] and after["rt-topic"] == ["video"]


def test_a_second_finder_on_the_page_has_its_own_parameters(open_finder):
    page = open_finder("furo", page="options.html")
    assert page.locator(".rt-finder").count() == 2
    choose(page, "topic", "image", index=1)
    assert query_of(page) == {"rt2-topic": ["image"]}
    assert status(page, 0) == "3 of 3 publications"
    page.reload()
    assert facet_box(page, "topic", "image", index=1).is_checked()
    assert status(page, 1) == "5 of 11 publications"


#: The entry at the top (below the theme's scroll margin), or as near as the page can scroll.
AT_TOP_JS = """() => { const e = document.querySelector('[data-rt-key="smith.2020:deep"]');
  const r = e.getBoundingClientRect(), m = parseFloat(getComputedStyle(e).scrollMarginTop);
  const end = innerHeight + scrollY >= document.documentElement.scrollHeight - 2;
  return Math.abs(r.top - m) < 4 || (end && r.top >= m - 4); }"""


@pytest.mark.parametrize("lazy", ["", "window.researchtopicsFinderLazy = 10;"], ids=["", "lazy"])
@pytest.mark.parametrize("height", [700, 400])
def test_key_in_the_fragment_shows_and_opens_its_entry_under_a_filter(open_finder, height, lazy):
    page = open_finder(
        "furo",
        page="index.html?rt-year=2024",
        fragment="smith.2020:deep",
        viewport={"width": 1000, "height": height},
        init=lazy,
    )
    entry = page.locator('.rt-publication[data-rt-key="smith.2020:deep"]')
    page.wait_for_function(AT_TOP_JS, timeout=3000)
    # And it stays there once the layout has settled and the fonts are in.
    page.wait_for_timeout(500)
    assert page.evaluate(AT_TOP_JS), entry.evaluate("e => e.getBoundingClientRect().top")
    page.evaluate("() => document.fonts.ready.then(() => new Promise(requestAnimationFrame))")
    assert page.evaluate(AT_TOP_JS), entry.evaluate("e => e.getBoundingClientRect().top")
    assert entry.is_visible()
    assert entry.locator("details.rt-abstract").evaluate("d => d.open")
    assert facet_box(page, "year", "2024").is_checked()
    assert shown(page) == {"nunez24", "cheng24", "xu24", "wang24preprint", "smith.2020:deep"}
    # Its group heading shows with it; the filter still counts only what matches.
    assert page.locator("#year-2020").is_visible()
    assert status(page) == "4 of 14 publications"
    # A new search drops the exception.
    search(page, "light")
    assert shown(page) == {"nunez24", "cheng24"}


def test_hash_change_shows_the_entry(open_finder):
    page = open_finder("furo", page="index.html?rt-type=theses")
    assert "liu20" not in shown(page)
    page.evaluate("location.hash = '#liu20'")
    page.wait_for_function(
        "() => !document.querySelector('[data-rt-key=\"liu20\"]').hidden", timeout=3000
    )
    assert "liu20" in shown(page)


# -- without JavaScript, keyboard, narrow screens, themes ---------------------------------


def test_without_javascript_no_finder_and_every_entry(open_finder):
    page = open_finder("furo", page="index.html?rt-year=2024", js=False)
    assert page.locator(".rt-finder").count() == 0
    assert page.locator(".rt-publication[data-rt-key]").count() == 14
    assert all(e.is_visible() for e in page.locator(".rt-publication[data-rt-key]").all())
    assert page.locator(".rt-group:visible").count() == 5


def test_keyboard_only(open_finder):
    page = open_finder("furo")
    box = page.get_by_label("Search publications")
    box.focus()
    page.keyboard.type("video")
    assert len(shown(page)) == 5
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Clear filters"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "no visible focus on the filters' summary"
    page.keyboard.press("Enter")
    assert page.locator("details.rt-finder-filters").evaluate("d => d.open")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.value") == "2024"
    page.keyboard.press("Space")
    assert shown(page) == {"xu24"}
    assert page.evaluate("document.activeElement.value") == "2024"  # focus stays
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # Clear filters
    assert shown(page) == ALL


VARIANTS = pytest.mark.parametrize("variant", sitekit.VARIANTS, ids=lambda v: v.name)

#: The finder's text, measured like the entries' parts.
FINDER_PARTS = {
    "label": ".rt-finder-label",
    "clear": ".rt-finder-clear",
    "summary": ".rt-finder-filters > summary",
    "legend": ".rt-facet > legend",
    "value": ".rt-facet-name",
    "count": ".rt-facet-count",
    "status": ".rt-finder-status",
}


@VARIANTS
def test_finder_contrast_is_aa_light_and_dark(open_finder, variant):
    page = open_finder(variant)
    assert page.evaluate(variant.applied_js())
    open_filters(page)
    search(page, "light")
    result = page.evaluate(sitekit.CONTRAST_JS, [FINDER_PARTS, {}, {}])
    parts = result["parts"]
    assert set(parts) == set(FINDER_PARTS), parts
    low = {name: found for name, found in parts.items() if found["ratio"] < 4.5}
    assert not low, f"{variant.name}: finder text below 4.5:1: {low}"
    # The search box shows its text in the page's colour, on the page's background.
    same = page.evaluate(
        """() => {
            const box = document.querySelector('.rt-finder-q');
            const style = getComputedStyle(box);
            return [style.color === getComputedStyle(box.parentNode).color,
                    style.backgroundColor];
        }"""
    )
    assert same[0], f"{variant.name}: the search text is not the page's colour"
    assert same[1] in ("rgba(0, 0, 0, 0)", "transparent"), same


@VARIANTS
def test_finder_fits_375px(open_finder, variant):
    page = open_finder(variant, viewport={"width": 375, "height": 740})
    open_filters(page)
    search(page, "video")
    overflow = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const wide = [];
            for (const el of document.querySelectorAll('.rt-finder, .rt-finder *')) {
                const r = el.getBoundingClientRect();
                if (r.width && r.right > width + 0.5) wide.push(el.tagName + '.' + el.className);
            }
            return {scroll: document.scrollingElement.scrollWidth, width: width, wide: wide};
        }"""
    )
    assert overflow["scroll"] <= overflow["width"], f"the page scrolls sideways: {overflow}"
    assert not overflow["wide"], overflow["wide"][:5]
    choose(page, "year", "2024")
    assert shown(page) == {"xu24"}


@VARIANTS
def test_axe_finds_nothing_serious_in_the_finder(open_finder, axe_js, variant):
    page = open_finder(variant, page="index.html?rt-topic=video")
    assert page.evaluate(variant.applied_js())
    found = scan(page, axe_js)
    ours = [v for v in found if re.search(r"rt-", v["target"]) or v["ours"]]
    assert not ours, f"{variant.name}: the finder fails axe:\n{lines(ours)}"
    if variant.theme not in ("alabaster", "rtd"):
        assert not found, f"{variant.name}: the page fails axe:\n{lines(found)}"
