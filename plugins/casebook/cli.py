"""The `casebook` command: validate content, scaffold records, write schemas, generate pages."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from . import jsonschema, reference, scaffold
from .diagnostics import ContentError, Diagnostic, capped, printable, say
from .files import Files, Refused, package_links, shown
from .library import Library, _shown, load_library
from .loader import Loaded, kind_of, load_file
from .schema import RECORD_KINDS, SINGLETONS, Taxonomy

DEFAULT_CONTENT = Path("case_studies")
DEFAULT_SCHEMAS = Path("schemas")
PROGRESS_FROM = 100
"""Show a progress line when checking at least this many files."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="casebook", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("validate", help="check content files; exit 1 on any error",
                                description="Check content files and print every error as path:line:col: error: "
                                "message. Exit status 1 on any error, 0 when all is well.")
    check.add_argument("paths", nargs="*", type=Path,
                       help="content files, or content folders (default: case_studies); a file is checked "
                       "against the rest of its library too (facet values, references)")
    check.add_argument("--quiet", action="store_true", help="print only errors")
    check.add_argument("--strict", action="store_true",
                       help="treat warnings (text the sanitiser would remove) as errors, "
                       "as `mkdocs build --strict` does")

    new = commands.add_parser("new", help="write a commented template for a new record",
                              description="Write case_studies/KIND/ID.yaml from a commented template. Every "
                              "value starting with TODO must be replaced before the file passes validation.")
    new.add_argument("kind", help=f"one of: {', '.join(RECORD_KINDS)} (or the singular: school, cpd-model ...)")
    new.add_argument("id", help="the new record's id, which is also its file name: lower-case-with-hyphens")
    new.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="the content folder")
    new.add_argument("--force", action="store_true", help="replace the file if it exists (never through a link)")

    schema = commands.add_parser("schema", help="write the JSON Schema of every kind of content file",
                                 description="Write schemas/<name>.schema.json for editors (yaml-language-server), "
                                 "generated from the content model and the taxonomy.")
    schema.add_argument("--out", type=Path, default=DEFAULT_SCHEMAS, help="where to write (default: schemas)")
    schema.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the files in --out differ from freshly generated ones")
    schema.add_argument("--content", type=Path, default=DEFAULT_CONTENT,
                        help="the content folder whose taxonomy.yaml gives the facet values")
    schema.add_argument("--force", action="store_true",
                        help="replace a file standing where the --out folder should be")

    generate = commands.add_parser("generate", help="write a complete project that builds without the plugin",
                                   description="Write a complete, buildable project into a folder: docs/ with every "
                                   "generated and hand-written page, the assets and the service worker, and a "
                                   "mkdocs.yml without the casebook plugin, for Zensical or any generator that reads "
                                   "mkdocs.yml. Build it with `zensical build` (or `mkdocs build`, `properdocs "
                                   "build`) run in that folder.")
    generate.add_argument("--out", type=Path, required=True,
                          help="the folder to write into: new, empty, or written by `casebook generate` before")
    generate.add_argument("--config", type=Path, default=Path("mkdocs.yml"),
                          help="the project's configuration, whose casebook plugin settings name the content folder "
                          "(default: mkdocs.yml)")
    generate.add_argument("--content", type=Path, default=None,
                          help="the content folder (default: the plugin's content_dir in --config)")
    generate.add_argument("--force", action="store_true",
                          help="write into a non-empty folder not written by `casebook generate`, or replace a "
                          "file standing where the folder should be (never through a link, never inside docs/)")

    post = commands.add_parser("postbuild", help="finish a site built from `casebook generate`'s project",
                               description="What the plugin does after a build, for a site built from the project "
                               "`casebook generate` writes: list its files for saving the library for offline use, "
                               "and, where Material's search box is used (MkDocs, ProperDocs), index it with "
                               "Pagefind behind that box as the plugin does.")
    post.add_argument("site", type=Path, nargs="?", default=Path("site"), help="the built site (default: site)")
    post.add_argument("--search", choices=("auto", "pagefind", "engine"), default="auto",
                      help="auto (default): Pagefind behind Material's search box where Material built the site, "
                      "else the engine's own search (Zensical's); pagefind: index with Pagefind anyway; "
                      "engine: leave the engine's search as it is")

    ref = commands.add_parser("reference", help="print the field reference (every field of every kind of file)",
                              description="Print the field reference as Markdown: every field of every kind of "
                              "content file, generated from the content model, readable while a file is half "
                              "filled in. --write updates the committed copy docs/contributing/reference.md "
                              "(the site's Field reference page); --check fails if that copy is out of date.")
    ref.add_argument("kind", nargs="?", help="only this kind: one of "
                     f"{', '.join(reference.KIND_LABELS)} (or the singular: school, cpd-model ...)")
    ref.add_argument("--content", type=Path, default=DEFAULT_CONTENT,
                     help="the content folder whose taxonomy.yaml gives the facet values")
    mode = ref.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help=f"write {reference.REFERENCE_FILE.as_posix()}")
    mode.add_argument("--check", action="store_true",
                      help=f"write nothing; exit 1 if {reference.REFERENCE_FILE.as_posix()} is out of date")

    receiving = commands.add_parser("receive", help="check a school file sent in, and put it in case_studies/schools/",
                                    description="Check a school's file received by email or from an issue (the Add "
                                    "your school page writes it) against the library, and write it into "
                                    "case_studies/schools/ under its id. Nothing existing is replaced; a file with "
                                    "problems is not written, and each problem is printed.")
    receiving.add_argument("file", type=Path, help="the received file")
    receiving.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="the content folder")

    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.paths, quiet=args.quiet, strict=args.strict)
    if args.command == "new":
        return new_record(args.kind, args.id, args.content, force=args.force)
    if args.command == "reference":
        return print_reference(args.kind, args.content, write=args.write, check=args.check)
    if args.command == "schema":
        return schemas(args.out, args.content, check=args.check, force=args.force)
    if args.command == "generate":
        return generate_project(args.out, args.config, args.content, force=args.force)
    if args.command == "receive":
        return receive_file(args.file, args.content)
    if args.command == "postbuild":
        return postbuild(args.site, search=args.search)
    return 2  # pragma: no cover - argparse rejects unknown commands


