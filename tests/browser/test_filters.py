"""The filterable libraries and "find schools like mine", in headless Chromium against the built site.

Expected results are worked out from the YAML through the core, so the tests stay right as
content is added; a few hard checks pin known facts of the five NCSL schools.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from casebook.library import load_library
from casebook.render import KIND_NAMES, LIBRARIES, filter_facets
from playwright.sync_api import expect

from tests.accessibility import serious_violations
from tests.browser.waits import settled, until, view_ready

ROOT = Path(__file__).resolve().parents[2]
LIB = load_library(ROOT / "case_studies", ROOT)
KINDS = list(LIBRARIES)
URLS = {kind: path.removesuffix("index.md") for kind, path in LIBRARIES.items()}

Selection = dict[str, list[str]]


# -- what the content says the library should do ---------------------------------------------


def offered(kind: str) -> dict[str, list[str]]:
    """Each filterable facet with the values that occur in `kind`'s records, in taxonomy order."""
    used: dict[str, set[str]] = {}
    for model in LIB.models(kind):
        for facet_id, values in filter_facets(model).items():
            used.setdefault(facet_id, set()).update(values)
    return {
        facet.id: [v.id for v in facet.values if v.id in used.get(facet.id, set())]
        for facet in LIB.taxonomy.facets
        if facet.filter and used.get(facet.id)
    }


def expected(kind: str, selection: Selection, q: str = "") -> list[str]:
    """Ids of the records that match: OR within a facet, AND across facets, every word of `q`."""
    words = [w for w in re.split(r"[^\w]+", q.lower()) if w]
    found = []
    for model in LIB.models(kind):
        facets = filter_facets(model)
        # A card's words: title, summary, the labels of its tags (and a school's line of facts).
        labels = [LIB.label(f, v) for f, vs in getattr(model, "facets", {}).items() for v in vs]
        text = " ".join([model.title, model.summary, *labels, "pupils free school meals evidence from"])
        card = set(re.split(r"[^\w]+", text.lower()))
        if all(any(c == w or (len(w) > 1 and c.startswith(w)) for c in card) for w in words) and all(
            not values or set(values) & set(facets.get(facet_id, [])) for facet_id, values in selection.items()
        ):
            found.append(model.id)
    return found


def expected_counts(kind: str, selection: Selection, q: str = "") -> dict[tuple[str, str], int]:
    """What each box should say: the results if it were ticked, given the other facets' selection."""
    return {
        (facet_id, value): len(expected(kind, {**selection, facet_id: [value]}, q))
        for facet_id, values in offered(kind).items()
        for value in values
    }


def status_text(kind: str, shown: int | None = None) -> str:
    total = len(LIB.models(kind))
    noun = KIND_NAMES[kind][0 if total == 1 else 1]
    return f"{total} {noun}" if shown is None else f"{shown} of {total} {noun}"


# -- what the page shows ---------------------------------------------------------------------

# A long list is shown a page at a time. The tests compare whole lists, so they show every
# result at once (the real libraries may outgrow a page), except where a test sets a size.
PAGE_SIZE = """
new MutationObserver((_, observer) => {
  const lib = document.querySelector(".cb-library");
  if (lib) { lib.dataset.pageSize = "%d"; observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});
"""
PAGE_SIZES = {"test_long_lists_are_shown_a_page_at_a_time": 2}


@pytest.fixture(autouse=True)
def page_size(request: pytest.FixtureRequest) -> None:
    if "context" in request.fixturenames:
        size = PAGE_SIZES.get(request.node.originalname, 100_000)
        request.getfixturevalue("context").add_init_script(PAGE_SIZE % size)



def open_library(page, kind: str, query: str = "") -> None:  # type: ignore[no-untyped-def]
    page.goto(URLS[kind] + query)
    # The form is on the page before filters.js has set it up: wait for the page view to be ready.
    view_ready(page)
    page.locator("form.cb-filters").wait_for(state="visible")
    # The facets and "find schools like mine" are folded until the reader opens them.
    page.locator(".cb-panel").evaluate("d => { d.open = true; }")
    if kind == "schools":
        page.locator(".cb-similar").evaluate("d => { d.open = true; }")


