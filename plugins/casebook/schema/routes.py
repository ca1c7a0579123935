"""A route: an ordered path through the library for one kind of reader (a start on the home page,
or the study route a course tutor reorders by pull request)."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from .common import Line, Record, Ref, Slug, Strict, Text

SitePage = Literal[
    "case-study-library", "guidance-library", "cpd-library", "self-check-hub", "action-plan", "where-we-stand",
    "glossary", "sources", "about", "contributing", "field-reference", "add-your-school",
]
"""Pages of the site that are not records, by name (see `render/routes.py` for where each lives)."""


class Step(Strict):
    """One step of a route: a record or a page of the site, and why to read it."""

    # Exactly one of `ref` and `page`: said in the JSON Schema too, for editors and `casebook new`.
    model_config = ConfigDict(json_schema_extra={"oneOf": [{"required": ["ref"]}, {"required": ["page"]}]})

    ref: Ref | None = Field(
        default=None,
        description="The record to read, as `kind/id` (optionally `#part`), such as `schools/school-a`.",
    )
    page: SitePage | None = Field(
        default=None,
        description="A page of the site that is not a record, such as `action-plan` or `contributing`.",
    )
    title: Line | None = Field(
        default=None, description="The step's title; the target's own title when left out."
    )
    why: Text = Field(description="What the page holds, in a sentence or two, in words its own summary or "
                      "headings use: a step may say only what its page says.")
    advice: Text | None = Field(
        default=None,
        description="The route's own advice at this step (what to look for, what to compare), shown as the "
        "route's suggestion, apart from what the page holds.",
    )

    @model_validator(mode="after")
    def _one_target(self) -> Step:
        if (self.ref is None) == (self.page is None):
            raise ValueError("give exactly one of `ref` (a record) or `page` (a page of the site)")
        return self


class Route(Record):
    """An ordered path through the library. Reorder the steps to change the route."""

    id: Slug = Field(description="The file name without `.yaml`, such as `study`.")
    title: Line = Field(description="The route's title, such as `I am studying`.")
    reader: Line = Field(description="Who the route is for, such as `a course participant`.")
    summary: Text = Field(description="One or two sentences shown on the home page under the start's title.")
    order: int = Field(default=100, ge=0, le=1000, description="Where the start stands on the home page: lower first.")
    progress: bool = Field(
        default=False,
        description=(
            "Show `step k of n` with previous and next links and a `mark as read` control on every page of the "
            "route, and the reader's progress on the route page (the study route)."
        ),
    )
    steps: list[Step] = Field(min_length=1, description="The steps, in the order a reader takes them.")
