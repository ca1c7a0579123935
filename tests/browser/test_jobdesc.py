"""The role page's job-description builder, in headless Chromium."""

from __future__ import annotations

from pathlib import Path

from casebook.library import load_library
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
ROLE = load_library(ROOT / "case_studies", ROOT).get("roles/technology-leader").model


def open_builder(page) -> None:  # type: ignore[no-untyped-def]
    """Open the role page and wait for the builder's script (loaded on demand) to reveal it."""
    page.goto("roles/technology-leader/")
    expect(page.locator(".cb-jd-form")).to_be_visible()


def test_ticked_items_make_the_draft(page) -> None:  # type: ignore[no-untyped-def]
    open_builder(page)
    first, second = ROLE.responsibilities[0], ROLE.responsibilities[1]
    quality = ROLE.qualities[0]
    page.get_by_label(first.title, exact=True).check()
    page.get_by_label(quality.title, exact=True).check()
    page.get_by_label("School name (optional)").fill("Rode Heath Primary")
    draft = page.locator(".cb-jd-output").input_value()
    assert f"- {first.title}" in draft
    assert f"- {quality.title}" in draft
    assert f"- {second.title}" not in draft
    assert "School: Rode Heath Primary" in draft
    assert draft.index("Responsibilities") < draft.index(first.title) < draft.index("Personal qualities")


def test_download_gives_the_same_draft(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    open_builder(page)
    for item in ROLE.responsibilities[:3]:
        page.get_by_label(item.title, exact=True).check()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download as a text file").click()
    saved = tmp_path / "draft.txt"
    info.value.save_as(saved)
    content = saved.read_text(encoding="utf-8")
    assert content.strip() == page.locator(".cb-jd-output").input_value().strip()
    assert all(f"- {item.title}" in content for item in ROLE.responsibilities[:3])


def test_keyboard_only(page) -> None:  # type: ignore[no-untyped-def]
    open_builder(page)
    box = page.get_by_label(ROLE.qualities[1].title, exact=True)
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    assert ROLE.qualities[1].title in page.locator(".cb-jd-output").input_value()


def test_copy_puts_the_draft_on_the_clipboard(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=base_url, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    open_builder(page)
    page.get_by_label(ROLE.responsibilities[0].title, exact=True).check()
    page.get_by_role("button", name="Copy the draft").click()
    page.locator(".cb-jd-status", has_text="copied").wait_for()
    assert ROLE.responsibilities[0].title in page.evaluate("navigator.clipboard.readText()")
    context.close()


def test_without_javascript_the_lists_remain(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("roles/technology-leader/")
    assert not page.locator(".cb-jd-form").is_visible()
    assert page.locator("#responsibilities + ol > li").count() == len(ROLE.responsibilities)
    context.close()
