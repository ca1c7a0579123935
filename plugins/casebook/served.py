"""The package's browser files as the site serves them: its own JavaScript without comments, its own
stylesheets without comments.

The modules carry their types as JSDoc comments for editors and say why in comments (there is no
build step to run a compiler); readers download every byte of them, against a budget of 15 KB a
page (tests/browser/test_budget.py), so what is served leaves out JSDoc blocks, whole-line `//`
comments and the stylesheets' `/* */` comments. Nothing else changes: line breaks, indents and code
stay as written, so an error's line in the browser is still easy to find in the source.

Vendored code (`assets/vendor/`) is served as `make vendor` minified it from the lock. A real
minifier is not used here: the site must build with Python alone, and rjsmin (the well-kept Python
one) corrupts a template literal nested in another's `${}`, which the modules use.
"""

from __future__ import annotations

import re
from pathlib import Path

_JSDOC = re.compile(r"^[ \t]*/\*\*.*?\*/[ \t]*\n", re.S | re.M)
"""A `/** ... */` block that starts a line and ends one (never one inside a line of code)."""

_LINE_COMMENT = re.compile(r"^[ \t]*//")
_BACKTICK = re.compile(r"(?<!\\)`")
_CHAR_CLASS = re.compile(r"(?<=/)\[[^\]\s]*\]")
"""A character class that starts a regular expression, `/[*`]/`: its backtick opens no template."""

_CSS = re.compile(r"""("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')|/\*.*?\*/[ \t]*\n?""", re.S)
"""A CSS string (kept) or comment (left out, with the rest of its line when it ends one)."""


def without_jsdoc(source: str) -> str:
    """`source` without its JSDoc blocks."""
    return _JSDOC.sub("", source)


def without_comments(source: str) -> str:
    """JavaScript `source` without its JSDoc blocks and whole-line `//` comments. A line inside a
    template literal is text, not a comment, and is kept: backticks are counted on the code lines
    before it (a template nested in another's `${}` opens and closes, so the count stays right)."""
    kept: list[str] = []
    inside = False
    for line in without_jsdoc(source).splitlines(keepends=True):
        if not inside and _LINE_COMMENT.match(line):
            continue
        kept.append(line)
        if len(_BACKTICK.findall(_CHAR_CLASS.sub("", line))) % 2:
            inside = not inside
    return "".join(kept)


def css_without_comments(source: str) -> str:
    """CSS `source` without its comments (strings, which may hold `/*`, are kept)."""
    return _CSS.sub(lambda m: m.group(1) or "", source)


def served(path: Path, assets: Path) -> str | None:
    """The text the site serves for `path` (under `assets`), or None when it is served as it is."""
    if "vendor" in path.relative_to(assets).parts:
        return None
    if path.suffix == ".js":
        return without_comments(path.read_text(encoding="utf-8"))
    if path.suffix == ".css":
        return css_without_comments(path.read_text(encoding="utf-8"))
    return None

