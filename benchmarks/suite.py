"""How long the contributor's check and the whole suite take: `make time-suite`, or
`python -m benchmarks.suite [--clone] [--only check|test]`.

Runs `make check` and then `make test` and reports, for each, the wall time and the CPU time
(user + system of make and every process it waited for: pytest, its workers, the builds,
Chromium). The targets (issue 24): `make check` under 90 s and `make test` at most 12 minutes on
the two-core machine, run alone. With `--clone` it times a fresh clone of HEAD (the project's
virtual environment is used as it is: `make -o .venv/.installed` keeps make from installing into
it again). The figures go to benchmarks/results/suite.json; wall times mean little on a busy
machine, so the load average before each run is written beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS_S = {"check": 90.0, "test": 12 * 60.0}


def timed(target: str, where: Path) -> dict[str, object]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    start = time.perf_counter()
    venv = ROOT / ".venv"
    command = ["make", "-o", f"{venv}/.installed", f"VENV={venv}", target]
    result = subprocess.run(command, cwd=where, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"target": target, "status": result.returncode, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
            "load_before": round(load, 2), "cores": os.cpu_count(), "limit_s": TARGETS_S[target],
            "within": result.returncode == 0 and wall <= TARGETS_S[target]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clone", action="store_true", help="time a fresh clone of HEAD, not this tree")
    parser.add_argument("--only", choices=sorted(TARGETS_S), help="time one target")
    args = parser.parse_args()
    targets = [args.only] if args.only else ["check", "test"]
    with tempfile.TemporaryDirectory(prefix="casebook-suite-") as scratch:
        where = ROOT
        if args.clone:
            where = Path(scratch) / "clone"
            subprocess.run(["git", "clone", "--quiet", str(ROOT), str(where)], check=True)
        runs = [timed(target, where) for target in targets]
    for run in runs:
        verdict = "PASS" if run["within"] else "MISS"
        print(f"make {run['target']:<6} {run['wall_s']:>7.1f} s wall  {run['cpu_s']:>7.1f} s CPU  "
              f"(limit {run['limit_s']:.0f} s, load before {run['load_before']}, exit {run['status']})  {verdict}")
    out = ROOT / "benchmarks" / "results" / "suite.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"clone": args.clone, "runs": runs}, indent=2) + "\n", encoding="utf-8")
    return 0 if all(run["within"] for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
