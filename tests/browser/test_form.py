"""The Add your school page, driven in headless Chromium as a contributor would use it (issue 25).

The form is generated from the school's JSON Schema (form.py) and asks it in six steps; the browser
reads it back into a record, checks it with the vendored JSON Schema validator and casebook's own
wording (assets/form-check.js), shows each problem in plain words at its field (form.js), writes the
YAML file (assets/form-yaml.js), keeps the draft in localStorage (the store.js section
"add-your-school"), and sends the file by email or on GitHub.

No test waits a fixed time: each waits for the state it needs (the form's `data-current` step, a
control's value, the problem list, the stored draft). Screenshots go to $CASEBOOK_SHOTS when set.
"""

from __future__ import annotations

import copy
import json
import math
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from casebook import jsonschema
from casebook.yamlsafe import parse
from playwright.sync_api import Page, expect

from tests.accessibility import serious_violations
from tests.browser.waits import view_ready
from tests.conftest import ROOT, build_site, copy_project, serve

URL = "contributing/add-your-school/"
KEY = "casebook:section:add-your-school"
ID = "hilltop-primary"
TITLE = "Hilltop Primary School"
SUMMARY = "A primary school on a hill that lends its laptops to families. Pupils run the school's radio station."
LEADERSHIP = ("The deputy head leads technology with a team of pupil digital leaders.\n\n"
              "Governors review the plan each spring.")
SURVEY = "Staff survey on technology"
SURVEY_ID = "staff-survey-on-technology-2023"
EMAIL = "library@example.org"
REPO = "https://github.com/edtech-leaders/library"
ACCEPTED = "No problems: your file passes the library's checks."
SHOTS = Path(os.environ["CASEBOOK_SHOTS"]) if os.environ.get("CASEBOOK_SHOTS") else None


def shot(page: Page, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def problems(page: Page) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(".cb-form-list li").all_text_contents()]


def field_error(page: Page, control_id: str) -> str:
    box = page.locator(f"#{control_id}-error")
    return box.inner_text() if box.is_visible() else ""


def stored_draft_holds(page: Page, text: str) -> None:
    """Wait for the draft the form keeps in the browser to hold `text` (saved after the typing delay)."""
    page.wait_for_function("([key, text]) => (localStorage.getItem(key) || '').includes(text)", arg=[KEY, text])


def open_form(page: Page, url: str = URL) -> None:
    page.goto(url)
    expect(page.locator("#cb-form[data-current]")).to_be_visible()


def to_step(page: Page, number: int) -> None:
    page.locator(f"[data-step-link='{number}']").click()
    expect(page.locator("#cb-form")).to_have_attribute("data-current", str(number))


def enter(page: Page, selector: str, text: str) -> None:
    """Type into a control and leave it, as a person does: the form checks it on leaving."""
    page.fill(selector, text)
    page.locator(selector).blur()


def source_item(page: Page) -> Any:
    return page.locator("[data-name=sources] .cb-item").first


def fill_valid_school(page: Page, *, shots: str = "") -> None:
    """Every required field, one of each repeatable group and a new source, step by step."""
    to_step(page, 1)
    enter(page, "#cbf-id", ID)
    enter(page, "#cbf-title", TITLE)
    enter(page, "#cbf-summary", SUMMARY)
    enter(page, "#cbf-facts-pupils", "212")
    enter(page, "#cbf-facts-fsm-percent", "12.5")
    enter(page, "#cbf-facts-headteacher-years-in-post", "not stated")
    enter(page, "#cbf-facts-location", "A village on the edge of the moors")
    page.get_by_role("button", name="Add an award or network").click()
    page.locator("[data-name=awards_and_networks] input[type=text]").last.fill("Digital Schools Award")
    page.locator("[data-name=notes] summary").click()  # the notes on the facts are folded until asked for
    enter(page, "#cbf-facts-notes-headteacher-years-in-post", "The survey does not say when the head started.")
    facets = page.locator("[data-name=facets]")
    facets.locator("[data-name=theme]").get_by_label("Parents and community").check()
    facets.locator("[data-name=theme]").get_by_label("Pupil voice").check()
    facets.locator("[data-name=phase]").get_by_label("Primary").check()
    facets.locator("[data-name=setting]").get_by_label("Rural village").check()
    facets.locator("[data-name=region]").get_by_label("Yorkshire and the Humber").check()
    enter(page, "#cbf-leadership", LEADERSHIP)
    enter(page, "#cbf-sections-context-body", "What the survey says about the school, in our words.")
    context = page.locator("[data-name=context]")
    context.get_by_role("button", name="Add a quotation").click()
    context.locator("textarea").last.fill("The children taught us more than any course did.")
    context.locator("[data-name=quotations] input[type=text]").first.fill("Headteacher")
    if shots:
        shot(page, f"{shots}-1-about-your-school")
    to_step(page, 2)
    for key in ("how-ict-is-used", "where-they-want-to-go"):
        enter(page, f"#cbf-sections-{key}-body", f"What the survey says about {key.replace('-', ' ')}, in our words.")
    if shots:
        shot(page, f"{shots}-2-what-you-did")
    to_step(page, 3)
    for key in ("making-it-happen", "who-they-involve"):
        enter(page, f"#cbf-sections-{key}-body", f"What the survey says about {key.replace('-', ' ')}, in our words.")
    if shots:
        shot(page, f"{shots}-3-what-happened")
    to_step(page, 4)
    page.locator("[data-name=advice] .cb-item").first.locator("textarea").first.fill(
        "Start with what teachers already do well.")
    if shots:
        shot(page, f"{shots}-4-advice")
    to_step(page, 5)
    enter(page, "#cbf-evidence-year", "2023")
    item = source_item(page)
    item.locator("[data-name=new_source] [data-name=title] input").fill(SURVEY)
    item.locator("[data-name=new_source] [data-name=author] input").fill("Deputy headteacher")
    item.locator("[data-name=new_source] [data-name=year] input").fill("2023")
    item.locator("[data-name=new_source] [data-name=kind] input[value=survey]").check()
    item.locator("[data-name=new_source] [data-name=note] input").fill("Answered by 14 of the 16 teachers.")
    item.locator("[data-name=locator] input").first.fill("Question 4")
    item.locator("[data-name=locator] input").first.blur()
    if shots:
        shot(page, f"{shots}-5-where-this-comes-from")


@pytest.fixture
def fresh(page: Page) -> Iterator[Page]:
    """The form, freshly opened; failing on errors that casebook.js catches and logs per feature."""
    logged: list[str] = []
    page.on("console", lambda m: logged.append(m.text) if m.type == "error" and "casebook" in m.text else None)
    page.on("pageerror", lambda e: logged.append(str(e)))
    open_form(page)
    yield page
    assert not logged, f"the form logged errors: {logged}"


