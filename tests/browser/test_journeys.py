"""The three reader journeys of issue 12, on a desktop and on a phone, by mouse and by keyboard;
the library on paper (Chromium's PDF); axe on every new page type.

Screenshots of each journey go to $JOURNEY_SHOTS when it is set (they were looked at by hand)."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from casebook.library import load_library
from playwright.sync_api import expect

from tests.accessibility import serious_violations
from tests.browser.waits import WATCH, view_ready
from tests.conftest import ROOT

LIB = load_library(ROOT / "case_studies", ROOT)


def first_step_minutes(route: str) -> int:
    """The minutes the route's page gives its first step, computed as the plugin computes them."""
    from casebook.render import Linker, Renderer
    from casebook.render.html import Permalink

    renderer = Renderer(LIB, Linker(), permalink=Permalink())
    model = LIB.get(f"routes/{route}")
    assert model is not None
    return int(renderer.routes.stops(model.model)[0].minutes)
SHOTS = os.environ.get("JOURNEY_SHOTS")
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(VIEWPORTS))
def view(request: pytest.FixtureRequest, browser: Any, base_url: str) -> Iterator[Any]:
    """A fresh page at 1280 px or at 390x844 that fails any request to another origin or script error."""
    name = request.param
    context = browser.new_context(base_url=base_url, viewport=VIEWPORTS[name], accept_downloads=True,
                                  has_touch=name == "phone")
    foreign: list[str] = []

    def guard(route: Any) -> None:
        if route.request.url.startswith(base_url) or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    context.add_init_script(WATCH)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.view_name = name
    yield page
    context.unroute_all(behavior="ignoreErrors")
    context.close()
    assert not foreign, foreign
    assert not errors, errors


def shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}-{page.view_name}.png")


def at(page: Any, path: str) -> None:
    """Wait until the page at `path` is set up (Material's instant navigation changes the address
    before it swaps the content in, and its URL tracking may add a fragment)."""
    view_ready(page, path)


def ready(page: Any) -> None:
    """Wait until the page at the current address is set up (`<html data-cb-ready>`, for this page)."""
    view_ready(page)


# -- a headteacher: from the home page to an action plan ------------------------------------------

def test_headteacher_from_home_to_action_plan(view: Any) -> None:
    page = view
    page.goto("")
    ready(page)
    shot(page, "head-1-home")
    page.get_by_role("link", name="I lead a school", exact=True).click()
    at(page, "/start/headteacher/")
    ready(page)
    page.locator(".cb-route-steps > li").first.wait_for()  # instant navigation swaps the content after the URL
    shot(page, "head-2-start")
    steps = page.locator(".cb-route-steps > li")
    assert steps.count() == 8
    # The reading time the route computes for its first step (routes.py: words / 200, rounded up).
    assert steps.first.inner_text().splitlines()[0].endswith(f" · about {first_step_minutes('headteacher')} min")
    # Today's standards within the first two steps: where we stand, then a standard's self-check.
    assert steps.first.get_by_role("link").get_attribute("href").endswith("where-we-stand/")
    steps.nth(1).get_by_role("link").click()
    at(page, "/standards/digital-leadership-and-governance/")
    page.locator(".cb-selfcheck[data-cb-ready]").wait_for(state="attached")
    first = page.locator('.cb-selfcheck input[type="radio"][value="not-yet"]').first
    first.check()
    shot(page, "head-3-selfcheck")
    page.go_back()
    at(page, "/start/headteacher/")
    page.locator(".cb-route-steps > li").last.get_by_role("link").click()
    at(page, "/self-checks/action-plan/")
    ready(page)
    page.wait_for_function("document.querySelectorAll('.cb-plan li, .cb-plan tr').length > 0")
    shot(page, "head-4-plan")
    assert "Not yet" in page.locator(".cb-plan").inner_text()


# -- a course participant: through the study route -----------------------------------------------

def progress(page: Any, text: str) -> None:
    """Wait for the route page's progress line (route.js runs after instant navigation swaps the page)."""
    page.wait_for_function("(t) => document.querySelector('.cb-route-progress')?.textContent === t", arg=text)


