"""What research says now, as rows: what the research page lists beside each recommendation, and
what a theme page sums up.

Rows hold references (`guidance/<id>#<item>`, `cpd/<id>`), not URLs, so one set of rows serves every
page; templates turn them into links with the page's own helpers.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import researchnow
from ..library import Library
from ..schema import Research
from .thenandnow import first_sentence


@dataclass(frozen=True)
class Row:
    """One item of the library set beside the research."""

    ref: str
    """The item: `guidance/<id>#<advice>`, or `cpd/<id>` for a whole CPD model."""
    record: str
    """The record the item belongs to (`guidance/<id>`)."""
    group: str
    title: str
    status: str
    recommendations: tuple[str, ...]
    reason: str


class ResearchNow:
    """Every item set beside the research, found once per build."""

    def __init__(self, library: Library) -> None:
        self.library = library

    @functools.cached_property
    def reports(self) -> list[Research]:
        """The research records, in the order of their files."""
        return self.library.models("research")

    @functools.cached_property
    def rows(self) -> list[Row]:
        """Every item with a `research` entry, by kind then page order."""
        return [self._row(kind, model, entry) for kind, model, entry in self._judged()]

    def _judged(self) -> Iterator[tuple[str, Any, researchnow.Entry]]:
        for kind in researchnow.KINDS:
            for model in self.library.models(kind):
                for entry in researchnow.entries(model):
                    yield kind, model, entry

    @staticmethod
    def _row(kind: str, model: Any, entry: researchnow.Entry) -> Row:
        item = entry.item
        record = f"{kind}/{model.id}"
        title = getattr(item, "title", None) or first_sentence(item.text)
        return Row(ref=f"{record}#{item.id}" if entry.path else record, record=record, group=entry.group,
                   title=title, status=entry.research.status,
                   recommendations=tuple(entry.research.recommendations), reason=entry.research.reason)

    def citing(self, ref: str, status: str | None = None) -> list[Row]:
        """The rows that name the recommendation `ref`, of one `status` when given."""
        return [row for row in self.rows if ref in row.recommendations and status in (None, row.status)]

    def of_record(self, ref: str) -> list[Row]:
        """The rows of one record (`guidance/<id>`), in page order."""
        return [row for row in self.rows if row.record == ref]

    def met_by(self, ref: str) -> list[tuple[str, list[Row]]]:
        """For one record: each recommendation its items meet, with those items, in the research's order."""
        rows = [row for row in self.of_record(ref) if row.status == "meets"]
        order = [f"research/{r.id}#{rec.id}" for r in self.reports for rec in r.recommendations]
        return [(rec, [row for row in rows if rec in row.recommendations]) for rec in order
                if any(rec in row.recommendations for row in rows)]

    def lookup(self, ref: str) -> tuple[Research | None, Any]:
        """The research record and the recommendation `research/<id>#<recommendation>` names."""
        return researchnow.lookup(self.library, ref)


__all__ = ["ResearchNow", "Row"]
