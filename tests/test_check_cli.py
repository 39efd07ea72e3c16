"""``researchtopics check``: the build's problems without a build, for pre-commit and CI."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOTS, warnings_of

from sphinxcontrib_researchtopics import cli
from sphinxcontrib_researchtopics.bib.load import load_bibliography
from sphinxcontrib_researchtopics.bib.records import Problem
from sphinxcontrib_researchtopics.cli import check as checker

FAULTS = ROOTS / "test-faults"
ALFOLIO = ROOTS / "test-faults-alfolio" / "papers.bib"


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [number for number, line in enumerate(lines, start=1) if needle in line]
    return hits[occurrence - 1]


@pytest.fixture
def faults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the fault root as the working directory (paths print as given)."""
    root = tmp_path / "faults"
    shutil.copytree(FAULTS, root)
    monkeypatch.chdir(root)
    return root


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


# -- checker: pure ---------------------------------------------------------------------


def test_check_files_finds_every_problem_with_its_line(faults: Path) -> None:
    problems = checker.check_files(["faults.bib", "more.bib", "empty.bib", "missing.bib"])
    found = {(p.source, p.line, p.subtype) for p in problems}
    expected = {
        ("faults.bib", line_of(faults / "faults.bib", "The Second Title"), "duplicate_field"),
        ("faults.bib", line_of(faults / "faults.bib", "= nosuchmacro"), "undefined_macro"),
        ("faults.bib", line_of(faults / "faults.bib", "bibtex_show = true"), "undefined_macro"),
        ("faults.bib", line_of(faults / "faults.bib", "This line is stray"), "stray_text"),
        ("faults.bib", line_of(faults / "faults.bib", "{Unbalanced {Braces},"), "bib_syntax"),
        ("faults.bib", line_of(faults / "faults.bib", "@customtype{"), "entry_type"),
        ("faults.bib", line_of(faults / "faults.bib", "@article{good1,", 2), "duplicate_key"),
        ("faults.bib", line_of(faults / "faults.bib", "@misc{orphan,"), "crossref"),
        ("faults.bib", line_of(faults / "faults.bib", "{Missing Comma}"), "bib_syntax"),
        ("more.bib", line_of(faults / "more.bib", "@article{good2,"), "duplicate_key"),
        ("empty.bib", 1, "bib_syntax"),
        ("missing.bib", 0, "bib_missing"),
    }
    assert found == expected
    assert len(problems) == len(expected)
    # in the order given, then by line
    order = [p.source for p in problems]
    assert order == sorted(order, key=["faults.bib", "more.bib", "empty.bib", "missing.bib"].index)
    lines = [p.line for p in problems if p.source == "faults.bib"]
    assert lines == sorted(lines)


def test_check_counts_entries_and_files(faults: Path) -> None:
    result = checker.check(["faults.bib", "more.bib"])
    assert result.files == ("faults.bib", "more.bib")
    assert result.entry_count == 12


def test_clean_file_has_no_problems() -> None:
    assert checker.check_files([ALFOLIO]) == []


def test_format_problem() -> None:
    problem = Problem("stray_text", "text outside any entry ignored: 'x'", "a/b.bib", 7)
    assert checker.format_problem(problem) == (
        "a/b.bib:7: WARNING: text outside any entry ignored: 'x' [researchtopics.stray_text]"
    )
    assert checker.format_problem(Problem("bib_missing", "gone", "c.bib")) == (
        "c.bib: WARNING: gone [researchtopics.bib_missing]"
    )


@pytest.mark.sphinx("html", testroot="faults")
def test_check_reports_what_the_build_reports(app: Any) -> None:
    """The same problems, located the same way, as ``sphinx-build`` warns about."""
    app.build()
    # "FILE.bib:LINE: WARNING: ..." or, with no line to name, "WARNING: FILE.bib: ..."
    located = re.compile(r"([^/\s]+\.bib)(?::(\d+))?: (?:WARNING: )?.*\[researchtopics\.(\w+)\]")
    from_build = set()
    for warning in warnings_of(app):
        match = located.search(warning)
        if match:
            from_build.add((match[1], int(match[2] or 0), match[3]))
    paths = [os.path.join(app.srcdir, name) for name in app.config.researchtopics_bibfiles]
    from_check = {
        (os.path.basename(p.source), p.line, p.subtype) for p in checker.check_files(paths)
    }
    assert from_build == from_check
    assert len(from_check) >= 12


# -- the command -------------------------------------------------------------------------


def test_check_prints_sphinx_style_lines_and_exits_1(
    faults: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["check", "faults.bib", "more.bib"], capsys)
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 10
    stray = line_of(faults / "faults.bib", "This line is stray")
    assert (
        f"faults.bib:{stray}: WARNING: text outside any entry ignored: "
        "'This line is stray text between entries.' [researchtopics.stray_text]"
    ) in lines
    for line in lines:
        assert re.fullmatch(r"\S+\.bib:\d+: WARNING: .+ \[researchtopics\.[a-z_]+\]", line), line
    assert "2 files, 12 entries: 10 problems" in err


def test_check_clean_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", str(ALFOLIO)], capsys)
    assert (code, out) == (0, "")
    assert "1 file, 9 entries: no problems" in err


