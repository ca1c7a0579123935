"""The rules every judgement set beside a source follows, whatever it is set beside.

Today's standards (`standards.Today`) and what research says now (`research.ResearchNow`) are
both the library's judgement of an item of its older evidence. Each status carries the fields that
make it checkable and no others: a judgement that rests on a source quotes it (`basis`), and a
`not-assessed` one gives its reason as a choice, written out by the library, never as free prose
that could claim what the source does or does not say. The rules live here once; each kind of
judgement says what it is judged against (`Rules`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NOT_ASSESSED = "not-assessed"


@dataclass(frozen=True)
class Rules:
    """What one kind of judgement is set beside, for its messages and its written reasons."""

    targets: str
    """The field naming what the judgement rests on, such as `standards`."""
    noun: str
    """One of those, in words: `standard`, `recommendation`."""
    choices: str
    """The `not_assessed` choices, in words, for the message when none is given."""
    reasons: dict[str, str]
    """The reason each `not_assessed` choice writes; `{named}` takes the entry's `named`."""
    named_choice: str
    """The `not_assessed` choice that `named` goes with."""
    notes: dict[str, str] = field(default_factory=dict)
    """A status that must say what differs, and the message when it does not (`changed`: ...)."""


def fit_status(entry: Any, rules: Rules) -> None:
    """Raise `ValueError` where `entry`'s fields do not fit its status; write a `not-assessed` entry's
    reason from its choice."""
    status = entry.status
    if status != NOT_ASSESSED and not getattr(entry, rules.targets):
        raise ValueError(f"a `{status}` entry must name at least one {rules.noun} in `{rules.targets}`")
    if status == NOT_ASSESSED:
        if entry.not_assessed is None:
            raise ValueError(f"a `not-assessed` entry needs {rules.choices}")
        if "reason" in entry.model_fields_set:
            raise ValueError("a `not-assessed` entry's reason is written from `not_assessed`: delete `reason`")
        if entry.basis:
            raise ValueError(f"a `not-assessed` entry rests on no {rules.noun}'s words: delete `basis`")
        if entry.named is not None and entry.not_assessed != rules.named_choice:
            raise ValueError(f"`named` goes with `not_assessed: {rules.named_choice}` only")
        named = entry.named or f"a {rules.noun} that covers this"
        object.__setattr__(entry, "reason", rules.reasons[entry.not_assessed].format(named=named))
        return
    if entry.not_assessed is not None or entry.named is not None:
        raise ValueError(f"`not_assessed` and `named` go with `status: not-assessed` only, not `{status}`")
    if "reason" not in entry.model_fields_set:
        raise ValueError(f"a `{status}` entry needs a `reason` in your own words")
    if not entry.basis:
        raise ValueError(f"a `{status}` entry needs a `basis`: the words of the {rules.noun} it rests on, "
                         "quoted from its source")
    for noted, missing in rules.notes.items():
        if status == noted and getattr(entry, noted) is None:
            raise ValueError(missing)
        if status != noted and getattr(entry, noted) is not None:
            raise ValueError(f"`{noted}` goes with `status: {noted}` only, not `{status}`")


__all__ = ["NOT_ASSESSED", "Rules", "fit_status"]
