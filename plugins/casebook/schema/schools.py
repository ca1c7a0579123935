"""A school case study."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Citation, Facets, Line, NotStated, Quotation, Slug, Strict, Text, Year


class SchoolFacts(Strict):
    """The facts panel. Write `not stated` where the source is silent."""

    pupils: int | NotStated = Field(description="Number of pupils on roll, as the source gives it.")
    fsm_percent: float | int | NotStated = Field(
        description="Share of pupils eligible for free school meals, in per cent (0 to 100)."
    )
    headteacher_years_in_post: float | int | NotStated = Field(
        description="How long the headteacher had been in post when the evidence was gathered, in years."
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
    """One of the report's headings: the text in the library's own words, and quotations."""

    body: Text = Field(description="The section, summarised in your own words.")
    quotations: list[Quotation] = Field(default_factory=list, description="Short quotations from this part.")


class AdviceItem(Strict):
    """One piece of advice the school offers to others."""

    text: Text = Field(description="The advice, in your own words or as a quotation.")
    quotation: Quotation | None = Field(
        default=None, description="The source's own words, when the advice is a quotation."
    )


class SchoolSections(Strict):
    """The report's six headings, in the report's order."""

    context: Section = Field(description="Context: the school, its area and its people.")
    how_ict_is_used: Section = Field(description="How is ICT used?")
    where_they_want_to_go: Section = Field(description="How do they know where they want to go with ICT?")
    making_it_happen: Section = Field(description="How do they make it happen?")
    who_they_involve: Section = Field(description="Who do they involve in turning the vision into reality?")
    advice: list[AdviceItem] = Field(min_length=1, description="Is there any advice they can offer to other schools?")


class School(Strict):
    """A school case study."""

    id: Slug = Field(description="The file name without `.yaml`, such as `school-a`.")
    title: Line = Field(description="The name shown on the page, such as `School A`.")
    summary: Text = Field(description="One or two sentences shown on the school's card in the library.")
    evidence_year: Year = Field(description="The year the evidence was gathered or published.")
    facts: SchoolFacts
    facets: Facets
    leadership: Text = Field(description="How leadership of technology works in this school, in your own words.")
    sections: SchoolSections
    sources: list[Citation] = Field(min_length=1, description="The documents this case study draws on.")
