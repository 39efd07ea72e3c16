"""``researchtopics new --openalex/--orcid/--dblp`` and ``researchtopics sync``, against the
local server replaying tests/data/authors/ (recorded formats; no test reaches the internet).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from enrich_server import FixtureServer, serving_at_once
from sphinx.cmd.build import main as build_main

from sphinxcontrib_researchtopics.bib.load import parse_file
from sphinxcontrib_researchtopics.cli import main

LAB = ["--openalex", "A9900000101", "--orcid", "0000-0002-1825-0097", "--dblp", "99/0101"]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FixtureServer]:
    with serving_at_once(monkeypatch) as fixture:
        fixture.max_per_page = 4  # the small lab spans several pages
        yield fixture


def _new(site: Path, *args: str) -> int:
    return main(["new", str(site), "--no-cache", "--title", "Example Lab", *args])


def _entries(bib: Path) -> list:
    return list(parse_file(str(bib), "topics").entries)


def test_new_from_three_authors_makes_a_site_that_builds(
    server: FixtureServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    assert _new(site, *LAB) == 0
    out = capsys.readouterr().out
    assert "25 works fetched, 4 merged as duplicates: 21 entries" in out
    # cursor paging: 11 works of Xiong at 4 a page are 3 requests, not one per work
    pages = [line for line in server.log if "author.id:A9900000101" in line]
    assert len(pages) == 3 and "cursor=%2A" in pages[0] and "cursor=c8" in pages[2]
    # DBLP's DOIs completed from OpenAlex in one batched filter request
    batched = [line for line in server.log if "filter=doi:" in line]
    assert len(batched) == 1 and batched[0].count("|") == 4

    entries = _entries(site / "publications.bib")
    assert len(entries) == 21
    dois = [pub.field("doi") for pub in entries if pub.field("doi")]
    assert len(dois) == len(set(dois))  # each work once
    by_key = {pub.key: pub for pub in entries}
    light = by_key["xiong2024light"]  # the published version, with its preprint's arXiv id
    assert light.field("doi") == "10.5555/rt.authors.1" and light.field("arxiv") == "2399.00042"
    assert not any("2399.00042" in pub.field("doi") for pub in entries)
    d3 = [pub for pub in entries if "D3" in pub.field("title")]
    assert (
        len(d3) == 1
        and d3[0].field("arxiv") == "2399.00077"
        and d3[0].entry_type == "inproceedings"
    )
    assert sum("Shared Example" in pub.field("title") for pub in entries) == 1
    hostile = by_key["xiongndlight"]  # full-width year: no year; javascript: links dropped
    assert not hostile.year and "javascript" not in hostile.field_lines
    assert "\x1b" not in hostile.field("title") and "\u202e" not in hostile.field("title")

    data = json.loads((site / "enrich.json").read_text(encoding="utf-8"))["entries"]
    assert data["xiong2024light"]["citations"]["value"] > 0
    assert data["sample2021protein"]["abstract"]["source"] == "openalex"  # DBLP + OpenAlex
    conf = (site / "conf.py").read_text(encoding="utf-8")
    for name in ("Yijia Xiong", "Josiah Carberry", "Sam Sample"):
        assert repr(name) in conf

    # The one warning is the hostile work's: without a year (its full-width digits were
    # refused) its paper page cannot give Google Scholar a date.
    log = tmp_path / "warnings.txt"
    with (site / "conf.py").open("a", encoding="utf-8") as stream:  # Sphinx 7.3: "[type]"
        stream.write("show_warning_types = True\n")  # after warnings only when asked
    argv = ["-q", "-w", str(log), "-b", "html", str(site), str(site / "_build" / "html")]
    assert build_main(argv) == 0
    warnings = log.read_text(encoding="utf-8").strip().splitlines()
    assert len(warnings) == 1 and "xiongndlight: no year" in warnings[0], warnings
    assert "[researchtopics.paper_page]" in warnings[0]
    html = site / "_build" / "html"
    page = BeautifulSoup((html / "all.html").read_text(encoding="utf-8"), "lxml")
    keys = [entry["data-rt-key"] for entry in page.select(".rt-publication[data-rt-key]")]
    assert sorted(keys) == sorted(by_key)
    text = page.get_text(" ")
    assert text.count("Example abstract of a fixture") >= 19
    assert re.search(r"Cited by \d+", text)
    assert not [a for a in page.find_all("a", href=True) if "javascript" in a["href"].lower()]
    assert not [tag for tag in page.find_all(["script", "img"]) if "alert" in str(tag.attrs)]
    topic_pages = {"light-field-imaging", "graph-neural-networks", "speech-recognition-systems"}
    topic_pages.add("protein-structure-prediction")
    for name in topic_pages:
        listed = BeautifulSoup((html / f"{name}.html").read_text(encoding="utf-8"), "lxml")
        assert len(listed.select(".rt-publication[data-rt-key]")) >= 3


def test_keys_do_not_depend_on_the_order_of_the_authors(
    server: FixtureServer, tmp_path: Path
) -> None:
    assert _new(tmp_path / "a", *LAB) == 0
    reordered = ["--dblp", "99/0101", "--orcid", "0000-0002-1825-0097", "--openalex", "A9900000101"]
    assert _new(tmp_path / "b", *reordered) == 0
    first = (tmp_path / "a" / "publications.bib").read_text(encoding="utf-8")
    second = (tmp_path / "b" / "publications.bib").read_text(encoding="utf-8")
    assert re.findall(r"@\w+\{([^,]+),", first) == re.findall(r"@\w+\{([^,]+),", second)


PREPRINT_BIB = """% the lab's own .bib
@misc{xiong2023lightpre,
  title = {Light field super-resolution with example transformers},
  author = {Xiong, Yijia and Example, Ada},
  howpublished = {arXiv},
  eprint = {2399.00042},
  archiveprefix = {arXiv},
  year = {2023},
}

