"""Content errors in the one format every tool prints: `path:line:col: error: message`."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO

REPEATS_SHOWN = 5
"""How many times one message is printed before the rest are counted: a mistake copied into
thousands of files must not bury every other message (5,000 bad files printed 40,000 lines)."""


_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f"  # C0 controls (ESC, CR, newline, tab ...), DEL and the C1 controls
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional marks, embeddings, overrides, isolates
    "\u2028\u2029"  # the line and paragraph separators
    "\ud800-\udfff]"  # lone surrogates: a file name that is not UTF-8, as Python decodes it
)


def printable(text: str) -> str:
    """`text` safe to print on a terminal, on one line: every control character, line separator,
    bidirectional control and lone surrogate written as an escape (`\\x1b`, `\\n`, `\\u202e`).

    A file name or a contributed value is echoed into messages; raw, an escape sequence or a
    carriage return could draw "ok" over an error, and a newline could add fake diagnostic lines.
    Every message a command prints to a terminal goes through here (diagnostics do in `__str__`).
    """
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    named = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
    return named.get(code) or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")


def say(message: object, file: TextIO | None = None) -> None:
    """Print one line of a command's messages, made `printable` (a newline in it is escaped too:
    print two lines with two calls)."""
    print(printable(str(message)), file=file or sys.stdout)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one content file. Lines and columns count from 1."""

    path: str
    line: int
    column: int
    message: str
    severity: str = "error"  # or "warning": kept, but reported (an error under `--strict`)

    def __str__(self) -> str:
        return printable(f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}")


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
            lines.append(printable(f"  ... and {more:,} more like this, the last in {last[key].path}:{last[key].line}"))
    return lines


class ContentError(Exception):
    """Raised when content is invalid; carries every diagnostic of the run, not only the first."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(set(diagnostics))
        count = sum(d.severity == "error" for d in self.diagnostics)
        summary = f"{count} content error{'s' if count != 1 else ''}"
        super().__init__("\n".join([summary, *capped(self.diagnostics)]))
