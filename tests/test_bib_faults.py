"""Syntax and data faults of .bib files: each is a located, suppressible warning and
every other entry still renders.

Expected lines are looked up in the .bib files by the text that stands on them, so a
test names the line where the problem really is.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOTS, soup, warnings_of

from sphinxcontrib_researchtopics.config import WARNING_SUBTYPES

FAULTS = ROOTS / "test-faults"


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the *occurrence*-th line of *path* that holds *needle*."""
    found = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            found += 1
            if found == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in {path}")


def rt_warnings(app: Any) -> list[str]:
    return [line for line in warnings_of(app) if "[researchtopics." in line]


def located(file: str, line: int | None, subtype: str) -> re.Pattern[str]:
    """A warning of *file* at *line* with *subtype*."""
    if line is None:  # no line to name: the path heads the message
        head = rf"WARNING: (?:\S*/)?{re.escape(file)}: "
        return re.compile(rf"{head}.*\[researchtopics\.{subtype}\]$")
    where = rf"(?:^|/){re.escape(file)}:{line}"
    return re.compile(rf"{where}: WARNING: .*\[researchtopics\.{subtype}\]$")


def assert_warned(
    warnings: list[str], file: str, line: int | None, subtype: str, text: str
) -> None:
    pattern = located(file, line, subtype)
    hits = [w for w in warnings if pattern.search(w) and text in w]
    assert hits, f"no {subtype} warning at {file}:{line} mentioning {text!r} in:\n" + "\n".join(
        warnings
    )


#: (file, needle on the problem's line, occurrence, subtype, text of the message)
EXPECTED = [
    ("faults.bib", "title     = {The Second Title", 1, "duplicate_field", "'title'"),
    ("faults.bib", "publisher   = nosuchmacro", 1, "undefined_macro", "'nosuchmacro'"),
    ("faults.bib", "bibtex_show = true", 1, "undefined_macro", "'true'"),
    ("faults.bib", "This line is stray text", 1, "stray_text", "This line is stray"),
    ("faults.bib", "title   = {Unbalanced {Braces},", 1, "bib_syntax", "unbalanced braces"),
    ("faults.bib", "@customtype{nonstandard,", 1, "entry_type", "@customtype"),
    ("faults.bib", "@article{good1,", 2, "duplicate_key", "'good1' already defined"),
    ("faults.bib", "@misc{orphan,", 1, "crossref", "'nosuchparent'"),
    ("faults.bib", "title = {Missing Comma}", 1, "bib_syntax", "','"),
    ("more.bib", "@article{good2,", 1, "duplicate_key", "'good2' already defined at faults.bib:"),
]

#: Every key of the root, each rendered once (the first of a repeated key).
KEYS = {
    "good1": "A Correct Entry",
    "dupfield": "The First Title Wins",
    "undefmacro": "Undefined Macros Keep Their Text",
    "concat": "Concatenated Strings",
    "unbalanced": None,  # its title swallowed the next field; it renders, reported
    "nonstandard": "A Non-standard Entry Type",
    "child": "Child With a Crossref Into Another File",
    "orphan": "Crossref To Nowhere",
    "missingcomma": "Missing Comma",
    "good2": "The Last Correct Entry",
    "parentproc": "Proceedings of the Parent Conference",
    "fromsecond": "An Entry of the Second File",
}


def _entries(app: Any) -> dict[str, Any]:
    return {div["data-rt-key"]: div for div in soup(app).select("div.rt-publication")}


@pytest.mark.sphinx("html", testroot="faults")
def test_every_fault_is_a_located_warning(app: Any) -> None:
    app.build()
    warnings = rt_warnings(app)
    for file, needle, occurrence, subtype, text in EXPECTED:
        line = line_of(FAULTS / file, needle, occurrence)
        assert_warned(warnings, file, line, subtype, text)
    first_good2 = line_of(FAULTS / "faults.bib", "@article{good2,")
    second_good2 = line_of(FAULTS / "more.bib", "@article{good2,")
    assert_warned(warnings, "more.bib", second_good2, "duplicate_key", f"faults.bib:{first_good2};")
    assert_warned(warnings, "empty.bib", 1, "bib_syntax", "empty")
    assert_warned(warnings, "missing.bib", None, "bib_missing", "'missing.bib'")
    # Nothing else: correct entries, @string concatenation, month macros and a
    # crossref into another file are not problems.
    assert len(warnings) == len(EXPECTED) + 2, "\n".join(warnings)
    assert not [w for w in warnings if "concat" in w or "child" in w or "month" in w]