@pytest.fixture(scope="module")
def configured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A copy of the project whose settings name a GitHub repository and an address for contributions,
    built and served: the three ways to send are on its form."""
    base = tmp_path_factory.mktemp("configured")
    project = copy_project(base / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("site_name:", f"repo_url: {REPO}\nedit_uri: edit/main/docs/\nsite_name:", 1)
    config = re.sub(r"(?m)^  contributions_email:.*$", f"  contributions_email: {EMAIL}", config)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    out = base / "site"
    out.mkdir()
    url, server = serve(out)
    built = build_site(project, out, site_url=url)
    assert built.returncode == 0, built.stderr
    yield project, url
    server.shutdown()


# -- the whole journey -------------------------------------------------------------------------


def test_a_teacher_adds_a_school_with_a_new_source_and_it_builds(  # type: ignore[no-untyped-def]
        browser, configured: tuple[Path, str], tmp_path: Path) -> None:
    _, url = configured
    context = browser.new_context(base_url=url, accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_form(page)
    shot(page, "desktop-0-start")
    # Nothing typed yet: the last step lists what is missing, by label, in plain words.
    to_step(page, 6)
    assert "Name shown on the page: fill this in." in problems(page)

    fill_valid_school(page, shots="desktop")

    # One mistake of each kind, each said at its field in plain words, then corrected.
    mistakes = [
        # (step, control, wrong value, message, right value)
        (1, "cbf-id", "Hilltop Primary", "Short name for the page address should be lower-case letters, "
         "digits and single hyphens (such as school-a); you wrote 'Hilltop Primary'", ID),
        (1, "cbf-id", "school-a", "Short name for the page address: another school in the library has it; "
         "choose another.", ID),
        (1, "cbf-facts-pupils", "about 200", "Facts about the school: Pupils on roll should be a whole number or "
         "not stated; you wrote 'about 200'", "212"),
        (1, "cbf-facts-fsm-percent", "140", "Facts about the school: Free school meals (per cent) should be a "
         "number from 0 to 100 or not stated; you wrote 140", "12.5"),
        (1, "cbf-title", "x" * 501, "Name shown on the page is too long: at most 500 characters", TITLE),
        (1, "cbf-summary", "", "In a sentence or two: fill this in.", SUMMARY),
        (2, "cbf-sections-how-ict-is-used-body", "Not stated.", "How is technology used?: Your answer: a whole "
         "answer cannot be only \"not stated\".", "Laptops in every class, and a radio studio."),
        (5, "cbf-evidence-year", "1850", "Year of the evidence should be a year from 1900 to 2100 or not stated",
         "2023"),
    ]
    for step, control, wrong, message, right in mistakes:
        to_step(page, step)
        enter(page, f"#{control}", wrong)
        assert message in field_error(page, control), (control, field_error(page, control))
        expect(page.locator(f"#{control}")).to_have_attribute("aria-invalid", "true")
        assert any(message in p for p in problems(page))
        enter(page, f"#{control}", right)
        assert field_error(page, control) == ""
        expect(page.locator(f"#{control}")).to_have_attribute("aria-invalid", "false")
    # A new source started and left half done: its required fields are asked once it is started. And a
    # known source with a new one in the same entry: one or the other.
    item = "[data-name=sources] .cb-item >> nth=0 >> "
    for selector, wrong, message, right in (
            (f"{item}[data-name=new_source] [data-name=author] input", "",
             "Source 1: A new source: Who wrote or published it: fill this in.", "Deputy headteacher"),
            (f"{item}[data-name=source] input", "ncsl-2007",
             "Source 1: choose a source the library already has, or describe a new one, not both.", "")):
        to_step(page, 5)
        enter(page, selector, wrong)
        to_step(page, 6)
        assert message in problems(page)
        to_step(page, 5)
        enter(page, selector, right)
    # A quotation without its speaker: a required field inside a repeatable group.
    to_step(page, 1)
    enter(page, "[data-name=context] [data-name=quotations] input[type=text] >> nth=0", "")
    to_step(page, 6)
    assert "What is the school like?: Quotation 1: Who said it: fill this in." in problems(page)
    # The problem's link takes the teacher to its step and its field.
    page.locator(".cb-form-list a", has_text="Who said it").click()
    expect(page.locator("#cb-form")).to_have_attribute("data-current", "1")
    enter(page, "[data-name=context] [data-name=quotations] input[type=text] >> nth=0", "Headteacher")
    to_step(page, 6)
    expect(page.locator(".cb-form-summary")).to_have_text(ACCEPTED)
    assert problems(page) == []
    # No message on the way named a field by its place in the file, or a file.
    shot(page, "desktop-6-check-and-send")

    with page.expect_download() as info:
        page.get_by_role("button", name="Download the file").click()
    download = info.value
    assert download.suggested_filename == f"{ID}.yaml"
    text = Path(download.path()).read_text(encoding="utf-8")
    data = parse(text).data
    assert text.splitlines()[0] == jsonschema.hint("schools")
    assert data["sources"] == [{"new_source": {"title": SURVEY, "author": "Deputy headteacher", "year": 2023,
                                               "kind": "survey", "note": "Answered by 14 of the 16 teachers."},
                                "locator": "Question 4"}]
    assert data["facts"]["pupils"] == 212 and data["facts"]["fsm_percent"] == 12.5

    # The three ways to send carry the file: the email (too long for a mailto: address, so the message
    # says to attach it), the prefilled issue, and the proposed file.
    email = urlsplit(page.locator(".cb-form-email").get_attribute("href") or "")
    assert (email.scheme, email.path) == ("mailto", EMAIL)
    body = parse_qs(email.query)["body"][0]
    assert f"attach the file {ID}.yaml you downloaded" in body and "sources:" not in body
    issue = urlsplit(page.locator(".cb-form-issue").get_attribute("href") or "")
    assert parse_qs(issue.query)["template"] == ["submit-case-study.yml"]
    assert parse_qs(issue.query)["title"] == [f"Case study: {TITLE}"]
    assert parse_qs(issue.query)["file"] == [text]
    assert parse_qs(issue.query)["pupils"] == ["212"] and parse_qs(issue.query)["advice"] == [
        "Start with what teachers already do well."]  # the issue form's boxes, filled in by their ids
    github = urlsplit(page.locator(".cb-form-github").get_attribute("href") or "")
    assert parse_qs(github.query)["value"] == [text]
    assert errors == []
    context.close()

    # `casebook validate` accepts it in a copy of the project, which builds with it.
    project = copy_project(tmp_path / "project")
    target = project / "case_studies" / "schools" / f"{ID}.yaml"
    target.write_text(text, encoding="utf-8")
    casebook = str(Path(sys.executable).parent / "casebook")
    checked = subprocess.run([casebook, "validate", str(target.relative_to(project))], cwd=project,
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    out = tmp_path / "site"
    out.mkdir()
    site, server = serve(out)
    try:
        built = build_site(project, out, site_url=site)
        assert built.returncode == 0, built.stderr
        reader = browser.new_context(base_url=site)
        school = reader.new_page()
        school.goto(f"{site}case-studies/{ID}/")
        expect(school.locator("h1")).to_have_text(TITLE)
        cited = school.locator("#source ~ .cb-sources a", has_text=SURVEY)
        expect(cited).to_have_attribute("href", re.compile(f"sources/#{SURVEY_ID}$"))
        school.goto(f"{site}sources/")
        entry = school.locator(f"h2#{SURVEY_ID}")
        expect(entry).to_have_text(re.compile(SURVEY))
        listed = school.locator(f"h2#{SURVEY_ID} + dl")
        expect(listed).to_contain_text("Deputy headteacher")
        expect(listed).to_contain_text("Answered by 14 of the 16 teachers.")
        expect(school.locator(f"h2#{SURVEY_ID} ~ p a[href*='{ID}']").first).to_have_text(TITLE)
        school.goto(f"{site}case-studies/")
        expect(school.locator(f"article a[href*='{ID}']").first).to_be_visible()
        reader.close()
    finally:
        server.shutdown()


def test_every_step_on_a_phone(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """The journey at 390x844: every step fits the width, and the screens of each step are counted."""
    context = browser.new_context(base_url=base_url, viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    open_form(page)
    fill_valid_school(page, shots="phone")
    screens = {}
    for number in range(1, 7):
        to_step(page, number)
        height = page.evaluate("document.documentElement.scrollHeight")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"step {number} is {width} px wide"
        # No button sticks out of the form (Material's margin between two buttons pushed one 8 px out).
        outside = page.evaluate("""() => { const edge = document.querySelector("#cb-form").getBoundingClientRect();
            return [...document.querySelectorAll("#cb-form .md-button")].filter((b) => b.offsetParent)
              .map((b) => [b.textContent.trim(), b.getBoundingClientRect()])
              .filter(([, r]) => r.left < edge.left - 0.5 || r.right > edge.right + 0.5).map(([t]) => t); }""")
        assert outside == [], (number, outside)
        screens[number] = math.ceil(height / 844)
        if number == 6:
            shot(page, "phone-6-check-and-send")
    print(f"screens on a 390x844 phone, step by step: {screens}; in all {sum(screens.values())}")
    assert max(screens.values()) <= 11, screens  # the longest step, "About your school"; the form was 16 in one
    context.close()


KEYBOARD = [  # (what to Tab to, then what to type there, or the key to press: Space, Enter)
    ("#cbf-id", "keyboard-school"), ("#cbf-title", "Keyboard School"), ("#cbf-summary", "Reached without a mouse."),
    ("#cbf-facts-pupils", "90"), ("#cbf-facts-fsm-percent", "not stated"),
    ("#cbf-facts-headteacher-years-in-post", "3"), ("#cbf-facts-location", "A town"),
    ("[data-name=phase] input[value=primary]", "Space"), ("#cbf-leadership", "The head leads."),
    ("#cbf-sections-context-body", "A small town school."), (".cb-step-next", "Enter"),
    ("#cbf-sections-how-ict-is-used-body", "Said in a sentence."),
    ("#cbf-sections-where-they-want-to-go-body", "Said in a sentence."), (".cb-step-next", "Enter"),
    ("#cbf-sections-making-it-happen-body", "Said in a sentence."),
    ("#cbf-sections-who-they-involve-body", "Said in a sentence."), (".cb-step-next", "Enter"),
    ("[data-name=advice] textarea", "Go slowly."), (".cb-step-next", "Enter"),
    ("#cbf-evidence-year", "2024"),
    ("[data-name=sources] [data-name=new_source] [data-name=title] input", "Our staff survey"),
    ("[data-name=sources] [data-name=new_source] [data-name=author] input", "not stated"),
    ("[data-name=sources] [data-name=new_source] [data-name=year] input", "2024"),
    ("[data-name=sources] [data-name=kind] input[value=survey]", "Space"), (".cb-step-next", "Enter"),
]


def test_the_journey_by_keyboard_alone(fresh: Page) -> None:
    """A small school, every step by keyboard: Tab, typing, Space, Enter; then the download."""
    page = fresh
    steps = 1
    for selector, action in KEYBOARD:
        tab_to(page, selector)
        if action in ("Space", "Enter"):
            page.keyboard.press(action)
        else:
            page.keyboard.type(action)
        if selector == ".cb-step-next":
            steps += 1
            expect(page.locator("#cb-form")).to_have_attribute("data-current", str(steps))
            assert page.evaluate("document.activeElement.id") == f"cb-step-{steps}"  # on the step's heading
    expect(page.locator("#cb-form")).to_have_attribute("data-current", "6")
    expect(page.locator(".cb-form-summary")).to_have_text(ACCEPTED)
    tab_to(page, ".cb-form-download")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert "title: Keyboard School" in text and "title: Our staff survey" in text


def tab_to(page: Page, selector: str, limit: int = 400) -> None:
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement?.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


# -- sending it ------------------------------------------------------------------------------------


def test_a_short_file_goes_in_the_email_whole(browser, configured: tuple[Path, str], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The mailto: address carries the file when the whole address fits; it decodes to the file exactly."""
    _, url = configured
    context = browser.new_context(base_url=url)
    page = context.new_page()
    open_form(page)
    small = {"id": "small-school", "title": "Small School", "summary": "Small.",
             "facts": {"pupils": 40, "fsm_percent": "not stated", "headteacher_years_in_post": "not stated",
                       "location": "not stated"},
             "facets": {}, "leadership": "The head.",
             "sections": {k: {"body": "Said."} for k in ("context", "how_ict_is_used", "where_they_want_to_go",
                                                          "making_it_happen", "who_they_involve")}
             | {"advice": [{"text": "Go slowly."}]},
             "evidence_year": 2024, "sources": [{"new_source": {"title": "A note", "author": "not stated",
                                                                "year": "not stated", "kind": "other"}}]}
    path = tmp_path / "small.yaml"
    path.write_text(yaml.safe_dump(small, sort_keys=False), encoding="utf-8")
    page.set_input_files("#cb-form-load", str(path))
    expect(page.locator(".cb-load-status")).to_have_text("Loaded small.yaml.")
    to_step(page, 6)
    expect(page.locator(".cb-form-summary")).to_have_text(ACCEPTED)
    written = page.locator(".cb-form-yaml").text_content() or ""
    href = page.locator(".cb-form-email").get_attribute("href") or ""
    assert len(href) <= 2046
    email = urlsplit(href)
    assert (email.scheme, email.path) == ("mailto", EMAIL)
    body = unquote(email.query.split("body=", 1)[1])
    assert body.endswith(f"written by the Add your school page:\n\n{written}")
    # Pressing it says what happens below the ways to send, where the press was (no mail program here:
    # the page's own click handler runs, then the navigation is stopped).
    page.evaluate("""document.addEventListener("click", (e) => {
        if (e.target.closest("a[href^='mailto:']")) e.preventDefault(); })""")
    page.locator(".cb-form-email").click()
    said = page.locator(".cb-form-send-status")
    expect(said).to_have_text("Your email program opens a message with your file in it: send it.")
    assert said.bounding_box()["y"] > page.locator(".cb-send").bounding_box()["y"]  # type: ignore[index]
    assert parse(body.split("page:\n\n", 1)[1]).data == parse(written).data
    # What Chromium itself keeps of a mailto: address: it is not the limit (mail programs are).
    kept = page.evaluate("""(n) => n.map((k) => {
        const a = document.createElement("a");
        a.href = "mailto:x@example.org?body=" + "a".repeat(k);
        return a.href.length; })""", [2_000, 100_000, 2_000_000, 2_100_000])
    print(f"mailto: href lengths Chromium keeps for bodies of 2,000, 100,000, 2,000,000, 2,100,000: {kept}")
    assert kept[:3] == [2_000 + 26, 100_000 + 26, 2_000_000 + 26]
    context.close()


