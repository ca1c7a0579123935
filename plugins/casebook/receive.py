"""`casebook receive FILE`: the maintainers' end of a contribution sent as one file (by email, or
pasted from an issue): check it against the library, put it in its folder under a safe name, and
say what to do next. Nothing existing is ever replaced; a file that fails the checks is not placed.

Reading and writing go through `files.Files`, the one rule of every command: no link is followed,
nothing is written inside `docs/` or over an existing file.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import ContentError, Diagnostic
from .files import Files, Refused, shown
from .library import load_library
from .loader import MAX_FILE_BYTES
from .yamlsafe import YamlProblem, parse

KIND = "schools"
"""The kind of record a received file is: the Add your school page writes school files."""

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass
class Received:
    """What became of a received file: where it was put, or the problems that kept it out."""

    target: Path | None = None
    problems: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)


def safe_name(data: object) -> str | None:
    """The file name a received record goes under: its `id` when that is an id, else one made from its
    title (lower-case words joined by hyphens), else None."""
    if not isinstance(data, dict):
        return None
    record_id = data.get("id")
    if isinstance(record_id, str) and _SLUG.match(record_id) and len(record_id) <= 80:
        return record_id
    title = data.get("title")
    words = re.findall(r"[a-z0-9]+", title.lower()) if isinstance(title, str) else []
    made = "-".join(words)[:80].strip("-")
    return made or None


def receive(received: Path, project: Path, content: Path) -> Received:
    """Check `received` as a school file of the library in `content` (inside `project`), and put it in
    `content/schools/` when it passes. Raises `Refused` for a file that cannot be read or placed."""
    outcome = Received()
    at = received.absolute()
    if at.is_file() and not at.is_symlink() and at.stat().st_size > MAX_FILE_BYTES:
        raise Refused(received, f"is {at.stat().st_size // 1024} KB; a content file may be at most "
                      f"{MAX_FILE_BYTES // 1024} KB")
    raw = Files(at.parent).read_bytes(at)  # a link, a folder or a device is refused, unread
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise Refused(received, "is not UTF-8 text; ask the sender for the file the Add your school page "
                      "downloads") from None
    try:
        data = parse(text).data
    except YamlProblem as error:
        outcome.problems.append(f"{shown(received)}:{error.line}:{error.column}: error: {error.message}")
        return outcome
    name = safe_name(data)
    if name is None:
        outcome.problems.append(f"{shown(received)}:1:1: error: the file gives no `id` and no `title` to name it by; "
                                "it is not a school's file")
        return outcome
    target = content / KIND / f"{name}.yaml"
    files = Files(project, docs=project / "docs")
    if target.exists() or target.is_symlink():
        raise Refused(target, f"already exists: a school with the id `{name}` is in the library. Nothing was "
                      "replaced. If this is a new school, change `id:` in the received file (such as "
                      f"`id: {name}-2`) and run `casebook receive` again")
    outcome.problems = _check(text, content, target, shown(received))
    if outcome.problems:
        return outcome
    files.folder(target.parent)
    outcome.target = files.write_bytes(target, text.encode("utf-8"))
    where = shown(outcome.target)
    outcome.next_steps = [
        f"Look at it: `mkdocs serve`, then /case-studies/{name}/ (and its source on /sources/ if it brings a new one).",
        "Check the facts against the source it names, and that quotations are word for word.",
        f"Commit it on a branch and open a pull request: `git add {where}`, crediting the sender.",
    ]
    return outcome


def _check(text: str, content: Path, target: Path, received: str) -> list[str]:
    """The problems of the file as `casebook validate` reports them, found in a scratch copy of the
    content folder with the file in its place (the real folder is not touched until it passes), each
    naming the received file."""
    with tempfile.TemporaryDirectory(prefix="casebook-receive-") as scratch:
        copy = Path(scratch) / content.name
        shutil.copytree(content, copy, symlinks=True)
        placed = copy / KIND / target.name
        placed.write_text(text, encoding="utf-8")
        try:
            load_library(copy, Path(scratch))
        except ContentError as error:
            mine = f"{content.name}/{KIND}/{target.name}"
            found: list[Diagnostic] = [d for d in error.diagnostics if d.path == mine]
            if not found:  # the library itself has problems: say so rather than place a file in it
                return [str(d) for d in error.diagnostics]
            return [str(d).replace(mine, received, 1) for d in found]
    return []


__all__ = ["Received", "receive", "safe_name"]
