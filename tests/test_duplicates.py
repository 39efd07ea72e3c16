"""One work under two keys: detection (pure), keys, the ``check`` and build warnings."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx.cmd.build import main as build_main

from sphinxcontrib_researchtopics.bib.duplicates import Identity, groups, surname
from sphinxcontrib_researchtopics.bib.load import parse_file
from sphinxcontrib_researchtopics.bib.works import (
    Work,
    ascii_year,
    base_key,
    make_keys,
    merge_works,
)
from sphinxcontrib_researchtopics.cli import main
from sphinxcontrib_researchtopics.cli.authors.dblp import work_of
from sphinxcontrib_researchtopics.cli.authors.openalex import read_work

BIB = """@article{xiong2024light,
  title = {Light Field Super-Resolution with Example Transformers},
  author = {Xiong, Yijia and Example, Ada},
  journal = {Journal of Example Fixtures},
  year = {2024},
  doi = {10.5555/rt.authors.1},
}

@misc{xiong2023pre,
  title = {Light field super-resolution with example {T}ransformers},
  author = {Yijia Xiong},
  howpublished = {arXiv preprint arXiv:2399.00042},
  year = {2023},
}

@article{other,
  title = {Light Field Super-Resolution with Example Transformers},
  author = {Nobody, Else},
  journal = {Journal of Example Fixtures},
  year = {2024},
}

