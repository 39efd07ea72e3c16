"""The per-entry parse cache: one edited entry is the only one parsed again; a corrupt,
foreign or missing store only costs a full parse; results equal a parse without cache."""

from __future__ import annotations

import glob
import os
import pickle
from pathlib import Path

import pytest
from conftest import ROOTS

from sphinxcontrib_researchtopics.bib import entrycache, make
from sphinxcontrib_researchtopics.bib import load as bibdata

HERE = Path(__file__).resolve().parent
REAL = sorted(
    path  # regular files (a hostile root holds a folder named folder.bib)
    for path in glob.glob(str(ROOTS / "*" / "*.bib"))
    + glob.glob(str(HERE.parent / "docs/papers/*.bib"))
    if os.path.isfile(path)
)

BIB = """\
@string{tp = "TPAMI"}

@article{a, title = {Alpha}, author = {Ann Aa}, journal = tp, year = {2024}}

@article{b, title = {Beta}, author = {Bob Bb}, journal = {TIP}, year = {2023}, month = {13}}

@article{c, title = {Gamma}, author = {Cid Cc}, journal = {TIP}, year = {2022}, crossref = {a}}
"""


def parse(data: bytes, cache: Path, path: str = "/x/refs.bib") -> tuple[object, ...]:
    return entrycache.parse_with_store(path, "topics", data, str(cache), "v")


def full(data: bytes, path: str = "/x/refs.bib") -> tuple[object, ...]:
    result = bibdata.parse_file(path, "topics", data)
    return result.entries, result.problems, result.crossrefs


def parsed_by(data: bytes, cache: Path) -> tuple[int, tuple[object, ...]]:
    stats = bibdata.ParseStats()
    result = entrycache.parse_with_store("/x/refs.bib", "topics", data, str(cache), "v", stats)
    return stats.entries, result


@pytest.mark.parametrize("path", REAL, ids=lambda p: Path(p).parent.name + "/" + Path(p).name)
def test_cold_and_warm_results_equal_a_full_parse(path: str, tmp_path: Path) -> None:
    data = Path(path).read_bytes()
    expected = bibdata.parse_file(path, "topics", data)
    for _ in range(2):  # cold, then from the store
        entries, problems, crossrefs = parse(data, tmp_path, path)
        assert entries == expected.entries
        assert problems == expected.problems
        assert crossrefs == expected.crossrefs


def test_one_edited_entry_is_the_only_one_parsed(tmp_path: Path) -> None:
    data = BIB.encode()
    count, _ = parsed_by(data, tmp_path)
    assert count == 3
    count, _ = parsed_by(data, tmp_path)
    assert count == 0
    edited = data.replace(b"{Beta}", b"{Beta, revised}")
    count, result = parsed_by(edited, tmp_path)
    assert count == 1
    assert result == full(edited)


def test_an_entry_moved_down_keeps_its_record_with_new_lines(tmp_path: Path) -> None:
    parse(BIB.encode(), tmp_path)
    moved = ("% a comment\n\n\n" + BIB).encode()
    count, result = parsed_by(moved, tmp_path)
    assert count == 0
    assert result == full(moved)  # lines (of entries and of problems) shifted


def test_a_string_macro_edit_reparses_the_entries_after_it(tmp_path: Path) -> None:
    parse(BIB.encode(), tmp_path)
    edited = BIB.replace('"TPAMI"', '"T-PAMI"').encode()
    count, result = parsed_by(edited, tmp_path)
    assert count == 3
    assert result == full(edited)
    assert result[0][0].venue[0].text == "T-PAMI"  # type: ignore[index]


def test_removed_and_added_entries(tmp_path: Path) -> None:
    parse(BIB.encode(), tmp_path)
    edited = BIB.replace("@article{b", "@article{d").encode()
    count, result = parsed_by(edited, tmp_path)
    assert count == 1
    assert result == full(edited)


def _store(cache: Path) -> Path:
    (store,) = cache.glob("entries-*.pickle")
    return store


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not a pickle at all",
        pickle.dumps(("999", {}))[:-3],  # truncated
        pickle.dumps(("999", {})),  # another version
        pickle.dumps({"a": 1}),  # another shape
        pickle.dumps((entrycache.STORE_VERSION, ["not", "a", "dict"])),
    ],
    ids=["empty", "garbage", "truncated", "version", "shape", "inner-shape"],
)
def test_a_corrupt_store_is_a_miss_and_is_rewritten(content: bytes, tmp_path: Path) -> None:
    data = BIB.encode()
    parse(data, tmp_path)
    _store(tmp_path).write_bytes(content)
    count, result = parsed_by(data, tmp_path)
    assert count == 3
    assert result == full(data)
    count, _ = parsed_by(data, tmp_path)
    assert count == 0, "the store was written again"


