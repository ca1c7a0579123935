"""What a reader's first search costs, measured in headless Chromium on a built site.

`first_query` opens the home page, types a word into Material's search box and records every
request made from the first keystroke until the first results are shown: their bytes as
served compressed (each file gzipped here as a server would; Pagefind's index files are
compressed already and count as they are), and the time. `warm_query` then types other
words with everything loaded and times each until its results are shown, and until the list is
complete: results come in steps (pages found by their headline, then by their full text, a
batch at a time), so the time of the list's last change, once it has been still for a while.
"""

from __future__ import annotations

import gzip
import time
from pathlib import Path
from typing import Any

from benchmarks.browser import static_server

RESULTS = ".md-search-result__item"
CHROMIUM = "/usr/bin/chromium"
STILL_MS = 2000
"""A results list unchanged for this long is taken as complete."""


def served_bytes(site: Path, path: str) -> int:
    """Bytes of one file as a server sends it: gzipped, unless it is compressed already."""
    file = site / path
    if file.is_dir():
        file = file / "index.html"
    if not file.is_file():
        return 0
    data = file.read_bytes()
    if file.suffix in (".pf_meta", ".pf_index", ".pf_filter", ".pf_fragment", ".pagefind") or data[:2] == b"\x1f\x8b":
        return len(data)
    return len(gzip.compress(data, 6))


def measure_search(site: Path, first: str, others: list[str]) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with static_server(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(url)
            page.wait_for_load_state("networkidle")
            before = len(requests)
            page.keyboard.press("/")
            start = time.perf_counter()
            page.keyboard.type(first)
            page.wait_for_selector(RESULTS, timeout=60_000)
            first_ms = (time.perf_counter() - start) * 1000
            fetched = [r.removeprefix(url).split("?")[0] for r in requests[before:] if r.startswith(url)]
            warm, complete = [], []
            # The time (page clock) of the last change to the results list.
            page.evaluate("""() => { window.cbChanged = performance.now();
                new MutationObserver(() => { window.cbChanged = performance.now(); })
                  .observe(document.querySelector('.md-search-result'), { childList: true, subtree: true }); }""")
            for word in others:
                # Material's links carry the query (`?h=word`, search.highlight): the results of
                # this word are in when the first link carries it.
                page.keyboard.press("Control+A")
                start = time.perf_counter()
                typed = page.evaluate("performance.now()")
                page.keyboard.type(word)  # Material answers key presses, not a filled-in value
                page.wait_for_function(
                    "word => (document.querySelector('.md-search-result__link') || {}).href?.includes('h=' + word)",
                    arg=word, timeout=30_000, polling="raf")
                warm.append((time.perf_counter() - start) * 1000)
                page.wait_for_function(f"performance.now() - window.cbChanged > {STILL_MS}", timeout=60_000)
                complete.append(page.evaluate("window.cbChanged") - typed)
        finally:
            browser.close()
    return {
        "query": first,
        "first_results_ms": first_ms,
        "bytes_before_first_results": sum(served_bytes(site, path) for path in fetched),
        "requests_before_first_results": len(fetched),
        "files": fetched,
        "warm_ms": warm,
        "warm_complete_ms": complete,
    }
