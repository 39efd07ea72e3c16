"""``page.html#KEY`` opens the entry's abstract; expand/collapse-all per list; copying."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.browser

KEY = "smith.2020:deep"
HTML_ID = "smith-2020-deep"

IN_VIEW = """el => {
    const r = el.getBoundingClientRect();
    return r.top >= -2 && r.top < window.innerHeight / 2;
}"""


def wait_in_view(page, locator, seconds: float = 3.0) -> None:
    """Themes scroll smoothly (furo): wait for the entry to arrive at the top.

    Polled from Python, since ``wait_for_function`` needs the page's own JavaScript.
    """
    deadline = time.monotonic() + seconds
    while not locator.evaluate(IN_VIEW):
        if time.monotonic() > deadline:
            top = locator.evaluate("el => el.getBoundingClientRect().top")
            pytest.fail(f"the entry was not scrolled into view (its top is at {top:.0f}px)")
        page.wait_for_timeout(50)


def first_entry(page, key):
    return page.locator(f'div.rt-publication[data-rt-key="{key}"]').first


def opened(page, selector="details.rt-abstract"):
    return page.eval_on_selector_all(
        selector, "all => all.filter(d => d.open).map(d => d.closest('.rt-publication').id)"
    )


def test_entry_starts_below_the_fold(open_page):
    """The precondition of the #KEY tests: without a fragment, nothing scrolls or opens."""
    page = open_page("furo")
    assert not first_entry(page, KEY).evaluate(IN_VIEW)
    assert opened(page) == []


@pytest.mark.parametrize("fragment", [HTML_ID, KEY, "smith.2020%3Adeep"])
def test_fragment_scrolls_to_entry_and_opens_its_abstract(open_page, fragment):
    page = open_page("furo", fragment=fragment)
    entry = first_entry(page, KEY)
    page.wait_for_function(
        "el => el.querySelector('details.rt-abstract').open", arg=entry.element_handle()
    )
    assert entry.locator("details.rt-abstract > p").is_visible()
    wait_in_view(page, entry)  # times out when the entry is not scrolled into view
    assert opened(page) == [HTML_ID], "other abstracts opened too"
    assert not entry.locator("details.rt-bibtex pre").is_visible()


def test_hash_change_on_the_page_opens_the_new_entry(open_page):
    page = open_page("furo", fragment="gao22")
    page.wait_for_function("document.querySelector('#gao22 details.rt-abstract').open")
    page.evaluate("location.hash = 'zhang19'")
    page.wait_for_function("document.querySelector('#zhang19 details.rt-abstract').open")
    wait_in_view(page, first_entry(page, "zhang19"))
    assert opened(page) == ["gao22", "zhang19"], "an earlier entry was closed"


def test_fragment_without_javascript_still_scrolls(open_page):
    page = open_page("furo", fragment=HTML_ID, js=False)
    wait_in_view(page, first_entry(page, KEY))


def test_expand_and_collapse_all_per_list(open_page):
    page = open_page("furo")
    lists = page.locator(".rt-publications")
    assert lists.count() == 2
    first, second = lists.nth(0), lists.nth(1)
    first_abstracts = first.locator("details.rt-abstract > p")
    second_abstracts = second.locator("details.rt-abstract > p")
    assert first.locator(".rt-controls").count() == 1
    assert second.locator(".rt-controls").count() == 1

    def shown(abstracts) -> list[bool]:
        return [abstracts.nth(i).is_visible() for i in range(abstracts.count())]

    assert not any(shown(first_abstracts)) and not any(shown(second_abstracts))
    first.locator("button.rt-expand-all").click()
    assert all(shown(first_abstracts)) and len(shown(first_abstracts)) == 3
    assert not any(shown(second_abstracts)), "expanding one list expanded the other"
    assert first.locator("details.rt-bibtex[open]").count() == 0

    second.locator("button.rt-expand-all").focus()
    page.keyboard.press("Enter")
    assert all(shown(second_abstracts))
    first.locator("button.rt-collapse-all").click()
    assert not any(shown(first_abstracts))
    assert all(shown(second_abstracts)), "collapsing one list collapsed the other"


def test_copy_button_copies_the_exact_entry(open_page, sites):
    page = open_page("furo", permissions=["clipboard-read", "clipboard-write"])
    entry = first_entry(page, KEY)
    button = entry.locator("details.rt-bibtex button.rt-copy")
    status = entry.locator("details.rt-bibtex .rt-copy-status")
    assert not button.is_visible(), "the copy button shows before BibTeX is opened"
    entry.locator(".rt-actions > button.rt-action-bibtex").click()
    assert button.is_visible()
    assert status.inner_text() == ""
    page.evaluate("navigator.clipboard.writeText('nothing yet')")
    button.click()
    page.wait_for_function("el => el.textContent !== ''", arg=status.element_handle())
    assert status.inner_text() == "Copied"
    copied = page.evaluate("navigator.clipboard.readText()")
    expected = sites["furo"].bibtex[KEY]
    assert copied.rstrip("\n") == expected.rstrip("\n")
    assert copied.startswith("@article{smith.2020:deep,")
    assert "abstract" not in copied and "topics" not in copied
