"""The layers hold. import-linter checks the contracts of pyproject.toml `[tool.importlinter]`
(cli over tui over adapters over core; the core imports no textual, rich, httpx or subprocess; the
adapters no textual or rich) on every import statement, including those inside functions. What it
cannot see, third-party packages loading UI libraries behind our back, is checked at run time:
importing a core module in a fresh interpreter must load no textual, rich or httpx, and importing
an adapter no textual (httpx pulls rich in for its own CLI, which we cannot prevent)."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

import repotui.adapters
import repotui.core

REPO = Path(__file__).resolve().parent.parent
#: `lint-imports` as the venv's script runs it, without its on-disk cache (tests run in parallel).
_LINT_IMPORTS = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"


def lint_imports(project: Path, source: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter on the project whose pyproject.toml is in `project`, its package in `source`
    (found before any installed copy)."""
    env = {**os.environ, "PYTHONPATH": str(source)}
    return subprocess.run([sys.executable, "-c", _LINT_IMPORTS], cwd=project, env=env, capture_output=True,
                          text=True, timeout=300)


def _importlinter_config() -> str:
    """The `[tool.importlinter]` tables of our pyproject.toml, as written there."""
    lines = (REPO / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    start = lines.index("[tool.importlinter]")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("[")
                and not lines[i].startswith(("[tool.importlinter", "[[tool.importlinter"))), len(lines))
    return "\n".join(lines[start:end]) + "\n"


def test_the_layer_contracts_hold() -> None:
    contracts = tomllib.loads(_importlinter_config())["tool"]["importlinter"]["contracts"]
    out = lint_imports(REPO, REPO / "src")
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"Contracts: {len(contracts)} kept, 0 broken." in out.stdout


def test_the_contracts_catch_deliberate_violations(tmp_path: Path) -> None:
    """Our own contracts, run on a tiny `repotui` in tmp_path: kept while it follows the layers,
    broken (with the offending import named) once it does not."""
    package = {
        "__init__.py": "",
        "core/__init__.py": "",
        "core/model.py": "import json\n",
        "adapters/__init__.py": "",
        "adapters/config.py": "import httpx\n\nfrom repotui.core import model\n",
        "tui/__init__.py": "",
        "tui/app.py": "import textual\n\nfrom repotui.adapters import config\n",
        "cli/__init__.py": "",
        "cli/main.py": "from repotui.tui import app\n",
    }
    for name, text in package.items():
        path = tmp_path / "repotui" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(_importlinter_config(), encoding="utf-8")
    kept = lint_imports(tmp_path, tmp_path)
    assert kept.returncode == 0, kept.stdout + kept.stderr

    with (tmp_path / "repotui" / "core" / "model.py").open("a", encoding="utf-8") as fh:
        fh.write(textwrap.dedent("""
            def run() -> None:
                import subprocess  # a lazy import counts too

                from repotui.tui import app
            """))
    with (tmp_path / "repotui" / "adapters" / "config.py").open("a", encoding="utf-8") as fh:
        fh.write("from rich.text import Text\n")
    broken = lint_imports(tmp_path, tmp_path)
    report = broken.stdout + broken.stderr
    assert broken.returncode == 1, report
    for violation in ("repotui.core.model -> subprocess", "repotui.core.model -> repotui.tui.app",
                      "repotui.adapters.config -> rich"):
        assert violation in report
    assert " KEPT" not in report


def _modules(package: ModuleType) -> list[str]:
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


@pytest.mark.parametrize("module", _modules(repotui.adapters))
def test_adapters_load_no_textual(module: str) -> None:
    assert _loaded_after_import(module, ("textual",)) == []
