"""Hostile .bib input for the pure layer (issue 12): every keyed entry is read, once,
with its text as written, and nothing a file holds makes the build fail.

Each test names the defect it guards; each fails on the code before its fix.
"""

from __future__ import annotations

import codecs
import pickle
import random
from pathlib import Path

import pytest

from sphinxcontrib_researchtopics.bib import load as bibdata
from sphinxcontrib_researchtopics.bib.filters import compile_filter
from sphinxcontrib_researchtopics.bib.latex import to_text
from sphinxcontrib_researchtopics.bib.links import extract_links
from sphinxcontrib_researchtopics.bib.load import FileResult, merge_files, parse_file
from sphinxcontrib_researchtopics.bib.order import DEFAULT_SORT, sort_publications
from sphinxcontrib_researchtopics.bib.records import plain
from sphinxcontrib_researchtopics.bib.scan import decode_bib, parse_bib_text
from sphinxcontrib_researchtopics.cli.check import check

THREE = "@misc{a, title={A}}\n\n@misc{b,\n  title={B},\n  month={Smarch}}\n@misc{c, title={C}}\n"


def keys(text: str) -> list[str]:
    return [entry.key for entry in parse_bib_text(text, "x.bib")[0]]


def subtypes(text: str) -> list[str]:
    return [problem.subtype for problem in parse_bib_text(text, "x.bib")[1]]


def parse_text(text: str) -> FileResult:
    return parse_file("x.bib", "topics", text.encode())


def parse_bytes(tmp_path: Path, data: bytes) -> tuple[list[str], list[tuple[str, int]]]:
    path = tmp_path / "x.bib"
    path.write_bytes(data)
    result = parse_file(str(path), "topics")
    return [e.key for e in result.entries], [(p.subtype, p.line) for p in result.problems]


# -- 1: line endings ---------------------------------------------------------------------


def test_cr_only_line_endings_keep_every_entry_and_lines(tmp_path: Path) -> None:
    for newline in ("\r", "\r\n"):
        found, problems = parse_bytes(tmp_path, THREE.replace("\n", newline).encode())
        assert found == ["a", "b", "c"], newline
        assert ("field_value", 5) in problems, (newline, problems)  # month on line 5


# -- 2: two entries on one line ----------------------------------------------------------


def test_two_entries_on_one_line_are_both_read() -> None:
    text = "@misc{a, title={A}} @misc{b, title={B}}\n@misc{c, title={C}}@misc{d, title={D}}"
    assert keys(text) == ["a", "b", "c", "d"]
    assert subtypes(text) == []


# -- 3: @comment -------------------------------------------------------------------------


def test_comments_are_silent_in_any_case_and_delimiter() -> None:
    text = (
        "@misc{a, title={A}}\n"
        "@Comment{jabref-meta: databaseType:bibtex;}\n"
        "@COMMENT(jabref-meta: saveOrderConfig:specified;year;true;)\n"
        "@comment{grouping:\n0 AllEntriesGroup:;\n1 StaticGroup:Mine\\;0\\;1\\;;\n}\n"
        "@comment this line is a comment too\n"
        "@misc{b, title={B}}\n"
    )
    assert keys(text) == ["a", "b"]
    assert subtypes(text) == []


# -- 4: a line starting with @ inside a value --------------------------------------------


def test_at_sign_at_a_line_start_inside_a_value_is_text() -> None:
    text = (
        "@article{a,\n  title = {A},\n  abstract = {We study\n@Twitter (now X) and\n"
        "@misc{fake, posts} at scale.},\n  year = 2020\n}\n@misc{b, title={B}}\n"
    )
    entries, problems = parse_bib_text(text, "x.bib")
    assert [e.key for e in entries] == ["a", "b"]
    assert problems == []
    fields = dict(entries[0].fields)
    assert "@Twitter (now X)" in fields["abstract"] and fields["year"] == "2020"


def test_an_unclosed_entry_still_costs_only_itself() -> None:
    text = "@article{broken,\n  title = {Unbalanced {braces},\n  year = 2020\n}\n"
    text += "@misc{b, title={B}}\n"
    assert keys(text)[-1] == "b"
    assert "bib_syntax" in subtypes(text)


def test_commented_out_entries_stay_out() -> None:
    assert keys("% @misc{old, title={Old}}\n@misc{new, title={New}}\n") == ["new"]


# -- 5: byte-order marks -----------------------------------------------------------------


