"""The reader's route (issue 27, "What to build" 1), in Chromium.

A page on several routes shows the bar of the route the reader is on (started, or arrived from);
every route has the bar, with "Mark as read" at the top and the end (one mark), targets of 24 px or
more; the home page offers to continue where the reader left off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import expect

from tests.browser.waits import view_ready

ROUTES = Path(__file__).resolve().parents[2] / "case_studies" / "routes"


def steps(route: str) -> int:
    """How many steps the route's file lists: the bar counts from the content."""
    return len(yaml.safe_load((ROUTES / f"{route}.yaml").read_text(encoding="utf-8"))["steps"])


def ready(page: Any, path: str = "") -> None:
    # The view of `path` itself: after an instant click the old view's flag stays while the address is new.
    view_ready(page, path or None)


def test_a_shared_page_shows_the_readers_route(page: Any) -> None:
    # vision-and-strategy is step 1 of the study route and step 2 of the technology leader's.
    page.goto("start/technology-leader/")
    ready(page)
    page.locator(".cb-route-steps > li").nth(1).get_by_role("link").click()
    ready(page, "/guidance/vision-and-strategy/")
    top = page.locator("nav.cb-route-top:visible")
    expect(top).to_have_count(1)
    expect(top).to_contain_text(f"I lead technology: step 2 of {steps('technology-leader')}")
    expect(page.locator("nav.cb-route-bottom:visible a[rel=next]")).to_have_text(
        "Step 3: Course case study 1: planning, piloting and implementing technology use →")
    # The same page from the study route shows the study route's bar.
    page.goto("start/study/")
    ready(page)
    page.locator(".cb-route-steps > li").first.get_by_role("link").click()
    ready(page, "/guidance/vision-and-strategy/")
    expect(page.locator("nav.cb-route-top:visible")).to_contain_text(f"I am studying: step 1 of {steps('study')}")


def test_mark_as_read_at_the_top_and_the_end_is_one_mark(page: Any) -> None:
    page.goto("start/headteacher/")
    ready(page)
    page.goto("case-studies/")  # step 3 of the headteacher's route, which has no progress flag in its file
    ready(page)
    bottom = page.locator("nav.cb-route-bottom:visible")
    box = bottom.get_by_label("Mark as read")
    size = bottom.locator(".cb-route-mark label").bounding_box()
    assert size and size["height"] >= 24
    for link in bottom.locator("a").all():
        b = link.bounding_box()
        assert b and b["height"] >= 24
    box.check()
    expect(page.locator("nav.cb-route-top:visible").get_by_label("Mark as read")).to_be_checked()
    saved = "(localStorage.getItem('casebook:section:route-headteacher') || '').includes('case-studies')"
    page.wait_for_function(saved)
    page.goto("start/headteacher/")
    ready(page)
    expect(page.locator(".cb-route-progress")).to_have_text("1 of 8 steps read.")


def test_home_offers_to_continue(page: Any) -> None:
    page.goto("")
    ready(page)
    expect(page.locator(".cb-continue")).to_be_hidden()  # a first visit: nothing to continue
    page.goto("start/technology-leader/")
    ready(page)
    page.locator(".cb-route-steps > li").nth(1).get_by_role("link").click()
    ready(page, "/guidance/vision-and-strategy/")
    page.locator(".cb-selfcheck input[type=radio]").first.check()
    page.wait_for_function("Object.keys(localStorage).some((k) => k.startsWith('casebook:selfcheck:'))")
    page.goto("")
    ready(page)
    box = page.locator(".cb-continue")
    expect(box).to_contain_text("Your route: I lead technology, step 2: Vision and strategy.")
    expect(box).to_contain_text("Self-check last answered: Self-check: vision and strategy")
    box.get_by_role("link", name="Vision and strategy", exact=True).click()
    ready(page, "/guidance/vision-and-strategy/")
