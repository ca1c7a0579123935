"""How fast the case-study library filters at scale: `python -m benchmarks.filters`.

For each N (1,000 and 2,000 by default) it copies the project, adds N synthetic case
studies (made by `benchmarks.synthetic` from the real ones), runs a real
`mkdocs build --strict`, serves the site on localhost and, in headless Chromium, times
filter changes on the case-study library: from the click on a checkbox until the list,
the counts and the status have been updated and the browser has done the style and
layout work that causes (forced by reading `offsetHeight`). The update is synchronous,
so nothing is left for a later frame. It prints the median and 95th percentile per N and
writes every sample to `benchmarks/results/filters.json`.

The measurement itself, `measure_filter_update`, lives in `browser.py` and is shared with
the project's benchmark run (`benchmarks/run.py`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.browser import CHROMIUM, measure_filter_update, static_server
from benchmarks.synthetic import ROOT, Generator, copy_project

RESULTS = ROOT / "benchmarks" / "results"


def add_schools(project: Path, n: int, seed: int = 7) -> None:
    """N synthetic case studies in `project`'s content (schools only: the filters need no others)."""
    generator = Generator(project / "case_studies", n, seed)
    for index in range(n):
        generator.add("schools", index)


def build_synthetic_site(n: int, out: Path, work: Path) -> float:
    """Build the site with N synthetic case studies into `out` (project copy in `work`); seconds taken."""
    project = copy_project(work)
    add_schools(project, n)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )
    if result.returncode:
        raise RuntimeError(f"the synthetic build failed:\n{result.stderr}")
    return time.perf_counter() - start


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000], help="synthetic case studies")
    parser.add_argument("--runs", type=int, default=100, help="filter changes timed per size")
    args = parser.parse_args(argv)

    rows = []
    for n in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"cb-filters-{n}-") as tmp:
            site = Path(tmp) / "site"
            print(f"N={n}: building the site ...", file=sys.stderr, flush=True)
            build_s = build_synthetic_site(n, site, Path(tmp) / "project")
            with static_server(site) as url:
                print(f"N={n}: timing {args.runs} filter changes ...", file=sys.stderr, flush=True)
                samples = measure_filter_update(url + "case-studies/", args.runs)
                load = os.getloadavg()[0]  # wall-clock figures depend on what else the machine runs
        rows.append({
            "records": n + len(list((ROOT / "case_studies" / "schools").glob("*.yaml"))),
            "synthetic": n,
            "runs": len(samples),
            "median_ms": statistics.median(samples),
            "p95_ms": percentile(samples, 95),
            "max_ms": max(samples),
            "build_s": build_s,
            "load_average_1min": load,
            "cpus": os.cpu_count(),
            "samples_ms": samples,
        })

    print(f"{'case studies':>12}  {'median ms':>9}  {'p95 ms':>7}  {'max ms':>7}  {'runs':>4}  {'build s':>7}  load")
    for row in rows:
        print(f"{row['records']:>12}  {row['median_ms']:>9.1f}  {row['p95_ms']:>7.1f}  {row['max_ms']:>7.1f}"
              f"  {row['runs']:>4}  {row['build_s']:>7.1f}  {row['load_average_1min']:.1f}/{row['cpus']} CPUs")
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = {
        "what": "filter change on the case-study library: click handler + forced style and layout, ms",
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": platform.platform(),
        "chromium": CHROMIUM,
        "sizes": rows,
    }
    (RESULTS / "filters.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"written to {(RESULTS / 'filters.json').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
