"""The site in its language, in Chromium: the scripts' words, counts, CJK text, axe, RTL.

Site: tests/roots/test-finder-languages (furo), built with ``language`` "zh_CN", "de" and unset
("en"): a list of five entries with a finder (Chinese titles and a member written
熊志伟) and a list of one entry with its own finder (a count of one).
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from test_browser_axe import lines, scan
from test_browser_finder import choose, open_filters, shown, status

from sphinxcontrib_researchtopics.locale.catalogs import POT, po_path, read_catalog

pytestmark = pytest.mark.browser

ALL = {"zhang24", "xiao23", "xiao22thesis", "wang21", "notes"}

#: What each language shows: the finder's words, its counts and the other controls.
WORDS: dict[str, dict[str, Any]] = {
    "zh_CN": {
        "lang": "zh-CN",
        "region": "查找论文",
        "search": "搜索论文",
        "clear": "清除筛选",
        "filters": "筛选",
        "legends": ["年份", "类型", "主题", "实验室成员", "期刊/会议"],
        "undated": "无日期",
        "all": "5 / 5 篇论文",
        "typed": ("光场", "1 / 5 篇论文"),
        "one": "1 / 1 篇论文",
        "selected": "（已选 1 项）",  # noqa: RUF001 (Chinese punctuation)
        "copy": "复制",
        "copied": "已复制",
        "failed": "复制失败：请手动选择文本",  # noqa: RUF001 (Chinese punctuation)
        "expand": "展开全部摘要",
        "collapse": "全部折叠",
    },
    "de": {
        "lang": "de",
        "region": "Publikationen finden",
        "search": "Publikationen durchsuchen",
        "clear": "Filter zurücksetzen",
        "filters": "Filter",
        "legends": ["Jahr", "Typ", "Thema", "Gruppenmitglied", "Publikationsort"],
        "undated": "Ohne Datum",
        "all": "5 von 5 Publikationen",
        "typed": ("light", "2 von 5 Publikationen"),
        "one": "1 von 1 Publikation",
        "selected": "(1 ausgewählt)",
        "copy": "Kopieren",
        "copied": "Kopiert",
        "failed": "Kopieren fehlgeschlagen: Text stattdessen markieren",
        "expand": "Alle Zusammenfassungen ausklappen",
        "collapse": "Alle einklappen",
    },
    "en": {
        "lang": "en",
        "region": "Find publications",
        "search": "Search publications",
        "clear": "Clear filters",
        "filters": "Filters",
        "legends": ["Year", "Type", "Topic", "Lab member", "Venue"],
        "undated": "Undated",
        "all": "5 of 5 publications",
        "typed": ("light", "2 of 5 publications"),
        "one": "1 of 1 publication",
        "selected": "(1 selected)",
        "copy": "Copy",
        "copied": "Copied",
        "failed": "Copy failed: select the text instead",
        "expand": "Expand all abstracts",
        "collapse": "Collapse all",
    },
}

LANGUAGES = pytest.mark.parametrize("language", ["zh_CN", "de", "en"])

#: A clipboard that refuses every write (run before the page's scripts).
FAILING_CLIPBOARD = """Object.defineProperty(navigator, "clipboard", {value: {
  writeText: () => Promise.reject(new Error("denied"))}});"""


def type_in(page: Any, text: str) -> None:
    box = page.locator(".rt-finder-q").first
    box.fill("")
    box.press_sequentially(text)


@LANGUAGES
def test_finder_speaks_the_page_language(open_language, language):
    words = WORDS[language]
    page = open_language(language)
    assert page.evaluate("document.documentElement.lang") == words["lang"]
    assert page.get_by_role("search", name=words["region"]).count() == 2
    assert page.get_by_label(words["search"]).count() == 2
    assert page.get_by_role("button", name=words["clear"]).count() == 2
    finder = page.locator(".rt-finder").first
    assert finder.locator("summary").inner_text().strip() == words["filters"]
    assert status(page) == words["all"]
    assert status(page, 1) == words["one"]  # the singular: one publication in all
    legends = finder.locator("legend").all_text_contents()
    assert [text.strip() for text in legends] == words["legends"]
    undated = finder.locator('fieldset[data-rt-facet="year"] input[value="Undated"]')
    assert undated.locator("xpath=..").text_content().startswith(words["undated"])
    # The live region follows typing, in the language.
    text, after = words["typed"]
    type_in(page, text)
    assert status(page) == after
    assert page.locator(".rt-finder-status").first.get_attribute("aria-live") == "polite"
    type_in(page, "")
    choose(page, "year", "2024")
    assert status(page) == words["all"].replace("5", "1", 1)
    active = finder.locator(".rt-finder-active").inner_text().strip()
    assert active == words["selected"]


@pytest.mark.parametrize("language", ["zh_CN", "de"])
def test_copy_and_expand_controls_speak_the_page_language(open_language, language):
    words = WORDS[language]
    page = open_language(language, permissions=["clipboard-read", "clipboard-write"])
    entry = page.locator('[data-rt-key="zhang24"]')
    entry.locator("button.rt-action-bibtex").click()
    copy = entry.locator("details.rt-bibtex button.rt-copy")
    assert copy.inner_text().strip() == words["copy"]
    copy.click()
    status_el = entry.locator("details.rt-bibtex .rt-copy-status")
    from playwright.sync_api import expect

    expect(status_el).to_have_text(words["copied"], timeout=3000)
    assert "@article{zhang24" in page.evaluate("navigator.clipboard.readText()")
    expand = page.get_by_role("button", name=words["expand"])
    collapse = page.get_by_role("button", name=words["collapse"])
    assert expand.count() == collapse.count() == 1
    expand.click()
    assert page.evaluate("[...document.querySelectorAll('details.rt-abstract')].every(d => d.open)")
    collapse.click()
    assert page.evaluate(
        "[...document.querySelectorAll('details.rt-abstract')].every(d => !d.open)"
    )


@pytest.mark.parametrize("language", ["zh_CN", "de"])
def test_a_failed_copy_says_so_in_the_page_language(open_language, language):
    page = open_language(language, init=FAILING_CLIPBOARD)
    entry = page.locator('[data-rt-key="xiao23"]')
    entry.locator("button.rt-action-cite").click()
    entry.locator(".rt-cite-style button.rt-copy").first.click()
    from playwright.sync_api import expect

    status_el = entry.locator(".rt-cite-style .rt-copy-status").first
    expect(status_el).to_have_text(WORDS[language]["failed"], timeout=3000)


def test_cjk_search_finds_words_inside_titles_and_members_are_highlighted(open_language):
    page = open_language("zh_CN")
    type_in(page, "光场")
    assert shown(page) == {"zhang24"}
    marks = page.evaluate(
        "[...document.querySelectorAll('mark.rt-mark')].map(m => "
        "[m.closest('.rt-publication').dataset.rtKey, m.textContent])"
    )
    assert marks == [["zhang24", "光场"]]
    # A lab member written in Chinese is highlighted in every entry, and found.
    type_in(page, "")
    members = page.evaluate(
        "[...document.querySelectorAll('.rt-publications .rt-authors .rt-member')].map(m => "
        "[m.closest('.rt-publication').dataset.rtKey, m.textContent.trim()])"
    )
    assert ["zhang24", "熊志伟"] in members
    assert ["xiao23", "熊志伟"] in members
    type_in(page, "熊志伟")
    assert shown(page) == {"zhang24", "xiao23"}
    type_in(page, "")
    choose(page, "member", "熊志伟")
    assert shown(page) == {"zhang24", "xiao23"}
    assert status(page) == "2 / 5 篇论文"


@pytest.mark.parametrize("language", ["zh_CN", "de"])
def test_axe_finds_nothing_on_a_translated_page(open_language, axe_js, language):
    page = open_language(language)
    # axe reads the page as the reader hears it: in its language.
    assert page.get_by_role("search", name=WORDS[language]["region"]).count() == 2
    open_filters(page)
    type_in(page, WORDS[language]["typed"][0])
    found = scan(page, axe_js)
    type_in(page, "")
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.locator("button.rt-action").first.click()
    found += scan(page, axe_js)
    assert not found, f"{language}: the page fails axe:\n{lines(found)}"


# -- no English word of ours under zh_CN -------------------------------------------------

#: Before the page's scripts run (once the parser is done, readyState "interactive"),
#: every node there is remembered; what the scripts add is then told apart, and every
#: change they make to an attribute a reader hears or sees is recorded.
RECORD_JS = """(() => {
  window.rtOriginal = new WeakSet();
  window.rtAttributes = [];
  document.addEventListener("readystatechange", () => {
    if (document.readyState !== "interactive") return;
    const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
    for (let n = walker.currentNode; n; n = walker.nextNode()) window.rtOriginal.add(n);
    new MutationObserver(records => {
      for (const r of records) {
        if (r.type === "attributes") window.rtAttributes.push([r.target, r.attributeName]);
      }
    }).observe(document, {subtree: true, attributes: true,
                          attributeFilter: ["aria-label", "title", "placeholder"]});
  });
})();"""

#: The words the scripts made in the lists and entries: new text nodes, the attributes
#: of new elements and the attributes they changed.
MADE_JS = """() => {
  const ours = ".rt-publications, .rt-publication";
  const found = [];
  const names = ["aria-label", "title", "placeholder"];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ALL);
  for (let n = walker.currentNode; n; n = walker.nextNode()) {
    if (window.rtOriginal.has(n)) continue;
    const el = n.nodeType === 1 ? n : n.parentElement;
    if (!el || !el.closest(ours) || el.closest("script, style")) continue;
    if (n.nodeType === 3 && n.nodeValue.trim()) found.push(n.nodeValue.trim());
    if (n.nodeType === 1) {
      for (const name of names) if (n.hasAttribute(name)) found.push(n.getAttribute(name));
    }
  }
  for (const [el, name] of window.rtAttributes) {
    if (el.isConnected && el.closest(ours) && el.hasAttribute(name)) {
      found.push(el.getAttribute(name));
    }
  }
  return found;
}"""

#: The browser's words the issue names: checked even where the catalog lacks them.
ISSUE_WORDS = (
    "Find publications",
    "Search publications",
    "Clear filters",
    "Filters",
    "{shown} of {count} publications",
    "({count} selected)",
    "Copy",
    "Copied",
    "Copy failed: select the text instead",
    "Expand all abstracts",
    "Collapse all",
    "Show",
)

_PLACEHOLDER = re.compile(r"\\\{\w+\\\}")


def english_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Each English message that zh_CN shows otherwise (a name such as "BibTeX" that
    zh_CN keeps is left out), as a pattern with its placeholders matching any text."""
    chinese = read_catalog(po_path("zh_CN"), "zh_CN")
    messages: set[str] = set(ISSUE_WORDS)
    for message in read_catalog(POT):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        translated = chinese.get(message.id if isinstance(message.id, str) else message.id[0])
        strings = [] if translated is None else translated.string
        kept = [strings] if isinstance(strings, str) else list(strings)
        messages.update(text for text in ids if text not in kept)
    patterns = []
    for text in sorted(messages):
        body = _PLACEHOLDER.sub(".+?", re.escape(text))
        if re.search(r"[A-Za-z]", _PLACEHOLDER.sub("", re.escape(text))):
            patterns.append((text, re.compile(body)))
    return patterns


