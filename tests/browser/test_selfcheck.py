"""Self-check appendices, the self-check hub and the action plan, driven in headless Chromium.

Answers live only in localStorage under one key per self-check (see assets/store.js, transfer.js):
`casebook:selfcheck:<id>` -> {"format": 3, "version", "updated", "answers": {<question id>:
                              {status?, note?, act?, at?, owner?, due?, action?, step?, done?, planAt?}}}.
Format 1 (no "format", statuses only) and format 2 (no dates per answer) are what earlier versions
saved; they are upgraded on first read, with nothing lost. `at` and `planAt` are change times.
A practice is answered with a status (radio buttons), a reflection in the reader's words (a text box)
with an "I need to act on this" checkbox.
"""

from __future__ import annotations

import csv
import html as htmllib
import io
import json
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from tests.accessibility import serious_violations
from tests.browser.waits import view_ready

HEAD = "headteacher-appendix-1"
HEAD_URL = f"self-checks/{HEAD}/"
FUNDING = "guidance-funding-and-procurement"
FUNDING_URL = "guidance/funding-and-procurement/#self-check"
HUB_URL = "self-checks/"
PLAN_URL = "self-checks/action-plan/"
KEY = "casebook:selfcheck:"


# -- helpers ------------------------------------------------------------------------------


@pytest.fixture
def sc_page(page: Page) -> Iterator[Page]:
    """The conftest `page`, also failing on errors that casebook.js catches and logs per feature."""
    logged: list[str] = []
    page.on("console", lambda m: logged.append(m.text) if m.type == "error" and "casebook" in m.text else None)
    yield page
    assert not logged, f"casebook features logged errors: {logged}"


def enable_instant_navigation(page: Page, base_url: str) -> None:
    """Let Material's instant navigation run on the test server.

    Material only intercepts links listed in sitemap.xml, whose URLs it moves to the page's host
    but not to its port; the test server's random port never matches `site_url`'s, so without
    this every click would be a full page load and instant navigation would go untested.
    """
    site_url = re.compile(r"https?://[^/<]+/")

    def rewrite(route: Any) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=site_url.sub(base_url, response.text()))

    # On the context, not the page: once the site's service worker controls the page, the
    # worker makes the requests, and only context routes see those.
    page.context.route("**/sitemap.xml", rewrite)


def open_check(page: Page, url: str) -> Locator:
    """Open a page with a self-check and wait until its script has revealed the controls."""
    page.goto(url)
    section = page.locator("section.cb-selfcheck")
    expect(section.locator(".cb-sc-tools")).to_be_visible()
    return section


def question(section: Locator, index: int) -> Locator:
    return section.locator("li.cb-question").nth(index)


def question_ids(section: Locator) -> list[str]:
    return [li.get_attribute("data-question") or "" for li in section.locator("li.cb-question").all()]


def answer(item: Locator, status: str, note: str | None = None) -> None:
    """Answer through the native controls, found by their accessible names as a reader would."""
    item.get_by_role("radio", name=status, exact=True).check()
    if note is not None:
        item.get_by_role("textbox", name="Note (optional)").fill(note)


def stored_raw(page: Page, check: str) -> Any:
    raw = page.evaluate("k => localStorage.getItem(k)", KEY + check)
    return None if raw is None else json.loads(raw)


TIMES = ("at", "planAt")


def untimed(answers: dict[str, Any]) -> dict[str, Any]:
    """Answers without their change times (`at`, `planAt`), which every write sets to the clock."""
    return {q: {k: v for k, v in a.items() if k not in TIMES} if isinstance(a, dict) else a for q, a in answers.items()}


def stored(page: Page, check: str) -> Any:
    """The stored record of `check`, its answers without their change times (see `stored_raw`)."""
    record = stored_raw(page, check)
    if isinstance(record, dict) and isinstance(record.get("answers"), dict):
        record["answers"] = untimed(record["answers"])
    return record


def seed(page: Page, records: dict[str, Any]) -> None:
    """Put raw values (records as JSON, or any string) into storage, from a page of the site."""
    if not page.url.startswith("http"):
        page.goto("./")  # localStorage belongs to the site's origin
    for check, value in records.items():
        raw = value if isinstance(value, str) else json.dumps(value)
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY + check, raw])


