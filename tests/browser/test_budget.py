"""The project's own JavaScript and CSS stay within 15 KB gzipped on every page type."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

BUDGET = 15 * 1024
PAGES = ["", "case-studies/", "case-studies/school-a/", "guidance/funding-and-procurement/", "cpd/",
         "roles/technology-leader/", "self-checks/", "self-checks/headteacher-appendix-1/",
         "self-checks/action-plan/", "glossary/", "where-we-stand/", "standards/cyber-security/"]


@pytest.mark.parametrize("path", PAGES)
def test_own_code_is_within_budget(page, site: Path, base_url: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(path)
    page.wait_for_load_state("networkidle")
    loaded = page.evaluate(
        "[...new Set(performance.getEntriesByType('resource').map(e => e.name.split('?')[0])"
        ".filter(n => n.includes('/assets/casebook/')))]"
    )
    files = [site / url.removeprefix(base_url) for url in loaded]
    assert any(f.name == "casebook.js" for f in files) and any(f.name == "casebook.css" for f in files)
    size = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    assert size <= BUDGET, f"{path}: {size} bytes gzipped from {[f.name for f in files]}"
