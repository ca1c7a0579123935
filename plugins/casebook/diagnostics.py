"""Content errors in the one format every tool prints: `path:line:col: error: message`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

REPEATS_SHOWN = 5
"""How many times one message is printed before the rest are counted: a mistake copied into
thousands of files must not bury every other message (5,000 bad files printed 40,000 lines)."""


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one content file. Lines and columns count from 1."""

    path: str
    line: int
    column: int
    message: str
    severity: str = "error"  # or "warning": kept, but reported (an error under `--strict`)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"


def capped(diagnostics: Sequence[Diagnostic], shown: int = REPEATS_SHOWN) -> list[str]:
    """The lines to print: every diagnostic, but each repeated message only `shown` times, then
    one line counting the others and naming the last file that has it."""
    counts: dict[tuple[str, str], int] = {}
    last: dict[tuple[str, str], Diagnostic] = {}
    for diagnostic in diagnostics:
        key = (diagnostic.severity, diagnostic.message)
        counts[key] = counts.get(key, 0) + 1
        last[key] = diagnostic
    printed: dict[tuple[str, str], int] = {}
    lines = []
    for diagnostic in diagnostics:
        key = (diagnostic.severity, diagnostic.message)
        printed[key] = printed.get(key, 0) + 1
        if printed[key] <= shown:
            lines.append(str(diagnostic))
        if printed[key] == shown and counts[key] > shown:
            more = counts[key] - shown
            lines.append(f"  ... and {more:,} more like this, the last in {last[key].path}:{last[key].line}")
    return lines


class ContentError(Exception):
    """Raised when content is invalid; carries every diagnostic of the run, not only the first."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(set(diagnostics))
        count = sum(d.severity == "error" for d in self.diagnostics)
        summary = f"{count} content error{'s' if count != 1 else ''}"
        super().__init__("\n".join([summary, *capped(self.diagnostics)]))