# --- validate -------------------------------------------------------------------------


class _Progress:
    """A progress line on stderr for long runs: rewritten in place on a terminal, every 100 files otherwise."""

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.tty = stream.isatty()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < PROGRESS_FROM:
            return
        if self.tty:
            if done % 10 == 0 or done == total:
                self.stream.write(f"\rchecking {done} of {total} files ...")
                self.stream.flush()
                self.shown = True
        elif done % 100 == 0 or done == total:
            say(f"checked {done} of {total} files ...", file=self.stream)

    def end(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.shown = False


def validate(paths: Sequence[Path], *, quiet: bool = False, strict: bool = False) -> int:
    """Check whole libraries (folders), or files, each against the rest of its library."""
    problems: list[Diagnostic] = []
    given = _unlinked(paths or [DEFAULT_CONTENT], problems)
    if not paths:  # the whole project: a link under docs/ fails the build, so it fails the check too
        problems += [Diagnostic(shown(r.path), 1, 1, r.reason) for r in _published_links()]
    folders = [p for p in given if p.is_dir() or not paths]  # by default, the content folder (even if missing)
    files = [p for p in given if p not in folders]
    for folder in [f for f in folders if f.name in RECORD_KINDS and not (f / "taxonomy.yaml").exists()]:
        # `validate case_studies/schools`: every file of one kind, each checked against its library.
        folders.remove(folder)
        files += sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    progress = _Progress(sys.stderr, enabled=not quiet)
    checked = 0
    for folder in folders:
        if not folder.is_dir():
            problems.append(Diagnostic(folder.as_posix(), 1, 1, "no such content folder; run the command in the "
                                       "project's folder or give the content folder's path"))
            continue
        try:
            library = load_library(folder, Path.cwd(), progress)
            checked += _count(library)
            problems.extend(library.warnings)
        except ContentError as error:
            problems.extend(error.diagnostics)
        progress.end()
    found, count = _validate_files(files, progress)
    problems += found
    checked += count
    if strict:  # what the sanitiser would remove counts as an error, as under `mkdocs build --strict`
        problems = [replace(p, severity="error") for p in problems]
    for line in capped(sorted(set(problems))):
        say(line)
    count = sum(p.severity == "error" for p in set(problems))
    if count:
        say(f"{count} error{'s' if count != 1 else ''}", file=sys.stderr)
        return 1
    if not quiet:
        say(f"ok: {checked} content file{'s' if checked != 1 else ''} valid", file=sys.stderr)
    return 0


def _unlinked(paths: Sequence[Path], problems: list[Diagnostic]) -> list[Path]:
    """The paths to check, less those reached through a link (each an error naming the link): a
    folder given, or any folder above a file given, inside the working folder (`files.py`). A file
    that is itself a link is left to the loader, which refuses it unread."""
    kept = []
    for path in paths:
        try:
            Files(Path.cwd(), outputs=[path]).check(path if path.is_dir() else path.parent)
        except Refused as refused:
            problems.append(Diagnostic(shown(refused.path), 1, 1, refused.reason))
            continue
        kept.append(path)
    return kept


def _published_links() -> list[Refused]:
    """Links under the working folder's docs/ (when it is a project) and among the package's published
    files: `mkdocs build` and `casebook generate` refuse them (`files.py`)."""
    docs = Path("docs")
    try:
        found = Files(Path.cwd()).links(docs) if Path("mkdocs.yml").is_file() else []
    except Refused as refused:  # docs/ itself is a link
        found = [refused]
    return found + package_links()


def _count(library: Library) -> int:
    return sum(len(kind) for kind in library.records.values()) + len(SINGLETONS)


def _validate_files(files: Sequence[Path], progress: _Progress) -> tuple[list[Diagnostic], int]:
    """Check files one by one, and against their library when they sit in one.

    A file on its own cannot show a misspelt facet value or a broken reference; those
    need the taxonomy and the other records. So each file inside a content folder is
    checked by loading that whole library and keeping the errors of the files asked for
    (and of the vocabularies, without which the check is incomplete).
    """
    problems: list[Diagnostic] = []
    by_root: dict[Path, list[Path]] = {}
    checked = 0
    for number, path in enumerate(files, 1):
        progress(number, len(files))
        kind = kind_of(path)
        if path.is_symlink() or (path.exists() and not path.is_file()):
            refused = load_file(path, kind or "schools", path.as_posix())  # refused unread
            problems.extend(refused if not isinstance(refused, Loaded) else [])
            continue
        if kind is None or not path.exists():
            reason = ("no such file" if not path.exists() else "not a content file: expected `<kind>/<id>.yaml` in "
                      f"one of the content folders ({', '.join(RECORD_KINDS)}), or {', '.join(SINGLETONS)}")
            problems.append(Diagnostic(path.as_posix(), 1, 1, reason))
            continue
        root = path.parent.parent if kind in RECORD_KINDS else path.parent
        if all((root / name).is_file() for name in SINGLETONS):
            by_root.setdefault(root, []).append(path)
            continue
        result = load_file(path, kind, path.as_posix())
        checked += 1
        if not isinstance(result, Loaded):
            problems.extend(result)
    progress.end()
    cwd = Path.cwd()
    for root, paths in by_root.items():
        wanted = {_shown(p, cwd) for p in paths} | {_shown(root / name, cwd) for name in SINGLETONS}
        checked += len(paths)
        try:
            problems += [d for d in load_library(root, cwd).warnings if d.path in wanted]
        except ContentError as error:
            problems += [d for d in error.diagnostics if d.path in wanted]
    return problems, checked


# --- new ------------------------------------------------------------------------------


def new_record(kind_name: str, record_id: str, content: Path, *, force: bool = False) -> int:
    kind = scaffold.KIND_ALIASES.get(kind_name)
    if kind is None:
        say(f"casebook new: unknown kind `{kind_name}`; choose one of: {', '.join(RECORD_KINDS)}", file=sys.stderr)
        return 2
    if not jsonschema.SLUG_RE.match(record_id):
        say(f"casebook new: `{record_id}` is not an id: use lower-case letters, digits and single hyphens, "
              "such as `school-f`", file=sys.stderr)
        return 2
    try:
        taxonomy, facets, sources = _vocabulary(content, kind)
    except ContentError:
        taxonomy, facets, sources = None, None, None  # a broken taxonomy: the template still helps
    try:
        target = scaffold.create(content, kind, record_id, taxonomy, facets, sources,
                                 files=Files(Path.cwd(), outputs=[content], force=force))
    except (Refused, OSError) as refused:  # one line naming the path, never a traceback
        say(f"casebook new: {refused}", file=sys.stderr)
        return 1
    say(target.as_posix())
    say(f"Next: replace every `TODO` in {target.as_posix()}, then run `casebook validate {target.as_posix()}`.",
        file=sys.stderr)
    say(f"Every field is described by `casebook reference {kind}`.", file=sys.stderr)
    return 0


def _vocabulary(content: Path, kind: str) -> tuple[Taxonomy | None, list[str] | None, list[str] | None]:
    """The taxonomy, the facets that valid records of `kind` use, and the source ids.

    Read file by file rather than as a library, so one half-filled template elsewhere
    does not stop the next one from offering the right facets.
    """
    taxonomy = _taxonomy(content)
    used: set[str] = set()
    folder = content / kind
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        result = load_file(path, kind, path.as_posix())
        if isinstance(result, Loaded):
            used.update(getattr(result.model, "facets", {}))
    facets = [f.id for f in taxonomy.facets if f.id in used] if taxonomy else []
    sources = load_file(content / "sources.yaml", "sources.yaml", "sources.yaml")
    source_ids = [d.id for d in sources.model.documents] if isinstance(sources, Loaded) else None  # type: ignore[attr-defined]
    return taxonomy, facets or None, source_ids


def _taxonomy(content: Path) -> Taxonomy | None:
    path = content / "taxonomy.yaml"
    if not path.is_file():
        return None
    result = load_file(path, "taxonomy.yaml", path.as_posix())
    if not isinstance(result, Loaded):
        raise ContentError(result)
    return result.model  # type: ignore[return-value]


# --- schema ---------------------------------------------------------------------------


def schemas(out: Path, content: Path, *, check: bool = False, force: bool = False) -> int:
    try:
        taxonomy = _taxonomy(content)
    except ContentError as error:
        for problem in error.diagnostics:
            say(problem)
        say("the taxonomy is invalid, so the schemas cannot list the facet values", file=sys.stderr)
        return 1
    if taxonomy is None:
        say(f"note: no {(content / 'taxonomy.yaml').as_posix()}; the schemas will not list facet values",
              file=sys.stderr)
    files = Files(Path.cwd(), outputs=[out], force=force)
    try:
        if check:
            links = files.links(out)
            if links:
                raise links[0]
            differences = jsonschema.stale(out, taxonomy)
            for line in differences:
                say(f"{line}: run `casebook schema` and commit the result", file=sys.stderr)
            return 1 if differences else 0
        files.folder(out)
        # The schema files are generated: writing them again replaces them (`own`); anything else is refused.
        written = [files.write_text(out / name, jsonschema.dumps(schema), own=True)
                   for name, schema in jsonschema.build_all(taxonomy).items()]
    except (Refused, OSError) as refused:
        say(f"casebook schema: {refused}", file=sys.stderr)
        return 1
    say(f"wrote {len(written)} schema files to {out.as_posix()}/", file=sys.stderr)
    return 0


# --- reference ------------------------------------------------------------------------


def print_reference(kind_name: str | None, content: Path, *, write: bool = False, check: bool = False) -> int:
    """Print the field reference (or write or check its committed copy)."""
    kind = None
    if kind_name is not None:
        kind = scaffold.KIND_ALIASES.get(kind_name, kind_name.removesuffix(".yaml") + ".yaml")
        kind = kind if kind in reference.KIND_LABELS else scaffold.KIND_ALIASES.get(kind_name, kind_name)
        if kind not in reference.KIND_LABELS:
            say(f"casebook reference: unknown kind `{kind_name}`; choose one of: "
                  f"{', '.join(reference.KIND_LABELS)}", file=sys.stderr)
            return 2
    try:
        taxonomy = _taxonomy(content)
    except ContentError as error:
        # The reference is most needed while content is broken: print it, without the facet values.
        if write or check:
            for problem in error.diagnostics:
                say(problem)
            say("the taxonomy is invalid, so the reference cannot list the facet values", file=sys.stderr)
            return 1
        say("note: the taxonomy has errors, so the facet values are not listed", file=sys.stderr)
        taxonomy = None
    # The committed copy belongs to the project that holds the content folder, wherever the command runs.
    project = Path(os.path.abspath(content)).parent
    target = project / reference.REFERENCE_FILE
    try:
        if check:
            if reference.stale(project, taxonomy):
                say(f"{shown(target)} is out of date: run `casebook reference --write` and commit the result",
                    file=sys.stderr)
                return 1
            return 0
        if write:
            reference.write(project, taxonomy)
            say(f"wrote {shown(target)}", file=sys.stderr)
            return 0
    except (Refused, OSError) as refused:
        say(f"casebook reference: {refused}", file=sys.stderr)
        return 1
    text = reference.markdown(taxonomy, kind)
    if sys.stdout.isatty():
        text = reference.wrap(text, shutil.get_terminal_size().columns)
    sys.stdout.write("\n".join(printable(line) for line in text.split("\n")))  # taxonomy text is contributed
    return 0


# --- generate -------------------------------------------------------------------------


def generate_project(out: Path, config: Path, content: Path | None = None, *, force: bool = False) -> int:
    """A complete project for another generator: the work is `export.write_project`'s."""
    from .export import write_project  # Jinja and Markdown are only needed here

    if not config.is_file():
        say(f"casebook generate: no configuration at {config.as_posix()}; run the command in the project's "
              "folder or give --config", file=sys.stderr)
        return 2
    try:
        library = load_library(content, Path.cwd()) if content is not None else None
        project = write_project(config.parent, out, library=library, config_file=config, processes=0, force=force)
    except ContentError as error:
        for problem in error.diagnostics:
            say(problem)
        return 1
    except (ValueError, OSError) as error:  # `files.Refused` among them: one line naming the path
        say(f"casebook generate: {error}", file=sys.stderr)
        return 2
    excluded = f"; {len(project.excluded_from_search)} too large for search" if project.excluded_from_search else ""
    say(f"wrote {len(project.generated)} generated and {len(project.hand_written)} hand-written pages, the assets "
          f"and {project.config.name} to {out.as_posix()}/{excluded}; build with `zensical build` in that folder",
          file=sys.stderr)
    return 0


def postbuild(site: Path, *, search: str = "auto") -> int:
    """Offline list (and search index) for a site built from the generated project: `export.finish_site`."""
    from .export import finish_site

    try:
        count = finish_site(site, search=search, log=lambda line: say(line, file=sys.stderr))
    except (ValueError, OSError, RuntimeError) as error:
        say(f"casebook postbuild: {error}", file=sys.stderr)
        return 1
    indexed = "indexed with Pagefind; " if (site / "pagefind").is_dir() else ""
    say(f"{site.as_posix()}/: {indexed}{count} files listed for offline use", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


# --- receive --------------------------------------------------------------------------


def receive_file(received: Path, content: Path) -> int:
    """`casebook receive`: see receive.py."""
    from .receive import receive

    try:
        outcome = receive(received, Path.cwd(), content)
    except Refused as refused:
        say(f"casebook receive: {refused}", file=sys.stderr)
        return 1
    if outcome.problems:
        for problem in outcome.problems:
            say(problem, file=sys.stderr)
        say(f"Nothing was written: {len(outcome.problems)} problem{'s' if len(outcome.problems) != 1 else ''} to "
            "fix first. Ask the sender to fix them on the Add your school page (they can load the file back into "
            "it), or fix them in the file, and run `casebook receive` again.", file=sys.stderr)
        return 1
    assert outcome.target is not None
    say(f"Received: wrote {shown(outcome.target)}. It passes the checks. Next:")
    for number, step in enumerate(outcome.next_steps, 1):
        say(f"  {number}. {step}")
    return 0

