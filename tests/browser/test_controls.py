"""Controls (issue 27, "What to build" 6; issue 23, findings 10 and 14), in Chromium.

Anything that clears the reader's work offers to undo it; a refused save is said; adjacent buttons
stand 8 px or more apart; "Find schools like mine" clamps what an address asks for to what the model
allows, says so, links "How to contribute" and says why the cards are in a new order.
"""

from __future__ import annotations

import itertools
from typing import Any
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

GAP = 8  # px between adjacent targets


def ready(page: Any) -> None:
    page.wait_for_selector("html[data-cb-ready]", state="attached")


def open_builder(page: Any) -> None:
    page.goto("roles/technology-leader/")
    ready(page)
    expect(page.locator(".cb-jd-form")).to_be_visible()


def test_start_again_offers_undo(page: Any) -> None:
    open_builder(page)
    boxes = page.locator('input[name="responsibility"]')
    boxes.nth(0).check()
    boxes.nth(2).check()
    page.get_by_label("School name (optional)").fill("Rode Heath Primary")
    page.get_by_role("button", name="Start again").click()
    expect(page.locator(".cb-jd-status")).to_have_text("Choices cleared.")
    assert not boxes.nth(0).is_checked() and page.get_by_label("School name (optional)").input_value() == ""
    undo = page.get_by_role("button", name="Undo")
    expect(undo).to_be_focused()
    undo.click()
    expect(page.locator(".cb-jd-status")).to_have_text("Choices restored.")
    assert boxes.nth(0).is_checked() and boxes.nth(2).is_checked() and not boxes.nth(1).is_checked()
    assert page.get_by_label("School name (optional)").input_value() == "Rode Heath Primary"
    # Restored in storage too: a reload keeps them.
    page.reload()
    expect(page.locator(".cb-jd-form")).to_be_visible()
    expect(boxes.nth(2)).to_be_checked()
    expect(page.get_by_label("School name (optional)")).to_have_value("Rode Heath Primary")


def test_a_refused_save_is_said(page: Any) -> None:
    open_builder(page)
    refuse = "() => { Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); }; }"
    page.evaluate(refuse)
    page.locator('input[name="responsibility"]').first.check()
    expect(page.locator(".cb-jd-status")).to_have_text(
        "Your choices could not be saved in this browser (its storage is full or switched off), so they will be "
        "gone when you leave this page: copy or download the draft to keep it.")


def test_adjacent_buttons_stand_apart(page: Any) -> None:
    open_builder(page)
    names = ["Copy the draft", "Download as a text file", "Start again"]
    boxes = [page.get_by_role("button", name=n).bounding_box() for n in names]
    for left, right in itertools.pairwise(boxes):
        same_row = abs(left["y"] - right["y"]) < 1
        gap = right["x"] - (left["x"] + left["width"]) if same_row else right["y"] - (left["y"] + left["height"])
        assert gap >= GAP, (names, boxes)
        assert left["height"] >= 24


def test_an_address_out_of_range_is_clamped_and_said(page: Any) -> None:
    page.goto("case-studies/?like-pupils=1e-7&like-fsm=1e308&like-phase=secondary")
    ready(page)
    note = page.locator(".cb-similar-note")
    expect(note).to_contain_text("The address asked for 1e-7 pupils; the library compares 1 to 5,000, so 1 is used.")
    expect(note).to_contain_text(
        "The address asked for 1e308 per cent on free school meals; the library compares 0 to 100, so 100 is used.")
    assert "1e+308" not in note.inner_text()
    # The library has a secondary school now (a course video): no "none matches your phase" note.
    assert "No case study is of" not in note.inner_text()
    # The list says why its order changed, and the address now holds what was used.
    why = page.locator(".cb-similar-why")
    expect(why).to_contain_text("In order of similarity to the school the address describes")
    query = parse_qs(urlparse(page.url).query)
    assert query["like-pupils"] == ["1"] and query["like-fsm"] == ["100"]
    page.goto("case-studies/?like-fsm=-50")
    ready(page)
    expect(page.locator(".cb-similar-note")).to_contain_text(
        "The address asked for -50 per cent on free school meals; the library compares 0 to 100, so 0 is used.")
    assert page.get_by_label("Free school meals (per cent)").input_value() == "0"


def test_clearing_similar_offers_undo(page: Any) -> None:
    page.goto("case-studies/?like-pupils=250&like-setting=rural")
    ready(page)
    page.get_by_role("button", name="Clear and restore the order").click()
    assert page.get_by_label("Pupils on roll").input_value() == ""
    page.get_by_role("button", name="Undo the clearing").click()
    assert page.get_by_label("Pupils on roll").input_value() == "250"
    page.wait_for_function("new URLSearchParams(location.search).get('like-pupils') === '250'")
    expect(page.locator("#card-school-b .cb-why")).to_be_visible()


def test_offline_saving_is_offered_from_the_home_page(page: Any) -> None:
    page.goto("")
    ready(page)
    expect(page.get_by_role("button", name="Save the library for offline use")).to_be_visible()
