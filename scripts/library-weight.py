"""The case-study library's first view at N synthetic schools (issue 17's target: at most 1 MB
transferred at N = 2,000, filter updates under 50 ms).

    .venv/bin/python scripts/library-weight.py [N] [--keep DIR]

Adds N synthetic schools (benchmarks/synthetic.py) to a copy of the project, builds it with
`mkdocs build`, opens the library in headless Chromium and prints: every file the first view
loads, each gzipped at level 6 as a web server would send it, their total; and the time of a
filter update (the synchronous part, and until the next frame is painted). At N = 2,000 the
build takes several minutes.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import Generator, copy_project  # noqa: E402

TARGET_BYTES = 1_000_000
TARGET_MS = 50


def build(n: int, project: Path, url: str) -> Path:
    copy_project(project)
    generator = Generator(project / "case_studies", n)
    for index in range(n):
        generator.add("schools", index)
    out = project / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": url}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(project / "mkdocs.yml"),
                    "-d", str(out)], check=True, env=env, cwd=project)
    return out


def measure(site: Path, base: str) -> tuple[int, float, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                             args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(base + "case-studies/", timeout=300_000)
        page.wait_for_load_state("networkidle")
        urls = page.evaluate("[location.href, ...performance.getEntriesByType('resource').map(e => e.name)]")
        total = 0
        rows = []
        for url in dict.fromkeys(u.split("#")[0].split("?")[0] for u in urls):
            path = site / url.removeprefix(base)
            path = path / "index.html" if path.is_dir() else path
            if url.startswith(base) and path.is_file():
                raw = path.read_bytes()
                size = len(gzip.compress(raw, 6))
                total += size
                rows.append((size, len(raw), url.removeprefix(base) or "/"))
        for size, raw, name in sorted(rows, reverse=True):
            print(f"{size:>10,} bytes gzipped ({raw:>11,} raw)  {name}")
        times = page.evaluate("""async () => {
          const out = [];
          for (const box of [...document.querySelectorAll('form.cb-filters input[type=checkbox]')].slice(0, 12)) {
            const t = performance.now();
            box.click();
            const sync = performance.now() - t;
            await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
            out.push([sync, performance.now() - t]);
          }
          return out;
        }""")
        browser.close()
    median = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731
    return total, median([t[0] for t in times]), median([t[1] for t in times])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", nargs="?", type=int, default=2000)
    parser.add_argument("--keep", type=Path, help="build into this folder and keep it")
    args = parser.parse_args()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler)
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    with tempfile.TemporaryDirectory() as scratch:
        project = args.keep or Path(scratch) / "project"
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        site = build(args.n, project, base)
        server.RequestHandlerClass = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
        server.RequestHandlerClass.log_message = lambda *a: None  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        total, sync, frame = measure(site, base)
        server.shutdown()
    ok = total <= TARGET_BYTES
    print(f"first view of the library at N = {args.n}: {total:,} bytes compressed "
          f"({'PASS' if ok else 'FAIL'}, target {TARGET_BYTES:,})")
    print(f"filter update: {sync:.1f} ms to update the list, {frame:.1f} ms until the next frame "
          f"(target {TARGET_MS} ms; the machine's load shows in the second)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
