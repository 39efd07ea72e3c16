"""The finder's marks on the words it matched, and a filtered list with no blank space.

Sites: tests/roots/test-finder (fourteen entries grouped by year) and
tests/roots/test-finder-marks (titles, authors and venues in Chinese, with no spaces).
"""

from __future__ import annotations

from typing import Any

import pytest
import sitekit
from test_browser_finder import choose, search, shown, status

pytestmark = pytest.mark.browser

#: Every mark in the lists: [the entry's key, the part it is in, its text].
MARKS_JS = """() => [...document.querySelectorAll('.rt-publications mark')].map(m => [
  m.closest('.rt-publication').dataset.rtKey,
  m.closest('.rt-title, .rt-authors, .rt-venue') ?
    m.closest('.rt-title, .rt-authors, .rt-venue').className.split(' ')[0] : '',
  m.className, m.textContent])"""

LIST_HTML = "() => document.querySelector('.rt-publications').innerHTML"


def marks(page: Any) -> list[list[str]]:
    return [list(m) for m in page.evaluate(MARKS_JS)]


def test_matched_words_are_marked_in_titles_authors_and_venues(open_finder):
    page = open_finder("furo")
    search(page, "light field")
    found = marks(page)
    assert {m[2] for m in found} == {"rt-mark"}
    titles = {(key, text) for key, part, _, text in found if part == "rt-title"}
    assert titles == {
        ("nunez24", "Light"),
        ("nunez24", "Field"),
        ("cheng24", "Light"),
        ("cheng24", "Field"),
        ("nunez21thesis", "Light"),
        ("nunez21thesis", "Field"),  # of "Fields": the search matches inside words
    }
    # Accents and case as the search folds them: "nunez" marks "Núñez", "cvpr" nothing
    # in a badge but the word in the venue line.
    search(page, "nunez")
    assert sorted((k, p, t) for k, p, _, t in marks(page)) == [
        ("nunez21thesis", "rt-authors", "Núñez"),
        ("nunez24", "rt-authors", "Núñez"),
    ]
    search(page, "pattern")
    venues = {(k, p, t) for k, p, _, t in marks(page)}
    assert ("smith.2020:deep", "rt-venue", "Pattern") in venues
    assert all(p in ("rt-title", "rt-authors", "rt-venue") for _, p, _, _ in marks(page))
    # Nothing outside the marked parts: the key, the abstract, the badge.
    search(page, "tpami")
    assert shown(page) == {"smith.2020:deep"}
    assert marks(page) == []


def test_marks_go_when_the_search_clears_or_changes_leaving_the_same_dom(open_finder):
    page = open_finder("furo")
    before = page.evaluate(LIST_HTML)
    texts = page.evaluate(
        "() => [...document.querySelectorAll('.rt-publications .rt-title')].map(t => "
        "t.childNodes.length)"
    )
    search(page, "video")
    assert len(marks(page)) >= 5
    search(page, "spectral")
    assert {t.lower() for _, _, _, t in marks(page)} == {"spectral"}
    box = page.get_by_label("Search publications")
    box.fill("")
    assert marks(page) == []
    assert page.evaluate(LIST_HTML) == before, "unmarking left the list's HTML changed"
    assert (
        page.evaluate(
            "() => [...document.querySelectorAll('.rt-publications .rt-title')].map(t => "
            "t.childNodes.length)"
        )
        == texts
    ), "text nodes were left split"
    search(page, "light")
    page.get_by_role("button", name="Clear filters").click()
    assert marks(page) == []
    assert page.evaluate(LIST_HTML) == before


def test_a_search_in_the_url_is_marked_once_the_page_is_shown(open_finder):
    page = open_finder("furo", page="index.html?rt-q=disparity")
    page.wait_for_function("() => document.querySelector('mark.rt-mark') !== null", timeout=3000)
    assert marks(page) == [["cheng24", "rt-title", "rt-mark", "Disparity"]]


def test_a_long_list_is_marked_near_the_screen_and_unmarked_in_full(open_finder):
    """In a long list (here from 10 entries) marks are made in the runs near the screen,
    the others as they come near; clearing the box drops every one."""
    page = open_finder("furo", init=LAZY_INIT)
    assert page.locator(".rt-publications.rt-finder-lazy").count() == 1
    before = page.evaluate(LIST_HTML)
    search(page, "video")
    page.evaluate(SCROLL_THROUGH_JS)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.rt-publication[data-rt-key]')]"
        ".filter(e => !e.hidden).every(e => e.querySelector('mark.rt-mark'))",
        timeout=3000,
    )
    assert {k for k, _, _, _ in marks(page)} == shown(page)
    page.get_by_label("Search publications").fill("")
    assert marks(page) == []
    assert page.evaluate(LIST_HTML) == before


def test_words_inside_cjk_text_are_marked(open_marks):
    page = open_marks("furo")
    before = page.evaluate(LIST_HTML)
    search(page, "光场")
    assert shown(page) == {"zhang24"}
    assert marks(page) == [["zhang24", "rt-title", "rt-mark", "光场"]]
    title = page.locator('[data-rt-key="zhang24"] .rt-title').inner_text()
    assert title.endswith("基于光场的超分辨率重建方法")
    search(page, "光")
    assert sorted((k, p, t) for k, p, _, t in marks(page)) == [
        ("wang23", "rt-title", "光"),
        ("wang23", "rt-venue", "光"),  # 中国激光
        ("zhang24", "rt-title", "光"),
        ("zhang24", "rt-venue", "光"),
    ]
    search(page, "王")
    assert marks(page) == [["wang23", "rt-authors", "rt-mark", "王"]]
    page.get_by_label("Search publications").fill("")
    assert page.evaluate(LIST_HTML) == before