def marks(page: Any) -> dict[str, Any]:
    raw = page.evaluate("localStorage.getItem('casebook:section:route-study')")
    return json.loads(raw)["value"]["read"] if raw else {}


def test_course_participant_through_the_route(view: Any, tmp_path: Path) -> None:
    page = view
    page.goto("")
    ready(page)
    page.get_by_role("link", name="I am studying", exact=True).click()
    at(page, "/start/study/")
    ready(page)
    progress(page, "0 of 15 steps read.")
    shot(page, "study-1-route")
    page.locator(".cb-route-steps > li").first.get_by_role("link").click()
    at(page, "/guidance/vision-and-strategy/")
    bar = page.locator("nav.cb-route-top:visible", has_text="step 1 of 15")
    bar.wait_for()
    box = bar.get_by_label("Mark as read")
    box.check()
    shot(page, "study-2-step1")
    page.locator("nav.cb-route-bottom:visible a[rel=next]").click()
    page.locator("nav.cb-route-top:visible", has_text="step 2 of 15").wait_for()  # instant navigation swaps the content
    at(page, "/case-studies/school-a/")
    page.locator("nav.cb-route-top:visible").get_by_label("Mark as read").check()
    # Saving loads store.js first (route.js only peeks at marks): wait for it.
    page.wait_for_function("(localStorage.getItem('casebook:section:route-study') || '').includes('school-a')")
    assert set(marks(page)) == {"guidance/vision-and-strategy.md", "case-studies/school-a.md"}
    # Marks survive a reload.
    page.reload()
    ready(page)
    # route.js ticks the box once it has read the marks, after its own on-demand import.
    expect(page.locator("nav.cb-route-top:visible").get_by_label("Mark as read")).to_be_checked()
    page.locator("nav.cb-route-top:visible a").first.click()  # the route's own page
    at(page, "/start/study/")
    ready(page)
    progress(page, "2 of 15 steps read.")
    assert page.locator(".cb-route-steps > li.cb-read").count() == 2
    shot(page, "study-3-progress")
    # Export with the self-check answers, clear the browser, import: the marks come back.
    page.goto("self-checks/")
    ready(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Export answers").click()
    exported = tmp_path / "answers.json"
    info.value.save_as(exported)
    assert "route-study" in json.loads(exported.read_text(encoding="utf-8"))["sections"]
    page.evaluate("localStorage.clear()")
    page.reload()
    ready(page)
    expect(page.locator(".cb-transfer")).to_be_visible()  # hub.js has set up the import
    page.get_by_label("Import answers from a file").set_input_files(str(exported))
    page.wait_for_function("localStorage.getItem('casebook:section:route-study') !== null")
    page.goto("start/study/")
    ready(page)
    progress(page, "2 of 15 steps read.")


def test_route_page_prints_as_a_reading_list(page: Any) -> None:
    page.goto("start/study/")
    ready(page)
    text = pdf_text(page)
    for title in ("Vision and strategy", "School A", "School E", "The self-checks"):
        assert title in text
    assert "Print the reading list" not in text
    assert "(http" in text  # each step's address written out


# -- a technology leader: building a job description ----------------------------------------------

def test_technology_leader_builds_a_job_description(view: Any) -> None:
    page = view
    page.goto("")
    ready(page)
    page.get_by_role("link", name="I lead technology", exact=True).click()
    at(page, "/start/technology-leader/")
    ready(page)
    page.locator(".cb-route-steps > li").first.get_by_role("link").click()
    at(page, "/roles/technology-leader/")
    form = page.locator(".cb-jd-form")
    form.wait_for(state="visible")
    form.get_by_label("Liaising").check()
    form.get_by_label("A great teacher with experience of teaching with technology").check()
    form.get_by_label("A light teaching load, to keep credibility in the classroom").check()
    form.get_by_label("Reports to the headteacher").check()
    form.get_by_label("School name (optional)").fill("Hillside Primary")
    draft = form.get_by_label("Draft job description").input_value()
    assert "Teaching load: A light teaching load" in draft
    assert "Reporting line: Reports to the headteacher" in draft
    assert "School: Hillside Primary" in draft
    assert "Liaising: Bring the knowledge" in draft
    for note in ("Ben", "Commenters", "debates below", "The author agreed"):
        assert note not in draft  # editorial notes stay on the page
    form.scroll_into_view_if_needed()
    shot(page, "tech-1-builder")
    page.reload()
    form = page.locator(".cb-jd-form")
    form.wait_for(state="visible")
    assert form.get_by_label("Liaising").is_checked()
    assert form.get_by_label("Reports to the headteacher").is_checked()
    assert form.get_by_label("Draft job description").input_value() == draft


def test_school_name_box_has_a_visible_border_in_light_mode(page: Any) -> None:
    page.emulate_media(color_scheme="light")
    page.goto("roles/technology-leader/")
    page.locator(".cb-jd-form").wait_for(state="visible")
    style = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('#cb-jd-school'));
        const page = getComputedStyle(document.body).backgroundColor;
        return [s.borderTopStyle, s.borderTopWidth, s.borderTopColor, page]; }""")
    assert style[0] != "none" and style[1] != "0px" and style[2] != style[3]


# -- by keyboard alone ---------------------------------------------------------------------------

def tab_to(page: Any, selector: str, limit: int = 250) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_journeys(page: Any) -> None:
    # The headteacher: home, the start, the self-check; a radio button shows its focus.
    page.goto("")
    ready(page)
    tab_to(page, 'a[href$="start/headteacher/"]')
    page.keyboard.press("Enter")
    at(page, "/start/headteacher/")
    ready(page)
    tab_to(page, ".cb-route-steps > li:nth-child(2) a")
    page.keyboard.press("Enter")
    at(page, "/standards/digital-leadership-and-governance/")
    page.locator(".cb-selfcheck[data-cb-ready]").wait_for(state="attached")
    tab_to(page, '.cb-selfcheck input[type="radio"]')
    page.keyboard.press("Space")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    assert page.evaluate("document.activeElement.checked")
    # The participant: mark a step as read, go on to the next.
    page.goto("start/study/")
    ready(page)
    tab_to(page, ".cb-route-steps a")
    page.keyboard.press("Enter")
    at(page, "/guidance/vision-and-strategy/")
    ready(page)
    tab_to(page, "input.cb-mark")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked")
    tab_to(page, "nav.cb-route-bottom a[rel=next]")
    page.keyboard.press("Enter")
    at(page, "/case-studies/school-a/")
    # The technology leader: tick, choose, and the draft follows.
    page.goto("roles/technology-leader/")
    page.locator(".cb-jd-form").wait_for(state="visible")
    page.locator('input[name="responsibility"]').first.focus()
    page.keyboard.press("Space")
    tab_to(page, 'input[type="radio"][name^="choice-should-the-leader-still-teach"]')
    page.keyboard.press("ArrowDown")
    assert "Teaching load: " in page.locator(".cb-jd-output").input_value()


# -- the library on paper ------------------------------------------------------------------------

def pdf_text(page: Any) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    page.pdf_pages = [p.extract_text() for p in reader.pages]
    return "\n".join(page.pdf_pages)


def test_filtered_library_prints_the_list_and_comparison_without_controls(page: Any) -> None:
    page.goto("case-studies/?setting=rural")
    ready(page)
    text = pdf_text(page)
    first = page.pdf_pages[0]
    assert "Case-study library" in first and "School A" in first  # no blank first page
    assert "Filters applied: Setting: Rural village" in text
    for school in ("School A", "School B"):
        assert school in text
    assert "School C" not in text and "School D" not in text and "School E" not in text
    assert "Compare the schools" in text and "Pupils on roll" in text
    for control in ("Search titles", "Clear all filters", "Print these", "Find schools like mine", "Show more"):
        assert control not in text


def test_print_all_holds_every_school(page: Any) -> None:
    page.goto("all-case-studies/")
    ready(page)
    text = pdf_text(page)
    flat = " ".join(text.split())  # a long title wraps onto a second line of the PDF's text
    for school in LIB.models("schools"):
        assert school.title in flat
    assert "Advice to other schools" in text
    assert page.pdf_pages[0].strip()


@pytest.mark.parametrize("path", ["case-studies/school-c/", "guidance/funding-and-procurement/", "cpd/journal-clubs/",
                                  "roles/technology-leader/"])
def test_record_pages_print_without_navigation_or_controls(page: Any, path: str) -> None:
    page.goto(path)
    ready(page)
    text = pdf_text(page)
    assert page.pdf_pages[0].strip()
    for chrome in ("Table of contents", "Case-study library\nCross-case findings", "back to the library",
                   "Mark as read", "Previous ", "Made with Material"):
        assert chrome not in text, chrome
    assert "(http" in text  # links written out


# -- accessibility of the new page types -------------------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["", "start/study/", "start/headteacher/", "all-case-studies/",
                                  "case-studies/school-b/", "case-studies/?setting=rural&like-phase=secondary",
                                  "roles/technology-leader/", "case-studies/video-case-study-1/"])
def test_axe_on_new_page_types(page: Any, path: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(path)
    ready(page)
    if "like-" in path:
        page.locator(".cb-similar-note").filter(has_text="ordered by similarity").wait_for()
    assert serious_violations(page) == []


def test_route_bar_and_pager_pass_axe_on_a_phone(browser: Any, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto("case-studies/school-b/")
    ready(page)
    assert serious_violations(page) == []
    context.close()


# -- moving between records ---------------------------------------------------------------------

def test_back_to_the_library_keeps_the_filters(page: Any) -> None:
    page.goto("case-studies/?setting=rural")
    ready(page)
    page.locator("#card-school-b h3 a").click()
    at(page, "/case-studies/school-b/")
    ready(page)
    back = page.locator("a.cb-back").first
    # moves.js (loaded on demand) puts the reader's filters back on the link.
    # (Not there until the record's page is swapped in: `?.` keeps polling rather than throwing.)
    page.wait_for_function("document.querySelector('a.cb-back')?.href.endsWith('/case-studies/?setting=rural')")
    # The library is marked in the navigation, though records are not listed there.
    assert page.locator(".md-sidebar--primary a.cb-nav-here").first.inner_text().strip() == "Case-study library"
    back.click()
    page.wait_for_function("location.pathname.endsWith('/case-studies/') && location.search === '?setting=rural'")
    at(page, "/case-studies/")  # the library's view, set up (not the record's, whose flag stays until then)
    page.locator("form.cb-filters").wait_for(state="visible")
    ids = page.evaluate("[...document.querySelectorAll('.cb-results > article:not([hidden])')].map(a => a.id)")
    assert ids == ["card-school-a", "card-school-b"]


# -- the library as a reader uses it ------------------------------------------------------------

def open_schools(page: Any, query: str = "") -> None:
    page.goto(f"case-studies/{query}")
    ready(page)
    # Each feature is its own on-demand module: wait for the filters, "find schools like mine" and
    # the comparison table to have set themselves up.
    page.locator("form.cb-filters").wait_for(state="visible")
    page.locator(".cb-similar").wait_for(state="visible")
    expect(page.locator(".cb-compare-status")).not_to_have_text("")
    page.locator(".cb-panel").evaluate("d => { d.open = true; }")


def shown_ids(page: Any) -> list[str]:
    return page.evaluate(
        "[...document.querySelectorAll('.cb-results > article:not([hidden])')].map(a => a.id.slice(5))")


def table_ids(page: Any) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('.cb-compare thead th[data-id]')].map(th => th.dataset.id)")


def test_search_matches_whole_words_and_prefixes_across_tags(page: Any) -> None:
    open_schools(page)
    search = page.get_by_label("Search titles, summaries and tags")
    search.fill("school c")
    assert shown_ids(page) == ["school-c"]
    search.fill("governors")
    tagged = [s.id for s in LIB.models("schools") if "governors" in s.facets.get("role", [])]
    assert tagged and set(tagged) <= set(shown_ids(page))
    search.fill("gov")  # a prefix
    assert set(tagged) <= set(shown_ids(page))


def test_tags_on_cards_are_links_to_their_filter(page: Any) -> None:
    open_schools(page)
    tag = page.locator('#card-school-a a.cb-tag[data-facet="setting"]')
    assert tag.evaluate("a => a.href").endswith("/case-studies/?setting=rural#f-setting-rural")
    page.evaluate("document.querySelector('.cb-library').dataset.mark = 'before the click'")
    asked: list[Any] = []
    page.on("request", lambda request: asked.append(request))
    tag.click()
    page.wait_for_function("location.search === '?setting=rural'")
    page.wait_for_function("document.querySelector('input[name=setting][value=rural]')?.checked === true")
    page.wait_for_function("document.querySelectorAll('.cb-results > article:not([hidden])').length === 2")
    assert shown_ids(page) == ["school-a", "school-b"]
    # Ticked in place: neither the browser nor Material's instant navigation loaded the page again
    # (a second copy showed every card until its own filters ran), and no landing wish is left over.
    # A new copy would be asked for by the click itself: wait for every request since to be answered.
    for request in asked:
        request.response()
    ready(page)
    assert [r.url for r in asked if r.resource_type in ("document", "fetch") and "/case-studies/" in r.url] == []
    assert page.evaluate("document.querySelector('.cb-library').dataset.mark") == "before the click"
    assert page.evaluate("sessionStorage.getItem('casebook:land')") is None
    assert shown_ids(page) == ["school-a", "school-b"]


def test_a_tag_link_from_a_record_lands_on_the_results(page: Any) -> None:
    page.goto("case-studies/school-a/")
    ready(page)
    page.locator('.cb-facts a[href$="?setting=rural#f-setting-rural"]').click()
    page.wait_for_url("**/case-studies/?setting=rural*")
    at(page, "/case-studies/")  # the library's view, set up (the address changes before the content)
    page.locator("form.cb-filters").wait_for(state="visible")
    # The results' title is in the top half of the screen and not under Material's sticky header.
    page.wait_for_function("""() => { const r = document.querySelector('.cb-results-title')?.getBoundingClientRect();
        const header = document.querySelector('.md-header').getBoundingClientRect();
        return r && r.top >= header.bottom && r.top < innerHeight / 2; }""")
    assert shown_ids(page) == ["school-a", "school-b"]


def test_find_like_mine_ranks_within_the_filters_keeps_its_inputs_in_the_url_and_weighs_phase(page: Any) -> None:
    open_schools(page, "?setting=rural")
    page.locator(".cb-similar > summary").click()
    page.get_by_label("Pupils on roll").fill("240")
    page.get_by_label("Phase").select_option("junior")
    page.get_by_role("button", name="Order by similarity").click()
    assert shown_ids(page) == ["school-b", "school-a"]
    note = page.locator(".cb-similar-note").inner_text()
    assert note.startswith("The 2 case studies the filters show (of 9) are ordered by similarity")
    # textContent: cards off screen have no innerText (content-visibility), see FIELD-NOTES.
    assert (page.locator("#card-school-b .cb-why").text_content() or "").startswith("Similarity rank 1 of 2")
    assert table_ids(page) == ["school-b", "school-a"]  # the comparison follows the shown order
    page.wait_for_function("new URLSearchParams(location.search).get('like-pupils') === '240'")
    # A secondary school: the library has one now (a course video), outside these filters; the link keeps
    # the reader's facts.
    page.get_by_label("Phase").select_option("secondary")
    page.get_by_role("button", name="Order by similarity").click()
    assert "No case study is of" not in page.locator(".cb-similar-note").inner_text()
    page.wait_for_function("new URLSearchParams(location.search).get('like-phase') === 'secondary'")
    page.reload()
    page.locator("form.cb-filters").wait_for(state="visible")
    # similar.js loads after filters.js and then reads the reader's facts from the address.
    expect(page.get_by_label("Pupils on roll")).to_have_value("240")
    expect(page.locator(".cb-similar-note")).to_contain_text("School B first.")
    assert shown_ids(page) == ["school-b", "school-a"]


PAGE_OF_TWO = """new MutationObserver((_, observer) => {
  const box = document.querySelector('.cb-compare');
  if (box) { box.dataset.pageSize = '2'; observer.disconnect(); }
}).observe(document, { childList: true, subtree: true });"""


def test_comparison_shows_the_filtered_schools_a_page_at_a_time(context: Any) -> None:
    context.add_init_script(PAGE_OF_TWO)
    page = context.new_page()
    open_schools(page)
    # compare.js is its own on-demand module: wait for it to have paged the table.
    expect(page.locator(".cb-compare-status")).to_contain_text("Schools 1 to 2 of 9")
    assert table_ids(page) == ["school-a", "school-b"]
    page.get_by_role("button", name="Next schools").click()
    assert table_ids(page) == ["school-c", "school-d"]
    page.get_by_role("button", name="Next schools").click()
    assert table_ids(page) == ["school-e", "video-case-study-1"]
    page.get_by_role("button", name="Next schools").click()
    assert table_ids(page) == ["video-case-study-2", "video-case-study-3"]
    page.get_by_role("button", name="Next schools").click()
    assert table_ids(page) == ["video-case-study-technical"]
    assert page.get_by_role("button", name="Next schools").is_disabled()
    page.locator('input[name="setting"][value="rural"]').check()
    assert table_ids(page) == ["school-a", "school-b"]
    assert page.locator(".cb-compare-pager").is_hidden()
    rows = page.evaluate("[...document.querySelectorAll('.cb-compare tbody tr')].map(r => r.cells.length)")
    assert rows and all(n == 3 for n in rows)  # the row label and two schools


def test_comparison_scrolls_sideways_by_keyboard_with_row_labels_in_view(browser: Any, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, viewport=VIEWPORTS["phone"])
    page = context.new_page()
    open_schools(page)
    box = page.locator(".cb-compare")
    box.scroll_into_view_if_needed()
    box.focus()
    assert page.evaluate("document.activeElement.classList.contains('cb-compare')")
    # Wider than its box once the table's styles have laid it out (arrow keys before that scroll nothing).
    page.wait_for_function("(b => b.scrollWidth > b.clientWidth)(document.querySelector('.cb-compare'))")
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    # Chromium scrolls smoothly for arrow keys: wait for the box to move, then to come to rest.
    page.wait_for_function("document.querySelector('.cb-compare').scrollLeft > 0")
    page.wait_for_function("""() => { const box = document.querySelector('.cb-compare'), x = box.scrollLeft;
        const twoFrames = (then) => requestAnimationFrame(() => requestAnimationFrame(then));
        return new Promise((done) => twoFrames(() => done(box.scrollLeft === x))); }""")
    # The table itself does not scroll (the box does), and the row labels stay at the box's left edge.
    assert page.evaluate("document.querySelector('.cb-compare table').scrollLeft") == 0
    left = page.evaluate("""[document.querySelector('.cb-compare').getBoundingClientRect().left,
        document.querySelector('.cb-compare tbody th').getBoundingClientRect().left]""")
    assert abs(left[0] - left[1]) < 2
    context.close()


def test_library_without_javascript_lists_what_a_link_asked_for(browser: Any, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("case-studies/?setting=rural#f-setting-rural")
    assert page.get_by_text("Filtering needs JavaScript").is_visible()
    asked = page.locator("#f-setting-rural")
    assert asked.is_visible() and "Rural village" in asked.inner_text()
    assert page.locator(".cb-asked:visible").count() == 1
    assert page.locator(".cb-results > article").count() == len(LIB.models("schools"))
    context.close()


def test_tags_wrap_on_record_pages(page: Any) -> None:
    page.goto("case-studies/school-a/")
    ready(page)
    tops = page.evaluate("[...document.querySelectorAll('ul.cb-tags > li')].map(li => li.getBoundingClientRect().top)")
    assert len(tops) > 3 and len(set(tops)) < len(tops)  # several tags share a line