SHOWN = ("() => [...document.querySelectorAll('.cb-results > article')]"
         ".filter(a => a.checkVisibility()).map(a => a.id.replace(/^card-/, ''))")


def shown(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Ids of the cards a reader can see, in page order (checkVisibility honours the CSS too)."""
    return page.evaluate(SHOWN)


def counts(page) -> dict[tuple[str, str], int]:  # type: ignore[no-untyped-def]
    rows = page.evaluate(
        "[...document.querySelectorAll('fieldset.cb-facet input')].map(b => "
        "[b.name, b.value, b.closest('label').querySelector('.cb-n').textContent])"
    )
    return {(name, value): int(text.strip("()")) for name, value, text in rows}


def checked(page) -> Selection:  # type: ignore[no-untyped-def]
    selection: Selection = {}
    for name, value in page.evaluate(
        "[...document.querySelectorAll('fieldset.cb-facet input:checked')].map(b => [b.name, b.value])"
    ):
        selection.setdefault(name, []).append(value)
    return selection


def query_of(page, want: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The URL's query, sorted. The page writes the URL just after the list is painted: it is read
    once that write has run (`settled`; it used to wait up to 3 s for `want`, too little under load)."""
    settled(page)
    return sorted(parse_qsl(urlsplit(page.evaluate("location.href")).query))


def box(page, facet_id: str, value: str):  # type: ignore[no-untyped-def]
    return page.locator(f'fieldset[data-facet="{facet_id}"] input[value="{value}"]')


def status(page) -> str:  # type: ignore[no-untyped-def]
    # Scoped to the library: an engine's own chrome may hold a status too (Zensical's dialog).
    return page.locator(".cb-library").get_by_role("status").inner_text().strip()


# -- the panel and each facet ----------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_panel_offers_every_facet_value_with_counts(page, kind: str) -> None:  # type: ignore[no-untyped-def]
    open_library(page, kind)
    panel = page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('fieldset.cb-facet')].map(f => "
        "[f.dataset.facet, [...f.querySelectorAll('input')].map(b => b.value)]))"
    )
    assert panel == offered(kind)
    assert counts(page) == expected_counts(kind, {})
    assert shown(page) == expected(kind, {})
    assert status(page) == status_text(kind)
    # Every control has a label a screen reader can announce.
    unlabelled = page.evaluate(
        "[...document.querySelectorAll('form.cb-filters input')].filter(i => !i.labels.length).length"
    )
    assert unlabelled == 0


@pytest.mark.parametrize("kind", KINDS)
def test_each_facet_value_filters_the_real_content(page, kind: str) -> None:  # type: ignore[no-untyped-def]
    open_library(page, kind)
    everything = expected(kind, {})
    for facet_id, values in offered(kind).items():
        for value in values:
            box(page, facet_id, value).check()
            want = expected(kind, {facet_id: [value]})
            assert want, f"{facet_id}={value} is offered but matches nothing"
            assert shown(page) == want, f"{facet_id}={value}"
            assert status(page) == status_text(kind, len(want))
            assert query_of(page, [(facet_id, value)]) == [(facet_id, value)]
            box(page, facet_id, value).uncheck()
            assert shown(page) == everything


def test_known_facts_of_the_five_schools(page) -> None:  # type: ignore[no-untyped-def]
    open_library(page, "schools", "?setting=rural")
    assert shown(page) == ["school-a", "school-b"]
    assert status(page) == "2 of 9 case studies"
    box(page, "setting", "city").check()  # OR within a facet
    assert shown(page) == ["school-a", "school-b", "school-e"]
    box(page, "size-band", "small").check()  # AND across facets
    assert shown(page) == ["school-a"]
    assert status(page) == "1 of 9 case studies"
    # A setting box counts what ticking it would give with the other facets as they are.
    assert counts(page)[("setting", "city")] == 0
    assert counts(page)[("setting", "rural")] == 1
    open_library(page, "schools", "?phase=junior")
    assert shown(page) == ["school-c"]


