"""Issue 26: where a school stands against today's DfE standards, and what it does next.

"Where we stand" (one page across the six core standards, printable as one A4 page for governors),
the counts at the end of every self-check, the action plan's actions (what we will do, owner, due
date, status, a Done section), search in the reader's words, and the headteacher's journey from the
home page to a printed summary and plan, at 1280 px and at 390x844, once by keyboard alone.

Answers are stored as store.js keeps them (format 3): `casebook:selfcheck:<id>` ->
{"format": 3, "version", "updated", "answers": {<question id>: {status?, note?, act?, owner?, due?,
action?, step?, done?}}}.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.accessibility import ready, serious_violations
from tests.browser.test_journeys import tab_to
from tests.browser.test_search import search
from tests.browser.test_selfcheck import nospace, pdf_text, stored
from tests.browser.waits import view_ready

STAND = "where-we-stand/"
PLAN = "self-checks/action-plan/"
DLG = "standard-digital-leadership-and-governance"
CYBER = "standard-cyber-security"
KEY = "casebook:selfcheck:"
UPDATED = "2026-11-20T10:00:00.000Z"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def human(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def put(page: Page, records: dict[str, dict[str, Any]], school: str | None = None) -> None:
    """Store answers (format 3) for each self-check, and the school's name, then reload."""
    if not page.url.startswith("http"):
        page.goto("./")
    for check, answers in records.items():
        record = {"format": 3, "version": 1, "updated": UPDATED, "answers": answers}
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY + check, json.dumps(record)])
    if school:
        page.evaluate("s => localStorage.setItem('casebook:section:action-plan', JSON.stringify("
                      "{format: 2, value: {school: s}}))", school)
    page.reload()


def open_page(page: Page, path: str) -> None:
    page.goto(path)
    ready(page)


ARRIVED = {f"/{STAND}": ".cb-standing-controls:not([hidden])", f"/{PLAN}": ".cb-plan-date:not(:empty)",
           "/standards/digital-leadership-and-governance/": ".cb-selfcheck .cb-sc-tools:not([hidden])",
           "/standards/cyber-security/": ".cb-selfcheck .cb-sc-tools:not([hidden])"}
"""What shows that a page's script has set it up: with instant navigation the address changes (and
the previous page's ready mark stays) before the new page is in place."""


def at(page: Page, path: str) -> None:
    view_ready(page, path)  # the view of `path`, set up (tests/browser/waits.py)
    page.locator(ARRIVED[path]).first.wait_for()
    ready(page)  # and its stylesheets loaded


def stub_print(page: Page) -> None:
    """Count the page's calls of window.print (from 0) instead of opening the print dialog. (A string
    that is a function would be called by `evaluate`: the assignment is wrapped in one.)"""
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed++; }; }")


def pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def catalogue(page: Page) -> dict[str, Any]:
    return {c["id"]: c for c in json.loads(page.locator("#cb-selfchecks").get_attribute("data-checks") or "[]")}


def practices(check: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for g in check["groups"] for q in g["questions"] if q["kind"] == "practice"]


SEEDED = {
    DLG: {"named-senior-leader": {"status": "in-place"}, "fits-development-plan": {"status": "not-yet"},
          "hardware-register": {"status": "in-progress"}, "who-holds-what": {"note": "The head, mostly"}},
    CYBER: {"anti-malware": {"status": "in-place"}, "firewall": {"status": "in-place"},
            "risk-assessment-yearly": {"status": "not-yet"}},
}


# -- Where we stand --------------------------------------------------------------------------------

