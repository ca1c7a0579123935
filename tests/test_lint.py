"""The type checker and the browser modules' parse check really fail on a mistake (issue 19)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def test_mypy_passes_on_the_package() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Success: no issues found" in result.stdout


def test_mypy_fails_on_a_type_error(tmp_path: Path) -> None:
    package = tmp_path / "plugins" / "casebook"
    shutil.copytree(ROOT / "plugins" / "casebook", package, ignore=shutil.ignore_patterns("__pycache__", "assets"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    diagnostics = package / "diagnostics.py"
    diagnostics.write_text(diagnostics.read_text(encoding="utf-8") + "\n\nBROKEN: int = 'not a number'\n",
                           encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "diagnostics.py" in result.stdout and "[assignment]" in result.stdout


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_check_js_fails_on_a_module_that_does_not_parse(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "check-js", tmp_path / "scripts" / "check-js")
    assets = tmp_path / "plugins" / "casebook" / "assets"
    assets.mkdir(parents=True)
    (assets / "good.js").write_text("export const answer = 42;\n", encoding="utf-8")
    assert subprocess.run(["bash", "scripts/check-js"], cwd=tmp_path, check=False).returncode == 0
    (assets / "bad.js").write_text("export const answer = ;\n", encoding="utf-8")
    result = subprocess.run(["bash", "scripts/check-js"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "bad.js: does not parse" in result.stderr


def test_exported_functions_of_the_store_and_filters_carry_jsdoc_types() -> None:
    import re

    for name in ("store.js", "filters.js"):
        source = (ROOT / "plugins" / "casebook" / "assets" / name).read_text(encoding="utf-8")
        blocks = re.findall(r"(/\*\*(?:(?!\*/).)*\*/)\s*\nexport (?:async )?(function|const) (\w+)", source, re.S)
        documented = {export for block, _, export in blocks if "@param" in block or "@type" in block
                      or "@returns" in block}
        exported = set(re.findall(r"^export (?:async )?function (\w+)", source, re.M))
        assert exported and exported <= documented, f"{name}: no JSDoc types on {sorted(exported - documented)}"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_served_modules_leave_out_jsdoc_and_still_parse(site: Path) -> None:
    served = site / "assets" / "casebook"
    store = (served / "store.js").read_text(encoding="utf-8")
    assert "@param" not in store and "/**" not in store  # types cost readers nothing
    assert "@param" in (ROOT / "plugins" / "casebook" / "assets" / "store.js").read_text(encoding="utf-8")
    for module in served.glob("*.js"):
        result = subprocess.run(["node", "--input-type=module", "--check"], input=module.read_text(encoding="utf-8"),
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{module.name}: {result.stderr}"
