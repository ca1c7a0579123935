"""Find schools like mine, for a secondary school (issue 29): the course's secondary case study comes
first, and the list says how little the library knows about it."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect


def test_a_secondary_school_finds_the_course_case_study_and_is_told_how_little_is_known(page: Any) -> None:
    page.goto("case-studies/?like-phase=secondary")
    page.locator("html[data-cb-ready]").wait_for(state="attached")
    first = page.locator(".cb-results article").first
    expect(first).to_have_attribute("id", "card-video-case-study-1")
    expect(first.locator(".cb-why")).to_have_text("Similarity rank 1 of 9: same phase (secondary).")
    expect(first.locator(".cb-card-evidence")).to_have_text(
        "What the library has: A school's own account in a course video; the library has only the opening of "
        "the transcript, and it gives no facts about the school.")
    expect(page.locator(".cb-similar-note")).to_contain_text(
        "All 9 case studies are ordered by similarity to your school, Course case study 1: planning, piloting and "
        "implementing technology use first (the library knows little about it: a school's own account in a "
        "course video; the library has only the opening of the transcript, and it gives no facts about the "
        "school).")
    # Filtered to the course's videos: the kind of evidence is a filter like any other.
    page.goto("case-studies/?evidence=course-video")
    page.locator("html[data-cb-ready]").wait_for(state="attached")
    expect(page.locator(".cb-count")).to_have_text("4 of 9 case studies")
