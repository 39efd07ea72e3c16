"""``publications`` lists: selection, filter, sort, grouping, limit, also-in, ``:pub:``."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import assert_warned, soup, warnings_of


def keys_in(tag: Any) -> list[str]:
    return [div["data-rt-key"] for div in tag.select("div.rt-publication[data-rt-key]")]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_topic_selects_exactly_the_tagged_entries_newest_first(app: Any) -> None:
    app.build()
    video = soup(app, "index").select_one("div.rt-publications")
    assert keys_in(video) == ["latex24", "gao22", "xu21", "xiao21", "xiao20", "zhang19", "zhang18"]
    image = soup(app, "image").select_one("div.rt-publications")
    # "in press" is newest; then by year
    assert keys_in(image) == ["press25", "latex24", "many20"]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_keys_keep_their_order_and_sort_reorders(app: Any) -> None:
    app.build()
    page = soup(app, "options")
    lists = page.select("div.rt-publications")
    assert keys_in(lists[0]) == ["xiao20", "gao22", "xu21"]
    assert keys_in(page.select_one("div.sorted-by-title")) == ["gao22", "xiao20", "xu21"]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_filter_and_limit(app: Any) -> None:
    app.build()
    limited = soup(app, "options").select_one("div.limited")
    assert keys_in(limited) == ["gao22", "xu21"]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_invalid_filter_warns_with_location_and_renders_empty(app: Any) -> None:
    app.build()
    warnings = warnings_of(app)
    assert_warned(
        warnings,
        r"options\.rst:20: WARNING: unsupported operator '\+' in filter "
        r"'year \+ 1 > 2020' \[researchtopics\.option\]",
    )
    bad = soup(app, "options").select_one("div.bad-filter")
    assert bad is not None and keys_in(bad) == []


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_group_by_year_headings(app: Any) -> None:
    app.build()
    page = soup(app, "recent")
    headings = page.select(".rt-group")
    assert [h.get_text() for h in headings] == ["in press", "2024", "2022", "2021"]
    assert all(h.name == "h2" for h in headings)
    # the entries of 2021 follow their heading
    h2021 = headings[-1]
    following = [div["data-rt-key"] for div in h2021.find_next_siblings("div")]
    assert following == ["xu21", "xiao21"]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_group_by_type(app: Any) -> None:
    app.build()
    box = soup(app, "options").select_one("div.by-type")
    headings = [h.get_text() for h in box.select(".rt-group")]
    assert headings == ["Journal articles", "Conference papers", "Preprints and other"]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_missing_key_in_list(app: Any) -> None:
    app.build()
    box = soup(app, "options").select_one("div.with-missing")
    assert keys_in(box) == ["zhang18"]
    assert "missing1" in box.select_one(".rt-missing").get_text()
    assert any("options.rst:28" in line and "missing1" in line for line in warnings_of(app))


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_also_in_lists_other_topic_pages(app: Any) -> None:
    app.build()
    entry = soup(app, "index").select_one("div.rt-publication#latex24")
    also = entry.select_one(".rt-also-in")
    assert also.get_text() == "Also in: Image"
    assert also.select_one("a")["href"] == "image.html#latex24"
    # gao22 is on no other topic page: no "Also in"
    assert soup(app, "index").select_one("#gao22 .rt-also-in") is None


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_pub_role_links_to_the_entry(app: Any) -> None:
    app.build()
    page = soup(app, "options")
    refs = {a.get_text(): a["href"] for a in page.select("a.reference") if a.select_one(".rt-pub")}
    # gao22 is shown by a publication directive on index: that is its home
    assert refs["Gao et al., BMVC 2022"] == "index.html#gao22-2"
    assert refs["the stereo paper"] == "index.html#xu21"
    assert "[unknown99?]" in page.get_text()
    assert any(
        "options.rst:32" in line and "unknown99" in line and "[researchtopics.missing_key]" in line
        for line in warnings_of(app)
    )


@pytest.mark.sphinx(
    "html", testroot="basic", freshenv=True, confoverrides={"researchtopics_bibtex": False}
)
def test_also_in_and_bibtex_options(app: Any) -> None:
    app.build()
    page = soup(app, "options")
    quiet = page.select_one("div.quiet")
    assert keys_in(quiet) == ["press25", "latex24", "many20"]
    assert quiet.select_one(".rt-also-in") is None, ":no-also-in: drops the links"
    # without the option, a list shows where else its entries are (the first list here)
    assert page.select("div.rt-publications")[0].select_one("#xiao20 .rt-also-in") is not None
    # :bibtex: shows the toggle although the config turns it off
    singles = [
        d
        for d in page.select("div.rt-publication")
        if d.parent.name != "div" or "rt-publications" not in d.parent.get("class", [])
    ]
    assert [d["data-rt-key"] for d in singles] == ["many20"]
    assert (
        singles[0]
        .select_one("details.rt-bibtex pre")
        .get_text()
        .startswith("@inproceedings{many20,")
    )
    assert quiet.select_one("details.rt-bibtex") is None