def test_where_we_stand_counts_every_standard_in_words_and_squares(page: Page) -> None:
    put(page, SEEDED)
    open_page(page, STAND)
    rows = page.locator(".cb-standing-table tbody tr")
    expect(rows.locator("th")).to_have_text([
        "Broadband internet (only part covered)", "Cyber security (only part covered)",
        "Digital leadership and governance (only part covered)", "Filtering and monitoring (only part covered)",
        "Network switching", "Wireless network"])
    expected = {  # in place, in progress, not yet, not answered, last answered
        "Broadband internet": ["0", "0", "0", "5", "Not started"],
        "Cyber security": ["2", "0", "1", "3", "20 November 2026"],
        "Digital leadership and governance": ["1", "1", "1", "6", "20 November 2026"],
        "Filtering and monitoring": ["0", "0", "0", "9", "Not started"],
    }
    for name, cells in expected.items():
        row = rows.filter(has=page.get_by_role("rowheader", name=name))
        expect(row.locator("td[data-status], .cb-standing-when")).to_have_text(cells)
        # One square a practice, told apart by class (pattern and colour), with the same counts in words.
        squares = [row.locator(f".cb-sq-{s}").count() for s in ("in-place", "in-progress", "not-yet", "none")]
        assert squares == [int(c) for c in cells[:4]], name
        words = f"{cells[0]} in place, {cells[1]} in progress, {cells[2]} not yet, {cells[3]} not answered"
        expect(row.locator(".cb-standing-bar .cb-sr")).to_have_text(re.compile(f"^{words} \\(of \\d+ practices\\)$"))
    for name in ("Network switching", "Wireless network"):
        row = rows.filter(has=page.get_by_role("rowheader", name=name))
        expect(row).to_contain_text("No questions: the library has only this standard's name.")
        href = row.get_by_role("link", name="Read it on GOV.UK").get_attribute("href") or ""
        assert href.startswith("https://www.gov.uk/guidance/meeting-digital-and-technology-standards")
    expect(page.locator(".cb-standing-total")).to_have_text(
        "Across the standards with questions: 3 in place, 1 in progress, 2 not yet, 23 not answered (of 29 practices).")
    # What is in place is listed too, not only the gaps.
    expect(page.locator(".cb-standing-in-place h4")).to_have_text(
        ["Cyber security (only part covered) (2 practices)",
         "Digital leadership and governance (only part covered) (1 practice)"])
    expect(page.locator(".cb-standing-in-place li")).to_have_text([
        "Are the school's technology and data protected by anti-malware?", "Are they protected by a firewall?",
        re.compile(r"^Is a named member of the senior leadership team responsible for digital technology")])
    # The school's name heads the summary and is the plan's too.
    page.get_by_role("textbox", name="Your school's name").fill("Hillside Primary School")
    expect(page.get_by_role("heading", level=2, name="Where we stand: Hillside Primary School")).to_be_visible()
    expect(page.locator(".cb-standing-meta")).to_contain_text(f"on {human(date.today())}")
    open_page(page, PLAN)
    expect(page.get_by_role("textbox", name="Your school's name")).to_have_value("Hillside Primary School")


def test_where_we_stand_is_linked_from_home_hub_then_and_now_and_every_standard(page: Page) -> None:
    for path in ("", "self-checks/", "then-and-now/", "standards/broadband-internet/", "standards/wireless-network/",
                 "standards/digital-leadership-and-governance/", "standards/network-switching/"):
        page.goto(path)
        links = page.locator(f'article a[href$="{STAND}"]')
        assert links.count() >= 1, path
    # A standard the library knows only by name says so, with the GOV.UK link, and asks nothing.
    page.goto("standards/wireless-network/")
    expect(page.locator(".cb-no-questions")).to_contain_text("The library has only this standard's name")
    expect(page.locator(".cb-selfcheck")).to_have_count(0)


def test_the_summary_prints_on_one_a4_page_even_with_everything_answered(page: Page, tmp_path: Path) -> None:
    page.goto(STAND)
    checks = catalogue(page)
    assert len(checks) == 4
    # The longest summary: every practice in place, so every one is listed.
    put(page, {c: {q["id"]: {"status": "in-place"} for q in practices(check)} for c, check in checks.items()},
        school="Hillside Primary School")
    ready(page)
    data = page.pdf(format="A4")
    assert pdf_pages(data) == 1
    text = nospace(pdf_text(data, tmp_path))
    assert nospace("Where we stand: Hillside Primary School") in text
    assert nospace(human(date.today())) in text
    for name in ("Broadband internet", "Network switching", "Filtering and monitoring"):
        assert nospace(name) in text
    assert nospace("29 in place, 0 in progress, 0 not yet, 0 not answered (of 29 practices)") in text
    assert "http" not in text  # no link addresses on paper
    for control in ("Printthesummary", "Yourschool'sname", "Next"):
        assert control not in text


