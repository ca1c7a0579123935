"""The one rule for reading and writing project files, for every command.

Content, hand-written pages and settings come from pull requests: untrusted. A symbolic link
among them could make a command read a file from anywhere on the build machine and publish it
(`docs/env.txt -> /proc/self/environ`), or write through one to anywhere. So every command
(`validate`, `generate`, `new`, `schema`, `reference`, `postbuild`, `receive`, the plugin's
checks) reads and writes through a `Files` (content files are read by `loader.load_file`, which
applies the same rule to each file and kind folder; `validate` checks the folders above them here):

- **No link is followed.** Every component of a path below its anchor (the project folder, or
  an output folder the command was given outside it) is checked with `lstat`: a link there,
  dangling or not, pointing in or out of the project, is refused. Reads open only regular
  files (never a device or pipe), and both reads and writes open the last component with
  `O_NOFOLLOW`. The anchor itself and the folders above it are the user's choice and trusted.
- **Nothing is written inside `docs/`** (the hand-written pages: the next build would publish
  it), through a link, or outside the anchors.
- **Nothing existing is overwritten, and no existing file is used as a folder**, unless the
  `Files` was made with `force=True` (a command's `--force`), or the write says `own=True`: the
  file is one the command itself generates and regenerates (`schemas/*.schema.json`, the field
  reference, a folder marked as `casebook generate`'s). `--force` never allows a link or `docs/`.
- **Every refusal is one line naming the path**: `Refused`, whose `str` is
  `path: what is wrong; what to do`, made safe to print on a terminal.

Use:

    files = Files(project, docs=project / "docs", outputs=[out], force=args.force)
    text = files.read_text(project / "mkdocs.yml")
    files.write_text(out / "docs" / "index.md", text)        # refused if it exists, or through a link
    for path in files.regular_files(project / "docs"): ...    # refused at the first link or device
    problems = files.links(project / "docs")                   # every link or special file, unread

Like the rest of the core, this module never imports MkDocs.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import printable

__all__ = ["LINK", "Files", "Refused", "package_links", "shown"]

LINK = ("a symbolic link, never followed, read or published (it could point anywhere on the machine); "
        "put the file or folder itself there")


class Refused(ValueError):
    """A path a command will not read or write. `str()` is one printable line naming the path.

    A `ValueError`, so a caller that already reports an unusable argument as one line (`generate`)
    reports this the same way."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(printable(f"{shown(path)}: {reason}"))


