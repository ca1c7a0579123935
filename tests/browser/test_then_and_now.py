"""The Then and now page (issue 14) and the digital leadership and governance self-check, in Chromium.

The page reuses the libraries' filter script, so it keeps their contract: state in the URL query
(`?status=holds&standard=...`), native labelled checkboxes, one `article` per result holding a
link, the count in `role="status"`; with JavaScript off, every row is shown.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from casebook.library import Library, load_library
from casebook.render.thenandnow import ThenAndNow
from playwright.sync_api import Browser, Page, expect

from tests.accessibility import serious_violations

ROOT = Path(__file__).resolve().parents[2]
URL = "then-and-now/"
DLG = "digital-leadership-and-governance"
CHECK = "standard-digital-leadership-and-governance"
CHECK_URL = f"standards/{DLG}/#self-check"


@pytest.fixture(scope="module")
def rows() -> list[dict[str, object]]:
    """The crosswalk as the page should list it, computed from the content, not from the page."""
    library: Library = load_library(ROOT / "case_studies", ROOT)
    tn = ThenAndNow(library)
    return [{"status": r.status, "standards": r.standard_ids, "theme": r.theme} for r in tn.rows]


def visible_articles(page: Page) -> int:
    return page.locator(".cb-results article.cb-card:visible").count()


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_filters_follow_the_url_and_count_from_the_data(page: Page, rows: list[dict[str, object]]) -> None:
    total = len(rows)
    wanted = [r for r in rows if r["status"] == "holds" and DLG in r["standards"]]  # type: ignore[operator]
    page.goto(f"{URL}?status=holds&standard={DLG}")
    form = page.get_by_role("form", name="Filter the crosswalk")
    expect(form).to_be_visible()
    page.locator(".cb-panel").evaluate("d => { d.open = true; }")  # the facets start folded
    expect(form.get_by_role("checkbox", name="Still holds")).to_be_checked()
    expect(form.get_by_role("checkbox", name="Digital leadership and governance")).to_be_checked()
    expect(page.locator(".md-content").get_by_role("status")).to_have_text(f"{len(wanted)} of {total} items")
    assert visible_articles(page) == len(wanted)
    for article in page.locator(".cb-results article.cb-card:visible").all():
        expect(article.locator(".cb-tn-meta .cb-today")).to_have_text("Still holds")
        assert article.get_by_role("link").first.get_attribute("href")

    # A third filter narrows further, and the URL follows (facets AND'd, values OR'd).
    themes = Counter(r["theme"] for r in wanted)
    theme, n = themes.most_common(1)[0]
    assert isinstance(theme, str)
    form.locator(f"input[name=theme][value={theme}]").check()
    expect(page.locator(".md-content").get_by_role("status")).to_have_text(f"{n} of {total} items")
    page.wait_for_url(lambda url: parse_qs(urlparse(url).query).get("theme") == [theme])
    assert query(page)["status"] == ["holds"] and query(page)["standard"] == [DLG]

    # A second status is OR'd with the first.
    form.get_by_role("checkbox", name="Changed").check()
    either = [r for r in rows if r["status"] in ("holds", "changed") and DLG in r["standards"]  # type: ignore[operator]
              and r["theme"] == theme]
    expect(page.locator(".md-content").get_by_role("status")).to_have_text(f"{len(either)} of {total} items")
    page.wait_for_url(lambda url: parse_qs(urlparse(url).query).get("status") == ["holds", "changed"])

    # Reloading the URL restores the same list; clearing shows everything again.
    page.reload()
    expect(page.locator(".md-content").get_by_role("status")).to_have_text(f"{len(either)} of {total} items")
    form.get_by_role("button", name="Clear all filters").click()
    expect(page.locator(".md-content").get_by_role("status")).to_have_text(f"{total} items")
    assert visible_articles(page) == total
    page.wait_for_url(lambda url: "status=" not in url and "theme=" not in url)


def test_filter_counts_beside_each_box_match_the_data(page: Page, rows: list[dict[str, object]]) -> None:
    page.goto(URL)
    statuses = Counter(r["status"] for r in rows)
    for status, label in (("holds", "Still holds"), ("changed", "Changed"), ("new-since", "New since"),
                          ("not-assessed", "Not assessed")):
        box = page.locator(f"input[name=status][value={status}]")
        expect(box.locator("xpath=..")).to_contain_text(f"{label} ({statuses[status]})")


def test_without_javascript_every_row_shows_with_the_summary(browser: Browser, base_url: str,
                                                              rows: list[dict[str, object]]) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{URL}?status=holds")  # the query cannot filter without the script: nothing is hidden
        expect(page.locator("form.cb-filters")).to_be_hidden()
        expect(page.locator(".md-content").get_by_role("status")).to_have_text(f"{len(rows)} items")
        assert visible_articles(page) == len(rows)
        expect(page.locator(".cb-tn .cb-noscript-note")).to_be_visible()
        holds = sum(1 for r in rows if r["status"] == "holds")
        expect(page.locator("li[data-status=holds] .cb-tn-n")).to_have_text(str(holds))
        # Each standard's page still lists the items set beside it.
        page.goto(f"standards/{DLG}/")
        expect(page.locator("#then-and-now + p")).to_contain_text("items")
        expect(page.locator("details.cb-part-evidence").first).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_then_and_now_standards_and_badged_pages_are_axe_clean(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # the badges and the aside carry colours of their own
    for url in (URL, f"standards/{DLG}/", "standards/wireless-network/", "roles/technology-leader/",
                "guidance/vision-and-strategy/", "findings/ncsl-2007/"):
        page.goto(url)
        badges = page.locator("details.cb-today-detail")
        if badges.count():
            badges.first.evaluate("d => { d.open = true; }")  # check the opened disclosure too
        # On record pages in the dark scheme, only this parts are checked here: the rest of
        # those pages is test_quality.py's (whose dark-scheme check covers each page type).
        scope = ".cb-today-detail, .cb-today-aside" if scheme == "dark" and badges.count() else None
        assert serious_violations(page, scope) == [], f"{url} ({scheme})"


def test_badge_opens_from_the_keyboard(page: Page) -> None:
    page.goto("guidance/vision-and-strategy/")
    item = page.locator("li#start-from-learning")
    # The judgement's own disclosure, not the basis ("What the standard says") nested inside it.
    detail = item.locator("details.cb-today-detail:not(.cb-basis)")
    detail.locator("> summary").focus()
    page.keyboard.press("Enter")
    body = detail.locator("> .cb-today-body")
    expect(body).to_be_visible()
    expect(body).to_contain_text("digital leadership and governance standard")
    link = body.locator("a").first
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: f"/standards/{DLG}/" in url)


def test_the_standard_self_check_joins_the_hub_and_the_plan(page: Page) -> None:
    page.goto(CHECK_URL)
    section = page.locator(f"section.cb-selfcheck[data-selfcheck={CHECK}]")
    expect(section.locator(".cb-sc-tools")).to_be_visible()
    first = section.locator("li.cb-question").first
    first.get_by_role("radio", name="Not yet", exact=True).check()
    raw = page.evaluate("k => localStorage.getItem(k)", f"casebook:selfcheck:{CHECK}")
    assert json.loads(raw)["answers"][first.get_attribute("data-question")]["status"] == "not-yet"
    read_next = first.locator(".cb-read-next a").all_inner_texts()
    assert read_next, "a not-yet question points somewhere"

    page.goto("self-checks/")
    row = page.locator(f"tr[data-selfcheck={CHECK}]")
    expect(row).to_have_count(1)
    expect(page.locator("#for-standards")).to_be_visible()  # the hub's group for today's standards
    expect(row.locator(".cb-hub-progress")).to_contain_text("1 of")
    expect(row.get_by_role("link")).to_have_attribute("href", re.compile(rf"standards/{DLG}/#self-check$"))

    page.goto("self-checks/action-plan/")
    group = page.locator("section.cb-plan-group", has=page.get_by_role("heading", level=3,
                                                                       name="digital leadership and governance"))
    expect(group).to_have_count(1)
    expect(group.locator("li.cb-plan-item")).to_have_count(1)
    for title in read_next:
        expect(group.locator(".cb-plan-read").get_by_role("link", name=title)).to_be_visible()