def test_quiet_prints_problems_only(faults: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", "--quiet", "faults.bib"], capsys)
    assert code == 1 and err == ""
    assert len(out.splitlines()) == 10  # alone, faults.bib's crossref into more.bib fails
    code, out, err = run(["check", "-q", str(ALFOLIO)], capsys)
    assert (code, out, err) == (0, "", "")


def test_ignore_is_repeatable(faults: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        [
            "check",
            "faults.bib",
            "--ignore",
            "undefined_macro",
            "--ignore",
            "researchtopics.bib_syntax",
        ],
        capsys,
    )
    assert code == 1
    assert "undefined_macro" not in out and "bib_syntax" not in out
    assert len(out.splitlines()) == 6
    everything = [
        "stray_text", "duplicate_field", "duplicate_key", "entry_type", "crossref",
        "undefined_macro", "bib_syntax",
    ]  # fmt: skip
    argv = ["check", "faults.bib"] + [arg for name in everything for arg in ("--ignore", name)]
    assert run(argv, capsys)[:2] == (0, "")


def test_unknown_subtype_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", "--ignore", "no_such_thing", str(ALFOLIO)], capsys)
    assert code == 2 and out == ""
    assert "unknown subtype 'no_such_thing'" in err and "stray_text" in err


def test_missing_and_unreadable_files_are_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "dir.bib").mkdir()
    code, out, _ = run(["check", str(tmp_path / "nope.bib"), str(tmp_path / "dir.bib")], capsys)
    assert code == 1
    assert f"{tmp_path / 'nope.bib'}: WARNING: .bib file not found" in out
    assert "[researchtopics.bib_missing]" in out
    assert f"{tmp_path / 'dir.bib'}: WARNING: cannot read" not in out  # a folder is searched
    code, out, _ = run(["check", str(tmp_path / "none-*.bib")], capsys)
    assert code == 1 and "no .bib file matches" in out


def test_folders_and_globs(faults: Path, capsys: pytest.CaptureFixture[str]) -> None:
    by_folder = checker.check(["."])
    assert set(by_folder.files) == {"faults.bib", "more.bib", "empty.bib"}
    by_glob = checker.check(["*.bib"])
    assert set(by_glob.files) == set(by_folder.files)
    assert run(["check", "."], capsys)[0] == 1


def test_cross_file_checks_need_all_files(faults: Path) -> None:
    """A crossref into another file and a key repeated across files need both files."""
    alone = {p.subtype for p in checker.check_files(["more.bib"])}
    assert "duplicate_key" not in alone
    child_alone = checker.check_files(["faults.bib"])
    assert any(p.subtype == "crossref" and "'parentproc'" in p.message for p in child_alone)
    together = checker.check_files(["faults.bib", "more.bib"])
    assert not any("'parentproc'" in p.message for p in together)


def test_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0 and "check" in out and "import" in out
    code, out, _ = run(["check", "--help"], capsys)
    assert code == 0 and "--ignore" in out and "--quiet" in out
    code, out, _ = run(["--version"], capsys)
    assert code == 0 and re.search(r"researchtopics \d", out)
    code, _, err = run([], capsys)
    assert code == 2 and "required" in err


def test_console_script_entry(tmp_path: Path) -> None:
    """``python -m sphinxcontrib_researchtopics.cli`` is the ``researchtopics`` command."""
    bib = tmp_path / "one.bib"
    bib.write_text("@misc{a, title = {A}}\nstray\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(cli.__file__).parents[2])}
    done = subprocess.run(
        [sys.executable, "-m", "sphinxcontrib_researchtopics.cli", "check", str(bib)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == (
        f"{bib}:2: WARNING: text outside any entry ignored: 'stray' [researchtopics.stray_text]\n"
    )


# -- import ----------------------------------------------------------------------


def test_importer_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["import", "--help"], capsys)
    assert code == 0 and out.startswith("usage: researchtopics import")


def test_check_reads_its_files_as_one_database(tmp_path: Path) -> None:
    """A macro of an abbreviations file listed first is defined in the files after it,
    as the build reads them: ``check`` reported an ``undefined_macro`` the build does not."""
    (tmp_path / "abbrev.bib").write_text('@string{tpami = "IEEE TPAMI"}\n', encoding="utf-8")
    lab = tmp_path / "lab.bib"
    lab.write_text("@article{a1,\n  title = {T},\n  journal = tpami,\n}\n", encoding="utf-8")
    result = checker.check([tmp_path / "abbrev.bib", lab])
    assert [p.subtype for p in result.problems] == []
    alone = checker.check([lab])
    assert [(p.subtype, p.line) for p in alone.problems] == [("undefined_macro", 3)]
    # the build's cached reader agrees (an abbreviations file is not "no entries found")
    files = [str(tmp_path / "abbrev.bib"), str(lab)]
    for _ in range(2):  # parsed, then from the cache
        loaded = load_bibliography(files, str(tmp_path), cache_dir=str(tmp_path / "cache"))
        assert list(loaded.problems) == []
        assert loaded.entries["a1"].venue[0].text == "IEEE TPAMI"