@pytest.mark.sphinx("html", testroot="faults")
def test_every_other_entry_renders(app: Any) -> None:
    app.build()
    entries = _entries(app)
    assert len(soup(app).select("div.rt-publication")) == len(KEYS)
    assert set(entries) == set(KEYS)
    for key, title in KEYS.items():
        text = entries[key].select_one(".rt-title").get_text()
        if title is not None:
            assert text == title, key
            assert not re.search(r"[\\{}]", text), key
    venue = {key: div.select_one(".rt-venue") for key, div in entries.items()}
    assert venue["concat"].get_text() == "Vision Lab, University of Tests, 2018"
    assert venue["child"].get_text() == "Proceedings of the Parent Conference, 2013"
    assert venue["undefmacro"].get_text() == "nosuchmacro, 2019"
    assert venue["good1"].get_text() == "Journal of Tests, 2020"
    assert entries["good1"].select_one(".rt-authors").get_text() == "Jane Doe, Richard Roe"
    assert "Repeated Key" not in soup(app).get_text()


SUBTYPES_OF_ROOT = sorted({row[3] for row in EXPECTED} | {"bib_missing"})


@pytest.mark.sphinx(
    "html",
    testroot="faults",
    confoverrides={"suppress_warnings": [f"researchtopics.{name}" for name in SUBTYPES_OF_ROOT]},
)
def test_each_subtype_is_suppressible(app: Any) -> None:
    app.build()
    assert set(SUBTYPES_OF_ROOT) <= set(WARNING_SUBTYPES)
    assert rt_warnings(app) == []
    assert len(_entries(app)) == len(KEYS)


@pytest.mark.sphinx("html", testroot="faults")
def test_bib_warnings_name_the_bib_file_exactly(app: Any) -> None:
    app.build()
    bib_warnings = [w for w in rt_warnings(app) if ".bib" in w]
    assert bib_warnings
    for warning in bib_warnings:
        assert re.match(r"^(\S+\.bib:\d+: WARNING: |WARNING: \S+\.bib: )", warning), warning


# -- bytes: BOM, Latin-1, NUL bytes, binary garbage, a file that cannot be read ----------


def _write_encoding_faults(srcdir: Path) -> dict[str, int]:
    """Write the files; return the line of each file's first problem."""
    (srcdir / "bom.bib").write_bytes(
        b"\xef\xbb\xbf@misc{bomentry,\n  title = {Starts With a Byte Order Mark},\n}\n"
    )
    (srcdir / "latin1.bib").write_bytes(
        b"@misc{latin1entry,\n  title = {Saved as Latin-1},\n"
        b"  author = {M\xfcller, J\xfcrgen},\n}\n"
    )
    (srcdir / "nul.bib").write_bytes(
        b"@misc{nulentry,\n  title = {Before the Garbage},\n}\n\n\x00\x01\x02\x00binary\n"
    )
    noise = random.Random(7).randbytes(3000).replace(b"@", b"#")
    (srcdir / "garbage.bib").write_bytes(b"\x00" + noise)
    (srcdir / "unreadable.bib").mkdir()  # exists, but reading it fails
    return {"latin1.bib": 3, "nul.bib": 5, "garbage.bib": 1}


