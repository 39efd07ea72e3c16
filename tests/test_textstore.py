"""The text store: texts put are batched into few writes, yet every one comes back after
``close()``; a store whose data file is short or altered misses, never gives wrong text."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinxcontrib_researchtopics.html import textstore
from sphinxcontrib_researchtopics.html.textstore import TextStore

TEXTS = {f"key-{number}": f"<p>entry {number} é</p>" * (number % 7 + 1) for number in range(500)}


def test_batched_texts_all_come_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textstore, "BATCH_BYTES", 2000)  # many batches, and a rest
    store = TextStore(str(tmp_path), "t")
    for key, text in TEXTS.items():
        store.put(key, text)
    store.close()
    again = TextStore(str(tmp_path), "t")
    assert {key: again.get(key) for key in TEXTS} == TEXTS
    again.put("late", "<p>late</p>")  # appended after what is there
    again.close()
    third = TextStore(str(tmp_path), "t")
    assert third.get("late") == "<p>late</p>" and third.get("key-3") == TEXTS["key-3"]


def test_texts_not_closed_are_not_indexed(tmp_path: Path) -> None:
    store = TextStore(str(tmp_path), "t")
    store.put("a", "A")
    assert TextStore(str(tmp_path), "t").get("a") is None
    store.close()
    assert TextStore(str(tmp_path), "t").get("a") == "A"


def test_a_short_or_altered_data_file_is_a_miss(tmp_path: Path) -> None:
    store = TextStore(str(tmp_path), "t")
    for key, text in TEXTS.items():
        store.put(key, text)
    store.close()
    data = tmp_path / "t.dat"
    content = data.read_bytes()
    data.write_bytes(content[: len(content) // 2])
    short = TextStore(str(tmp_path), "t")
    assert short.get("key-499") is None and short.get("key-0") == TEXTS["key-0"]
    data.write_bytes(content.replace(b"entry 1 ", b"entry X "))
    assert TextStore(str(tmp_path), "t").get("key-1") is None


def test_an_unwritable_folder_costs_the_texts_only(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("x")
    store = TextStore(str(blocked), "t")
    store.put("a", "A")
    store.close()  # no exception
    assert store.get("a") is None