def test_the_file_goes_in_the_email_exactly_while_the_address_fits(fresh: Page) -> None:
    """The boundary, measured on the address as Chromium writes it: 2,046 characters carry the file, 2,047
    say to attach it (Chromium on Windows drops a longer mailto: address with no message, form-send.js)."""
    found = fresh.evaluate("""async () => {
        const { mailto, MAILTO_LIMIT } = await import(new URL("../../assets/casebook/form-send.js", location.href));
        const length = (href) => Object.assign(document.createElement("a"), { href }).href.length;
        const base = length(mailto("library@example.org", "x.yaml", "").href);
        const at = (n) => { const made = mailto("library@example.org", "x.yaml", "a".repeat(n));
                            return [length(made.href), made.fits, made.href.endsWith("a".repeat(n))]; };
        const n = MAILTO_LIMIT - base;
        return { limit: MAILTO_LIMIT, fits: at(n), over: at(n + 1), wide: at(n - 600) };
    }""")
    assert found["limit"] == 2046
    assert found["fits"] == [2046, True, True]
    assert found["over"][1:] == [False, False] and found["over"][0] < 2046  # the short message, to attach it
    assert found["wide"] == [1446, True, True]


def test_the_issue_link_fills_the_boxes_the_issue_form_asks(fresh: Page) -> None:
    """Every text box of .github/ISSUE_TEMPLATE/submit-case-study.yml that the record answers is filled in
    by the link, by its id; what does not fit GitHub's 8,000 characters is left out, the file first."""
    form = ROOT / ".github" / "ISSUE_TEMPLATE" / "submit-case-study.yml"
    template = yaml.safe_load(form.read_text(encoding="utf-8"))
    boxes = {b["id"] for b in template["body"] if b["type"] in ("input", "textarea")}
    fill_valid_school(fresh)
    to_step(fresh, 6)
    expect(fresh.locator(".cb-form-summary")).to_have_text(ACCEPTED)
    found = fresh.evaluate("""async () => {
        const send = await import(new URL("../../assets/casebook/form-send.js", location.href));
        const text = document.querySelector(".cb-form-yaml").textContent;
        const { readFile } = await import(new URL("../../assets/casebook/form-yaml.js", location.href));
        const yaml = await import(new URL("../../assets/casebook/vendor/js-yaml/js-yaml.mjs", location.href));
        const record = readFile(text, yaml);
        const titles = { "ncsl-2007": "One step ahead of the game" };
        const boxes = send.issueBoxes(record, text, titles);
        const base = "https://github.com/o/r/issues/new?template=submit-case-study.yml";
        const made = send.issue(base, record.title, boxes);
        const long = send.issue(base, record.title, [...boxes, ["context", "x".repeat(9000)]]);
        const known = send.issueBoxes({ sources: [{ source: "ncsl-2007", locator: "p. 4" }] }, "", titles);
        return { boxes, made, long, text, known };
    }""")
    filled = dict(found["boxes"])
    assert set(filled) - {"file"} <= boxes and "file" in boxes and "title" not in filled  # the issue's own title
    # Each required text box of the issue form is answered (the school's name is the issue's title).
    required = {b["id"] for b in template["body"] if b["type"] in ("input", "textarea")
                and b.get("validations", {}).get("required")} - {"title"}
    assert required <= set(filled), required - set(filled)
    assert filled["pupils"] == "212" and filled["fsm_percent"] == "12.5" and filled["evidence_year"] == "2023"
    assert filled["notes-headteacher_years_in_post"] == "The survey does not say when the head started."
    assert filled["leadership"] == LEADERSHIP and filled["advice"] == "Start with what teachers already do well."
    assert filled["awards_and_networks"] == "Digital Schools Award"
    assert filled["quotations"] == '"The children taught us more than any course did." (Headteacher)'
    assert filled["sources-detail"] == ("Staff survey on technology, Deputy headteacher, 2023, survey (Question 4). "
                                        "Answered by 14 of the 16 teachers.")
    assert found["known"] == [["sources-detail", "One step ahead of the game (p. 4)"]]
    assert filled["file"] == found["text"]
    query = parse_qs(urlsplit(found["made"]["href"]).query)
    assert len(found["made"]["href"]) <= 8000 and query["title"] == [f"Case study: {TITLE}"]
    assert found["made"]["fits"] and {k: v[0] for k, v in query.items()} == {
        "template": "submit-case-study.yml", "title": f"Case study: {TITLE}", **filled}
    # An answer too long for the address: the file goes first, then that answer; the rest stays.
    long = found["long"]
    assert not long["fits"] and long["left"] == ["file", "context"] and len(long["href"]) <= 8000
    assert parse_qs(urlsplit(long["href"]).query)["pupils"] == ["212"]


