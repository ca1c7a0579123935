"""A hostile contributor's file, timed with real builds: `python -m benchmarks.hostile [--repeats N]`.

Issue 23 (finding 5): one school file of 256 KB holds about twelve Markdown fields, and a few shapes
of text made Python-Markdown take minutes over them. `markup.budget_problem` now refuses those
shapes at their line. This measures what a hostile file still costs, building (`mkdocs build
--strict`, the plugin) three copies of the project, alternating, median of the repeats:

- `normal`: the project as it is;
- `accepted`: with one more school file of 256 KB, every Markdown field of it filled with the text
  the budgets accept that costs Python-Markdown the most (measured here first, family by family);
- `refused`: with one more school file of 256 KB holding the issue's texts (20,000 `[`, `![` x
  10,000, `[a][` x 5,000, `[a](` x 5,000 ...): the build stops at validation, naming each field.

The target: `accepted` costs at most twice `normal` (CPU time: wall time depends on what else the
machine is doing). It prints the figures and writes them to `benchmarks/results/hostile.json`.
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from casebook.loader import MAX_FILE_BYTES
from casebook.markup import Markdown, budget_problem
from casebook.schema import School
from casebook.schema.walk import strings

from benchmarks.synthetic import ROOT, copy_project

RESULTS = ROOT / "benchmarks" / "results"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
FIELD = 20_000
"""The longest text a Markdown field holds (`schema.common.Text`)."""
TARGET = 2.0

_PROSE = "The school serves a wide rural area and its leaders plan carefully. "


def _fill(unit: str, size: int = FIELD) -> str:
    return (unit * (size // len(unit) + 1))[:size].strip()


def _dense(unit: str, marks: int) -> str:
    """`unit` (holding `marks` marks) padded with prose to the densest the budget allows: one mark in 20."""
    return _fill(unit + (_PROSE * 8)[: 20 * marks - len(unit)])


ACCEPTED: dict[str, Callable[[], str]] = {
    "emphasis `_a_`, one mark in 20 characters": lambda: _dense("_a_ ", 2),
    "emphasis `*a*`, one mark in 20 characters": lambda: _dense("*a* ", 2),
    "strong `**a**`, one mark in 20 characters": lambda: _dense("**a** ", 4),
    "code `` `a` ``, one mark in 20 characters": lambda: _dense("`a` ", 2),
    "links `[a](b)`, one mark in 20 characters": lambda: _dense("[a](b) ", 1),
    "nested emphasis `*_*_`, one mark in 20 characters": lambda: _dense("*_" * 5 + "a" + "_*" * 5 + " ", 20),
    "ten unclosed `[`, then prose": lambda: "[" * 10 + _fill(_PROSE, FIELD - 10),
    "brackets ten deep": lambda: _fill("[" * 10 + "a" + "]" * 10 + " " + _PROSE * 6),
    "quotations ten deep": lambda: _fill("> " * 10 + "x\n\n"),
    "lists in quotations": lambda: _fill("".join("> - " * i + "x\n" for i in range(5)) + "\n"),
    "list items, blank lines between": lambda: _fill("- a\n\n"),
    "runs of ten `*`": lambda: _dense("*" * 10 + "a" + "*" * 10 + " ", 20),
    "50 headings a block": lambda: _fill("# a\n" * 50 + "\n"),
    "50 `=` underlines a block": lambda: _fill("a\n=\n" * 25 + "\n"),
}
"""Texts of 20,000 characters that the budgets accept, each the worst of a shape the budgets bound."""

SMALL: dict[str, str] = {
    "advice of ten marks each": "*a* *a* *a* *a* *a*",
    "advice of one backslash each": "a \\ b",
}
"""Short texts the budgets accept, each given to as many pieces of advice as a file holds: the cost of a
text that is not plain prose (about 0.2 ms to convert), times the number of texts."""


REFUSED = ["[" * 20_000, "![" * 10_000, "[a][" * 5_000, "[a](" * 5_000, "[[" * 10_000, "> " * 10_000,
           "- " * 10_000 + "x", "*" * 20_000, "# a\n" * 5_000, "a\n=\n" * 5_000]
"""The issue's texts, and one of each other shape the budgets refuse."""


class _Dumper(yaml.SafeDumper):
    """Writes a text of several lines as a literal block (`|`), as a contributor would: the least
    bytes of file for the most text, where quoted styles take two or three bytes for each line break."""


_Dumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)


def file_cpu(written: str) -> float:
    """CPU seconds Python-Markdown and the sanitiser take over every Markdown field of a school file,
    in this process."""
    data = yaml.safe_load(written)
    texts = [value for _, shape, value in strings(School.model_validate(data)) if shape == "markdown"]
    markdown = Markdown({"ICT": "information and communication technology", "X": written[-20:]})  # (a new memo)
    start = time.process_time()
    for value in texts:
        markdown.block(value)
    return time.process_time() - start