def test_encoding_faults(make_app: Any, tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-faults-encoding", srcdir)
    lines = _write_encoding_faults(srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = rt_warnings(app)
    assert not [w for w in warnings if "bom.bib" in w], "a BOM is not a problem"
    assert_warned(warnings, "latin1.bib", lines["latin1.bib"], "bib_encoding", "Latin-1")
    assert_warned(warnings, "nul.bib", lines["nul.bib"], "bib_encoding", "binary")
    assert_warned(warnings, "garbage.bib", lines["garbage.bib"], "bib_encoding", "")
    # a folder named .bib is never opened: its own subtype (it was bib_missing)
    assert_warned(warnings, "unreadable.bib", None, "bib_not_file", "cannot read: it is a folder")
    entries = _entries(app)
    assert set(entries) == {"bomentry", "latin1entry", "nulentry"}
    assert entries["bomentry"].select_one(".rt-title").get_text() == (
        "Starts With a Byte Order Mark"
    )
    assert entries["latin1entry"].select_one(".rt-authors").get_text() == "Jürgen Müller"
    for warning in warnings:
        if "unreadable.bib" not in warning:
            assert re.search(r"\.bib:\d+: WARNING", warning), warning


# -- biblatex data and names, read without a build -------------------------------------

BIBLATEX = b"""@article{bl,
  title       = {The Full Title},
  shorttitle  = {Short},
  journaltitle = {Journal of Biblatex},
  date        = {2020-05},
  eprint      = {2101.00001},
  eprinttype  = {arxiv},
  langid      = {english},
  author      = {von Neumann, Jr, John and {Acme Corporation}
                 and Doe, J.* and Roe\\textdagger and others},
}
@inproceedings{range,
  title = {A Range of Dates},
  booktitle = {Conference},
  date = {2019-11-30/2019-12-02},
}
@set{both, entryset = {bl,range}}
"""


def test_biblatex_fields_and_names() -> None:
    from sphinxcontrib_researchtopics.bib.load import parse_file

    result = parse_file("biblatex.bib", "topics", BIBLATEX)
    assert result.problems == ()
    entries = {publication.key: publication for publication in result.entries}
    assert set(entries) == {"bl", "range", "both"}
    bl = entries["bl"]
    assert "".join(s.text for s in bl.venue) == "Journal of Biblatex"
    assert (bl.year, bl.month) == ("2020", 5)
    assert [(link.kind, link.url) for link in bl.links] == [
        ("arxiv", "https://arxiv.org/abs/2101.00001")
    ]
    assert [(p.display, p.marker, p.others) for p in bl.authors] == [
        ("John von Neumann, Jr", "", False),
        ("Acme Corporation", "", False),
        ("J. Doe", "*", False),
        ("Roe", "†", False),
        ("et al.", "", True),
    ]
    assert (entries["range"].year, entries["range"].month) == ("2019", 11)


FIELD_FAULTS = b"""@misc{first,
  title = {Fine},
  year = {2020},
}

@misc{links,
  title = {Bad links},
  year = {2021},
  PDF  =  {javascript:alert(1)},
  url_Demo = {data:text/html,x},
}

@misc{dates,
  title = {Bad date},
  month = {Smarch},
}

@misc{oneline, url = {javascript:x}, title = {One line}}

@misc{shared,
  title = {Two fields, one line},
  note = {a, video = b}, arxiv = {javascript:y},
  abstract = {Text {with braces},
    slides = c}, video = {javascript:z}, title = {Again}
}

@misc(parens, title = {P},
  note = {x}, url = {javascript:p})
"""


def test_field_problems_point_at_the_field_line() -> None:
    from sphinxcontrib_researchtopics.bib.load import parse_file

    result = parse_file("fields.bib", "topics", FIELD_FAULTS)
    located = {(p.subtype, p.message.split(":")[0], p.field, p.line) for p in result.problems}
    assert located == {
        ("unsafe_url", "links", "pdf", 9),  # found whatever its case
        ("unsafe_url", "links", "url_Demo", 10),
        ("field_value", "dates", "month", 15),
        ("unsafe_url", "oneline", "url", 18),  # on the entry's own line: that line
        ("unsafe_url", "shared", "arxiv", 22),  # after another field on its line
        ("unsafe_url", "shared", "video", 24),  # not the "video =" inside the note
        ("duplicate_field", "entry 'shared' has a duplicate 'title' field; the first is kept",
         "", 24),  # after another field on its line
        ("unsafe_url", "parens", "url", 28),  # @misc(...): fields outside any brace
    }
