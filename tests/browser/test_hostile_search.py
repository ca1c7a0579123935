"""Contributed text reaches the search results as text (issue 11): Material's search box writes a
result's title and preview as HTML, so the Pagefind answers are escaped before it sees them; and
Zensical's own search, which the plugin does not feed, shows the same text as text too."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.test_search import RESULT_LINKS, open_search
from tests.conftest import build_site, copy_project, serve
from tests.samples import school

TITLE = 'Quillwort <img src=x onerror="window.__pwned=1"> <b>Academy</b>'
SUMMARY = 'Quillwort pupils <svg onload="window.__pwned=2"></svg> run a podcast <script>window.__pwned=3</script>.'


def hostile_site(tmp_path_factory: pytest.TempPathFactory, engine: str) -> Iterator[str]:
    project = copy_project(tmp_path_factory.mktemp(f"hostile-search-{engine}"))
    text = school("school-x", json.dumps(TITLE)).replace(
        "A secondary school on the Fenland coast where pupils run a podcast studio\n"
        "  and teach the staff to edit sound.", json.dumps(SUMMARY))
    (project / "case_studies" / "schools" / "school-x.yaml").write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp(f"hostile-search-site-{engine}")
    url, server = serve(out)
    result = build_site(project, out, site_url=url, engine=engine)
    assert result.returncode == 0, result.stderr
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from hostile_site(tmp_path_factory, "mkdocs")


@pytest.fixture(scope="module")
def hostile_zensical_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from hostile_site(tmp_path_factory, "zensical")


@contextlib.contextmanager
def searched(browser, url: str) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """A fresh page of the hostile site with "quillwort" typed into its search box; afterwards,
    nothing contributed has run (no script, no dialog)."""
    context = browser.new_context(base_url=url)
    # Every element of the content's put into the page (its shadow roots included) that could run
    # code, noted as it is inserted: the check below does not depend on how long one waits.
    context.add_init_script(INSERTED)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    open_search(page)
    page.keyboard.type("quillwort", delay=20)
    try:
        yield page
        assert page.evaluate("window.__pwned") is None and not dialogs
        assert page.evaluate("window.__inserted") == []
    finally:
        context.close()


INSERTED = """
window.__inserted = [];
const risky = (node) => node.nodeType === 1 && (/^(IMG|SVG|SCRIPT|IFRAME|OBJECT|EMBED)$/i.test(node.tagName)
  || [...node.attributes].some((a) => a.name.startsWith("on")));
const watch = (root) => new MutationObserver((changes) => {
  for (const change of changes) for (const node of change.addedNodes) {
    if (node.nodeType !== 1) continue;
    for (const el of [node, ...node.querySelectorAll("*")]) {
      if (el.shadowRoot) watch(el.shadowRoot);
      if (risky(el) && el.outerHTML.includes("__pwned")) {  // from the content, not the theme's icons
        window.__inserted.push(el.outerHTML.slice(0, 80));
      }
    }
  }
}).observe(root, { childList: true, subtree: true });
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) { const root = attach.call(this, init); watch(root); return root; };
document.addEventListener("DOMContentLoaded", () => watch(document.documentElement));
"""


def test_hostile_titles_and_text_are_shown_as_text_in_search_results(browser, hostile_url: str) -> None:  # type: ignore[no-untyped-def]
    with searched(browser, hostile_url) as page:
        page.wait_for_selector(RESULT_LINKS)
        results = page.locator(".md-search-result")
        expect(results).to_contain_text("<b>Academy</b>")  # the title's markup is shown as text
        assert results.locator("img, svg, script, b").count() == 0


def test_hostile_titles_and_text_are_shown_as_text_in_zensicals_search(browser, hostile_zensical_url: str) -> None:  # type: ignore[no-untyped-def]
    with searched(browser, hostile_zensical_url) as page:
        results = page.locator('a[href*="?h=quillwort"]')  # in the search dialog's shadow root
        expect(results.first).to_be_visible()
        expect(results.first).to_contain_text("Academy")
        shown = " ".join(results.all_inner_texts())
        assert "Academy" in shown and "&lt;" not in shown and "&amp;" not in shown, shown  # text, escaped once
        assert results.locator("img, script, b").count() == 0
