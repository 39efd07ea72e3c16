"""The parse cache, and the fast scanner against pybtex's.

* A rebuild with unchanged .bib files parses nothing, even with ``-E`` or a deleted build
  folder (the cache lives in the user cache folder, keyed by content).
* A cached load is much cheaper than a parse (a loose ratio: speed targets live in
  ``benchmarks/``, never in tests).
* The fast scanner gives exactly what pybtex's scanner gives, problems included.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sphinxcontrib_researchtopics.bib import load as bibdata
from sphinxcontrib_researchtopics.bib import scan as bibparse
from sphinxcontrib_researchtopics.bib.scan import decode_bib, parse_bib_text
from sphinxcontrib_researchtopics.bib.version import code_hash
from sphinxcontrib_researchtopics.sphinxext.state import get_state

ROOT = Path(__file__).parent / "roots" / "test-perf-split"
DOCS = Path(__file__).resolve().parents[1] / "docs" / "papers"
TEXLIVE = Path("/usr/share/texlive/texmf-dist/bibtex/bib")


# -- the cache across builds --------------------------------------------------------------


def test_a_rebuild_parses_nothing(tmp_path: Path, make_app: Callable[..., Any]) -> None:
    src = tmp_path / "site"
    shutil.copytree(ROOT, src)
    app = make_app("html", srcdir=src)
    app.build()
    assert get_state(app.env).parse_stats.files == 1
    # -E, and a deleted build folder, in a new process: still nothing to parse.
    shutil.rmtree(src / "_build")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build(force_all=True)
    assert get_state(app.env).parse_stats.files == 0
    assert (Path(app.outdir) / "all.html").read_text(encoding="utf-8").count(
        'class="rt-publication"'
    ) == 240


BOTH = ["a.bib", "b.bib"]


def test_an_edit_parses_only_the_edited_file(tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    (tmp_path / "a.bib").write_text("@misc{a, title = {A}}\n", encoding="utf-8")
    (tmp_path / "b.bib").write_text("@misc{b, title = {B}}\n", encoding="utf-8")
    stats = bibdata.ParseStats()
    first = bibdata.load_bibliography(BOTH, str(tmp_path), cache_dir=cache, stats=stats)
    assert stats.files == 2
    again = bibdata.load_bibliography(BOTH, str(tmp_path), cache_dir=cache, stats=stats)
    assert stats.files == 2
    assert again == first
    (tmp_path / "b.bib").write_text("@misc{b, title = {B, edited}}\n", encoding="utf-8")
    edited = bibdata.load_bibliography(BOTH, str(tmp_path), cache_dir=cache, stats=stats)
    assert stats.files == 3
    assert edited.entries["b"].title[0].text == "B, edited"
    assert edited.entries["a"] == first.entries["a"]


def test_moved_file_same_content_hits_the_cache(tmp_path: Path) -> None:
    """Keyed by content: a fresh checkout (new mtimes) still hits."""
    cache = str(tmp_path / "cache")
    (tmp_path / "a.bib").write_text("@misc{a, title = {A}}\n", encoding="utf-8")
    bibdata.load_bibliography(["a.bib"], str(tmp_path), cache_dir=cache)
    stats = bibdata.ParseStats()
    (tmp_path / "a.bib").touch()
    bibdata.load_bibliography(["a.bib"], str(tmp_path), cache_dir=cache, stats=stats)
    assert stats.files == 0


def test_no_cache_dir_parses_every_time(tmp_path: Path) -> None:
    (tmp_path / "a.bib").write_text("@misc{a, title = {A}}\n", encoding="utf-8")
    stats = bibdata.ParseStats()
    bibdata.load_bibliography(["a.bib"], str(tmp_path), cache_dir="", stats=stats)
    bibdata.load_bibliography(["a.bib"], str(tmp_path), cache_dir="", stats=stats)
    assert stats.files == 2


def test_a_corrupt_cache_file_is_parsed_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (tmp_path / "a.bib").write_text("@misc{a, title = {A}}\n", encoding="utf-8")
    bibdata.load_bibliography(["a.bib"], str(tmp_path), cache_dir=str(cache))
    for path in cache.glob("*.pickle"):
        path.write_bytes(b"not a pickle")
    stats = bibdata.ParseStats()
    again = bibdata.load_bibliography(["a.bib"], str(tmp_path), "topics", str(cache), stats)
    assert stats.files == 1
    assert again.entries["a"].title[0].text == "A"


def test_the_cache_key_names_the_code() -> None:
    """Records made by other code (an upgrade) are never served from the cache."""
    version = code_hash()
    assert len(version) == 16
    assert version == code_hash()


# -- a cached load is cheap ----------------------------------------------------------------


def big_bib(count: int) -> str:
    """*count* entries that look like a real lab's: LaTeX, macros, links, abstracts."""
    rng = random.Random(10000)
    words = ["deep", "video", "light", "field", "spectral", "network", "robust", "real-world"]
    out = ['@string{cvpr = "Computer Vision and Pattern Recognition"}\n']
    for number in range(count):
        title = " ".join(rng.choice(words) for _ in range(8))
        abstract = " ".join(rng.choice(words) for _ in range(40))
        out.append(
            f"@inproceedings{{key{number},\n"
            f"  title = {{{{{title.title()}}}: {title} with $O(n)$ cost}},\n"
            f'  author = {{M{{\\"u}}ller, Hans and Xiong, Zhiwei and Author{number}, A.}},\n'
            f"  booktitle = cvpr,\n  year = {2000 + number % 25},\n  month = jun,\n"
            f"  pdf = {{https://example.org/{number}.pdf}},\n  doi = {{10.1000/{number}}},\n"
            f"  abstract = {{{abstract} --- \\emph{{done}}.}},\n"
            "}\n"
        )
    return "\n".join(out)


