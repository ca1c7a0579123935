"""The crosswalk as rows: what the Then and now page lists, and what each standard's page shows.

Rows hold references (`guidance/<id>#<item>`), not URLs, so one set of rows serves
every page; templates turn them into links with the page's own helpers.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import crosswalk
from ..library import Library
from ..schema import NOT_ASSESSED_REASONS, STATUS_LABELS, Standard, StandardPart

STATUS_ORDER = ("holds", "changed", "new-since", "not-assessed")

KNOWN_BY_NAME = "known-by-name"
"""Why a standard, or part of one, found from the data is not assessed: the library's source gives only its
name or title, and such a standard backs only "not assessed" (`crosswalk.problems`), so it cannot be called
new since either."""

KNOWN_BY_NAME_REASON = ("Not assessed: the library's source note on the DfE standards gives only {what}, so the "
                        "library judges no item of the older evidence against it.")
"""The reason a computed row gives for `KNOWN_BY_NAME`, written here as `NOT_ASSESSED_REASONS` are for items."""

WHY_NOT_ASSESSED = ("no-standard", "named-not-described", KNOWN_BY_NAME)
"""The reasons a row is not assessed, in the order the summary gives them."""

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclass(frozen=True)
class Row:
    """One line of the crosswalk: an item of the older evidence, or a standard nothing matches."""

    key: str
    """A stable id for the row's `article`, unique on the page."""
    ref: str
    """The item (`guidance/<id>#<item>`) or, for a standard nothing matches, the standard."""
    record: str
    """The record the item belongs to (`guidance/<id>`), or the standard."""
    kind: str
    group: str
    title: str
    status: str
    standards: tuple[str, ...]
    reason: str
    theme: str | None
    year: int | str
    """A computed row's standard: its version year. A judged row: the newest year of its own evidence."""
    evidence: tuple[str, ...] = ()
    """What the item itself cites (`schools/...`, `sources/...`, `findings/...`): its own evidence,
    not its page's, so the row's years are the item's (issue 28: the page's newest year was shown)."""
    years: tuple[int, ...] = ()
    """The distinct dated years of `evidence`, oldest first."""
    undated: bool = False
    """Some of `evidence` carries no date."""
    computed: bool = False
    """True for a standard found from the data, not judged: one with no counterpart in the evidence, or one
    the library knows only by name or title."""
    not_assessed: str | None = None
    """A not-assessed row's reason, as a choice (`WHY_NOT_ASSESSED`)."""

    @property
    def when(self) -> str:
        """The row's own evidence in words: "evidence from 2007", "evidence from 2007, 2014 and an
        undated source", "undated evidence"."""
        if not self.years:
            return "undated evidence"
        parts = [str(y) for y in self.years] + (["an undated source"] if self.undated else [])
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"evidence from {listed}"

    @property
    def standard_ids(self) -> list[str]:
        """The standards cited, without their parts, each once."""
        return list(dict.fromkeys(ref.partition("/")[2].partition("#")[0] for ref in self.standards))


