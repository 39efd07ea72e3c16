"""Issue 27 end to end, against the local recorded-format server (tests/enrich_server.py):
``enrich`` records OpenAlex topics, ``topics`` proposes and writes them, ``new --data``
makes the topic site, and the build applies ``researchtopics_topic_map``.

The lab is tests/data/enrich/lab.bib (36 works over three subfields, four unknown to
OpenAlex); each key starts with the short name of its OpenAlex topic.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import assert_warned, soup, tracked_build, warnings_of
from enrich_server import DATA, FixtureServer, serving_at_once
from sphinx.cmd.build import main as build_main

from sphinxcontrib_researchtopics.cli import main

SHORT = {
    "vqa": "video-quality-assessment-and-coding",
    "denoise": "image-denoising-and-restoration",
    "rl": "reinforcement-learning-in-robotics",
    "xai": "explainable-artificial-intelligence",
    "speech": "speech-and-audio-processing",
    "radar": "radar-signal-processing",
}
UNKNOWN = {"unknown1", "unknown2", "unknown3", "unknown-nodoi"}


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FixtureServer]:
    with serving_at_once(monkeypatch) as fixture:
        yield fixture


@pytest.fixture
def lab(tmp_path: Path) -> Path:
    path = tmp_path / "lab" / "lab.bib"
    path.parent.mkdir()
    shutil.copy(DATA / "lab.bib", path)
    return path


@pytest.fixture
def data(server: FixtureServer, lab: Path) -> Path:
    """The lab's enrichment data, made by ``researchtopics enrich``."""
    path = lab.parent / "enrich.json"
    assert main(["enrich", str(lab), "--data", str(path), "--no-cache"]) == 0
    return path


def expected(key: str) -> str:
    return SHORT[re.match(r"[a-z]+", key).group()]  # type: ignore[union-attr]


def keys_on(page: Any) -> set[str]:
    return {entry["data-rt-key"] for entry in page.select(".rt-publication[data-rt-key]")}


def test_enrich_records_topics_in_the_same_request(
    server: FixtureServer, lab: Path, data: Path
) -> None:
    entries = json.loads(data.read_text(encoding="utf-8"))["entries"]
    assert set(entries) == {key for key in _keys(lab) if key not in UNKNOWN}
    topics = entries["denoise-quantum"]["topics"]
    assert topics["source"] == "openalex" and topics["fetched"] == "2026-11-30"
    assert [t["id"] for t in topics["value"]] == ["T99008", "T99002"]  # primary first
    assert topics["value"][0] == {
        "id": "T99008",
        "display_name": "Quantum Image Processing",
        "score": 0.95,
        "subfield": {
            "id": "subfields/1707",
            "display_name": "Computer Vision and Pattern Recognition",
        },
        "field": {"id": "fields/17", "display_name": "Computer Science"},
        "domain": {"id": "domains/3", "display_name": "Physical Sciences"},
    }
    works = [line for line in server.log if line.startswith("/openalex/works/doi:10.5555/rt.lab.")]
    assert len(works) == 39 and len(set(works)) == 39  # one request per entry with a DOI
    assert len(server.log) == 39 + 3  # and Crossref for the three OpenAlex does not know


def test_enrich_drops_hostile_topics(server: FixtureServer, tmp_path: Path) -> None:
    bib = tmp_path / "hostile.bib"
    bib.write_text(
        "@article{ex-hostile, title = {Example Work: Hostile Values}, year = {2020},\n"
        "  doi = {10.5555/rt.example.hostile}}\n",
        encoding="utf-8",
    )
    path = tmp_path / "enrich.json"
    assert main(["enrich", str(bib), "--data", str(path), "--no-cache"]) == 0
    topics = json.loads(path.read_text())["entries"]["ex-hostile"]["topics"]["value"]
    assert [topic["id"] for topic in topics] == ["T99104"]  # bad id, score, subfield: dropped
    assert topics[0]["display_name"].startswith('<script>alert("topic")</script>AAA')
    assert len(topics[0]["display_name"]) == 200