def test_without_javascript_the_page_names_the_address_and_the_repository(  # type: ignore[no-untyped-def]
        browser, configured: tuple[Path, str]) -> None:
    _, url = configured
    context = browser.new_context(base_url=url, java_script_enabled=False)
    page = context.new_page()
    page.goto(URL)
    note = page.locator(".cb-noscript-note")
    expect(note).to_be_visible()
    expect(note.get_by_role("link", name=EMAIL)).to_have_attribute("href", f"mailto:{EMAIL}")
    expect(note.get_by_role("link", name="edtech-leaders/library")).to_have_attribute("href", REPO)
    expect(note.get_by_role("link", name="Submit a case study")).to_have_attribute(
        "href", f"{REPO}/issues/new?template=submit-case-study.yml")
    # The questions are on the page as built (every step, one after another), and so is step 6.
    expect(page.locator("#cbf-title")).to_be_visible()
    expect(page.locator(".cb-send")).to_contain_text(EMAIL)
    context.close()


# -- loading a file --------------------------------------------------------------------------------

SCALARS = ["0100", "-012", "+7", "00", "12", "0x1A", "0o17", "0b101", "1_000", "1e3", "1.0e+3", ".5", "+.5", "0.",
           "-0", "12:45", "1:20:30", "No", "no", "yes", "Yes", "on", "off", "y", "n", "true", "True", "TRUE",
           "false", "tRUE", "~", "null", "Null", "NULL", "nULL", "", "2023-01-01", "2001-12-14t21:59:43.10-05:00",
           ".inf", "-.Inf", "+.INF", "1e", "3.", "'0100'", '"12:45"', "!!str 12", "=", "<<", "0777", "09"]