def combinations(kind: str) -> list[Selection]:
    """Pairs of facets: two values of one (OR) with one value of the other (AND)."""
    facets = [(f, v) for f, v in offered(kind).items() if len(v) >= 2]
    chosen = []
    for (first, first_values), (second, second_values) in itertools.pairwise(facets):
        chosen.append({first: first_values[:2], second: second_values[-1:]})
        chosen.append({first: first_values[-2:], second: second_values[:2]})
    return chosen


@pytest.mark.parametrize("kind", KINDS)
def test_combinations_and_their_counts(page, kind: str) -> None:  # type: ignore[no-untyped-def]
    open_library(page, kind)
    selections = combinations(kind)
    assert selections
    for selection in selections:
        page.get_by_role("button", name="Clear all filters").first.click()
        for facet_id, values in selection.items():
            for value in values:
                box(page, facet_id, value).check()
        want = expected(kind, selection)
        assert shown(page) == want, selection
        assert status(page) == status_text(kind, len(want))
        assert counts(page) == expected_counts(kind, selection), selection
        assert page.locator(".cb-empty").is_visible() == (not want)


# -- the URL ---------------------------------------------------------------------------------


def test_url_round_trip_and_reload(page, context) -> None:  # type: ignore[no-untyped-def]
    open_library(page, "schools")
    length = page.evaluate("history.length")
    selection = {"setting": ["rural"], "theme": ["funding-and-procurement", "professional-learning"]}
    for facet_id, values in selection.items():
        for value in values:
            box(page, facet_id, value).check()
    want = expected("schools", selection)
    assert shown(page) == want
    pairs = sorted((f, v) for f, vs in selection.items() for v in vs)
    assert query_of(page, pairs) == pairs
    # Each change replaces the entry: the back button leaves the page, not the last click.
    assert page.evaluate("history.length") == length
    url = page.url

    other = context.new_page()
    other.goto(url)
    other.locator("form.cb-filters").wait_for(state="visible")
    assert checked(other) == {"theme": selection["theme"], "setting": ["rural"]}
    assert shown(other) == want
    other.close()

    page.reload()
    page.locator("form.cb-filters").wait_for(state="visible")
    assert shown(page) == want
    assert checked(page) == {"theme": selection["theme"], "setting": ["rural"]}


def test_issue_example_url_opens_filtered(page) -> None:  # type: ignore[no-untyped-def]
    query = "?setting=rural&theme=funding-and-procurement&theme=professional-learning"
    open_library(page, "schools", query)
    selection = {"setting": ["rural"], "theme": ["funding-and-procurement", "professional-learning"]}
    assert shown(page) == expected("schools", selection)
    assert counts(page) == expected_counts("schools", selection)


def test_unknown_ids_in_the_url_are_ignored(page) -> None:  # type: ignore[no-untyped-def]
    open_library(page, "schools", "?setting=atlantis&nosuch=1&h=ict")
    assert shown(page) == expected("schools", {})
    assert status(page) == status_text("schools")
    open_library(page, "schools", "?setting=atlantis&setting=rural&nosuch=1&h=ict")
    assert shown(page) == ["school-a", "school-b"]
    box(page, "setting", "city").check()
    # Our parameters are rewritten from the form; others (Material's search highlight `h`) are kept.
    pairs = [("h", "ict"), ("nosuch", "1"), ("setting", "city"), ("setting", "rural")]
    assert query_of(page, pairs) == pairs


def instant(page, base_url: str, on: bool = True) -> None:  # type: ignore[no-untyped-def]
    """Turn Material's instant navigation on or off for `page`.

    Material follows a link instantly only if the sitemap lists it (as `site_url` addresses,
    mapped to the current host but not the current port). On: the sitemap is rewritten to the
    test server's address, in case the site was built for another. Off: the sitemap is empty,
    so every link loads its page in full.
    """

    def rewrite(route) -> None:  # type: ignore[no-untyped-def]
        if not on:
            route.fulfill(content_type="application/xml", body='<?xml version="1.0"?><urlset/>')
            return
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace("http://localhost:8000/", base_url))

    page.route("**/sitemap.xml", rewrite)


