"""Where a plugin build's time goes: `python -m benchmarks.profiling PROJECT SITE OUT [TOP]`.

Runs `mkdocs build --strict` of PROJECT in this process under cProfile, with the plugin's
`processes: 1` (forked workers would take their share of the work out of the profile), and writes
to OUT (JSON) the build's CPU time, the CPU time of the processes it waited for (Pagefind, which
cProfile cannot see into), the TOP functions by own time and the plugin's main steps by
cumulative time, all in CPU seconds of this process. cProfile slows pure-Python code more than
code in C, so its seconds are larger than the unprofiled build's; the shares are what it is for.
"""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import resource
import sys
import time
from pathlib import Path
from typing import Any

STEPS = {
    "casebook/plugin.py:on_files": "plugin: load the content and render every page (on_files)",
    "casebook/library.py:load_library": "  of which: load and validate the content",
    "casebook/render/pages.py:render": "  of which: render pages (Jinja, search terms, HTML)",
    "casebook/render/searchterms.py:of": "    of which: search terms",
    "casebook/render/html.py:to_html": "    of which: headings and blocks to HTML",
    "mkdocs/commands/build.py:_build_page": "MkDocs: write every page (Material's templates)",
    "casebook/search.py:mark_page": "  of which: plugin's Pagefind attributes",
    "casebook/search.py:build_index": "plugin: the Pagefind indexes (this process's part; Pagefind's is below)",
    "casebook/offline.py:write_manifest": "plugin: the offline manifest",
}
"""The plugin's main steps, by `path:function` (path relative to site-packages or plugins/)."""


def _name(key: tuple[str, int, str]) -> str:
    path, line, function = key
    for marker in ("site-packages/", "plugins/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{path}:{line}({function})" if line else function


def profile_build(project: Path, site: Path, top: int = 15) -> dict[str, Any]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
    config.plugins["casebook"].config.processes = 1
    profiler = cProfile.Profile(time.process_time)  # CPU time: the machine may be busy with other work
    before = resource.getrusage(resource.RUSAGE_SELF)
    profiler.enable()
    build(config)
    profiler.disable()
    after, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    stats = pstats.Stats(profiler)
    entries = stats.stats  # type: ignore[attr-defined]
    total = max(cumulative for _, _, _, cumulative, _ in entries.values())
    own = sorted(entries.items(), key=lambda item: -item[1][2])[:top]
    steps = []
    for wanted, label in STEPS.items():
        path, function = wanted.split(":")
        found = [value[3] for key, value in entries.items() if key[0].endswith(path) and key[2] == function]
        if found:
            steps.append({"step": label, "cumulative_s": round(max(found), 3)})
    return {
        "cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 3),
        "children_cpu_s": round(children.ru_utime + children.ru_stime, 3),
        "profiled_s": round(total, 3),
        "steps": steps,
        "top_own_time": [{"function": _name(key), "calls": value[1], "own_s": round(value[2], 3),
                          "cumulative_s": round(value[3], 3)} for key, value in own],
    }


def report(profile: dict[str, Any], n: int) -> list[str]:
    lines = [f"where the plugin's build goes at N={n} (cProfile, one process; its seconds are inflated, "
             f"the shares are the point): {profile['cpu_s']:.1f} s CPU in the build's process "
             f"({profile['profiled_s']:.1f} s profiled), {profile['children_cpu_s']:.1f} s CPU in Pagefind"]
    lines += [f"  {step['cumulative_s']:7.2f} s  {step['step']}" for step in profile["steps"]]
    lines.append("  top functions by own time:")
    lines += [f"  {entry['own_s']:7.2f} s own {entry['cumulative_s']:7.2f} s cum {entry['calls']:>8}  "
              f"{entry['function']}" for entry in profile["top_own_time"]]
    return lines


if __name__ == "__main__":
    project, site, out, *rest = sys.argv[1:]
    figures = profile_build(Path(project), Path(site), int(rest[0]) if rest else 15)
    Path(out).write_text(json.dumps(figures, indent=2), encoding="utf-8")
