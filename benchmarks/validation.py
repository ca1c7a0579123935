"""Time validation alone, in a fresh process: `python -m benchmarks.validation PROJECT REPEATS`.

Loads (reads, parses, validates and cross-checks) every content file of PROJECT's
`case_studies/` REPEATS times, after one untimed load that imports what it needs, and prints
the wall and CPU seconds of each as JSON. A fresh process is what `casebook validate` and a
build start from; the benchmark's own process has been making projects and sites for minutes.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from casebook.library import load_library


def main(argv: list[str]) -> None:
    project, repeats = Path(argv[0]), int(argv[1])
    library = load_library(project / "case_studies", project)
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        load_library(project / "case_studies", project)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    records = sum(len(kind) for kind in library.records.values())
    print(json.dumps({"records": records, "wall_s": wall, "cpu_s": cpu}))


if __name__ == "__main__":
    main(sys.argv[1:])
