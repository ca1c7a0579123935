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


def nav_paths(nav: Sequence[object]) -> list[str]:
    """Every page path a `mkdocs.yml` navigation names (`case-studies/index.md` ...), not external links:
    with content errors, these addresses show the list of errors too."""
    found: list[str] = []
    for item in nav:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            if isinstance(value, list):
                found += nav_paths(value)
            elif isinstance(value, str) and value.endswith(".md") and "://" not in value:
                found.append(value)
    return found


def error_banner(count: int, link: str) -> str:
    """The banner over a hand-written page while the content has `count` errors, linking to their list."""
    return (f'<div class="admonition failure cb-content-errors-banner" role="alert"><p>The content has '
            f'{count} error{"s" if count != 1 else ""}, so the library\'s pages are not built: '
            f'<a href="{link}">see every error, with its file and line</a>.</p></div>\n')


def error_site(diagnostics: Sequence[Diagnostic], content: Path, nav: Sequence[object], present: set[str],
               linker: Linker) -> list[Page]:
    """The pages that stand in for the library while its content has errors: one at each address of
    a generated page (each content file's page, the navigation's pages) that no file in `present`
    holds, each listing every error. The first is where other pages' banners link (`error_banner`)."""
    paths = [p for p in error_paths(content, nav_paths(nav)) if p not in present]
    return error_pages(diagnostics, paths, linker)
