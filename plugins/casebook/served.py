"""The package's browser files as the site serves them: its own JavaScript without JSDoc blocks.

The modules carry their types as JSDoc comments for editors (there is no build step to run a
compiler); readers download every byte of them, against a budget of 15 KB, so the blocks are
left out of what is served. Vendored code (`assets/vendor/`) is served as its lock pins it.
"""

from __future__ import annotations

import re
from pathlib import Path

_JSDOC = re.compile(r"^[ \t]*/\*\*.*?\*/[ \t]*\n", re.S | re.M)
"""A `/** ... */` block that starts a line and ends one (never one inside a line of code)."""


def without_jsdoc(source: str) -> str:
    """`source` without its JSDoc blocks."""
    return _JSDOC.sub("", source)


def strips(path: Path, assets: Path) -> bool:
    """Whether the served copy of `path` (under `assets`) leaves out JSDoc blocks."""
    return path.suffix == ".js" and "vendor" not in path.relative_to(assets).parts
