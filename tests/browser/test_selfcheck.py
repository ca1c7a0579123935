"""Self-check appendices, the self-check hub and the action plan, driven in headless Chromium.

Answers live only in localStorage under one key per self-check (see assets/store.js):
`casebook:selfcheck:<id>` -> {"version", "updated", "answers": {<question id>: {status, note?, owner?, due?}}}.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from tests.accessibility import serious_violations

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


def stored(page: Page, check: str) -> Any:
    raw = page.evaluate("k => localStorage.getItem(k)", KEY + check)
    return None if raw is None else json.loads(raw)


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


# -- answering, saving, progress ------------------------------------------------------------


def test_answers_survive_reload_and_instant_navigation(sc_page: Page, base_url: str) -> None:
    page = sc_page
    enable_instant_navigation(page, base_url)
    sent: list[str] = []
    page.on("request", lambda r: sent.append(f"{r.method} {r.url} {r.post_data or ''}"))
    section = open_check(page, HEAD_URL)
    total = section.locator("li.cb-question").count()
    ids = question_ids(section)
    expect(section.locator(".cb-progress-text")).to_have_text(f"0 of {total} answered, 0 in place")
    expect(section.locator(".cb-noscript-note")).to_be_hidden()

    answer(question(section, 0), "Not yet", "Ask at the staff meeting")
    answer(question(section, 1), "In progress")
    answer(question(section, 2), "In place")
    expect(section.locator(".cb-progress-text")).to_have_text(f"3 of {total} answered, 1 in place")
    expect(section.locator("progress")).to_have_js_property("value", 3)

    record = stored(page, HEAD)
    assert record["version"] == 1
    assert record["answers"] == {
        ids[0]: {"status": "not-yet", "note": "Ask at the staff meeting"},
        ids[1]: {"status": "in-progress"},
        ids[2]: {"status": "in-place"},
    }

    page.reload()
    section = open_check(page, HEAD_URL)
    expect(question(section, 0).get_by_role("radio", name="Not yet")).to_be_checked()
    expect(question(section, 0).get_by_role("textbox")).to_have_value("Ask at the staff meeting")
    expect(question(section, 1).get_by_role("radio", name="In progress")).to_be_checked()
    expect(question(section, 2).get_by_role("radio", name="In place")).to_be_checked()
    expect(question(section, 3).get_by_role("radio", checked=True)).to_have_count(0)
    expect(section.locator(".cb-progress-text")).to_have_text(f"3 of {total} answered, 1 in place")

    # Material's instant navigation swaps the content without a reload: a marker on `window`
    # survives only if no full page load happened, which proves the swap path was the one tested.
    page.evaluate("window.__stillSamePage = true")
    page.wait_for_load_state("networkidle")  # Material intercepts clicks once it has the sitemap
    page.locator(".md-nav--primary a", has_text="All self-checks").click()
    expect(page).to_have_url(re.compile(r"/self-checks/$"))
    row = page.locator(f'tr[data-selfcheck="{HEAD}"] .cb-hub-progress')
    expect(row).to_have_text(f"3 of {total} answered, 1 in place")
    expect(page.locator(f'tr[data-selfcheck="{FUNDING}"] .cb-hub-progress')).to_have_text("Not started")
    assert page.evaluate("window.__stillSamePage") is True

    page.go_back()
    expect(page).to_have_url(re.compile(HEAD_URL))
    section = page.locator("section.cb-selfcheck")
    expect(question(section, 0).get_by_role("radio", name="Not yet")).to_be_checked()
    expect(question(section, 2).get_by_role("radio", name="In place")).to_be_checked()
    expect(section.locator(".cb-progress-text")).to_have_text(f"3 of {total} answered, 1 in place")
    assert page.evaluate("window.__stillSamePage") is True

    # Answering after an instant navigation still saves (the new content was wired up).
    answer(question(section, 3), "In place")
    expect(section.locator(".cb-progress-text")).to_have_text(f"4 of {total} answered, 2 in place")
    assert stored(page, HEAD)["answers"][ids[3]] == {"status": "in-place"}

    # Nothing of the answers left the browser: only page loads, no request carries the note.
    assert sent and all(r.startswith("GET ") and "staff meeting" not in r and "not-yet" not in r for r in sent)


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
    answer(question(section, 0), "Not yet", "draft")
    answer(question(section, 1), "In place")

    messages: list[str] = []

    def dismiss(dialog: Any) -> None:
        messages.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    section.get_by_role("button", name="Reset this self-check").click()
    assert messages and "Clear every answer" in messages[0]
    expect(question(section, 0).get_by_role("radio", name="Not yet")).to_be_checked()
    assert len(stored(page, HEAD)["answers"]) == 2

    page.once("dialog", lambda dialog: dialog.accept())
    section.get_by_role("button", name="Reset this self-check").click()
    expect(section.get_by_role("radio", checked=True)).to_have_count(0)
    expect(question(section, 0).get_by_role("textbox")).to_have_value("")
    expect(section.locator(".cb-progress-text")).to_have_text(re.compile(r"^0 of \d+ answered, 0 in place$"))
    expect(section.locator(".cb-sc-notice")).to_contain_text("cleared")
    assert stored(page, HEAD) is None
    assert stored(page, FUNDING)["answers"] == {"purpose-named": {"status": "in-place"}}

    page.reload()
    section = open_check(page, HEAD_URL)
    expect(section.get_by_role("radio", checked=True)).to_have_count(0)


# -- damaged or outdated storage ------------------------------------------------------------


def test_corrupt_storage_keeps_nothing_says_so_and_the_page_still_works(sc_page: Page) -> None:
    page = sc_page
    seed(page, {HEAD: "{this is not json", FUNDING: '["a list, not a record"]'})
    section = open_check(page, HEAD_URL)
    expect(section.locator(".cb-sc-notice")).to_contain_text("could not be read")
    expect(section.get_by_role("radio", checked=True)).to_have_count(0)
    answer(question(section, 0), "In place")
    assert stored(page, HEAD)["answers"] == {question_ids(section)[0]: {"status": "in-place"}}

    # The hub and the plan read every self-check: a damaged one must not stop them.
    page.goto(HUB_URL)
    expect(page.locator(f'tr[data-selfcheck="{HEAD}"] .cb-hub-progress')).to_contain_text("1 of")
    expect(page.locator(f'tr[data-selfcheck="{FUNDING}"] .cb-hub-progress')).to_have_text("Not started")
    expect(page.locator(".cb-transfer-status")).to_contain_text("could not be read")
    page.goto(PLAN_URL)
    expect(page.locator(".cb-plan-status")).to_contain_text("Nothing in your plan yet")


def test_answers_from_an_older_version_keep_what_still_fits(sc_page: Page) -> None:
    page = sc_page
    seed(page, {FUNDING: {
        "version": 0,
        "updated": "2020-01-01T00:00:00Z",
        "answers": {
            "purpose-named": {"status": "not-yet", "note": "keep me", "owner": "Sam", "due": "2027-01-31"},
            "a-question-since-removed": {"status": "in-place"},
            "foundations-first": {"status": "maybe"},
            "seen-in-use": {"status": "in-progress", "due": "next week"},
        },
    }})
    section = open_check(page, FUNDING_URL)
    notice = section.locator(".cb-sc-notice")
    expect(notice).to_contain_text("a-question-since-removed")
    expect(notice).to_contain_text("version 0")
    expect(notice).to_contain_text("1 saved answer that could not be read")
    expect(notice).to_contain_text("1 note, owner or date that could not be read")

    items = {li.get_attribute("data-question"): li for li in section.locator("li.cb-question").all()}
    expect(items["purpose-named"].get_by_role("radio", name="Not yet")).to_be_checked()
    expect(items["purpose-named"].get_by_role("textbox")).to_have_value("keep me")
    expect(items["seen-in-use"].get_by_role("radio", name="In progress")).to_be_checked()
    expect(items["foundations-first"].get_by_role("radio", checked=True)).to_have_count(0)

    # What was kept is written back under the current version, so the notice is given once.
    record = stored(page, FUNDING)
    assert record["version"] == 1
    assert record["answers"] == {
        "purpose-named": {"status": "not-yet", "note": "keep me", "owner": "Sam", "due": "2027-01-31"},
        "seen-in-use": {"status": "in-progress"},
    }
    page.reload()
    section = open_check(page, FUNDING_URL)
    expect(section.locator(".cb-sc-notice")).to_be_empty()


# -- the action plan ------------------------------------------------------------------------


def answer_both(page: Page) -> dict[str, list[str]]:
    """Answer the headteacher's self-check and the funding appendix through the pages."""
    section = open_check(page, HEAD_URL)
    head = question_ids(section)
    answer(question(section, 0), "Not yet", "Ask governors, then staff")
    answer(question(section, 1), "In progress")
    answer(question(section, 2), "In place")
    section = open_check(page, FUNDING_URL)
    funding = question_ids(section)
    answer(question(section, 0), "Not yet")
    return {HEAD: head, FUNDING: funding}


