"""What the benchmarks measure in headless Chromium (Debian's, at `/usr/bin/chromium`).

- `measure_filter_update`: the time a filter change takes on a library page;
- `first_render`: the time to first contentful paint of a page, from a cold cache;
- `own_assets`: the project's own JavaScript and CSS each page type loads, gzipped.

`static_server` serves a built site on localhost for them.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Each filter change calls history.replaceState; Chromium drops such calls past ~200 in 10 s.
    "--disable-ipc-flooding-protection",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def static_server(directory: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# Tick a box, then untick it (both are filter changes), cycling through every box of the
# panel so that each facet is exercised. Each run starts after a frame and a task, so the
# browser has settled; the time covers the handler and the style and layout it causes.
_MEASURE_JS = """
async (runs) => {
  const boxes = [...document.querySelectorAll(".cb-library form.cb-filters input[type=checkbox]")];
  if (!boxes.length) throw new Error("no filter boxes on this page");
  const settle = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const times = [];
  for (let i = 0; i < runs; i++) {
    const box = boxes[Math.floor(i / 2) * 7 % boxes.length];
    await settle();
    const start = performance.now();
    box.click();
    document.body.offsetHeight;
    times.push(performance.now() - start);
  }
  return times;
}
"""


def measure_filter_update(page_url: str, runs: int) -> list[float]:
    """Milliseconds each of `runs` filter changes takes on the library page at `page_url`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(page_url, wait_until="load")
            page.wait_for_selector(".cb-library form.cb-filters:not([hidden])")
            return [float(t) for t in page.evaluate(_MEASURE_JS, runs)]
        finally:
            browser.close()


def first_render(page_url: str, runs: int) -> list[float]:
    """Milliseconds to first contentful paint of `page_url`, each in a fresh profile (cold cache)."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                context = browser.new_context(service_workers="block")
                page = context.new_page()
                page.goto(page_url, wait_until="load")
                fcp = page.evaluate("""() => new Promise((resolve) => {
                  const seen = performance.getEntriesByName("first-contentful-paint");
                  if (seen.length) return resolve(seen[0].startTime);
                  new PerformanceObserver((list) => resolve(list.getEntries()[0].startTime))
                    .observe({type: "paint", buffered: true});
                })""")
                times.append(float(fcp))
                context.close()
        finally:
            browser.close()
    return times


PAGE_TYPES = [
    "", "case-studies/?setting=rural", "case-studies/school-a/", "guidance/", "guidance/funding-and-procurement/",
    "cpd/", "cpd/journal-clubs/", "roles/technology-leader/", "findings/ncsl-2007/", "self-checks/",
    "self-checks/headteacher-appendix-1/", "self-checks/action-plan/", "glossary/", "sources/", "contributing/",
]
"""One page of every type: the pages whose loaded scripts and styles are weighed."""


def own_assets(site: Path) -> dict[str, Any]:
    """The project's own scripts and stylesheets as each page type loads them in Chromium (imports,
    dynamic ones included), gzipped; the heaviest page's total. The service worker is not part of
    a page's load and is reported on its own."""
    from playwright.sync_api import sync_playwright

    def gz(path: Path) -> int:
        return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))

    per_page: dict[str, dict[str, int]] = {}
    with static_server(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for path in PAGE_TYPES:
                context = browser.new_context(service_workers="block")
                page = context.new_page()
                loaded: set[str] = set()
                page.on("requestfinished", lambda request, seen=loaded: seen.add(request.url))
                page.goto(url + path, wait_until="networkidle")
                context.close()
                own = sorted({u.split("?")[0][len(url):] for u in loaded if "/assets/casebook/" in u})
                per_page[path or "(home)"] = {name: gz(site / name) for name in own}
        finally:
            browser.close()
    heaviest = max(per_page, key=lambda p: sum(per_page[p].values()))
    worker = site / "sw.js"
    return {
        "heaviest_page": heaviest,
        "gzip_bytes": sum(per_page[heaviest].values()),
        "files": per_page[heaviest],
        "per_page_gzip_bytes": {p: sum(files.values()) for p, files in per_page.items()},
        "service_worker_gzip_bytes": gz(worker) if worker.exists() else None,
    }