def test_utf16_and_utf8_boms_are_decoded(tmp_path: Path) -> None:
    text = "@misc{first, title={Schr\u00f6dinger \u2013 \u00e9t\u00e9}}\n"
    text += "@misc{second,\n month={x}}\n"
    for bom, encoding in (
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ):
        data = bom + text.encode(encoding)
        decoded, problems = decode_bib(data, "x.bib")
        assert decoded == text and problems == [], encoding
        found, located = parse_bytes(tmp_path, data)
        assert found == ["first", "second"], encoding
        assert located == [("field_value", 3)], encoding


# -- 6: crossref inherits the parent's fields as written ---------------------------------

CROSSREF = r"""@proceedings{conf,
  title = {Proc. of {IEEE} \$5 and \$10 \& 50\% Off},
  publisher = {{IEEE} \& Sons},
  year = 2020
}
@inproceedings{child, title = {Child}, crossref = {conf}}
"""


def test_crossref_inherits_fields_as_written() -> None:
    bib = merge_files([parse_text(CROSSREF)], [], "topics")
    child = bib.entries["child"]
    assert not any(seg.style == "math" for seg in child.venue), child.venue
    assert plain(child.venue) == "Proc. of IEEE $5 and $10 & 50% Off"
    assert r"booktitle = {Proc. of {IEEE} \$5 and \$10 \& 50\% Off}" in child.bibtex
    assert r"publisher = {{IEEE} \& Sons}" in child.bibtex


# -- 8: years that are not plain years ---------------------------------------------------

YEARS = """@misc{suffix, title={A},
  year = {1999b}}
@misc{range, title={B},
  year = {2020--2021}}
@misc{baddate, title={C},
  date = {2021-13}}
@misc{recent, title={D}, year = 2024}
@misc{press, title={E}, year = {in press}}
"""


def test_odd_years_warn_and_sort_by_the_year_they_name() -> None:
    result = parse_text(YEARS)
    nums = {entry.key: entry.year_num for entry in result.entries}
    assert nums == {"suffix": 1999, "range": 2020, "baddate": 2021, "recent": 2024, "press": None}
    found = {(p.subtype, p.message.split(":")[0], p.line) for p in result.problems}
    assert found == {
        ("field_value", "suffix", 2),
        ("field_value", "range", 4),
        ("field_value", "baddate", 6),
    }
    ordered = sort_publications(result.entries, DEFAULT_SORT)
    assert [entry.key for entry in ordered] == ["press", "recent", "baddate", "range", "suffix"]


# -- 9: keys that differ only in case ----------------------------------------------------


def test_keys_differing_in_case_warn_and_both_render() -> None:
    text = "@misc{Key, title={A}}\n@misc{KEY, title={B}}\n@misc{other, title={C}}\n"
    bib = merge_files([parse_text(text)], [], "topics")
    assert list(bib.entries) == ["Key", "KEY", "other"]
    assert [(p.subtype, p.line) for p in bib.problems] == [("key_case", 2)]


def test_filter_reads_url_label_fields_in_any_case() -> None:
    text = "@misc{a, title={A}, url_Demo = {https://demo.example}}\n@misc{b, title={B}}\n"
    entries = parse_text(text).entries
    for expr in ("url_Demo", "url_demo", "URL_DEMO"):
        chosen = [e.key for e in entries if compile_filter(f"{expr} != ''")(e)]
        assert chosen == ["a"], expr


# -- 10: a relative cache dir is relative to the conf dir --------------------------------


