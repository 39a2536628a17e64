"""The layout stays as docs/architecture.md draws it.

The project's modules import each other only down the app order
core ← disclosure ← requests_app ← reports ← demo (config wires the apps and is
imported by none of them), never in a circle, counting imports inside functions;
the three homes inside requests_app do not import one another; no product file is
named after another part; and the wheel ships no demo.
"""

import ast
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Lower ranks are lower in the order: a module may import modules of its own rank or below.
RANKS = {"core": 0, "disclosure": 1, "requests_app": 2, "reports": 3, "config": 4, "demo": 5}
PRODUCT = ("core", "disclosure", "requests_app", "reports", "config")
# The three homes of what the public submits share what they need through core and
# requests_app.tracking, never through each other.
SIBLINGS = ("requests_app.applications", "requests_app.petitions", "requests_app.proposals")
# A product file named after another part of the product (`forms_petitions.py`,
# `views_trends.py`, `demo_publish.py`) belongs in that part's own home.
NAMED_AFTER_ANOTHER_PART = re.compile(
    r"^(demo.*|.+_(applications|petitions|proposals|trends|reports|demo))\.py$"
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in RANKS:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            modules[module_name(path)] = path
    return modules


def imported_modules(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `name` imports anywhere in its body, functions included."""

    def known(dotted: str) -> str | None:
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(known(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                found.add(submodule if submodule in modules else known(source))
    found.discard(None)
    found.discard(name)
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as a path that starts and ends at the same module, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


def test_the_walker_sees_imports_inside_functions_and_relative_imports(tmp_path):
    modules = {"a": tmp_path / "a.py", "b": tmp_path / "b.py", "pkg.c": tmp_path / "c.py"}
    modules["a"].write_text("def f():\n    from b import thing\n")
    modules["pkg.c"].write_text("from . import d\nfrom .e import x\nimport a\n")
    modules.update({"pkg.d": tmp_path / "d.py", "pkg.e": tmp_path / "e.py"})
    assert imported_modules("a", modules["a"], modules) == {"b"}
    assert imported_modules("pkg.c", modules["pkg.c"], modules) == {"pkg.d", "pkg.e", "a"}
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_import_circle_between_modules(graph):
    cycle = find_cycle(graph)
    assert cycle is None, "import circle: " + " → ".join(cycle)


def test_no_import_against_the_app_order(graph):
    against = sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        for target in targets
        if RANKS[target.split(".")[0]] > RANKS[module.split(".")[0]]
    )
    assert against == []


def test_the_homes_inside_requests_app_do_not_import_each_other(graph):
    def home(module: str) -> str | None:
        return next((s for s in SIBLINGS if module == s or module.startswith(s + ".")), None)

    crossing = sorted(
        f"{module} imports {target}"
        for module, targets in graph.items()
        for target in targets
        if home(module) and home(target) and home(module) != home(target)
    )
    assert crossing == []


def test_no_product_file_is_named_after_another_part():
    misnamed = sorted(
        str(path.relative_to(ROOT))
        for package in PRODUCT
        for path in (ROOT / package).rglob("*.py")
        if NAMED_AFTER_ANOTHER_PART.match(path.name)
    )
    assert misnamed == []


def test_the_wheel_ships_no_demo(tmp_path):
    """`pip wheel .` builds the product only: no demo module, no development password."""
    source = tmp_path / "src"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "node_modules", "media", "staticfiles", "*.sqlite3", "__pycache__",
            "build", "*.egg-info", ".pytest_cache", ".ruff_cache",
        ),
    )  # fmt: skip
    result = subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--no-build-isolation"),
            *("--quiet", "--wheel-dir", str(tmp_path / "dist")),
        ],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert any(n.startswith("requests_app/petitions/") for n in names)  # the build is real
        assert [n for n in names if n.split("/")[0] == "demo"] == []
        holding_password = [n for n in names if b"demo12345" in archive.read(n)]
    assert holding_password == []
