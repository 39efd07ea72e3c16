"""The finder's data (HTML only) and when a list gets it: config, ``:finder:``, ``:no-finder:``.

The controls themselves are made by the script: tests/browser/test_browser_finder.py.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import assert_warned, soup, warnings_of

from sphinxcontrib_researchtopics.bib.people import MemberIndex, parse_people
from sphinxcontrib_researchtopics.html.finder import script_json, setting_of, wants_finder

FACET_IDS = ("year", "type", "topic", "member", "venue")


def finder_json(tag: Any) -> dict[str, Any] | None:
    """The finder data of one ``div.rt-publications``, or None."""
    script = tag.select_one(":scope > script.rt-finder-data")
    return None if script is None else json.loads(script.string)


def keys_in(tag: Any) -> list[str]:
    return [div["data-rt-key"] for div in tag.select("div.rt-publication[data-rt-key]")]


def values_of(data: dict[str, Any], facet_id: str) -> list[list[str]]:
    """Per entry, the values it has in one facet (decoded from the indices)."""
    facet = next(f for f in data["facets"] if f["id"] == facet_id)
    decoded = []
    for own in facet["of"]:
        indices = [own] if isinstance(own, int) else own
        decoded.append([facet["values"][i] for i in indices])
    return decoded


@pytest.mark.sphinx("html", testroot="finder", freshenv=True)
def test_long_list_carries_the_data_the_finder_reads(app: Any) -> None:
    app.build()
    assert not warnings_of(app)
    page = soup(app, "index")
    box = page.select_one("div.rt-publications")
    data = finder_json(box)
    assert data is not None
    keys = keys_in(box)
    assert data["n"] == len(keys) == 14
    assert [f["id"] for f in data["facets"]] == ["year", "type", "topic", "member", "venue"]
    assert [f["label"] for f in data["facets"]] == ["Year", "Type", "Topic", "Lab member", "Venue"]
    # Per entry, in the order of the page: year, type, topics, members, venue badge.
    rows = dict(
        zip(
            keys,
            zip(*(values_of(data, f) for f in FACET_IDS), strict=True),
            strict=True,
        )
    )
    assert rows["nunez24"] == (
        ["2024"],
        ["journal-articles"],
        ["light-field"],
        ["José Núñez", "Zhiwei Xiong"],
        ["TIP"],
    )
    assert rows["xiao22thesis"] == (["2022"], ["theses"], ["video"], ["Zeyu Xiao"], [])
    assert rows["wang24preprint"] == (["2024"], ["preprints-and-other"], ["image"], [], [])
    assert rows["smith.2020:deep"][2] == ["image", "video"]
    year = data["facets"][0]
    assert year["values"] == ["2024", "2023", "2022", "2021", "2020"]
    kinds = data["facets"][1]
    assert kinds["labels"] == [
        "Journal articles",
        "Conference papers",
        "Theses",
        "Preprints and other",
    ]
    # The most frequent first: Zhiwei Xiong is on 8 entries, José Núñez on 2.
    assert values_of_facet(data, "member") == ["Zhiwei Xiong", "Zeyu Xiao", "José Núñez"]


def values_of_facet(data: dict[str, Any], facet_id: str) -> list[str]:
    return list(next(f for f in data["facets"] if f["id"] == facet_id)["values"])


@pytest.mark.sphinx("html", testroot="finder", freshenv=True)
def test_data_is_html_only_and_no_controls_are_in_the_html(app: Any) -> None:
    """Without JavaScript there is nothing of the finder to see: the controls are made
    by the script, the data is an inert ``<script type="application/json">``."""
    app.build()
    page = soup(app, "index")
    assert page.select(".rt-finder, .rt-publications input, fieldset") == []
    assert page.select(".rt-publication[hidden], .rt-group[hidden]") == []
    box = page.select_one("div.rt-publications")
    first = next(child for child in box.children if getattr(child, "name", None))
    assert first.name == "script" and first["class"] == ["rt-finder-data"]
    assets = [tag.get("src", "") for tag in page.select("script[src]")]
    # Sphinx 7.3 adds "?v=..." to the file name
    assert any(src.partition("?")[0].endswith("researchtopics-finder.js") for src in assets)
    assert (Path(app.outdir) / "_static" / "researchtopics-finder.js").is_file()
    # the URL part first: the finder installs it when it starts
    names = [src.partition("?")[0].rsplit("/", 1)[-1] for src in assets]
    url_js, finder_js = "researchtopics-finder-url.js", "researchtopics-finder.js"
    assert names.index(url_js) < names.index(finder_js)
    assert (Path(app.outdir) / "_static" / url_js).is_file()
    assert (Path(app.outdir) / "_static" / "researchtopics-finder.css").is_file()


@pytest.mark.sphinx("html", testroot="finder", freshenv=True)
def test_auto_finder_flag_and_no_finder_flag(app: Any) -> None:
    app.build()
    lists = soup(app, "options").select("div.rt-publications")
    short, flagged, opted_out, second = lists
    assert len(keys_in(short)) == 3 and finder_json(short) is None
    assert finder_json(flagged) is not None and finder_json(flagged)["n"] == 3
    assert len(keys_in(opted_out)) == 14 and finder_json(opted_out) is None
    assert finder_json(second) is not None


@pytest.mark.sphinx(
    "html", testroot="finder", freshenv=True, confoverrides={"researchtopics_finder": False}
)
def test_config_false_turns_it_off_but_the_flag_still_asks(app: Any) -> None:
    app.build()
    assert finder_json(soup(app, "index").select_one("div.rt-publications")) is None
    lists = soup(app, "options").select("div.rt-publications")
    assert [finder_json(box) is not None for box in lists] == [False, True, False, False]


@pytest.mark.sphinx(
    "html", testroot="finder", freshenv=True, confoverrides={"researchtopics_finder": True}
)
def test_config_true_gives_every_list_one_but_no_finder_still_wins(app: Any) -> None:
    app.build()
    lists = soup(app, "options").select("div.rt-publications")
    assert [finder_json(box) is not None for box in lists] == [True, True, False, True]


@pytest.mark.sphinx(
    "html", testroot="finder", freshenv=True, confoverrides={"researchtopics_finder": "maybe"}
)
def test_bad_config_value_warns_and_means_auto(app: Any) -> None:
    app.build()
    assert_warned(warnings_of(app), r"researchtopics_finder = 'maybe'.*\[researchtopics\.option\]")
    assert finder_json(soup(app, "index").select_one("div.rt-publications")) is not None


@pytest.mark.parametrize("builder", ["text", "latex", "epub", "singlehtml", "dirhtml"])
def test_other_builders_do_not_see_it(
    make_app: Any, rootdir: Path, tmp_path: Path, builder: str
) -> None:
    srcdir = tmp_path / "finder"  # a fresh copy: no output of another run in the way
    shutil.copytree(rootdir / "test-finder", srcdir)
    app = make_app(builder, srcdir=srcdir, freshenv=True)
    app.build()
    assert not warnings_of(app)
    out = Path(app.outdir)
    text = "".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in out.rglob("*")
        if path.is_file() and path.suffix in (".txt", ".tex", ".html", ".xhtml")
    )
    assert "Propagating Difference Flows" in text
    if builder in ("singlehtml", "dirhtml"):
        assert "rt-finder-data" in text  # HTML pages: the finder is there
    else:
        assert "rt-finder-data" not in text and '"facets"' not in text


def test_json_cannot_close_its_script_or_open_a_comment() -> None:
    data = {"facets": [{"values": ["</script><script>alert(1)</script>", "<!--", "a&b"]}]}
    text = script_json(data)
    assert "</" not in text and "<!--" not in text and "<" not in text
    assert json.loads(text) == data


def test_hostile_values_land_escaped(tmp_path: Path) -> None:
    """Topic and badge text from a .bib file is data: it stays inside the JSON."""
    from sphinx.testing.util import SphinxTestApp

    (tmp_path / "conf.py").write_text(
        'extensions = ["sphinxcontrib_researchtopics"]\n'
        'researchtopics_bibfiles = ["refs.bib"]\nresearchtopics_cache_dir = ""\n'
    )
    entries = "".join(
        f"@misc{{k{n}, title = {{T{n}}}, year = {{20{n:02d}}}, "
        f"topics = {{</script><img src=x onerror=alert(1)>, <!-- x}}, "
        f"abbr = {{A</script>{n % 2}}}}}\n"
        for n in range(10)
    )
    (tmp_path / "refs.bib").write_text(entries)
    (tmp_path / "index.rst").write_text("T\n=\n\n.. publications::\n   :finder:\n")
    app = SphinxTestApp("html", srcdir=tmp_path, status=io.StringIO(), warning=io.StringIO())
    try:
        app.build()
        page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    finally:
        app.cleanup()
    start = page.index('<script type="application/json" class="rt-finder-data">')
    block = page[start : page.index("</script>", start)]
    assert "<img" not in block and "<!--" not in block
    data = json.loads(block.split(">", 1)[1])
    topics = next(f for f in data["facets"] if f["id"] == "topic")["values"]
    assert "</script><img src=x onerror=alert(1)>" in topics
    assert any(topic.startswith("<!") for topic in topics)  # "--" is an en dash in LaTeX


def test_when_a_list_gets_a_finder() -> None:
    assert wants_finder("auto", "", 10) and not wants_finder("auto", "", 9)
    assert wants_finder("auto", "finder", 1) and not wants_finder("auto", "no-finder", 50)
    assert wants_finder("on", "", 1) and not wants_finder("on", "no-finder", 50)
    assert not wants_finder("off", "", 500) and wants_finder("off", "finder", 2)
    assert not wants_finder("on", "finder", 0)  # nothing to find
    assert [setting_of(v) for v in (True, False, "auto", "False", "x", 3)] == [
        "on",
        "off",
        "auto",
        "off",
        "auto",
        "auto",
    ]


def test_member_name_is_the_configured_name_however_spelled() -> None:
    members = MemberIndex({"Zhiwei Xiong": "https://example.org", "José Núñez": ""})
    for written in ("Xiong, Zhiwei", "Z. Xiong", "{Zhiwei Xiong}", "XIONG Zhiwei"):
        (person,) = parse_people(written)
        assert members.member_name(person) == "Zhiwei Xiong", written
        assert members.match(person) == (True, "https://example.org")
    (person,) = parse_people("Nunez, Jose")
    assert members.member_name(person) == "José Núñez"
    (person,) = parse_people("Xiong, Zhang")
    assert members.member_name(person) == "" and members.match(person) == (False, "")
