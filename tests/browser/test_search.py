"""Site search: Material's search box answered from the Pagefind index (search.py, search-worker.js)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
RESULT_LINKS = ".md-search-result__item > a.md-search-result__link"


def distinctive_word(school: str) -> str:
    """A long word of one school's text that no other school's file holds."""
    schools = ROOT / "case_studies" / "schools"
    words = lambda path: set(re.findall(r"[a-z]{9,}", path.read_text(encoding="utf-8").lower()))  # noqa: E731
    others: set[str] = set()
    for path in schools.glob("*.yaml"):
        if path.stem != school:
            others |= words(path)
    record = yaml.safe_load((schools / f"{school}.yaml").read_text(encoding="utf-8"))
    counts = Counter(re.findall(r"[a-z]{9,}", yaml.safe_dump(record).lower()))
    return next(word for word, _ in counts.most_common() if word not in others)


def open_search(page) -> None:  # type: ignore[no-untyped-def]
    """Press `/` and wait for the search box to take the keys: typed at once, the first could be lost
    (Zensical's box, in a shadow root, then searched "uillwort")."""
    page.keyboard.press("/")
    page.wait_for_function("""() => { let el = document.activeElement;
        while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
        return !!el && el.tagName === "INPUT"; }""")


def search(page, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Type `query` into Material's search box with the keyboard; the results' links, in order."""
    open_search(page)
    page.keyboard.type(query, delay=20)
    page.wait_for_selector(RESULT_LINKS, timeout=10_000)
    page.wait_for_timeout(300)  # the second batch of results, if any
    return [link.get_attribute("href") for link in page.query_selector_all(RESULT_LINKS)]


def test_search_finds_a_school_by_a_word_of_its_text(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url)
    before = len(requests)
    word = distinctive_word("school-a")
    links = search(page, word)
    assert any("case-studies/school-a/" in link for link in links), (word, links)
    # Only Pagefind's pieces were fetched for the query, never a whole-site index.
    fetched = [url.removeprefix(base_url) for url in requests[before:]]
    assert any(url.startswith("pagefind/") for url in fetched), fetched
    assert not any("search_index" in url for url in fetched), fetched


def test_keyboard_opens_the_first_result(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    links = search(page, distinctive_word("school-b"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/case-studies/"), timeout=10_000)
    assert page.url.split("?")[0].split("#")[0] == links[0].split("?")[0].split("#")[0]
    assert "School B" in page.inner_text("h1")


def test_previews_are_short_and_content_ranks_before_contributing(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url)
    links = search(page, "school")
    areas = ["contributing" if "/contributing/" in link else "content" for link in links]
    assert "content" in areas
    if "contributing" in areas:
        assert "content" not in areas[areas.index("contributing"):], links
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
    assert any("case-studies/school-c/" in link for link in search(page, word))
    context.set_offline(True)
    try:
        page.reload()
        links = search(page, word)
        assert any("case-studies/school-c/" in link for link in links), links
    finally:
        context.set_offline(False)
