"""The benchmark's generated sites hold what they claim to (``benchmarks/scale.py``).

A site whose entries all fail to parse the fast way measures pybtex's error path, not a
lab's build: the ten-times copy must keep every ``@string`` and its uses agreeing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

scale = pytest.importorskip("scale")

from sphinxcontrib_researchtopics.bib.load import load_bibliography  # noqa: E402

SOURCE = """\
@String{j-TUG = "TUGboat"}
@Preamble{"\\input tugboat.def"}
@string{ack = "Someone"}
@Article{Knuth:1980,
  author = "Donald Knuth",
  title = "Title",
  journal = j-TUG,
  acknowledgement = ack,
  year = "1980",
}
@InProceedings{Child:1981,
  title = "Child",
  crossref = "Proc:1981",
}
@Proceedings{Proc:1981,
  title = "Proceedings",
  booktitle = "Proceedings",
  year = "1981",
}
"""


def test_copies_keep_macros_and_their_uses_agreeing(tmp_path: Path) -> None:
    bib = tmp_path / "in.bib"
    bib.write_text(SOURCE, encoding="utf-8")
    out = tmp_path / "x3.bib"
    scale.multiply(bib, 3, out)
    text = out.read_text(encoding="utf-8")
    assert text.count('@String{j-TUG = "TUGboat"}') == 3  # the macro name is not suffixed
    assert '"\\input tugboat.def"' in text  # nor the preamble
    loaded = load_bibliography([str(out)], "/", cache_dir="")
    assert not [p for p in loaded.problems if p.subtype == "undefined_macro"]
    keys = set(loaded.entries)
    assert {"Knuth:1980-c1", "Knuth:1980-c3", "Child:1981-c2", "Proc:1981-c2"} <= keys
    assert len(keys) == 9
    assert loaded.entries["Knuth:1980-c2"].field("journal") == "TUGboat"
    assert loaded.entries["Child:1981-c3"].field("year") == "1981"  # the crossref followed
