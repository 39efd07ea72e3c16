"""The pure side of enrichment: inverted index -> text, ids from fields, the data file."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinxcontrib_researchtopics.bib import enrich_data as ed

try:
    import pyalex
except ImportError:  # the enrich extra is not installed
    pyalex = None
from sphinxcontrib_researchtopics.bib.records import Publication, Segment

# ------------------------------------------------------------------ inverted index


def index_of(text: str) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for position, word in enumerate(text.split()):
        index.setdefault(word, []).append(position)
    return index


def test_inverted_index_keeps_order_repeats_and_punctuation() -> None:
    index = {
        "learning,": [3],
        "Deep": [0],
        "deep": [2],
        "is": [1],
        "fun.": [5],
        "and": [4, 7],
        "(really)": [6],
        "again!": [8],
    }
    text = "Deep is deep learning, and fun. (really) and again!"
    assert ed.abstract_from_inverted_index(index) == text


def test_inverted_index_positions_out_of_order_and_gaps() -> None:
    # positions listed in any order; a missing position leaves no double space
    index = {"c": [4], "a": [0], "b": [2, 1]}
    assert ed.abstract_from_inverted_index(index) == "a b b c"


@pytest.mark.parametrize(
    "index",
    [None, [], "text", 5, {"a": "0"}, {"a": [-1]}, {"a": [True]}, {"a": [1.5]}, {3: [0]}],
)
def test_inverted_index_of_the_wrong_shape_gives_no_text(index: object) -> None:
    assert ed.abstract_from_inverted_index(index) == ""


def test_inverted_index_skips_bad_members_keeps_good_ones() -> None:
    index = {"good": [0], "bad": ["x"], "also": [1], "worse": None}
    assert ed.abstract_from_inverted_index(index) == "good also"


words = st.lists(
    st.text(st.characters(blacklist_categories=("Z", "C")), min_size=1, max_size=8),
    min_size=1,
    max_size=40,
)


@given(words)
def test_inverted_index_round_trip(tokens: list[str]) -> None:
    text = " ".join(tokens)
    assert ed.abstract_from_inverted_index(index_of(text)) == text


@pytest.mark.skipif(pyalex is None, reason="pyalex is not installed")
@given(words)
def test_inverted_index_agrees_with_pyalex(tokens: list[str]) -> None:
    assert pyalex is not None
    index = index_of(" ".join(tokens))
    assert ed.abstract_from_inverted_index(index) == pyalex.invert_abstract(index)


# ------------------------------------------------------------------ identifiers


@pytest.mark.parametrize(
    ("fields", "doi"),
    [
        ({"doi": "10.1000/xyz123"}, "10.1000/xyz123"),
        ({"doi": "10.1000/XYZ.123"}, "10.1000/xyz.123"),
        ({"doi": "doi:10.1000/xyz"}, "10.1000/xyz"),
        ({"doi": "DOI: 10.1000/xyz"}, "10.1000/xyz"),
        ({"doi": "https://doi.org/10.1000/xyz"}, "10.1000/xyz"),
        ({"doi": "http://dx.doi.org/10.1000/xyz"}, "10.1000/xyz"),
        ({"doi": "https://www.doi.org/10.1000/xyz"}, "10.1000/xyz"),
        ({"doi": "{10.1000/a\\_b}"}, "10.1000/a_b"),
        ({"doi": "\\url{https://doi.org/10.1000/xyz}"}, "10.1000/xyz"),
        ({"doi": "10.1000/xyz."}, "10.1000/xyz"),
        ({"doi": "https://doi.org/10.1000%2Fxyz"}, "10.1000/xyz"),
        (
            {"doi": "10.1002/(SICI)1097-0258(19980815)17:15"},
            "10.1002/(sici)1097-0258(19980815)17:15",
        ),
        ({"url": "https://doi.org/10.1000/xyz"}, "10.1000/xyz"),
        ({"url": "https://dl.acm.org/doi/10.1145/1234567.7654321"}, "10.1145/1234567.7654321"),
        ({"url": "https://onlinelibrary.wiley.com/doi/abs/10.1002/abc.1"}, "10.1002/abc.1"),
        ({"pdf": "https://dl.acm.org/doi/pdf/10.1145/1.2?download=true"}, "10.1145/1.2"),
        ({"doi": "10.1000/first", "url": "https://doi.org/10.1000/second"}, "10.1000/first"),
        ({"doi": "not a doi", "url": "https://doi.org/10.1000/xyz"}, "10.1000/xyz"),
        ({"doi": "not a doi"}, None),
        ({"doi": "11.1000/xyz"}, None),
        ({"url": "https://example.org/10.1000/xyz"}, None),
        ({}, None),
    ],
)
def test_doi_from_every_field_form(fields: dict[str, str], doi: str | None) -> None:
    assert ed.extract_doi(fields) == doi


@pytest.mark.parametrize(
    ("fields", "arxiv"),
    [
        ({"arxiv": "2101.00001"}, "2101.00001"),
        ({"arxiv": "arXiv:2101.00001v3"}, "2101.00001"),
        ({"arxiv": "https://arxiv.org/abs/2101.00001"}, "2101.00001"),
        ({"eprint": "2101.00001", "archiveprefix": "arXiv"}, "2101.00001"),
        ({"eprint": "2101.00001", "eprinttype": "arxiv"}, "2101.00001"),
        ({"eprint": "hep-th/9901001", "archiveprefix": "{arXiv}"}, "hep-th/9901001"),
        ({"eprint": "math.AG/0309136v2", "eprinttype": "arXiv"}, "math.AG/0309136"),
        ({"eprint": "arXiv:1501.00001"}, "1501.00001"),
        ({"eprint": "1501.00001"}, "1501.00001"),
        ({"eprint": "hep-th/9901001"}, None),  # old style without a declared prefix
        ({"eprint": "12345678", "archiveprefix": "PubMed"}, None),
        ({"url": "https://arxiv.org/abs/2101.00001v2"}, "2101.00001"),
        ({"url": "http://arxiv.org/pdf/2101.00001v2.pdf"}, "2101.00001"),
        ({"url": "https://export.arxiv.org/abs/hep-th/9901001"}, "hep-th/9901001"),
        ({"url": "https://www.arxiv.org/pdf/2101.00001"}, "2101.00001"),
        ({"pdf": "\\url{https://arxiv.org/pdf/2101.00001}"}, "2101.00001"),
        ({"doi": "10.48550/arXiv.2101.00001"}, "2101.00001"),
        ({"journal": "arXiv preprint arXiv:2101.00001"}, "2101.00001"),
        ({"note": "arXiv: 2101.00001"}, "2101.00001"),
        ({"url": "https://example.org/abs/2101.00001"}, None),
        ({"journal": "Journal of arXiv Studies"}, None),
        ({}, None),
    ],
)
def test_arxiv_id_from_every_field_form(fields: dict[str, str], arxiv: str | None) -> None:
    assert ed.extract_arxiv(fields) == arxiv


# ------------------------------------------------------------------ data file


def sourced(value: object, source: str = "openalex", fetched: str = "2026-11-30") -> dict:
    return {"value": value, "source": source, "fetched": fetched}


def test_data_file_round_trip_is_byte_stable() -> None:
    data = {
        "b": {"citations": ed.Sourced(3, "openalex", "2026-11-30")},
        "a": {
            "doi": ed.Sourced("10.5555/x", "crossref", "2026-11-29"),
            "abstract": ed.Sourced("Text é ☃", "arxiv", "2026-11-28"),
        },
    }
    text = ed.dump_data(data)
    parsed, problems = ed.parse_data(json.loads(text))
    assert problems == []
    assert parsed == data
    assert ed.dump_data(parsed) == text
    assert text.index('"a"') < text.index('"b"')  # sorted
    assert "☃" in text  # readable diffs: not \u escapes


@pytest.mark.parametrize(
    ("field", "item", "reason"),
    [
        ("pdf", sourced("javascript:alert(1)"), "invalid value"),
        ("pdf", sourced("JaVaScRiPt:alert(1)"), "invalid value"),
        ("pdf", sourced("data:text/html,<script>"), "invalid value"),
        ("pdf", sourced("mailto:a@example.org"), "invalid value"),
        ("pdf", sourced("../../etc/passwd"), "invalid value"),
        ("citations", sourced(-1), "invalid value"),
        ("citations", sourced(True), "invalid value"),
        ("citations", sourced("12"), "invalid value"),
        ("doi", sourced("not a doi"), "invalid value"),
        ("doi", sourced("javascript:alert(1)//10.1000/x"), "invalid value"),
        ("abstract", sourced(""), "invalid value"),
        ("abstract", sourced("x", source="scholar"), "unknown source"),
        ("abstract", sourced("x", fetched="yesterday"), "not a YYYY-MM-DD"),
        ("abstract", "just text", "not an object"),
        ("colour", sourced("red"), "unknown field"),
    ],
)
def test_hostile_values_are_dropped_and_reported(field: str, item: object, reason: str) -> None:
    raw = {"format": ed.FORMAT, "entries": {"k": {"openalex": sourced("W1"), field: item}}}
    data, problems = ed.parse_data(raw, "enrich.json")
    assert data == {"k": {"openalex": ed.Sourced("W1", "openalex", "2026-11-30")}}
    assert [p.subtype for p in problems] == ["enrich_data"]
    assert reason in problems[0].message and problems[0].source == "enrich.json"


def test_safe_pdf_url_is_kept() -> None:
    raw = {"format": ed.FORMAT, "entries": {"k": {"pdf": sourced("HTTPS://example.org/a.pdf")}}}
    data, problems = ed.parse_data(raw)
    assert problems == [] and data["k"]["pdf"].value == "https://example.org/a.pdf"


def test_abstract_control_characters_and_length_are_tamed() -> None:
    raw = {
        "format": ed.FORMAT,
        "entries": {"k": {"abstract": sourced("a\x00b\n\nc" + "x" * 30000)}},
    }
    data, _ = ed.parse_data(raw)
    text = str(data["k"]["abstract"].value)
    assert text.startswith("a b c") and len(text) == ed.MAX_ABSTRACT


@pytest.mark.parametrize(
    "text", ["", "not json", "[]", '{"entries": {}}', '{"format": "other/1", "entries": {}}']
)
def test_a_file_that_is_not_a_data_file_is_one_problem(tmp_path: Path, text: str) -> None:
    path = tmp_path / "enrich.json"
    path.write_text(text, encoding="utf-8")
    data, problems = ed.load_data(path)
    assert data == {} and len(problems) == 1 and problems[0].subtype == "enrich_data"


def test_missing_file_is_a_problem(tmp_path: Path) -> None:
    data, problems = ed.load_data(tmp_path / "nope.json")
    assert data == {} and "cannot read" in problems[0].message


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "enrich.json"
    path.write_text("old", encoding="utf-8")

    def fail(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        ed.write_data(path, {"k": {"citations": ed.Sourced(1, "openalex", "2026-11-30")}})
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["enrich.json"]  # no temporary left


# ------------------------------------------------------------------ merging


PUB = Publication(key="k", entry_type="article", digest="d0")


def test_enrichment_fills_a_missing_abstract_and_sets_the_count() -> None:
    fields = {
        "abstract": ed.Sourced("<b>text</b>", "openalex", "2026-11-30"),
        "citations": ed.Sourced(12, "openalex", "2026-11-30"),
    }
    pub = ed.enrich_publication(PUB, fields)
    assert pub.abstract == (Segment("<b>text</b>"),) and pub.abstract_source == "openalex"
    assert (pub.citations, pub.citations_date, pub.citations_source) == (
        12,
        "2026-11-30",
        "openalex",
    )
    assert pub.digest != PUB.digest


def test_enrichment_never_replaces_the_bib_abstract() -> None:
    own = replace(PUB, abstract=(Segment("mine"),))
    pub = ed.enrich_publication(own, {"abstract": ed.Sourced("theirs", "arxiv", "2026-11-30")})
    assert pub is own


def test_digest_follows_the_count() -> None:
    one = ed.enrich_publication(PUB, {"citations": ed.Sourced(1, "openalex", "2026-11-30")})
    two = ed.enrich_publication(PUB, {"citations": ed.Sourced(2, "openalex", "2026-11-30")})
    again = ed.enrich_publication(PUB, {"citations": ed.Sourced(1, "openalex", "2026-11-30")})
    assert one.digest != two.digest and one.digest == again.digest