# -- the end of a self-check -----------------------------------------------------------------------

def test_the_end_of_a_self_check_counts_and_leads_on(page: Page) -> None:
    open_page(page, "standards/cyber-security/")
    section = page.locator(f'.cb-selfcheck[data-selfcheck="{CYBER}"]')
    end = section.locator(".cb-sc-end")
    expect(end.locator(".cb-sc-end-counts")).to_have_text(
        "So far: 0 of 7 answered. Of 6 practices, 0 in place, 0 in progress, 0 not yet, 6 not answered.")
    section.locator('.cb-question[data-question="firewall"]').get_by_label("In place").check()
    section.locator('.cb-question[data-question="anti-malware"]').get_by_label("Not yet").check()
    expect(end.locator(".cb-sc-end-counts")).to_have_text(
        "So far: 2 of 7 answered. Of 6 practices, 1 in place, 0 in progress, 1 not yet, 4 not answered.")
    # After the last question, the way on: where we stand, the plan.
    last = section.locator(".cb-question").last
    assert last.evaluate("(q, end) => !!(q.compareDocumentPosition(end) & Node.DOCUMENT_POSITION_FOLLOWING)",
                         end.element_handle())
    end.get_by_role("link", name="Where we stand against the DfE standards").click()
    at(page, f"/{STAND}")
    row = page.locator(f'tr[data-selfcheck="{CYBER}"]')
    expect(row.locator("td[data-status]")).to_have_text(["1", "0", "1", "4"])


# -- the action plan -------------------------------------------------------------------------------

def test_the_plan_holds_actions_with_status_and_keeps_what_is_done(page: Page) -> None:
    today = date.today()
    put(page, {DLG: {"fits-development-plan": {"status": "not-yet"}, "hardware-register": {"status": "in-progress"},
                     "named-senior-leader": {"status": "in-place"}}})
    open_page(page, PLAN)
    items = page.locator("li.cb-plan-item")
    expect(items).to_have_count(2)
    first = items.nth(0)
    action = first.get_by_role("textbox", name="What we will do")
    expect(first.locator(".cb-plan-count")).to_have_text("0 of 500 characters")
    action.fill("Write the digital strategy into the spring development plan review. " * 9)  # 621 characters
    assert len(action.input_value()) == 500  # the field stops at the limit
    expect(first.locator(".cb-plan-count")).to_have_text("500 of 500 characters")
    action.fill("Write the digital strategy into the spring development plan review.")
    expect(first.locator(".cb-plan-count")).to_have_text("67 of 500 characters")
    first.get_by_role("textbox", name="Owner").fill("Head")
    first.get_by_label("Due date").fill("2027-03-31")
    first.get_by_label("Due date").blur()
    first.get_by_label("Status").select_option("in-progress")
    saved = stored(page, DLG)["answers"]["fits-development-plan"]
    assert saved == {"status": "not-yet",
                     "action": "Write the digital strategy into the spring development plan review.",
                     "owner": "Head", "due": "2027-03-31", "step": "in-progress"}

    # Done: dated with today, moved to the Done section, kept after a reload; the keyboard stays with it.
    items.nth(1).get_by_label("Status").select_option("done")
    done = page.locator("section.cb-plan-done")
    expect(done.get_by_role("heading", level=3)).to_have_text("Done (1)")
    expect(done.locator(".cb-plan-done-on")).to_have_text(f"Done on {human(today)}.")
    assert page.evaluate("document.activeElement.closest('.cb-plan-done') !== null")
    assert stored(page, DLG)["answers"]["hardware-register"] == {
        "status": "in-progress", "step": "done", "done": today.isoformat()}
    expect(page.locator(".cb-plan-status")).to_have_text("1 open item from 1 self-check. 1 done.")
    page.reload()
    expect(page.locator("section.cb-plan-done li.cb-plan-item")).to_have_count(1)
    expect(page.locator("section.cb-plan-group li.cb-plan-item")).to_have_count(1)

    # Every field in both files.
    with page.expect_download() as info:
        page.get_by_role("button", name="Download as Markdown").click()
    md = Path(info.value.path()).read_text(encoding="utf-8")
    assert "  - What we will do: Write the digital strategy into the spring development plan review." in md
    assert "  - Owner: Head; due: 31 March 2027\n  - Status: In progress\n" in md
    assert re.search(r"\n## Done\n\n- \[x\] \*\*In progress:\*\* \[Does the school keep a register of its hardware", md)
    assert f"  - Status: Done, {human(today)}\n" in md
    with page.expect_download() as info:
        page.get_by_role("button", name="Download as CSV").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_bytes().decode("utf-8-sig"), newline="")))
    assert rows[0][8:] == ["What we will do", "Action status", "Done on"]
    assert [r[8:] for r in rows[1:]] == [
        ["Write the digital strategy into the spring development plan review.", "In progress", ""],
        ["", "Done", today.isoformat()]]


