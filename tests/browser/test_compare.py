"""Compare what readers are asked to compare (issue 27, "What to build" 4), in Chromium.

The CPD models side by side on the CPD library page (the standard's principles each meets, its
format, the schools that used it), checked cell by cell against the content; the school comparison
with the schools the reader picks; both usable on a 390 px phone with the row labels in view.
"""

from __future__ import annotations

from typing import Any

from casebook.library import load_library
from playwright.sync_api import expect

from tests.conftest import ROOT

LIB = load_library(ROOT / "case_studies", ROOT)


def ready(page: Any) -> None:
    page.wait_for_selector("html[data-cb-ready]", state="attached")


def test_cpd_models_side_by_side_match_the_content(page: Any) -> None:
    page.goto("cpd/")
    ready(page)
    table = page.locator(".cb-compare-cpd table")
    models = LIB.models("cpd")
    # textContent: the table is laid out only near the screen (content-visibility), so innerText may be empty.
    text = "(els) => els.map((e) => e.textContent.trim())"
    heads = table.locator("thead th").evaluate_all(text)
    assert heads[0] == "Model" and sorted(heads[1:]) == sorted(m.title for m in models)
    by_title = {m.title: m for m in models}
    principles = LIB.facet("pd-principle").values  # type: ignore[union-attr]
    rows = {r.locator("th").evaluate("e => e.textContent.trim()"): r.locator("td").evaluate_all(text)
            for r in table.locator("tbody tr").all()}
    assert list(rows) == ["Format", *(p.label for p in principles), "Schools that used it"]
    for column, title in enumerate(heads[1:]):
        model = by_title[title]
        for p in principles:
            want = "✓ Meets" if p.id in model.principles else "Not linked"
            assert rows[p.label][column].strip() == want, (title, p.id)
        used = [LIB.get(u.school).model.title for u in model.used_by]  # type: ignore[union-attr]
        assert rows["Schools that used it"][column] == (", ".join(used) or "None recorded"), title


def test_compare_on_a_phone_keeps_row_labels_and_lets_the_reader_pick(browser: Any, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    try:
        page = context.new_page()
        page.goto("cpd/")
        ready(page)
        box = page.locator(".cb-compare-cpd")
        box.scroll_into_view_if_needed()
        # Scrolled on every poll: until the table's styles have laid it out wider than the box, a scroll
        # does nothing (one scroll before that point left the box at 0 and the wait timed out under load).
        page.wait_for_function("(() => { const b = document.querySelector('.cb-compare-cpd'); "
                               "b.scrollLeft = 600; return b.scrollLeft > 0; })()")
        label = box.locator("th[scope=row]").first.bounding_box()
        frame = box.bounding_box()
        assert label and frame and abs(label["x"] - frame["x"]) < 2  # the row labels stayed in view
        assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")

        page.goto("case-studies/")
        ready(page)
        pick = page.locator(".cb-compare-pick")
        expect(pick).to_be_visible()
        pick.get_by_label("School E", exact=True).check()
        pick.get_by_label("School B", exact=True).check()
        heads = page.locator(".cb-compare-table thead th")
        expect(heads).to_have_text(["Fact", "School B", "School E"])
        # Two schools and the row labels fit the phone's width: nothing of them is clipped.
        last = heads.nth(2).bounding_box()
        assert last and last["x"] + last["width"] <= 390 - 16 + 1
        pick.get_by_label("School E", exact=True).uncheck()
        pick.get_by_label("School B", exact=True).uncheck()
        # With none ticked, the schools the filters show, six at a time (the table's data-page-size).
        expect(heads).to_have_count(1 + min(6, len(LIB.models("schools"))))
    finally:
        context.close()
