"""Run a module as `python -m` would, and write its peak memory (kB) to a file at exit.

`python benchmarks/peak.py OUT mkdocs build ...`: used by `run.py` for the builds. OUT gets two
numbers: this process's peak, and the largest peak of the processes it made and waited for
(the plugin's rendering workers, which share most of their memory with this one). A child made
by fork and exec from a large parent (the benchmark holds a loaded library) has an `ru_maxrss`
that counts the parent's memory at the fork; VmHWM counts the new program's memory only.
"""

from __future__ import annotations

import atexit
import os
import runpy
import sys
from pathlib import Path


def _report(out: str) -> None:
    import resource

    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    try:
        status = Path("/proc/self/status").read_text()
        kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    Path(out).write_text(f"{kb} {workers}")


if __name__ == "__main__":
    out, module, *args = sys.argv[1:]
    atexit.register(_report, out)
    sys.path[0] = os.getcwd()  # as `python -m`, not this script's folder
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
