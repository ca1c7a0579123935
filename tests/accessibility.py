"""The accessibility check every browser test shares: axe-core's serious and critical findings.

Nothing is let through: Material's own chrome had two findings (the search dialog without a
name, the footer's contrast) and the project's CSS and JavaScript fix both.
"""

from __future__ import annotations

from typing import Any


def serious_violations(page: Any, scope: str | None = None) -> list[str]:
    """Every serious or critical axe-core finding on `page` (within the CSS selector `scope`)."""
    from axe_playwright_python.sync_playwright import Axe

    ready(page)
    found = []
    for violation in Axe().run(page, context=scope).response["violations"]:
        if violation.get("impact") in ("serious", "critical"):
            found += [f"{violation['id']} ({violation['impact']}) at {' '.join(node['target'])}: {violation['help']}"
                      for node in violation["nodes"]]
    return found


def ready(page: Any) -> None:
    """Wait for the page as a reader sees it: every feature set up (casebook.js marks `<html
    data-cb-ready>`; a page without the library's script has nothing to wait for) and every
    stylesheet loaded (the library's own load on demand). Checked before that, axe saw the library's
    cards before filtering and without their styles."""
    page.wait_for_function("""() => (!document.querySelector('script[src*="assets/casebook/casebook.js"]')
        || 'cbReady' in document.documentElement.dataset)
        && [...document.querySelectorAll('link[rel=stylesheet]')].every((link) => link.sheet)""")
