"""The `casebook` command: validate content, scaffold records, print schemas, generate pages."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .diagnostics import ContentError, Diagnostic
from .library import load_library
from .loader import Loaded, kind_of, load_file

DEFAULT_CONTENT = Path("case_studies")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="casebook", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("validate", help="check content files; exit 1 on any error")
    check.add_argument("paths", nargs="*", type=Path,
                       help="files to check on their own, or the content folder (default: case_studies)")
    check.add_argument("--quiet", action="store_true", help="print only errors")

    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.paths, quiet=args.quiet)
    return 2  # pragma: no cover - argparse rejects unknown commands


def validate(paths: Sequence[Path], *, quiet: bool = False) -> int:
    """Check the whole library (every cross-reference), or the given files on their own."""
    folders = [p for p in paths if p.is_dir()] or ([] if paths else [DEFAULT_CONTENT])
    files = [p for p in paths if not p.is_dir()]
    problems: list[Diagnostic] = []
    checked = 0
    for folder in folders:
        try:
            library = load_library(folder, Path.cwd())
            checked += sum(len(kind) for kind in library.records.values()) + 3
        except ContentError as error:
            problems.extend(error.diagnostics)
    for number, path in enumerate(files, 1):
        if not quiet and len(files) > 20 and number % 100 == 0:
            print(f"checked {number} of {len(files)} files ...", file=sys.stderr)
        kind = kind_of(path)
        if kind is None:
            problems.append(Diagnostic(path.as_posix(), 1, 1, "not a content file: expected `<kind>/<id>.yaml` "
                                       "in one of the content folders, or taxonomy.yaml, glossary.yaml, sources.yaml"))
            continue
        result = load_file(path, kind, path.as_posix())
        checked += 1
        if not isinstance(result, Loaded):
            problems.extend(result)
    for problem in sorted(set(problems)):
        print(problem)
    if problems:
        count = len(set(problems))
        print(f"{count} error{'s' if count != 1 else ''}", file=sys.stderr)
        return 1
    if not quiet:
        print(f"ok: {checked} content file{'s' if checked != 1 else ''} valid", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