@pytest.mark.parametrize("instant_navigation", [True, False], ids=["instant", "full-reload"])
def test_back_button_returns_to_the_filtered_list(page, base_url: str, instant_navigation: bool) -> None:  # type: ignore[no-untyped-def]
    instant(page, base_url, on=instant_navigation)
    page.goto("guidance/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.cbSamePage = true")
    page.get_by_role("link", name="Case-study library").first.click()
    page.wait_for_url("**/case-studies/")
    view_ready(page, "/case-studies/")  # the library's view, not the guidance page's flag
    page.locator("form.cb-filters").wait_for(state="visible")
    assert page.evaluate("window.cbSamePage === true") is instant_navigation
    page.locator(".cb-panel > summary").click()  # the facets start folded
    box(page, "setting", "rural").check()
    box(page, "theme", "pupil-voice").check()
    want = expected("schools", {"setting": ["rural"], "theme": ["pupil-voice"]})
    page.locator("#card-school-b h3 a").click()
    page.wait_for_url("**/case-studies/school-b/")
    page.go_back()
    page.wait_for_url(re.compile(r"/case-studies/\?"))
    # The restored page is filtered once its script has run again (on a fresh copy, if Material
    # fetched the page again): the list and the boxes are read together, on the copy on show.
    shows(page, want, {"theme": ["pupil-voice"], "setting": ["rural"]})
    # One history entry for the library, however many clicks: back again leaves it.
    page.go_back()
    page.wait_for_url("**/guidance/")


def shows(page, want: list[str], selection: Selection) -> None:  # type: ignore[no-untyped-def]
    """Wait for the library on show to list `want` with `selection` ticked, read in one go.

    After a history move Material's instant navigation may fetch the page again and swap in a fresh
    copy of the library, which shows every card until its own filters run; whether it does, and when
    the copy lands, depends on Material's own bookkeeping (seen: a fetch started by "back" landing
    after "forward"). Reading the list and the boxes in separate steps could read the old copy and
    then the new one, so one check reads both, on whichever copy is on show."""
    boxes = sorted([name, value] for name, values in selection.items() for value in values)
    page.wait_for_function(
        """([want, boxes]) => {
            const lib = document.querySelector('.cb-library');
            if (!lib?.cbFilters) return false;
            const ids = [...lib.querySelectorAll('.cb-results > article')]
                .filter(a => a.checkVisibility()).map(a => a.id.replace(/^card-/, ''));
            const ticked = [...lib.querySelectorAll('fieldset.cb-facet input:checked')]
                .map(b => [b.name, b.value]).sort();
            return JSON.stringify(ids) === JSON.stringify(want) && JSON.stringify(ticked) === JSON.stringify(boxes);
        }""",
        arg=[want, boxes],
    )


def test_back_and_forward_within_the_library_show_each_entrys_filters(page) -> None:  # type: ignore[no-untyped-def]
    open_library(page, "schools", "?setting=rural")
    page.evaluate("history.pushState(history.state, '', '?setting=city')")
    page.go_back()
    page.wait_for_url("**/case-studies/?setting=rural")
    shows(page, ["school-a", "school-b"], {"setting": ["rural"]})
    page.go_forward()
    page.wait_for_url("**/case-studies/?setting=city")
    shows(page, expected("schools", {"setting": ["city"]}), {"setting": ["city"]})


