"""Self-checks: banks of questions a reader answers in the browser."""

from __future__ import annotations

from pydantic import Field

from .common import Citation, Line, Ref, Slug, Strict, Text


class Question(Strict):
    id: Slug = Field(description="Stable for ever: stored answers are keyed by it.")
    text: Text = Field(description="The question; readers answer it `not yet`, `in progress` or `in place`.")
    read_next: list[Ref] = Field(default_factory=list, description="What to read when the answer is `not yet`.")


class QuestionGroup(Strict):
    id: Slug = Field(description="A stable id for the group, unique in the self-check.")
    title: Line = Field(description="The group's heading.")
    questions: list[Question] = Field(min_length=1, description="The questions of the group.")


class SelfCheck(Strict):
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
