"""``--write-bib``: new fields go in, and not one other byte of the file changes."""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest
from enrich_server import DATA, FixtureServer, serving
from hypothesis import given
from hypothesis import strategies as st

from sphinxcontrib_researchtopics.bib.latex import to_text
from sphinxcontrib_researchtopics.bib.scan import parse_bib_text
from sphinxcontrib_researchtopics.cli import main
from sphinxcontrib_researchtopics.cli.enrich import client as client_module
from sphinxcontrib_researchtopics.cli.enrich.writebib import bib_value, edit_text


def only_insertions(old: str, new: str) -> list[str]:
    """The inserted pieces; fails if anything of *old* was changed or removed."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    pieces = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        assert tag in ("equal", "insert"), (tag, old[i1:i2], new[j1:j2])
        if tag == "insert":
            pieces.append(new[j1:j2])
    return pieces


def fields_of(text: str, key: str) -> dict[str, str]:
    raws, _ = parse_bib_text(text, "x.bib")
    raw = next(raw for raw in raws if raw.key == key)
    return {name.lower(): value for name, value in raw.fields}


LAYOUTS = {
    "trailing comma": "@article{k,\n  title = {T},\n  year = 2020,\n}\n",
    "no trailing comma": "@article{k,\n  title = {T},\n  year = {2020}\n}\n",
    "tabs": "@article{k,\n\ttitle = {T},\n\tyear = {2020},\n}\n",
    "crlf": "@article{k,\r\n  title = {T},\r\n  year = {2020},\r\n}\r\n",
    "one line": "@misc{k, title = {T}}",
    "parentheses": "@article(k,\n  title = {T},\n  note = {a (b) c}\n)\n",
    "brace on last line": "@article{k,\n  title = {T},\n  year = {2020}}\n",
    "quoted value": '@article{k,\n  title = "A {B} c",\n  year = 2020\n}\n',
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_fields_are_only_inserted(layout: str) -> None:
    old = LAYOUTS[layout]
    new, added, skipped = edit_text(old, {"k": (1, [("doi", "10.5555/x"), ("abstract", "A & B")])})
    assert added == {"k": ["doi", "abstract"]} and skipped == {}
    pieces = only_insertions(old, new)
    assert "10.5555/x" in "".join(pieces)
    fields = fields_of(new, "k")
    assert fields["doi"] == "10.5555/x" and to_text(fields["abstract"]) == "A & B"
    assert fields["title"] in ("T", "A {B} c")
    if "\r\n" in old:
        assert "\n" not in new.replace("\r\n", "")


def test_a_whole_file_keeps_comments_strings_and_other_entries() -> None:
    old = (
        "% a comment {with braces\n"
        "@string{conf = {Example Conference}}\n\n"
        "@comment{ @article{fake, title={not an entry}} }\n"
        "@inproceedings{a,\n    title = {First},\n    booktitle = conf,\n}\n"
        "stray text between entries\n"
        "@article{b,\n  title = {Second},   % trailing\n  year = 2021\n}\n"
        "@article{c,\n  title = {Third},\n}\n"
    )
    lines = {raw.key: raw.line for raw in parse_bib_text(old, "x.bib")[0]}
    abstract = "{odd} 100% $x$ a_b \\ ~^#"
    new, added, _ = edit_text(
        old,
        {"a": (lines["a"], [("doi", "10.5555/a")]), "c": (lines["c"], [("abstract", abstract)])},
    )
    assert added == {"a": ["doi"], "c": ["abstract"]}
    assert len(only_insertions(old, new)) == 2
    assert "    doi = {10.5555/a},\n}" in new  # the entry's own indentation
    assert to_text(fields_of(new, "c")["abstract"]) == "{odd} 100% $x$ a_b \\ ~^#"
    assert fields_of(new, "b") == fields_of(old, "b")


def test_an_entry_not_where_it_is_said_to_be_is_left_alone() -> None:
    old = "@article{k,\n  title = {T}\n}\n"
    new, added, skipped = edit_text(old, {"k": (2, [("doi", "10.5555/x")])})
    assert new == old and added == {} and "not found" in skipped["k"]
    unbalanced = "@article{k,\n  title = {T\n@article{m, title={M}}\n"
    new, added, skipped = edit_text(unbalanced, {"k": (1, [("doi", "10.5555/x")])})
    assert new == unbalanced and "k" in skipped


def test_values_that_cannot_be_written_verbatim_are_not_written() -> None:
    assert bib_value("doi", "10.5555/a}b") is None
    assert bib_value("pdf", "https://example.org/a b.pdf") is None
    assert bib_value("abstract", "   ") is None
    assert bib_value("abstract", "a{b}c") == "a\\{b\\}c"
    assert bib_value("abstract", "a}b{c") is None  # BibTeX would read a brace too many


text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="-`'\"<>!?"),
    min_size=1,
    max_size=60,
).filter(lambda value: value.strip() == value and "  " not in value)


@given(text)
def test_any_abstract_reads_back_as_written(abstract: str) -> None:
    old = "@article{k,\n  title = {T},\n}\n"
    new, added, _ = edit_text(old, {"k": (1, [("abstract", abstract)])})
    if bib_value("abstract", abstract) is None:  # unbalanced braces: never written
        assert new == old and added == {}
        return
    assert added == {"k": ["abstract"]}
    only_insertions(old, new)
    assert to_text(fields_of(new, "k")["abstract"]) == " ".join(abstract.split())


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(client_module, "_sleep", lambda seconds: None)
    with serving(monkeypatch) as fixture:
        yield fixture


def test_write_bib_command_is_byte_exact_and_idempotent(
    server: FixtureServer, tmp_path: Path
) -> None:
    bib = tmp_path / "example.bib"
    shutil.copy(DATA / "example.bib", bib)
    old = bib.read_text(encoding="utf-8")
    assert main(["enrich", str(bib), "--write-bib", "--search"]) == 0
    new = bib.read_text(encoding="utf-8")
    only_insertions(old, new)
    doi = fields_of(new, "ex-doi")
    assert doi["pdf"] == "https://repository.example.org/rt-example-1.pdf"
    assert to_text(doi["abstract"]).startswith("This abstract is example data")
    assert "doi" not in fields_of(new, "ex-search") or fields_of(new, "ex-search")["doi"]
    assert fields_of(new, "ex-crossref")["doi"] == "10.5555/rt.example.3"
    has = fields_of(new, "ex-has-abstract")
    assert has["abstract"] == fields_of(old, "ex-has-abstract")["abstract"]  # kept, not doubled
    assert fields_of(new, "ex-ambiguous") == fields_of(old, "ex-ambiguous")
    assert not (tmp_path / "enrich.json").exists()  # --write-bib alone writes no data file
    # a second run finds nothing missing: the file does not change
    assert main(["enrich", str(bib), "--write-bib", "--search"]) == 0
    assert bib.read_text(encoding="utf-8") == new
    assert json.dumps(new)  # still text