def small_school(text: str, school_id: str) -> str:
    """A valid school file (a copy of School A) with as many pieces of advice holding `text` as fit."""
    data = yaml.safe_load((ROOT / "case_studies" / "schools" / "school-a.yaml").read_text(encoding="utf-8"))
    data["id"], data["title"] = school_id, "Hostile school"
    one = len(_dump([{"text": f"{text} 10000"}]).encode("utf-8")) + 4  # (indented under `advice:`)
    room = MAX_FILE_BYTES - len(_dump(data).encode("utf-8"))
    data["sections"]["advice"] += [{"text": f"{text} {i}"} for i in range(room // one)]
    return _dump(data)


def hostile_school(texts: list[str], school_id: str) -> str:
    """A valid school file (a copy of School A) whose Markdown fields hold `texts` in turn, then
    advice holding them, up to the largest file the loader accepts."""
    data = yaml.safe_load((ROOT / "case_studies" / "schools" / "school-a.yaml").read_text(encoding="utf-8"))
    data["id"], data["title"] = school_id, "Hostile school"
    data["sections"]["advice"] += [{"text": "More advice."} for _ in range(20)]  # room to grow
    paths = [path for path, shape, _ in strings(School.model_validate(data)) if shape == "markdown"]
    written = ""
    for turn, path in enumerate(paths):
        holder: Any = data
        for part in path[:-1]:
            holder = holder[part]
        # Each field's own text: the renderer converts a text once however often it appears.
        text = f"{texts[turn % len(texts)][:FIELD - 20]}\n\nField {turn}."
        holder[path[-1]] = text
        grown = _dump(data)
        room = MAX_FILE_BYTES - len(written.encode("utf-8"))
        if len(grown.encode("utf-8")) > MAX_FILE_BYTES:  # the last text, cut to the room left
            cut = text[: room * len(text) // (len(grown.encode("utf-8")) - len(written.encode())) - 100].strip()
            if budget_problem(cut) and not budget_problem(text):
                return written  # (cut where the marks are dense: over the budget)
            holder[path[-1]] = cut
            return _dump(data)
        written = grown
    return written


def build(project: Path, out: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds of `mkdocs build --strict` of `project` (its processes and theirs), and its status."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f",
                           str(project / "mkdocs.yml"), "-d", str(out)], cwd=project, env=ENV,
                          capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hostile", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3, help="builds of each project (default 3)")
    parser.add_argument("--out", type=Path, default=RESULTS / "hostile.json", help="where to write the figures")
    args = parser.parse_args(argv)

    for text in [*(make() for make in ACCEPTED.values()), *SMALL.values()]:
        assert budget_problem(text) is None, "an accepted text is over the budget"
    for text in REFUSED:
        assert budget_problem(text) is not None, "a refused text is within the budget"
    files = {name: hostile_school([make()], "hostile-school") for name, make in ACCEPTED.items()}
    files.update({name: small_school(text, "hostile-school") for name, text in SMALL.items()})
    costs = {name: file_cpu(written) for name, written in files.items()}
    worst = max(costs, key=lambda name: costs[name])
    print("converting every Markdown field of a 256 KB school file of each shape (CPU s):")
    for name, cost in sorted(costs.items(), key=lambda item: -item[1]):
        print(f"  {cost:6.3f}  {name}")

    with tempfile.TemporaryDirectory(prefix="casebook-hostile-") as folder:
        work = Path(folder)
        projects = {"normal": copy_project(work / "normal"), "accepted": copy_project(work / "accepted"),
                    "refused": copy_project(work / "refused")}
        accepted = files[worst]
        refused = hostile_school(REFUSED, "hostile-school")
        (projects["accepted"] / "case_studies" / "schools" / "hostile-school.yaml").write_text(accepted, "utf-8")
        (projects["refused"] / "case_studies" / "schools" / "hostile-school.yaml").write_text(refused, "utf-8")
        sizes = {"accepted": len(accepted.encode()), "refused": len(refused.encode())}
        runs: dict[str, list[tuple[float, float, int]]] = {name: [] for name in projects}
        for _ in range(args.repeats):  # alternating, so that a busy spell on the machine hits each alike
            for name, project in projects.items():
                runs[name].append(build(project, work / f"site-{name}"))
    statuses = {name: sorted({status for _, _, status in done}) for name, done in runs.items()}
    assert statuses["normal"] == [0] and statuses["accepted"] == [0], statuses
    assert statuses["refused"] == [1], statuses
    figures: dict[str, Any] = {"worst_accepted_family": worst, "conversion_cpu_s": costs, "file_bytes": sizes,
                               "repeats": args.repeats, "load": [round(x, 2) for x in os.getloadavg()]}
    for name, done in runs.items():
        figures[f"{name}_wall_s"] = statistics.median(wall for wall, _, _ in done)
        figures[f"{name}_cpu_s"] = statistics.median(cpu for _, cpu, _ in done)
        figures[f"{name}_samples"] = [[round(wall, 3), round(cpu, 3)] for wall, cpu, _ in done]
    for name in ("accepted", "refused"):
        figures[f"{name}_ratio_cpu"] = figures[f"{name}_cpu_s"] / figures["normal_cpu_s"]
        figures[f"{name}_ratio_wall"] = figures[f"{name}_wall_s"] / figures["normal_wall_s"]
    print(f"builds, median of {args.repeats} (mkdocs build --strict):")
    for name in projects:
        size = f", with a {sizes[name] // 1024} KB hostile school" if name in sizes else ""
        ratio = f"  ({figures[f'{name}_ratio_cpu']:.2f}x CPU, {figures[f'{name}_ratio_wall']:.2f}x wall)" \
            if name in sizes else ""
        print(f"  {name:9} {figures[f'{name}_wall_s']:6.2f} s wall {figures[f'{name}_cpu_s']:6.2f} s CPU{size}{ratio}")
    held = figures["accepted_ratio_cpu"] <= TARGET
    print(f"target: a hostile file costs at most {TARGET:g}x a normal build (CPU): "
          f"{'met' if held else 'NOT MET'} ({figures['accepted_ratio_cpu']:.2f}x, worst family: {worst})")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main())