@article{mine,
  title = {Speech Recognition Example 10},
  author = {Carberry, Josiah},
  journal = {Journal of Example Fixtures},
  year = {2020},
  doi = {10.5555/RT.AUTHORS.10}
}"""


def test_sync_appends_new_works_and_adds_nothing_the_second_time(
    server: FixtureServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "lab.bib"
    bib.write_bytes(PREPRINT_BIB.encode("utf-8"))  # no newline at the end
    assert main(["sync", str(bib), *LAB, "--no-cache"]) == 0
    out = capsys.readouterr().out
    after = bib.read_bytes()
    assert after.startswith(PREPRINT_BIB.encode("utf-8"))  # no existing byte touched
    entries = _entries(bib)
    keys = [pub.key for pub in entries]
    assert keys[:2] == ["xiong2023lightpre", "mine"] and len(keys) == 2 + 19
    assert "present  mine:" in out
    # the published version of the preprint: printed with the merged entry, not added
    assert f"xiong2023lightpre ({bib}:2) is a preprint of" in out
    assert "@article{xiong2023lightpre," in out and "arxiv" in out
    assert not any(pub.field("doi") == "10.5555/rt.authors.1" for pub in entries)
    assert "19 added, 1 already present, 1 published version of preprints" in out

    assert main(["sync", str(bib), *LAB, "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert bib.read_bytes() == after
    assert ": 0 added, 20 already present, 1 published version" in out
    assert main(["check", str(bib), "--ignore", "duplicate_key"]) == 0  # no duplicates


def test_sync_adds_to_the_data_file_and_keeps_crlf(server: FixtureServer, tmp_path: Path) -> None:
    bib = tmp_path / "lab.bib"
    bib.write_bytes(PREPRINT_BIB.replace("\n", "\r\n").encode("utf-8") + b"\r\n")
    data = tmp_path / "enrich.json"
    assert main(["sync", str(bib), "--dblp", "99/0101", "--data", str(data), "--no-cache"]) == 0
    text = bib.read_bytes()
    assert b"\n" not in text.replace(b"\r\n", b"")
    records = json.loads(data.read_text(encoding="utf-8"))["entries"]
    # every DBLP work with a DOI OpenAlex knows; the monograph without a DOI has no record
    assert set(records) == {f"sample202{n}protein" for n in (1, 2, 3)} | {"carberry2024protein"}
    assert records["sample2021protein"]["abstract"]["fetched"] == "2026-11-30"


def test_unknown_ids_stop_the_command_and_write_nothing(
    server: FixtureServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in (
        ["--openalex", "A9999999999"],
        ["--orcid", "0000-0001-5109-3700"],
        ["--dblp", "99/9999"],
    ):
        site = tmp_path / args[1].replace("/", "_")
        assert _new(site, "--openalex", "A9900000103", *args) == 1
        assert "unknown author id" in capsys.readouterr().err
        assert not site.exists()
    # an author with 0 works is no problem beside others; alone, there is nothing to make
    assert _new(tmp_path / "zero", "--openalex", "A9900000103") == 1
    assert "no works" in capsys.readouterr().err
    assert _new(tmp_path / "one", "--openalex", "A9900000103", "--dblp", "99/0101") == 0
    assert "OpenAlex A9900000103: Zero Works, 0 works" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--openalex", "W123"], "is not an OpenAlex author id"),
        (["--orcid", "0000-0002-1825-0098"], "is not an ORCID iD"),  # wrong check digit
        (["--dblp", "../../etc/passwd"], "is not a DBLP person id"),
        (["--openalex", "A1?x=1"], "is not an OpenAlex author id"),
    ],
)
def test_ids_of_the_wrong_shape_are_usage_errors(
    server: FixtureServer,
    tmp_path: Path,
    args: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _new(tmp_path / "site", *args) == 2
    assert message in capsys.readouterr().err
    assert main(["sync", str(tmp_path / "x.bib"), *args]) == 2
    assert message in capsys.readouterr().err
    assert server.log == []


def test_429_and_500_are_retried_and_a_failing_api_writes_nothing(
    server: FixtureServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.scripts["/openalex/works"] = [429, 500]
    assert _new(tmp_path / "site", "--openalex", "A9900000101") == 0
    assert len(_entries(tmp_path / "site" / "publications.bib")) == 10
    first_page = [line for line in server.log if line.endswith("cursor=%2A")]
    assert len(first_page) == 3  # 429, 500, then the answer
    server.scripts["/dblp/pid/99/0101.bib"] = [500] * 10
    assert _new(tmp_path / "failed", "--openalex", "A9900000101", "--dblp", "99/0101") == 1
    assert "the API failed: HTTP 500" in capsys.readouterr().err
    assert not (tmp_path / "failed").exists()


def test_a_lab_of_600_works_takes_a_handful_of_requests(
    server: FixtureServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.max_per_page = 200
    bib = tmp_path / "lab.bib"
    bib.write_text("% empty so far\n", encoding="utf-8")
    authors = ",".join(f"A98000000{number:02d}" for number in range(1, 6))
    assert main(["sync", str(bib), "--openalex", authors, "--no-cache"]) == 0
    assert "600 added" in capsys.readouterr().out
    assert len(_entries(bib)) == 600
    # 5 author lookups, then 2 + 1 + 1 + 1 + 1 pages of 200
    assert len(server.log) == 11, server.log


def test_dois_are_completed_50_at_a_time(server: FixtureServer) -> None:
    from sphinxcontrib_researchtopics.cli.authors.openalex import OpenAlex
    from sphinxcontrib_researchtopics.cli.enrich.client import Client

    server.max_per_page = 200
    openalex = OpenAlex(Client(), server.env()["RESEARCHTOPICS_OPENALEX_URL"])
    dois = [f"10.5555/rt.synth.1.{index}" for index in range(120)]
    found = openalex.works_by_doi([*dois, "10.5555/with|bar", "10.5555/with,comma"])
    assert len(found) == 120 and len(server.log) == 3
    assert all(line.count("|") <= 49 for line in server.log)


def test_sync_dry_run_writes_nothing(
    server: FixtureServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "lab.bib"
    bib.write_text(PREPRINT_BIB, encoding="utf-8")
    data = tmp_path / "enrich.json"
    args = ["sync", str(bib), "--dblp", "99/0101", "--data", str(data), "--dry-run"]
    assert main([*args, "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert "5 added" in out and "(dry run: nothing written)" in out
    assert bib.read_text(encoding="utf-8") == PREPRINT_BIB and not data.exists()
