"""The project's own JavaScript and CSS stay within 15 KB gzipped on a page, with two named exceptions.

The budget was 15 KB until stop 11 and raised to 24 KB in the last round (pages then weighed 18.1-22.4 KB).
Serving the modules and stylesheets without their comments (served.py) brought it back down: 5.1-17.2 KB.
Two kinds of page stay over 15 KB, each for a reason the test names:
- a page that shows the reader's saved answers loads store.js (the storage format, migration, merging
  imports: 4.6 KB gzipped by itself) beside the page's own code: 18 KB (the action plan, 17.2 KB, is the
  heaviest; the job-description builder on the role page, the hub and Where we stand are 15-16 KB);
- the case-study library runs the filters, the comparison and "Find schools like mine" together: 16 KB
  (15.9 KB).
Getting these to 15 KB needs a real minifier at build time (the site builds with Python alone, and the
well-kept Python one, rjsmin, corrupts the modules' nested template literals) or loading "Find schools like
mine" only when opened. The test fails on any page that grows past its mark."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

BUDGET = 15 * 1024
ANSWERS = 18 * 1024
"""A page that loads store.js to show the reader's saved answers."""
LIBRARY = 16 * 1024
"""The case-study library: filters, the comparison table and "Find schools like mine"."""

PAGES = ["", "case-studies/", "case-studies/school-a/", "guidance/funding-and-procurement/", "cpd/",
         "roles/technology-leader/", "self-checks/", "self-checks/headteacher-appendix-1/",
         "self-checks/action-plan/", "glossary/", "where-we-stand/", "standards/cyber-security/",
         "start/study/", "then-and-now/"]


@pytest.mark.parametrize("path", PAGES)
def test_own_code_is_within_budget(page, site: Path, base_url: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(path)
    page.wait_for_load_state("networkidle")
    loaded = page.evaluate(
        "[...new Set(performance.getEntriesByType('resource').map(e => e.name.split('?')[0])"
        ".filter(n => n.includes('/assets/casebook/')))]"
    )
    files = [site / url.removeprefix(base_url) for url in loaded]
    names = [f.name for f in files]
    assert "casebook.js" in names and "casebook.css" in names
    budget = LIBRARY if path == "case-studies/" else ANSWERS if "store.js" in names else BUDGET
    size = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    assert size <= budget, f"{path}: {size} bytes gzipped from {names} (budget {budget})"
