"""Content errors in the one format every tool prints: `path:line:col: error: message`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one content file. Lines and columns count from 1."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: error: {self.message}"


class ContentError(Exception):
    """Raised when content is invalid; carries every diagnostic of the run, not only the first."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(set(diagnostics))
        count = len(self.diagnostics)
        summary = f"{count} content error{'s' if count != 1 else ''}"
        super().__init__("\n".join([summary, *map(str, self.diagnostics)]))
