"""``import SITE_DIR``: a site whose ``papers.bib`` is saved as UTF-16 (or UTF-32).

The entries were read as the build reads them (the byte order mark names the encoding),
but the file written into the new site was the UTF-16 bytes decoded as UTF-8: NULs and
replacement characters, path fields "cannot be rewritten", and a .bib the build reads
as binary data.  The new site's .bib is now the same text as from a UTF-8 site.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

from sphinxcontrib_researchtopics.bib.load import parse_file
from sphinxcontrib_researchtopics.cli import main

SITE = Path(__file__).parent / "data" / "alfolio-site"
BIB = "_bibliography/papers.bib"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_a_unicode_bib_imports_as_its_utf8_text(
    encoding: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(SITE), "-o", str(tmp_path / "from-utf8")]) == 0
    utf8_report = capsys.readouterr().err.replace(str(SITE), "SITE")
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    text = (site / BIB).read_text(encoding="utf-8")
    (site / BIB).write_text(text, encoding=encoding)
    out = tmp_path / "out"
    assert main(["import", str(site), "-o", str(out)]) == 0
    assert capsys.readouterr().err.replace(str(site), "SITE") == utf8_report
    written = (out / BIB).read_bytes()
    assert b"\x00" not in written
    assert written == (tmp_path / "from-utf8" / BIB).read_bytes()
    result = parse_file(str(out / BIB), "topics")
    assert not result.problems and len(result.entries) == 9
    assert build_main(["-W", "-q", "-b", "html", str(out), str(out / "_build")]) == 0
