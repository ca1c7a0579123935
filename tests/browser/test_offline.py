"""Save the library for offline use (offline.js, sw.js, offline.py), and pages never saved."""

from __future__ import annotations

import json
import re

from tests.browser.test_search import distinctive_word, search


def controlled(page, url: str) -> None:  # type: ignore[no-untyped-def]
    """Open `url` under the service worker's control (the first view only installs it)."""
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def test_the_manifest_lists_every_page_and_the_search_index(site) -> None:  # type: ignore[no-untyped-def]
    files = json.loads((site / "casebook-offline.json").read_text(encoding="utf-8"))["files"]
    assert "./" in files and "case-studies/school-a/" in files and "about/" in files
    assert any(f.startswith("pagefind/fragment/") for f in files)
    assert any(f.startswith("pagefind-headlines/fragment/") for f in files)
    assert "sw.js" not in files
    pages = {p.relative_to(site).as_posix().removesuffix("index.html") or "./" for p in site.rglob("index.html")
             if "pagefind" not in p.parts}
    assert pages <= set(files)


def test_saving_the_library_keeps_pages_never_visited_and_search(page, context, base_url: str) -> None:  # type: ignore[no-untyped-def]
    controlled(page, base_url + "about/")
    page.get_by_role("button", name="Save the library for offline use").click()
    status = page.locator(".cb-offline-status")
    status.filter(has_text=re.compile(r"^Saved: all \d+ files")).wait_for(timeout=120_000)
    assert page.locator(".cb-offline progress").evaluate("p => p.value === p.max")
    context.set_offline(True)
    try:
        page.goto(base_url + "case-studies/school-e/")  # never opened in this browser
        assert "School E" in page.inner_text("h1")
        links = search(page, distinctive_word("school-d"), finds="case-studies/school-d/")
        assert any("case-studies/school-d/" in link for link in links), links
    finally:
        context.set_offline(False)


def test_a_page_never_saved_says_so_offline(page, context, base_url: str) -> None:  # type: ignore[no-untyped-def]
    controlled(page, base_url)
    context.set_offline(True)
    try:
        page.goto(base_url + "cpd/journal-clubs/")
        assert "not saved for offline reading" in page.inner_text("h1")
        assert page.get_by_role("link", name="Save the library for offline use").count() == 1
    finally:
        context.set_offline(False)


def test_without_javascript_the_about_page_says_saving_needs_it(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + "about/")
        assert "needs JavaScript" in page.inner_text(".cb-offline")
    finally:
        context.close()