def test_action_plan_lists_open_items_keeps_owner_and_date_and_downloads(sc_page: Page, tmp_path: Path) -> None:
    page = sc_page
    ids = answer_both(page)
    page.goto(PLAN_URL)
    plan = page.locator(".cb-plan")
    expect(plan).to_be_visible()
    expect(page.locator(".cb-plan-status")).to_have_text("3 open items from 2 self-checks.")
    texts = {c["id"]: {q["id"]: q for g in c["groups"] for q in g["questions"]} for c in catalogue(page)}
    titles = {c["id"]: c["title"] for c in catalogue(page)}

    groups = plan.locator("section.cb-plan-check")
    expect(groups).to_have_count(2)
    expect(groups.nth(0).get_by_role("heading", level=2)).to_have_text(titles[FUNDING])
    expect(groups.nth(1).get_by_role("heading", level=2)).to_have_text(titles[HEAD])
    link = groups.nth(1).get_by_role("link", name=titles[HEAD])
    assert link.evaluate("a => a.href").endswith(f"/{HEAD_URL}#self-check")
    head_items = groups.nth(1).locator("li.cb-plan-item")
    expect(head_items).to_have_count(2)
    first_text = plain(texts[HEAD][ids[HEAD][0]]["text"])
    expect(head_items.nth(0)).to_contain_text(f"Not yet {first_text}")
    expect(head_items.nth(0)).to_contain_text("Your note: Ask governors, then staff")
    expect(head_items.nth(1)).to_contain_text("In progress")
    for read in texts[HEAD][ids[HEAD][0]]["read"]:
        expect(head_items.nth(0).locator(".cb-plan-read").get_by_role("link", name=read["title"])).to_be_visible()
    expect(plan).not_to_contain_text(plain(texts[HEAD][ids[HEAD][2]]["text"]))  # answered "in place"

    owner = 'Ms Khan, deputy head, "ICT"'
    head_items.nth(0).get_by_role("textbox", name="Owner").fill(owner)
    head_items.nth(0).get_by_label("Due date").fill("2027-03-31")
    assert stored(page, HEAD)["answers"][ids[HEAD][0]] == {
        "status": "not-yet", "note": "Ask governors, then staff", "owner": owner, "due": "2027-03-31",
    }
    page.reload()
    head_items = page.locator("section.cb-plan-check").nth(1).locator("li.cb-plan-item")
    expect(head_items.nth(0).get_by_role("textbox", name="Owner")).to_have_value(owner)
    expect(head_items.nth(0).get_by_label("Due date")).to_have_value("2027-03-31")

    page.evaluate("window.print = () => { window.__printed = true; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed") is True

    with page.expect_download() as info:
        page.get_by_role("button", name="Download as Markdown").click()
    assert info.value.suggested_filename == "action-plan.md"
    md = Path(info.value.path()).read_text(encoding="utf-8")
    assert md.startswith("# Action plan\n")
    assert f"## [{titles[HEAD]}](" in md and f"## [{titles[FUNDING]}](" in md
    assert f"- [ ] **Not yet:** [{first_text}](" in md
    assert f"**In progress:** [{plain(texts[HEAD][ids[HEAD][1]]['text'])}](" in md
    assert f"**Not yet:** [{plain(texts[FUNDING][ids[FUNDING][0]]['text'])}](" in md
    assert f"  - Owner: {owner}; due: 2027-03-31" in md
    assert "  - Note: Ask governors, then staff" in md
    assert plain(texts[HEAD][ids[HEAD][2]]["text"]) not in md
    assert md.count("- [ ] ") == 3
    # Links in a downloaded file must work outside the site, so they are absolute.
    assert re.search(r"\]\(http://127\.0\.0\.1:\d+/guidance/vision-and-strategy/\)", md)

    with page.expect_download() as info:
        page.get_by_role("button", name="Download as CSV").click()
    assert info.value.suggested_filename == "action-plan.csv"
    raw = Path(info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["Self-check", "Question", "Status", "Note", "Owner", "Due date", "Read next", "Link"]
    body = {row[1]: row for row in rows[1:]}
    assert len(rows) == 4 and len(body) == 3
    row = body[first_text]
    assert row[0] == titles[HEAD]
    assert row[2:6] == ["Not yet", "Ask governors, then staff", owner, "2027-03-31"]
    assert "Vision and strategy (http://" in row[6]
    assert row[7].endswith(f"/{HEAD_URL}#q-{HEAD}-{ids[HEAD][0]}")
    assert body[plain(texts[HEAD][ids[HEAD][1]]["text"])][2] == "In progress"


def test_printed_plan_has_every_open_item(sc_page: Page, tmp_path: Path) -> None:
    page = sc_page
    page.goto(PLAN_URL)
    checks = {c["id"]: c for c in catalogue(page)}
    head_ids = [q["id"] for g in checks[HEAD]["groups"] for q in g["questions"]]
    # Every question of the longest self-check open, so the plan runs over several pages.
    answers: dict[str, Any] = {qid: {"status": "not-yet" if i % 2 else "in-progress"} for i, qid in enumerate(head_ids)}
    answers[head_ids[0]] = {"status": "in-place"}
    answers[head_ids[1]]["owner"] = "Deputy head"
    answers[head_ids[1]]["due"] = "2027-06-30"
    seed(page, {HEAD: {"version": 1, "answers": answers},
                FUNDING: {"version": 1, "answers": {"budget-known": {"status": "not-yet"}}}})
    page.reload()
    expect(page.locator("li.cb-plan-item")).to_have_count(len(head_ids))

    text = squash(pdf_text(page.pdf(format="A4"), tmp_path))
    questions = {q["id"]: q["text"] for c in checks.values() for g in c["groups"] for q in g["questions"]}
    for qid in head_ids[1:]:
        assert plain(questions[qid]) in text, f"{qid} missing from the printed plan"
    assert plain(questions["budget-known"]) in text
    assert plain(questions[head_ids[0]]) not in text
    assert "Deputy head" in text and "2027-06-30" in text
    assert checks[HEAD]["title"] in text and checks[FUNDING]["title"] in text
    # Only the plan prints: no buttons, no site navigation, no footer.
    for chrome in ("Download as CSV", "Case-study library", "Made with"):
        assert chrome not in text


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
        seed(page, {HEAD: {"version": 1, "answers": {qid: {"status": "not-yet", "note": "<b>mine</b>"}}}})
        page.reload()
        item = page.locator("li.cb-plan-item")
        expect(item).to_contain_text("<img src=x onerror=window.__pwned=1> Do you have training needs?")
        expect(item).to_contain_text("Your note: <b>mine</b>")
        expect(item.locator("img, b")).to_have_count(0)
        assert page.evaluate("window.__pwned") is None
    finally:
        # The service worker may still be fetching the page in the background: let that go quietly
        # instead of failing the next test when the context closes under it.
        page.context.unroute_all(behavior="ignoreErrors")


# -- moving answers between browsers ---------------------------------------------------------


def test_export_then_import_into_a_fresh_profile(sc_page: Page, browser: Browser, base_url: str,
                                                 tmp_path: Path) -> None:
    page = sc_page
    ids = answer_both(page)
    page.goto(PLAN_URL)
    page.locator("li.cb-plan-item").first.get_by_role("textbox", name="Owner").fill("Bursar")
    page.goto(HUB_URL)
    expect(page.locator(".cb-transfer")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="Export answers").click()
    exported = tmp_path / info.value.suggested_filename
    info.value.save_as(exported)
    assert exported.name.startswith("self-check-answers-") and exported.suffix == ".json"
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "casebook-selfchecks"
    assert set(data["checks"]) == {HEAD, FUNDING}
    assert data["checks"][FUNDING]["answers"] == {ids[FUNDING][0]: {"status": "not-yet", "owner": "Bursar"}}
    expect(page.locator(".cb-transfer-status")).to_contain_text("2 self-checks")

    other: BrowserContext = browser.new_context(base_url=base_url, accept_downloads=True)
    try:
        fresh = other.new_page()
        errors: list[str] = []
        fresh.on("pageerror", lambda error: errors.append(str(error)))
        fresh.goto(HUB_URL)
        assert fresh.evaluate("Object.keys(localStorage).filter(k => k.startsWith('casebook:'))") == []
        expect(fresh.locator(f'tr[data-selfcheck="{HEAD}"] .cb-hub-progress')).to_have_text("Not started")

        # A file that is not an export changes nothing and says why.
        fresh.get_by_label("Import answers from a file").set_input_files(
            {"name": "notes.json", "mimeType": "application/json", "buffer": b"{oops"})
        expect(fresh.locator(".cb-transfer-status")).to_have_text(
            re.compile(r"^Nothing was imported\. .*not valid JSON"))
        fresh.get_by_label("Import answers from a file").set_input_files(
            {"name": "other.json", "mimeType": "application/json", "buffer": b'{"checks": {}}'})
        expect(fresh.locator(".cb-transfer-status")).to_contain_text("not an answers file exported from this library")
        assert fresh.evaluate("Object.keys(localStorage).filter(k => k.startsWith('casebook:'))") == []

        fresh.get_by_label("Import answers from a file").set_input_files(str(exported))
        expect(fresh.locator(".cb-transfer-status")).to_have_text(
            f"Imported 4 answers to 2 self-checks from {exported.name}.")
        total = len(ids[HEAD])
        expect(fresh.locator(f'tr[data-selfcheck="{HEAD}"] .cb-hub-progress')).to_have_text(
            f"3 of {total} answered, 1 in place")

        section = open_check(fresh, HEAD_URL)
        expect(question(section, 0).get_by_role("radio", name="Not yet")).to_be_checked()
        expect(question(section, 0).get_by_role("textbox")).to_have_value("Ask governors, then staff")
        expect(question(section, 2).get_by_role("radio", name="In place")).to_be_checked()
        fresh.goto(PLAN_URL)
        expect(fresh.locator(".cb-plan-status")).to_have_text("3 open items from 2 self-checks.")
        expect(fresh.locator("li.cb-plan-item").first.get_by_role("textbox", name="Owner")).to_have_value("Bursar")

        # Unknown self-checks and questions in a file are reported, the rest imported.
        partly = {"format": "casebook-selfchecks", "checks": {
            "no-such-check": {"version": 1, "answers": {"q": {"status": "in-place"}}},
            FUNDING: {"version": 1,
                      "answers": {ids[FUNDING][1]: {"status": "in-place"}, "gone": {"status": "in-place"}}},
        }}
        fresh.goto(HUB_URL)
        fresh.get_by_label("Import answers from a file").set_input_files(
            {"name": "partly.json", "mimeType": "application/json", "buffer": json.dumps(partly).encode()})
        status = fresh.locator(".cb-transfer-status")
        expect(status).to_contain_text("Imported 1 answer to 1 self-check")
        expect(status).to_contain_text("no-such-check")
        expect(status).to_contain_text("gone")
        assert set(stored(fresh, FUNDING)["answers"]) == {ids[FUNDING][0], ids[FUNDING][1]}
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
        text = squash(pdf_text(page.pdf(format="A4"), tmp_path))
        for q in questions:
            assert q in text
        # Numbered by the stylesheet (a list marker would not line up with a legend).
        assert f"1. {questions[0]}" in text
        assert "If not yet, read:" in text
        assert "Not yet In progress In place" not in text
    finally:
        context.close()


# -- accessibility ----------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "scope"), [
    (HEAD_URL, None),
    # On a guidance page only the appendix is this feature's; the guidance tests cover the rest.
    (FUNDING_URL, "section.cb-selfcheck"),
    (HUB_URL, None),
    (PLAN_URL, None),
])
def test_axe_finds_no_serious_violations(sc_page: Page, url: str, scope: str | None) -> None:
    page = sc_page
    # With answers, a damaged record and a notice, so every part of the pages is showing.
    seed(page, {HEAD: {"version": 1, "answers": {"aspects-that-excite-you": {"status": "not-yet", "note": "n"},
                                                 "where-to-put-computers": {"status": "in-progress"}}},
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
