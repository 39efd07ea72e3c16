"""A whole topic site: 20 topic pages, 120 tagged entries, built with warnings as errors."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from conftest import soup

TOPICS = [f"topic{n:02d}" for n in range(20)]


def write_site(root: Path) -> dict[str, list[str]]:
    """Generate the site; return topic -> keys expected on its page, newest first."""
    rng = random.Random(20261125)
    entries = []
    expected: dict[str, list[tuple[int, int, str]]] = {topic: [] for topic in TOPICS}
    for number in range(120):
        key = f"paper{number:03d}"
        year = 2000 + rng.randrange(25)
        tags = rng.sample(TOPICS, rng.choice((1, 1, 2, 3)))
        entries.append(
            f"@inproceedings{{{key},\n  title = {{Paper number {number}}},\n"
            f"  author = {{Author {number} and Zhiwei Xiong}},\n  booktitle = {{Venue}},\n"
            f"  year = {{{year}}},\n  topics = {{{', '.join(tags)}}},\n}}\n"
        )
        for tag in tags:
            expected[tag].append((-year, number, key))
    (root / "lab.bib").write_text("\n".join(entries), encoding="utf-8")
    (root / "conf.py").write_text(
        'extensions = ["sphinxcontrib_researchtopics"]\n'
        'researchtopics_bibfiles = ["lab.bib"]\n'
        'researchtopics_members = ["Zhiwei Xiong"]\n',
        encoding="utf-8",
    )
    toctree = "\n".join(f"   {topic}" for topic in TOPICS)
    (root / "index.rst").write_text(
        f"Topics\n======\n\n.. topic-nav::\n   :counts:\n\n{toctree}\n\n"
        f".. toctree::\n   :hidden:\n\n{toctree}\n",
        encoding="utf-8",
    )
    for topic in TOPICS:
        (root / f"{topic}.rst").write_text(
            f"{topic.title()}\n{'=' * len(topic)}\n\n.. topic-nav::\n   :counts:\n\n"
            f".. publications::\n   :topic: {topic}\n\n.. topic-nav::\n   :counts:\n",
            encoding="utf-8",
        )
    return {topic: [key for *_, key in sorted(items)] for topic, items in expected.items()}


@pytest.mark.parametrize("parallel", [1, 2])
def test_twenty_topic_pages(tmp_path: Path, make_app: Any, parallel: int) -> None:
    src = tmp_path / "site"
    src.mkdir()
    expected = write_site(src)
    app = make_app("html", srcdir=src, warningiserror=True, parallel=parallel)
    app.build()
    assert app.statuscode == 0
    for topic in TOPICS:
        page = soup(app, topic)
        keys = [div["data-rt-key"] for div in page.select("div.rt-publication")]
        assert keys == expected[topic], topic
        navs = page.select("nav.rt-topic-nav")
        assert len(navs) == 2
        for nav in navs:
            current = nav.select('a[aria-current="page"]')
            assert [a.get_text(" ", strip=True) for a in current] == [
                f"{topic.title()} {len(expected[topic])}"
            ]
            counts = [int(a.select_one(".rt-count").get_text()) for a in nav.select("a")]
            assert counts == [len(expected[t]) for t in TOPICS]
    assert sum(len(keys) for keys in expected.values()) > 120