def test_the_scripts_show_no_english_word_of_ours_under_zh_cn(open_language):
    page = open_language("zh_CN", init=RECORD_JS, permissions=["clipboard-read", "clipboard-write"])
    # Every control the scripts make, used: the finder, the panels, copying (done and
    # failed), expanding and collapsing.
    open_filters(page)
    type_in(page, "光")
    choose(page, "year", "2024")
    for button in page.locator(".rt-actions > button.rt-action").all():
        if button.is_visible():
            button.click()
    entry = page.locator('[data-rt-key="zhang24"]')
    entry.locator("details.rt-bibtex button.rt-copy").click()
    page.evaluate(FAILING_CLIPBOARD)
    entry.locator(".rt-cite-style button.rt-copy").first.click()
    page.locator(".rt-finder-clear").first.click()
    page.locator(".rt-controls button").first.click()
    page.locator(".rt-controls button").last.click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.rt-copy-status')].filter("
        "s => s.textContent).length >= 2",
        timeout=3000,
    )
    made = page.evaluate(MADE_JS)
    english = [
        (text, message)
        for text in made
        for message, pattern in english_patterns()
        if pattern.fullmatch(text.strip())
    ]
    assert not english, f"English words of ours made by the scripts under zh_CN: {english}"
    # The scan saw the scripts' words (in Chinese).
    assert WORDS["zh_CN"]["copied"] in made and WORDS["zh_CN"]["search"] in made


