"""What the research says now (issue 29.3), in the browser: the research page and the Research badge
pass axe in both colour schemes, and the badge, its basis and its link work from the keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.accessibility import serious_violations

RESEARCH = "research/eef-digital-technology-2019/"
THEME = "guidance/vision-and-strategy/"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_research_page_and_the_badge_are_axe_clean(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # the badge carries colours of its own
    page.goto(RESEARCH)
    page.locator("html[data-cb-ready]").wait_for(state="attached")
    assert serious_violations(page) == [], f"{RESEARCH} ({scheme})"
    page.goto(THEME)
    page.locator("html[data-cb-ready]").wait_for(state="attached")
    badges = page.locator("details.cb-research-detail:not(.cb-basis)")
    expect(badges).to_have_count(2)
    badges.first.evaluate("d => { d.open = true; d.querySelector('details').open = true; }")
    assert serious_violations(page, ".cb-research-detail") == [], f"{THEME} ({scheme})"


def test_the_badge_and_its_basis_open_from_the_keyboard(page: Page) -> None:
    page.goto(THEME)
    page.locator("html[data-cb-ready]").wait_for(state="attached")
    item = page.locator("li#start-from-learning")
    detail = item.locator("> details.cb-research-detail")
    detail.locator("> summary").focus()
    page.keyboard.press("Enter")
    body = detail.locator("> .cb-research-body")
    expect(body).to_be_visible()
    basis = body.locator("> details.cb-basis")
    expect(basis.locator("blockquote").first).to_be_hidden()
    basis.locator("> summary").focus()
    page.keyboard.press("Enter")
    expect(basis.locator("blockquote")).to_have_text([
        "“Consider how technology will improve teaching and learning before introducing it.”",
        "“be clear on the rationale for how technology will improve learning”"])
    link = body.get_by_role("link", name="Using Digital Technology to Improve Learning: Decide how it will "
                                        "improve learning first")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.endswith(f"/{RESEARCH}#before-introducing-it"))
    expect(page.locator("li#before-introducing-it > strong")).to_have_text("Decide how it will improve learning first")
