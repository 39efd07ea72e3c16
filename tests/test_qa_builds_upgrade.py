"""An upgrade between two builds of one site: the new code's view of the .bib files.

The older code is this checkout's package copied with one message changed (what an
upgrade that reads the files differently does); both have the same version, as two
checkouts do, so Sphinx keeps the environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "sphinxcontrib_researchtopics"

BIB = """@article{a1,
  title   = {One},
  author  = {Xiong, Zhiwei},
  journal = nosuchmacro,
  year    = {2024},
}
"""


def _build(code: Path, site: Path, out: Path, cache: Path) -> str:
    """The warnings of a build of *site* into *out* with the package in *code*."""
    argv = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(site), str(out)]
    env = {**os.environ, "PYTHONPATH": str(code), "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=site)
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_an_upgrade_reports_the_new_codes_problems(tmp_path: Path) -> None:
    """The environment kept the problems the older code found and reported them while the
    .bib files were unchanged (with ``-W`` a build failed on a warning the installed code
    no longer gives, until ``-E``)."""
    old = tmp_path / "old"
    shutil.copytree(PACKAGE, old / PACKAGE.name, ignore=shutil.ignore_patterns("__pycache__"))
    scan = old / PACKAGE.name / "bib" / "scan.py"
    text = scan.read_text(encoding="utf-8")
    assert "undefined macro or unbraced value" in text
    scan.write_text(text.replace("undefined macro or unbraced", "OLD CODE macro"), "utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "conf.py").write_text(
        'extensions = ["sphinxcontrib_researchtopics"]\nresearchtopics_bibfiles = ["lab.bib"]\n',
        encoding="utf-8",
    )
    (site / "lab.bib").write_text(BIB, encoding="utf-8")
    (site / "index.rst").write_text("Lab\n===\n\n.. publications::\n", encoding="utf-8")
    out = tmp_path / "out"
    before = _build(old, site, out, tmp_path / "cache")
    assert "OLD CODE macro value 'nosuchmacro'" in before
    after = _build(PACKAGE.parent, site, out, tmp_path / "cache")
    assert "undefined macro or unbraced value 'nosuchmacro'" in after
    assert "OLD CODE" not in after