# -- right to left -----------------------------------------------------------------------

#: Boxes of the first entry's action row (the row itself and each control in order) and
#: of the finder (its box, bar, label, field and status text), in a right-to-left page.
RTL_JS = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; };
  const row = document.querySelector('[data-rt-key="zhang24"] .rt-actions');
  const controls = [...row.children].filter(e => e.getClientRects().length);
  const side = e => { const s = getComputedStyle(e);
    return [parseFloat(s.borderLeftWidth), parseFloat(s.borderRightWidth)]; };
  const finder = document.querySelector('.rt-finder');
  const status = finder.querySelector('.rt-finder-status');
  const range = document.createRange();
  range.selectNodeContents(status);
  const text = range.getBoundingClientRect();
  const abstract = document.querySelector('[data-rt-key="zhang24"] details.rt-abstract > p');
  return {
    row: box(row), controls: controls.map(box), borders: controls.map(side),
    finder: box(finder), bar: box(finder.querySelector('.rt-finder-bar')),
    label: box(finder.querySelector('.rt-finder-label')),
    field: box(finder.querySelector('.rt-finder-q')),
    statusBox: box(status), statusText: [text.left, text.right],
    abstract: side(abstract),
  };
}"""


def test_right_to_left_puts_the_first_control_and_the_finder_at_the_right(open_language):
    page = open_language("en")
    page.evaluate("document.documentElement.dir = 'rtl'")
    page.locator('[data-rt-key="zhang24"] button.rt-action-abstract').click()
    # the button follows its panel on the panel's ``toggle`` event, a task later
    page.wait_for_selector(
        '[data-rt-key="zhang24"] button.rt-action-abstract[aria-expanded="true"]'
    )
    found = page.evaluate(RTL_JS)
    row, controls, borders = found["row"], found["controls"], found["borders"]
    assert len(controls) >= 3
    # The first control sits at the right end of the row, the next ones to its left, each
    # parted from the one before by a rule on its right (its inline start).
    assert abs(controls[0][1] - row[1]) <= 1, found
    assert all(a[0] >= b[1] - 1 for a, b in itertools.pairwise(controls)), found
    assert borders[0] == [0, 0]
    assert all(left == 0 and right > 0 for left, right in borders[1:]), borders
    # A closed panel's arrow points the way the text runs, an open one's down.
    arrows = page.evaluate(
        """() => [...document.querySelectorAll('[data-rt-key="zhang24"] .rt-action')]
          .map(b => getComputedStyle(b, '::after').content)"""
    )
    assert arrows == ['" ▾"', '" ◂"', '" ◂"'], arrows
    # The abstract's rule is on the right too.
    assert found["abstract"][0] == 0 and found["abstract"][1] > 0, found["abstract"]
    # The finder: its label at the right of its bar, the field to its left, the status
    # aligned right.
    bar, label, field = found["bar"], found["label"], found["field"]
    assert abs(label[1] - bar[1]) <= 1, found
    assert field[1] <= label[0] + 1, found
    assert abs(found["statusText"][1] - found["statusBox"][1]) <= 1, found
    assert found["statusText"][0] > found["statusBox"][0] + 20, found
