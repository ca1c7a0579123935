"""Today's standards, and the crosswalk that sets the older evidence beside them.

A `Standard` records what a published standard asks, as far as the library's
source note states it, and no further: where the note is silent the record says
`not assessed`. A `Today` entry, on a finding, a piece of guidance or a role's
principle or responsibility, is the library's own judgement of how that item
reads against the standards now.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .common import Citation, GovUkAddress, Line, Record, Ref, Slug, Strict, Text, Year
from .searchterms import SearchTerms

NotAssessed = Literal["not assessed"]
"""Something the source note does not state. Never fill the gap from memory: write `not assessed`."""

TodayStatus = Literal["holds", "changed", "new-since", "not-assessed"]

STATUS_LABELS: dict[str, str] = {
    "holds": "Still holds",
    "changed": "Changed",
    "new-since": "New since",
    "not-assessed": "Not assessed",
}
"""How each crosswalk status reads on a page."""


class StandardPart(Strict):
    """One of the numbered standards inside a published standard, such as its first of four."""

    id: Slug = Field(description="A stable id for the part, unique in the record, such as `senior-leader`.")
    title: Line = Field(description="What the part asks, in a few words, as the source note states it.")
    text: Text | NotAssessed = Field(
        default="not assessed",
        description="More of what it asks, in your own words, from the source note; `not assessed` where it is silent.",
    )


class Standard(Record):
    """A standard schools are asked to meet today, as far as the library's source note states it."""

    id: Slug = Field(description="The file name without `.yaml`, such as `digital-leadership-and-governance`.")
    title: Line = Field(description="The standard's name, such as `Digital leadership and governance`.")
    page_title: Line | NotAssessed = Field(
        description="The title of the published page the standard comes from, such as "
        "`Digital leadership and governance standards`; `not assessed` if the source note does not give it."
    )
    summary: Text = Field(description="One or two sentences on what the standard covers, in your own words.")
    core: bool = Field(description="Whether it is one of the core standards schools are expected to meet by 2030.")
    version_year: Year | NotAssessed = Field(
        description="The year of the version of the standard's text the record draws on; `not assessed` when "
        "the source note gives no more than the standard's name (then no version of its text is used)."
    )
    version_note: Line | None = Field(
        default=None, description="Which version that is, or why only part of it is used, in a few words."
    )
    checked: Line = Field(
        description="When the facts were checked, such as `versions published to 2025`: the standards change."
    )
    # The page promises "the current text on GOV.UK": a link elsewhere would break that promise.
    url: GovUkAddress = Field(
        description="Where to read the current text on GOV.UK (`https://www.gov.uk/...`). Readers follow it for "
        "anything newer than `checked`.",
    )
    expects: Text | NotAssessed = Field(
        description="What the standard asks of schools, in your own words, as the source note states it; "
        "`not assessed` where the note gives no more than its name."
    )
    why: Text | NotAssessed = Field(
        default="not assessed",
        description="The reasons, benefits or risks the source note gives for it; `not assessed` where it gives none.",
    )
    parts: list[StandardPart] = Field(
        default_factory=list,
        description="The numbered standards inside it, in order, when the source note lists them.",
    )
    parts_note: Text | None = Field(
        default=None, description="What the source says about the parts as a whole, such as the order to do them in."
    )
    sources: list[Citation] = Field(min_length=1, description="The documents the facts come from.")
    search_terms: SearchTerms = Field(default_factory=list)


class Today(Strict):
    """How an item of the older evidence reads against today's standards: the library's judgement."""

    status: TodayStatus = Field(
        description="`holds` (a named standard now expects it), `changed` (the idea holds but the means have "
        "moved on), `new-since` (a standard asks for something the older evidence has no counterpart for), "
        "or `not-assessed` (the source note on the standards does not speak to it)."
    )
    standards: list[Ref] = Field(
        default_factory=list,
        description="The standards the judgement rests on, as `standards/<id>` or `standards/<id>#<part>`. "
        "At least one unless the status is `not-assessed`.",
    )
    reason: Text = Field(
        max_length=700,
        description="One or two sentences in your own words saying why, citing the standard; for `changed`, "
        "say how the means have moved on.",
    )
    theme: Slug | None = Field(
        default=None,
        description="The `theme` facet value this item speaks to, for the Then and now filters. "
        "Guidance items default to their page's theme.",
    )

    @model_validator(mode="after")
    def _cites_a_standard(self) -> Today:
        # A judgement that something holds or changed must say against what.
        if self.status != "not-assessed" and not self.standards:
            raise ValueError(f"a `{self.status}` entry must name at least one standard in `standards`")
        return self