def catalogue(page: Page) -> list[dict[str, Any]]:
    """The self-checks as the hub and plan pages embed them."""
    return json.loads(page.locator("#cb-selfchecks").get_attribute("data-checks") or "[]")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """Text of a PDF: pypdf if installed, else poppler's pdftotext."""
    try:
        from pypdf import PdfReader
    except ImportError:
        tool = shutil.which("pdftotext")
        if not tool:
            pytest.fail("reading the printed plan needs the Python package pypdf (or poppler-utils' pdftotext)")
        pdf = tmp_path / "print.pdf"
        pdf.write_bytes(data)
        return subprocess.run([tool, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def plain(markdown: str) -> str:
    """Question text as the plan shows it: Markdown emphasis and link syntax removed."""
    return squash(re.sub(r"[*`]", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)))


def practice(section: Locator, index: int) -> Locator:
    return section.locator("li.cb-question[data-kind=practice]").nth(index)


def reflection(section: Locator, index: int) -> Locator:
    return section.locator("li.cb-question[data-kind=reflection]").nth(index)


def ids_of(section: Locator, kind: str) -> list[str]:
    return [li.get_attribute("data-question") or ""
            for li in section.locator(f"li.cb-question[data-kind={kind}]").all()]


def reflect(item: Locator, words: str, act: bool = False) -> None:
    item.get_by_role("textbox", name="Your answer").fill(words)
    if act:
        item.get_by_role("checkbox", name=re.compile("I need to act on this")).check()


def questions_of(page: Page) -> dict[str, dict[str, dict[str, Any]]]:
    """Every question of every self-check, by self-check id and question id, from the page's catalogue."""
    return {c["id"]: {q["id"]: q for g in c["groups"] for q in g["questions"]} for c in catalogue(page)}


def nospace(text: str) -> str:
    """Text with every space, line break and soft hyphen removed, and ligatures (ﬀ, ﬁ) as letters:
    what a PDF holds whatever its fonts and wherever its lines break (a break after "mini-" must
    not read as "mini- suites")."""
    return re.sub(r"[\s\u00ad]+", "", unicodedata.normalize("NFKC", text))


HUMAN = re.compile(r"^\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|"
                   r"December) \d{4}$")


# -- the content: every question has a kind that fits its wording -----------------------------


def test_a_reflection_is_answered_in_words_and_a_practice_rated(sc_page: Page) -> None:
    page = sc_page
    section = open_check(page, HEAD_URL)
    kinds = {li.get_attribute("data-question"): li.get_attribute("data-kind")
             for li in section.locator("li.cb-question").all()}
    # The report's open questions are reflections, its yes/no questions about the school practices.
    assert kinds["aspects-that-excite-you"] == "reflection"
    assert kinds["who-draws-up-plans"] == "reflection"
    assert kinds["stakeholders-involved"] == "practice"
    item = section.locator('li[data-question="aspects-that-excite-you"]')
    expect(item.get_by_role("radio")).to_have_count(0)
    expect(item.get_by_role("textbox", name="Your answer")).to_be_visible()
    expect(item.get_by_role("checkbox", name=re.compile("I need to act on this"))).not_to_be_checked()
    item = section.locator('li[data-question="stakeholders-involved"]')
    expect(item.get_by_role("radio")).to_have_count(3)
    expect(item.get_by_role("textbox", name="Note (optional)")).to_be_visible()
    expect(item.get_by_role("checkbox")).to_have_count(0)


# -- answering, saving, clearing, progress ------------------------------------------------------


def test_answers_survive_reload_and_instant_navigation(sc_page: Page, base_url: str) -> None:
    page = sc_page
    enable_instant_navigation(page, base_url)
    sent: list[str] = []
    page.on("request", lambda r: sent.append(f"{r.method} {r.url} {r.post_data or ''}"))
    section = open_check(page, HEAD_URL)
    total = section.locator("li.cb-question").count()
    practices = ids_of(section, "practice")
    reflections = ids_of(section, "reflection")
    expect(section.locator(".cb-progress-text")).to_have_text(f"0 of {total} answered, 0 in place")
    expect(section.locator(".cb-noscript-note")).to_be_hidden()

    reflect(reflection(section, 0), "Pupils filming their own science experiments", act=True)
    reflect(reflection(section, 1), "Mini-suites in each key stage")
    answer(practice(section, 0), "Not yet", "Ask at the staff meeting")
    answer(practice(section, 1), "In progress")
    answer(practice(section, 2), "In place")
    expect(section.locator(".cb-progress-text")).to_have_text(f"5 of {total} answered, 1 in place")
    expect(section.locator("progress")).to_have_js_property("value", 5)

    record = stored(page, HEAD)
    assert record["format"] == 3 and record["version"] == 1
    assert record["answers"] == {
        reflections[0]: {"note": "Pupils filming their own science experiments", "act": True},
        reflections[1]: {"note": "Mini-suites in each key stage"},
        practices[0]: {"status": "not-yet", "note": "Ask at the staff meeting"},
        practices[1]: {"status": "in-progress"},
        practices[2]: {"status": "in-place"},
    }

    page.reload()
    section = open_check(page, HEAD_URL)
    expect(reflection(section, 0).get_by_role("textbox")).to_have_value("Pupils filming their own science experiments")
    expect(reflection(section, 0).get_by_role("checkbox")).to_be_checked()
    expect(reflection(section, 1).get_by_role("checkbox")).not_to_be_checked()
    expect(practice(section, 0).get_by_role("radio", name="Not yet")).to_be_checked()
    expect(practice(section, 0).get_by_role("textbox")).to_have_value("Ask at the staff meeting")
    expect(practice(section, 1).get_by_role("radio", name="In progress")).to_be_checked()
    expect(practice(section, 2).get_by_role("radio", name="In place")).to_be_checked()
    expect(practice(section, 3).get_by_role("radio", checked=True)).to_have_count(0)
    expect(section.locator(".cb-progress-text")).to_have_text(f"5 of {total} answered, 1 in place")

    # Material's instant navigation swaps the content without a reload: a marker on `window`
    # survives only if no full page load happened, which proves the swap path was the one tested.
    page.evaluate("window.__stillSamePage = true")
    page.wait_for_load_state("networkidle")  # Material intercepts clicks once it has the sitemap
    page.locator(".md-nav--primary a", has_text="All self-checks").click()
    expect(page).to_have_url(re.compile(r"/self-checks/$"))
    view_ready(page, "/self-checks/")  # the hub's view (the address changes before the swap)
    row = page.locator(f'tr[data-selfcheck="{HEAD}"]')
    expect(row.locator(".cb-hub-progress")).to_have_text(f"5 of {total} answered, 1 in place")
    expect(page.locator(f'tr[data-selfcheck="{FUNDING}"] .cb-hub-progress')).to_have_text("Not started")
    assert page.evaluate("window.__stillSamePage") is True

    page.go_back()
    expect(page).to_have_url(re.compile(HEAD_URL))
    view_ready(page, f"/{HEAD_URL}")
    section = page.locator("section.cb-selfcheck")
    expect(practice(section, 0).get_by_role("radio", name="Not yet")).to_be_checked()
    expect(reflection(section, 0).get_by_role("checkbox")).to_be_checked()
    expect(section.locator(".cb-progress-text")).to_have_text(f"5 of {total} answered, 1 in place")
    assert page.evaluate("window.__stillSamePage") is True

    # Answering after an instant navigation still saves (the new content was wired up).
    answer(practice(section, 3), "In place")
    expect(section.locator(".cb-progress-text")).to_have_text(f"6 of {total} answered, 2 in place")
    assert stored(page, HEAD)["answers"][practices[3]] == {"status": "in-place"}

    # Nothing of the answers left the browser: only page loads, no request carries the words.
    assert sent and all(r.startswith("GET ") and "staff meeting" not in r and "filming" not in r for r in sent)


def test_one_answer_can_be_cleared_without_resetting_the_rest(sc_page: Page) -> None:
    page = sc_page
    section = open_check(page, HEAD_URL)
    total = section.locator("li.cb-question").count()
    first = practice(section, 0)
    expect(first.get_by_role("button", name="Clear answer")).to_be_disabled()  # nothing to clear yet
    answer(first, "In place", "Timetable has two ICT slots")
    reflect(reflection(section, 0), "Animation", act=True)
    answer(practice(section, 1), "Not yet")
    qid = first.get_attribute("data-question")
    page.goto(PLAN_URL)
    page.locator("li.cb-plan-item").first.get_by_role("textbox", name="Owner").fill("Deputy")
    section = open_check(page, HEAD_URL)
    first = practice(section, 0)
    expect(section.locator(".cb-progress-text")).to_have_text(f"3 of {total} answered, 1 in place")

    # The button is named "Clear answer" and described by its question, and works from the keyboard.
    button = reflection(section, 0).get_by_role("button", name="Clear answer")
    assert button.evaluate("b => b.getAttribute('aria-describedby')") == \
        reflection(section, 0).locator("legend").get_attribute("id")
    button.focus()
    page.keyboard.press("Enter")
    expect(reflection(section, 0).get_by_role("textbox")).to_have_value("")
    expect(reflection(section, 0).get_by_role("checkbox")).not_to_be_checked()
    expect(section.locator(".cb-sc-notice")).to_contain_text(
        "Cleared your answer to “What aspects of ICT excite you most?”")
    expect(section.locator(".cb-progress-text")).to_have_text(f"2 of {total} answered, 1 in place")

    first.get_by_role("button", name="Clear answer").click()
    expect(first.get_by_role("radio", checked=True)).to_have_count(0)
    expect(first.get_by_role("textbox")).to_have_value("")
    expect(first.get_by_role("button", name="Clear answer")).to_be_disabled()
    assert set(stored(page, HEAD)["answers"]) == {ids_of(section, "practice")[1]}
    assert qid not in stored(page, HEAD)["answers"]

    page.reload()
    section = open_check(page, HEAD_URL)
    expect(practice(section, 0).get_by_role("radio", checked=True)).to_have_count(0)
    expect(practice(section, 1).get_by_role("radio", name="Not yet")).to_be_checked()
    expect(section.locator(".cb-progress-text")).to_have_text(f"1 of {total} answered, 0 in place")


def test_attached_appendix_is_labelled_keyboard_operable_and_keyed_by_its_id(sc_page: Page) -> None:
    page = sc_page
    section = open_check(page, FUNDING_URL)
    ids = question_ids(section)
    first = question(section, 0)
    legend = squash(first.locator("legend").inner_text())
    # Each question is a native group named by its question, holding three named radios and a note.
    group = section.get_by_role("group", name=re.sub(r"^\d+\.\s*", "", legend))
    expect(group.get_by_role("radio")).to_have_count(3)
    expect(group.get_by_role("textbox", name="Note (optional)")).to_be_visible()

    first.get_by_role("radio", name="Not yet").focus()
    page.keyboard.press("Space")
    expect(first.get_by_role("radio", name="Not yet")).to_be_checked()
    page.keyboard.press("ArrowRight")
    expect(first.get_by_role("radio", name="In progress")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("Bursar to cost it")

    assert stored(page, FUNDING)["answers"] == {ids[0]: {"status": "in-progress", "note": "Bursar to cost it"}}
    assert stored(page, HEAD) is None
    expect(section.locator(".cb-progress-text")).to_have_text(f"1 of {len(ids)} answered, 0 in place")


def test_reset_asks_first_and_clears_only_this_self_check(sc_page: Page) -> None:
    page = sc_page
    seed(page, {FUNDING: {"version": 1, "answers": {"purpose-named": {"status": "in-place"}}}})
    section = open_check(page, HEAD_URL)
    answer(practice(section, 0), "Not yet", "draft")
    reflect(reflection(section, 0), "words")

    messages: list[str] = []

    def dismiss(dialog: Any) -> None:
        messages.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    section.get_by_role("button", name="Reset this self-check").click()
    assert messages and "Clear every answer" in messages[0]
    expect(practice(section, 0).get_by_role("radio", name="Not yet")).to_be_checked()
    assert len(stored(page, HEAD)["answers"]) == 2

    page.once("dialog", lambda dialog: dialog.accept())
    section.get_by_role("button", name="Reset this self-check").click()
    expect(section.get_by_role("radio", checked=True)).to_have_count(0)
    expect(practice(section, 0).get_by_role("textbox")).to_have_value("")
    expect(reflection(section, 0).get_by_role("textbox")).to_have_value("")
    expect(section.locator(".cb-progress-text")).to_have_text(re.compile(r"^0 of \d+ answered, 0 in place$"))
    expect(section.locator(".cb-sc-notice")).to_contain_text("cleared")
    assert stored(page, HEAD) is None
    assert stored(page, FUNDING)["answers"] == {"purpose-named": {"status": "in-place"}}

    page.reload()
    section = open_check(page, HEAD_URL)
    expect(section.get_by_role("radio", checked=True)).to_have_count(0)


# -- damaged, hostile or outdated storage ------------------------------------------------------


def test_corrupt_storage_keeps_nothing_says_so_and_the_page_still_works(sc_page: Page) -> None:
    page = sc_page
    seed(page, {HEAD: "{this is not json", FUNDING: '["a list, not a record"]'})
    section = open_check(page, HEAD_URL)
    expect(section.locator(".cb-sc-notice")).to_contain_text("could not be read")
    expect(section.get_by_role("radio", checked=True)).to_have_count(0)
    answer(practice(section, 0), "In place")
    assert stored(page, HEAD)["answers"] == {ids_of(section, "practice")[0]: {"status": "in-place"}}
    # What could not be read is put aside, not lost, when the first new answer takes its place.
    assert page.evaluate(f"localStorage.getItem('casebook:unreadable:{HEAD}')") == "{this is not json"

    # The hub and the plan read every self-check: a damaged one must not stop them.
    page.goto(HUB_URL)
    expect(page.locator(f'tr[data-selfcheck="{HEAD}"] .cb-hub-progress')).to_contain_text("1 of")
    expect(page.locator(f'tr[data-selfcheck="{FUNDING}"] .cb-hub-progress')).to_have_text("Not started")
    expect(page.locator(".cb-transfer-status")).to_contain_text("could not be read")
    page.goto(PLAN_URL)
    expect(page.locator(".cb-plan-status")).to_contain_text("Nothing in your plan yet")


def test_statuses_that_only_exist_on_the_prototype_chain_are_not_answers(sc_page: Page) -> None:
    """Issue 11: `"toString"` or `["not-yet"]` passed an `in` check, so the hub counted them and a note threw."""
    page = sc_page
    seed(page, {FUNDING: {"format": 2, "version": 1, "answers": {
        "purpose-named": {"status": "toString"},
        "foundations-first": {"status": ["not-yet"]},
        "seen-in-use": {"status": "__proto__", "note": "x"},
        "budget-known": {"status": "constructor"},
        "other-sources-explored": {"status": "in-place", "act": "yes", "note": ["x"], "owner": {"a": 1}},
    }}})
    page.goto(HUB_URL)
    expect(page.locator(f'tr[data-selfcheck="{FUNDING}"] .cb-hub-progress')).to_have_text(
        re.compile(r"^1 of \d+ answered, 1 in place$"))
    expect(page.locator(".cb-transfer-status")).to_be_empty()  # nothing lost: the hub has nothing to say
    page.goto(PLAN_URL)
    expect(page.locator(".cb-plan-status")).to_contain_text("Nothing in your plan yet")

    section = open_check(page, FUNDING_URL)
    expect(section.locator(".cb-sc-notice")).to_have_text(
        "7 saved statuses, notes, owners or dates could not be read (kept as saved, not shown).")
    expect(section.get_by_role("radio", checked=True)).to_have_count(1)
    # Typing a note where the bad status was must save, not throw (the page fixture fails on errors);
    # the status the page cannot read is kept as it was (a newer page may know it).
    item = section.locator('li[data-question="purpose-named"]')
    item.get_by_role("textbox", name="Note (optional)").fill("fine now")
    assert stored(page, FUNDING)["answers"]["purpose-named"] == {"status": "toString", "note": "fine now"}
    page.reload()
    note = open_check(page, FUNDING_URL).locator('li[data-question="purpose-named"] textarea')
    expect(note).to_have_value("fine now")
    assert page.evaluate("({}).polluted === undefined")


def test_answers_from_an_older_version_keep_what_still_fits(sc_page: Page) -> None:
    """What the page cannot show (a removed question, a status or date it cannot read) is kept, not dropped."""
    page = sc_page
    answers = {
        "purpose-named": {"status": "not-yet", "note": "keep me", "owner": "Sam", "due": "2027-01-31"},
        "a-question-since-removed": {"status": "in-place"},
        "foundations-first": {"status": "maybe"},
        "seen-in-use": {"status": "in-progress", "due": "2024-99-99"},
    }
    seed(page, {FUNDING: {"version": 0, "updated": "2020-01-01T00:00:00Z", "answers": answers}})
    section = open_check(page, FUNDING_URL)
    expect(section.locator(".cb-sc-notice")).to_have_text(
        "1 saved answer to questions this page does not show (saved for version 0; this is version 1) is kept "
        "in this browser and in your exports: a-question-since-removed. 2 saved statuses, notes, owners or dates "
        "could not be read (kept as saved, not shown).")  # "maybe" is no status, 2024-99-99 no date

    items = {li.get_attribute("data-question"): li for li in section.locator("li.cb-question").all()}
    expect(items["purpose-named"].get_by_role("radio", name="Not yet")).to_be_checked()
    expect(items["purpose-named"].get_by_role("textbox")).to_have_value("keep me")
    expect(items["seen-in-use"].get_by_role("radio", name="In progress")).to_be_checked()
    expect(items["foundations-first"].get_by_role("radio", checked=True)).to_have_count(0)

    # Upgraded to format 3 with everything kept, each answer dated by the old record's last save.
    record = stored_raw(page, FUNDING)
    assert record["version"] == 0 and record["format"] == 3
    assert untimed(record["answers"]) == answers
    assert {q: (a.get("at"), a.get("planAt")) for q, a in record["answers"].items()} == {
        "purpose-named": ("2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z"),
        "a-question-since-removed": ("2020-01-01T00:00:00Z", None),
        "foundations-first": ("2020-01-01T00:00:00Z", None),
        "seen-in-use": ("2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z"),
    }
    # Answering changes one answer: the rest, and the version this page cannot read, stay as they were.
    answer(items["foundations-first"], "In place")
    record = stored(page, FUNDING)
    assert record["version"] == 1
    assert record["answers"] == {**answers, "foundations-first": {"status": "in-place"}}


# Answers as version 1 of the library saved them: statuses on every question, notes, owners, dates.
V1_HEAD = {
    "version": 1,
    "updated": "2026-01-15T09:30:00Z",
    "answers": {
        # Questions that are now reflections:
        "aspects-that-excite-you": {"status": "not-yet", "note": "Film-making", "owner": "Head", "due": "2027-03-31"},
        "where-to-put-computers": {"status": "in-place", "note": "Suite plus trolleys"},
        "what-ict-should-do": {"status": "in-progress"},
        "who-draws-up-plans": {"status": "not-yet", "due": "2026-09-01"},
        # Practices:
        "stakeholders-involved": {"status": "not-yet", "note": "Parents not yet", "owner": "Chair of governors"},
        "curriculum-gives-opportunity": {"status": "in-place"},
        "seeing-other-schools": {"status": "in-progress", "due": "2027-06-30"},
    },
}
V1_FUNDING = {"version": 1, "answers": {"budget-known": {"status": "not-yet", "note": "Ask the bursar"}}}


def check_v1_answers_survived(page: Page) -> None:
    """Every status, note, owner and date of V1_HEAD and V1_FUNDING, as the pages show them now."""
    section = open_check(page, HEAD_URL)
    expect(section.locator(".cb-sc-notice")).to_be_empty()
    li = {q: section.locator(f'li[data-question="{q}"]') for q in V1_HEAD["answers"]}
    # A reflection shows the old note as the reader's answer, and the old status beside it.
    expect(li["aspects-that-excite-you"].get_by_role("textbox", name="Your answer")).to_have_value("Film-making")
    expect(li["aspects-that-excite-you"].locator(".cb-earlier")).to_have_text(
        "Your earlier answer, from when this question was answered by status: Not yet.")
    expect(li["where-to-put-computers"].get_by_role("textbox")).to_have_value("Suite plus trolleys")
    expect(li["where-to-put-computers"].locator(".cb-earlier")).to_contain_text("In place")
    expect(li["what-ict-should-do"].locator(".cb-earlier")).to_contain_text("In progress")
    expect(li["who-draws-up-plans"].locator(".cb-earlier")).to_contain_text("Not yet")
    # An open reflection that had an owner or a date was on the reader's plan: it stays there.
    expect(li["aspects-that-excite-you"].get_by_role("checkbox")).to_be_checked()
    expect(li["who-draws-up-plans"].get_by_role("checkbox")).to_be_checked()
    expect(li["where-to-put-computers"].get_by_role("checkbox")).not_to_be_checked()
    expect(li["stakeholders-involved"].get_by_role("radio", name="Not yet")).to_be_checked()
    expect(li["stakeholders-involved"].get_by_role("textbox")).to_have_value("Parents not yet")
    expect(li["curriculum-gives-opportunity"].get_by_role("radio", name="In place")).to_be_checked()
    expect(li["seeing-other-schools"].get_by_role("radio", name="In progress")).to_be_checked()
    record = stored(page, HEAD)
    assert record["format"] == 3
    expected = {q: dict(a) for q, a in V1_HEAD["answers"].items()}
    expected["aspects-that-excite-you"]["act"] = True
    expected["who-draws-up-plans"]["act"] = True
    assert record["answers"] == expected

    page.goto(PLAN_URL)
    items = page.locator("li.cb-plan-item")
    expect(items).to_have_count(5)  # 2 reflections to act on, 2 open practices here, 1 in funding
    plan = page.locator(".cb-plan-body")
    expect(plan).to_contain_text("Your answer: Film-making")
    expect(plan).to_contain_text("Your note: Parents not yet")
    expect(plan).to_contain_text("Your note: Ask the bursar")
    owners = [i.get_by_role("textbox", name="Owner").input_value() for i in items.all()]
    dates = [i.get_by_label("Due date").input_value() for i in items.all()]
    assert sorted(filter(None, owners)) == ["Chair of governors", "Head"]
    assert sorted(filter(None, dates)) == ["2026-09-01", "2027-03-31", "2027-06-30"]
    page.goto(HUB_URL)
    expect(page.locator(f'tr[data-selfcheck="{HEAD}"] .cb-hub-date')).to_have_text("15 January 2026")


def test_version_1_storage_is_migrated_on_first_load_with_nothing_lost(sc_page: Page) -> None:
    page = sc_page
    seed(page, {HEAD: V1_HEAD, FUNDING: V1_FUNDING})
    # The hub is the first page read: it migrates and writes the new format back at once.
    page.goto(HUB_URL)
    expect(page.locator(f'tr[data-selfcheck="{HEAD}"] .cb-hub-progress')).to_have_text(
        re.compile(r"^7 of \d+ answered, 1 in place$"))
    assert stored(page, HEAD)["format"] == 3 and stored(page, FUNDING)["format"] == 3
    assert stored(page, HEAD)["updated"] == V1_HEAD["updated"]  # migrating is not answering
    check_v1_answers_survived(page)


def test_version_1_export_files_still_import(sc_page: Page) -> None:
    page = sc_page
    v1_file = {"format": "casebook-selfchecks", "exported": "2026-01-15T10:00:00.000Z",
               "checks": {HEAD: {"version": 1, "answers": V1_HEAD["answers"]}, FUNDING: V1_FUNDING}}
    page.goto(HUB_URL)
    expect(page.locator(".cb-transfer")).to_be_visible()
    page.get_by_label("Import answers from a file").set_input_files(
        {"name": "old.json", "mimeType": "application/json", "buffer": json.dumps(v1_file).encode()})
    expect(page.locator(".cb-transfer-status")).to_have_text("From old.json: 8 answers added; 4 plan actions added.")
    section = open_check(page, HEAD_URL)
    expect(section.locator('li[data-question="aspects-that-excite-you"]').get_by_role("textbox")).to_have_value(
        "Film-making")
    expected = {q: dict(a) for q, a in V1_HEAD["answers"].items()}
    expected["aspects-that-excite-you"]["act"] = True
    expected["who-draws-up-plans"]["act"] = True
    assert stored(page, HEAD)["answers"] == expected
    assert stored(page, FUNDING)["answers"] == V1_FUNDING["answers"]
    page.goto(PLAN_URL)
    expect(page.locator("li.cb-plan-item")).to_have_count(5)


# -- the action plan ------------------------------------------------------------------------


def answer_both(page: Page) -> dict[str, list[str]]:
    """Answer the headteacher's self-check and the funding appendix through the pages."""
    section = open_check(page, HEAD_URL)
    head = ids_of(section, "practice")
    reflect(reflection(section, 0), "Pupils filming and editing their own work", act=True)
    reflect(reflection(section, 1), "Not sure yet")  # not flagged: stays off the plan
    answer(practice(section, 0), "Not yet", "Ask governors, then staff")
    answer(practice(section, 1), "In progress")
    answer(practice(section, 2), "In place")
    section = open_check(page, FUNDING_URL)
    funding = question_ids(section)
    answer(question(section, 0), "Not yet")
    return {HEAD: head, FUNDING: funding, "reflections": ids_of(open_check(page, HEAD_URL), "reflection")}


def test_action_plan_lists_open_items_keeps_owner_and_date_sorts_and_downloads(sc_page: Page) -> None:
    page = sc_page
    ids = answer_both(page)
    page.goto(PLAN_URL)
    plan = page.locator(".cb-plan")
    expect(plan).to_be_visible()
    expect(page.locator(".cb-plan-status")).to_have_text("4 open items from 2 self-checks.")
    texts = questions_of(page)
    titles = {c["id"]: c["title"] for c in catalogue(page)}
    excite = ids["reflections"][0]

    # Headed for a meeting: the school's name (asked once, kept), the date, the self-checks used.
    expect(plan.get_by_role("heading", level=2, name="Action plan for your school")).to_be_visible()
    plan.get_by_role("textbox", name="Your school's name").fill("Hillside Primary School")
    expect(plan.get_by_role("heading", level=2, name="Action plan for Hillside Primary School")).to_be_visible()
    expect(plan.locator(".cb-plan-date")).to_have_text(HUMAN)
    # In the hub's order (the headteacher's first), as are the groups below.
    expect(plan.locator(".cb-plan-from").get_by_role("link")).to_have_text([titles[HEAD], titles[FUNDING]])

    groups = plan.locator("section.cb-plan-group")
    expect(groups).to_have_count(2)
    expect(groups.nth(0).get_by_role("heading", level=3)).to_have_text(titles[HEAD])
    expect(groups.nth(1).get_by_role("heading", level=3)).to_have_text(titles[FUNDING])
    link = groups.nth(0).get_by_role("link", name=titles[HEAD])
    assert link.evaluate("a => a.href").endswith(f"/{HEAD_URL}#self-check")
    head_items = groups.nth(0).locator("li.cb-plan-item")
    expect(head_items).to_have_count(3)  # the flagged reflection and two open practices, in page order
    expect(head_items.nth(0)).to_contain_text(f"Act on this {plain(texts[HEAD][excite]['text'])}")
    expect(head_items.nth(0)).to_contain_text("Your answer: Pupils filming and editing their own work")
    first_text = plain(texts[HEAD][ids[HEAD][0]]["text"])
    expect(head_items.nth(1)).to_contain_text(f"Not yet {first_text}")
    expect(head_items.nth(1)).to_contain_text("Your note: Ask governors, then staff")
    expect(head_items.nth(2)).to_contain_text("In progress")
    for read in texts[HEAD][ids[HEAD][0]]["read"]:
        expect(head_items.nth(1).locator(".cb-plan-read").get_by_role("link", name=read["title"])).to_be_visible()
    expect(plan).not_to_contain_text(plain(texts[HEAD][ids[HEAD][2]]["text"]))  # answered "in place"
    expect(plan).not_to_contain_text("Not sure yet")  # a reflection not flagged to act on

    owner = 'Ms Khan, deputy head, "ICT"'
    head_items.nth(1).get_by_role("textbox", name="Owner").fill(owner)
    head_items.nth(1).get_by_label("Due date").fill("2027-03-31")
    expect(head_items.nth(1).locator(".cb-due-text")).to_have_text("31 March 2027")
    head_items.nth(1).get_by_label("Due date").blur()  # a date is saved when the reader leaves the field
    head_items.nth(0).get_by_role("textbox", name="Owner").fill("Head")
    head_items.nth(0).get_by_label("Due date").fill("2027-01-15")
    head_items.nth(0).get_by_label("Due date").press("Enter")
    assert stored(page, HEAD)["answers"][ids[HEAD][0]] == {
        "status": "not-yet", "note": "Ask governors, then staff", "owner": owner, "due": "2027-03-31",
    }
    page.reload()
    head_items = page.locator("section.cb-plan-group").nth(0).locator("li.cb-plan-item")
    expect(head_items.nth(1).get_by_role("textbox", name="Owner")).to_have_value(owner)
    expect(head_items.nth(1).get_by_label("Due date")).to_have_value("2027-03-31")
    expect(page.get_by_role("textbox", name="Your school's name")).to_have_value("Hillside Primary School")

    # Sorted by owner: one group per owner, in alphabetical order, "No owner yet" last; in the URL.
    page.get_by_label("Arrange items").select_option("owner")
    expect(page).to_have_url(re.compile(r"\?order=owner$"))
    expect(page.locator("section.cb-plan-group h3")).to_have_text(["Head", owner, "No owner yet"])
    expect(page.locator("section.cb-plan-group").nth(2).locator("li.cb-plan-item")).to_have_count(2)
    expect(page.locator("li.cb-plan-item").first.locator(".cb-plan-from-check")).to_have_text(f"From {titles[HEAD]}")
    # By due date: one list, earliest first, items without a date last.
    page.get_by_label("Arrange items").select_option("due")
    expect(page.locator("section.cb-plan-group h3")).to_have_count(0)
    dues = [i.get_by_label("Due date").input_value() for i in page.locator("li.cb-plan-item").all()]
    assert dues == ["2027-01-15", "2027-03-31", "", ""]
    page.reload()
    expect(page.get_by_label("Arrange items")).to_have_value("due")

    page.evaluate("window.print = () => { window.__printed = true; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed") is True

    with page.expect_download() as info:
        page.get_by_role("button", name="Download as Markdown").click()
    assert info.value.suggested_filename == "action-plan.md"
    md = Path(info.value.path()).read_text(encoding="utf-8")
    assert md.startswith("# Action plan for Hillside Primary School\n")
    assert re.search(r"^\d{1,2} [A-Z][a-z]+ \d{4}\. Open items from 2 self-checks: \[", md, re.M)
    lines = [line for line in md.splitlines() if line.startswith("- [ ] ")]
    assert len(lines) == 4
    # The same items as the screen, in the same (due date) order, with dates written for people.
    assert lines[0].startswith(f"- [ ] **Act on this:** [{plain(texts[HEAD][excite]['text'])}](")
    assert lines[1].startswith(f"- [ ] **Not yet:** [{first_text}](")
    assert "  - Your answer: Pupils filming and editing their own work" in md
    assert f"  - Owner: {owner}; due: 31 March 2027" in md
    assert "  - Owner: Head; due: 15 January 2027" in md
    assert "  - Note: Ask governors, then staff" in md
    assert f"  - From: [{titles[FUNDING]}](" in md
    assert plain(texts[HEAD][ids[HEAD][2]]["text"]) not in md and "Not sure yet" not in md
    # Links in a downloaded file must work outside the site, so they are absolute.
    assert re.search(r"\]\(http://127\.0\.0\.1:\d+/guidance/vision-and-strategy/\)", md)

    with page.expect_download() as info:
        page.get_by_role("button", name="Download as CSV").click()
    assert info.value.suggested_filename == "action-plan.csv"
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["Self-check", "Question", "Status", "Note or answer", "Owner", "Due date", "Read next", "Link",
                       "What we will do", "Action status", "Done on"]
    assert [r[1] for r in rows[1:]] == [re.sub(r"^- \[ \] \*\*[^*]+\*\* \[(.*)\]\(.*$", r"\1", line)
                                        for line in lines]
    body = {row[1]: row for row in rows[1:]}
    row = body[first_text]
    assert row[0] == titles[HEAD]
    assert row[2:6] == ["Not yet", "Ask governors, then staff", owner, "2027-03-31"]  # ISO in CSV
    assert "Vision and strategy (http://" in row[6]
    assert row[7].endswith(f"/{HEAD_URL}#q-{HEAD}-{ids[HEAD][0]}")
    assert body[plain(texts[HEAD][excite]["text"])][2:4] == ["Act on this", "Pupils filming and editing their own work"]


def test_a_due_date_that_is_not_a_real_date_is_refused(sc_page: Page) -> None:
    page = sc_page
    seed(page, {FUNDING: {"format": 2, "version": 1, "answers": {
        "purpose-named": {"status": "not-yet", "due": "2027-02-01"},
        "seen-in-use": {"status": "not-yet", "due": "2024-99-99"},
        "budget-known": {"status": "not-yet", "due": "2027-02-30"},
    }}})
    section = open_check(page, FUNDING_URL)
    expect(section.locator(".cb-sc-notice")).to_have_text(
        "2 saved statuses, notes, owners or dates could not be read (kept as saved, not shown).")
    page.goto(PLAN_URL)
    item = page.locator("li.cb-plan-item").first
    due = item.get_by_label("Due date")
    expect(due).to_have_value("2027-02-01")
    # Typed from the keyboard in the browser's own format (month/day/year here): 31 February.
    # On the way, the field passes through real dates (the 3rd): nothing is saved until it is left.
    due.focus()
    page.keyboard.type("02312027")
    assert stored(page, FUNDING)["answers"]["purpose-named"]["due"] == "2027-02-01"
    due.blur()  # Tab moves between the month, day and year first: this is leaving the field
    expect(item.locator(".cb-due-error")).to_contain_text("Not a real date")
    expect(due).to_have_attribute("aria-invalid", "true")
    assert stored(page, FUNDING)["answers"]["purpose-named"]["due"] == "2027-02-01"  # kept as it was
    due.fill("2027-04-30")
    due.blur()
    expect(item.locator(".cb-due-error")).to_be_empty()
    expect(item.locator(".cb-due-text")).to_have_text("30 April 2027")
    assert stored(page, FUNDING)["answers"]["purpose-named"]["due"] == "2027-04-30"
    # A date typed and the page left while still in the field is kept: leaving the page leaves the field.
    due.fill("2027-05-14")
    assert due.evaluate("d => d === document.activeElement")
    assert stored(page, FUNDING)["answers"]["purpose-named"]["due"] == "2027-04-30"
    page.goto(PLAN_URL)
    assert stored(page, FUNDING)["answers"]["purpose-named"]["due"] == "2027-05-14"
    # A file cannot bring one in either.
    page.goto(HUB_URL)
    expect(page.locator(".cb-transfer")).to_be_visible()
    bad = {"format": "casebook-selfchecks", "version": 2, "checks": {FUNDING: {
        "format": 2, "version": 1, "updated": "2026-01-01T00:00:00.000Z",
        "answers": {"purpose-named": {"status": "in-progress", "due": "2024-99-99"}}}}}
    page.get_by_label("Import answers from a file").set_input_files(
        {"name": "bad.json", "mimeType": "application/json", "buffer": json.dumps(bad).encode()})
    expect(page.locator(".cb-transfer-status")).to_have_text(
        "From bad.json: 1 answer updated. Skipped 1 status, note, owner or date that could not be read.")
    # The file's status is newer (dated by its record's save; the seeded one has no date) and wins; the
    # due date it could not give leaves the one here as it was.
    assert stored(page, FUNDING)["answers"]["purpose-named"] == {"status": "in-progress", "due": "2027-05-14"}


HOSTILE_NOTES = {
    "purpose-named": "[x](javascript:alert(1)) and ![i](https://example.com/i.png)",
    "foundations-first": "<img src=x onerror=alert(1)> <a href=\"javascript:alert(2)\">y</a>",
    "seen-in-use": "*bold* `code` <https://example.com> [ref]: javascript:alert(3)",
}


def test_markdown_export_keeps_the_readers_text_as_text(sc_page: Page) -> None:
    """Issue 11: notes were copied verbatim, so an imported `[x](javascript:...)` became a live link."""
    import markdown

    page = sc_page
    answers = {qid: {"status": "not-yet", "note": note} for qid, note in HOSTILE_NOTES.items()}
    answers["budget-known"] = {"status": "not-yet", "owner": "[Bursar](javascript:alert(4))"}
    seed(page, {FUNDING: {"format": 2, "version": 1, "answers": answers}})
    page.goto(PLAN_URL)
    page.get_by_role("textbox", name="Your school's name").fill("<script>alert(5)</script> [S](javascript:x)")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download as Markdown").click()
    md = Path(info.value.path()).read_text(encoding="utf-8")
    html = markdown.markdown(md)
    assert "javascript:" not in re.sub(r">[^<]*<", "><", html)  # only in text, never in an attribute
    assert "<img" not in html and "<script" not in html and "<em>" not in html and "<code>" not in html
    assert "example.com" not in re.sub(r">[^<]*<", "><", html)
    # The reader still reads exactly what they typed.
    text = htmllib.unescape(re.sub(r"<[^>]+>", "", html))
    for note in HOSTILE_NOTES.values():
        assert note in text
    assert "[Bursar](javascript:alert(4))" in text


CSV_ATTACKS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", " =1", "\u00a0=1", "\n=1", "\uff1d1", "\u3000=1",
               "\uff0b1", " \uff20x"]


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(sc_page: Page) -> None:
    page = sc_page
    qids = ["purpose-named", "foundations-first", "seen-in-use", "budget-known", "other-sources-explored",
            "whole-cost-counted"]
    answers = {}
    for n, qid in enumerate(qids):
        answers[qid] = {"status": "not-yet", "note": CSV_ATTACKS[2 * n], "owner": CSV_ATTACKS[2 * n + 1]}
    answers[qids[0]]["owner"] = CSV_ATTACKS[-1]
    seed(page, {FUNDING: {"format": 2, "version": 1, "answers": answers}})
    page.goto(PLAN_URL)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download as CSV").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_bytes().decode("utf-8-sig"), newline="")))
    cells = [cell for row in rows[1:] for cell in row[3:5]]
    found = {cell.removeprefix("'") for cell in cells}
    assert set(CSV_ATTACKS) - {CSV_ATTACKS[1]} <= found  # every value is there, word for word after the mark
    for cell in cells:
        assert cell.startswith("'"), repr(cell)
    assert "'Not yet" not in [row[2] for row in rows[1:]]  # ordinary text is left alone


def test_an_import_the_browser_cannot_finish_changes_nothing_and_says_so(sc_page: Page) -> None:
    """Issue 11: an import that hit the storage quota said nothing was imported while most of it was."""
    page = sc_page
    seed(page, {HEAD: {"format": 2, "version": 1, "answers": {"stakeholders-involved": {"status": "in-place"}}}})
    page.goto(HUB_URL)
    expect(page.locator(".cb-transfer")).to_be_visible()
    before = page.evaluate("JSON.stringify(Object.entries(localStorage).sort())")
    big = {"format": "casebook-selfchecks", "version": 2, "checks": {
        HEAD: {"version": 1, "answers": {"stakeholders-involved": {"status": "not-yet", "note": "from the file"}}},
        FUNDING: {"version": 1, "answers": {"purpose-named": {"status": "in-place"}}},
    }, "sections": {"action-plan": {"school": "Imported School"}}}
    # The storage fills up at the funding record, after the headteacher's record was written.
    page.evaluate(f"""() => {{
        const set = Storage.prototype.setItem;
        Storage.prototype.setItem = function (k, v) {{
            if (k === {json.dumps(KEY + FUNDING)}) throw new DOMException("full", "QuotaExceededError");
            return set.call(this, k, v);
        }};
    }}""")
    page.get_by_label("Import answers from a file").set_input_files(
        {"name": "big.json", "mimeType": "application/json", "buffer": json.dumps(big).encode()})
    status = page.locator(".cb-transfer-status")
    expect(status).to_contain_text("Nothing was imported.")
    expect(status).to_contain_text("storage")
    assert page.evaluate("JSON.stringify(Object.entries(localStorage).sort())") == before
    expect(page.locator(f'tr[data-selfcheck="{HEAD}"] .cb-hub-progress')).to_contain_text("1 in place")


def test_printed_plan_has_the_school_the_date_and_every_open_item(sc_page: Page, tmp_path: Path) -> None:
    page = sc_page
    page.goto(PLAN_URL)
    checks = {c["id"]: c for c in catalogue(page)}
    head = [q for g in checks[HEAD]["groups"] for q in g["questions"]]
    # Every question of the longest self-check open, so the plan runs over several pages.
    answers: dict[str, Any] = {}
    for i, q in enumerate(head):
        answers[q["id"]] = ({"note": f"Reflection {i}", "act": True} if q["kind"] == "reflection"
                            else {"status": "not-yet" if i % 2 else "in-progress"})
    closed = next(q for q in head if q["kind"] == "practice")
    answers[closed["id"]] = {"status": "in-place"}
    unflagged = next(q for q in head if q["kind"] == "reflection")
    answers[unflagged["id"]] = {"note": "only thinking"}
    answers[head[-1]["id"]].update(owner="Deputy head", due="2027-06-30")
    seed(page, {HEAD: {"format": 2, "version": 1, "answers": answers},
                FUNDING: {"version": 1, "answers": {"budget-known": {"status": "not-yet"}}}})
    page.evaluate("localStorage.setItem('casebook:section:action-plan', JSON.stringify("
                  "{format: 2, value: {school: 'Hillside Primary School'}}))")
    page.reload()
    open_items = [q for q in head if q["id"] not in (closed["id"], unflagged["id"])]
    expect(page.locator("li.cb-plan-item")).to_have_count(len(open_items) + 1)
    today = page.locator(".cb-plan-date").inner_text()
    assert HUMAN.match(today)

    # The print layout, as the printer gets it: every open item shown, no control, no site chrome.
    page.emulate_media(media="print")
    for selector in (".cb-plan-controls", ".cb-plan-actions", ".md-header", ".md-sidebar", ".md-footer"):
        expect(page.locator(selector).first).to_be_hidden()
    # On paper the plan is one table (test_standing.py checks its fields and that ten items fit a page).
    expect(page.locator(".cb-plan-sheet tbody tr:not(.cb-plan-sheet-group):visible")).to_have_count(len(open_items) + 1)
    expect(page.locator(".cb-plan :is(input, select, textarea):visible")).to_have_count(0)
    page.emulate_media(media="null")

    # The PDF's text, compared without spaces and line breaks, so fonts and wrapping cannot matter.
    pdf = pdf_text(page.pdf(format="A4"), tmp_path)
    text = nospace(pdf)
    assert nospace("Action plan for Hillside Primary School") in text
    assert nospace(today) in text
    for q in open_items:
        assert nospace(plain(q["text"])) in text, f"{q['id']} missing from the printed plan"
    assert nospace(plain(checks[FUNDING]["groups"][1]["questions"][0]["text"])) in text  # budget-known
    assert nospace(plain(closed["text"])) not in text
    assert nospace(plain(unflagged["text"])) not in text
    assert "Deputyhead" in text and nospace("30 Jun 2027") in text  # the printed table shortens months
    assert nospace(checks[HEAD]["title"]) in text and nospace(checks[FUNDING]["title"]) in text
    assert nospace("Reflection 3") in text
    # Only the plan prints: no buttons, no site navigation, no footer.
    for chrome in ("Download as CSV", "Case-study library", "Made with", "Arrange items"):
        assert nospace(chrome) not in text


def test_plan_shows_question_text_as_text_never_markup(sc_page: Page) -> None:
    """Question text is contributed Markdown; the plan must not turn it into HTML."""
    page = sc_page

    def tamper(route: Any) -> None:
        response = route.fetch()
        html = response.text().replace("Do you have training needs in ICT?",
                                       "<img src=x onerror=window.__pwned=1> Do you have training needs?", 1)
        route.fulfill(response=response, body=html)

    page.context.route("**/self-checks/action-plan/", tamper)  # the context sees service-worker requests too
    try:
        page.goto(PLAN_URL)
        checks = {c["id"]: c for c in catalogue(page)}
        qid = next(q["id"] for g in checks[HEAD]["groups"] for q in g["questions"] if "<img" in q["text"])
        seed(page, {HEAD: {"format": 2, "version": 1, "answers": {qid: {"act": True, "note": "<b>mine</b>"}}}})
        page.reload()
        item = page.locator("li.cb-plan-item")
        expect(item).to_contain_text("<img src=x onerror=window.__pwned=1> Do you have training needs?")
        expect(item).to_contain_text("Your answer: <b>mine</b>")
        expect(item.locator("img, b")).to_have_count(0)
        assert page.evaluate("window.__pwned") is None
    finally:
        # The service worker may still be fetching the page in the background: let that go quietly
        # instead of failing the next test when the context closes under it.
        page.context.unroute_all(behavior="ignoreErrors")


# -- the hub: grouped by who it is for, with progress, last answered and a chart --------------


def test_hub_is_grouped_by_who_it_is_for_with_progress_dates_and_a_printable_chart(
        sc_page: Page, tmp_path: Path) -> None:
    page = sc_page
    seed(page, {
        HEAD: {"format": 2, "version": 1, "updated": "2027-03-31T10:00:00Z", "answers": {
            "aspects-that-excite-you": {"note": "words"},
            "stakeholders-involved": {"status": "in-place"},
            "curriculum-gives-opportunity": {"status": "in-progress"},
            "staff-know-what-and-who": {"status": "not-yet"}}},
        FUNDING: {"format": 2, "version": 1, "updated": "2026-12-01T12:00:00Z", "answers": {
            "purpose-named": {"status": "in-place"}, "foundations-first": {"status": "in-place"}}},
    })
    page.goto(HUB_URL)
    headings = [h.replace("¶", "").strip() for h in page.locator("article h2").all_inner_texts()]
    order = [h for h in headings if h.startswith(("For the", "Guidance", "CPD", "Against"))]
    assert order[:2] == ["For the headteacher", "For the technology leader"]
    assert order.index("Guidance themes") < order.index("CPD models")
    # Each group says who it is for, in one line under its heading.
    for heading in ("For the headteacher", "For the technology leader", "Guidance themes", "CPD models"):
        expect(page.locator(f"h2:has-text('{heading}') + p.cb-audience")).to_have_count(1)
    first_table = page.locator(".cb-hub table").first
    expect(first_table.locator("tbody tr")).to_have_count(1)
    expect(first_table.locator("tbody tr").first).to_have_attribute("data-selfcheck", HEAD)
    leader = page.locator(".cb-hub table").nth(1).locator("tbody tr").first
    expect(leader).to_have_attribute("data-selfcheck", "role-technology-leader")
    cpd = page.locator("h2:has-text('CPD models') ~ .cb-hub tr[data-selfcheck^='cpd-']")
    # One row per CPD model, each with its self-check: the thirteen of case_studies/cpd/.
    cpd_folder = Path(__file__).parents[2] / "case_studies" / "cpd"
    cpd_models = sorted(f"cpd-{path.stem}" for path in cpd_folder.glob("*.yaml"))
    assert len(cpd_models) == 13
    assert sorted(cpd.evaluate_all("rows => rows.map(row => row.dataset.selfcheck)")) == cpd_models

    head = page.locator(f'tr[data-selfcheck="{HEAD}"]')
    expect(head.locator(".cb-hub-progress")).to_have_text(re.compile(r"^4 of \d+ answered, 1 in place$"))
    expect(head.locator(".cb-hub-date time")).to_have_text("31 March 2027")
    expect(head.locator(".cb-hub-chart")).to_contain_text("1 in place, 1 in progress, 1 not yet (of 6)")
    widths = head.locator(".cb-bar-part").evaluate_all("ps => ps.map(p => p.style.width)")
    assert [round(float(w.rstrip("%")), 1) for w in widths] == [16.7, 16.7, 16.7]
    funding = page.locator(f'tr[data-selfcheck="{FUNDING}"]')
    expect(funding.locator(".cb-hub-date")).to_have_text("1 December 2026")
    expect(funding.locator(".cb-hub-chart")).to_contain_text("2 in place, 0 in progress, 0 not yet")
    expect(page.locator('tr[data-selfcheck="cpd-journal-clubs"] .cb-hub-date')).to_be_empty()

    # Printable: the bars keep their colours on paper, and the words print beside them.
    page.emulate_media(media="print")
    adjust = head.locator(".cb-bar-part").first.evaluate("p => getComputedStyle(p).printColorAdjust")
    assert adjust == "exact"
    expect(page.locator(".cb-transfer")).to_be_hidden()
    page.emulate_media(media="null")
    text = nospace(pdf_text(page.pdf(format="A4", print_background=True), tmp_path))
    assert nospace("1 in place, 1 in progress, 1 not yet (of 6)") in text


# -- moving answers between browsers ---------------------------------------------------------


def test_export_then_import_into_a_fresh_profile(sc_page: Page, browser: Browser, base_url: str,
                                                 tmp_path: Path) -> None:
    page = sc_page
    ids = answer_both(page)
    page.goto(PLAN_URL)
    page.get_by_role("textbox", name="Your school's name").fill("Hillside Primary School")
    page.locator("section.cb-plan-group").nth(1).locator("li.cb-plan-item").first.get_by_role(
        "textbox", name="Owner").fill("Bursar")
    page.goto(HUB_URL)
    expect(page.locator(".cb-transfer")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="Export answers").click()
    exported = tmp_path / info.value.suggested_filename
    info.value.save_as(exported)
    assert exported.name.startswith("self-check-answers-") and exported.suffix == ".json"
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "casebook-selfchecks" and data["version"] == 3
    assert set(data["checks"]) == {HEAD, FUNDING}
    assert untimed(data["checks"][FUNDING]["answers"]) == {ids[FUNDING][0]: {"status": "not-yet", "owner": "Bursar"}}
    assert data["sections"]["action-plan"] == {"school": "Hillside Primary School"}  # the school goes too
    expect(page.locator(".cb-transfer-status")).to_have_text(
        "Exported 6 answers (2 self-checks), 1 plan action and 1 action-plan setting. "
        "Import the file on the other device, on this page.")

    other: BrowserContext = browser.new_context(base_url=base_url, accept_downloads=True)
    try:
        fresh = other.new_page()
        errors: list[str] = []
        fresh.on("pageerror", lambda error: errors.append(str(error)))
        fresh.goto(HUB_URL)
        expect(fresh.locator(".cb-transfer")).to_be_visible()
        assert fresh.evaluate("Object.keys(localStorage).filter(k => /^casebook:(selfcheck|section):/.test(k))") == []
        expect(fresh.locator(f'tr[data-selfcheck="{HEAD}"] .cb-hub-progress')).to_have_text("Not started")

        # A file that is not an export changes nothing and says why.
        fresh.get_by_label("Import answers from a file").set_input_files(
            {"name": "notes.json", "mimeType": "application/json", "buffer": b"{oops"})
        expect(fresh.locator(".cb-transfer-status")).to_have_text(
            re.compile(r"^Nothing was imported\. .*not valid JSON"))
        fresh.get_by_label("Import answers from a file").set_input_files(
            {"name": "other.json", "mimeType": "application/json", "buffer": b'{"checks": {}}'})
        expect(fresh.locator(".cb-transfer-status")).to_contain_text("not an answers file exported from this library")
        assert fresh.evaluate("Object.keys(localStorage).filter(k => /^casebook:(selfcheck|section):/.test(k))") == []

        fresh.get_by_label("Import answers from a file").set_input_files(str(exported))
        expect(fresh.locator(".cb-transfer-status")).to_have_text(
            f"From {exported.name}: 6 answers added; 1 plan action added; 1 action-plan setting added.")
        total = len(ids[HEAD]) + len(ids["reflections"])
        expect(fresh.locator(f'tr[data-selfcheck="{HEAD}"] .cb-hub-progress')).to_have_text(
            f"5 of {total} answered, 1 in place")

        section = open_check(fresh, HEAD_URL)
        expect(practice(section, 0).get_by_role("radio", name="Not yet")).to_be_checked()
        expect(practice(section, 0).get_by_role("textbox")).to_have_value("Ask governors, then staff")
        expect(reflection(section, 0).get_by_role("checkbox")).to_be_checked()
        fresh.goto(PLAN_URL)
        expect(fresh.locator(".cb-plan-status")).to_have_text("4 open items from 2 self-checks.")
        expect(fresh.get_by_role("textbox", name="Your school's name")).to_have_value("Hillside Primary School")
        expect(fresh.locator("section.cb-plan-group").nth(1).locator("li.cb-plan-item").first.get_by_role(
            "textbox", name="Owner")).to_have_value("Bursar")

        # Unknown self-checks in a file are reported, the rest imported (answers to questions this page
        # does not show are kept, as a page keeps them: a newer page may show them).
        partly = {"format": "casebook-selfchecks", "checks": {
            "no-such-check": {"version": 1, "answers": {"q": {"status": "in-place"}}},
            "__proto__": {"version": 1, "answers": {"q": {"status": "in-place"}}},
            FUNDING: {"version": 1,
                      "answers": {ids[FUNDING][1]: {"status": "in-place"}, "gone": {"status": "in-place"}}},
        }}
        fresh.goto(HUB_URL)
        expect(fresh.locator(".cb-transfer")).to_be_visible()
        fresh.get_by_label("Import answers from a file").set_input_files(
            {"name": "partly.json", "mimeType": "application/json", "buffer": json.dumps(partly).encode()})
        status = fresh.locator(".cb-transfer-status")
        expect(status).to_have_text("From partly.json: 2 answers added. Skipped answers to 2 self-checks this "
                                    "library does not have: no-such-check, __proto__.")
        assert set(stored(fresh, FUNDING)["answers"]) == {ids[FUNDING][0], ids[FUNDING][1], "gone"}
        assert not errors, errors
    finally:
        other.close()


# -- without JavaScript -----------------------------------------------------------------------


def test_without_javascript_the_questions_are_a_printable_list(browser: Browser, base_url: str,
                                                              tmp_path: Path) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(FUNDING_URL)
        section = page.locator("section.cb-selfcheck")
        legends = section.locator("li.cb-question legend")
        expect(legends.first).to_be_visible()
        expect(section.locator(".cb-answer").first).to_be_hidden()
        expect(section.locator(".cb-sc-tools")).to_be_hidden()
        expect(section.locator(".cb-noscript-note")).to_be_visible()
        questions = [squash(t) for t in legends.all_inner_texts()]
        text = nospace(pdf_text(page.pdf(format="A4"), tmp_path))
        for q in questions:
            assert nospace(q) in text
        # Numbered by the stylesheet (a list marker would not line up with a legend).
        assert nospace(f"1. {questions[0]}") in text
        assert nospace("If not yet, read:") in text
        assert nospace("Not yet In progress In place") not in text
        assert "Clearanswer" not in text
    finally:
        context.close()


# -- accessibility ----------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "scope"), [
    (HEAD_URL, None),
    # On a guidance page only the appendix is this feature's; the guidance tests cover the rest.
    (FUNDING_URL, "section.cb-selfcheck"),
    (HUB_URL, None),
    (PLAN_URL, None),
    (PLAN_URL + "?order=owner", None),
])
def test_axe_finds_no_serious_violations(sc_page: Page, url: str, scope: str | None) -> None:
    page = sc_page
    # With answers of both kinds, an old status on a reflection, a damaged record and a notice,
    # so every part of the pages is showing.
    seed(page, {HEAD: {"version": 1, "answers": {
        "aspects-that-excite-you": {"status": "not-yet", "note": "n", "owner": "Head"},
        "stakeholders-involved": {"status": "in-progress", "due": "2027-03-31"},
        "curriculum-gives-opportunity": {"status": "in-place"}}},
        FUNDING: "{corrupt"})
    page.goto(url)
    expect(page.locator(".cb-selfcheck .cb-sc-tools, .cb-transfer, .cb-plan").first).to_be_visible()
    assert serious_violations(page, scope) == []


