"""Hostile .bib input for the pure layer (issue 12): every keyed entry is read, once,
with its text as written, and nothing a file holds makes the build fail.

Each test names the defect it guards; each fails on the code before its fix.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from sphinxcontrib_researchtopics.bib.load import parse_file
from sphinxcontrib_researchtopics.bib.scan import decode_bib, parse_bib_text

THREE = "@misc{a, title={A}}\n\n@misc{b,\n  title={B},\n  month={Smarch}}\n@misc{c, title={C}}\n"


def keys(text: str) -> list[str]:
    return [entry.key for entry in parse_bib_text(text, "x.bib")[0]]


def subtypes(text: str) -> list[str]:
    return [problem.subtype for problem in parse_bib_text(text, "x.bib")[1]]


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