def test_an_empty_plan_offers_no_print_or_download(page: Page) -> None:
    open_page(page, PLAN)
    expect(page.locator(".cb-plan-status")).to_contain_text("Nothing in your plan yet")
    for name in ("Print", "Download as Markdown", "Download as CSV"):
        expect(page.get_by_role("button", name=name)).to_have_count(0)  # hidden: not in the accessibility tree


def test_ten_items_print_as_one_table_on_one_a4_page(page: Page, tmp_path: Path) -> None:
    page.goto(PLAN)
    checks = catalogue(page)
    # Ten open practices from three self-checks, each with an action, an owner and a date.
    chosen = [(DLG, q) for q in practices(checks[DLG])[:5]] + [(CYBER, q) for q in practices(checks[CYBER])[:3]] + [
        ("standard-filtering-and-monitoring", q) for q in practices(checks["standard-filtering-and-monitoring"])[:2]]
    records: dict[str, dict[str, Any]] = {}
    for n, (check, q) in enumerate(chosen):
        records.setdefault(check, {})[q["id"]] = {
            "status": "not-yet", "owner": ["Head", "Deputy head", "Business manager"][n % 3], "due": "2027-03-31",
            "action": f"Agree step {n} with the business manager and the IT provider, cost it, and report it to the "
                      "full governing body at its spring meeting.", "step": "in-progress" if n % 2 else "not-started"}
    put(page, records, school="Hillside Primary School")
    ready(page)
    expect(page.locator("li.cb-plan-item")).to_have_count(10)
    page.emulate_media(media="print")
    expect(page.locator(".cb-plan-sheet tbody tr:not(.cb-plan-sheet-group)")).to_have_count(10)
    expect(page.locator(".cb-plan-body")).to_be_hidden()
    page.emulate_media(media="null")  # back to no emulation: page.pdf prints with print styles
    data = page.pdf(format="A4")
    assert pdf_pages(data) == 1
    text = nospace(pdf_text(data, tmp_path))
    assert nospace("Action plan for Hillside Primary School") in text
    for n, (_, q) in enumerate(chosen):
        assert nospace(q["text"]) in text, q["id"]
        assert nospace(f"Agree step {n} with the business manager") in text
    assert nospace("31 Mar 2027") in text and "Inprogress" in text and "Notstarted" in text
    assert "http" not in text  # no link addresses


# -- search in the reader's words ------------------------------------------------------------------

@pytest.mark.parametrize("query", ["DfE standards", "Department for Education standards"])
def test_searching_for_the_dfe_standards_lists_a_standard_first(page: Page, query: str) -> None:
    page.goto("")
    ready(page)
    links = search(page, query)
    first = links[0]
    assert "/standards/" in first or "/then-and-now/" in first, links[:3]