def test_a_value_means_the_same_in_the_form_and_in_casebook(fresh: Page) -> None:
    """Every tricky scalar of the corpus reads the same with form-yaml.js as with casebook's yamlsafe:
    the same value and the same kind (`1e3` is the float 1000.0 in both, not the integer 1000)."""
    text = "".join(f"v{i}: {s}\n" for i, s in enumerate(SCALARS) if not s.startswith("!!"))
    python = parse(text).data
    browser_side = fresh.evaluate("""async (text) => {
        const { readFile } = await import(new URL("../../assets/casebook/form-yaml.js", location.href));
        const { Num, pyFloat } = await import(new URL("../../assets/casebook/form-number.js", location.href));
        const yaml = await import(new URL("../../assets/casebook/vendor/js-yaml/js-yaml.mjs", location.href));
        const data = readFile(text, yaml);
        const kind = (v) => v instanceof Num ? [v.float ? "float" : "int", v.text]
            : typeof v === "number" ? (Number.isInteger(v) ? ["int", String(v)] : ["float", pyFloat(v)]) : v;
        return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, kind(v)]));
    }""", text)

    def kind(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return value
        return ["int", str(value)] if isinstance(value, int) else ["float", repr(value)]

    differences = {k: (python[k], browser_side[k]) for k in python if kind(python[k]) != browser_side[k]}
    assert not differences, differences
    assert (python["v0"], python["v17"], python["v15"]) == (100, "No", "12:45")  # 0100, No, 12:45
    assert browser_side["v9"] == ["float", "1000.0"]  # 1e3


# Values of a number, a year and a text field, written in a file as a teacher might write them.
FIELD_VALUES = ["1e3", "1000.0", "1.0e+3", "100", "0100", "+7", "-0", "-0.0", "2007.0", "12.5", "1e-5", "1e16",
                "1e20", "123456789012345678901", ".inf", "-.inf", ".nan", "1e999", "3.", ".5", "0x1A", "1_000",
                "12:45", "true", "No", "~", '"12"', "'1e3'", "2023", "not stated"]
FIELD_LINES = {"pupils": "  pupils: 100\n", "fsm": "  fsm_percent: 0\n", "year": "evidence_year: 2007\n",
               "title": "title: School A\n"}


def test_the_form_and_casebook_agree_on_every_value_of_a_loaded_file(fresh: Page, tmp_path: Path) -> None:
    """Each value of the corpus, in a number, a year and a text field of a school file: the form's checks
    (on the file as form-yaml.js reads it) say exactly what `casebook validate` says, or both say nothing."""
    school = (ROOT / "case_studies" / "schools" / "school-a.yaml").read_text(encoding="utf-8")
    texts = {}
    for field, line in FIELD_LINES.items():
        assert line in school
        for n, value in enumerate(FIELD_VALUES):
            name = f"corpus-{field}-{n}"
            key = line.split(":")[0]
            texts[name] = school.replace("id: school-a", f"id: {name}", 1).replace(line, f"{key}: {value}\n", 1)
    project = copy_project(tmp_path / "corpus")
    for name, text in texts.items():
        (project / "case_studies" / "schools" / f"{name}.yaml").write_text(text, encoding="utf-8")
    casebook = str(Path(sys.executable).parent / "casebook")
    run = subprocess.run([casebook, "validate", "--quiet", *[f"case_studies/schools/{n}.yaml" for n in texts]],
                         cwd=project, capture_output=True, text=True, check=False, env={**os.environ, "NO_COLOR": "1"})
    expected: dict[str, list[str]] = {name: [] for name in texts}
    for line in (run.stdout + run.stderr).splitlines():
        name = line.split(".yaml:", 1)[0].removeprefix("case_studies/schools/")
        if name in expected and ": error: " in line:
            expected[name].append(line.split(": error: ", 1)[1])
    found = fresh.evaluate("""async (texts) => {
        const { readFile } = await import(new URL("../../assets/casebook/form-yaml.js", location.href));
        const { checker } = await import(new URL("../../assets/casebook/form-check.js", location.href));
        const yaml = await import(new URL("../../assets/casebook/vendor/js-yaml/js-yaml.mjs", location.href));
        const data = document.querySelector("#cb-form-data").dataset;
        const check = checker(JSON.parse(data.schema),
                              { patterns: JSON.parse(data.patterns), sources: JSON.parse(data.sources) });
        return Object.fromEntries(Object.entries(texts).map(([name, text]) =>
            [name, check(readFile(text, yaml)).map((p) => p.message)]));
    }""", texts)
    differences = {name: {"casebook validate": sorted(expected[name]), "form": sorted(found[name])}
                   for name in texts if sorted(expected[name]) != sorted(found[name])}
    assert not differences, json.dumps(differences, indent=1, ensure_ascii=False)
    assert expected["corpus-pupils-0"] == ["`facts.pupils` should be a whole number or `not stated`, "
                                           "got the number 1000.0"]  # 1e3
    assert expected["corpus-fsm-0"] != [] and expected["corpus-fsm-9"] == []  # 1e3 is over 100; 12.5 is fine


def test_a_file_that_cannot_be_loaded_changes_nothing_and_says_so(fresh: Page, tmp_path: Path) -> None:
    page = fresh
    enter(page, "#cbf-title", TITLE)
    stored_draft_holds(page, TITLE)
    draft = page.evaluate(f"localStorage.getItem({json.dumps(KEY)})")
    crafted = {
        # `String(v)` threw on this inside fill, after the form was cleared; the pending save then wrote
        # the half-filled form over the draft.
        "crafted.yaml": "title: Other\nfacets:\n  phase:\n    - toString: 1\n",
        "aliases.yaml": "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
        "big.yaml": "title: x\nsummary: " + "word " * 60_000 + "\n",
        "items.yaml": "title: x\nfacts:\n  awards_and_networks:\n" + "    - a\n" * 6000,
        "list.yaml": "- a list\n- not a school\n",
        "broken.yaml": "title: [unclosed\n",
    }
    said = {
        "crafted.yaml": "crafted.yaml was loaded",
        "aliases.yaml": "aliases.yaml was not loaded: it repeats parts of itself (written *name in the file), which "
                        "a school's file never needs; the library refuses such files too. Nothing in the form or in "
                        "your saved draft has changed.",
        "big.yaml": "big.yaml was not loaded: it is larger than a case-study file can be (256 KB). Nothing",
        "items.yaml": "items.yaml was not loaded: it holds more than 5,000 values, far more than a case study has.",
        "list.yaml": "list.yaml was not loaded: it does not hold a school's answers (a school's file starts with lines "
                     "such as “title: Hilltop Primary School”).",
        "broken.yaml": "broken.yaml was not loaded: its text could not be read at line 2, column 1 (look there for a "
                       "quote or bracket left open",
    }
    for name, text in crafted.items():
        if name == "crafted.yaml":
            continue
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        page.set_input_files("#cb-form-load", str(path))
        status = page.locator(".cb-load-status")
        expect(status).to_contain_text(said[name])
        expect(page.locator("#cbf-title")).to_have_value(TITLE)
        assert page.evaluate(f"localStorage.getItem({json.dumps(KEY)})") == draft, name
        # The report stays while the teacher types on (the draft line is the one that changes).
        enter(page, "#cbf-summary", f"Typed after {name}.")
        stored_draft_holds(page, f"Typed after {name}.")
        expect(status).to_contain_text(said[name])
        draft = page.evaluate(f"localStorage.getItem({json.dumps(KEY)})")
    # The crafted object is reported as a value that does not fit, and the rest of the file loads.
    path = tmp_path / "crafted.yaml"
    path.write_text(crafted["crafted.yaml"], encoding="utf-8")
    page.set_input_files("#cb-form-load", str(path))
    expect(page.locator(".cb-load-status")).to_contain_text(
        "Loaded crafted.yaml. Describe the school: Phase: a group of answers is not one of the choices, so it was "
        "left out.")
    expect(page.locator("#cbf-title")).to_have_value("Other")


PATHS = re.compile(r"`|\b[a-z_]+\.[a-z_]+\b|\[\d+\]|case_studies|\.yaml\b|taxonomy|\b[a-z]+(?:-[a-z0-9]+)+\b")
"""What a message to a teacher never holds: a place in the file (`facts.phase`, `sources[0]`), a code span,
the library's files or folders, or an id (`school-a`, `yorkshire-and-the-humber`)."""


def test_the_load_report_names_each_question_by_its_label(fresh: Page, tmp_path: Path) -> None:
    """What a loaded file's values do in the form, said by each question's label in plain words: what was
    left out, and what was loaded with another meaning than the file gives it."""
    page = fresh
    text = ("title: 1000\nsummary: [a, list]\ncolour: blue\nfacts:\n  pupils: '212'\n  fsm_percent: 1e1\n"
            "  shoe_size: 9\n  awards_and_networks: Gold\nfacets:\n  phase: [primary, nursery]\n"
            "sources:\n  - new_source:\n      kind: [survey]\n")
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    page.set_input_files("#cb-form-load", str(path))
    status = page.locator(".cb-load-status")
    expect(status).to_contain_text("Loaded mine.yaml.")
    said = " ".join((status.text_content() or "").split())
    assert said == (
        "Loaded mine.yaml. "
        "Name shown on the page: your file gives the number 1000 here, not text; it is loaded as the text “1000”. "
        "In a sentence or two: your file gives a list here, not a single answer, so it was left out. "
        "Your file has a part called “colour”, which this form does not ask about, so it was left out. "
        "Facts about the school: Pupils on roll: your file gives “212” in quotes, as text; it is loaded as the "
        "number 212. "
        "Facts about the school: your file has a part called “shoe_size”, which this form does not ask about, so "
        "it was left out. "
        "Facts about the school: Awards and networks: your file gives the text “Gold” here, not a list, so it was "
        "left out. "
        "Describe the school: Phase: “nursery” is not one of the choices, so it was left out. "
        "Source 1: A new source: What kind of document: your file gives a list here, where there is one "
        "choice, so it was left out."), said
    expect(page.locator("#cbf-title")).to_have_value("1000")
    expect(page.locator("#cbf-facts-pupils")).to_have_value("212")
    expect(page.locator("#cbf-facts-fsm-percent")).to_have_value("10.0")  # 1e1 is the float 10.0: a number here
    # Every message the page now shows, at the fields and in the list of problems, is in plain words.
    to_step(page, 6)
    shown = problems(page) + [t for t in page.locator(".cb-error:not([hidden])").all_text_contents() if t]
    assert shown and not [m for m in [*shown, said.replace("mine.yaml", "")] if PATHS.search(m)], shown


def test_a_downloaded_file_loads_back_into_the_form(fresh: Page, tmp_path: Path) -> None:
    page = fresh
    fill_valid_school(page)
    to_step(page, 6)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the file").click()
    first = Path(info.value.path()).read_text(encoding="utf-8")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear the form and start again").click()
    expect(page.locator("#cbf-title")).to_have_value("")
    saved = tmp_path / f"{ID}.yaml"
    saved.write_text(first, encoding="utf-8")
    page.set_input_files("#cb-form-load", str(saved))
    expect(page.locator(".cb-load-status")).to_have_text(f"Loaded {ID}.yaml.")
    expect(page.locator(".cb-form-yaml")).to_have_text(first, use_inner_text=False)


def test_the_draft_survives_a_reload_and_can_be_cleared(fresh: Page) -> None:
    page = fresh
    enter(page, "#cbf-title", TITLE)
    enter(page, "#cbf-facts-pupils", "212")
    page.locator("[data-name=phase]").get_by_label("Primary").check()
    page.locator("[data-name=context]").get_by_role("button", name="Add a quotation").click()
    page.locator("[data-name=context] textarea").last.fill("Kept across a reload.")
    stored_draft_holds(page, "Kept across a reload.")
    stored = json.loads(page.evaluate(f"localStorage.getItem({json.dumps(KEY)})"))
    assert stored["value"]["version"] == 1 and stored["value"]["record"]["title"] == TITLE
    page.reload()
    expect(page.locator("#cbf-title")).to_have_value(TITLE)
    expect(page.locator("#cbf-facts-pupils")).to_have_value("212")
    expect(page.locator("[data-name=phase]").get_by_label("Primary")).to_be_checked()
    expect(page.locator("[data-name=context] textarea").last).to_have_value("Kept across a reload.")
    expect(page.locator(".cb-draft-status")).to_contain_text("restored")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear the form and start again").click()
    expect(page.locator("#cbf-title")).to_have_value("")
    assert page.evaluate(f"localStorage.getItem({json.dumps(KEY)})") is None


# -- a page that holds still, accessibility --------------------------------------------------------


def test_the_page_holds_still_as_it_starts(page: Page) -> None:  # type: ignore[no-untyped-def]
    """No layout shift as the script starts (was 0.896: the form was hidden until the script swapped it in)."""
    page.add_init_script("""window.__shift = 0; new PerformanceObserver((list) => { for (const e of list.getEntries())
        if (!e.hadRecentInput) window.__shift += e.value; }).observe({ type: "layout-shift", buffered: true });""")
    open_form(page)
    page.wait_for_load_state("networkidle")
    shift = page.evaluate("window.__shift")
    print(f"layout shift of the Add your school page as it starts: {shift:.4f}")
    assert shift <= 0.1


def test_axe_finds_nothing_serious_with_errors_shown(fresh: Page) -> None:
    page = fresh
    assert serious_violations(page) == []
    fill_valid_school(page)
    to_step(page, 1)
    enter(page, "#cbf-facts-pupils", "lots")
    enter(page, "#cbf-title", "")
    expect(page.locator("#cbf-title-error")).to_be_visible()
    assert serious_violations(page) == []
    to_step(page, 6)
    with page.expect_download():
        page.get_by_role("button", name="Download the file").click()  # shows every problem at its field
    expect(page.locator(".cb-steps a[data-step-link='1']")).to_contain_text("(2 problems)")
    assert serious_violations(page) == []


# -- the checks say what `casebook validate` says ---------------------------------------------------


def _valid_record() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "case_studies" / "schools" / "school-a.yaml").read_text(encoding="utf-8"))
    return json.loads(json.dumps(data, default=str))


