"""The folder tree is the data flow: .bib -> records (bib/) -> nodes (sphinxext/) -> HTML
(html/), with the command line (cli/) beside it.  These tests keep it so."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sphinxcontrib_researchtopics"
NAME = PACKAGE.name

#: What each stage may import from the package (besides itself and the top level).
ALLOWED = {
    "bib": set(),
    "sphinxext": {"bib"},
    "html": {"bib", "sphinxext"},
    "cli": {"bib"},
}


def _modules(stage: str) -> list[Path]:
    return sorted((PACKAGE / stage).rglob("*.py"))


def test_the_pure_layer_imports_neither_docutils_nor_sphinx() -> None:
    """Imported in a fresh interpreter, every ``bib`` module leaves docutils and Sphinx
    unloaded (a lazy import inside a function would slip past a text search, not this)."""
    names = [
        ".".join((NAME, *path.relative_to(PACKAGE).with_suffix("").parts))
        for path in _modules("bib")
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name.removesuffix('.__init__'))\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('docutils', 'sphinx'))\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PACKAGE.parent
    )
    assert done.stdout.strip() == ""


def _package_imports(path: Path) -> set[str]:
    """The package's stages that *path* imports, by relative or absolute import."""
    stage_of_file = path.relative_to(PACKAGE).parts
    stages: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(stage_of_file[:-1])[: len(stage_of_file) - node.level]
                parts = [*base, *(node.module or "").split(".")]
            elif (node.module or "").startswith(NAME + "."):
                parts = (node.module or "").split(".")[1:]
            else:
                continue
            parts = [part for part in parts if part]
            if parts:
                stages.add(parts[0])
            else:
                stages.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(NAME + "."):
                    stages.add(alias.name.split(".")[1])
    return stages


@pytest.mark.parametrize("stage", sorted(ALLOWED))
def test_stages_import_only_upstream(stage: str) -> None:
    stages = set(ALLOWED)
    for path in _modules(stage):
        reached = (_package_imports(path) & stages) - {stage}
        assert reached <= ALLOWED[stage], f"{path.relative_to(PACKAGE)} imports {reached}"


def test_no_module_over_500_lines() -> None:
    """Python modules and the browser scripts alike."""
    long = {
        str(path.relative_to(PACKAGE)): n
        for path in [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.js")]
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert not long


def test_the_wheel_ships_every_static_file() -> None:
    """``package-data`` names the static files by path: moving them must move it too."""
    import tomllib

    project = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"][NAME]
    shipped = {path for pattern in patterns for path in PACKAGE.glob(pattern)}
    static = {path for path in PACKAGE.rglob("static/*") if path.is_file()}
    assert static and static <= shipped