VARIANTS = pytest.mark.parametrize("variant", sitekit.VARIANTS, ids=lambda v: v.name)


@VARIANTS
def test_marked_text_keeps_aa_contrast_light_and_dark(open_finder, variant):
    page = open_finder(variant)
    assert page.evaluate(variant.applied_js())
    search(page, "light")
    parts = {"mark": "mark.rt-mark"}
    result = page.evaluate(sitekit.CONTRAST_JS, [parts, {}, {}])["parts"]
    assert "mark" in result
    assert result["mark"]["ratio"] >= 4.5, f"{variant.name}: {result['mark']}"
    # The mark is seen: its background is not the page's.
    background = page.evaluate(
        "() => getComputedStyle(document.querySelector('mark.rt-mark')).backgroundColor"
    )
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")


# -- no blank space ------------------------------------------------------------------------

#: The gaps between consecutive shown headings and entries of the first list, as laid out
#: now (entries off screen included): [kind of pair, gap in px, names].
GAPS_JS = """() => {
  const list = document.querySelector('.rt-publications');
  const items = [...list.querySelectorAll('.rt-group, .rt-publication[data-rt-key]')]
    .filter(e => !e.hidden && e.getClientRects().length);
  const kind = e => e.classList.contains('rt-group') ? 'heading' : 'entry';
  const name = e => e.dataset.rtKey || e.textContent.trim();
  const out = [];
  for (let i = 0; i + 1 < items.length; i++) {
    const a = items[i].getBoundingClientRect(), b = items[i + 1].getBoundingClientRect();
    out.push([kind(items[i]) + '>' + kind(items[i + 1]), b.top - a.bottom,
              name(items[i]) + ' > ' + name(items[i + 1])]);
  }
  return out;
}"""

#: Scroll the page through, a frame at each step, so every part is laid out as a reader
#: sees it.
SCROLL_THROUGH_JS = """async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  for (let y = 0; y < document.documentElement.scrollHeight; y += 300) {
    window.scrollTo({top: y, behavior: 'instant'});
    await frame();
  }
  window.scrollTo({top: 0, behavior: 'instant'});
  await frame();
}"""


def spacing(page: Any, scroll: bool = True) -> dict[str, int]:
    """The gap of each kind of pair, as a reader sees it (the page scrolled through)."""
    if scroll:
        page.evaluate(SCROLL_THROUGH_JS)
    gaps: dict[str, set[int]] = {}
    for pair, gap, _ in page.evaluate(GAPS_JS):
        gaps.setdefault(pair, set()).add(round(gap))
    assert all(max(v) - min(v) <= 2 for v in gaps.values()), gaps
    return {pair: min(v) for pair, v in gaps.items()}


def assert_spacing(page: Any, expected: dict[str, int]) -> None:
    for pair, gap, names in page.evaluate(GAPS_JS):
        assert abs(gap - expected[pair]) <= 3, f"{names}: {gap:.0f}px, {expected[pair]}px"


#: Lists of 10 entries or more are long lists (250 on a real page).
LAZY_INIT = "window.researchtopicsFinderLazy = 10;"

FRAME_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


@pytest.mark.parametrize("lazy", [False, True], ids=["short-list", "long-list"])
@pytest.mark.parametrize(
    "action",
    [("search", "video"), ("choose", "type", "theses"), ("choose", "year", "2020")],
    ids=lambda a: "-".join(a),
)
def test_a_filtered_list_leaves_no_blank_space(open_finder, action, lazy):
    """Headings and entries are as far apart as on the page without script, filtered or
    not: no blank space at the end of a group (a run's bottom margin), none where hidden
    entries were; a short list is laid out in full, so also below the window. A long list
    (.rt-finder-lazy, here from 10 entries) is checked as a reader scrolls through it."""
    expected = spacing(open_finder("furo", js=False), scroll=False)  # no frames without JS
    assert set(expected) == {"heading>entry", "entry>entry", "entry>heading"}
    page = open_finder("furo", init=LAZY_INIT if lazy else "")
    assert page.locator(".rt-publications.rt-finder-lazy").count() == (1 if lazy else 0)
    assert spacing(page) == expected
    if action[0] == "search":
        search(page, action[1])
    else:
        choose(page, action[1], action[2])
    assert status(page) != "14 of 14 publications"
    page.evaluate(FRAME_JS)
    if not lazy:
        assert_spacing(page, expected)  # as laid out at once, below the window too
    page.evaluate(SCROLL_THROUGH_JS)
    assert_spacing(page, expected)
    # A heading shows only with an entry under it.
    headings = page.evaluate(
        """() => [...document.querySelectorAll('.rt-publications .rt-group')].map(h => {
            let e = h.nextElementSibling, any = false;
            for (; e && !e.classList.contains('rt-group'); e = e.nextElementSibling)
              any = any || [...e.querySelectorAll('.rt-publication')].concat(
                e.matches('.rt-publication') ? [e] : []).some(p => !p.hidden);
            return [!h.hidden && h.getClientRects().length > 0, any];
        })"""
    )
    assert all(visible == has for visible, has in headings), headings
