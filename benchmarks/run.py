"""The performance budget, measured: `make bench` (or `python -m benchmarks.run --help`).

For each size N it makes a temporary copy of the project with N synthetic records of every
kind added (see `synthetic.py`) and measures, in one run:

- validation alone: `load_library` in a fresh process (`validation.py`), median of the repeats;
- the full `mkdocs build` with the plugin, and a plain MkDocs build of the same pages written
  out as ordinary Markdown by `casebook generate` (the floor), alternating, median of the
  repeats; their ratio; the peak memory (maximum resident set) of each build;
- the rebuild under `mkdocs serve` after one YAML file changes: from the write until the
  served page shows the change;
- in headless Chromium: the time to first contentful paint of the case-study library, and
  the time a filter change takes to update it (the click's handler plus the style and layout
  it causes), reported at the largest N;
- the size of the project's own JavaScript and CSS, gzipped, as loaded by the heaviest page.

Issue 24 added, in the same alternation, a second text floor (the "glance floor": a first glance's
words, closed `<details>` left out; `floor.py` says why the fair floor keeps them) so that both
floors' ratios are printed, each run's ratio beside the median; and, at the sizes `--profile`
names, one more plugin build under cProfile (`profiling.py`): where the rest of the time goes.

It prints a table and writes every figure (with the raw samples) to
`benchmarks/results/latest.json`. Wall-clock times depend on what else the machine is doing;
CPU times (user + system of the build process and the processes it waited for) much less, so
both are reported. The plugin renders pages on every usable core (`parallel.py`): its wall
time gains from that, its CPU time does not, so the CPU ratio is the plugin's whole cost.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casebook.export import page_folder_path

from benchmarks.browser import first_render, measure_filter_update, own_assets, static_server
from benchmarks.floor import broken_links, text_floor_project
from benchmarks.profiling import report as profile_report
from benchmarks.search import measure_search, served_bytes
from benchmarks.synthetic import ROOT, copy_project, generate, touch_one

if TYPE_CHECKING:
    from casebook.library import Library

RESULTS = ROOT / "benchmarks" / "results"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

TARGETS = {
    "build_ratio_at_500": 1.15,
    "validation_500_records_s": 1.0,
    "filter_update_2000_ms": 50.0,
    "own_assets_gzip_bytes": 15 * 1024,
    "growth_exponent": 1.1,
    "text_floor_ratio": 1.25,
    "search_bytes_2000": 500 * 1024,
    "search_warm_ms": 300.0,
    "library_page_2000_bytes": 1024 * 1024,
    "edit_loop_real_s": 1.5,
    "edit_loop_500_s": 5.0,
    "broken_links": 0,
}
"""The budgets of issue 7. Build time must grow linearly: the exponent b of t ~ N^b between the
two largest sizes may be at most 1, plus 0.1 for noise."""


# --- running and timing a process ---------------------------------------------------------


@dataclass
class Run:
    wall_s: float
    cpu_s: float
    max_rss_mb: float
    worker_rss_mb: float = 0.0


def run_timed(command: list[str], cwd: Path) -> Run:
    """Run `command` to completion; its wall time, CPU time and peak memory (of that process)."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=log, stderr=log)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            log.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed:\n{log.read().decode(errors='replace')[-4000:]}")
    # ru_maxrss is in kilobytes on Linux; it includes the parent's memory at the fork (see peak.py).
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def mkdocs_build(project: Path, out: Path) -> Run:
    shutil.rmtree(out, ignore_errors=True)  # deleting the last site is not part of the build
    peak = project / "peak-kb.txt"
    run = run_timed([sys.executable, str(Path(__file__).with_name("peak.py")), str(peak), "mkdocs", "build",
                     "--strict", "--quiet", "-f", str(project / "mkdocs.yml"), "-d", str(out)], project)
    main_kb, workers_kb = (int(kb) for kb in peak.read_text().split())
    run.max_rss_mb, run.worker_rss_mb = main_kb / 1024, workers_kb / 1024
    return run


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


# --- the plain build: the same pages as ordinary Markdown, no plugin -----------------------


def plain_project(project: Path, target: Path, library: Library | None = None) -> Path:
    """The complete project `casebook generate` writes (every page as Markdown, the assets, a
    mkdocs.yml without the plugin), built by MkDocs as any other generator would build it."""
    del library  # (the generated project needs nothing beyond the project itself)
    subprocess.run([sys.executable, "-m", "casebook.cli", "generate", "--out", str(target),
                    "--config", str(project / "mkdocs.yml")], cwd=project, env=ENV, check=True,
                   capture_output=True)
    return target