def _mistake(change: Any) -> dict[str, Any]:
    record = copy.deepcopy(_valid_record())
    change(record)
    return record


MISTAKES: dict[str, Any] = {
    "pupils-text": lambda r: r["facts"].update(pupils="about 200"),
    "pupils-zero": lambda r: r["facts"].update(pupils=0),
    "pupils-float": lambda r: r["facts"].update(pupils=3.5),
    "pupils-bool": lambda r: r["facts"].update(pupils=True),
    "fsm-range": lambda r: r["facts"].update(fsm_percent=140),
    "fsm-case": lambda r: r["facts"].update(fsm_percent="Not stated"),
    "fsm-quoted-number": lambda r: r["facts"].update(fsm_percent="12"),
    "year-range": lambda r: r.update(evidence_year=1850),
    "year-text": lambda r: r.update(evidence_year="2007"),
    "title-missing": lambda r: r.pop("title"),
    "title-long": lambda r: r.update(title="x" * 501),
    "location-long": lambda r: r["facts"].update(location="x" * 501),
    "title-number": lambda r: r.update(title=12),
    "title-two-lines": lambda r: r.update(title="School\nA"),
    "summary-empty": lambda r: r.update(summary="   "),
    "summary-placeholder": lambda r: r.update(summary="TODO: write Markdown text here"),
    "location-empty": lambda r: r["facts"].update(location=""),
    "unknown-field": lambda r: r.update(colour="blue"),
    "unknown-field-typo": lambda r: r.update(sumary="x"),
    "facet-value": lambda r: r["facets"].update(setting=["rual"]),
    "facet-unknown": lambda r: r["facets"].update(colour=["red"]),
    "advice-empty": lambda r: r["sections"].update(advice=[]),
    "quotation-speaker": lambda r: r["sections"]["context"].update(quotations=[{"text": "Hello"}]),
    "source-pattern": lambda r: r["sources"][0].update(source="NCSL 2007"),
    "source-unknown": lambda r: r["sources"][0].update(source="ncsl2007"),
    "ref-pattern": lambda r: r["sections"]["advice"][0].update(quotation={"text": "x", "speaker": "y", "school": "b"}),
    "notes-key": lambda r: r["facts"].update(notes={"pupil": "x"}),
    "awards-not-list": lambda r: r["facts"].update(awards_and_networks="Gold"),
    "facts-not-mapping": lambda r: r.update(facts=["a"]),
    "control-character": lambda r: r.update(title="School\u0007A"),
}


