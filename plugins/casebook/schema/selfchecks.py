"""Self-checks: banks of questions a reader answers in the browser."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Citation, Line, Record, Ref, Slug, Strict, Text

QuestionKind = Literal["practice", "reflection"]
"""How a question is answered: a status for a practice, the reader's own words for a reflection."""


class Question(Strict):
    id: Slug = Field(description="Stable for ever: stored answers are keyed by it.")
    text: Text = Field(description="The question, as the reader sees it. Keep a source's own words when it has them.")
    kind: QuestionKind = Field(
        default="practice",
        description=(
            "How the reader answers. `practice`: something a school does or has, answered `not yet`, "
            "`in progress` or `in place` (\"Is there a written plan for ...?\"). `reflection`: an open "
            "question, answered in the reader's own words, which the reader may flag to act on "
            "(\"What ...?\", \"Who ...?\", \"How ...?\"). Defaults to `practice`, the only kind before "
            "this field existed, so an older file keeps its meaning; changing a question's kind keeps "
            "readers' saved answers (no need to raise `version`)."
        ),
    )
    read_next: list[Ref] = Field(
        default_factory=list,
        description="What to read when a practice is `not yet`, or when the reader flags a reflection to act on.",
    )


class QuestionGroup(Strict):
    id: Slug = Field(description="A stable id for the group, unique in the self-check.")
    title: Line = Field(description="The group's heading.")
    questions: list[Question] = Field(min_length=1, description="The questions of the group.")


class SelfCheck(Record):
    """A bank of self-check questions."""

    id: Slug = Field(description="The file name without `.yaml`: lower-case letters, digits and hyphens.")
    title: Line = Field(description="The self-check's title.")
    summary: Text = Field(description="What the self-check is for and who should answer it.")
    version: int = Field(default=1, ge=1, description="Raise it when questions are removed or their meaning changes.")
    attached_to: Ref | None = Field(
        default=None, description="The page it is the appendix of. Without it, the self-check has a page of its own."
    )
    groups: list[QuestionGroup] = Field(min_length=1, description="The questions, in groups.")
    sources: list[Citation] = Field(min_length=1, description="The documents the questions come from.")
