"""Links built from page state follow the state (issue 27, "What to build" 2), on every library page.

The class test: tick a filter, then follow every in-page link (the page's own address with a
fragment: "Skip to the results", the table of contents, heading permalinks) and the controls that
carry state ("Show N results", "Skip to the filters"); after each, the address still holds the filter
and the list still shows the same count. Before the fix, "Skip to the results" and the contents
links kept the address the page loaded with, so following one dropped the filters just ticked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from casebook.library import load_library
from casebook.render.thenandnow import ThenAndNow
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
LIB = load_library(ROOT / "case_studies", ROOT)
CHANGED = sum(1 for r in ThenAndNow(LIB).rows if r.status == "changed")
ROWS = len(ThenAndNow(LIB).rows)


def _count(kind: str, facet: str, value: str, noun: str) -> str:
    """The count a library shows with one value ticked, computed from the content."""
    models = LIB.models(kind)
    return f"{sum(1 for m in models if value in m.facets.get(facet, []))} of {len(models)} {noun}"


LIBRARIES = {
    # page: (the facet and value ticked, the count then shown)
    "case-studies/": ("setting", "rural", _count("schools", "setting", "rural", "case studies")),
    "guidance/": ("theme", "funding-and-procurement", _count("guidance", "theme", "funding-and-procurement",
                                                               "guidance themes")),
    "cpd/": ("theme", "vision-and-strategy", _count("cpd", "theme", "vision-and-strategy", "CPD models")),
    "then-and-now/": ("status", "changed", f"{CHANGED} of {ROWS} items"),
}

# Every same-page link with a fragment and no query of its own, marked so that each can be clicked in turn.
MARK = """() => {
  const found = [...document.querySelectorAll("a[href]")].filter((a) => {
    const url = new URL(a.href, location.href);
    return url.pathname === location.pathname && url.hash && !url.search && a.getClientRects().length;
  });
  found.forEach((a, i) => { a.dataset.stateLink = String(i); });
  return found.map((a) => a.getAttribute("href"));
}"""


def ready(page: Any) -> None:
    page.wait_for_selector("html[data-cb-ready]", state="attached")


def tick(page: Any, facet: str, value: str) -> None:
    page.locator(".cb-panel > summary").click()
    page.locator(f'.cb-facet input[name="{facet}"][value="{value}"]').check()
    page.wait_for_function("([f, v]) => new URLSearchParams(location.search).getAll(f).includes(v)", arg=[facet, value])


@pytest.mark.parametrize("path", list(LIBRARIES))
def test_every_in_page_link_and_control_keeps_the_filters(page: Any, path: str) -> None:
    facet, value, count = LIBRARIES[path]
    page.goto(path)
    ready(page)
    tick(page, facet, value)
    status = page.locator(".md-content .cb-count")
    expect(status).to_have_text(count)
    links = page.evaluate(MARK)
    assert len(links) >= 1, links  # "Skip to the results" at least (and the contents, where the page has one)
    assert any(h.endswith(f"#cb-results-{path.strip('/').replace('case-studies', 'schools')}") for h in links), links
    for i, href in enumerate(links):
        page.evaluate("(i) => document.querySelector(`[data-state-link='${i}']`).click()", i)
        fragment = href.partition("#")[2]
        expect(page.locator(f"[id='{fragment}']")).to_be_in_viewport()  # the jump was made
        assert parse_qs(urlparse(page.url).query).get(facet) == [value], f"{href} dropped the filter: {page.url}"
        expect(status).to_have_text(count)

    # "Show N results" says how many and goes to them, the filter kept.
    page.locator(".cb-panel").evaluate("d => { d.open = true; }")
    show = page.locator(".cb-show")
    expect(show).to_have_text(f"Show {count.split(' of ')[0]} {count.split(' ', 3)[3]}")
    show.click()
    expect(page.locator(".cb-panel")).not_to_have_attribute("open", "")
    expect(page.locator(".cb-results-title")).to_be_focused()
    assert parse_qs(urlparse(page.url).query).get(facet) == [value]

    # A reload of the address shows the same list: the state was in it.
    page.reload()
    ready(page)
    expect(status).to_have_text(count)


def test_similar_school_inputs_survive_the_in_page_links(page: Any) -> None:
    page.goto("case-studies/?like-pupils=200&like-setting=rural")
    ready(page)
    page.evaluate(MARK)
    page.locator("a.cb-skip").click()
    expect(page.locator("#cb-results-schools")).to_be_in_viewport()
    query = parse_qs(urlparse(page.url).query)
    assert query["like-pupils"] == ["200"] and query["like-setting"] == ["rural"]


def test_the_filters_are_the_first_or_second_tab_stop(page: Any) -> None:
    for path in ("cpd/", "then-and-now/", "case-studies/"):
        page.goto(path)
        ready(page)
        # First Material's "Skip to content" (on pages with a table of contents), then the filters'.
        for _ in range(2):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim()") == "Skip to the filters":
                break
        expect(page.locator(":focus")).to_have_text("Skip to the filters")
        page.keyboard.press("Enter")
        expect(page.locator(".cb-filters input[type=search]")).to_be_focused()


def test_phone_filter_in_two_taps(browser: Any, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    try:
        page = context.new_page()
        page.goto("then-and-now/")
        ready(page)
        page.locator(".cb-panel > summary").tap()
        page.get_by_label("Changed").tap()
        expect(page.locator(".md-content .cb-count")).to_have_text(f"{CHANGED} of {ROWS} items")
        page.locator(".cb-show").tap()
        expect(page.locator(".cb-results-title")).to_be_focused()
    finally:
        context.close()
