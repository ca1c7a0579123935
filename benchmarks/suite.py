"""How long the contributor's check and the whole suite take: `make time-suite`, or
`python -m benchmarks.suite [--clone] [--only check|test] [--runs N] [--test-runs N]`.

Runs `make check` (three times by default) and then `make test` (once by default: it takes
minutes) and reports each run's wall time and CPU time (user + system of make and every process
it waited for: pytest, its workers, the builds, Chromium), then the median of each. The targets
(issue 24): `make check` under 90 s and `make test` at most 12 minutes on the two-core machine,
run alone. Wall time means little on a busy machine, so the load average before each run is
written beside it, and so is the CPU time: on an idle machine with C cores a run whose work
spreads over them takes CPU / C seconds at best, which gives `quiet_best_s`.

With `--clone` it times a fresh clone of HEAD (the project's virtual environment is used as it
is: `make -o .venv/.installed` keeps make from installing into it again, and `PYTHONPATH` puts the
clone's own `plugins/` before the editable install of this tree). The figures go to
benchmarks/results/suite.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS_S = {"check": 90.0, "test": 12 * 60.0}


def timed(target: str, where: Path) -> dict[str, object]:
    """One run of `make TARGET` in `where`, with its wall and CPU time."""
    venv = ROOT / ".venv"
    env = {**os.environ}
    if where != ROOT:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(where / "plugins"), env.get("PYTHONPATH")]))
    command = ["make", "-o", f"{venv}/.installed", f"VENV={venv}", target]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=where, env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"target": target, "status": result.returncode, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
            "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2)}


def summary(target: str, runs: list[dict[str, object]]) -> dict[str, object]:
    """The median of a target's runs, and whether it is within its limit (every run passing)."""
    cores = os.cpu_count() or 1
    wall = statistics.median(float(r["wall_s"]) for r in runs)  # type: ignore[arg-type]
    cpu = statistics.median(float(r["cpu_s"]) for r in runs)  # type: ignore[arg-type]
    passed = all(r["status"] == 0 for r in runs)
    return {"target": target, "runs": len(runs), "passed": passed, "median_wall_s": round(wall, 1),
            "median_cpu_s": round(cpu, 1), "cores": cores, "quiet_best_s": round(cpu / cores, 1),
            "limit_s": TARGETS_S[target], "within": passed and wall <= TARGETS_S[target]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clone", action="store_true", help="time a fresh clone of HEAD, not this tree")
    parser.add_argument("--only", choices=sorted(TARGETS_S), help="time one target")
    parser.add_argument("--runs", type=int, default=3, help="runs of `make check` (default 3)")
    parser.add_argument("--test-runs", type=int, default=1, help="runs of `make test` (default 1)")
    args = parser.parse_args()
    counts = {"check": args.runs, "test": args.test_runs}
    targets = [args.only] if args.only else ["check", "test"]
    runs: dict[str, list[dict[str, object]]] = {}
    with tempfile.TemporaryDirectory(prefix="casebook-suite-") as scratch:
        where = ROOT
        if args.clone:
            where = Path(scratch) / "clone"
            subprocess.run(["git", "clone", "--quiet", str(ROOT), str(where)], check=True)
        for target in targets:
            runs[target] = []
            for number in range(1, max(1, counts[target]) + 1):
                run = timed(target, where)
                runs[target].append(run)
                print(f"make {target:<6} run {number}: {run['wall_s']:>7.1f} s wall  {run['cpu_s']:>7.1f} s CPU  "
                      f"(load {run['load_before']} -> {run['load_after']}, exit {run['status']})", flush=True)
    summaries = [summary(target, target_runs) for target, target_runs in runs.items()]
    for s in summaries:
        verdict = "PASS" if s["within"] else "MISS"
        print(f"make {s['target']:<6} median of {s['runs']}: {s['median_wall_s']:>7.1f} s wall  "
              f"{s['median_cpu_s']:>7.1f} s CPU  (at best {s['quiet_best_s']} s on {s['cores']} idle cores; "
              f"limit {s['limit_s']:.0f} s)  {verdict}")
    out = ROOT / "benchmarks" / "results" / "suite.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"clone": args.clone, "summaries": summaries, "runs": runs}, indent=2) + "\n",
                   encoding="utf-8")
    return 0 if all(s["within"] for s in summaries) else 1


if __name__ == "__main__":
    sys.exit(main())
