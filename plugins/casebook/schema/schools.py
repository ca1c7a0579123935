"""A school case study."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from .common import Citation, Facets, Line, NotStated, Quotation, Record, Slug, Strict, Text, Year

_ONLY_NOT_STATED = "^[Nn][Oo][Tt] [Ss][Tt][Aa][Tt][Ee][Dd][.]?$"


def _says_something(text: str) -> str:
    """A part of a case study is shown under its own heading: a heading followed by "not stated" alone
    tells a reader nothing, so a part the source is silent on is written as what the source does say."""
    if re.match(_ONLY_NOT_STATED, text.strip()):
        raise PydanticCustomError("only_not_stated", "a whole part cannot be only `not stated`: say in a "
                                  "sentence what your source does say about it, or what it leaves out")
    return text


Answer = Annotated[Text, AfterValidator(_says_something),
                   Field(json_schema_extra={"not": {"pattern": _ONLY_NOT_STATED}})]
"""The text of a part of a case study: Markdown, and more than `not stated`."""


class SchoolFacts(Strict):
    """The facts panel. Write `not stated` where the source is silent."""

    # Ranges a reader would expect, as constraints so that they reach the JSON Schema too: a share
    # is 0 to 100, a roll a positive whole number, a time in post 0 to 60 years.
    pupils: Annotated[int, Field(ge=1, le=10_000)] | NotStated = Field(
        description="Number of pupils on roll, as the source gives it: a whole number from 1 to 10,000."
    )
    fsm_percent: Annotated[float, Field(ge=0, le=100)] | Annotated[int, Field(ge=0, le=100)] | NotStated = Field(
        description="Share of pupils eligible for free school meals, in per cent (0 to 100)."
    )
    headteacher_years_in_post: (Annotated[float, Field(ge=0, le=60)] | Annotated[int, Field(ge=0, le=60)]
                                | NotStated) = Field(
        description="How long the headteacher had been in post when the evidence was gathered, in years (0 to 60)."
    )
    location: Line | NotStated = Field(description="Where the school is, as precisely as the source says.")
    awards_and_networks: list[Line] = Field(
        default_factory=list, description="Awards, kitemarks and networks the school belongs to."
    )
    notes: dict[Literal["pupils", "fsm_percent", "headteacher_years_in_post", "location"], Line] = Field(
        default_factory=dict,
        description="A note on one fact, shown beside it: what the source says instead of a number, for example.",
    )


class Section(Strict):
    """One part of a case study: the answer to its question in your own words, and any quotations."""

    body: Answer = Field(description="The answer, in your own words, from what your source says.")
    quotations: list[Quotation] = Field(
        default_factory=list, description="Short quotations from the source that belong with this part."
    )


class AdviceItem(Strict):
    """One piece of advice the school offers to others."""

    text: Answer = Field(description="The advice, in your own words or as a quotation.")
    quotation: Quotation | None = Field(
        default=None, description="The source's own words, when the advice is a quotation."
    )


class SchoolSections(Strict):
    """Six questions any case study answers, in this order, whatever the source: a report, an article, your school."""

    context: Section = Field(
        description="What is the school like? Its pupils, staff and area, and where it started from with "
        "technology. (Shown as \"Context\".)"
    )
    how_ict_is_used: Section = Field(
        description="How is technology used? The equipment and software, and what teachers, pupils and "
        "staff do with them day to day. (Shown as \"How is ICT used?\".)"
    )
    where_they_want_to_go: Section = Field(
        description="How does the school decide where it wants to go? Its vision or plan, who shaped it, and "
        "how it judges progress. (Shown as \"How do they know where they want to go with ICT?\".)"
    )
    making_it_happen: Section = Field(
        description="How does it make it happen? Money, time, training, technical support and the steps "
        "taken, in order. (Shown as \"How do they make it happen?\".)"
    )
    who_they_involve: Section = Field(
        description="Who does it involve? Leaders, staff, pupils, parents, governors and partners, and what "
        "each does. (Shown as \"Who do they involve in turning the vision into reality?\".)"
    )
    advice: list[AdviceItem] = Field(
        min_length=1,
        description="What would it advise other schools? One piece of advice an item, at least one. "
        "(Shown as \"Advice to other schools\".)",
    )


class School(Record):
    """A school case study."""

    id: Slug = Field(description="The file name without `.yaml`, such as `school-a`.")
    title: Line = Field(description="The name shown on the page, such as `School A`.")
    summary: Text = Field(description="One or two sentences shown on the school's card in the library.")
    evidence_year: Year | NotStated = Field(
        description=(
            "The year the evidence was gathered or published, such as `2024`. If the source carries no date, "
            "write `not stated` (the page then says \"undated\") and say in `evidence_year_note` what it does "
            "say about when."
        )
    )
    evidence_year_note: Line | None = Field(
        default=None,
        description=(
            "A note shown beside the year: for an undated source, what it says about when (\"speaks of the "
            "pandemic as recent\"); for a dated one, anything a reader should know (\"gathered 2019 to 2021\")."
        ),
    )
    facts: SchoolFacts
    facets: Facets
    # Keyed by the facets that describe the school itself: the ones a reader takes as facts.
    inferred: dict[Literal["phase", "size-band", "setting", "region"], Line] = Field(
        default_factory=dict,
        description=(
            "Facet values that are the library's inference rather than the source's words, keyed by facet id "
            "(`phase`, `size-band`, `setting` or `region`), with the reasoning, shown beside the value as "
            "\"inferred: ...\" (for example `region: The report places the school in the Cumbrian Mountains, "
            "which are in North West England.`). Every such facet the source does not state needs a note here."
        ),
    )
    leadership: Text = Field(description="How leadership of technology works in this school, in your own words.")
    sections: SchoolSections
    sources: list[Citation] = Field(min_length=1, description="The documents this case study draws on.")