# -- accessibility ---------------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_new_pages_pass_axe_in_both_colour_schemes(page: Page, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    put(page, {**SEEDED, CYBER: {**SEEDED[CYBER], "awareness-plan": {"status": "in-progress", "step": "done",
                                                                        "done": "2026-12-01", "action": "Plan"}}},
        school="Hillside Primary School")
    for path in (STAND, PLAN, "standards/cyber-security/", "standards/wireless-network/", ""):
        open_page(page, path)
        assert serious_violations(page) == [], f"{path} ({scheme})"


# -- the headteacher's journey ---------------------------------------------------------------------

class Counter:
    """Taps (clicks, checks, fields filled) and screens on one journey: on each page, the screenfuls
    the reader saw, from the highest to the lowest place a tap needed (a link to `#self-check` lands
    part-way down a page: what is above it was never on screen)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.taps = 0
        self.seen: dict[str, tuple[int, int]] = {}

    def _seen(self) -> None:
        top, bottom = self.page.evaluate(
            "[Math.floor(scrollY / innerHeight), Math.ceil((scrollY + innerHeight) / innerHeight - 0.05)]")
        path = self.page.evaluate("location.pathname")
        low, high = self.seen.get(path, (top, bottom))
        self.seen[path] = (min(low, top), max(high, bottom))

    @property
    def screens(self) -> dict[str, int]:
        return {path: high - low for path, (low, high) in self.seen.items()}

    def tap(self, locator: Any, fill: str | None = None) -> None:
        locator.scroll_into_view_if_needed()
        self._seen()
        if fill is None:
            locator.click()
        else:
            locator.fill(fill)
        self.taps += 1


@pytest.fixture(params=list(VIEWPORTS))
def view(request: pytest.FixtureRequest, browser: Any, base_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, viewport=VIEWPORTS[request.param],
                                  has_touch=request.param == "phone")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.view_name = request.param  # type: ignore[attr-defined]
    yield page
    context.close()
    assert not errors, errors




JOURNEY: dict[str, Any] = {}
"""What each viewport's journey counted, for the closing note (printed with -s)."""


def test_headteacher_journey_from_home_to_a_printed_summary_and_plan(view: Page, tmp_path: Path) -> None:
    page, count = view, Counter(view)
    page.goto("")
    ready(page)
    stub_print(page)
    count.tap(page.get_by_role("link", name="See where we stand"))
    at(page, f"/{STAND}")
    row = page.locator("tr", has=page.get_by_role("rowheader", name="Digital leadership and governance"))
    count.tap(row.get_by_role("link", name="answer the self-check"))
    at(page, "/standards/digital-leadership-and-governance/")
    section = page.locator(f'.cb-selfcheck[data-selfcheck="{DLG}"][data-cb-ready]')
    answers = ["In place", "Not yet", "In progress", "In place", "Not yet", "In place", "Not yet", "In place",
               "Not yet"]
    for li, answer in zip(section.locator('.cb-question[data-kind="practice"]').all(), answers, strict=True):
        count.tap(li.get_by_label(answer, exact=True))
    end = section.locator(".cb-sc-end")
    expect(end.locator(".cb-sc-end-counts")).to_have_text(
        "So far: 9 of 12 answered. Of 9 practices, 4 in place, 1 in progress, 4 not yet, 0 not answered.")
    count.tap(end.get_by_role("link", name="Where we stand against the DfE standards"))
    at(page, f"/{STAND}")
    count.tap(page.get_by_role("textbox", name="Your school's name"), "Hillside Primary School")
    stub_print(page)
    count.tap(page.get_by_role("button", name="Print the summary"))
    assert page.evaluate("window.__printed") == 1
    summary = page.pdf(format="A4")
    assert pdf_pages(summary) == 1
    assert nospace("Where we stand: Hillside Primary School") in nospace(pdf_text(summary, tmp_path))
    count.tap(page.locator(".cb-standing-actions").get_by_role("link", name="Your action plan"))
    at(page, f"/{PLAN}")
    item = page.locator("li.cb-plan-item").first
    count.tap(item.get_by_role("textbox", name="What we will do"),
              "Name the deputy head as digital lead at the next governors' meeting.")
    count.tap(item.get_by_role("textbox", name="Owner"), "Head")
    item.get_by_label("Status").scroll_into_view_if_needed()
    item.get_by_label("Status").select_option("in-progress")
    count.taps += 1
    stub_print(page)
    count.tap(page.get_by_role("button", name="Print"))
    assert page.evaluate("window.__printed") == 1
    plan = page.pdf(format="A4")
    assert pdf_pages(plan) == 1
    text = nospace(pdf_text(plan, tmp_path))
    assert nospace("Action plan for Hillside Primary School") in text and nospace("Name the deputy head") in text
    screens = sum(count.screens.values())
    JOURNEY[page.view_name] = {"taps": count.taps, "screens": screens, "by page": count.screens}  # type: ignore[attr-defined]
    print(f"\n{page.view_name}: {count.taps} taps, {screens} screens {count.screens}")  # type: ignore[attr-defined]
    assert count.taps == 19  # 1 + 1 + 9 answers + 1 + name + print + plan + action + owner + status + print
    if page.view_name == "phone":  # type: ignore[attr-defined]
        assert screens <= 15, count.screens  # 14 measured (fonts and wrapping may move it a little)