def test_a_cached_10000_entry_file_loads_without_parsing(tmp_path: Path) -> None:
    # How much cheaper the load is, is measured by benchmarks/cache.py, not here.
    path = tmp_path / "big.bib"
    path.write_text(big_bib(10_000), encoding="utf-8")
    cache = str(tmp_path / "cache")
    stats = bibdata.ParseStats()
    parsed = bibdata.load_file(str(path), "topics", cache, stats)
    assert stats.files == 1
    assert len(parsed.pending) == 10_000  # records still pickled, unpickled on use
    cached = bibdata.load_file(str(path), "topics", cache, stats)
    assert stats.files == 1
    assert cached == parsed and cached is not parsed


# -- the fast scanner gives what pybtex's gives ----------------------------------------------


def both(text: str) -> tuple[Any, Any]:
    fast = parse_bib_text(text, "x.bib")
    original = bibparse.fast_scan
    try:
        bibparse.fast_scan = lambda chunk, macros: None  # type: ignore[assignment]
        reference = parse_bib_text(text, "x.bib")
    finally:
        bibparse.fast_scan = original
    return fast, reference


def real_files() -> list[Path]:
    files = sorted(DOCS.glob("*.bib")) + sorted(ROOT.glob("*.bib"))
    files += sorted((Path(__file__).parent / "roots").rglob("*.bib"))
    files += sorted((Path(__file__).parent / "data" / "realworld").glob("*.bib"))
    for name in ("tugboat.bib", "texgraph.bib", "biblatex-examples.bib", "xampl.bib"):
        files += sorted(TEXLIVE.rglob(name))[:1] if TEXLIVE.is_dir() else []
    return [path for path in dict.fromkeys(files) if path.is_file()]  # not folder.bib


@pytest.mark.parametrize("path", real_files(), ids=lambda path: path.name)
def test_fast_scanner_matches_pybtex_on_real_files(path: Path) -> None:
    text, _ = decode_bib(path.read_bytes(), str(path))
    fast, reference = both(text)
    assert fast == reference


def test_the_alfolio_file_and_a_texlive_file_are_covered() -> None:
    names = {path.name for path in real_files()}
    assert "alfolio_papers.bib" in names
    assert "xampl.bib" in names and "biblatex-examples.bib" in names


TRICKY = [
    '@article{a, title = "A {B} c", year = 2020, month = jan}',
    "@article(a, title = {x}, note = {with ) paren})",
    '@string{foo = "Foo"} @misc{a, journal = foo # " and " # {Bar}}',
    "@misc{a, title = {unbalanced {brace}, year = 2020}\n@misc{b, title = {B}}",
    '@misc{a, title = "unbalanced } in quotes"}',
    "@misc{a, title = {A} year = {2020}}",
    "@misc{a, journal = undefinedmacro}",
    "@misc{a, title = {A},, , year = 1}",
    "@misc{a,}",
    "@misc{a}",
    "@misc{, title = {no key}}",
    "@comment{anything at all} @misc{a, title = {A}}",
    '@preamble{ "\\newcommand{\\x}{y}" } @misc{a, title = {A}}',
    "@misc{a, title = {A}, title = {again}}",
    "@misc{a, title = {" + "{" * 120 + "deep" + "}" * 120 + "}}",
    "@misc{a, title = {A}",
    "@misc{a, title = {A}, year = 2020abc}",
    '@misc{a, title = "A" # }',
    "@misc{a, tItLe = {Case}, URL = {https://x.org/a_b}}",
    "@misc{a, title = {tab\tand\nnew line}, year = {  2020 }}",
    "@MISC { a , title = { spaced } , }",
    "@misc{a, title = {A}}  stray text\n@misc{b, title = {B}}",
    "@misc{a, author = {{\\'E}mile Zola and others}, title = {\\emph{x} $y$}}",
    "@misc{a-b:c/d.e, title = {odd key}}",
    "@misc{a, num = 12 # 34}",
    "@misc{a, title = {ümlaut}, ключ = {non-ascii name}}",
    # braces nested one deep are read by one match; deeper ones, quotes and "#" are not
    '@misc{a, title = "A {"quoted"} b", note = {x {y} z {w}}, year = 1}',
    "@misc{a, title = {A {B {C}} d}, note = {{}{}}}",
    '@misc{a, title = {A {B} c} # " tail", note = "{x}" # {y}}',
    '@misc{a, title = "A {B} c, note = {n}}',
    "@misc{a, title = {A {B} c, note = {n}}",
]


@pytest.mark.parametrize("text", TRICKY)
def test_fast_scanner_matches_pybtex_on_tricky_input(text: str) -> None:
    fast, reference = both(text)
    assert fast == reference


def test_fast_scanner_matches_pybtex_on_random_mutations() -> None:
    """Random cuts and insertions of special characters into a valid file."""
    base = (DOCS / "lab.bib").read_text(encoding="utf-8")
    rng = random.Random(7)
    for _ in range(200):
        text = list(base)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(text))
            if rng.random() < 0.3:
                del text[at : at + rng.randint(1, 20)]
            else:
                text.insert(at, rng.choice('{}"#,=@() \n%'))
        mutated = "".join(text)
        fast, reference = both(mutated)
        assert fast == reference, mutated
