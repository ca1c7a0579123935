"""Outside checks of the built site on every page type (issue 27): Lighthouse and the Nu HTML Checker.

    python -m benchmarks.audit                 every page type, mobile and desktop
    python -m benchmarks.audit --pages home,then-and-now --forms mobile

Not a timed test: it prints, for each page type and form factor, Lighthouse's four scores
(performance, accessibility, best practices, SEO), LCP, CLS and TBT, and then the Nu HTML
Checker's errors over the same pages, grouped by message with a count and the pages they occur on.
Targets (issue 27): CLS <= 0.1 and accessibility 100 on every page type, no checker error from the
project's own markup.

The tools are installed by this script into build/audit-tools/ (git-ignored) on first use: npm
`lighthouse` (12.x) and `vnu-jar`, with npm; the checker needs Java (Debian's default-jre-headless,
installed with apt-get when missing and running as root). Lighthouse drives /usr/bin/chromium
(CHROME_PATH). The site is built once, for the address it is served at, and served on localhost.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from tests.conftest import build_site, serve

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "build" / "audit-tools"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")

PAGE_TYPES = {
    "home": "",
    "route": "start/study/",
    "case-study-library": "case-studies/",
    "case-study": "case-studies/school-a/",
    "guidance-library": "guidance/",
    "guidance": "guidance/vision-and-strategy/",
    "cpd-library": "cpd/",
    "cpd-model": "cpd/instructional-coaching/",
    "role": "roles/technology-leader/",
    "findings": "findings/ncsl-2007/",
    "then-and-now": "then-and-now/",
    "standard": "standards/digital-leadership-and-governance/",
    "self-check-hub": "self-checks/",
    "self-check": "self-checks/headteacher-appendix-1/",
    "action-plan": "self-checks/action-plan/",
    "add-your-school": "contributing/add-your-school/",
    "about": "about/",
    "glossary": "glossary/",
}
"""One page of each type the site has, by name."""

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def install() -> tuple[Path, Path]:
    """Lighthouse's command and the checker's jar, installed into TOOLS on first use."""
    lighthouse = TOOLS / "node_modules" / ".bin" / "lighthouse"
    vnu = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not lighthouse.exists() or not vnu.exists():
        TOOLS.mkdir(parents=True, exist_ok=True)
        print(f"audit: installing lighthouse@12 and vnu-jar into {TOOLS.relative_to(ROOT)}/", file=sys.stderr)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(TOOLS),
                        "lighthouse@12", "vnu-jar"], check=True)
    if shutil.which("java") is None:
        if os.geteuid() == 0 and shutil.which("apt-get"):
            subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "default-jre-headless"], check=True)
        else:
            raise SystemExit("audit: the Nu HTML Checker needs Java: apt-get install default-jre-headless")
    return lighthouse, vnu


def lighthouse_run(command: Path, url: str, form: str, out: Path) -> dict[str, float]:
    """One Lighthouse run: the four scores (0-100), LCP and TBT in ms, CLS, and the accessibility audits failed."""
    args = [str(command), url, "--output=json", f"--output-path={out}", "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            f"--only-categories={','.join(CATEGORIES)}"]
    if form == "desktop":
        args.append("--preset=desktop")
    subprocess.run(args, check=True, env={**os.environ, "CHROME_PATH": CHROME}, capture_output=True)
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    audits = report["audits"]
    failed = [ref["id"] for ref in report["categories"]["accessibility"]["auditRefs"]
              if ref.get("weight") and audits[ref["id"]].get("score") not in (None, 1)]
    return {**scores, "lcp": audits["largest-contentful-paint"]["numericValue"],
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "tbt": audits["total-blocking-time"]["numericValue"], "failed": failed}  # type: ignore[dict-item]


def checker_run(jar: Path, site: Path, pages: dict[str, str]) -> dict[str, list[str]]:
    """The checker's errors over the pages' HTML: message -> the page types it occurs on (once a page)."""
    files = {str(site / path / "index.html"): name for name, path in pages.items()}
    result = subprocess.run(["java", "-jar", str(jar), "--format", "json", "--errors-only", *files],
                            capture_output=True, text=True, check=False)
    found: dict[str, list[str]] = defaultdict(list)
    for message in json.loads(result.stderr or "{}").get("messages", []):
        page = files.get(message.get("url", "").removeprefix("file:"), "?")
        found[message["message"]].append(page)
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", help="page types, comma-separated (default: every type)")
    parser.add_argument("--forms", default="mobile,desktop", help="mobile, desktop or both")
    args = parser.parse_args(argv)
    pages = {n: PAGE_TYPES[n] for n in (args.pages.split(",") if args.pages else PAGE_TYPES)}
    lighthouse, vnu = install()
    with tempfile.TemporaryDirectory(prefix="casebook-audit-") as scratch:
        site = Path(scratch) / "site"
        site.mkdir()
        url, server = serve(site)
        built = build_site(ROOT, site, site_url=url)
        if built.returncode != 0:
            print(built.stdout, built.stderr, file=sys.stderr)
            return 1
        heads = " ".join(f"{h:>4}" for h in ("perf", "a11y", "bp", "seo"))
        print(f"{'page type':20} {'form':8} {heads} {'LCP ms':>7} {'CLS':>6} {'TBT ms':>7}")
        worst_cls, imperfect = 0.0, []
        for form in args.forms.split(","):
            for name, path in pages.items():
                r = lighthouse_run(lighthouse, url + path, form, Path(scratch) / f"{name}-{form}.json")
                worst_cls = max(worst_cls, r["cls"])
                if r["accessibility"] < 100:
                    imperfect.append(f"{name} ({form}: {', '.join(r['failed'])})")  # type: ignore[arg-type]
                print(f"{name:20} {form:8} {r['performance']:>4} {r['accessibility']:>4} {r['best-practices']:>4} "
                      f"{r['seo']:>4} {r['lcp']:>7.0f} {r['cls']:>6.3f} {r['tbt']:>7.0f}", flush=True)
        print(f"\nworst CLS {worst_cls:.3f} (target <= 0.1); accessibility below 100: {', '.join(imperfect) or 'none'}")
        errors = checker_run(vnu, site, pages)
        total = sum(len(v) for v in errors.values())
        print(f"\nNu HTML Checker: {total} errors, {len(errors)} distinct messages, over {len(pages)} pages")
        for message, where in sorted(errors.items(), key=lambda kv: -len(kv[1])):
            shown = ", ".join(sorted(set(where)))
            print(f"{len(where):5}  {message[:150]}\n       on: {shown[:200]}")
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
