"""The layers hold: the core never loads textual or rich (nor httpx/subprocess); the adapters never
load textual and never import rich themselves (httpx pulls rich in for its own CLI, which we
cannot prevent, so adapters are checked at source level for rich)."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import repotui.adapters
import repotui.core


def _modules(package) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]


def _loaded_after_import(module: str, roots: tuple[str, ...]) -> list[str]:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        f"print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in {roots!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return [m for m in out.stdout.strip().split(",") if m]


@pytest.mark.parametrize("module", ["repotui", "repotui.cli.main", *_modules(repotui.core)])
def test_core_loads_no_ui_or_io_library(module: str) -> None:
    assert _loaded_after_import(module, ("textual", "rich", "httpx")) == []


@pytest.mark.parametrize("module", _modules(repotui.core))
def test_core_does_not_start_processes(module: str) -> None:
    path = Path(sys.modules.get(module).__file__ if module in sys.modules else __import__(module, fromlist=["x"]).__file__)
    assert "subprocess" not in _imports_of(path), f"{module} imports subprocess"


@pytest.mark.parametrize("module", _modules(repotui.adapters))
def test_adapters_load_no_textual(module: str) -> None:
    assert [m for m in _loaded_after_import(module, ("textual",))] == []


def _imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_adapters_never_import_rich_or_textual_themselves() -> None:
    root = Path(repotui.adapters.__file__).parent
    offenders = {str(p.relative_to(root)): _imports_of(p) & {"rich", "textual"} for p in root.rglob("*.py")}
    assert {k: v for k, v in offenders.items() if v} == {}
