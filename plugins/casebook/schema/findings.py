"""The cross-case findings of a study."""

from __future__ import annotations

from pydantic import Field

from .common import Citation, Line, Record, Ref, Slug, Strict, Text, Year
from .standards import Today


class Behaviour(Strict):
    id: Slug = Field(description="A stable id for the behaviour, unique in the findings.")
    text: Text = Field(description="What the leaders did, in your own words.")
    schools: list[Ref] = Field(default_factory=list, description="The schools that show this behaviour.")
    today: Today | None = Field(default=None, description="How the behaviour reads against today's standards.")


class FindingGroup(Strict):
    id: Slug = Field(description="A stable id for the group, such as `make-it-happen`.")
    title: Line = Field(description="The group's heading.")
    summary: Text | None = Field(default=None, description="A short introduction to the group.")
    behaviours: list[Behaviour] = Field(min_length=1, description="The behaviours the study found under this heading.")


class Findings(Record):
    """The cross-case findings of a study."""

    id: Slug = Field(description="The file name without `.yaml`: lower-case letters, digits and hyphens.")
    title: Line = Field(description="The page title.")
    summary: Text = Field(description="One or two sentences introducing the findings.")
    evidence_year: Year = Field(description="The year the study was published.")
    groups: list[FindingGroup] = Field(min_length=1, description="The findings, in groups as the study gives them.")
    sources: list[Citation] = Field(min_length=1, description="The documents this page draws on.")