def test_the_same_journey_by_keyboard_alone(page: Page, tmp_path: Path) -> None:
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto("")
    ready(page)
    tab_to(page, f'a[href$="{STAND}"].md-button')
    page.keyboard.press("Enter")
    at(page, f"/{STAND}")
    tab_to(page, f'tr[data-selfcheck="{CYBER}"] a[href*="#self-check"]')
    page.keyboard.press("Enter")
    at(page, "/standards/cyber-security/")
    page.locator(f'.cb-selfcheck[data-selfcheck="{CYBER}"][data-cb-ready]').wait_for(state="attached")
    # The first two practices: Space picks "Not yet" (the first choice), an arrow key moves to the next.
    tab_to(page, '.cb-question[data-question="risk-assessment-yearly"] input[type=radio]')
    page.keyboard.press("Space")
    tab_to(page, '.cb-question[data-question="risk-review-termly"] input[type=radio]')
    page.keyboard.press("ArrowRight")
    assert stored(page, CYBER)["answers"] == {"risk-assessment-yearly": {"status": "not-yet"},
                                              "risk-review-termly": {"status": "in-progress"}}
    tab_to(page, '.cb-sc-end a[href$="where-we-stand/"]')
    page.keyboard.press("Enter")
    at(page, f"/{STAND}")
    tab_to(page, ".cb-standing-school")
    page.keyboard.type("Hillside Primary School")
    stub_print(page)
    tab_to(page, ".cb-standing-print")
    page.keyboard.press("Enter")
    assert page.evaluate("window.__printed") == 1
    assert pdf_pages(page.pdf(format="A4")) == 1
    tab_to(page, f'.cb-standing-actions a[href$="{PLAN}"]')
    page.keyboard.press("Enter")
    at(page, f"/{PLAN}")
    tab_to(page, "li.cb-plan-item textarea")
    page.keyboard.type("Book the risk assessment with the IT provider.")
    tab_to(page, "li.cb-plan-item .cb-plan-step select")
    page.keyboard.press("ArrowDown")  # Not started -> In progress
    expect(page.locator("li.cb-plan-item .cb-plan-step select").first).to_have_value("in-progress")
    assert stored(page, CYBER)["answers"]["risk-assessment-yearly"]["step"] == "in-progress"
    stub_print(page)
    tab_to(page, ".cb-plan-print")
    page.keyboard.press("Enter")
    assert page.evaluate("window.__printed") == 1
    data = page.pdf(format="A4")
    assert pdf_pages(data) == 1
    assert nospace("Book the risk assessment with the IT provider.") in nospace(pdf_text(data, tmp_path))
