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


# -- modules and their imports ---------------------------------------------------------------


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(path: Path, modules: set[str]) -> set[tuple[str, str]]:
    """(module, name) pairs *path* imports from the package, anywhere in the file (in
    functions and ``TYPE_CHECKING`` blocks too)."""
    own = _module_name(path).split(".")
    base = own if path.name == "__init__.py" else own[:-1]
    found: set[tuple[str, str]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                root = base[: len(base) - node.level + 1]
                target = ".".join([*root, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                if f"{target}.{alias.name}" in modules:
                    found.add((f"{target}.{alias.name}", ""))
                elif target in modules:
                    found.add((target, alias.name))
        elif isinstance(node, ast.Import):
            found.update((alias.name, "") for alias in node.names if alias.name in modules)
    return found


def _all_modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def test_no_import_cycles_counting_imports_inside_functions() -> None:
    modules = _all_modules()
    names = set(modules)
    graph = {
        name: {target for target, _ in _imported(path, names)}
        - {name}
        - {n for n in names if name.startswith(n + ".")}  # a package's own __init__
        for name, path in modules.items()
    }
    # a package __init__ importing its own submodules is how setup() registers them
    graph = {
        name: {
            t
            for t in targets
            if not (modules[name].name == "__init__.py" and t.startswith(name + "."))
        }
        for name, targets in graph.items()
    }
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_no_private_name_is_imported_from_another_module() -> None:
    modules = _all_modules()
    names = set(modules)
    private = sorted(
        f"{_module_name(path)} imports {name} from {target}"
        for path in modules.values()
        for target, name in _imported(path, names)
        if name.startswith("_") and name != "__version__" and target != _module_name(path)
    )
    assert private == []


def test_internals_names_every_module() -> None:
    """``docs/internals.rst`` names each module by its path in the package."""
    text = (PACKAGE.parent / "docs" / "internals.rst").read_text(encoding="utf-8")
    missing = sorted(
        name
        for path in PACKAGE.rglob("*.py")
        if path.name != "__main__.py"
        and f"``{(name := path.relative_to(PACKAGE).as_posix())}``" not in text
    )
    assert missing == []


def test_module_globals_are_constants() -> None:
    """Per-build state lives on objects: a module-level name bound to a dict, list or set
    that a function changes (an item assigned, a method that mutates called) is state,
    not a constant (tables filled while the module is imported are constants)."""
    mutating = {"append", "add", "update", "pop", "clear", "setdefault", "extend", "remove"}
    found: list[str] = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        containers = {
            target.id
            for node in tree.body
            if isinstance(node, ast.Assign | ast.AnnAssign)
            and isinstance(node.value, ast.Dict | ast.List | ast.Set | ast.Call)
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Name)
        }
        globals_declared = {
            name for node in ast.walk(tree) if isinstance(node, ast.Global) for name in node.names
        }
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for node in (inner for function in functions for inner in ast.walk(function)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in containers
                and node.func.attr in mutating
            ) or (
                isinstance(node, ast.Subscript)
                and isinstance(node.ctx, ast.Store)
                and isinstance(node.value, ast.Name)
                and node.value.id in containers
            ):
                target = node.func.value if isinstance(node, ast.Call) else node.value
                found.append(f"{path.relative_to(PACKAGE)}: {target.id}")  # type: ignore[union-attr]
        found.extend(f"{path.relative_to(PACKAGE)}: global {name}" for name in globals_declared)
    assert sorted(set(found)) == []


def test_every_module_imports_first() -> None:
    """Each module imports on its own, with no other module of the package loaded before
    it: a cycle through a package's ``__init__`` fails only in one order of imports."""
    names = sorted(name for name in _all_modules() if not name.endswith("__main__"))
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        f"    for loaded in [m for m in sys.modules if m.split('.')[0] == {NAME!r}]:\n"
        "        del sys.modules[loaded]\n"
        "    importlib.import_module(name)\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PACKAGE.parent
    )
    assert done.stdout.strip() == "ok", done.stderr[-2000:]