# -- state other features keep through the same store (getSection / setSection) ---------------

STORE = "/assets/casebook/store.js"


def store_call(page: Page, script: str) -> Any:
    """Run `script` (an async function body with `store` in scope) on a page of the site."""
    url = json.dumps(STORE)
    return page.evaluate(f"async () => {{ const store = await import(new URL({url}, document.baseURI)); {script} }}")


def test_sections_keep_plain_state_refuse_prototype_tricks_and_move_with_exports(
        sc_page: Page, browser: Browser, base_url: str, tmp_path: Path) -> None:
    page = sc_page
    page.goto(HUB_URL)
    assert store_call(page, "return store.getSection('study-route');") == {}
    assert store_call(page, "return store.setSection('study-route', {read: ['schools/a'], n: 2});") is True
    assert store_call(page, "return store.getSection('study-route');") == {"read": ["schools/a"], "n": 2}
    raw = json.loads(page.evaluate("localStorage.getItem('casebook:section:study-route')"))
    assert raw["format"] == 2 and raw["value"] == {"read": ["schools/a"], "n": 2}

    # A stored value that tries the prototype chain, or is not an object, reads as plain data.
    evil = {"__proto__": {"polluted": 1}, "constructor": {"x": 1}, "ok": {"__proto__": 1, "k": "v"}}
    page.evaluate("v => localStorage.setItem('casebook:section:evil', v)", json.dumps({"format": 2, "value": evil}))
    page.evaluate("""
        localStorage.setItem('casebook:section:list', '{"format": 2, "value": ["a"]}');
        localStorage.setItem('casebook:section:junk', '{oops');""")
    assert store_call(page, "const v = store.getSection('evil'); "
                            "return [v, Object.getPrototypeOf(v) === Object.prototype, "
                            "({}).polluted === undefined, Object.keys(v)];") == [
        {"ok": {"k": "v"}}, True, True, ["ok"]]
    assert store_call(page, "return [store.getSection('list'), store.getSection('junk')];") == [{}, {}]
    # Bad names and values are refused loudly: they are a programming mistake, not a reader's.
    for call in ("store.getSection('__proto__')", "store.getSection('a:b')", "store.setSection('x', ['a'])",
                 "store.setSection('x', null)", "store.setSection('toString', {})",
                 "store.setSection('x', new Date())"):
        outcome = store_call(page, f"try {{ {call}; return 'accepted'; }} catch (e) {{ return e.name; }}")
        assert outcome == "TypeError", call
    # An empty object removes the key.
    store_call(page, "store.setSection('list', {}); return null;")
    assert page.evaluate("localStorage.getItem('casebook:section:list')") is None

    with page.expect_download() as info:
        page.get_by_role("button", name="Export answers").click()
    exported = tmp_path / "answers.json"
    info.value.save_as(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["sections"]["study-route"] == {"read": ["schools/a"], "n": 2}
    assert data["sections"]["evil"] == {"ok": {"k": "v"}}

    other = browser.new_context(base_url=base_url)
    try:
        fresh = other.new_page()
        fresh.goto(HUB_URL)
        expect(fresh.locator(".cb-transfer")).to_be_visible()
        fresh.get_by_label("Import answers from a file").set_input_files(str(exported))
        expect(fresh.locator(".cb-transfer-status")).not_to_be_empty()
        assert store_call(fresh, "return store.getSection('study-route');") == {"read": ["schools/a"], "n": 2}
        # A hostile file cannot reach the prototype either.
        hostile = json.dumps({"format": "casebook-selfchecks", "checks": {},
                              "sections": {"evil": {"__proto__": {"polluted": 1}}, "__proto__": {"a": 1}}})
        fresh.get_by_label("Import answers from a file").set_input_files(
            {"name": "h.json", "mimeType": "application/json", "buffer": hostile.encode()})
        expect(fresh.locator(".cb-transfer-status")).to_contain_text("could not be read")
        assert fresh.evaluate("({}).polluted === undefined && Object.prototype.a === undefined")
    finally:
        other.close()
