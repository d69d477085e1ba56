"""The arrows between our packages (DESIGN.md, "Arrows allowed"), read from every import statement.

Imports inside functions count too: a lazy import is still an arrow.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = ("kernel", "collectors", "storage", "analysis", "reports", "flows", "review", "praise")
# Where each package may point, besides itself and third-party code.
ALLOWED = {
    "kernel": set(),
    "collectors": {"kernel"},
    "storage": {"kernel"},
    "analysis": {"kernel"},
    "reports": {"kernel", "storage", "analysis"},
    "review": {"kernel", "reports", "storage", "analysis"},
    "flows": {"kernel", "collectors", "storage", "analysis", "reports"},
    "praise": set(OURS),
}
# The loopback doubles and the demo that starts them: the only modules that may import a fake.
FAKE_USERS = ("praise/fakes/", "praise/demo.py", "praise/demo_data/")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _modules() -> list[Path]:
    return sorted(p for package in OURS for p in (ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", OURS)
def test_each_package_points_only_where_the_design_allows(package: str) -> None:
    wrong = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / package).rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in OURS
        and name.split(".")[0] != package
        and name.split(".")[0] not in ALLOWED[package]
    ]
    assert wrong == []


def test_the_kernel_imports_nothing_of_ours() -> None:
    wrong = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / "kernel").rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in OURS and name.split(".")[0] != "kernel"
    ]
    assert wrong == []


def test_no_production_module_imports_a_fake_or_a_test() -> None:
    wrong = []
    for path in _modules():
        where = path.relative_to(ROOT).as_posix()
        if where.startswith(FAKE_USERS):
            continue
        wrong += [f"{where} imports {n}" for n in _imports(path) if n.startswith(("praise.fakes", "tests"))]
    assert wrong == []


def test_the_checks_see_a_lazy_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from praise.fakes.instagram import HOSTS\n    return HOSTS\n")
    assert "praise.fakes.instagram" in _imports(module)
