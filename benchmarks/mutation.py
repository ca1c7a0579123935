"""A mutation pass over the core the tests guard: `python -m benchmarks.mutation [--only markup.py ...]`.

mutmut (a development tool, pinned in the `test` extra and so in requirements-dev.lock)
changes the code one small edit at a time (a `<` for a `<=`, a string emptied, a call's argument
dropped) and runs the fast tests that cover the changed function. A mutant the tests still pass is
a *survivor*: either the edit does not change behaviour, or no test asserts what it changed (a
hollow test, issue 30).

mutmut imports the mutated package from `mutants/src`, so the pass runs in a scratch copy of the
last commit with `plugins/casebook` laid out as `src/casebook`; the working tree is never touched. It
prints every survivor as `file:function: the edit` and writes them, with the counts, to
`benchmarks/results/mutation.json`. A full pass over schema/, loader.py, markup.py and library.py
takes hours on two cores: `--only` narrows it to some files, `--max-children` sets the workers.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = ("schema/*", "loader.py", "markup.py", "library.py")
"""What issue 30 asks to mutate, under plugins/casebook/."""
TESTS = ("tests/test_loader.py", "tests/test_library.py", "tests/test_new_source.py", "tests/test_cli.py",
         "tests/test_markup_escaping.py")
"""The fast tests that read, validate and render content in pytest's own process. A test that runs
`casebook` or a build in a subprocess cannot kill a mutant (the subprocess imports the unmutated
package: mutmut's trampolines need its process), so test_bad_input.py and test_every_error.py,
which only do that, would add minutes to every survivor and kill nothing."""
MARKUP_TESTS = ("tests/test_hostile.py::test_markdown_over_its_budget_is_refused_in_every_markdown_field",
                "tests/test_hostile.py::test_the_budgets_leave_room_for_honest_markdown")
"""The Markdown budget tests: in-process, but 265 s a run (37 s for the slowest case), so only when
markup.py is mutated; they cover every loader function too, and made each loader survivor cost minutes."""


def selected(only: list[str]) -> list[str]:
    return [*TESTS, *(MARKUP_TESTS if "markup.py" in only else ())]


def scratch(where: Path) -> Path:
    """A copy of the last commit's package, tests and content (a working tree others are editing may
    be half-way through a change), with the package where mutmut looks for it (src/)."""
    names = ["plugins/casebook", "tests", "case_studies", "docs", "schemas", "mkdocs.yml"]
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD", *names], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(where)], input=archive.stdout, check=True)
    (where / "src").mkdir()
    (where / "plugins" / "casebook").rename(where / "src" / "casebook")
    return where


def configure(project: Path, only: list[str]) -> None:
    lines = ["[mutmut]", "source_paths = src/casebook", "only_mutate ="]
    lines += [f"    src/casebook/{target}" for target in only]
    lines += ["pytest_add_cli_args_test_selection ="] + [f"    {test}" for test in selected(only)]
    lines += ["pytest_add_cli_args =", "    -p no:cacheprovider", "    -x", "    -q"]
    lines += ["also_copy ="] + [f"    {name}" for name in ("case_studies", "docs", "schemas", "mkdocs.yml")]
    (project / "setup.cfg").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", default=list(TARGETS), help="files under plugins/casebook to mutate")
    parser.add_argument("--max-children", type=int, default=1)
    parser.add_argument("--seconds", type=float, help="stop mutmut after this long and report what it has run")
    parser.add_argument("--mutants", nargs="+", default=[],
                        help="only the mutants matching these patterns, such as 'casebook.loader*' (mutmut's names); "
                        "mutmut runs a named mutant again even when it has a result")
    parser.add_argument("--keep", type=Path, help="run in this folder and keep it (default: a temporary one); "
                        "given a kept folder, go on with the mutants not yet run")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="casebook-mutation-"))
    if (work / "setup.cfg").exists():
        project = work  # a kept pass, stopped part-way: mutmut goes on with the mutants it has not run
    else:
        project = scratch(work)
        configure(project, args.only)
    mutmut = [sys.executable, "-m", "mutmut"]
    started = time.monotonic()
    # Tests that run `casebook` in a subprocess import the commit's own package, not the editable
    # install's working tree (a mutant does not run there: mutmut's trampolines need its process).
    env = {**os.environ, "PYTHONPATH": str(project / "src")}
    try:
        run = subprocess.run([*mutmut, "run", "--max-children", str(args.max_children), *args.mutants], cwd=project,
                             capture_output=True, text=True, check=False, env=env, timeout=args.seconds)
    except subprocess.TimeoutExpired as stopped:  # each mutant's result is kept: report those run so far
        run = subprocess.CompletedProcess(stopped.cmd, 124, str(stopped.stdout or ""), str(stopped.stderr or ""))
    seconds = time.monotonic() - started
    listed = subprocess.run([*mutmut, "results", "--all", "true"], cwd=project, capture_output=True, text=True,
                            check=False).stdout
    status: dict[str, str] = dict(re.findall(r"^\s*(\S+): (\S.*)$", listed, re.MULTILINE))
    counts: dict[str, int] = {}
    by_module: dict[str, dict[str, int]] = {}
    for name, verdict in status.items():
        counts[verdict] = counts.get(verdict, 0) + 1
        # A mutant's name is its module, then `x_function` or `xǁClassǁmethod`, then `__mutmut_N`.
        module = by_module.setdefault(name.split(".x", 1)[0], {})
        module[verdict] = module.get(verdict, 0) + 1
    survivors = []
    for name, verdict in sorted(status.items()):
        if verdict == "survived":
            diff = subprocess.run([*mutmut, "show", name], cwd=project, capture_output=True, text=True,
                                  check=False).stdout
            changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
            survivors.append({"mutant": name, "diff": changed})
            print(f"{name}: {' | '.join(changed)}")
    result = {"only": args.only, "tests": selected(args.only), "seconds": round(seconds), "counts": counts,
              "by_module": dict(sorted(by_module.items())), "survivors": survivors,
              "mutmut_exit": run.returncode, "mutmut_tail": run.stdout[-2000:] + run.stderr[-2000:]}
    out = ROOT / "benchmarks" / "results" / "mutation.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"{counts} in {seconds:.0f} s; written to {out.relative_to(ROOT)}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if run.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
