"""What research says now: every item that carries a `research` entry, found in one place, and the
checks no single entry can make alone.

The same discipline as the standards crosswalk (`crosswalk.py`): validation (`library.py`) and the
pages (the theme and CPD pages, the research page) walk the same items, and a judgement's quoted
basis is checked by the crosswalk's own `basis_problems`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .crosswalk import basis_problems
from .diagnostics import Diagnostic
from .schema import CpdModel, Guidance, Research, ResearchNow
from .schema.judgement import NOT_ASSESSED
from .yamlsafe import Path

KINDS = ("guidance", "cpd")
"""The kinds whose items can carry a `research` entry, in the order the research page lists them."""


@dataclass(frozen=True)
class Entry:
    """One item with a `research` entry: where it is in its record, the item, and the judgement."""

    path: Path
    """Where the item is in its record: `("advice", 2)`, or `()` for a whole CPD model."""
    item: Any
    research: ResearchNow
    group: str
    """What the item is, in words: `Advice`, `CPD model`."""


def entries(model: Any) -> Iterator[Entry]:
    """Every item of `model` that carries a `research` entry, in page order."""
    if isinstance(model, Guidance):
        for i, advice in enumerate(model.advice):
            if advice.research is not None:
                yield Entry(("advice", i), advice, advice.research, "Advice")
    elif isinstance(model, CpdModel) and model.research is not None:
        yield Entry((), model, model.research, "CPD model")


def problems(library: Any, item: Any, entry: Entry) -> Iterator[Diagnostic]:
    """A `meets` entry rests only on what the cited research records state: its basis quotes the sources
    those records cite, and a recommendation known only by its title is quoted by that title.

    `library` is the `Library` being checked and `item` the `Loaded` record holding the entry."""
    research = entry.research
    base = (*entry.path, "research")
    judged = research.status != NOT_ASSESSED
    cited: set[str] = set()
    for k, ref in enumerate(research.recommendations):
        record, recommendation = lookup(library, ref)
        if record is None:
            continue  # an unknown record is reported by the reference check
        cited.update(c.source for c in record.sources if c.source)
        if judged and "#" not in ref:
            yield item.at((*base, "recommendations", k), f"`{ref}` names the whole of `{record.id}`: a `meets` "
                          "entry names the recommendation it meets, as `research/<id>#<recommendation>`")
        elif judged and recommendation is not None and recommendation.text == "not assessed" and not any(
                _words(recommendation.quote) in _words(b.quote) for b in research.basis):
            yield item.at((*base, "recommendations", k), f"`{ref}` is known only by its title (`text: not "
                          f"assessed`): a `meets` entry citing it must quote that title in `basis` "
                          f"(\"{recommendation.quote}\"), or be `not-assessed` with `not_assessed: title-only`")
    yield from basis_problems(library, item, base, research.basis, cited, "research")


def lookup(library: Any, ref: str) -> tuple[Research | None, Any]:
    """The research record `research/<id>[#<recommendation>]` names, and the recommendation when it names one."""
    loaded = library.get(ref)
    record = loaded.model if loaded is not None and isinstance(loaded.model, Research) else None
    anchor = ref.partition("#")[2]
    if record is None or not anchor:
        return record, None
    return record, next((r for r in record.recommendations if r.id == anchor), None)


def _words(text: str) -> str:
    return " ".join(text.lower().rstrip(".").split())


__all__ = ["KINDS", "Entry", "entries", "lookup", "problems"]
