"""Site search: Material's search box answered from the Pagefind index (search.py, search-worker.js)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import yaml
from playwright.sync_api import expect

from tests.browser.waits import view_ready

ROOT = Path(__file__).resolve().parents[2]
RESULT_LINKS = ".md-search-result__item > a.md-search-result__link"


def distinctive_word(school: str, beyond_headline: bool = False) -> str:
    """A long word of one school's text that no other school's file holds; with `beyond_headline`,
    one that is not in its title or summary either (so only the full-text index holds it)."""
    schools = ROOT / "case_studies" / "schools"
    words = lambda text: set(re.findall(r"[a-z]{9,}", text.lower()))  # noqa: E731
    others: set[str] = set()
    for path in schools.glob("*.yaml"):
        if path.stem != school:
            others |= words(path.read_text(encoding="utf-8"))
    record = yaml.safe_load((schools / f"{school}.yaml").read_text(encoding="utf-8"))
    if beyond_headline:
        others |= words(f"{record['title']} {record['summary']}")
    counts = Counter(re.findall(r"[a-z]{9,}", yaml.safe_dump(record).lower()))
    return next(word for word, _ in counts.most_common() if word not in others)


def open_search(page) -> None:  # type: ignore[no-untyped-def]
    """Press `/` and wait for the search box to take the keys: typed at once, the first could be lost
    (Zensical's box, in a shadow root, then searched "uillwort")."""
    page.keyboard.press("/")
    page.wait_for_function("""() => { let el = document.activeElement;
        while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
        return !!el && el.tagName === "INPUT"; }""")


def search(page, query: str, finds: str | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    """Type `query` into Material's search box with the keyboard; the results' links, in order.

    Results arrive in steps (pages found by their headline, then by their text, a batch at a time),
    each step adding to the end of the list: with `finds`, wait for a link holding it to be listed."""
    open_search(page)
    page.keyboard.type(query, delay=20)
    expect(page.locator(".md-search__input")).to_have_value(query)
    # The list shown may still be a shorter query's ("department for educatio"): wait for the first
    # result to be this query's (Material marks each link with the query's words, `?h=`).
    words = " ".join(dict.fromkeys(query.lower().split()))
    expect(page.locator(RESULT_LINKS).first).to_have_attribute(
        "href", re.compile(re.escape(f"?{urlencode({'h': words})}") + "(#|$)"))
    if finds is not None:
        expect(page.locator(f'{RESULT_LINKS}[href*="{finds}"]').first).to_be_attached()
    return [link.get_attribute("href") for link in page.query_selector_all(RESULT_LINKS)]


def test_search_finds_a_school_by_a_word_of_its_text(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url)
    before = len(requests)
    # A word of School A's text that is not in its title or summary: only the full text has it.
    word = distinctive_word("school-a", beyond_headline=True)
    links = search(page, word, finds="case-studies/school-a/")
    assert any("case-studies/school-a/" in link for link in links), (word, links)
    # Only Pagefind's pieces were fetched for the query (the headlines' index, then the full
    # text's), never a whole-site index.
    fetched = [url.removeprefix(base_url) for url in requests[before:]]
    assert any(url.startswith("pagefind-headlines/") for url in fetched), fetched
    assert any(url.startswith("pagefind/") for url in fetched), fetched
    assert not any("search_index" in url for url in fetched), fetched


def test_a_word_of_a_school_s_summary_finds_it_from_the_headlines_alone(page, context, base_url: str) -> None:  # type: ignore[no-untyped-def]
    # The full text's index is held back (the search worker's requests are the context's, not the
    # page's): what is shown comes from the headlines' index alone.
    held: list[Any] = []
    context.route("**/pagefind/**", lambda route: held.append(route))
    page.goto(base_url)
    record = yaml.safe_load((ROOT / "case_studies" / "schools" / "school-a.yaml").read_text(encoding="utf-8"))
    word = distinctive_word("school-a")
    assert word in record["summary"].lower(), "the test wants a word of School A's summary"
    links = search(page, word)
    assert "case-studies/school-a/" in links[0], (word, links)
    # The full text is asked for next, and waits (every request for it is held by the route above).
    # Playwright may tell the request's event before the route's handler has run, so the request
    # itself is the proof: `held` can still be empty when the event arrives.
    asked = [route.request for route in held] or [
        context.wait_for_event("request", predicate=lambda request: "/pagefind/" in request.url)]
    assert all("/pagefind/" in request.url for request in asked), "the full text's index was not asked for"
    for route in held:
        route.continue_()
    context.unroute("**/pagefind/**")


def test_keyboard_opens_the_first_result(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    links = search(page, distinctive_word("school-b"), finds="case-studies/school-b/")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/case-studies/"))
    assert page.url.split("?")[0].split("#")[0] == links[0].split("?")[0].split("#")[0]
    # Instant navigation changes the address before it swaps the page in: read the h1 of School B's view.
    view_ready(page, urlsplit(links[0]).path)
    assert "School B" in page.inner_text("h1")


CONTENT_PAGES = ["case-studies/video-case-study-2/", "case-studies/video-case-study-1/", "sources/",
                 "case-studies/school-c/", "roles/technology-leader/"]
"""The content pages "speaker" finds, in order (the contributor's guide has it too): the two course
case studies whose opening words hold it ("speaker", "speakers"), found by their headlines, then the pages
whose text alone does (the sources' notes on the videos, School C, the technology leader's role)."""


def test_previews_are_short_and_content_ranks_before_contributing(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    # "speaker" is in few content pages and in the contributor's guide: both kinds are listed, and
    # contributing pages come only once the content is listed, so wait for the first of them.
    links = search(page, "speaker", finds="/contributing/")
    pages = list(dict.fromkeys(link.removeprefix(base_url).split("?")[0].split("#")[0] for link in links))
    # The content pages, all of them listed before the first contributing page, in their order.
    first = next(i for i, path in enumerate(pages) if path.startswith("contributing/"))
    assert pages[:first] == CONTENT_PAGES, links
    assert all(path.startswith("contributing/") for path in pages[first:]), links
    # Each preview is a short passage around the match (Material puts it after the section's title).
    previews = page.eval_on_selector_all(
        ".md-search-result__article", "articles => articles.map(a => [...a.childNodes]"
        ".filter(n => !(n.matches && n.matches('h1, h2, .md-icon'))).map(n => n.textContent).join(' '))")
    assert any(p.strip() for p in previews)
    assert max(len(p.split()) for p in previews) <= 30, previews
    assert "¶" not in page.inner_text(".md-search-result")


def test_search_works_offline_once_its_pieces_were_loaded(page, context, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()  # now the service worker controls the page and the search worker it starts
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    word = distinctive_word("school-c")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    assert any("case-studies/school-c/" in link for link in search(page, word, finds="case-studies/school-c/"))
    # The service worker keeps its copy of each piece after answering: wait until it has them all.
    pieces = [url for url in requests if "/pagefind" in url]
    assert any("/pagefind-headlines/" in url for url in pieces) and any("/pagefind/" in url for url in pieces)
    page.wait_for_function("""async (urls) => {
        for (const url of urls) if (!(await caches.match(url, { ignoreSearch: true }))) return false;
        return true; }""", arg=pieces)
    context.set_offline(True)
    try:
        page.reload()
        links = search(page, word, finds="case-studies/school-c/")
        assert any("case-studies/school-c/" in link for link in links), links
    finally:
        context.set_offline(False)
