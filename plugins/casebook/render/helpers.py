"""What templates call while a page is rendered: links bound to the page (`h`), and filters."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from ..schema import CpdModel, SelfCheck
from .site import KIND_NAMES, LIBRARIES, SOURCES, page_path
from .thenandnow import first_sentence

if TYPE_CHECKING:
    from .base import RenderContext


class PageHelpers:
    """Link helpers bound to the page being rendered, for use in templates as `h`."""

    def __init__(self, renderer: RenderContext, current: str) -> None:
        self.renderer = renderer
        self.library = renderer.library
        self.current = current

    def url(self, path: str, fragment: str = "") -> str:
        return self.renderer.linker.link(path, self.current, fragment)

    def ref_url(self, ref: str) -> str:
        kind, _, rest = ref.partition("/")
        target, _, fragment = rest.partition("#")
        if kind == "sources":
            return self.url(SOURCES, target)
        loaded = self.library.get(ref)
        if kind == "self-checks" and loaded is not None and loaded.model.attached_to:  # type: ignore[attr-defined]
            return self.ref_url(loaded.model.attached_to) .split("#")[0] + "#self-check"  # type: ignore[attr-defined]
        return self.url(page_path(kind, target), fragment)

    def ref_title(self, ref: str) -> str:
        kind, _, rest = ref.partition("/")
        target, _, fragment = rest.partition("#")
        if kind == "sources":
            source = self.library.sources.get(target)
            return source.title if source else target
        loaded = self.library.get(ref)
        title = loaded.model.title if loaded else target  # type: ignore[attr-defined]
        if fragment and loaded:
            part = _find_part(loaded.model, fragment) if fragment in self.library.anchors(loaded) else None
            if part:
                return f"{title}: {part}"
        return title

    def ref_kind(self, ref: str) -> str:
        return KIND_NAMES.get(ref.partition("/")[0], ("source", "sources"))[0]

    def filter_url(self, kind: str, facet: str, value: str) -> str:
        library_kind = kind if kind in LIBRARIES else "schools"
        # The fragment lands the reader on the results (filters.js), and with JavaScript off it shows
        # the library's note of what the link asked for (`:target`).
        return f"{self.url(LIBRARIES[library_kind])}?{facet}={value}#f-{facet}-{value}"

    def library_url(self, kind: str) -> str:
        return self.url(LIBRARIES[kind])

    def record_url(self, kind: str, record_id: str) -> str:
        return self.url(page_path(kind, record_id))

    def source_url(self, source_id: str) -> str:
        return self.url(SOURCES, source_id)

    def self_check(self, ref: str) -> SelfCheck | None:
        return self.library.self_check_for(ref)

    def backlinks(self, ref: str) -> dict[str, list[Any]]:
        """What links to `ref`, grouped by kind, each record once."""
        grouped: dict[str, dict[str, Any]] = {}
        for backlink in self.library.linked_from(ref):
            model = backlink.record.model
            if isinstance(model, SelfCheck) and model.attached_to == ref:
                continue
            if backlink.record.kind == "routes":
                continue  # a route is a reading list, shown by its own bar on the page, not a reference
            grouped.setdefault(backlink.record.kind, {})[model.id] = model  # type: ignore[attr-defined]
        return {kind: list(models.values()) for kind, models in grouped.items()}

    def facet_data(self, record: Any) -> Markup:
        return json_attr(filter_facets(record))

    def card_facets(self, record: Any) -> list[tuple[str, str, str]]:
        """(facet id, value id, label) for each facet value shown on a card."""
        shown = []
        for facet in self.library.taxonomy.facets:
            for value in getattr(record, "facets", {}).get(facet.id, []):
                shown.append((facet.id, value, self.library.label(facet.id, value)))
        return shown

    def filter_groups(self, records: Sequence[Any]) -> list[tuple[Any, list[tuple[Any, int]]]]:
        """Each filterable facet with the values that occur in `records`, and how many records have each."""
        groups = []
        for facet in self.library.taxonomy.facets:
            if not facet.filter:
                continue
            counts = [(value, sum(value.id in filter_facets(r).get(facet.id, []) for r in records))
                      for value in facet.values]
            counts = [(value, n) for value, n in counts if n]
            if counts:
                groups.append((facet, counts))
        return groups

    def filter_count(self, kind: str, facet_id: str, value_id: str) -> int:
        """How many records of `kind` a library link filtered by one value would show."""
        counts = self.renderer.filter_counts.get(kind)
        if counts is None:
            # Counted once per kind: asked from every guidance page, a count each time would make
            # the build quadratic in the number of records.
            counts = Counter((facet, value) for r in self.library.models(kind)
                             for facet, values in filter_facets(r).items() for value in set(values))
            self.renderer.filter_counts[kind] = counts
        return counts[(facet_id, value_id)]

    def search_text(self, record: Any) -> str:
        return f"{record.title} {record.summary}".lower()

    def question_count(self, check: SelfCheck) -> int:
        return sum(len(group.questions) for group in check.groups)

    def self_check_url(self, check: SelfCheck) -> str:
        if check.attached_to:
            return self.ref_url(check.attached_to).split("#")[0] + "#self-check"
        return self.url(page_path("self-checks", check.id), "self-check")

    def self_check_owner(self, check: SelfCheck) -> str:
        return self.ref_title(check.attached_to) if check.attached_to else check.title

    def self_checks_json(self, checks: Sequence[SelfCheck]) -> Markup:
        """What the action plan and hub scripts need to know about every self-check."""
        data = [
            {
                "id": check.id,
                "version": check.version,
                "title": check.title,
                "url": self.self_check_url(check),
                "groups": [
                    {
                        "title": group.title,
                        "questions": [
                            {
                                "id": q.id,
                                "text": q.text,
                                "kind": q.kind,
                                "read": [{"title": self.ref_title(r), "url": self.ref_url(r)} for r in q.read_next],
                            }
                            for q in group.questions
                        ],
                    }
                    for group in check.groups
                ],
            }
            for check in checks
        ]
        # An attribute, not a <script> block: Material's instant navigation re-creates inline
        # scripts without their id and type, so a JSON script is lost after the first page view.
        return json_attr(data)


def filter_facets(record: Any) -> dict[str, list[str]]:
    """The facet values a library filters a record by: its facets, and a CPD model's principles,
    which are values of the `pd-principle` facet kept in their own field."""
    facets = dict(getattr(record, "facets", {}))
    if isinstance(record, CpdModel) and record.principles:
        facets["pd-principle"] = list(dict.fromkeys([*facets.get("pd-principle", []), *record.principles]))
    return facets


def _find_part(model: Any, part_id: str) -> str | None:
    for name in ("groups", "advice", "principles", "responsibilities", "qualities", "debates", "parts",
                 "recommendations"):
        for entry in getattr(model, name, []) or []:
            if getattr(entry, "id", None) == part_id:
                # Advice has no title: its opening sentence names it better than its id does.
                text = getattr(entry, "text", None)
                return (getattr(entry, "title", None) or getattr(entry, "label", None)
                        or getattr(entry, "question", None)
                        or (first_sentence(text) if isinstance(text, str) else part_id))
    return None


def fact(value: int | float | str | None, unit: str = "") -> str:
    if value is None or value == "not stated":
        return "Not stated in the source"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value}{unit}"


def evidence_key(record: Any) -> tuple[int, int]:
    """Sort key putting the newest evidence first and undated evidence (`not stated`) last: an
    undated source is not known to be new, so it never goes before a dated one."""
    year = getattr(record, "evidence_year", "not stated")
    return (1, 0) if year == "not stated" else (0, -int(year))


def newest_first(records: Sequence[Any]) -> list[Any]:
    """Records by the year of their evidence, newest first, undated last, ties in their given order."""
    return sorted(records, key=evidence_key)


def json_attr(value: Any) -> Markup:
    """JSON for an HTML attribute value; the template's quotes plus escaping keep it inert."""
    return escape(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
