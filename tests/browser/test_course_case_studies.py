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


def test_a_case_study_with_every_fact_not_stated_is_ranked_without_a_guess(page: Any) -> None:
    """The technical case study states no fact at all (not even its phase): each of the reader's facts is
    said to be not stated for it, and it is ranked by the average distance of the schools that state it,
    neither first nor dropped."""
    page.goto("case-studies/?like-pupils=200&like-fsm=10&like-phase=primary&like-setting=rural")
    page.locator("html[data-cb-ready]").wait_for(state="attached")
    card = page.locator("#card-video-case-study-technical")
    expect(card.locator(".cb-why")).to_have_text(
        "Similarity rank 5 of 9: pupil numbers not stated; free school meals not stated; phase not stated; "
        "setting not stated.")
    expect(page.locator(".cb-results article")).to_have_count(9)