def generated_pages(project: Path, plain: Path) -> list[str]:
    """The pages of the written project `plain` that the plugin generates: not the hand-written
    ones, which `casebook generate` moves (`about.md` to `about/index.md`) and which the text floor
    keeps as they are, as the plugin's build does."""
    hand_written = {page_folder_path(p.relative_to(project / "docs").as_posix())
                    for p in (project / "docs").rglob("*.md")}
    return sorted(path for path in (p.relative_to(plain / "docs").as_posix() for p in (plain / "docs").rglob("*.md"))
                  if path not in hand_written)


# --- mkdocs serve ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, test: Callable[[str], bool], timeout: float, poll: float = 0.05) -> float:
    """Seconds until the page at `url` passes `test`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = fetch(url)
        if body is not None and test(body):
            return time.perf_counter() - start
        time.sleep(poll)
    raise TimeoutError(f"{url} did not change within {timeout:.0f} s")


def serve_rebuilds(project: Path, changes: int, timeout: float, pattern: str = "syn*.yaml",
                   site_folder: Path | None = None) -> list[float]:
    """Start `mkdocs serve` as `make serve` does (scripts/serve), then change one school's YAML
    `changes` times; seconds until each change shows. `site_folder`: where MkDocs keeps the site
    it serves, instead of where `make serve` puts it (a RAM-backed folder where there is one)."""
    port = free_port()
    log_path = project / "serve.log"
    env = {**ENV, "PYTHON": sys.executable}
    if site_folder is not None:
        site_folder.mkdir(parents=True, exist_ok=True)
        env["TMPDIR"] = str(site_folder)
    else:
        env.pop("TMPDIR", None)
    with log_path.open("wb") as log:
        server = subprocess.Popen(["bash", str(ROOT / "scripts" / "serve"), "-a", f"127.0.0.1:{port}",
                                   "-f", str(project / "mkdocs.yml")], cwd=project, env=env, stdout=log, stderr=log)
        try:
            changed = touch_one(project, "start", pattern)
            url = f"http://127.0.0.1:{port}/case-studies/{changed.stem}/"
            wait_for(url, lambda body: "Marker start" in body, timeout, poll=0.5)
            times = []
            for _ in range(changes):
                marker = uuid.uuid4().hex[:12]
                time.sleep(1.0)  # let the watcher settle after the last build
                touch_one(project, marker, pattern)
                times.append(wait_for(url, lambda body, m=marker: f"Marker {m}" in body, timeout))
            return times
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


# --- one size ---------------------------------------------------------------------------------


@dataclass
class SizeResult:
    n: int
    records: int
    pages: int
    repeats: int
    validate_s: list[float] = field(default_factory=list)
    validate_cpu_s: list[float] = field(default_factory=list)
    plugin: list[Run] = field(default_factory=list)
    plain: list[Run] = field(default_factory=list)
    rebuild_s: list[float] = field(default_factory=list)
    rebuild_disk_s: list[float] = field(default_factory=list)
    """The same, with the served site on the disk the benchmark runs on."""
    first_render_ms: list[float] = field(default_factory=list)
    textfloor: list[Run] = field(default_factory=list)
    glancefloor: list[Run] = field(default_factory=list)
    """The text floor with the insides of closed `<details>` left out too (`floor.py`)."""
    profile: dict[str, Any] = field(default_factory=dict)
    plain_broken_links: int = -1
    plain_broken_examples: list[str] = field(default_factory=list)
    library_page_bytes: int = 0

    def summary(self) -> dict[str, Any]:
        plugin_wall, plain_wall = median([r.wall_s for r in self.plugin]), median([r.wall_s for r in self.plain])
        plugin_cpu, plain_cpu = median([r.cpu_s for r in self.plugin]), median([r.cpu_s for r in self.plain])
        validate, validate_cpu = median(self.validate_s), median(self.validate_cpu_s)
        return {
            "n": self.n, "records": self.records, "pages": self.pages, "repeats": self.repeats,
            "validate_s": validate, "validate_per_500_records_s": validate / self.records * 500,
            "validate_cpu_s": validate_cpu, "validate_cpu_per_500_records_s": validate_cpu / self.records * 500,
            "build_plugin_s": plugin_wall, "build_plain_s": plain_wall, "ratio_wall": plugin_wall / plain_wall,
            "build_plugin_cpu_s": plugin_cpu, "build_plain_cpu_s": plain_cpu, "ratio_cpu": plugin_cpu / plain_cpu,
            "peak_rss_plugin_mb": max((r.max_rss_mb for r in self.plugin), default=math.nan),
            "peak_rss_plain_mb": max((r.max_rss_mb for r in self.plain), default=math.nan),
            "peak_rss_render_worker_mb": max((r.worker_rss_mb for r in self.plugin), default=math.nan),
            "rebuild_s": median(self.rebuild_s),
            "rebuild_disk_s": median(self.rebuild_disk_s),
            "first_render_ms": median(self.first_render_ms),
            "build_textfloor_s": median([r.wall_s for r in self.textfloor]),
            "build_textfloor_cpu_s": median([r.cpu_s for r in self.textfloor]),
            "textfloor_ratio_wall": plugin_wall / median([r.wall_s for r in self.textfloor]),
            "textfloor_ratio_cpu": plugin_cpu / median([r.cpu_s for r in self.textfloor]),
            "textfloor_ratio_cpu_each": [round(a.cpu_s / b.cpu_s, 3) for a, b in zip(self.plugin, self.textfloor,
                                                                                   strict=False)],
            "build_glancefloor_cpu_s": median([r.cpu_s for r in self.glancefloor]),
            "glancefloor_ratio_cpu": plugin_cpu / median([r.cpu_s for r in self.glancefloor]),
            "plain_broken_links": self.plain_broken_links,
            "library_page_gzip_bytes": self.library_page_bytes,
        }


def measure_size(n: int, repeats: int, workdir: Path, args: argparse.Namespace, log: Callable[[str], None]) -> tuple[
        SizeResult, Path]:
    from casebook.library import load_library

    project = copy_project(workdir / f"n{n}" / "project")
    generate(project, n)
    library = load_library(project / "case_studies", project)
    records = sum(len(kind) for kind in library.records.values())
    plain = plain_project(project, workdir / f"n{n}" / "plain", library)
    pages = sum(1 for _ in (plain / "docs").rglob("*.md"))
    result = SizeResult(n, records, pages, repeats)
    log(f"N={n}: {records} records, {pages} pages; validating")
    timed = json.loads(subprocess.run([sys.executable, "-m", "benchmarks.validation", str(project),
                                       str(max(repeats, 3))], cwd=ROOT, env=ENV, check=True,
                                      capture_output=True, text=True).stdout)
    result.validate_s, result.validate_cpu_s = timed["wall_s"], timed["cpu_s"]
    site, plain_site = workdir / f"n{n}" / "site", workdir / f"n{n}" / "site-plain"
    floor, floor_site = None, workdir / f"n{n}" / "site-floor"
    glance, glance_site = None, workdir / f"n{n}" / "site-glance"
    generated = generated_pages(project, plain)
    for i in range(repeats):
        # Alternate the builds so that a busy spell on the machine hits them alike.
        log(f"N={n}: build {i + 1} of {repeats} (plugin, generated Markdown, text floor, glance floor)")
        result.plugin.append(mkdocs_build(project, site))
        if floor is None or glance is None:  # the text floors hold the words of the plugin's built pages
            floor = text_floor_project(plain, site, generated, workdir / f"n{n}" / "floor")
            glance = text_floor_project(plain, site, generated, workdir / f"n{n}" / "glance", closed_details=False)
        result.plain.append(mkdocs_build(plain, plain_site))
        result.textfloor.append(mkdocs_build(floor, floor_site))
        result.glancefloor.append(mkdocs_build(glance, glance_site))
    if n in args.profile:
        log(f"N={n}: the plugin's build under cProfile")
        out = workdir / f"n{n}" / "profile.json"
        subprocess.run([sys.executable, "-m", "benchmarks.profiling", str(project),
                        str(workdir / f"n{n}" / "site-prof"), str(out)], cwd=ROOT, env=ENV, check=True,
                       capture_output=True)
        result.profile = json.loads(out.read_text(encoding="utf-8"))
        shutil.rmtree(workdir / f"n{n}" / "site-prof", ignore_errors=True)
    result.plain_broken_links, result.plain_broken_examples = broken_links(plain_site)
    result.library_page_bytes = served_bytes(site, "case-studies/index.html")
    shutil.rmtree(plain_site, ignore_errors=True)
    shutil.rmtree(floor_site, ignore_errors=True)
    shutil.rmtree(glance_site, ignore_errors=True)
    if not args.no_serve:
        changes = args.changes if n <= 500 else 1  # each rebuild at N > 500 is a full build of minutes
        log(f"N={n}: {changes} rebuilds under mkdocs serve")
        result.rebuild_s = serve_rebuilds(project, changes, timeout=args.timeout)
        if n == 500:
            log(f"N={n}: {changes} rebuilds under mkdocs serve, the site on disk")
            result.rebuild_disk_s = serve_rebuilds(project, changes, timeout=args.timeout,
                                                   site_folder=workdir / f"n{n}" / "serve-on-disk")
    if not args.no_browser:
        with static_server(site) as url:
            result.first_render_ms = first_render(url + "case-studies/", 3)
    return result, site


# --- the report -------------------------------------------------------------------------------


def growth(sizes: list[dict[str, Any]], key: str) -> float:
    """The exponent b of t ~ N^b between the two largest sizes."""
    if len(sizes) < 2:
        return math.nan
    a, b = sizes[-2], sizes[-1]
    return math.log(b[key] / a[key]) / math.log(b["n"] / a["n"])


def fmt(value: float, digits: int = 2) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


def report(results: dict[str, Any]) -> str:
    rows = [("N", "records", "pages", "valid. s", "per 500", "cpu/500", "plugin s", "plain s", "ratio", "cpu ratio",
             "plugin cpu", "plain cpu", "peak MB", "worker MB", "plain MB", "rebuild s", "FCP ms")]
    for s in results["sizes"]:
        rows.append((str(s["n"]), str(s["records"]), str(s["pages"]), fmt(s["validate_s"]),
                     fmt(s["validate_per_500_records_s"]), fmt(s["validate_cpu_per_500_records_s"]),
                     fmt(s["build_plugin_s"], 1), fmt(s["build_plain_s"], 1),
                     fmt(s["ratio_wall"]), fmt(s["ratio_cpu"]), fmt(s["build_plugin_cpu_s"], 1),
                     fmt(s["build_plain_cpu_s"], 1), fmt(s["peak_rss_plugin_mb"], 0),
                     fmt(s["peak_rss_render_worker_mb"], 0), fmt(s["peak_rss_plain_mb"], 0),
                     fmt(s["rebuild_s"]), fmt(s["first_render_ms"], 0)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    floor_rows = [("N", "plugin s", "floor s", "ratio", "plugin cpu", "floor cpu", "cpu ratio", "md-floor cpu ratio",
                   "md-floor broken links", "library page gz KB")]
    for s in results["sizes"]:
        floor_rows.append((str(s["n"]), fmt(s["build_plugin_s"], 1), fmt(s["build_textfloor_s"], 1),
                           fmt(s["textfloor_ratio_wall"]), fmt(s["build_plugin_cpu_s"], 1),
                           fmt(s["build_textfloor_cpu_s"], 1), fmt(s["textfloor_ratio_cpu"]), fmt(s["ratio_cpu"]),
                           str(s["plain_broken_links"]), fmt(s["library_page_gzip_bytes"] / 1024, 0)))
    widths = [max(len(r[i]) for r in floor_rows) for i in range(len(floor_rows[0]))]
    lines += ["", "text floor (issue 17): the built pages' visible words as plain Markdown, no plugin"]
    lines += ["  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)) for row in floor_rows]
    lines += ["", "both text floors (floor.py says which is the fair one), CPU time, children counted:"]
    for s in results["sizes"]:
        each = ", ".join(fmt(x) for x in s["textfloor_ratio_cpu_each"])
        lines.append(f"  N={s['n']}: plugin {fmt(s['build_plugin_cpu_s'])} s; text floor "
                     f"{fmt(s['build_textfloor_cpu_s'])} s, ratio {fmt(s['textfloor_ratio_cpu'])} (each run: {each}); "
                     f"glance floor (closed <details> left out) {fmt(s['build_glancefloor_cpu_s'])} s, "
                     f"ratio {fmt(s['glancefloor_ratio_cpu'])}; "
                     f"medians of {s['repeats']}")
    for raw in results.get("raw", []):
        if raw.get("profile"):
            lines += ["", *profile_report(raw["profile"], raw["n"])]
    search = results.get("search")
    if search:
        lines.append(f"search at N={search['n']}: {search['bytes_before_first_results'] / 1024:.0f} KB (compressed) in "
                     f"{search['requests_before_first_results']} requests before the first results of "
                     f"'{search['query']}' ({search['first_results_ms']:.0f} ms); warm queries median "
                     f"{fmt(median(search['warm_ms']), 0)} ms to the first results, "
                     f"{fmt(median(search.get('warm_complete_ms') or [math.nan]), 0)} ms to the complete list "
                     f"(each: {', '.join(fmt(x, 0) for x in search['warm_ms'])} / "
                     f"{', '.join(fmt(x, 0) for x in search.get('warm_complete_ms', []))})")
    if results.get("edit_loop_real_s"):
        lines.append(f"edit loop on the real site: median {fmt(median(results['edit_loop_real_s']))} s "
                     f"({', '.join(fmt(x) for x in results['edit_loop_real_s'])})")
    for s in results["sizes"]:
        if s.get("rebuild_disk_s") and not math.isnan(s["rebuild_disk_s"]):
            lines.append(f"edit loop at N={s['n']}: median {fmt(s['rebuild_s'])} s as `make serve` runs it "
                         f"(served site in memory where the machine has /dev/shm), {fmt(s['rebuild_disk_s'])} s "
                         "with the served site on this machine's disk")
    f = results.get("filter") or {}
    a = results.get("assets") or {"heaviest_page": "-", "gzip_bytes": None, "files": {},
                                  "service_worker_gzip_bytes": None}
    lines += [
        "",
        (f"filter update, {f['records']} case studies: median {fmt(f['median_ms'], 1)} ms, "
         f"95th percentile {fmt(f['p95_ms'], 1)} ms over {len(f['samples_ms'])} changes "
         "(click + the style and layout it forces)") if f else "filter update: not measured",
        f"own JS+CSS on the heaviest page ({a['heaviest_page']}): {a['gzip_bytes']} bytes gzipped "
        f"({len(a['files'])} files); service worker {a['service_worker_gzip_bytes']} bytes gzipped",
        f"build growth exponent between the two largest N: wall {fmt(results['growth']['wall'])}, "
        f"cpu {fmt(results['growth']['cpu'])} (1.0 = linear)",
        "",
        "targets:",
    ]
    for name, (value, limit, ok) in results["targets"].items():
        lines.append(f"  {'PASS' if ok else 'MISS' if ok is False else ' -- '}  {name}: {fmt(value)} "
                     f"(limit {fmt(limit)})")
    lines.append(f"\nload average at start {results['machine']['load_start']}, at end {results['machine']['load_end']}"
                 f" on {results['machine']['cpus']} CPUs; medians of {results['repeats']}")
    return "\n".join(lines)


def targets(results: dict[str, Any]) -> dict[str, tuple[float | None, float, bool | None]]:
    by_n = {s["n"]: s for s in results["sizes"]}
    at500 = by_n.get(500)
    f = results.get("filter") or {}
    per500 = at500["validate_per_500_records_s"] if at500 else None
    found: dict[str, tuple[float | None, float, bool | None]] = {}

    def check(name: str, value: float | None, limit: float) -> None:
        ok = None if value is None or (isinstance(value, float) and math.isnan(value)) else value <= limit
        found[name] = (value, limit, ok)

    check("build ratio at N=500 (CPU time)", at500["ratio_cpu"] if at500 else None, TARGETS["build_ratio_at_500"])
    check("build ratio at N=500 (wall time)", at500["ratio_wall"] if at500 else None, TARGETS["build_ratio_at_500"])
    check("validation of 500 records (wall time), s", per500, TARGETS["validation_500_records_s"])
    check("validation of 500 records (CPU time), s", at500["validate_cpu_per_500_records_s"] if at500 else None,
          TARGETS["validation_500_records_s"])
    check("filter update at 2,000 records, median ms", f.get("median_ms") if f.get("records", 0) >= 2000 else None,
          TARGETS["filter_update_2000_ms"])
    check("own JS+CSS gzipped, bytes", (results.get("assets") or {}).get("gzip_bytes"),
          TARGETS["own_assets_gzip_bytes"])
    check("build growth exponent (CPU time)", results["growth"]["cpu"], TARGETS["growth_exponent"])
    for n in (100, 500):
        size = by_n.get(n)
        check(f"plugin build / text floor at N={n} (CPU time)", size["textfloor_ratio_cpu"] if size else None,
              TARGETS["text_floor_ratio"])
    largest = results["sizes"][-1] if results["sizes"] else None
    check(f"generated-Markdown floor: broken links at N={largest['n'] if largest else '-'}",
          float(largest["plain_broken_links"]) if largest else None, TARGETS["broken_links"])
    search = results.get("search") or {}
    check(f"search: KB before first results at N={search.get('n', '-')} (target at N=2,000)",
          search["bytes_before_first_results"] / 1024 if search else None, TARGETS["search_bytes_2000"] / 1024)
    check("search: results once loaded, median ms", median(search.get("warm_ms", [])) if search else None,
          TARGETS["search_warm_ms"])
    library = by_n.get(2000) or largest
    check(f"library page at N={library['n'] if library else '-'}, KB gzipped (target at N=2,000)",
          library["library_page_gzip_bytes"] / 1024 if library else None, TARGETS["library_page_2000_bytes"] / 1024)
    check("edit loop, real site, median s", median(results.get("edit_loop_real_s") or []),
          TARGETS["edit_loop_real_s"])
    check("edit loop at N=500, as `make serve` runs it, median s", at500["rebuild_s"] if at500 else None,
          TARGETS["edit_loop_500_s"])
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,500,2000", help="values of N, comma-separated")
    parser.add_argument("--repeats", type=int, default=3, help="repeats of each build at N <= 500 (default 3)")
    parser.add_argument("--large-repeats", type=int, default=1, help="repeats of each build at N > 500 (default 1)")
    parser.add_argument("--changes", type=int, default=3, help="YAML changes timed under mkdocs serve (default 3)")
    parser.add_argument("--filter-runs", type=int, default=40, help="filter changes timed in Chromium")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds to wait for one build under serve")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve rebuilds")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurements")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json", help="where to write the figures")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects and sites")
    parser.add_argument("--profile", default="100,500",
                        help="values of N at which one more plugin build runs under cProfile (default 100,500; "
                             "'' for none)")
    args = parser.parse_args(argv)
    sizes = sorted(int(n) for n in args.sizes.split(","))
    args.profile = {int(n) for n in args.profile.split(",") if n.strip()}

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    workdir = Path(tempfile.mkdtemp(prefix="casebook-bench-"))
    results: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_start": [round(x, 2) for x in os.getloadavg()]},
        "repeats": f"{args.repeats} at N <= 500, {args.large_repeats} above",
        "sizes": [], "raw": [],
    }
    try:
        site = None
        for n in sizes:
            repeats = args.repeats if n <= 500 else args.large_repeats
            result, site = measure_size(n, repeats, workdir, args, log)
            results["sizes"].append(result.summary())
            results["raw"].append({**asdict(result)})
            # Saved after each size too, so that a long run cut short still leaves its figures.
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps({**results, "complete": False}, indent=2, default=str), encoding="utf-8")
            if n == sizes[0] and not args.no_browser:
                results["assets"] = own_assets(site)
            if n != sizes[-1] and not args.keep:
                shutil.rmtree(workdir / f"n{n}", ignore_errors=True)
        if site is not None and not args.no_browser:
            log(f"N={sizes[-1]}: filter changes in Chromium")
            with static_server(site) as url:
                samples = measure_filter_update(url + "case-studies/", args.filter_runs)
            records = results["sizes"][-1]["records"]
            content = workdir / f"n{sizes[-1]}" / "project" / "case_studies"
            schools = sum(1 for _ in (content / "schools").glob("*.yaml"))
            ordered = sorted(samples)
            results["filter"] = {
                "records": schools, "all_records": records, "samples_ms": samples,
                "median_ms": median(samples),
                "p95_ms": ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)] if ordered else math.nan,
            }
        if site is not None and not args.no_browser:
            log(f"N={sizes[-1]}: search in Chromium")
            results["search"] = {"n": sizes[-1], **measure_search(site, "governors", ["leadership", "parents",
                                                                                  "funding", "coaching", "vision"])}
        if not args.no_serve:
            log("the real site: changes under mkdocs serve")
            real = copy_project(workdir / "real" / "project")
            results["edit_loop_real_s"] = serve_rebuilds(real, args.changes, timeout=args.timeout,
                                                         pattern="school-a.yaml")
        results["growth"] = {"wall": growth(results["sizes"], "build_plugin_s"),
                             "cpu": growth(results["sizes"], "build_plugin_cpu_s")}
        results["machine"]["load_end"] = [round(x, 2) for x in os.getloadavg()]
        results["targets"] = targets(results)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            log(f"kept {workdir}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    print(report(results))
    print(f"\nfigures written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
