"""The crosswalk: every item of the older evidence that carries a `today` entry, found in one place.

Validation (`library.py`) and the pages (the badges, the Then and now page) both
walk the same items, so the walk lives here, once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .schema import Findings, Guidance, Role, Today
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


_ROLE_GROUPS = {"principles": "Principle", "responsibilities": "Responsibility", "debates": "Debate"}


__all__ = ["KINDS", "ROLE_PARTS", "Entry", "entries", "theme_of"]
