"""A page that holds still on a phone (issue 27): what a script fills in has its place from the first paint.

Lighthouse measured the action plan's layout shift at 0.127 on a phone: the plan was hidden until plan.js
had read the saved answers and drew it. It is now drawn at build time as it stands empty, with its
stylesheet linked from the page, and plan.js fills it in place."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.waits import view_ready

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SHIFT = """window.__shift = 0; new PerformanceObserver((list) => { for (const e of list.getEntries())
    if (!e.hadRecentInput) window.__shift += e.value; }).observe({ type: "layout-shift", buffered: true });"""
PLAN = "self-checks/action-plan/"
EMPTY = ("Nothing in your plan yet: no practice is answered “not yet” or “in progress”, and no open question "
         "is marked to act on, in this browser.")
PAGES = ["", "case-studies/", "then-and-now/", "self-checks/", "self-checks/headteacher-appendix-1/", PLAN,
         "where-we-stand/", "roles/technology-leader/"]


@pytest.mark.parametrize("path", PAGES)
def test_a_page_shifts_no_more_than_a_tenth_as_it_starts_on_a_phone(browser: Any, base_url: str, path: str) -> None:
    context = browser.new_context(base_url=base_url, **PHONE)
    try:
        page = context.new_page()
        page.add_init_script(SHIFT)
        page.goto(path)
        view_ready(page)
        page.wait_for_load_state("networkidle")
        shift = page.evaluate("window.__shift")
        assert shift <= 0.1, f"{path}: layout shift {shift:.3f}"
    finally:
        context.close()


def test_the_empty_plan_is_laid_out_before_its_script_runs(browser: Any, base_url: str) -> None:
    """With plan.js held back, the plan is on the page with its controls, its status and the hub link,
    styled (its stylesheet is linked from the page, not added by the script)."""
    context = browser.new_context(base_url=base_url, **PHONE)
    try:
        page = context.new_page()
        page.route("**/assets/casebook/plan.js", lambda route: route.abort())
        page.goto(PLAN)
        plan = page.locator(".cb-plan")
        expect(plan).to_be_visible()
        expect(plan.locator(".cb-plan-status")).to_have_text(EMPTY)
        expect(plan.locator(".cb-plan-from")).to_have_text("no self-check yet")
        expect(plan.get_by_role("link", name="Go to every self-check")).to_be_visible()
        expect(plan.locator(".cb-plan-actions")).to_be_hidden()
        assert plan.locator(".cb-plan-controls").evaluate("e => getComputedStyle(e).display") == "flex"
    finally:
        context.close()


def test_the_script_fills_the_empty_plan_with_the_same_words(page: Any) -> None:  # type: ignore[no-untyped-def]
    page.goto(PLAN)
    view_ready(page)
    expect(page.locator(".cb-plan-date")).not_to_be_empty()
    expect(page.locator(".cb-plan-status")).to_have_text(EMPTY)
    expect(page.locator(".cb-plan-from")).to_have_text("no self-check yet")


def test_without_javascript_the_plan_is_not_shown_and_the_note_is(browser: Any, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(PLAN)
        expect(page.locator(".cb-plan")).to_be_hidden()
        expect(page.locator(".cb-noscript-note")).to_contain_text(
            "The action plan is built from answers saved in your browser, which needs JavaScript.")
    finally:
        context.close()
