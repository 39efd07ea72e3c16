"""``researchtopics new``: a site that builds with ``-W`` at once, from real .bib files."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

from sphinxcontrib_researchtopics.cli import main

ROOT = Path(__file__).resolve().parents[1]
ALFOLIO = Path(__file__).parent / "roots" / "test-faults-alfolio" / "papers.bib"
LAB = ROOT / "docs" / "papers" / "lab.bib"


def _build(site: Path) -> int:
    return build_main(["-W", "-q", "-b", "html", str(site), str(site / "_build" / "html")])


@pytest.mark.parametrize("bib", [ALFOLIO, LAB], ids=["alfolio", "lab"])
def test_new_site_builds_with_W(
    tmp_path: Path, bib: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    assert main(["new", str(site), "--bib", str(bib), "--title", "Test Lab"]) == 0
    out = capsys.readouterr().out
    assert "wrote" in out and "conf.py" in out
    assert _build(site) == 0
    index = BeautifulSoup((site / "_build" / "html" / "all.html").read_text(), "html.parser")
    keys = {div["data-rt-key"] for div in index.select("div.rt-publication")}
    assert len(keys) >= 9
    # the home page charts the publications per year, its bars opening the "all" page
    home = BeautifulSoup((site / "_build" / "html" / "index.html").read_text(), "html.parser")
    chart = home.select_one("figure.rt-stats")
    assert chart is not None and chart.select_one("svg[role=img]")
    assert {a["href"].split("?")[0] for a in chart.select("a.rt-stats-bar")} == {"all.html"}
    years = [int(tr.th.get_text()) for tr in chart.select("tbody tr")]
    assert years and years == sorted(years)


def test_topic_pages_one_per_tag_with_navs(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert main(["new", str(site), "--bib", str(LAB), "--members", "Zhiwei Xiong, Zeyu Xiao"]) == 0
    assert _build(site) == 0
    html = site / "_build" / "html"
    page = BeautifulSoup((html / "video.html").read_text(), "html.parser")
    assert page.select_one("h1").get_text().startswith("Video")
    assert len(page.select("nav.rt-topic-nav")) == 2
    assert page.select("div.rt-publication")
    assert page.select(".rt-member")
    conf = (site / "conf.py").read_text()
    assert "'Zhiwei Xiong'" in conf and "researchtopics_bibfiles = ['lab.bib']" in conf
    recent = BeautifulSoup((html / "recent.html").read_text(), "html.parser")
    assert recent.select("div.rt-publication")


def test_untagged_entries_are_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(tmp_path / "s"), "--bib", str(ALFOLIO)]) == 0
    out = capsys.readouterr().out
    assert "9 entries have no topic" in out and "PhysRev.47.777" in out


def test_deployment_files_are_valid(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert main(["new", str(site), "--bib", str(LAB)]) == 0
    workflow = yaml.safe_load((site / ".github" / "workflows" / "site.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    uses = [step.get("uses", "") for step in steps]
    assert any("sphinx -W -b html" in run for run in runs)
    assert any(run.startswith("researchtopics check") for run in runs)
    assert any(use.startswith("actions/upload-pages-artifact") for use in uses)
    deploy = workflow["jobs"]["deploy"]["steps"]
    assert deploy[0]["uses"].startswith("actions/deploy-pages")
    rtd = yaml.safe_load((site / ".readthedocs.yaml").read_text())
    assert rtd["version"] == 2 and rtd["sphinx"]["configuration"] == "conf.py"
    assert rtd["python"]["install"][0]["requirements"] == "requirements.txt"
    hooks = yaml.safe_load((site / ".pre-commit-config.yaml").read_text())
    hook = hooks["repos"][0]["hooks"][0]
    assert hook["entry"] == "researchtopics check"
    assert "sphinxcontrib-researchtopics" in (site / "requirements.txt").read_text()
    assert "_build/" in (site / ".gitignore").read_text()


def test_refuses_a_non_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "keep.txt").write_text("mine")
    assert main(["new", str(site), "--bib", str(LAB)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert sorted(p.name for p in site.iterdir()) == ["keep.txt"]
    assert main(["new", str(site), "--bib", str(LAB), "--force"]) == 0
    assert (site / "conf.py").is_file() and (site / "keep.txt").read_text() == "mine"


@pytest.mark.parametrize("kind", ["missing", "folder", "empty"])
def test_bad_bib_is_a_clear_error(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "lab.bib"
    if kind == "folder":
        bib.mkdir()
    elif kind == "empty":
        bib.write_text("% nothing here\n")
    site = tmp_path / "site"
    assert main(["new", str(site), "--bib", str(bib)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("researchtopics new: ") and str(bib) in err
    assert not site.exists()


def test_no_copy_refers_to_the_bib(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert main(["new", str(site), "--bib", str(LAB), "--no-copy"]) == 0
    assert not (site / "lab.bib").exists()
    assert _build(site) == 0


HOSTILE_TAGS = [
    ".. raw:: html",
    ".. include:: /etc/passwd",
    "javascript:alert(1)",
    ":orphan:",
    "- item",
    "====",
    "`x`_",
    "|sub|",
    "*em*",
]


def test_hostile_tags_and_titles_stay_text(tmp_path: Path) -> None:
    entries = "".join(
        f"@misc{{k{n}, title={{T{n}}}, year={{2020}}, topics={{{tag.replace(',', ' ')}}}}}\n"
        for n, tag in enumerate(HOSTILE_TAGS)
    )
    bib = tmp_path / "lab.bib"
    bib.write_text(entries)
    site = tmp_path / "site"
    title = ".. raw:: html <script>alert(1)</script>"
    assert main(["new", str(site), "--bib", str(bib), "--title", title]) == 0
    assert _build(site) == 0
    html = site / "_build" / "html"
    index = (html / "index.html").read_text()
    assert "<script>alert(1)</script>" not in index
    for page in html.glob("*.html"):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        assert not soup.select('a[href^="javascript:"]'), page
    headings = {
        BeautifulSoup(p.read_text(), "html.parser").select_one("h1").get_text().rstrip("#¶")
        for p in html.glob("*.html")
        if p.name not in ("genindex.html", "search.html")
    }
    assert ".. Raw:: Html" in headings or ".. raw:: html" in {h.lower() for h in headings}


def test_pre_commit_hook_names_a_real_entry_point() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "researchtopics-check")
    command = shlex.split(hook["entry"])
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert command[0] in scripts and command[1] == "check"
    assert hook["language"] == "python" and hook["files"] == r"\.bib$"


def test_members_matching_no_author_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name written "Last, First" is split at the comma into two members who match no
    author (each gets an empty member page): `new` names them instead of staying silent."""
    site = tmp_path / "site"
    argv = ["new", str(site), "--bib", str(LAB), "--members", "Xiong, Zhiwei, Zeyu Xiao"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if "match no author" in line]
    assert len(lines) == 1, out
    assert "'Xiong'" in lines[0] and "'Zhiwei'" in lines[0]
    assert "Zeyu Xiao" not in lines[0]


