"""Content errors as pages, for `mkdocs serve`: the browser shows what is wrong instead of waiting.

A failed build under `mkdocs serve` leaves the browser waiting for a site that never
comes, and a contributor with a half-filled file sees nothing. So while serving, a
broken library is not rendered; instead every address where a generated page would
be answers with one page listing every content error, each with its file, line and
column, and the field reference (a hand-written page) still builds. `mkdocs build`
is not affected: there, content errors fail the build.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from ..diagnostics import Diagnostic
from ..loader import content_files
from ..schema import RECORD_KINDS
from .base import Page
from .links import Linker
from .pages import TEMPLATES
from .site import FOLDERS, page_path

TITLE = "The content has errors"
_CODE = re.compile(r"`([^`]+)`")


def error_paths(content: Path, also: Iterable[str] = ()) -> list[str]:
    """Where a generated page would be: each record file's page (by its file name, which is its id
    when valid), and `also` (the pages of the last good build, the navigation's pages)."""
    paths = dict.fromkeys(also)
    for path, kind in content_files(content):
        if kind in RECORD_KINDS and kind in FOLDERS:
            paths[page_path(kind, path.stem)] = None
    return list(paths)


def error_pages(diagnostics: Sequence[Diagnostic], paths: Iterable[str], linker: Linker) -> list[Page]:
    """The same error page at each of `paths`, its links relative to where it is."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["message"] = _message
    template = env.get_template("content-errors.md.j2")
    return [Page(path, TITLE, f'---\ntitle: "{TITLE}"\n---\n\n' + template.render(
        diagnostics=diagnostics, reference=linker.link("contributing/reference.md", path),
        guide=linker.link("contributing.md", path, "messages")), None) for path in paths]


def _message(text: str) -> Markup:
    """A message as HTML: escaped (it may quote contributed text), its `code` spans as <code>."""
    return Markup(_CODE.sub(r"<code>\1</code>", str(escape(text))))
