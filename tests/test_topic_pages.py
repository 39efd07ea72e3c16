"""An entry on no topic page (its topics all new) is reported where a site has them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import edit, rebuild_site, tracked_build, warnings_of

HOLOGRAPHY = (
    "\n@article{k9, title = {Nine Holography Paper}, author = {Eve Ee}, journal = {TIP},"
    " year = {2025}, topics = {holography, optics}}\n"
)


def _topic_warnings(app: Any) -> list[str]:
    return [line for line in warnings_of(app) if "researchtopics.topic_page" in line]


def test_an_entry_on_no_topic_page_is_reported_at_its_line(make_app: Any, tmp_path: Path) -> None:
    site = rebuild_site(tmp_path, "")
    app, _read, _written = tracked_build(make_app, site)
    found = _topic_warnings(app)
    # k4 (gamma) is on no topic page; k2 (alpha, beta) is on both: no report
    assert len(found) == 1, found
    assert "papers.bib:7: WARNING: k4 is on no topic page" in found[0]
    assert "no publications list has :topic: gamma" in found[0]


def test_an_added_entry_with_a_new_topic_is_reported_once_per_topic(
    make_app: Any, tmp_path: Path
) -> None:
    site = rebuild_site(tmp_path, "")
    tracked_build(make_app, site)
    with open(site / "papers.bib", "a", encoding="utf-8") as stream:
        stream.write(HOLOGRAPHY)
    edit(site / "papers.bib", "One Alpha Paper", "One Alpha Paper")  # moves the mtime on
    app, _read, _written = tracked_build(make_app, site)
    found = _topic_warnings(app)
    # only what changed is reported again: k9's two topics, not k4's gamma
    assert [line.split("WARNING: ")[1].split(" [")[0] for line in found] == [
        "k9 is on no topic page: no publications list has :topic: holography",
        "k9 is on no topic page: no publications list has :topic: optics",
    ]


def test_a_topic_page_for_it_ends_the_report(make_app: Any, tmp_path: Path) -> None:
    site = rebuild_site(tmp_path, HOLOGRAPHY)
    (site / "topics" / "gamma.rst").write_text(
        "Gamma\n=====\n\n.. publications::\n   :topic: gamma, optics\n", encoding="utf-8"
    )
    edit(site / "index.rst", "   topics/beta\n", "   topics/beta\n   topics/gamma\n")
    app, _read, _written = tracked_build(make_app, site)
    # k4 and k9 are on the gamma page now (k9 by optics: its holography is a tag)
    assert _topic_warnings(app) == []
    # without the optics page, k9 is on none
    site2 = rebuild_site(tmp_path / "again", HOLOGRAPHY)
    (site2 / "topics" / "gamma.rst").write_text(
        "Gamma\n=====\n\n.. publications::\n   :topic: gamma\n", encoding="utf-8"
    )
    edit(site2 / "index.rst", "   topics/beta\n", "   topics/beta\n   topics/gamma\n")
    app, _read, _written = tracked_build(make_app, site2)
    assert [line.split("WARNING: ")[1].split(":")[0] for line in _topic_warnings(app)] == [
        "k9 is on no topic page",
        "k9 is on no topic page",
    ]


def test_a_filter_on_topics_may_choose_any_topic(make_app: Any, tmp_path: Path) -> None:
    site = rebuild_site(tmp_path, "")
    (site / "topics" / "gamma.rst").write_text(
        "Gamma\n=====\n\n.. publications::\n   :filter: 'gamma' in topics\n",
        encoding="utf-8",
    )
    edit(site / "index.rst", "   topics/beta\n", "   topics/beta\n   topics/gamma\n")
    app, _read, _written = tracked_build(make_app, site)
    assert _topic_warnings(app) == []


def test_the_report_can_be_suppressed(make_app: Any, tmp_path: Path) -> None:
    site = rebuild_site(tmp_path, "")
    with open(site / "conf.py", "a", encoding="utf-8") as stream:
        stream.write('suppress_warnings = ["researchtopics.topic_page"]\n')
    app, _read, _written = tracked_build(make_app, site)
    assert _topic_warnings(app) == []
    assert not [line for line in warnings_of(app) if "topic page" in line]