def test_instant_navigation_from_a_school_page(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    instant(page, base_url)
    page.goto("case-studies/school-a/")
    page.wait_for_load_state("networkidle")  # instant navigation starts once Material has the sitemap
    page.evaluate("window.cbSamePage = true")
    page.locator('a[href$="case-studies/?setting=rural#f-setting-rural"]').first.click()
    # Material's URL tracking may put the old page's section in the fragment: the query is what counts.
    page.wait_for_url(re.compile(r".*/case-studies/\?setting=rural(#.*)?$"))
    view_ready(page, "/case-studies/")  # the address changes before the content is swapped in
    page.locator("form.cb-filters").wait_for(state="visible")
    # Material swapped the content without a reload, and the filters still took effect.
    assert page.evaluate("window.cbSamePage") is True
    assert shown(page) == ["school-a", "school-b"]


def record_page_filter_links(site: Path) -> set[str]:
    """Every link from a record page into a library filtered by facet values, site-relative."""
    links = set()
    for folder in ("case-studies", "guidance", "cpd", "roles"):
        for html in (site / folder).glob("*/index.html"):
            here = f"http://site/{folder}/{html.parent.name}/"
            for href in re.findall(r'href="([^"#]*\?[^"#]*)(?:#[^"]*)?"', html.read_text(encoding="utf-8")):
                links.add(urljoin(here, href.replace("&amp;", "&")).removeprefix("http://site/"))
    return links


def test_facet_links_on_record_pages_open_a_filtered_library(page, site: Path) -> None:  # type: ignore[no-untyped-def]
    links = record_page_filter_links(site)
    by_url = {url: kind for kind, url in URLS.items()}
    assert any(link.startswith("case-studies/?") for link in links)
    assert any(link.startswith("cpd/?pd-principle=") for link in links)
    opened: set[tuple[str, str]] = set()
    for link in sorted(links):
        path, _, query = link.partition("?")
        kind = by_url[path]
        selection: Selection = {}
        for facet_id, value in parse_qsl(query):
            selection.setdefault(facet_id, []).append(value)
        # Every link names values the library offers, and leads to a list that is not empty ...
        assert all(v in offered(kind).get(f, []) for f, vs in selection.items() for v in vs), link
        assert expected(kind, selection), f"{link} leads to an empty list"
        # ... and one link per library and facet is opened in the browser (the rest differ only in value).
        if (path, min(selection)) in opened:
            continue
        opened.add((path, min(selection)))
        open_library(page, kind, f"?{query}")
        assert checked(page) == selection, link
        assert shown(page) == expected(kind, selection), link


# -- text search, reset, the empty state -------------------------------------------------------


def test_text_search_narrows_by_title_and_summary(page) -> None:  # type: ignore[no-untyped-def]
    open_library(page, "schools")
    search = page.get_by_label("Search titles, summaries and tags")
    search.fill("cumbrian")
    assert shown(page) == expected("schools", {}, "cumbrian") == ["school-a"]
    assert query_of(page, [("q", "cumbrian")]) == [("q", "cumbrian")]
    search.fill("PRIMARY rural")  # every word, in any case
    assert shown(page) == expected("schools", {}, "primary rural")
    box(page, "setting", "rural").check()
    want = expected("schools", {"setting": ["rural"]}, "primary rural")
    assert shown(page) == want
    assert counts(page) == expected_counts("schools", {"setting": ["rural"]}, "primary rural")
    open_library(page, "guidance", "?q=coaching")
    assert page.get_by_label("Search titles, summaries and tags").input_value() == "coaching"
    assert shown(page) == expected("guidance", {}, "coaching")


def test_clear_all_filters_resets_form_and_url(page) -> None:  # type: ignore[no-untyped-def]
    open_library(page, "cpd")
    facet_id, values = next(iter(offered("cpd").items()))
    box(page, facet_id, values[0]).check()
    page.get_by_label("Search titles, summaries and tags").fill("a")
    assert query_of(page, [(facet_id, values[0]), ("q", "a")]) == sorted([(facet_id, values[0]), ("q", "a")])
    page.locator("form.cb-filters .cb-clear").click()
    assert shown(page) == expected("cpd", {})
    assert checked(page) == {}
    assert page.get_by_label("Search titles, summaries and tags").input_value() == ""
    assert query_of(page, []) == []
    assert status(page) == status_text("cpd")


def test_no_results_message_offers_a_reset(page) -> None:  # type: ignore[no-untyped-def]
    assert expected("schools", {"setting": ["rural"], "size-band": ["large"]}) == []
    open_library(page, "schools", "?setting=rural&size-band=large")
    assert shown(page) == []
    assert status(page) == "0 of 9 case studies"
    empty = page.locator(".cb-empty")
    assert empty.is_visible()
    assert "No case studies match" in empty.inner_text()
    empty.get_by_role("button", name="Clear all filters").click()
    assert not empty.is_visible()
    assert shown(page) == expected("schools", {})
    # The button hid itself; focus went somewhere useful rather than to the page body.
    assert page.evaluate("document.activeElement.name") == "q"


# -- without JavaScript, from the keyboard, on a phone, with axe ----------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_without_javascript_every_record_is_shown(browser, base_url: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto(URLS[kind] + "?setting=rural&theme=pupil-voice")
    assert shown(page) == expected(kind, {})
    assert page.locator(".cb-results > article").count() == len(LIB.models(kind))
    assert page.locator(".cb-results > article:not(:has(a[href]))").count() == 0
    assert not page.locator("form.cb-filters").is_visible()
    assert not page.locator(".cb-empty").is_visible()
    assert not page.locator(".cb-similar").is_visible()
    assert status(page) == status_text(kind)
    context.close()


def tab_to(page, selector: str, key: str = "Tab", limit: int = 150) -> None:  # type: ignore[no-untyped-def]
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only(page) -> None:  # type: ignore[no-untyped-def]
    open_library(page, "schools")
    tab_to(page, "input[name=q]")
    page.keyboard.type("cumbrian")
    assert shown(page) == ["school-a"]
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    tab_to(page, 'input[name="setting"][value="rural"]')
    page.keyboard.press("Space")
    assert shown(page) == ["school-a", "school-b"]
    tab_to(page, 'input[name="setting"][value="city"]')
    page.keyboard.press("Space")
    assert shown(page) == ["school-a", "school-b", "school-e"]
    tab_to(page, "form.cb-filters .cb-clear")
    page.keyboard.press("Enter")
    assert shown(page) == expected("schools", {})
    assert checked(page) == {}
    # The panel folds and unfolds from the keyboard.
    tab_to(page, ".cb-panel > summary")
    page.keyboard.press("Enter")
    assert not page.locator('input[name="setting"][value="rural"]').is_visible()
    page.keyboard.press("Enter")
    assert page.locator('input[name="setting"][value="rural"]').is_visible()
    # On a wide screen every facet's group starts open; its name, a button, folds it from the keyboard.
    toggles = page.locator("button.cb-facet-toggle")
    assert {t.get_attribute("aria-expanded") for t in toggles.all()} == {"true"}
    tab_to(page, "fieldset[data-facet=setting] button.cb-facet-toggle")
    page.keyboard.press("Enter")
    assert not page.locator('input[name="setting"][value="rural"]').is_visible()
    page.keyboard.press("Space")
    assert page.locator('input[name="setting"][value="rural"]').is_visible()
    tab_to(page, ".cb-panel > summary", key="Shift+Tab")
    # Folded, the facets leave the results right under the bar; from the keyboard, a link skips the controls.
    page.keyboard.press("Enter")
    tab_to(page, "a.cb-skip", key="Shift+Tab")
    page.keyboard.press("Enter")
    # The results' title comes to the top half of the screen, below Material's sticky header. (Not the
    # address's fragment: navigation.tracking rewrites it as the page scrolls, sooner or later under load.)
    page.wait_for_function("""() => { const r = document.getElementById('cb-results-schools').getBoundingClientRect();
        const header = document.querySelector('.md-header').getBoundingClientRect();
        return r.top >= header.bottom && r.top < innerHeight / 2; }""")


def test_phone_sized_screen(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=base_url, viewport={"width": 360, "height": 740}, has_touch=True)
    page = context.new_page()
    page.goto(URLS["schools"] + "?setting=rural")
    view_ready(page)  # filters.js has read the address and ticked the box
    page.locator("form.cb-filters").wait_for(state="visible")
    # The panel starts folded so the results are on the first screens; the summary says what is ticked.
    summary = page.locator(".cb-panel > summary")
    assert "1 selected" in summary.inner_text()
    assert not box(page, "setting", "rural").is_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    summary.tap()
    # Inside, each facet is a group of its own, every group open: any filter is two taps away (issue 27),
    # the panel's summary and the box; a group's name folds it.
    toggles = page.locator("fieldset.cb-facet > legend > button.cb-facet-toggle")
    assert toggles.count() == page.locator("fieldset.cb-facet").count() > 2
    expanded = {t.inner_text().split(" (")[0]: t.get_attribute("aria-expanded") for t in toggles.all()}
    assert set(expanded.values()) == {"true"}, expanded
    # A tap's click may come after tap() returns (the browser makes it from the touch): what it does is waited for.
    expect(page.get_by_role("button", name="Setting (1 selected)")).to_be_visible()
    box(page, "setting", "city").tap()
    until(page, SHOWN, ["school-a", "school-b", "school-e"])
    expect(page.get_by_role("button", name="Setting (2 selected)")).to_be_visible()
    phase = page.get_by_role("button", name="Phase")
    assert box(page, "phase", "primary").is_visible()
    phase.tap()
    expect(phase).to_have_attribute("aria-expanded", "false")
    expect(box(page, "phase", "primary")).to_be_hidden()
    phase.tap()
    expect(phase).to_have_attribute("aria-expanded", "true")
    expect(box(page, "phase", "primary")).to_be_visible()
    assert page.get_by_role("group", name="Phase").count() == 1  # the legend still names the group
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    page.locator(".cb-similar > summary").tap()
    page.get_by_label("Pupils on roll").fill("250")
    page.get_by_role("button", name="Order by similarity").tap()
    expect(page.locator("#card-school-b .cb-why")).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    context.close()


@pytest.mark.parametrize("kind", KINDS)
def test_axe_with_filters_applied(page, kind: str) -> None:  # type: ignore[no-untyped-def]
    # The rarest value of the first facet, and the commonest of the second.
    (first, first_values), (second, second_values) = list(offered(kind).items())[:2]
    selection = {first: [min(first_values, key=lambda v: len(expected(kind, {first: [v]})))],
                 second: [max(second_values, key=lambda v: len(expected(kind, {second: [v]})))]}
    open_library(page, kind, "?" + "&".join(f"{f}={v[0]}" for f, v in selection.items()))
    assert shown(page) == expected(kind, selection)
    assert len(shown(page)) < len(LIB.models(kind))
    assert serious_violations(page) == []
    # And the empty state, with its reset.
    page.get_by_label("Search titles, summaries and tags").fill("zzzzzz")
    assert page.locator(".cb-empty").is_visible()
    assert serious_violations(page) == []


def test_axe_with_schools_ordered_by_similarity(page) -> None:  # type: ignore[no-untyped-def]
    open_library(page, "schools", "?theme=professional-learning")
    page.get_by_label("Pupils on roll").fill("250")
    page.get_by_label("Free school meals (per cent)").fill("10")
    page.get_by_label("Setting").select_option("rural")
    page.get_by_role("button", name="Order by similarity").click()
    assert page.locator(".cb-why:visible").count() == len(shown(page))
    assert serious_violations(page) == []


# -- find schools like mine --------------------------------------------------------------------


def card_order(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.evaluate("[...document.querySelectorAll('.cb-results > article')].map(a => a.id.slice(5))")


def why(page, school: str) -> str:  # type: ignore[no-untyped-def]
    return page.locator(f"#card-{school} .cb-why").text_content() or ""


def test_find_schools_like_mine_orders_and_explains(page) -> None:  # type: ignore[no-untyped-def]
    open_library(page, "schools")
    storage = "JSON.stringify([{...localStorage}, {...sessionStorage}, document.cookie])"
    stored = page.evaluate(storage)
    original = [m.id for m in LIB.models("schools")]
    assert card_order(page) == original
    assert page.locator(".cb-why:visible").count() == 0
    page.get_by_label("Pupils on roll").fill("250")
    page.get_by_label("Free school meals (per cent)").fill("10")
    page.get_by_label("Setting").select_option("rural")
    page.get_by_role("button", name="Order by similarity").click()
    order = card_order(page)
    assert sorted(order) == sorted(original)
    # School B: 230 pupils in a rural village, free school meals not stated. School A: 100, rural.
    assert order[:2] == ["school-b", "school-a"]
    assert "closest in size (230 vs your 250 pupils)" in why(page, "school-b")
    assert "free school meals not stated" in why(page, "school-b")
    assert "same setting (rural village)" in why(page, "school-b")
    assert "Similarity rank 1 of" in why(page, "school-b")
    assert "pupil numbers not stated" in why(page, "school-c")
    assert "different setting" in why(page, "school-e")
    for model in LIB.models("schools"):
        text = why(page, model.id)
        pupils = model.facts.pupils
        assert (f"{pupils} vs your 250 pupils" if pupils != "not stated" else "pupil numbers not stated") in text
    assert "school-b" in page.locator(".cb-similar-note").inner_text().lower().replace(" ", "-")
    # Nothing about the reader's school is stored; the facts are in the page's address, to share the view.
    assert page.evaluate(storage) == stored
    expect(page).to_have_url(re.compile(r"[?&]like-pupils=250"))

    page.get_by_role("button", name="Clear and restore the order").click()
    assert card_order(page) == original
    assert page.locator(".cb-why:visible").count() == 0
    assert page.get_by_label("Pupils on roll").input_value() == ""
    expect(page).not_to_have_url(re.compile(r"[?&]like-"))


def test_similarity_keeps_the_filters(page) -> None:  # type: ignore[no-untyped-def]
    open_library(page, "schools", "?setting=rural")
    page.get_by_label("Pupils on roll").fill("240")
    page.get_by_role("button", name="Order by similarity").click()
    assert shown(page) == ["school-b", "school-a"]
    page.get_by_label("Pupils on roll").fill("90")
    page.get_by_label("Pupils on roll").press("Enter")
    assert shown(page) == ["school-a", "school-b"]
    assert "closest in size (100 vs your 90 pupils)" in why(page, "school-a")


def test_similarity_asks_for_a_fact(page) -> None:  # type: ignore[no-untyped-def]
    open_library(page, "schools")
    page.get_by_role("button", name="Order by similarity").click()
    assert "at least one fact" in page.locator(".cb-similar-note").inner_text()
    assert card_order(page) == [m.id for m in LIB.models("schools")]


# -- long lists: a page at a time --------------------------------------------------------------

def test_long_lists_are_shown_a_page_at_a_time(page) -> None:  # type: ignore[no-untyped-def]
    """Shown with a page size of 2 (see PAGE_SIZES) on the real nine schools; the site's is 25."""
    open_library(page, "schools")
    everything = expected("schools", {})
    assert len(everything) == 9
    assert shown(page) == everything[:2]
    assert status(page) == "9 case studies; the first 2 are shown"
    more = page.locator(".cb-more button")
    assert more.inner_text() == "Show 2 more"
    more.click()
    assert shown(page) == everything[:4]
    # Focus moves to the first card just shown, so keyboard reading carries on there.
    assert page.evaluate("document.activeElement.closest('article')?.id") == f"card-{everything[2]}"
    for label in ("Show 2 more", "Show 2 more", "Show 1 more"):
        assert more.inner_text() == label
        more.click()
    assert shown(page) == everything
    assert not more.is_visible()
    assert status(page) == "9 case studies"
    # A filter change starts again at the first page; counts still cover every match.
    box(page, "theme", "funding-and-procurement").check()
    want = expected("schools", {"theme": ["funding-and-procurement"]})
    assert shown(page) == want[:2]
    assert status(page) == f"{len(want)} of 9 case studies; the first 2 are shown"
    assert counts(page) == expected_counts("schools", {"theme": ["funding-and-procurement"]})
    # Ordered by similarity, the page shows the most similar first.
    page.get_by_label("Pupils on roll").fill("250")
    page.get_by_label("Setting").select_option("rural")
    page.get_by_role("button", name="Order by similarity").click()
    assert shown(page) == [s for s in card_order(page) if s in want][:2]
    assert shown(page)[0] == "school-b"