def _keys(bib: Path) -> list[str]:
    return re.findall(r"@article\{([^,]+),", bib.read_text(encoding="utf-8"))


def test_topics_prints_writes_and_is_deterministic(
    lab: Path, data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "topics.json"
    assert main(["topics", str(lab), "--data", str(data), "--out", str(out)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["topic", "title", "entries", "examples"]
    assert table[1].split()[:4] == ["radar-signal-processing", "Radar", "Signal", "Processing"]
    assert table[1].split()[4:] == ["8", "radar01,", "radar02,", "radar03,", "..."]
    assert table[7].startswith("(other)") and "unknown1, unknown2, unknown3, ..." in table[7]
    assert "40 entries, 6 topics at the topic level, 36 placed, 4 other" in table[8]
    assert table[9] == (
        "not known to OpenAlex (tag these by hand): unknown1, unknown2, unknown3, unknown-nodoi"
    )
    proposal = json.loads(out.read_text(encoding="utf-8"))
    assert proposal["format"] == "researchtopics-topics/1"
    for topic in proposal["topics"]:
        assert {expected(key) for key in topic["keys"]} == {topic["slug"]}
        assert re.fullmatch(r"T99\d{3}", topic["takes"][0])
    assert set(proposal["unknown"]) == UNKNOWN == set(proposal["other"])
    first = out.read_bytes()
    assert main(["topics", str(lab), "--data", str(data), "--out", str(out)]) == 0
    assert out.read_bytes() == first
    capsys.readouterr()
    assert main(["topics", str(lab), "--data", str(data), "--level", "subfield", "--min", "3"]) == 0
    assert "3 topics at the subfield level" in capsys.readouterr().out


def test_write_bib_adds_fields_and_changes_nothing_else(
    lab: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tagged = (
        "\n@article{own-tag,\n  title = {Tagged by Hand},\n  year = {2020},\n"
        "  doi = {10.5555/rt.lab.1},\n  topics = {mine},\n}\n"
        "\n@article{own-keywords,\n  title = {Keywords by Hand},\n  year = {2020},\n"
        "  doi = {10.5555/rt.lab.2},\n  keywords = {vision},\n}\n"
    )
    with open(lab, "a", encoding="utf-8", newline="") as stream:
        stream.write(tagged)
    records = json.loads(data.read_text())
    records["entries"]["own-tag"] = records["entries"]["vqa01"]
    records["entries"]["own-keywords"] = records["entries"]["vqa02"]
    data.write_text(json.dumps(records), encoding="utf-8")
    before = lab.read_text(encoding="utf-8")
    assert main(["topics", str(lab), "--data", str(data), "--write-bib"]) == 0
    after = lab.read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert len(added) == 36 and all(re.fullmatch(r"  topics = \{[a-z-]+\},", a) for a in added)
    assert "\n".join(line for line in after.split("\n") if line not in added) == before
    assert after.endswith(tagged)  # entries with tags are not touched
    err = capsys.readouterr().err
    assert f"{lab}: radar01: added topics" in err and "own-tag" not in err
    # own-tag and own-keywords share the DOIs of vqa01 and vqa02 on purpose: duplicates
    assert main(["check", str(lab), "-q", "--ignore", "duplicate_entry"]) == 0
    # run again: every entry has tags now, nothing changes
    assert main(["topics", str(lab), "--data", str(data), "--write-bib"]) == 0
    assert lab.read_text(encoding="utf-8") == after


def test_usage_errors_are_located(
    lab: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nothing.json"
    assert main(["topics", str(lab), "--data", str(missing)]) == 2
    assert f"{missing}: no such data file" in capsys.readouterr().err
    # a folder given as the data file: said so, not "no such data file"
    assert main(["topics", str(lab), "--data", str(tmp_path)]) == 2
    assert f"{tmp_path}: cannot read it: it is a folder, not a file" in capsys.readouterr().err
    assert main(["new", str(tmp_path / "s"), "--bib", str(lab), "--data", str(tmp_path)]) == 2
    assert f"{tmp_path}: cannot read it: it is a folder, not a file" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert main(["topics", str(lab), "--data", str(broken)]) == 2
    err = capsys.readouterr().err
    assert f"{broken}: WARNING: enrichment data is not valid JSON" in err
    assert "Traceback" not in err
    assert main(["topics", str(lab), "--data", str(broken), "--min", "5", "--max", "2"]) == 2
    assert "--max at least --min" in capsys.readouterr().err
    assert main(["topics", str(tmp_path / "none.bib"), "--data", str(broken)]) == 2


def _build(site: Path) -> int:
    return build_main(["-W", "-q", "-b", "html", str(site), str(site / "_build" / "html")])


def _pages(site: Path) -> dict[str, set[str]]:
    from bs4 import BeautifulSoup

    pages = {}
    for path in (site / "_build" / "html").glob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        pages[path.stem] = keys_on(page)
    return pages


def test_new_with_data_makes_the_topic_site(
    lab: Path, data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    assert main(["new", str(site), "--bib", str(lab), "--data", str(data), "--title", "Lab"]) == 0
    out = capsys.readouterr().out
    assert "40 entries, 6 topic pages" in out
    assert "4 entries have no topic and show only on the All page: unknown1" in out
    assert "topics =" not in (site / "lab.bib").read_text(encoding="utf-8")
    assert (site / "lab.bib").read_bytes() == lab.read_bytes()
    namespace: dict[str, Any] = {}
    exec(compile((site / "conf.py").read_text(), "conf.py", "exec"), namespace)
    assert namespace["researchtopics_topic_map"] == "topics.json"
    assert namespace["researchtopics_enrich_data"] == "enrich.json"
    assert _build(site) == 0
    pages = _pages(site)
    for slug in SHORT.values():
        assert pages[slug] and {expected(key) for key in pages[slug]} == {slug}
    assert len(pages["all"]) == 40 and pages["all"] >= UNKNOWN
    radar = (site / "_build" / "html" / "radar-signal-processing.html").read_text()
    assert 'class="rt-topic-nav"' in radar and "Speech and Audio Processing</a>" in radar


def test_new_enrich_in_one_command(
    server: FixtureServer, lab: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    assert main(["new", str(site), "--bib", str(lab), "--enrich", "--no-copy"]) == 0
    assert "6 topic pages" in capsys.readouterr().out
    assert (site / "enrich.json").is_file() and (site / "topics.json").is_file()
    assert _build(site) == 0


def test_new_fails_cleanly_without_usable_data(
    lab: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    assert main(["new", str(site), "--bib", str(lab), "--data", str(tmp_path / "no.json")]) == 2
    assert "no.json: no such data file" in capsys.readouterr().err
    assert not site.exists()  # nothing written
    args = ["new", str(site), "--bib", str(lab), "--data", str(lab), "--tag-bib", "--no-copy"]
    assert main(args) == 2
    assert "drop --no-copy" in capsys.readouterr().err


def test_the_map_and_tags_in_the_bib_give_the_same_pages(
    lab: Path, data: Path, tmp_path: Path
) -> None:
    mapped, tagged = tmp_path / "mapped", tmp_path / "tagged"
    assert main(["new", str(mapped), "--bib", str(lab), "--data", str(data)]) == 0
    assert main(["new", str(tagged), "--bib", str(lab), "--data", str(data), "--tag-bib"]) == 0
    assert "topics = {radar-signal-processing}" in (tagged / "lab.bib").read_text()
    assert not (tagged / "topics.json").exists()
    assert "topics =" not in (mapped / "lab.bib").read_text()
    assert _build(mapped) == 0 and _build(tagged) == 0
    assert _pages(mapped) == _pages(tagged)


@pytest.fixture
def mapped_site(lab: Path, data: Path, tmp_path: Path) -> Path:
    site = tmp_path / "site"
    assert main(["new", str(site), "--bib", str(lab), "--data", str(data)]) == 0
    with (site / "conf.py").open("a", encoding="utf-8") as stream:  # Sphinx 7.3 prints
        stream.write("show_warning_types = True\n")  # "[type.subtype]" only when asked
    return site


def test_the_finder_shows_the_proposal_titles(make_app: Any, mapped_site: Path) -> None:
    app = make_app("html", srcdir=mapped_site)
    app.build()
    assert warnings_of(app) == []
    script = soup(app, "all").select_one("script.rt-finder-data")
    facets = {facet["id"]: facet for facet in json.loads(script.string)["facets"]}
    topic = facets["topic"]
    assert topic["values"][0] == "radar-signal-processing"
    assert topic["labels"][0] == "Radar Signal Processing"
    assert set(topic["labels"]) == {
        "Radar Signal Processing",
        "Video Quality Assessment and Coding",
        "Image Denoising and Restoration",
        "Reinforcement Learning in Robotics",
        "Explainable Artificial Intelligence",
        "Speech and Audio Processing",
    }


def test_a_changed_map_rereads_the_pages_it_affects(make_app: Any, mapped_site: Path) -> None:
    tracked_build(make_app, mapped_site)
    _app, read, _written = tracked_build(make_app, mapped_site)
    assert read == set()
    path = mapped_site / "topics.json"
    proposal = json.loads(path.read_text())
    by_slug = {topic["slug"]: topic for topic in proposal["topics"]}
    by_slug["reinforcement-learning-in-robotics"]["keys"].remove("rl01")
    by_slug["explainable-artificial-intelligence"]["keys"].append("rl01")
    path.write_text(json.dumps(proposal), encoding="utf-8")
    app, read, _written = tracked_build(make_app, mapped_site)
    assert {"reinforcement-learning-in-robotics", "explainable-artificial-intelligence"} <= read
    assert "radar-signal-processing" not in read
    assert "rl01" in keys_on(soup(app, "explainable-artificial-intelligence"))
    assert "rl01" not in keys_on(soup(app, "reinforcement-learning-in-robotics"))


def test_a_new_paper_is_placed_by_what_its_topic_takes(make_app: Any, mapped_site: Path) -> None:
    with open(mapped_site / "lab.bib", "a", encoding="utf-8") as stream:
        stream.write("\n@article{radar-new,\n  title = {A New Radar Paper},\n  year = {2026},\n}\n")
    records = json.loads((mapped_site / "enrich.json").read_text())
    records["entries"]["radar-new"] = records["entries"]["radar01"]
    (mapped_site / "enrich.json").write_text(json.dumps(records), encoding="utf-8")
    app = make_app("html", srcdir=mapped_site)
    app.build()
    assert "radar-new" in keys_on(soup(app, "radar-signal-processing"))


def test_a_malformed_map_is_a_located_warning(make_app: Any, mapped_site: Path) -> None:
    (mapped_site / "topics.json").write_text("{not json", encoding="utf-8")
    app = make_app("html", srcdir=mapped_site)
    app.build()
    warnings = warnings_of(app)
    assert_warned(
        warnings, r"topics\.json: the topic map is not valid JSON.*\[researchtopics\.topic_map\]"
    )
    assert keys_on(soup(app, "radar-signal-processing")) == set()  # built, without the map
    assert len(keys_on(soup(app, "all"))) == 40


def test_hostile_titles_in_the_map_stay_text(make_app: Any, mapped_site: Path) -> None:
    path = mapped_site / "topics.json"
    proposal = json.loads(path.read_text())
    proposal["topics"][0]["title"] = '</script><script>alert("map")</script>'
    proposal["topics"][1]["slug"] = "Not A Slug"
    path.write_text(json.dumps(proposal), encoding="utf-8")
    app = make_app("html", srcdir=mapped_site)
    app.build()
    assert_warned(warnings_of(app), r"topics\.json: topic 2: slug 'Not A Slug'.*topic_map")
    html = (Path(app.outdir) / "all.html").read_text(encoding="utf-8")
    assert "<script>alert(" not in html
    script = soup(app, "all").select_one("script.rt-finder-data")
    facets = {facet["id"]: facet for facet in json.loads(script.string)["facets"]}
    assert '</script><script>alert("map")</script>' in facets["topic"]["labels"]
