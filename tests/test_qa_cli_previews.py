"""``preview`` fields: the commands apply the build's rule (an https URL or a path inside
the source folder) instead of passing anything on.

``import`` kept any image as ``preview`` (``<img src="../../../etc/passwd">``,
``![x](javascript:...)``, ``//host``), ``check`` said "no problems" about such a .bib,
and ``new`` did not list it with the problems the build would warn about: the build
then warned ``unsafe_url`` at the field's line and failed with ``-W``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

from sphinxcontrib_researchtopics.bib.load import parse_file
from sphinxcontrib_researchtopics.cli import main

BIB = """\
@article{local,
  title = {Local},
  author = {Jane Doe},
  year = {2020},
  journal = {J},
  preview = {thumbs/local.png},
}

@article{script,
  title = {Script},
  author = {Jane Doe},
  year = {2021},
  journal = {J},
  preview = {javascript:alert(1)},
}

@article{outside,
  title = {Outside},
  author = {Jane Doe},
  year = {2022},
  journal = {J},
  preview = {../../../etc/passwd},
}

@article{plain,
  title = {Plain http},
  author = {Jane Doe},
  year = {2023},
  journal = {J},
  preview = {http://example.org/p.png},
}
"""
PAGE = """\
## Video

**Paper One** <br>
<img src="../../../etc/passwd"> <br>
_Ada Lovelace, Alan Turing_ <br>
<pub>Conference (C), 2022</pub> <br>

**Paper Two** <br>
![x](javascript:alert(1))
_Ada Lovelace_ <br>
<pub>Conference (C), 2023</pub> <br>

**Paper Three** <br>
![x](https://example.org/three.png)
_Ada Lovelace_ <br>
<pub>Conference (C), 2024</pub> <br>
"""
PREVIEW_WARNING = re.compile(r"^(.*?:\d+): WARNING: (\w+: preview '[^']*' is not an https URL)")


def test_check_reports_the_previews_the_build_warns_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    bib = site / "lab.bib"
    bib.write_text(BIB, encoding="utf-8")
    (site / "thumbs").mkdir()
    (site / "thumbs" / "local.png").write_bytes(b"\x89PNG\r\n")
    (site / "conf.py").write_text(
        "extensions = ['sphinxcontrib_researchtopics']\nresearchtopics_bibfiles = ['lab.bib']\n",
        encoding="utf-8",
    )
    (site / "index.rst").write_text("Lab\n===\n\n.. publications::\n", encoding="utf-8")
    warnings = tmp_path / "warnings.txt"
    out = str(tmp_path / "o")
    assert build_main(["-q", "-b", "html", "-w", str(warnings), str(site), out]) == 0
    built = {
        (found.group(1), found.group(2))
        for line in warnings.read_text(encoding="utf-8").splitlines()
        if (found := PREVIEW_WARNING.match(line))
    }
    assert len(built) == 3, built  # javascript:, ../ and http: (not https)
    assert main(["check", str(bib)]) == 1
    checked = {
        (found.group(1), found.group(2))
        for line in capsys.readouterr().out.splitlines()
        if (found := PREVIEW_WARNING.match(line))
    }
    assert checked == built


def test_new_lists_unsafe_previews_with_the_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bib = tmp_path / "lab.bib"
    bib.write_text(BIB, encoding="utf-8")
    assert main(["new", str(tmp_path / "site"), "--bib", str(bib)]) == 0
    out = capsys.readouterr().out
    build_at = out.index("Build it")
    assert out.index(f"{bib}:14: WARNING: script: preview 'javascript:alert(1)'") < build_at
    assert f"{bib}:22: WARNING: outside: preview" in out
    assert "3 problems in" in out


def test_import_keeps_only_images_the_build_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "video.md"
    page.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["import", str(page), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"{page}:4: warning: image '../../../etc/passwd' is not an https URL" in err
    assert f"{page}:9: warning: image 'javascript:alert(1)' is not an https URL" in err
    result = parse_file(str(out / "publications.bib"), "topics")
    previews = [pub.preview for pub in result.entries if pub.preview]
    assert previews == ["https://example.org/three.png"]
    assert main(["check", str(out / "publications.bib")]) == 0