class ThenAndNow:
    """Every crosswalk row of a library, found once per build."""

    def __init__(self, library: Library) -> None:
        self.library = library

    @functools.cached_property
    def standards(self) -> list[Standard]:
        """The standards, core ones first, in the order of their files."""
        models = self.library.models("standards")
        return sorted(models, key=lambda s: not s.core)

    def _judged(self) -> Iterator[tuple[str, Any, crosswalk.Entry]]:
        """Every item with a `today` entry, with its kind and record, in page order."""
        for kind in ("findings", "guidance", "roles"):
            for model in self.library.models(kind):
                for entry in crosswalk.entries(model):
                    yield kind, model, entry

    @functools.cached_property
    def rows(self) -> list[Row]:
        """Judged rows by status then page order; then the standards nothing in the evidence matches."""
        rows: list[Row] = []
        for kind, model, entry in self._judged():
            item = entry.item
            title = getattr(item, "title", None) or getattr(item, "question", None) or first_sentence(item.text)
            cited = item_evidence(kind, model, item)
            dated = [y for y in (_year(self.library, ref) for ref in cited) if isinstance(y, int)]
            rows.append(Row(
                key=f"{kind}-{model.id}-{item.id}",
                ref=f"{kind}/{model.id}#{item.id}",
                record=f"{kind}/{model.id}",
                kind=kind,
                group=entry.group,
                title=title,
                status=entry.today.status,
                standards=tuple(entry.today.standards),
                reason=entry.today.reason,
                theme=crosswalk.theme_of(model, entry),
                year=max(dated) if dated else "not stated",
                evidence=cited,
                years=tuple(sorted(set(dated))),
                undated=len(dated) < len(cited),
                not_assessed=entry.today.not_assessed,
            ))
        rows.sort(key=lambda r: STATUS_ORDER.index(r.status))
        return rows + self._unmatched()

    def _unmatched_targets(self) -> Iterator[tuple[Standard, str, str]]:
        """Each standard, or part of one, that no judged item (other than a not-assessed one) cites."""
        cited = {ref for _, _, entry in self._judged() if entry.today.status != "not-assessed"
                 for ref in entry.today.standards}
        cited_records = {ref.partition("#")[0] for ref in cited}
        for standard in self.standards:
            whole = f"standards/{standard.id}"
            targets = [(f"{whole}#{p.id}", p.title) for p in standard.parts] or [(whole, standard.title)]
            for ref, title in targets:
                if not (ref in cited or (ref == whole and whole in cited_records)):
                    yield standard, ref, title

    def _unmatched(self) -> list[Row]:
        rows = []
        for standard, ref, title in self._unmatched_targets():
            whole = f"standards/{standard.id}"
            what = "this standard" if ref == whole else "this part of the standard"
            if known_by_name(standard, ref):
                status, why = "not-assessed", KNOWN_BY_NAME
                reason = KNOWN_BY_NAME_REASON.format(
                    what="this standard's name" if ref == whole else "this part's title")
            else:
                status, why = "new-since", None
                reason = (f"No finding, advice or role item in the library is matched to {what}: "
                          "the 2007 and 2014 evidence has no counterpart for it in the library's crosswalk.")
            rows.append(Row(
                key=f"standards-{standard.id}-{ref.partition('#')[2] or 'all'}",
                ref=ref, record=whole, kind="standards", group=standard.title, title=title,
                status=status, standards=(ref,), reason=reason,
                theme=None, year=standard.version_year, computed=True, not_assessed=why,
            ))
        return rows

    def why_not_assessed(self) -> list[tuple[str, int, str]]:
        """The summary's account of the not-assessed rows: (choice, how many rows, the reason those rows
        give), written from the same templates as the rows' own reasons, so that the summary says no more than
        they do. `{named}` reads "given with the item"; a computed row's reason is its standard's or part's."""
        counts = Counter(r.not_assessed for r in self.rows if r.status == "not-assessed")
        reasons = {**NOT_ASSESSED_REASONS, KNOWN_BY_NAME: KNOWN_BY_NAME_REASON}
        fill = {"named": "given with the item", "what": "its name or title"}
        return [(why, counts[why], reasons[why].format(**fill).removeprefix("Not assessed: "))
                for why in WHY_NOT_ASSESSED if counts[why]]

    @functools.cached_property
    def counts(self) -> Counter[str]:
        """Rows by status, counted without making the rows (the home page shows the counts only)."""
        counts: Counter[str] = Counter(entry.today.status for _, _, entry in self._judged())
        for standard, ref, _ in self._unmatched_targets():
            counts["not-assessed" if known_by_name(standard, ref) else "new-since"] += 1
        return counts

    def citing(self, ref: str) -> list[Row]:
        """Judged rows that cite `ref` (a standard, or one of its parts), or any part of it when `ref` is whole."""
        whole = "#" not in ref
        return [row for row in self.rows if not row.computed
                and any(s == ref or (whole and s.partition("#")[0] == ref) for s in row.standards)]

    def lookup(self, ref: str) -> tuple[Standard | None, StandardPart | None]:
        """The standard `standards/<id>[#<part>]` names, and the part when it names one."""
        loaded = self.library.get(ref)
        standard = loaded.model if loaded is not None and isinstance(loaded.model, Standard) else None
        part_id = ref.partition("#")[2]
        part = next((p for p in standard.parts if p.id == part_id), None) if standard and part_id else None
        return standard, part

    def facet_values(self) -> dict[str, list[tuple[str, str, int]]]:
        """Each filter of the page: (value, label, count) of the values that occur."""
        status = Counter(r.status for r in self.rows)
        standard = Counter(s for r in self.rows for s in r.standard_ids)
        theme = Counter(r.theme for r in self.rows if r.theme)
        titles = {s.id: s.title for s in self.standards}
        return {
            "status": [(s, STATUS_LABELS[s], status[s]) for s in STATUS_ORDER if status[s]],
            "standard": [(s.id, titles[s.id], standard[s.id]) for s in self.standards if standard[s.id]],
            "theme": [(v.id, v.label, theme[v.id]) for f in self.library.taxonomy.facets if f.id == "theme"
                      for v in f.values if theme[v.id]],
        }

    def facets_of(self, row: Row) -> dict[str, list[str]]:
        """The filter values of a row, as the filter script reads them from `data-facets`."""
        facets = {"status": [row.status], "standard": row.standard_ids}
        if row.theme:
            facets["theme"] = [row.theme]
        return facets


def known_by_name(standard: Standard, ref: str) -> bool:
    """The library's source gives only the name of `ref` (a standard, or one of its parts): its record says
    `expects: not assessed`, or the part's `text: not assessed`."""
    part_id = ref.partition("#")[2]
    if not part_id:
        return standard.expects == crosswalk.NOT_ASSESSED
    return any(p.id == part_id and p.text == crosswalk.NOT_ASSESSED for p in standard.parts)


def item_evidence(kind: str, model: Any, item: Any) -> tuple[str, ...]:
    """What an item of the crosswalk rests on, each once: a piece of advice its `evidence`; a
    finding its study and the schools that show it; a role's item the documents the role cites
    (its items cite nothing of their own)."""
    if kind == "guidance":
        refs = list(item.evidence)
    elif kind == "findings":
        refs = [f"findings/{model.id}", *getattr(item, "schools", [])]
    else:
        refs = [f"sources/{c.source}" for c in model.sources]
    return tuple(dict.fromkeys(ref.partition("#")[0] for ref in refs))


def _year(library: Library, ref: str) -> int | str:
    """The year of one piece of evidence: a document's `year`, a record's `evidence_year`; "not
    stated" when it has none."""
    kind, _, target = ref.partition("/")
    if kind == "sources":
        source = library.sources.get(target)
        return source.year if source else "not stated"
    loaded = library.get(ref)
    year = getattr(loaded.model, "evidence_year", None) if loaded else None
    return year if isinstance(year, int) else "not stated"


def first_sentence(text: str, limit: int = 200) -> str:
    """The opening sentence of a paragraph, as the title of an item that has none."""
    sentence = _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + " ..."
    return sentence


__all__ = ["KNOWN_BY_NAME", "KNOWN_BY_NAME_REASON", "STATUS_ORDER", "WHY_NOT_ASSESSED", "Row", "ThenAndNow",
           "first_sentence", "item_evidence", "known_by_name"]