def python_messages(tmp_path: Path, records: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """What `casebook validate` prints for each record, without the `path:line:col: error: ` part."""
    project = copy_project(tmp_path / "parity")
    paths = {}
    for name, record in records.items():
        record = {**record, "id": name}
        path = project / "case_studies" / "schools" / f"{name}.yaml"
        path.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8")
        paths[name] = path
    casebook = str(Path(sys.executable).parent / "casebook")
    run = subprocess.run([casebook, "validate", "--quiet", *[str(p.relative_to(project)) for p in paths.values()]],
                         cwd=project, capture_output=True, text=True, check=False,
                         env={**os.environ, "NO_COLOR": "1"})
    found: dict[str, list[str]] = {name: [] for name in records}
    for line in (run.stdout + run.stderr).splitlines():
        for name in records:
            prefix = f"case_studies/schools/{name}.yaml:"
            if line.startswith(prefix) and ": error: " in line:
                found[name].append(line.split(": error: ", 1)[1])
    return found


def test_the_checks_word_each_mistake_as_casebook_validate_does(fresh: Page, tmp_path: Path) -> None:
    records = {f"case-{name}": _mistake(change) for name, change in MISTAKES.items()}
    expected = python_messages(tmp_path, records)
    missed = [name for name, messages in expected.items() if not messages]
    assert not missed, f"casebook validate found nothing wrong in: {missed}"
    found = fresh.evaluate("""async (records) => {
        const { checker } = await import(new URL("../../assets/casebook/form-check.js", location.href));
        const data = document.querySelector("#cb-form-data").dataset;
        const check = checker(JSON.parse(data.schema),
                              { patterns: JSON.parse(data.patterns), sources: JSON.parse(data.sources) });
        const out = {};
        for (const [name, record] of Object.entries(records)) {
            out[name] = check({ ...record, id: name }).map((p) => p.message);
        }
        return out;
    }""", records)
    differences = {name: {"casebook validate": sorted(expected[name]), "form": sorted(found[name])}
                   for name in records if sorted(expected[name]) != sorted(found[name])}
    assert not differences, json.dumps(differences, indent=1, ensure_ascii=False)


# -- the file reads back exactly ------------------------------------------------------------------

TRICKY = ["yes", "No", "on", "null", "~", "123", "1e3", "0x1F", "2007-06-01", "12:30", "- dash", "# hash",
          "a: b", "a #b", "'quoted'", '"double"', "ends with colon:", "%percent", "@at", "`tick`", "&anchor",
          "*alias", "!tag", "|pipe", ">gt", "{brace}", "[bracket]", "a, b", "ünïcödé and emoji 😀", "back\\slash",
          "tab\there", "bell\u0007", "next\u0085line", "sep\u2028arator", "é", "0", "-1", ".5", "+3", "True",
          "x" * 300, "a  b  c " * 40, "word " * 60 + "end", "!important", "<b>html</b>", "=", "?", "-", "--- x"]
TEXTS = ["one line", "para one\n\npara two", "line one\nline two", "- item one\n- item two\n\n1. first",
         "    indented code\nafter", "text\n    indented after", "many\n\n\n\nblank lines", "trailing  \nspaces",
         "x " * 200 + "end", "unicode 😀 " * 30, "ends\n\n- list", "#heading\ntext", "a\tb\n\tc",
         "tab\u0007bell\nline", "quote \"it\" and 'it'", "colon: here\n# not a comment"]


DUMP = """async (record) => {
    const { dump } = await import(new URL("../../assets/casebook/form-yaml.js", location.href));
    const isBlock = (path) => path[0] === "texts" || (path[0] === "items" && path[2] === "text");
    return dump(record, { first: "# first line", width: 92, isBlock });
}"""


def test_the_written_yaml_reads_back_as_the_same_values(fresh: Page) -> None:
    record: dict[str, Any] = {"id": "school-x", "lines": TRICKY, "texts": TEXTS,
                              "keyed": {"size-band": ["small"], "fsm_percent": 12.5, "pupils": 100, "flag": True},
                              "empty_list": [], "empty_map": {}, "items": [{"text": t, "speaker": s}
                                                                        for t, s in zip(TEXTS, TRICKY, strict=False)]}
    written = fresh.evaluate(DUMP, record)
    assert written.startswith("# first line\n")
    assert yaml.safe_load(written) == record  # PyYAML, as the checks read it
    # casebook's own reader refuses control characters (the form's checks say so); all else reads back.
    clean = {**record, "lines": [t for t in TRICKY if "\u0007" not in t],
             "texts": [t for t in TEXTS if "\u0007" not in t]}
    clean["items"] = [i for i in record["items"] if "\u0007" not in i["text"] + i["speaker"]]
    written = fresh.evaluate(DUMP, clean)
    assert parse(written).data == clean
    assert "texts:\n  - >-\n    one line" in written  # Markdown text is a folded block
    wrapped = [line for line in written.splitlines() if line.startswith("    x x x")]
    assert len(wrapped) > 3 and max(len(line) for line in wrapped) <= 92  # long text is wrapped


def test_other_pages_do_not_load_the_form_code(page: Page) -> None:  # type: ignore[no-untyped-def]
    for path in ("", "case-studies/", "contributing/"):
        page.goto(path)
        view_ready(page, "/" + path)  # the page's own scripts have run before what it loaded is read
        page.wait_for_load_state("networkidle")
        loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
        assert not [u for u in loaded if "/form" in u or "/vendor/" in u or "/lazy/form" in u], path
    page.goto(URL)
    expect(page.locator("#cb-form[data-current]")).to_be_visible()
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert any(u.endswith("vendor/cfworker-json-schema/index.js") for u in loaded)  # one minified module (make vendor)
    assert not any("js-yaml" in u for u in loaded), "the YAML reader loads only when a file is chosen"


def test_the_form_works_when_reached_by_instant_navigation(fresh: Page, base_url: str) -> None:
    page = fresh
    site_url = re.compile(r"https?://[^/<]+/")

    def rewrite(route: Any) -> None:
        # Material follows only links listed in sitemap.xml, at `site_url`'s port: the test server's.
        response = route.fetch()
        route.fulfill(response=response, body=site_url.sub(base_url, response.text()))

    page.context.route("**/sitemap.xml", rewrite)
    page.goto("contributing/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.cbMarker = 1")
    page.locator(".md-sidebar--primary").get_by_role("link", name="Add your school").click()
    expect(page.locator("#cb-form[data-current]")).to_be_visible()
    assert page.evaluate("window.cbMarker") == 1, "the page was loaded anew, not by instant navigation"
    enter(page, "#cbf-title", TITLE)
    stored_draft_holds(page, TITLE)
    page.locator(".md-sidebar--primary").get_by_role("link", name="How to contribute").click()
    view_ready(page, "/contributing/")  # else the second click can land on the form page still shown
    page.locator(".md-sidebar--primary").get_by_role("link", name="Add your school").click()
    view_ready(page, "/" + URL)
    expect(page.locator("#cbf-title")).to_have_value(TITLE)
    assert page.evaluate("window.cbMarker") == 1




def test_leaving_a_field_by_pressing_a_button_below_it_presses_the_button(fresh: Page) -> None:
    # Leaving the empty item shows its problem above the button; the press must not be lost to that.
    page = fresh
    add = page.get_by_role("button", name="Add an award or network")
    add.click()
    expect(page.locator("[data-name=awards_and_networks] .cb-item")).to_have_count(1)
    add.click()  # focus leaves the empty first item: its error appears, moving this button down
    expect(page.locator("[data-name=awards_and_networks] .cb-item")).to_have_count(2)
    expect(page.locator("[data-name=awards_and_networks] .cb-item .cb-error").first).to_be_visible()