def test_bib_inside_the_folder_with_its_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``researchtopics new . --bib papers/lab.bib`` (as docs/start.rst writes it) with a
    PDF already in place beside the .bib: the file is used where it is, no traceback."""
    site = tmp_path / "site"
    (site / "papers").mkdir(parents=True)
    (site / "papers" / "lab.bib").write_text(
        "@article{k,\n  title = {T},\n  author = {Doe, Jane},\n  journal = {J},\n"
        "  year = {2021},\n  pdf = {papers/k.pdf},\n  topics = {video},\n}\n",
        encoding="utf-8",
    )
    (site / "papers" / "k.pdf").write_bytes(b"%PDF-1.4\n")
    monkeypatch.chdir(site)
    assert main(["new", ".", "--bib", "papers/lab.bib", "--title", "Lab"]) == 0
    out = capsys.readouterr().out
    assert "not found" not in out
    assert (site / "papers" / "k.pdf").read_bytes() == b"%PDF-1.4\n"
    assert _build(site) == 0
    page = BeautifulSoup((site / "_build" / "html" / "video.html").read_text(), "html.parser")
    assert page.select_one("a.rt-link-paper")["href"].endswith("/k.pdf")


@pytest.mark.parametrize("case", ["under-a-file", "folder-in-the-way"])
def test_a_folder_it_cannot_write_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    """Writing fails (the folder's parent is a file; --force over a folder named conf.py):
    one line naming the path, exit status 2, no traceback."""
    if case == "under-a-file":
        (tmp_path / "afile").write_text("x", encoding="utf-8")
        site, extra = tmp_path / "afile" / "site", []
    else:
        site, extra = tmp_path / "site", ["--force"]
        (site / "conf.py").mkdir(parents=True)
    code = main(["new", str(site), "--bib", str(LAB), *extra])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"researchtopics new: cannot write into {site}: ")
    assert len(err.strip().splitlines()) == 1
