"""The crosswalk: every item of the older evidence that carries a `today` entry, found in one place.

Validation (`library.py`) and the pages (the badges, the Then and now page) both
walk the same items, so the walk lives here, once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .diagnostics import Diagnostic
from .schema import Basis, Findings, Guidance, Role, Standard, Today
from .yamlsafe import Path

KINDS = frozenset({"findings", "guidance", "roles"})
"""The kinds whose items can carry a `today` entry (`entries` below)."""

ROLE_PARTS = ("principles", "responsibilities", "debates")
"""The parts of a role whose items the crosswalk covers."""


@dataclass(frozen=True)
class Entry:
    """One item with a `today` entry: where it is in its record, the item, and the judgement."""

    path: Path
    item: Any
    today: Today
    group: str
    """What the item is, in words: `Finding: Making it happen`, `Advice`, `Principle` ..."""


def entries(model: Any) -> Iterator[Entry]:
    """Every item of `model` that carries a `today` entry, in page order."""
    if isinstance(model, Findings):
        for i, group in enumerate(model.groups):
            for j, behaviour in enumerate(group.behaviours):
                if behaviour.today is not None:
                    yield Entry(("groups", i, "behaviours", j), behaviour, behaviour.today, group.title)
    elif isinstance(model, Guidance):
        for i, advice in enumerate(model.advice):
            if advice.today is not None:
                yield Entry(("advice", i), advice, advice.today, "Advice")
    elif isinstance(model, Role):
        for part in ROLE_PARTS:
            for i, entry in enumerate(getattr(model, part)):
                if entry.today is not None:
                    yield Entry((part, i), entry, entry.today, _ROLE_GROUPS[part])


def theme_of(model: Any, entry: Entry) -> str | None:
    """The theme an entry is filtered by: its own, else its guidance page's."""
    if entry.today.theme:
        return entry.today.theme
    return model.theme if isinstance(model, Guidance) else None


LONGEST_BASIS = 40
"""Words in one quoted basis: a sentence or two of the source, not a passage."""

NOT_ASSESSED = "not assessed"


def problems(library: Any, item: Any, entry: Entry) -> Iterator[Diagnostic]:
    """What no single entry can check alone: a judgement rests only on what the cited standards' records
    state, and its basis quotes the sources those records cite.

    `library` is the `Library` being checked and `item` the `Loaded` record holding the entry (typed
    loosely: the library imports this module)."""
    today = entry.today
    base = (*entry.path, "today")
    judged = today.status != "not-assessed"
    cited: set[str] = set()
    for k, ref in enumerate(today.standards):
        standard, part = _lookup(library, ref)
        if standard is None:
            continue  # an unknown standard is reported by the reference check
        cited.update(c.source for c in standard.sources if c.source)
        if not judged:
            continue
        if standard.expects == NOT_ASSESSED and part is None:
            yield item.at((*base, "standards", k), f"`{ref}` says `expects: not assessed`: the library's source "
                          f"gives only its name, so it can back only a `not-assessed` entry, not `{today.status}`; "
                          "delete it here, or make the entry `not-assessed` with `not_assessed: named-not-described`")
        elif part is not None and part.text == NOT_ASSESSED:
            yield item.at((*base, "standards", k), f"`{ref}` is known only by its title (`text: not assessed`): it "
                          f"can back only a `not-assessed` entry, not `{today.status}`; cite the standard's text "
                          "where its source states what the entry rests on, or make the entry `not-assessed`")
    yield from basis_problems(library, item, base, today.basis, cited, "standards")


def basis_problems(library: Any, item: Any, base: Path, basis: list[Basis], cited: set[str],
                   what: str) -> Iterator[Diagnostic]:
    """A judgement's quoted basis (at `base` in `item`): each from a known source, one of `cited` (the
    sources of the `what` it names) when there are any, and short. Shared by every judgement set beside
    a source: today's standards here, what research says now in `researchnow.py`."""
    for k, quoted in enumerate(basis):
        if quoted.source not in library.sources:
            yield item.at((*base, "basis", k, "source"), f"unknown source `{quoted.source}`: use an id from "
                          "sources.yaml")
        elif cited and quoted.source not in cited:
            yield item.at((*base, "basis", k, "source"), f"`{quoted.source}` is not a source of the {what} this "
                          f"entry names; quote one of: {', '.join(f'`{c}`' for c in sorted(cited))}")
        count = len(quoted.quote.split())
        if count > LONGEST_BASIS:
            yield item.at((*base, "basis", k, "quote"), f"a basis of {count} words: quote at most {LONGEST_BASIS}, "
                          "the sentence the judgement rests on")


def _lookup(library: Any, ref: str) -> tuple[Standard | None, Any]:
    loaded = library.get(ref)
    standard = loaded.model if loaded is not None and isinstance(loaded.model, Standard) else None
    anchor = ref.partition("#")[2]
    if standard is None or not anchor:
        return standard, None
    return standard, next((p for p in standard.parts if p.id == anchor), None)


_ROLE_GROUPS = {"principles": "Principle", "responsibilities": "Responsibility", "debates": "Debate"}


__all__ = ["KINDS", "LONGEST_BASIS", "ROLE_PARTS", "Entry", "basis_problems", "entries", "problems", "theme_of"]