def test_a_missing_or_unwritable_cache_folder_only_costs_the_cache(tmp_path: Path) -> None:
    data = BIB.encode()
    missing = tmp_path / "not" / "yet"
    count, result = parsed_by(data, missing)
    assert count == 3 and result == full(data)
    assert _store(missing).is_file()
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    count, result = parsed_by(data, blocked)  # cannot make a folder there
    assert count == 3 and result == full(data)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only folders")
def test_a_read_only_cache_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        count, result = parsed_by(BIB.encode(), folder)
        assert count == 3 and result == full(BIB.encode())
    finally:
        folder.chmod(0o700)


def test_load_bibliography_goes_through_the_store(tmp_path: Path) -> None:
    """A changed file (a content-cache miss) in load_bibliography parses one entry."""
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    cache = tmp_path / "cache"
    bibdata.load_bibliography([str(bib)], "/", cache_dir=str(cache))
    bib.write_text(BIB.replace("{Gamma}", "{Gamma 2}"), encoding="utf-8")
    os.utime(bib, ns=(0, 10**18))
    stats = bibdata.ParseStats()
    loaded = bibdata.load_bibliography([str(bib)], "/", cache_dir=str(cache), stats=stats)
    assert stats.entries == 1
    assert loaded.entries["c"].title[0].text == "Gamma 2"
    # the crossref is resolved as before (c inherits from a)
    assert loaded.entries["c"].field("crossref") == "a"


@pytest.mark.parametrize("path", REAL, ids=lambda p: Path(p).parent.name + "/" + Path(p).name)
def test_a_cold_parse_keeps_its_records_and_stores_the_same(path: str, tmp_path: Path) -> None:
    """A cold parse hands over the records it made (no unpickling); the blobs the caches
    keep give the same records, and a pickled pending record carries only its blob."""
    data = Path(path).read_bytes()
    expected = bibdata.parse_file(path, "topics", data)
    pending, _, _ = entrycache.parse_lazily(path, "topics", data, str(tmp_path), "v")
    assert all(entry.made is not None for entry in pending)
    assert tuple(entry.load() for entry in pending) == expected.entries
    assert tuple(pickle.loads(entry.blob) for entry in pending) == expected.entries
    copies = pickle.loads(pickle.dumps(pending))
    assert copies == pending and all(copy.made is None for copy in copies)
    assert tuple(copy.load() for copy in copies) == expected.entries
    warm, _, _ = entrycache.parse_lazily(path, "topics", data, str(tmp_path), "v")
    assert warm == pending and all(entry.made is None for entry in warm)


def test_a_record_made_in_a_later_file_moves_to_its_order(tmp_path: Path) -> None:
    """Merged after another file, a record kept as made gets its order as a blob would."""
    first, second = tmp_path / "a.bib", tmp_path / "b.bib"
    first.write_text("@misc{x, title = {X}}\n", encoding="utf-8")
    second.write_text(BIB, encoding="utf-8")
    paths = [str(first), str(second)]
    cold = bibdata.load_bibliography(paths, "/", cache_dir=str(tmp_path / "cache"))
    plain = bibdata.load_bibliography(paths, "/", cache_dir="")
    assert [cold.entries[key].order for key in cold.entries] == [0, 1, 2, 3]
    assert dict(cold.entries) == dict(plain.entries)
    assert cold.problems == plain.problems


def test_entry_digests_tell_entries_apart() -> None:
    """The digest joins type, key and fields by NUL; a NUL inside a value (never in a
    decoded .bib, but a RawEntry may be made elsewhere) cannot make two entries one."""
    from sphinxcontrib_researchtopics.bib.scan import RawEntry

    def digest(*fields: tuple[str, str]) -> str:
        return make._digest(RawEntry("article", "k", fields, 1))

    one = digest(("title", "a\0b"), ("year", "1"))
    two = digest(("title", "a"), ("b", "year\x001"))
    assert len({one, two, digest(("title", "a"), ("b", "year"))}) == 3
    assert digest(("title", "x")) == digest(("title", "x"))
    assert digest(("title", "x")) != digest(("title", "y"))
    assert digest(("title", "x")) != make._digest(RawEntry("misc", "k", (("title", "x"),), 1))