@inproceedings{twice-doi,
  title = {Something Else Entirely},
  author = {Carberry, Josiah},
  booktitle = {Example Conference},
  year = {2020},
  doi = {https://doi.org/10.5555/RT.AUTHORS.1},
}

@article{short1,
  title = {Preface},
  author = {Carberry, Josiah},
  journal = {J},
  year = {2020},
}

@article{short2,
  title = {Preface},
  author = {Carberry, Josiah},
  journal = {J},
  year = {2021},
}
"""


def test_check_warns_duplicate_entry_with_both_places(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "lab.bib"
    bib.write_text(BIB, encoding="utf-8")
    assert main(["check", str(bib)]) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if "duplicate_entry" in line]
    assert len(lines) == 2, lines
    assert lines[0].startswith(
        f"{bib}:9: WARNING: 'xiong2023pre' ({bib}:9) and 'xiong2024light' ({bib}:1)"
    )
    assert "same title and an author in common" in lines[0]
    assert "keep 'xiong2024light' with arxiv = {2399.00042}" in lines[0]
    assert lines[1].startswith(f"{bib}:23: WARNING: 'twice-doi' ({bib}:23) and 'xiong2024light'")
    assert "same DOI 10.5555/rt.authors.1" in lines[1]
    assert main(["check", str(bib), "--ignore", "duplicate_entry"]) == 0


@pytest.mark.parametrize("mode", ["warn", None])
def test_the_build_warns_only_when_asked(tmp_path: Path, mode: str | None) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "lab.bib").write_text(BIB, encoding="utf-8")
    conf = [
        'extensions = ["sphinxcontrib_researchtopics"]',
        'researchtopics_bibfiles = ["lab.bib"]',
        "show_warning_types = True",  # Sphinx 7.3 prints "[type.subtype]" only when asked
    ]
    if mode:
        conf.append(f"researchtopics_duplicates = {mode!r}")
    (src / "conf.py").write_text("\n".join(conf) + "\n", encoding="utf-8")
    (src / "index.rst").write_text("Lab\n===\n\n.. publications::\n", encoding="utf-8")
    warnings = tmp_path / "warnings.txt"
    build_main(["-q", "-b", "html", "-w", str(warnings), str(src), str(tmp_path / "out")])
    text = warnings.read_text(encoding="utf-8")
    found = [line for line in text.splitlines() if "duplicate_entry" in line]
    if mode:
        assert len(found) == 2 and "lab.bib:9:" in found[0] and "lab.bib:1)" in found[0]
    else:
        assert found == []


def _identity(title: str, *names: str, doi: str = "", arxiv: str = "", pre: bool = False):
    return Identity(title, frozenset(names), doi, arxiv, pre)


def test_groups_by_doi_arxiv_or_title_with_a_common_author() -> None:
    items = [
        _identity("a b c", "xiong"),
        _identity("a b c", "other"),  # same title, no author in common
        _identity("x y z", "carberry", arxiv="2399.00042", pre=True),
        _identity("x y z w", "someone", arxiv="2399.00042"),
        _identity("a b c", "example", "xiong"),
        _identity("p", "q", doi="10.1/x"),
        _identity("r", "s", doi="10.1/x"),
        _identity("preface", "carberry"),
        _identity("preface", "carberry"),  # one word: too common to match on
    ]
    assert groups(items) == [[0, 4], [2, 3], [5, 6]]


def test_grouping_is_linear_in_copies() -> None:
    items = [_identity("one title of many words", "xiong", f"n{index}") for index in range(50_000)]
    start = time.perf_counter()
    found = groups(items)
    assert time.perf_counter() - start < 3.0
    assert len(found) == 1 and len(found[0]) == 50_000


def _work(title: str, year: int | None, doi: str = "", *authors: str, **extra: object) -> Work:
    return Work(title=title, authors=authors or ("Yijia Xiong",), year=year, doi=doi, **extra)  # type: ignore[arg-type]


WORKS = [
    _work("Light Fields Now", 2024, "10.5555/a"),
    _work("Light Fields Again", 2024, "10.5555/b"),
    _work("Light Fields Again and Again", 2024, "10.5555/c"),
    _work("The Graph Paper", 2021, "10.5555/d", "Bo Example"),
    _work("Light Fields Now", 2023, "", arxiv="2399.00001", preprint=True),
]


def test_keys_are_readable_and_colliding_ones_are_told_apart_by_identity() -> None:
    works = merge_works(WORKS)
    assert len(works) == 4  # the preprint merged into its published version
    keys = dict(zip([work.doi for work in works], make_keys(works), strict=True))
    assert keys["10.5555/d"] == "example2021graph"
    light = [keys[doi] for doi in ("10.5555/a", "10.5555/b", "10.5555/c")]
    assert all(
        key.startswith("xiong2024light") and len(key) == len("xiong2024light") + 2 for key in light
    )
    assert len(set(light)) == 3
    merged = next(work for work in works if work.doi == "10.5555/a")
    assert merged.arxiv == "2399.00001"
    taken = make_keys([WORKS[3]], taken=["Example2021Graph"])
    assert taken[0] != "example2021graph" and taken[0].startswith("example2021graph")


@settings(max_examples=30, deadline=None)
@given(st.permutations(WORKS))
def test_keys_do_not_depend_on_arrival_order(works: list[Work]) -> None:
    merged = merge_works(works)
    expected = merge_works(WORKS)
    assert dict(zip(map(repr, merged), make_keys(merged), strict=True)) == dict(
        zip(map(repr, expected), make_keys(expected), strict=True)
    )


def test_ascii_years_only() -> None:
    assert ascii_year(2024) == ascii_year("2024") == 2024
    for value in ("\uff12\uff10\uff12\uff14", "٢٠٢٤", True, "2024-01", 99999, None, "20 24"):
        assert ascii_year(value) is None


def test_surnames_drop_dblp_homonym_numbers() -> None:
    assert surname("Wei Wang 0001") == surname("Wang, Wei") == "wang"
    assert base_key(_work("À l'Écoute", 2020, "", "José Müller")) == "muller2020lecoute"


def test_openalex_work_values_are_checked() -> None:
    raw = {
        "id": "https://openalex.org/W1",
        "title": "A\x00 title\u202e" + "x" * 5000,
        "publication_year": "\uff12\uff10\uff12\uff14",
        "publication_date": "2024-13-01",
        "doi": "javascript:alert(1)",
        "primary_location": {"landing_page_url": "javascript:alert(1)", "source": None},
        "best_oa_location": {"pdf_url": "data:text/html,x"},
        "authorships": [{"author": {"display_name": "Ada\x1b[31m Example"}}] * 2000,
        "cited_by_count": -5,
        "abstract_inverted_index": {"<script>": [0]},
    }
    work = read_work(raw, "2026-11-30")
    assert work is not None
    assert work.year is None and work.month == 0 and work.doi == "" and work.url == ""
    assert work.pdf == "" and work.citations is None
    assert len(work.title) == 1000 and "\x00" not in work.title and "\u202e" not in work.title
    assert len(work.authors) == 1000 and "\x1b" not in work.authors[0]
    assert work.abstract == "<script>"  # text: the build escapes it
    assert read_work({"id": "javascript:1", "title": "x"}, "") is None
    assert read_work(["not", "a", "work"], "") is None


def test_dblp_entries_become_works(tmp_path: Path) -> None:
    bib = tmp_path / "dblp.bib"
    bib.write_text(
        "@article{DBLP:x, author = {Wei Wang 0001 and Ada Example}, title = {A {CoRR} Paper.},"
        " journal = {CoRR}, volume = {abs/2399.00077}, eprinttype = {arXiv},"
        " eprint = {2399.00077}, year = {2022}, url = {javascript:alert(1)}}\n",
        encoding="utf-8",
    )
    (pub,) = parse_file(str(bib), "topics").entries
    work = work_of(pub, "2026-11-30")
    assert work is not None
    assert work.authors == ("Wei Wang", "Ada Example") and work.title == "A CoRR Paper"
    assert work.preprint and work.arxiv == "2399.00077" and work.url == ""
    assert work.entry_type == "misc" and work.venue == "arXiv"