def test_relative_cache_dir_is_resolved_against_the_conf_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "a.bib").write_text("@misc{a, title={A}}\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    bib = bibdata.load_bibliography(["a.bib"], str(conf), cache_dir="_cache")
    assert list(bib.entries) == ["a"]
    assert list((conf / "_cache").glob("*.pickle"))
    assert not (elsewhere / "_cache").exists()


# -- 13: a damaged cache entry is a miss -------------------------------------------------


def _damaged(data: bytes) -> list[bytes]:
    protocol = bytearray(data)
    protocol[1] = 0xFF  # the protocol byte: "unsupported pickle protocol"
    rng = random.Random(12)
    return [
        bytes(protocol),
        data[: len(data) // 2],
        bytes(rng.randrange(256) for _ in range(200)),
        b"",
        pickle.dumps({"not": "a FileResult"}),
        pickle.dumps(bibdata.FileResult("x.bib", ("not a record",), ())),  # type: ignore[arg-type]
    ]


def test_any_damaged_cache_file_is_parsed_again_and_rewritten(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (tmp_path / "a.bib").write_text("@misc{a, title = {A}}\n", encoding="utf-8")
    bibdata.load_bibliography(["a.bib"], str(tmp_path), cache_dir=str(cache))
    # the whole-file cache (the per-entry store beside it has its own tests)
    (entry,) = [path for path in cache.glob("*.pickle") if not path.name.startswith("entries-")]
    good = entry.read_bytes()
    for damaged in _damaged(good):
        entry.write_bytes(damaged)
        stats = bibdata.ParseStats()
        again = bibdata.load_bibliography(["a.bib"], str(tmp_path), "topics", str(cache), stats)
        assert stats.files == 1, damaged[:20]
        assert plain(again.entries["a"].title) == "A"
        assert isinstance(pickle.loads(entry.read_bytes()), bibdata.FileResult)
    assert not list(cache.glob("*.tmp"))


# -- 7: text-mode symbols, and a warning for a command that prints nothing ---------------


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"5\,\textmu m", "5 µm"),
        (r"3\texttimes 4", "3\u00d74"),
        (r"10\texteuro{} or 10\euro", "10€ or 10€"),
        (r"\textquotedbl quoted\textquotedbl", '"quoted"'),
        (r"x\textasciicircum 2", "x^2"),
        (r"\textonehalf{} cup", "½ cup"),
        (r"\textdollar 5", "$5"),
        (r"Be\ng{} and \NG", "Beŋ and Ŋ"),
        (r"\dh\DH\th\TH\o\O\ae\AE\ss", "ðÐþÞøØæÆß"),
        (r"20\textdegree C, \textpm", "20°C, ±"),
    ],
)
def test_text_mode_symbols_print(latex: str, text: str) -> None:
    assert to_text(latex) == text


def test_an_unknown_command_is_warned_at_its_field() -> None:
    text = "@misc{a,\n  title = {A \\foo{B} \\textmu C},\n  note = {\\bar}}\n"
    result = parse_text(text)
    assert plain(result.entries[0].title) == "A B µC"
    found = sorted((p.subtype, p.field, p.line, p.message) for p in result.problems)
    assert found == [
        ("latex_command", "note", 3, "a: unknown LaTeX command \\bar in note is dropped"),
        ("latex_command", "title", 2, "a: unknown LaTeX command \\foo in title is dropped"),
    ]


def test_unrendered_fields_are_not_checked_for_commands() -> None:
    text = "@misc{a, title = {A}, file = {:C\\:\\\\Users\\\\paper.pdf:PDF}}\n"
    assert parse_text(text).problems == ()


# -- 11: a symlink loop under a checked folder -------------------------------------------


def test_check_reads_each_file_once_through_a_symlink_loop(tmp_path: Path) -> None:
    folder = tmp_path / "bib"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.bib").write_text("@misc{a, title={A}}\n", encoding="utf-8")
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "same.bib").symlink_to(folder / "sub" / "a.bib")
    result = check([folder])
    assert len(result.files) == 1, result.files
    assert list(result.bibliography.entries) == ["a"]
    assert result.problems == ()


def test_check_of_a_folder_without_bib_files_says_so(tmp_path: Path) -> None:
    result = check([tmp_path])
    assert [p.subtype for p in result.problems] == ["bib_missing"]


# -- 12: a host name without a scheme ----------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "citeseer.nj.nec.com/article/x.html",
        "www.example.org",
        "example.com",
        "github.com/lab/code",
        "www.uni-x.de/~me/paper.pdf",
    ],
)
def test_a_host_without_scheme_is_warned_and_not_a_local_link(value: str) -> None:
    for field in ("url", "url_Slides"):
        links, problems = extract_links({field: value})
        assert links == (), (field, links)
        assert [(p[0], p[1]) for p in problems] == [("url_no_scheme", field)]
        assert f"https://{value}" in problems[0][2]


@pytest.mark.parametrize(
    "value", ["paper.pdf", "files/paper.pdf", "notes.md", "v1.0/paper.pdf", "index.html#x"]
)
def test_local_files_stay_local_links(value: str) -> None:
    links, problems = extract_links({"pdf": value})
    assert problems == () and links and links[0].local, (links, problems)


def test_the_no_scheme_warning_is_at_the_field_line() -> None:
    text = "@misc{a,\n  title={A},\n  url = {citeseer.nj.nec.com/a.html}}\n"
    result = parse_text(text)
    assert [(p.subtype, p.line) for p in result.problems] == [("url_no_scheme", 3)]
    assert result.entries[0].links == ()