def shown(path: Path | str, base: Path | None = None) -> str:
    """A path as messages name it: relative to `base` (default: the working folder) when inside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path(os.path.abspath(base or Path.cwd()))).as_posix() or "."
    except ValueError:
        return Path(path).as_posix()


def _absolute(path: Path | str) -> Path:
    """The path made absolute and normalised by its text alone (`a/b/../c` is `a/c`), never by
    following links: the path checked is the path opened."""
    return Path(os.path.abspath(path))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


@dataclass(frozen=True)
class Files:
    """The rule for one command's run over one project.

    `project`: the project folder (anchor of every read and write inside it). `docs`: the folder
    of hand-written pages, where nothing is written (default: `project/docs`). `outputs`: paths the
    command was given (`generate --out /tmp/x`, `validate /tmp/y`): one outside the project makes its
    parent an anchor, so the path itself is checked. `force`: the command's `--force` (replace files).
    """

    project: Path
    docs: Path | None = None
    outputs: Iterable[Path] = ()
    force: bool = False
    _anchors: tuple[Path, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        project = _absolute(self.project)
        object.__setattr__(self, "project", project)
        object.__setattr__(self, "docs", _absolute(self.docs) if self.docs is not None else project / "docs")
        outputs = tuple(_absolute(out) for out in self.outputs)
        object.__setattr__(self, "outputs", outputs)
        # An output inside the project is checked from the project down; one outside from itself down.
        anchors = [project] + [out.parent for out in outputs if not _inside(out, project)]
        object.__setattr__(self, "_anchors", tuple(sorted(set(anchors), key=lambda a: -len(a.parts))))

    # --- checking --------------------------------------------------------------------

    def check(self, path: Path | str) -> Path:
        """`path` made absolute, once no component of it below its anchor is a link; raises `Refused`.

        Components that do not exist yet are fine (they will be made as folders)."""
        absolute = _absolute(path)
        anchor = next((a for a in self._anchors if _inside(absolute, a)), None)
        if anchor is None:
            raise Refused(path, f"outside the project ({shown(self.project)}) and the output folders; "
                          "give a path inside one of them")
        current = anchor
        for part in absolute.relative_to(anchor).parts:
            current = current / part
            try:
                mode = os.lstat(current).st_mode
            except FileNotFoundError:
                break  # nothing further down exists yet
            except OSError as error:
                raise Refused(current, f"cannot be read: {error.strerror}") from None
            if stat.S_ISLNK(mode):
                where = "" if current == absolute else f" (in {shown(path)})"
                raise Refused(current, LINK.replace("a symbolic link", f"a symbolic link{where}", 1))
            if current != absolute and not stat.S_ISDIR(mode):
                if not self.force:
                    raise Refused(current, f"is a file, not a folder, so {shown(path)} cannot be "
                                  "inside it; choose another path, or give --force to replace the file")
                break  # `force`: `_folder` replaces it
        return absolute

    def links(self, folder: Path | str) -> list[Refused]:
        """Every link and special file under `folder` (the folder itself included), not followed, in
        order: what a command refuses to read or publish. Empty when all are regular files and folders."""
        start = self.check(folder)
        found: list[Refused] = []
        if not start.exists():
            return found
        for top, folders, names in os.walk(start):  # os.walk never descends into a link to a folder
            for name in sorted(folders + names):
                path = Path(top) / name
                mode = os.lstat(path).st_mode
                if stat.S_ISLNK(mode):
                    found.append(Refused(path, LINK))
                elif not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                    found.append(Refused(path, "not a regular file (a device, pipe or socket); it is not read"))
            folders.sort()
        return sorted(found, key=lambda r: r.path.as_posix())

    def regular_files(self, folder: Path | str) -> list[Path]:
        """Every file under `folder`, sorted; raises `Refused` (the first) if any is a link or special file."""
        problems = self.links(folder)
        if problems:
            raise problems[0]
        start = self.check(folder)
        return sorted(Path(top) / name for top, _, names in os.walk(start) for name in names)

    # --- reading ---------------------------------------------------------------------

    def read_bytes(self, path: Path | str) -> bytes:
        """The bytes of a regular file; raises `Refused` for a link (anywhere in the path), a
        folder, a device or pipe, or a missing file."""
        absolute = self.check(path)
        try:
            descriptor = os.open(absolute, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except FileNotFoundError:
            raise Refused(path, "no such file") from None
        except OSError as error:
            raise Refused(path, f"cannot be read: {error.strerror}") from None
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise Refused(path, "not a regular file (a folder, device, pipe or socket); it is not read")
            return stream.read()

    def read_text(self, path: Path | str) -> str:
        """The text of a regular UTF-8 file (see `read_bytes`)."""
        try:
            return self.read_bytes(path).decode("utf-8")
        except UnicodeDecodeError as error:
            raise Refused(path, f"not valid UTF-8 (byte {error.start}); save it with UTF-8 encoding") from None

    # --- writing ---------------------------------------------------------------------

    def writable(self, path: Path | str, *, own: bool = False, into_docs: bool = False) -> Path:
        """`path` made absolute, once it may be written (see the module's rule); raises `Refused`.

        `own`: the file is one this command generates, which it may replace. `into_docs`: the one
        file a command keeps in `docs/` (the field reference); never for anything else."""
        absolute = self.check(path)
        docs = self.docs
        assert docs is not None
        if not into_docs and (_inside(absolute, docs) or _inside(_resolved(absolute), _resolved(docs))):
            raise Refused(path, f"inside {shown(docs)}/, the hand-written pages: the next build would publish "
                          "it; write outside that folder")
        if absolute.exists() or absolute.is_symlink():
            if absolute.is_dir():
                raise Refused(path, "is a folder; give a file's path")
            if not (own or self.force):
                raise Refused(path, "already exists; choose another path, or give --force to replace it")
        return absolute

    def folder(self, path: Path | str) -> Path:
        """Make a folder and its parents, refusing links, `docs/` and files in the way (see `check`)."""
        absolute = self.check(path)
        docs = self.docs
        assert docs is not None
        if _inside(absolute, docs):
            raise Refused(path, f"inside {shown(docs)}/, the hand-written pages: the next build would publish "
                          "it; write outside that folder")
        if absolute.exists() and not absolute.is_dir() and not self.force:
            raise Refused(path, "is a file, not a folder; choose another path, or give --force to replace it")
        self._folder(absolute)  # (a file in the way, under `force`, is replaced)
        return absolute

    def _folder(self, absolute: Path) -> None:
        missing = []
        current = absolute
        while not current.is_dir():
            if current.exists() or current.is_symlink():  # a file in the way: only with `force` (see `check`)
                try:
                    current.unlink()
                except OSError as error:
                    raise Refused(current, f"cannot be replaced: {error.strerror}") from None
            missing.append(current)
            current = current.parent
        for folder in reversed(missing):
            try:
                folder.mkdir()
            except OSError as error:
                raise Refused(folder, f"cannot be made: {error.strerror}") from None

    def write_bytes(self, path: Path | str, data: bytes, *, own: bool = False, into_docs: bool = False) -> Path:
        """Write a file (making its folders); refused as `writable` says. Returns its absolute path."""
        absolute = self.writable(path, own=own, into_docs=into_docs)
        self._folder(absolute.parent)
        flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_TRUNC
        if not (own or self.force):
            flags |= os.O_EXCL  # never over a file that appeared since the check
        try:
            descriptor = os.open(absolute, flags, 0o666)
        except OSError as error:
            raise Refused(path, f"cannot be written: {error.strerror}") from None
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        return absolute

    def write_text(self, path: Path | str, text: str, *, own: bool = False, into_docs: bool = False) -> Path:
        """Write a UTF-8 text file (see `write_bytes`)."""
        return self.write_bytes(path, text.encode("utf-8"), own=own, into_docs=into_docs)

    def copy(self, source: Path | str, target: Path | str, *, own: bool = False) -> Path:
        """Copy a regular file's bytes (never a link's target) to `target`, both under the rule."""
        return self.write_bytes(target, self.read_bytes(source), own=own)

    def remove_tree(self, path: Path | str) -> None:
        """Delete a folder this command wrote before (its contents, never through a link)."""
        absolute = self.check(path)
        if absolute.is_symlink() or not absolute.exists():
            return
        if not absolute.is_dir():
            raise Refused(path, "is a file, not a folder")
        try:
            shutil.rmtree(absolute)  # rmtree removes links it meets, never what they point at
        except OSError as error:
            raise Refused(path, f"cannot be cleared: {error.strerror}") from None


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:  # a loop of links: the lexical path stands
        return path


PACKAGE = Path(__file__).parent
PUBLISHED_FOLDERS = ("assets", "templates", "overrides", "theme")
"""The package's folders whose files reach a site: copied (assets) or rendered into every page."""


def package_links() -> list[Refused]:
    """Every link or special file among the package's own files that reach a site. The package is in
    the repository too, so a pull request could add `assets/env.txt -> /proc/self/environ`: copied
    into the site, or read by Jinja into every page, as a link under `docs/` would be."""
    rule = Files(PACKAGE)
    return [problem for name in PUBLISHED_FOLDERS for problem in rule.links(PACKAGE / name)]
